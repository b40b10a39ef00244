package snn

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/gosnn/gosnn/snn/internal/par"
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
			got := runSpikes(t, forceParallel(Tutorial(800, 200, RS, LTS, 0.5, 1, 0), true), 1000)
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
		conn      Connect
		steps     int
		low       bool
		generator string
	}{
		{"indegree-20k-default", 16000, 4000, Connect{Rule: RuleInDegree, K: 100}, 60, false, GeneratorFast},
		{"p-3k-forced", 2400, 600, Connect{Rule: RuleP, P: 0.1}, 200, true, GeneratorFast},
		{"outdegree-float32-forced", 2400, 600, Connect{Rule: RuleOutDegree, K: 200, Float32: true}, 200, true, GeneratorFast},
		{"numpy-indegree-forced", 800, 200, Connect{Rule: RuleInDegree, K: 500}, 300, true, GeneratorNumPy},
		{"numpy-indegree-10k-2-blocks", 8000, 2000, Connect{Rule: RuleInDegree, K: 200}, 100, false, GeneratorNumPy},
		{"numpy-dense-2-blocks-forced", 2000, 500, Connect{}, 200, true, GeneratorNumPy},
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
					cfg := forceParallel(Tutorial(c.ne, c.ni, RS, LTS, 0.5*scale, 1*scale, 3), c.low)
					cfg.Generator = c.generator
					if conn := c.conn; conn.Rule != "" {
						cfg.Connect = &conn
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

// FastStreams fills a vector with the same numbers on any number of cores,
// and its blocks are independent streams (no two blocks repeat).
func TestFastStreamsIndependentOfGOMAXPROCS(t *testing.T) {
	const n = 5*streamBlock + 123
	var ref []float64
	for _, procs := range []int{1, 2, 8} {
		withProcs(t, procs, func() {
			g := NewFastStreams(7)
			x := make([]float64, n)
			g.Normal(x)
			y := make([]float64, n)
			g.Normal(y)
			all := append(x, y...)
			if ref == nil {
				ref = all
			} else if !slices.Equal(all, ref) {
				t.Errorf("GOMAXPROCS=%d: numbers differ from GOMAXPROCS=1", procs)
			}
		})
	}
	// Mean and variance of standard normals: 4.2e4 values, so the
	// standard errors are about 0.005 and 0.007.
	var s, s2 float64
	for _, x := range ref {
		s += x
		s2 += x * x
	}
	m := s / float64(len(ref))
	v := s2/float64(len(ref)) - m*m
	if m < -0.03 || m > 0.03 || v < 0.96 || v > 1.04 {
		t.Errorf("normal numbers have mean %g and variance %g, want about 0 and 1", m, v)
	}
	if slices.Equal(ref[:streamBlock], ref[streamBlock:2*streamBlock]) {
		t.Error("two blocks hold the same numbers")
	}
	u := make([]float64, n)
	NewFastStreams(7).Uniform(u)
	for i, x := range u {
		if !(x >= 0 && x < 1) {
			t.Fatalf("uniform number %d is %g, want [0, 1)", i, x)
		}
	}
}

// Splitting a range into pieces covers it exactly once, for any count.
func TestParallelRangesCover(t *testing.T) {
	for _, procs := range []int{1, 2, 3, 8} {
		withProcs(t, procs, func() {
			for _, n := range []int{0, 1, 7, 8, 100, 1025, 4096} {
				seen := make([]int, n)
				par.Ranges(par.Workers(), n, 1, func(_, lo, hi int) {
					for i := lo; i < hi; i++ {
						seen[i]++
					}
				})
				for i, c := range seen {
					if c != 1 {
						t.Fatalf("GOMAXPROCS=%d, n=%d: element %d covered %d times", procs, n, i, c)
					}
				}
			}
		})
	}
}

func ExampleConnect() {
	// 10 000 neurons, each receiving 1000 synapses; weights scaled up so
	// that each neuron's total input matches the 1000-neuron tutorial.
	cfg := Tutorial(8000, 2000, RS, LTS, 5, 10, 0)
	cfg.Generator = GeneratorFast
	cfg.Connect = &Connect{Rule: RuleInDegree, K: 1000, Float32: true}
	net, err := New(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	sp := net.Synapses().(*Sparse)
	fmt.Println(sp.Count(), "synapses,", humanBytes(sp.Bytes()))
	// Output: 10000000 synapses, 61.2 MB
}

// The ziggurat's normal numbers have the normal distribution's tail
// probabilities and moments, including beyond the ziggurat's base
// (3.65), within five standard errors over 4e6 draws.
func TestFastStreamsNormalDistribution(t *testing.T) {
	x := make([]float64, 4_000_000)
	NewFastStreams(99).Normal(x)
	var m2, m4 float64
	beyond := map[float64]int{1: 0, 2: 0, 3: 0, 3.5: 0, 4: 0}
	for _, v := range x {
		m2 += v * v
		m4 += v * v * v * v
		for c := range beyond {
			if math.Abs(v) > c {
				beyond[c]++
			}
		}
	}
	n := float64(len(x))
	for c, k := range beyond {
		p := math.Erfc(c / math.Sqrt2)
		se := math.Sqrt(p * (1 - p) / n)
		if got := float64(k) / n; math.Abs(got-p) > 5*se {
			t.Errorf("P(|x| > %g) = %.6g, want %.6g ± %.2g", c, got, p, se)
		}
	}
	if v := m2 / n; math.Abs(v-1) > 5*math.Sqrt(2/n) {
		t.Errorf("variance %g, want 1", v)
	}
	if k := m4 / n; math.Abs(k-3) > 5*math.Sqrt(96/n) {
		t.Errorf("fourth moment %g, want 3", k)
	}
}

// TestFastStreamsAddNormal checks that the fused noise path gives exactly
// Normal followed by dst[i] += std·z[i], for lengths that cut the
// generator's blocks and the fused path's chunks anywhere.
func TestFastStreamsAddNormal(t *testing.T) {
	for _, n := range []int{1, 511, 512, 513, 4095, 4096, 4097, 20000} {
		base := make([]float64, n)
		for i := range base {
			base[i] = float64(i%7) - 3.5
		}
		z := make([]float64, n)
		NewFastStreams(5).Normal(z)
		want := slices.Clone(base)
		for i := range want {
			want[i] += 2.5 * z[i]
		}
		got := slices.Clone(base)
		NewFastStreams(5).addNormal(got, 2.5)
		for i := range got {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("n=%d: element %d is %v, want %v", n, i, got[i], want[i])
			}
		}
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
	s, err := NewSparse(n, pre, post, w, true)
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
	for _, gen := range []string{GeneratorFast, GeneratorNumPy} {
		run := func(procs int) (Spikes, []float64) {
			var spikes Spikes
			var v []float64
			withProcs(t, procs, func() {
				cfg := Tutorial(n*4/5, n-n*4/5, RS, LTS, 0.5, 1, 11)
				cfg.Generator = gen
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
