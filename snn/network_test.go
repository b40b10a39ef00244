package snn

import (
	"context"
	"errors"
	"github.com/gosnn/gosnn/snn/rng"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestNewRejectsBadConfig(t *testing.T) {
	good := func() Config {
		return Tutorial(TutorialOptions{Ne: 8, Ni: 2, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 0})
	}
	tests := []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{"no populations", func(c *Config) { c.Populations = nil }, "no populations"},
		{"zero size", func(c *Config) { c.Populations[0].Size = 0 }, "at least one neuron"},
		{"negative size", func(c *Config) { c.Populations[1].Size = -3 }, "at least one neuron"},
		{"NaN weight", func(c *Config) { c.Populations[0].Weight = math.NaN() }, "finite"},
		{"Inf weight", func(c *Config) { c.Populations[1].Weight = math.Inf(1) }, "finite"},
		{"negative weight", func(c *Config) { c.Populations[1].Weight = -1 }, "≥ 0"},
		{"NaN parameter", func(c *Config) { c.Populations[0].Params.A = math.NaN() }, "finite"},
		{"reset above threshold", func(c *Config) { c.Populations[0].Params.C = 35 }, "threshold"},
		{"duplicate names", func(c *Config) { c.Populations[1].Name = c.Populations[0].Name }, "unique"},
		{"numpy seed too big", func(c *Config) { c.Seed = 1 << 32 }, "4294967295"},
		{"NaN noise", func(c *Config) { c.Populations[0].Stimuli = []Stimulus{&Noise{Std: math.NaN()}} }, "finite"},
		{"nil stimulus", func(c *Config) { c.Stimuli = []Stimulus{nil} }, "nil stimulus"},
		{"bad pulse", func(c *Config) { c.Stimuli = []Stimulus{Pulse{Current: 1, Start: 10, End: 5}} }, "Start < End"},
		{"model size mismatch", func(c *Config) { c.Populations[0].Model = NewIzhikevich(3, RS.Params) }, "Size"},
		{"synapses size mismatch", func(c *Config) { c.Synapses = newDense(4) }, "synapses connect 4"},
		{"too large", func(c *Config) { c.Populations[0].Size = 100000 }, "GB"},
		{"neither params nor model", func(c *Config) { c.Populations[1].Params = Params{} }, "no neuron model: give Params"},
		{"tutorial without presets", func(c *Config) { *c = Tutorial(TutorialOptions{Ne: 8, Ni: 2}) }, "no neuron model"},
		{"unknown weight scaling", func(c *Config) {
			*c = Tutorial(TutorialOptions{Ne: 8, Ni: 2, Exc: RS, Inh: LTS, Scaling: 7})
		}, "snn.ScaleTotalInput"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good()
			tt.change(&c)
			_, err := New(c)
			if err == nil {
				t.Fatal("New succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
		})
	}
}

// A dense network over the memory limit is refused before anything is
// allocated, saying what it needs, the limit in readable units, and the
// most neurons a dense network within the limit can have.
func TestTooLargeSaysHowMuch(t *testing.T) {
	for _, tc := range []struct {
		n     int
		limit int64
		want  []string
	}{
		{50000, 0, []string{"20.00 GB", "8.00 GB limit", "at most 31622 neurons"}},
		{1000, 1e6, []string{"8.0 MB", "1.0 MB limit", "at most 353 neurons"}},
		{1000, 7999999, []string{"8.0 MB", "8.0 MB limit", "at most 999 neurons"}},
		{3, 8, []string{"72 B", "8 B limit", "at most 1 neurons"}},
		{3, 1, []string{"1 B limit", "at most 0 neurons"}},
	} {
		c := Tutorial(TutorialOptions{Ne: tc.n * 4 / 5, Ni: tc.n - tc.n*4/5, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 0})
		c.MaxBytes = tc.limit
		_, err := New(c)
		if !errors.Is(err, ErrTooLarge) {
			t.Fatalf("%d neurons, limit %d: error %v, want ErrTooLarge", tc.n, tc.limit, err)
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%d neurons, limit %d: error %q does not say %q", tc.n, tc.limit, err, w)
			}
		}
	}
}

