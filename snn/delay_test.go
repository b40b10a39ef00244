package snn_test

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/gosnn/gosnn/snn"
)

func TestDelaySteps(t *testing.T) {
	tests := []struct {
		ms, dt float64
		want   int // 0: an error
	}{
		{1, 1, 1}, {2, 1, 2}, {20, 1, 20}, {65535, 1, 65535},
		{0.5, 0.5, 1}, {1.5, 0.5, 3}, {0.3, 0.1, 3}, {20, 0.1, 200},
		{0, 1, 0}, {-1, 1, 0}, {0.5, 1, 0}, {1.5, 1, 0}, {0.05, 0.1, 0},
		{math.NaN(), 1, 0}, {math.Inf(1), 1, 0}, {65536, 1, 0}, {6553.6, 0.1, 0},
	}
	for _, tt := range tests {
		s, err := snn.DelaySteps(tt.ms, tt.dt)
		switch {
		case tt.want > 0 && (err != nil || s != tt.want):
			t.Errorf("DelaySteps(%g, %g) = %d, %v; want %d", tt.ms, tt.dt, s, err, tt.want)
		case tt.want == 0 && err == nil:
			t.Errorf("DelaySteps(%g, %g) = %d, want an error", tt.ms, tt.dt, s)
		case tt.want == 0 && !strings.Contains(err.Error(), "whole number of steps"):
			t.Errorf("DelaySteps(%g, %g): error %q does not say what is allowed", tt.ms, tt.dt, err)
		}
	}
}

// A delay that is not a whole number of the network's steps is refused by
// New, not by NewDelayedSparse, which does not know the step yet.
func TestDelayWholeStepsOfTheNetwork(t *testing.T) {
	for _, dt := range []float64{1, 0.5} {
		syn, err := snn.NewDelayedSparse(2, []int{0}, []int{1}, []float64{1}, []float64{2.5})
		if err != nil {
			t.Fatal(err)
		}
		_, err = snn.New(snn.Config{
			DT:          dt,
			Populations: []snn.PopulationConfig{{Name: "all", Size: 2, Params: snn.RS.Params}},
			Synapses:    syn,
		})
		if dt == 1 && (err == nil || !strings.Contains(err.Error(), "whole number of steps of 1 ms")) {
			t.Errorf("2.5 ms delay at a 1 ms step: error %v, want one about whole steps", err)
		}
		if dt == 0.5 && err != nil {
			t.Errorf("2.5 ms delay at a 0.5 ms step: %v", err)
		}
	}
}

