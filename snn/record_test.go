package snn

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gosnn/gosnn/snn/npy"
	"github.com/gosnn/gosnn/snn/rng"
)

// adapting is a small model with an adaptation variable w, declared by
// name: v' = I − w, w' = (v − w)/10, fires at v ≥ 1 and resets v to 0.
type adapting struct{ v, w []float64 }

func newAdapting(n int) *adapting {
	return &adapting{v: make([]float64, n), w: make([]float64, n)}
}

func (m *adapting) Len() int                { return len(m.v) }
func (m *adapting) State() (v, u []float64) { return m.v, nil }
func (m *adapting) Variables() []string     { return []string{"v", "w"} }
func (m *adapting) Variable(name string) []float64 {
	switch name {
	case "v":
		return m.v
	case "w":
		return m.w
	}
	return nil
}
func (m *adapting) Step(I []float64, fired []int) []int {
	for i := range m.v {
		m.v[i] += I[i] - m.w[i]
		m.w[i] += (m.v[i] - m.w[i]) / 10
		if m.v[i] >= 1 {
			m.v[i] = 0
			fired = append(fired, i)
		}
	}
	return fired
}

// recordNetwork is 3 Izhikevich neurons followed by 4 adapting ones, each
// adapting neuron under its own constant current.
func recordNetwork(t *testing.T) *Network {
	t.Helper()
	drive := StimulusFunc(func(_ int, I []float64, _ rng.Generator) {
		for i := range I {
			I[i] += 0.3 + 0.1*float64(i)
		}
	})
	net, err := New(Config{Populations: []PopulationConfig{
		{Name: "izh", Size: 3, Params: RS.Params, Stimuli: []Stimulus{Constant{Current: 10}}},
		{Name: "adapting", Size: 4, Model: newAdapting(4), Stimuli: []Stimulus{drive}},
	}, Synapses: newDense(7)})
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// The recorded w of the traced adapting neurons is, sample by sample,
// the w of the same model stepped by hand, every step or every third;
// Izhikevich neurons record their u by name.
func TestRecordVariables(t *testing.T) {
	const steps = 50
	ref := newAdapting(4)
	I := make([]float64, 4)
	for i := range I {
		I[i] += 0.3 + 0.1*float64(i) // as the network's stimulus adds it
	}
	var want [][]float64 // w after each step
	for range steps {
		ref.Step(I, nil)
		want = append(want, slices.Clone(ref.w))
	}
	for _, every := range []int{1, 3} {
		net := recordNetwork(t)
		traced := []int{6, 4}
		res, err := net.Run(context.Background(), steps, &RunOptions{Trace: traced, TraceEvery: every, Record: []string{"w"}})
		if err != nil {
			t.Fatal(err)
		}
		tr := res.Traces
		w, err := tr.Variable("w")
		if err != nil {
			t.Fatal(err)
		}
		if len(w) != tr.Samples*2 || tr.Samples != (steps+every-1)/every {
			t.Fatalf("every %d: %d values in %d samples", every, len(w), tr.Samples)
		}
		for k := range tr.Samples {
			for j, i := range traced {
				if got, x := w[k*2+j], want[tr.Step(k)][i-3]; got != x {
					t.Fatalf("every %d: sample %d (step %d) of neuron %d: w = %v, by hand %v", every, k, tr.Step(k), i, got, x)
				}
			}
		}
		// Save writes w.npy beside v, u and I.
		dir := t.TempDir()
		if err := res.Save(dir); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(filepath.Join(dir, "w.npy"))
		if err != nil {
			t.Fatal(err)
		}
		a, err := npy.Read(f)
		f.Close()
		if err != nil || !slices.Equal(a.Float, w) || !slices.Equal(a.Shape, []int{tr.Samples, 2}) {
			t.Errorf("every %d: w.npy holds shape %v, err %v", every, a.Shape, err)
		}
		// Groups and windows keep the variable.
		sub, err := res.Subset(List("one", 6))
		if err != nil {
			t.Fatal(err)
		}
		sw, err := sub.Traces.Variable("w")
		if err != nil || !slices.Equal(sw, tr.Of(w, 0)) {
			t.Errorf("every %d: the group's w differs (err %v)", every, err)
		}
		win, err := res.Between(10, 40)
		if err != nil {
			t.Fatal(err)
		}
		ww, _ := win.Traces.Variable("w")
		for k := range win.Traces.Samples {
			if step := 10 + win.Traces.Step(k); ww[k*2] != want[step][3] {
				t.Errorf("every %d: window sample %d (step %d): w %v, by hand %v", every, k, step, ww[k*2], want[step][3])
			}
		}
	}

	// Izhikevich neurons declare v and u; both are the traces' own.
	z := NewIzhikevich(2, RS.Params)
	if v := z.Variable("v"); &v[0] != &z.V[0] || !slices.Equal(z.Variables(), []string{"v", "u"}) || z.Variable("m") != nil {
		t.Error("Izhikevich's variables are not v and u")
	}
}

func TestRecordErrors(t *testing.T) {
	for _, tc := range []struct {
		opts RunOptions
		want string
	}{
		{RunOptions{Record: []string{"w"}}, "choose them with Trace or TraceAll"},
		{RunOptions{Trace: []int{5}, Record: []string{"q"}}, `population "adapting" has no variable "q": its variables are v, w`},
		{RunOptions{Trace: []int{0}, Record: []string{"w"}}, `population "izh" has no variable "w": its variables are v, u`},
		{RunOptions{Trace: []int{5}, Record: []string{"v"}}, "recorded already"},
		{RunOptions{Trace: []int{5}, Record: []string{"w", "w"}}, "recorded already"},
		{RunOptions{Trace: []int{5}, Record: []string{"../x"}}, "letters, digits and underscores"},
		{RunOptions{Trace: []int{5}, Record: []string{""}}, "letters, digits"},
	} {
		net := recordNetwork(t)
		_, err := net.Run(context.Background(), 5, &tc.opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want one mentioning %q", tc.opts, err, tc.want)
		}
	}
	// A model that declares no variables.
	net, err := New(Config{Populations: []PopulationConfig{{Name: "plain", Size: 2, Model: plainModel{newAdapting(2)}}}, Synapses: newDense(2)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := net.Run(context.Background(), 5, &RunOptions{TraceAll: true, Record: []string{"w"}}); err == nil || !strings.Contains(err.Error(), "declares no variables") {
		t.Errorf("model without variables: error %v", err)
	}
}

// A model that does not declare its variables itself (as an interpreted
// one appears to the simulator) records them through
// PopulationConfig.Variables.
func TestRecordThroughPopulationVariables(t *testing.T) {
	m := newAdapting(2)
	net, err := New(Config{Populations: []PopulationConfig{{Name: "plain", Size: 2, Model: plainModel{m}, Variables: m,
		Stimuli: []Stimulus{Constant{Current: 0.5}}}}, Synapses: newDense(2)})
	if err != nil {
		t.Fatal(err)
	}
	res, err := net.Run(context.Background(), 5, &RunOptions{TraceAll: true, Record: []string{"w"}})
	if err != nil {
		t.Fatal(err)
	}
	w, err := res.Traces.Variable("w")
	if err != nil || len(w) != 10 || w[8] != m.w[0] || w[9] != m.w[1] || w[9] == 0 {
		t.Errorf("w %v (err %v), the model's last w %v", w, err, m.w)
	}
}

// plainModel hides adapting's variables.
type plainModel struct{ m *adapting }

func (p plainModel) Len() int                            { return p.m.Len() }
func (p plainModel) State() (v, u []float64)             { return p.m.State() }
func (p plainModel) Step(I []float64, fired []int) []int { return p.m.Step(I, fired) }