// naiveDeliver sums S[i, j] over the fired neurons j in order, from the
// row-major matrix, exactly as the tutorial's NumPy code orders the sum.
func naiveDeliver(n int, S []float64, fired []int, I []float64) {
	for i := range n {
		if len(fired) == 0 {
			continue
		}
		sum := S[i*n+fired[0]]
		for _, j := range fired[1:] {
			sum += S[i*n+j]
		}
		I[i] += sum
	}
}

func TestDenseDeliverMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 0x9e3779b97f4a7c15)) // the removed snn.NewFast(3)
	for _, n := range []int{1, 2, 7, 100, 257} {
		S := make([]float64, n*n)
		for i := range S {
			S[i] = rng.NormFloat64()
		}
		d, err := NewDense(n, S)
		if err != nil {
			t.Fatal(err)
		}
		for _, frac := range []float64{0, 0.05, 0.5, 1} {
			var fired []int
			for j := range n {
				if rng.Float64() < frac {
					fired = append(fired, j)
				}
			}
			I := make([]float64, n)
			for i := range I {
				I[i] = rng.NormFloat64()
			}
			want := append([]float64(nil), I...)
			naiveDeliver(n, S, fired, want)
			events := d.Deliver(fired, I)
			if events != len(fired)*n {
				t.Errorf("n=%d: %d events, want %d", n, events, len(fired)*n)
			}
			for i := range I {
				if I[i] != want[i] { // bit-exact: same order of additions
					t.Fatalf("n=%d fired=%d: I[%d] = %v, want %v", n, len(fired), i, I[i], want[i])
				}
			}
		}
	}
}

func TestNewDenseRejects(t *testing.T) {
	if _, err := NewDense(2, []float64{1, 2, 3}); err == nil {
		t.Error("wrong length accepted")
	}
	if _, err := NewDense(0, nil); err == nil {
		t.Error("size 0 accepted")
	}
	if _, err := NewDense(2, []float64{1, math.Inf(-1), 0, 0}); err == nil || !strings.Contains(err.Error(), "S[0, 1]") {
		t.Errorf("Inf weight: error %v, want one naming S[0, 1]", err)
	}
}

func TestUserWeightsAreUsed(t *testing.T) {
	// Two neurons, no noise: neuron 0 is driven hard; neuron 1 only
	// fires through its synapse from neuron 0.
	S := []float64{0, 0, 40, 0} // S[1, 0] = 40
	d, err := NewDense(2, S)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{
		Populations: []PopulationConfig{
			{Name: "driver", Size: 1, Params: RS.Params, Stimuli: []Stimulus{Constant{Current: 20}}},
			{Name: "follower", Size: 1, Params: RS.Params},
		},
		Synapses: d,
	}
	net, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	res, err := net.Run(context.Background(), 200, nil)
	if err != nil {
		t.Fatal(err)
	}
	var first = map[int]int{0: -1, 1: -1}
	for _, s := range res.Spikes {
		if first[s.Neuron] < 0 {
			first[s.Neuron] = s.T
		}
	}
	if first[0] < 0 || first[1] < 0 {
		t.Fatalf("spikes %v: both neurons should fire", res.Spikes)
	}
	if first[1] <= first[0] {
		t.Errorf("follower fired first at %d, driver at %d", first[1], first[0])
	}
}

func TestSameSeedSameSpikes(t *testing.T) {
	for _, gen := range []string{rng.NameNumPy, rng.NameFast} {
		run := func() Spikes {
			c := Tutorial(TutorialOptions{Ne: 80, Ni: 20, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 7})
			c.Generator = generator(gen, c.Seed)
			net, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			res, err := net.Run(context.Background(), 300, nil)
			if err != nil {
				t.Fatal(err)
			}
			return res.Spikes
		}
		a, b := run(), run()
		if len(a) == 0 || len(a) != len(b) {
			t.Fatalf("%s: %d and %d spikes", gen, len(a), len(b))
		}
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("%s: spike %d differs: %v vs %v", gen, i, a[i], b[i])
			}
		}
	}
}

