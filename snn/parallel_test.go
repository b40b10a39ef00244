package snn

import (
	"context"
	"github.com/gosnn/gosnn/snn/rng"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

// withProcs runs f with GOMAXPROCS set to procs.
func withProcs(t *testing.T, procs int, f func()) {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	f()
}

// forced is the tuning that makes every phase of a step parallel however
// small the network, so that small test networks exercise the multi-core
// paths.
var forced = tuning{minEvents: 1, minNeurons: 16}

// forceParallel returns cfg with the forced tuning when force is true.
func forceParallel(cfg Config, force bool) Config {
	if force {
		cfg.tuning = forced
	}
	return cfg
}

func runSpikes(t *testing.T, cfg Config, steps int) Spikes {
	t.Helper()
	_, res := runNetwork(t, cfg, steps)
	return res.Spikes
}

// runNetwork builds cfg's network and runs it for steps steps.
func runNetwork(t *testing.T, cfg Config, steps int) (*Network, *Result) {
	t.Helper()
	net, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	res, err := net.Run(context.Background(), steps, nil)
	if err != nil {
		t.Fatal(err)
	}
	return net, res
}

// The tutorial's seed-0 run gives NumPy's 7648 spikes, and the same
// spikes, on 1, 2 and 8 cores with every phase split across goroutines.
func TestTutorialSameSpikesAnyGOMAXPROCS(t *testing.T) {
	var ref Spikes
	for _, procs := range []int{1, 2, 8} {
		withProcs(t, procs, func() {
			got := runSpikes(t, forceParallel(Tutorial(DefaultTutorial()), true), 1000)
			if len(got) != 7648 {
				t.Errorf("GOMAXPROCS=%d: %d spikes, want the tutorial's 7648", procs, len(got))
			}
			if ref == nil {
				ref = got
			} else if !slices.Equal(got, ref) {
				t.Errorf("GOMAXPROCS=%d: spikes differ from GOMAXPROCS=1", procs)
			}
		})
	}
}

// Sparse networks with the fast generator (parallel noise, delivery and
// neuron updates) give identical spikes for any GOMAXPROCS, both with the
// default thresholds (a network large enough to go parallel on its own)
// and with every phase forced parallel.
func TestSparseSameSpikesAnyGOMAXPROCS(t *testing.T) {
	cases := []struct {
		name      string
		ne, ni    int
		conn      Connectivity
		f32       bool
		steps     int
		low       bool
		generator string
	}{
		{"indegree-20k-default", 16000, 4000, Connectivity{Rule: RuleInDegree, K: 100}, false, 60, false, rng.NameFast},
		{"p-3k-forced", 2400, 600, Connectivity{Rule: RuleP, P: 0.1}, false, 200, true, rng.NameFast},
		{"outdegree-float32-forced", 2400, 600, Connectivity{Rule: RuleOutDegree, K: 200}, true, 200, true, rng.NameFast},
		{"numpy-indegree-forced", 800, 200, Connectivity{Rule: RuleInDegree, K: 500}, false, 300, true, rng.NameNumPy},
		{"numpy-indegree-10k-2-blocks", 8000, 2000, Connectivity{Rule: RuleInDegree, K: 200}, false, 100, false, rng.NameNumPy},
		{"numpy-dense-2-blocks-forced", 2000, 500, Connectivity{}, false, 200, true, rng.NameNumPy},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Keep each neuron's total input as in the tutorial, where
			// every neuron receives 1000 synapses.
			k := float64(c.ne + c.ni) // dense
			if c.conn.Rule != "" {
				k = c.conn.ExpectedSynapses(c.ne+c.ni) / float64(c.ne+c.ni)
			}
			scale := 1000 / k
			var ref Spikes
			for _, procs := range []int{1, 2, 8} {
				withProcs(t, procs, func() {
					cfg := forceParallel(Tutorial(TutorialOptions{Ne: c.ne, Ni: c.ni, Exc: RS, Inh: LTS, We: 0.5 * scale, Wi: 1 * scale, Seed: 3}), c.low)
					cfg.Generator = generator(c.generator, cfg.Seed)
					if conn := c.conn; conn.Rule != "" {
						cfg.Connectivity = &conn
					}
					if c.f32 {
						cfg.WeightPrecision = Float32Weights
					}
					got := runSpikes(t, cfg, c.steps)
					if len(got) == 0 {
						t.Fatalf("GOMAXPROCS=%d: no spikes; the test needs an active network", procs)
					}
					if ref == nil {
						ref = got
					} else if !slices.Equal(got, ref) {
						t.Errorf("GOMAXPROCS=%d: %d spikes differ from GOMAXPROCS=1's %d", procs, len(got), len(ref))
					}
				})
			}
		})
	}
}

