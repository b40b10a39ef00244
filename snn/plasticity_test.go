package snn_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/rng"
)

// plasticConfig is the tutorial's network, 80 + 20 neurons with its noise,
// on sparse synapses with delays of 1 to 5 ms and the built-in STDP, a mix
// that only first-class delays and plasticity allow.
func plasticConfig(t testing.TB, seed uint64, monitors ...snn.Monitor) snn.Config {
	t.Helper()
	o := snn.DefaultTutorial()
	o.Ne, o.Ni, o.Seed = 80, 20, seed
	cfg := snn.Tutorial(o)
	r := rand.New(rand.NewPCG(seed, 99))
	var pre, post []int
	var w, d []float64
	for j := range 100 {
		for range 20 {
			pre, post = append(pre, j), append(post, r.IntN(100))
			if j < 80 {
				w = append(w, 6*r.Float64())
				d = append(d, float64(1+r.IntN(5)))
			} else {
				w, d = append(w, -4*r.Float64()), append(d, 1)
			}
		}
	}
	syn, err := snn.NewDelayedSparse(100, pre, post, w, d)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Synapses = syn
	rule, err := snn.NewSTDP(snn.STDPParams{Period: 100})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Plasticity = rule
	cfg.Monitors = monitors
	return cfg
}

func mustNew(t testing.TB, cfg snn.Config) *snn.Network {
	t.Helper()
	net, err := snn.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return net
}

func run(t testing.TB, net *snn.Network, steps int) snn.Spikes {
	t.Helper()
	res, err := net.Run(context.Background(), steps, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res.Spikes
}

func save(t testing.TB, net *snn.Network) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := net.Save(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The plasticity changes weights, and the same seed gives the same spikes
// and weights at any GOMAXPROCS.
func TestPlasticitySameAtAnyGOMAXPROCS(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var want snn.Spikes
	var wantState []byte
	for _, procs := range []int{1, 2, 4} {
		runtime.GOMAXPROCS(procs)
		net := mustNew(t, plasticConfig(t, 5))
		w0 := slices.Clone(net.DelayedSynapses().Weights())
		got := run(t, net, 1000)
		state := save(t, net)
		if want == nil {
			want, wantState = got, state
			if slices.Equal(w0, net.DelayedSynapses().Weights()) {
				t.Fatal("STDP changed no weight in 1000 ms")
			}
			if len(got) == 0 {
				t.Fatal("no spikes")
			}
			continue
		}
		if !slices.Equal(got, want) || !bytes.Equal(state, wantState) {
			t.Fatalf("GOMAXPROCS=%d: %d spikes (want %d) or another final state", procs, len(got), len(want))
		}
	}
}

// A run saved and resumed, in another network built from the same Config,
// gives the spikes and the whole final state of one that never stopped.
func TestCheckpointResumeIsBitIdentical(t *testing.T) {
	tests := []struct {
		name string
		cfg  func(t testing.TB) snn.Config
	}{
		{"delays and STDP", func(t testing.TB) snn.Config { return plasticConfig(t, 3) }},
		{"tutorial dense", func(t testing.TB) snn.Config {
			o := snn.DefaultTutorial()
			o.Ne, o.Ni = 80, 20
			return snn.Tutorial(o)
		}},
		{"sparse, fast generator", func(t testing.TB) snn.Config {
			o := snn.DefaultTutorial()
			o.Ne, o.Ni, o.Scaling = 1600, 400, snn.ScaleTotalInput
			cfg := snn.Tutorial(o)
			cfg.Connectivity = &snn.Connectivity{Rule: snn.RuleP, P: 0.1}
			cfg.Generator = rng.NewFastStreams(4)
			return cfg
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			whole := mustNew(t, tt.cfg(t))
			want := run(t, whole, 700)
			if len(want) < 100 {
				t.Fatalf("only %d spikes: too few to compare", len(want))
			}

			first := mustNew(t, tt.cfg(t))
			got := run(t, first, 250)
			path := filepath.Join(t.TempDir(), "net.ckpt")
			if err := first.SaveFile(path); err != nil {
				t.Fatal(err)
			}
			resumed := mustNew(t, tt.cfg(t))
			if err := resumed.LoadFile(path); err != nil {
				t.Fatal(err)
			}
			if resumed.Time() != 250 {
				t.Fatalf("resumed at step %d, want 250", resumed.Time())
			}
			got = append(got, run(t, resumed, 450)...)
			if !slices.Equal(got, want) {
				t.Fatalf("resumed run: %d spikes, uninterrupted %d, or they differ", len(got), len(want))
			}
			if !bytes.Equal(save(t, resumed), save(t, whole)) {
				t.Fatal("the final states differ")
			}
		})
	}
}

func TestCheckpointRejects(t *testing.T) {
	net := mustNew(t, plasticConfig(t, 1))
	run(t, net, 120)
	good := save(t, net)
	resealed := func(b []byte) []byte { // a correct checksum over a changed body
		b = slices.Clone(b[:len(b)-4])
		return binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
	}
	other := func(seed uint64) []byte { return save(t, mustNew(t, plasticConfig(t, seed))) }
	tutorial := func() []byte {
		o := snn.DefaultTutorial()
		o.Ne, o.Ni = 80, 20
		return save(t, mustNew(t, snn.Tutorial(o)))
	}
	tests := []struct {
		name string
		file []byte
		want string
	}{
		{"empty", nil, "not a gosnn network checkpoint"},
		{"other file", []byte("t,neuron\n1,2\n3,4\n5,6\n"), "not a gosnn network checkpoint"},
		{"truncated", good[:len(good)/2], "checksum"},
		{"flipped bit", func() []byte { b := slices.Clone(good); b[len(b)/3] ^= 4; return b }(), "checksum"},
		{"future version", func() []byte {
			b := slices.Clone(good)
			binary.LittleEndian.PutUint32(b[len("GOSNN-NETWORK\n"):], 2)
			return resealed(b)
		}(), "version 2"},
		{"other synapses", other(2), "other neurons"},
		{"dense network", tutorial(), "dense in the file"},
		{"trailing bytes", resealed(append(slices.Clone(good[:len(good)-4]), 0, 0, 0, 0, 0)), "after the last section"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := save(t, net)
			err := net.Load(bytes.NewReader(tt.file))
			if err == nil || !errors.Is(err, snn.ErrCheckpoint) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want an ErrCheckpoint mentioning %q", err, tt.want)
			}
			if !bytes.Equal(save(t, net), before) {
				t.Fatal("a refused checkpoint changed the network")
			}
		})
	}
	if err := net.Load(bytes.NewReader(good)); err != nil {
		t.Fatalf("the good checkpoint: %v", err)
	}
}