func TestRunInPiecesEqualsOneRun(t *testing.T) {
	build := func() *Network {
		net, err := New(Tutorial(TutorialOptions{Ne: 80, Ni: 20, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 3}))
		if err != nil {
			t.Fatal(err)
		}
		return net
	}
	whole, err := build().Run(context.Background(), 200, nil)
	if err != nil {
		t.Fatal(err)
	}
	net := build()
	a, _ := net.Run(context.Background(), 120, nil)
	b, _ := net.Run(context.Background(), 80, nil)
	if b.Start != 120 {
		t.Errorf("second run starts at %d, want 120", b.Start)
	}
	pieces := append(append(Spikes(nil), a.Spikes...), b.Spikes...)
	if len(pieces) != len(whole.Spikes) {
		t.Fatalf("%d spikes in pieces, %d in one run", len(pieces), len(whole.Spikes))
	}
	for i := range pieces {
		if pieces[i] != whole.Spikes[i] {
			t.Fatalf("spike %d: %v vs %v", i, pieces[i], whole.Spikes[i])
		}
	}
}

func TestTracesRecordEndOfStepState(t *testing.T) {
	net, err := New(Tutorial(TutorialOptions{Ne: 40, Ni: 10, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 1}))
	if err != nil {
		t.Fatal(err)
	}
	traced := []int{0, 49, 17}
	res, err := net.Run(context.Background(), 100, &RunOptions{Trace: traced})
	if err != nil {
		t.Fatal(err)
	}
	tr := res.Traces
	if tr.Samples != 100 || len(tr.V) != 300 || len(tr.U) != 300 || len(tr.I) != 300 {
		t.Fatalf("traces: %d steps, %d/%d/%d values", tr.Samples, len(tr.V), len(tr.U), len(tr.I))
	}
	// The last recorded values are the network's current state.
	for k, i := range traced {
		p := net.populationOf(i)
		v, u := p.model.State()
		last := (tr.Samples-1)*len(traced) + k
		if tr.V[last] != v[i-p.Start] || tr.U[last] != u[i-p.Start] || tr.I[last] != net.Input()[i] {
			t.Errorf("neuron %d: last trace (%g, %g, %g) is not the state", i, tr.V[last], tr.U[last], tr.I[last])
		}
	}
	// A spike shows as v = c (the reset) at the end of its step.
	for _, s := range res.Spikes {
		if k := tr.Index(s.Neuron); k >= 0 {
			p := net.populationOf(s.Neuron)
			c := p.model.(*Izhikevich).C[s.Neuron-p.Start]
			if got := tr.V[s.T*len(traced)+k]; got != c {
				t.Errorf("neuron %d fired at %d but v = %g, want reset %g", s.Neuron, s.T, got, c)
			}
		}
	}
	sel, err := tr.Select([]int{17, 0})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sel.Of(sel.V, 0), tr.Of(tr.V, 2); got[50] != want[50] {
		t.Errorf("Select reordered values wrongly")
	}
	if _, err := tr.Select([]int{5}); err == nil {
		t.Error("selecting an untraced neuron succeeded")
	}
}