// lopsidedSparse returns synapses among n neurons (4:1 excitatory) that
// put 20 times more synapses into the second of two blocks than into the
// first, so that the core summing the first block finishes long before
// the other and helps with it (sumAndStep's sharing of chunks).
func lopsidedSparse(t *testing.T, n int) *Sparse {
	t.Helper()
	nb, bs := sparseBlocks(n)
	if nb != 2 {
		t.Fatalf("%d neurons make %d blocks, want 2", n, nb)
	}
	r := rand.New(rand.NewPCG(5, 6))
	var pre, post []int
	var w []float64
	for j := range n {
		sign := 0.5
		if j >= n*4/5 {
			sign = -1
		}
		for _, target := range []struct{ lo, hi, k int }{{0, bs, 5}, {bs, n, 100}} {
			// A neuron of the block receives about inDegree synapses:
			// scale them to the tutorial's 1000.
			inDegree := float64(n * target.k / (target.hi - target.lo))
			for range target.k {
				i := target.lo + r.IntN(target.hi-target.lo)
				pre, post = append(pre, j), append(post, i)
				w = append(w, sign*r.Float64()*1000/inDegree)
			}
		}
	}
	s, err := NewSparse(n, pre, post, w, Float32Weights)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// With blocks of very unequal work, the cores share each other's chunks;
// the spikes and the final state must be those of one core, bit for bit,
// with the fast generator (noise drawn by the chunks) and NumPy's (input
// drawn before the step).
func TestSharedChunksAreExact(t *testing.T) {
	const n, steps = 20000, 120
	s := lopsidedSparse(t, n)
	for _, gen := range []string{rng.NameFast, rng.NameNumPy} {
		run := func(procs int) (Spikes, []float64) {
			var spikes Spikes
			var v []float64
			withProcs(t, procs, func() {
				cfg := Tutorial(TutorialOptions{Ne: n * 4 / 5, Ni: n - n*4/5, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 11})
				cfg.Generator = generator(gen, cfg.Seed)
				cfg.Synapses = s
				net, res := runNetwork(t, cfg, steps)
				spikes = res.Spikes
				for _, p := range net.pops {
					pv, _ := p.model.State()
					v = append(v, pv...)
				}
			})
			return spikes, v
		}
		want, wantV := run(1)
		if len(want) < steps {
			t.Fatalf("%s: %d spikes in %d steps; the test needs an active network", gen, len(want), steps)
		}
		for _, procs := range []int{2, 3} {
			for rep := range 2 {
				got, gotV := run(procs)
				if !slices.Equal(got, want) {
					t.Fatalf("%s, GOMAXPROCS=%d, run %d: %d spikes differ from one core's %d", gen, procs, rep, len(got), len(want))
				}
				for i := range wantV {
					if math.Float64bits(gotV[i]) != math.Float64bits(wantV[i]) {
						t.Fatalf("%s, GOMAXPROCS=%d, run %d: neuron %d ends at v = %v, want %v", gen, procs, rep, i, gotV[i], wantV[i])
					}
				}
			}
		}
	}
}