func TestNewDelayedSparseRejects(t *testing.T) {
	tests := []struct {
		name      string
		n         int
		pre, post []int
		w, delay  []float64
		want      string
	}{
		{"no neurons", 0, nil, nil, nil, nil, "need 1"},
		{"lengths", 3, []int{0}, []int{1}, []float64{1, 2}, []float64{1}, "one of each"},
		{"pre out of range", 3, []int{3}, []int{1}, []float64{1}, []float64{1}, "from 0 to 2"},
		{"post negative", 3, []int{0}, []int{-1}, []float64{1}, []float64{1}, "from 0 to 2"},
		{"NaN weight", 3, []int{0}, []int{1}, []float64{math.NaN()}, []float64{1}, "finite"},
		{"zero delay", 3, []int{0}, []int{1}, []float64{1}, []float64{0}, "0 is not possible"},
		{"negative delay", 3, []int{0}, []int{1}, []float64{1}, []float64{-2}, "0 is not possible"},
		{"NaN delay", 3, []int{0}, []int{1}, []float64{1}, []float64{math.NaN()}, "finite"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := snn.NewDelayedSparse(tt.n, tt.pre, tt.post, tt.w, tt.delay)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

type synapse struct {
	pre, post int
	w, delay  float64
}

func randomSynapses(r *rand.Rand, n, count, maxDelay int) []synapse {
	s := make([]synapse, count)
	for k := range s {
		s[k] = synapse{r.IntN(n), r.IntN(n), r.NormFloat64(), float64(1 + r.IntN(maxDelay))}
	}
	return s
}

func delayed(t *testing.T, n int, s []synapse) *snn.DelayedSparse {
	t.Helper()
	var pre, post []int
	var w, d []float64
	for _, x := range s {
		pre, post, w, d = append(pre, x.pre), append(post, x.post), append(w, x.w), append(d, x.delay)
	}
	syn, err := snn.NewDelayedSparse(n, pre, post, w, d)
	if err != nil {
		t.Fatal(err)
	}
	return syn
}

// The rows are the given synapses sorted by presynaptic neuron and delay,
// in the given order within one delay.
func TestDelayedSparseRows(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 30
	s := randomSynapses(r, n, 500, 7)
	syn := delayed(t, n, s)
	want := slices.Clone(s)
	slices.SortStableFunc(want, func(a, b synapse) int {
		if a.pre != b.pre {
			return a.pre - b.pre
		}
		return int(a.delay - b.delay)
	})
	if syn.Count() != len(s) || syn.MaxDelay() != 7 || syn.Len() != n {
		t.Fatalf("Count %d, MaxDelay %d, Len %d; want %d, 7, %d", syn.Count(), syn.MaxDelay(), syn.Len(), len(s), n)
	}
	for k, x := range want {
		if syn.Pre(k) != x.pre || syn.Post(k) != x.post || syn.Weights()[k] != x.w || syn.Delay(k) != int(x.delay) {
			t.Fatalf("synapse %d: %d → %d, w %v, delay %d; want %+v", k, syn.Pre(k), syn.Post(k), syn.Weights()[k], syn.Delay(k), x)
		}
	}
	for j := range n {
		lo, hi := syn.Row(j)
		for k := lo; k < hi; k++ {
			if syn.Pre(k) != j {
				t.Fatalf("Row(%d) = [%d, %d) holds synapse %d of neuron %d", j, lo, hi, k, syn.Pre(k))
			}
		}
	}
}

// Delivery is tested against a plain reading of its documentation: in
// step t, for the fire steps t−1, t−2, … in turn, the neurons of that step
// from the highest index down, each synapse of delay t − (fire step) in
// row order adds its weight to the input.
func TestDelayedDeliveryMatchesNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	n, maxDelay := 40, 6
	s := randomSynapses(r, n, 800, maxDelay)
	syn := delayed(t, n, s)
	var history [][]int // fired neurons of each step
	for step := range 200 {
		var fired []int // the spikes of step-1, delivered from now on
		for i := range n {
			if r.IntN(5) == 0 {
				fired = append(fired, i)
			}
		}
		history = append(history, fired)
		got := make([]float64, n)
		for i := range got {
			got[i] = r.Float64() // the stimulus input already there
		}
		want := slices.Clone(got)
		events := syn.Deliver(fired, got)

		wantEvents := 0
		for age := 0; age < maxDelay && age <= step; age++ {
			spikes := history[step-age]
			for k := len(spikes) - 1; k >= 0; k-- {
				lo, hi := syn.Row(spikes[k])
				for j := lo; j < hi; j++ {
					if syn.Delay(j) == age+1 {
						want[syn.Post(j)] += syn.Weights()[j]
						wantEvents++
					}
				}
			}
		}
		for i := range want {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("step %d, neuron %d: input %v, want %v", step, i, got[i], want[i])
			}
		}
		if events != wantEvents {
			t.Fatalf("step %d: %d events, want %d", step, events, wantEvents)
		}
	}
}

// firing is a test model whose neuron i fires in the steps listed for it.
type firing struct {
	at   map[int][]int // step → neurons
	n, t int
	v    []float64
}

func (f *firing) Len() int                { return f.n }
func (f *firing) State() (v, u []float64) { return f.v, nil }
func (f *firing) Step(I []float64, fired []int) []int {
	fired = append(fired, f.at[f.t]...)
	f.t++
	return fired
}

// A spike fired in step t through a synapse of d ms reaches the input of
// its target in step t + d/DT, and not before: the delay convention.
func TestDelayConvention(t *testing.T) {
	for _, d := range []float64{1, 2, 5, 20} {
		syn, err := snn.NewDelayedSparse(2, []int{0}, []int{1}, []float64{7}, []float64{d})
		if err != nil {
			t.Fatal(err)
		}
		src := &firing{at: map[int][]int{3: {0}}, n: 1, v: make([]float64, 1)}
		dst := &firing{n: 1, v: make([]float64, 1)}
		net, err := snn.New(snn.Config{
			Populations: []snn.PopulationConfig{{Name: "src", Size: 1, Model: src}, {Name: "dst", Size: 1, Model: dst}},
			Synapses:    syn,
		})
		if err != nil {
			t.Fatal(err)
		}
		res, err := net.Run(context.Background(), 30, &snn.RunOptions{Trace: []int{1}})
		if err != nil {
			t.Fatal(err)
		}
		want := 3 + int(d/snn.DT)
		for k, I := range res.Traces.I {
			step := res.Traces.Step(k)
			if (I != 0) != (step == want) || (step == want && I != 7) {
				t.Fatalf("delay %g ms: input %g in step %d; want 7 in step %d only", d, I, step, want)
			}
		}
		if res.SynapticEvents != 1 {
			t.Errorf("delay %g ms: %d synaptic events, want 1", d, res.SynapticEvents)
		}
	}
}

// Delayed synapses hold the spikes on their way: one network only.
func TestDelayedSparseBelongsToOneNetwork(t *testing.T) {
	syn, err := snn.NewDelayedSparse(2, []int{0}, []int{1}, []float64{1}, []float64{1})
	if err != nil {
		t.Fatal(err)
	}
	cfg := snn.Config{Populations: []snn.PopulationConfig{{Name: "a", Size: 2, Params: snn.RS.Params}}, Synapses: syn}
	if _, err := snn.New(cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := snn.New(cfg); err == nil || !strings.Contains(err.Error(), "another network") {
		t.Fatalf("second network: error %v, want one about another network", err)
	}
}

// Random connectivity with delays: the same synapses, each with its delay.
func TestSparseWithDelays(t *testing.T) {
	scale := make([]float64, 50)
	for i := range scale {
		scale[i] = 1
	}
	s, err := snn.NewRandomSparse(50, scale, snn.Connectivity{Rule: snn.RuleP, P: 0.2}, snn.Float64Weights, 3)
	if err != nil {
		t.Fatal(err)
	}
	delay := func(pre, post int) float64 { return float64(1 + (pre+post)%4) }
	d, err := s.WithDelays(delay)
	if err != nil {
		t.Fatal(err)
	}
	if d.Count() != s.Count() {
		t.Fatalf("%d synapses, want %d", d.Count(), s.Count())
	}
	for j := range 50 {
		targets, weights := s.Row(j)
		lo, hi := d.Row(j)
		if hi-lo != len(targets) {
			t.Fatalf("row %d: %d synapses, want %d", j, hi-lo, len(targets))
		}
		got := map[[2]float64]int{}
		for k := lo; k < hi; k++ {
			if d.Delay(k) != int(delay(j, d.Post(k))) {
				t.Fatalf("synapse %d → %d: delay %d, want %g", j, d.Post(k), d.Delay(k), delay(j, d.Post(k)))
			}
			got[[2]float64{float64(d.Post(k)), d.Weights()[k]}]++
		}
		for k, i := range targets {
			got[[2]float64{float64(i), weights[k]}]--
		}
		for key, c := range got {
			if c != 0 {
				t.Fatalf("row %d: synapse to %g of weight %g differs in number by %d", j, key[0], key[1], c)
			}
		}
	}
	if _, err := s.WithDelays(func(pre, post int) float64 { return 0 }); err == nil {
		t.Fatal("delay 0 accepted")
	}
}

// Delays without plasticity keep the engine's parallel neuron update (the
// phases plan): the same spikes at any GOMAXPROCS.
func TestDelayedNetworkSameAtAnyGOMAXPROCS(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	build := func() *snn.Network {
		o := snn.DefaultTutorial()
		o.Ne, o.Ni, o.Scaling = 9000, 1000, snn.ScaleTotalInput // populations above the parallel threshold
		cfg := snn.Tutorial(o)
		scale := make([]float64, 10000)
		for i := range scale {
			scale[i] = 0.5
			if i >= 9000 {
				scale[i] = -1
			}
		}
		s, err := snn.NewRandomSparse(10000, scale, snn.Connectivity{Rule: snn.RuleOutDegree, K: 100}, snn.Float64Weights, 1)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Synapses, err = s.WithDelays(func(pre, post int) float64 { return float64(1 + (pre*7+post)%10) })
		if err != nil {
			t.Fatal(err)
		}
		net, err := snn.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		return net
	}
	var want snn.Spikes
	for _, procs := range []int{1, 2, 4} {
		runtime.GOMAXPROCS(procs)
		res, err := build().Run(context.Background(), 200, nil)
		if err != nil {
			t.Fatal(err)
		}
		if want == nil {
			want = res.Spikes
			if len(want) == 0 {
				t.Fatal("no spikes")
			}
		} else if !slices.Equal(res.Spikes, want) {
			t.Fatalf("GOMAXPROCS=%d: %d spikes, want %d, or they differ", procs, len(res.Spikes), len(want))
		}
	}
}

// timedFiring is a firing model that can run at any step.
type timedFiring struct{ *firing }

func (timedFiring) SetTimeStep(float64) error { return nil }

// At 0.1 ms a delay of d ms is 10·d steps, and the weight w enters the
// input as w/dt for that one step (it moves v by about w mV, as at 1 ms);
// a weight monitor every 2 ms observes at 2, 4, … ms.
func TestDelayConventionAtTenthMs(t *testing.T) {
	for _, d := range []float64{0.1, 2, 5.5} {
		syn, err := snn.NewDelayedSparse(2, []int{0}, []int{1}, []float64{7}, []float64{d})
		if err != nil {
			t.Fatal(err)
		}
		src := &firing{at: map[int][]int{3: {0}}, n: 1, v: make([]float64, 1)}
		dst := &firing{n: 1, v: make([]float64, 1)}
		mon := &snn.WeightMonitor{Every: 2, Snapshots: true}
		mon7 := &snn.WeightMonitor{Every: 0.7}
		net, err := snn.New(snn.Config{
			DT:          0.1,
			Populations: []snn.PopulationConfig{{Name: "src", Size: 1, Model: timedFiring{src}}, {Name: "dst", Size: 1, Model: timedFiring{dst}}},
			Synapses:    syn,
			Monitors:    []snn.Monitor{mon, mon7},
		})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := net.DelayedSynapses().Delay(0), int(math.Round(d*10)); got != want {
			t.Fatalf("delay %g ms at 0.1 ms: %d steps, want %d", d, got, want)
		}
		res, err := net.RunFor(context.Background(), 10, &snn.RunOptions{Trace: []int{1}})
		if err != nil {
			t.Fatal(err)
		}
		want := 3 + int(math.Round(d*10))
		for k, I := range res.Traces.I {
			step := res.Traces.Step(k)
			if (I != 0) != (step == want) || (step == want && math.Abs(I-70) > 1e-9) {
				t.Fatalf("delay %g ms at 0.1 ms: input %g in step %d; want 7/0.1 = 70 in step %d only", d, I, step, want)
			}
		}
		if !slices.Equal(mon.Times, []float64{2, 4, 6, 8, 10}) || len(mon.Weights) != 5 {
			t.Errorf("weight monitor every 2 ms at 0.1 ms, 10 ms run: times %v, %d snapshots; want 2, 4, …, 10", mon.Times, len(mon.Weights))
		}
		if len(mon7.Times) != 14 || mon7.Times[0] != 0.7 || mon7.Times[1] != 1.4 {
			t.Errorf("weight monitor every 0.7 ms at 0.1 ms: times %v, want 14 from exactly 0.7, 1.4 (not 7·0.1 = 0.7000000000000001)", mon7.Times)
		}
	}
	syn, _ := snn.NewDelayedSparse(2, []int{0}, []int{1}, []float64{7}, []float64{1})
	_, err := snn.New(snn.Config{
		DT:          0.1,
		Populations: []snn.PopulationConfig{{Name: "a", Size: 2, Params: snn.RS.Params}},
		Synapses:    syn,
		Monitors:    []snn.Monitor{&snn.WeightMonitor{Every: 0.25}},
	})
	if err == nil || !strings.Contains(err.Error(), "whole number of steps") {
		t.Errorf("weight monitor every 0.25 ms at 0.1 ms: error %v, want one about whole steps", err)
	}
}

// hookLog records when a plasticity's hooks are called.
type hookLog struct{ post, pre, stepped []int }

func (h *hookLog) PostSpike(net *snn.Network, neuron int) { h.post = append(h.post, net.Time()) }
func (h *hookLog) PreSpike(net *snn.Network, pre, lo, hi int) {
	h.pre = append(h.pre, net.Time())
}
func (h *hookLog) Stepped(net *snn.Network) {
	if len(net.Fired()) > 0 {
		h.stepped = append(h.stepped, net.Time())
	}
}

// At 0.1 ms the plasticity's hooks come at the steps the schedule gives
// at any step: the spike fired in step 3 is seen at once (Stepped), by
// PostSpike in step 4 and, through a 2 ms synapse, by PreSpike in step 23;
// the network runs the reference plan (the only one that calls hooks)
// and mixes the arriving weight as w/dt.
func TestPlasticityHooksAtTenthMs(t *testing.T) {
	syn, err := snn.NewDelayedSparse(2, []int{0}, []int{1}, []float64{7}, []float64{2})
	if err != nil {
		t.Fatal(err)
	}
	src := &firing{at: map[int][]int{3: {0}}, n: 1, v: make([]float64, 1)}
	dst := &firing{n: 1, v: make([]float64, 1)}
	log := &hookLog{}
	net, err := snn.New(snn.Config{
		DT:          0.1,
		Populations: []snn.PopulationConfig{{Name: "src", Size: 1, Model: timedFiring{src}}, {Name: "dst", Size: 1, Model: timedFiring{dst}}},
		Synapses:    syn,
		Plasticity:  log,
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := net.RunFor(context.Background(), 3, &snn.RunOptions{Trace: []int{1}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(log.stepped, []int{3}) || !slices.Equal(log.post, []int{4}) || !slices.Equal(log.pre, []int{23}) {
		t.Errorf("hooks at steps: Stepped %v, PostSpike %v, PreSpike %v; want 3, 4, 23", log.stepped, log.post, log.pre)
	}
	if I := res.Traces.I[23]; math.Abs(I-70) > 1e-9 {
		t.Errorf("input in step 23: %g, want 7/0.1 = 70", I)
	}
}