// A checkpoint remembers the step and scheme it was made with, and at a
// step below 1 ms it is taken at whole milliseconds only (Noise holds a
// millisecond's values, which it does not save); from there the resumed
// run is bit-identical.
func TestCheckpointTimeStep(t *testing.T) {
	cfg := func(dt float64, scheme snn.Scheme) snn.Config {
		o := snn.DefaultTutorial()
		o.Ne, o.Ni = 80, 20
		c := snn.Tutorial(o)
		c.DT, c.Scheme = dt, scheme
		return c
	}
	whole := mustNew(t, cfg(0.1, snn.TutorialScheme))
	want := run(t, whole, 3000)
	first := mustNew(t, cfg(0.1, snn.TutorialScheme))
	got := run(t, first, 1005)
	if err := first.Save(io.Discard); err == nil || !strings.Contains(err.Error(), "whole millisecond") {
		t.Fatalf("saving at step 1005 of 0.1 ms: error %v, want one asking for a whole millisecond", err)
	}
	got = append(got, run(t, first, 5)...)
	b := save(t, first)
	for _, other := range []snn.Config{cfg(0, snn.TutorialScheme), cfg(0.1, snn.ImplicitEuler)} {
		err := mustNew(t, other).Load(bytes.NewReader(b))
		if err == nil || !errors.Is(err, snn.ErrCheckpoint) || !strings.Contains(err.Error(), "stepping 0.1 ms with the tutorial scheme") {
			t.Errorf("loading a 0.1 ms checkpoint into a network at %g ms, %v: error %v, want an ErrCheckpoint naming the step", other.DT, other.Scheme, err)
		}
	}
	resumed := mustNew(t, cfg(0.1, snn.TutorialScheme))
	if err := resumed.Load(bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
	got = append(got, run(t, resumed, 1990)...)
	if len(want) < 100 || !slices.Equal(got, want) {
		t.Fatalf("resumed run at 0.1 ms: %d spikes, uninterrupted %d, or they differ", len(got), len(want))
	}
}

// A network with a part that cannot be saved is refused by Save, and
// SaveFile leaves no file behind.
func TestSaveRefusesUnsavableParts(t *testing.T) {
	cfg := plasticConfig(t, 1)
	cfg.Populations[1].Model = &firing{n: 20, v: make([]float64, 20)}
	net := mustNew(t, cfg)
	path := filepath.Join(t.TempDir(), "net.ckpt")
	err := net.SaveFile(path)
	if err == nil || !strings.Contains(err.Error(), "BinaryMarshaler") || !strings.Contains(err.Error(), "inhibitory") {
		t.Fatalf("error %v, want one naming the population and BinaryMarshaler", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("a file was left: %v", err)
	}
}

func TestSTDPRejects(t *testing.T) {
	for _, p := range []snn.STDPParams{{Decay: 1.5}, {Decay: -0.5}, {MaxWeight: -1}, {Period: -1}, {Period: math.NaN()}} {
		if _, err := snn.NewSTDP(p); err == nil {
			t.Errorf("NewSTDP(%+v) succeeded", p)
		}
	}
	// Its period must be whole steps of the network, and the network's
	// step 1 ms (the rule counts its window and decay in steps).
	for _, tc := range []struct {
		dt, period float64
		want       string
	}{{1, 0.5, "whole number of steps"}, {0.5, 100, "needs a step of 1 ms"}} {
		cfg := plasticConfig(t, 1)
		cfg.DT = tc.dt
		cfg.Plasticity, _ = snn.NewSTDP(snn.STDPParams{Period: tc.period})
		if _, err := snn.New(cfg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("STDP with period %g ms at a step of %g ms: error %v, want one saying %q", tc.period, tc.dt, err, tc.want)
		}
	}
	// STDP needs delayed synapses.
	o := snn.DefaultTutorial()
	o.Ne, o.Ni = 8, 2
	cfg := snn.Tutorial(o)
	cfg.Plasticity, _ = snn.NewSTDP(snn.STDPParams{})
	if _, err := snn.New(cfg); err == nil || !strings.Contains(err.Error(), "DelayedSparse") {
		t.Fatalf("STDP on dense synapses: error %v, want one naming DelayedSparse", err)
	}
}

// The weight monitor's histograms and snapshots agree with the weights
// read directly, and it observes at the documented times.
func TestWeightMonitor(t *testing.T) {
	edges := snn.UniformEdges(0, 6, 6)
	ee := &snn.WeightMonitor{From: "excitatory", To: "excitatory", Every: 250, Edges: edges, Snapshots: true}
	all := &snn.WeightMonitor{Every: 500, Edges: []float64{-10, 0, 10}}
	rare := &snn.WeightMonitor{Every: 100000, Snapshots: true} // longer than any delay
	net := mustNew(t, plasticConfig(t, 4, ee, all, rare))
	syn := net.DelayedSynapses()
	var want []int
	for k := range syn.Count() {
		if syn.Pre(k) < 80 && syn.Post(k) < 80 {
			want = append(want, k)
		}
	}
	if !slices.Equal(ee.Synapses, want) || len(all.Synapses) != syn.Count() {
		t.Fatalf("projections of %d and %d synapses, want %d and %d", len(ee.Synapses), len(all.Synapses), len(want), syn.Count())
	}
	run(t, net, 1000)
	if !slices.Equal(ee.Times, []float64{250, 500, 750, 1000}) || !slices.Equal(all.Times, []float64{500, 1000}) || rare.Times != nil {
		t.Fatalf("observed at %v and %v", ee.Times, all.Times)
	}
	last := ee.Weights[len(ee.Weights)-1]
	for k, j := range ee.Synapses {
		if last[k] != syn.Weights()[j] {
			t.Fatalf("snapshot of synapse %d: %v, weight %v", j, last[k], syn.Weights()[j])
		}
	}
	for o, snapshot := range ee.Weights {
		counts, outside := make([]int, len(edges)-1), 0
		for _, x := range snapshot {
			b := -1
			for k := range counts {
				if x >= edges[k] && (x < edges[k+1] || (k == len(counts)-1 && x == edges[k+1])) {
					b = k
				}
			}
			if b < 0 {
				outside++
			} else {
				counts[b]++
			}
		}
		if !slices.Equal(counts, ee.Histograms[o]) || outside != ee.Outside[o] {
			t.Fatalf("observation %d: histogram %v + %d outside, want %v + %d", o, ee.Histograms[o], ee.Outside[o], counts, outside)
		}
	}
	if ee.Weights[0][0] == last[0] && slices.Equal(ee.Weights[0], last) {
		t.Error("the weights did not change between observations")
	}
}

func TestWeightMonitorRejects(t *testing.T) {
	tests := []struct {
		m    *snn.WeightMonitor
		want string
	}{
		{&snn.WeightMonitor{From: "cortex", Every: 10}, `no population "cortex"`},
		{&snn.WeightMonitor{Every: 0}, "every 0 ms"},
		{&snn.WeightMonitor{Every: 2.5}, "whole number"},
		{&snn.WeightMonitor{Every: 10, Edges: []float64{1}}, "at least 2"},
		{&snn.WeightMonitor{Every: 10, Edges: []float64{1, 1}}, "increasing"},
	}
	for _, tt := range tests {
		_, err := snn.New(plasticConfig(t, 1, tt.m))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: error %v, want one mentioning %q", tt.m, err, tt.want)
		}
	}
}

// A rule of one's own sees every spike at the documented points: each
// post-spike at the start of the next step, each arrival at the time its
// delay gives.
type recordingRule struct {
	posts    [][2]int // step, neuron
	arrivals int
	late     int // arrivals not delay steps after their spike
	steps    int
}

func (r *recordingRule) PostSpike(net *snn.Network, neuron int) {
	if net.LastSpike(neuron) != net.Time()-1 {
		panic("PostSpike of a neuron that did not fire in the previous step")
	}
	r.posts = append(r.posts, [2]int{net.Time() - 1, neuron})
}

func (r *recordingRule) PreSpike(net *snn.Network, pre, lo, hi int) {
	syn := net.DelayedSynapses()
	for k := lo; k < hi; k++ {
		if syn.Pre(k) != pre || syn.Delay(k) != syn.Delay(lo) {
			panic("arrival through synapses of several neurons or delays")
		}
	}
	r.arrivals += hi - lo
}

func (r *recordingRule) Stepped(net *snn.Network) { r.steps++ }

func TestPlasticityHooks(t *testing.T) {
	cfg := plasticConfig(t, 6)
	rule := &recordingRule{}
	cfg.Plasticity = rule
	net := mustNew(t, cfg)
	res, err := net.Run(context.Background(), 300, nil)
	if err != nil {
		t.Fatal(err)
	}
	var want [][2]int
	for _, s := range res.Spikes {
		if s.T < 299 { // the last step's spikes are seen in the next
			want = append(want, [2]int{s.T, s.Neuron})
		}
	}
	if !slices.Equal(rule.posts, want) || rule.steps != 300 {
		t.Fatalf("%d post-spikes, %d steps; want %d, 300", len(rule.posts), rule.steps, len(want))
	}
	if int64(rule.arrivals) != res.SynapticEvents || rule.arrivals == 0 {
		t.Fatalf("%d arrivals seen, %d synaptic events", rule.arrivals, res.SynapticEvents)
	}
}

// jitterRule draws from the network's generator in its hooks: the draws
// must interleave with the stimuli's in the same order at any GOMAXPROCS
// (no input is drawn ahead for a network with plasticity).
type jitterRule struct{ x [1]float64 }

func (r *jitterRule) PostSpike(net *snn.Network, neuron int) {}
func (r *jitterRule) PreSpike(net *snn.Network, pre, lo, hi int) {
	net.Rand().Uniform(r.x[:])
	net.DelayedSynapses().Weights()[lo] += r.x[0] - 0.5
}
func (r *jitterRule) Stepped(net *snn.Network) {}

func TestRuleDrawingRandomNumbersSameAtAnyGOMAXPROCS(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var want snn.Spikes
	for _, procs := range []int{1, 2, 4} {
		runtime.GOMAXPROCS(procs)
		cfg := plasticConfig(t, 8)
		cfg.Plasticity = &jitterRule{}
		got := run(t, mustNew(t, cfg), 1500)
		if want == nil {
			want = got
		} else if !slices.Equal(got, want) {
			t.Fatalf("GOMAXPROCS=%d: %d spikes, GOMAXPROCS=1: %d, or they differ", procs, len(got), len(want))
		}
	}
}

// The STDP rule by hand, on one synapse 0 → 1 of 3 ms: the traces are
// set in the step after a spike and decay once a step; a post-spike adds
// the presynaptic trace of delay steps before, an arrival takes the
// postsynaptic trace; at the end of the period the derivative decays and
// moves the weight.
func TestSTDPByHand(t *testing.T) {
	decayed := func(x float64, steps int) float64 {
		for range steps {
			x = float64(0.95 * x)
		}
		return x
	}
	tests := []struct {
		name      string
		pre, post []int // steps in which neuron 0 and neuron 1 fire
		deriv     func() float64
	}{
		// Pre fires in step 10, its spike arrives in step 13; post fires
		// in 15 and is seen in 16, when the presynaptic trace of step
		// 16 − 3 = 13 is 0.1 (set in 11) decayed twice.
		{"pre before post", []int{10}, []int{15}, func() float64 { return decayed(0.1, 2) }},
		// Post fires in 20 (trace 0.12 from 21); pre fires in 22 and
		// arrives in 25, when the depression trace has decayed 4 times.
		{"post before pre", []int{22}, []int{20}, func() float64 { return -decayed(0.12, 4) }},
		// Arriving in the step after post fired: the full depression.
		{"arrival right after post", []int{17}, []int{19}, func() float64 { return -0.12 }},
		// Arriving in the step in which post fires: the full potentiation.
		{"arrival as post fires", []int{17}, []int{20}, func() float64 { return 0.1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := map[int][]int{}
			for _, s := range tt.pre {
				at[s] = append(at[s], 0)
			}
			for _, s := range tt.post {
				at[s] = append(at[s], 1)
			}
			syn, err := snn.NewDelayedSparse(2, []int{0}, []int{1}, []float64{5}, []float64{3})
			if err != nil {
				t.Fatal(err)
			}
			rule, err := snn.NewSTDP(snn.STDPParams{Period: 100})
			if err != nil {
				t.Fatal(err)
			}
			net := mustNew(t, snn.Config{
				Populations: []snn.PopulationConfig{{Name: "pair", Size: 2, Model: &firing{at: at, n: 2, v: make([]float64, 2)}}},
				Synapses:    syn,
				Plasticity:  rule,
			})
			run(t, net, 99)
			want := tt.deriv()
			if rule.Deriv[0] != want || syn.Weights()[0] != 5 {
				t.Fatalf("after 99 steps: derivative %v, weight %v; want %v, 5", rule.Deriv[0], syn.Weights()[0], want)
			}
			run(t, net, 1) // the end of the period
			sd := float64(want * 0.9)
			if rule.Deriv[0] != sd || syn.Weights()[0] != 5+(0.01+sd) {
				t.Fatalf("after the period: derivative %v, weight %v; want %v, %v", rule.Deriv[0], syn.Weights()[0], sd, 5+(0.01+sd))
			}
		})
	}
}

// Monitors are not part of a checkpoint: a network without them resumes
// one saved with them, and the other way round, with the same spikes.
func TestCheckpointMonitorsMayDiffer(t *testing.T) {
	build := func(m ...snn.Monitor) *snn.Network {
		o := snn.DefaultTutorial()
		o.Ne, o.Ni = 80, 20
		cfg := snn.Tutorial(o)
		cfg.Monitors = m
		return mustNew(t, cfg)
	}
	counter := func() snn.Monitor { return &stepCounter{} }
	whole := build()
	want := run(t, whole, 400)
	for _, tt := range []struct {
		name       string
		save, load *snn.Network
	}{
		{"saved with a monitor", build(counter()), build()},
		{"loaded with a monitor", build(), build(counter())},
	} {
		got := run(t, tt.save, 150)
		if err := tt.load.Load(bytes.NewReader(save(t, tt.save))); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got = append(got, run(t, tt.load, 250)...)
		if !slices.Equal(got, want) {
			t.Fatalf("%s: the resumed run differs", tt.name)
		}
	}
}

type stepCounter struct{ n int }

func (c *stepCounter) Observe(net *snn.Network) { c.n++ }

// FuzzNetworkLoad feeds damaged checkpoints to Load: it must return an
// error or succeed, never panic, and a refused file must leave the
// network as it was.
func FuzzNetworkLoad(f *testing.F) {
	net := mustNew(f, plasticConfig(f, 2))
	run(f, net, 60)
	good := save(f, net)
	f.Add(good)
	f.Add(good[:40])
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 4 { // past the checksum, to reach the sections
			b = binary.LittleEndian.AppendUint32(slices.Clone(b[:len(b)-4]), crc32.ChecksumIEEE(b[:len(b)-4]))
		}
		net := mustNew(t, plasticConfig(t, 2))
		run(t, net, 60)
		before := save(t, net)
		if err := net.Load(bytes.NewReader(b)); err != nil && !bytes.Equal(save(t, net), before) {
			t.Fatalf("a refused checkpoint (%v) changed the network", err)
		}
	})
}