func TestRunRejectsBadOptions(t *testing.T) {
	net, err := New(Tutorial(TutorialOptions{Ne: 8, Ni: 2, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 0}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := net.Run(context.Background(), 0, nil); err == nil {
		t.Error("0 steps accepted")
	}
	if _, err := net.Run(context.Background(), 10, &RunOptions{Trace: []int{10}}); err == nil || !strings.Contains(err.Error(), "0 to 9") {
		t.Errorf("trace index out of range: error %v", err)
	}
}

func TestCancelStopsAndKeepsSpikes(t *testing.T) {
	net, err := New(Tutorial(TutorialOptions{Ne: 80, Ni: 20, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 0}))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var calls []int
	res, err := net.Run(ctx, 1000, &RunOptions{
		ProgressEvery: 50,
		Progress: func(done, total int) {
			calls = append(calls, done)
			if done == 200 {
				cancel()
			}
		},
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if res.Steps != 200 {
		t.Errorf("ran %d steps after cancelling at 200", res.Steps)
	}
	if len(calls) != 4 || calls[0] != 50 {
		t.Errorf("progress calls %v, want 50, 100, 150, 200", calls)
	}
	for _, s := range res.Spikes {
		if s.T >= 200 {
			t.Fatalf("spike at step %d after cancel", s.T)
		}
	}
}

func TestNaNStateIsReported(t *testing.T) {
	cfg := Config{Populations: []PopulationConfig{
		{Name: "blown", Size: 3, Params: RS.Params, Stimuli: []Stimulus{Constant{Current: 1e300}}},
	}}
	net, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	res, err := net.Run(context.Background(), 10, nil)
	if err == nil {
		t.Fatal("run with an exploding input succeeded")
	}
	for _, want := range []string{"neuron 0", `"blown"`, "step 0", "finite"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if res == nil || res.Steps != 0 {
		t.Errorf("result %+v, want the 0 completed steps", res)
	}
}

// counter is a user-defined model: a neuron fires every period steps.
type counter struct {
	period int
	t      int
	v      []float64
}

func (c *counter) Len() int                { return len(c.v) }
func (c *counter) State() (v, u []float64) { return c.v, nil }
func (c *counter) Step(I []float64, fired []int) []int {
	c.t++
	for i := range c.v {
		c.v[i] = I[i]
		if c.t%c.period == 0 {
			fired = append(fired, i)
		}
	}
	return fired
}

func TestCustomModelAndMorePopulations(t *testing.T) {
	clock := &counter{period: 10, v: make([]float64, 2)}
	cfg := Config{
		Populations: []PopulationConfig{
			{Name: "clock", Size: 2, Model: clock, Weight: 1},
			{Name: "exc", Size: 5, Params: RS.Params, Jitter: ExcitatoryJitter, Weight: 0.5,
				Stimuli: []Stimulus{&Noise{Std: 5}}},
			{Name: "inh", Size: 3, Params: FS.Params, Jitter: InhibitoryJitter, Inhibitory: true, Weight: 1,
				Stimuli: []Stimulus{&Noise{Std: 2}}},
		},
		Stimuli: []Stimulus{Pulse{Current: 3, Start: 5, End: 8}},
		Seed:    1,
	}
	net, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	info := net.Populations()
	if len(info) != 3 || info[1].Start != 2 || info[2].Start != 7 || !info[2].Inhibitory {
		t.Fatalf("populations %+v", info)
	}
	res, err := net.Run(context.Background(), 100, &RunOptions{Trace: []int{0}})
	if err != nil {
		t.Fatal(err)
	}
	clockSpikes := 0
	for _, s := range res.Spikes {
		if s.Neuron < 2 {
			clockSpikes++
			if (s.T+1)%10 != 0 {
				t.Errorf("clock neuron fired at step %d", s.T)
			}
		}
	}
	if clockSpikes != 20 {
		t.Errorf("clock fired %d times, want 20", clockSpikes)
	}
	// The pulse reaches the clock during steps 5..7 only, plus the
	// weights of spikes from the step before.
	tr := res.Traces
	if tr.I[6] < 3 || tr.U[6] != 0 {
		t.Errorf("step 6: clock input %g (want ≥ 3 from the pulse), u %g (want 0 for a model without u)", tr.I[6], tr.U[6])
	}
	// Every weight from an inhibitory neuron is ≤ 0 and from the others ≥ 0.
	d := net.Synapses().(*Dense)
	for i := range net.Len() {
		for j := range net.Len() {
			if w := d.At(i, j); (j >= 7 && w > 0) || (j < 7 && w < 0) {
				t.Fatalf("S[%d, %d] = %g has the wrong sign", i, j, w)
			}
		}
	}
}

func TestStimuli(t *testing.T) {
	I := make([]float64, 3)
	Pulse{Current: 2, Start: 10, Period: 5, Width: 2}.Stimulate(11, I, nil)
	Pulse{Current: 2, Start: 10, Period: 5, Width: 2}.Stimulate(12, I, nil) // off
	Pulse{Current: 1, Start: 10, End: 20}.Stimulate(20, I, nil)             // ended
	Constant{Current: 0.5}.Stimulate(0, I, nil)
	StimulusFunc(func(t int, I []float64, _ rng.Generator) { I[1] += float64(t) }).Stimulate(4, I, nil)
	want := []float64{2.5, 6.5, 2.5}
	for i := range I {
		if I[i] != want[i] {
			t.Fatalf("I = %v, want %v", I, want)
		}
	}
	noise := &Noise{Std: 5}
	J := make([]float64, 4)
	noise.Stimulate(0, J, rng.NewNumPy(0))
	g := rng.NewNumPy(0)
	for i := range J {
		if want := 5 * g.NormFloat64(); J[i] != want {
			t.Errorf("noise[%d] = %g, want 5·randn = %g", i, J[i], want)
		}
	}
}

// populationOf returns the population holding network neuron i.
func (net *Network) populationOf(i int) *population {
	for k := range net.pops {
		if p := &net.pops[k]; i < p.Start+p.Size {
			return p
		}
	}
	return nil
}

// TestSynapticEvents checks the count of synaptic events a run reports:
// every spike but those of the last step (delivered by the next step)
// activates all of its neuron's outgoing synapses, on one core and on
// several, for dense and sparse synapses.
func TestSynapticEvents(t *testing.T) {
	for _, c := range []*Connectivity{nil, {Rule: RuleP, P: 0.05}} {
		for _, procs := range []int{1, 4} {
			withProcs(t, procs, func() {
				cfg := forceParallel(Tutorial(TutorialOptions{Ne: 1600, Ni: 400, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 2}), true)
				cfg.Connectivity = c
				cfg.Generator = rng.NewFastStreams(cfg.Seed)
				net, err := New(cfg)
				if err != nil {
					t.Fatal(err)
				}
				const steps = 200
				res, err := net.Run(context.Background(), steps, nil)
				if err != nil {
					t.Fatal(err)
				}
				want := int64(0)
				for _, s := range res.Spikes {
					if s.T == steps-1 {
						continue
					}
					if sp, ok := net.syn.(*Sparse); ok {
						post, _ := sp.Row(s.Neuron)
						want += int64(len(post))
					} else {
						want += int64(net.n)
					}
				}
				if want == 0 || res.SynapticEvents != want {
					t.Errorf("connect %v, GOMAXPROCS=%d: %d synaptic events, want %d", c, procs, res.SynapticEvents, want)
				}
			})
		}
	}
}

// A population of the tutorial's size keeps its weight under every
// scaling rule, so the tutorial's network stays exact; a four times
// larger network runs away (hundreds of Hz, synchronous) unless its
// weights are scaled to keep the total input.
func TestTutorialWeightScaling(t *testing.T) {
	run := func(o TutorialOptions, steps int) *Result {
		t.Helper()
		net, err := New(Tutorial(o))
		if err != nil {
			t.Fatal(err)
		}
		res, err := net.Run(context.Background(), steps, nil)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	ref := run(DefaultTutorial(), 300)
	for _, s := range []WeightScaling{ScaleTotalInput, ScaleSqrtN} {
		o := DefaultTutorial()
		o.Scaling = s
		c := Tutorial(o)
		if c.Populations[0].Weight != 0.5 || c.Populations[1].Weight != 1.0 {
			t.Errorf("%v: weights %g, %g at the tutorial's size, want 0.5, 1", s, c.Populations[0].Weight, c.Populations[1].Weight)
		}
		if got := run(o, 300); !slices.Equal(got.Spikes, ref.Spikes) {
			t.Errorf("%v changes the tutorial's spikes", s)
		}
		o.Ne, o.Ni = 3200, 50
		c = Tutorial(o)
		want := map[WeightScaling][2]float64{ScaleTotalInput: {0.125, 4}, ScaleSqrtN: {0.25, 2}}[s]
		if c.Populations[0].Weight != want[0] || c.Populations[1].Weight != want[1] {
			t.Errorf("%v: weights %g, %g for 3200 + 50 neurons, want %g, %g", s, c.Populations[0].Weight, c.Populations[1].Weight, want[0], want[1])
		}
	}

	big := DefaultTutorial()
	big.Ne, big.Ni = 3200, 800
	unscaled := run(big, 300)
	big.Scaling = ScaleTotalInput
	scaled := run(big, 300)
	t.Logf("1000 neurons: %.1f Hz; 4000 neurons: %.1f Hz unscaled, %.1f Hz with total-input scaling", ref.Rate(), unscaled.Rate(), scaled.Rate())
	if unscaled.Rate() < 100 || unscaled.Synchrony(5) < 0.8 {
		t.Errorf("4000 unscaled neurons fire at %.1f Hz with synchrony %.2f: want the runaway (> 100 Hz, > 0.8)", unscaled.Rate(), unscaled.Synchrony(5))
	}
	if r := scaled.Rate() / ref.Rate(); r < 0.7 || r > 1.4 {
		t.Errorf("4000 scaled neurons fire at %.1f Hz, the tutorial's 1000 at %.1f Hz: want within 30%%", scaled.Rate(), ref.Rate())
	}
}
