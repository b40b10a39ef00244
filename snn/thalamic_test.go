package snn_test

import (
	"math"
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
