package snn_test

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/rng"
)

// Each step the thalamic input adds its amplitude to the neuron
// floor(n·x), x the generator's next uniform number.
func TestThalamicDrawsOneNeuron(t *testing.T) {
	g, want := rng.NewRand01(0), rng.NewRand01(0)
	th := &snn.Thalamic{Amplitude: 20}
	I := make([]float64, 1000)
	for step := range 2000 {
		clear(I)
		I[0] = 1
		th.Stimulate(step, I, g)
		k := int(math.Floor(1000 * want.Float64()))
		for i, x := range I {
			base := 0.0
			if i == 0 {
				base = 1
			}
			if i == k && x != base+20 || i != k && x != base {
				t.Fatalf("step %d: I[%d] = %v; want 20 added to I[%d] only", step, i, x, k)
			}
		}
	}
}

func TestThalamicRejectsNaN(t *testing.T) {
	cfg := snn.Config{
		Populations: []snn.PopulationConfig{{Name: "a", Size: 3, Params: snn.RS.Params}},
		Stimuli:     []snn.Stimulus{&snn.Thalamic{Amplitude: math.NaN()}},
	}
	if _, err := snn.New(cfg); err == nil || !strings.Contains(err.Error(), "thalamic") {
		t.Fatalf("error %v, want one about the thalamic amplitude", err)
	}
}

// At a step of 0.1 ms the thalamic input draws one neuron per millisecond
// and holds it for the millisecond's ten steps: the neurons and the
// generator's numbers are those of a run at 1 ms. (Before, it drew a
// neuron in every step: ten inputs a millisecond, each a tenth as long.)
func TestThalamicHeldPerMillisecond(t *testing.T) {
	one, tenth := &snn.Thalamic{Amplitude: 20}, &snn.Thalamic{Amplitude: 20}
	if err := tenth.SetTimeStep(0.1); err != nil {
		t.Fatal(err)
	}
	r1, r2 := rng.NewRand01(0), rng.NewRand01(0)
	for ms := range 50 {
		want := make([]float64, 100)
		one.Stimulate(ms, want, r1)
		for step := 10 * ms; step < 10*ms+10; step++ {
			got := make([]float64, 100)
			tenth.Stimulate(step, got, r2)
			if !slices.Equal(got, want) {
				t.Fatalf("step %d at 0.1 ms: input differs from ms %d's at 1 ms", step, ms)
			}
		}
	}
	if a, b := r1.Float64(), r2.Float64(); a != b {
		t.Errorf("the generators part: next numbers %g and %g (the input drew more than once per ms)", a, b)
	}
	for _, dt := range []float64{0.3, 2, 0} {
		if err := (&snn.Thalamic{Amplitude: 20}).SetTimeStep(dt); err == nil || !strings.Contains(err.Error(), "must divide 1 ms") {
			t.Errorf("step %g ms: error %v, want one saying it must divide 1 ms", dt, err)
		}
	}
	// A network at 0.1 ms refuses one *Thalamic in two places, and a
	// checkpoint in the middle of a millisecond.
	th := &snn.Thalamic{Amplitude: 20}
	cfg := snn.Config{DT: 0.1, Populations: []snn.PopulationConfig{
		{Name: "a", Size: 3, Params: snn.RS.Params, Stimuli: []snn.Stimulus{th}},
		{Name: "b", Size: 3, Params: snn.RS.Params, Stimuli: []snn.Stimulus{th}},
	}}
	if _, err := snn.New(cfg); err == nil || !strings.Contains(err.Error(), "attached twice") {
		t.Errorf("one *Thalamic in two populations at 0.1 ms: error %v", err)
	}
	cfg.Populations = cfg.Populations[:1]
	net, err := snn.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := net.Step(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := net.Save(&buf); err == nil || !strings.Contains(err.Error(), "whole millisecond") {
		t.Errorf("checkpoint after one step of 0.1 ms with a Thalamic input: error %v, want one asking for a whole millisecond", err)
	}
}
