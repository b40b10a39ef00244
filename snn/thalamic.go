package snn

import (
	"fmt"
	"math"

	"github.com/gosnn/gosnn/snn/rng"
)

// Thalamic is the random thalamic input of Izhikevich's polychronization
// network (spnet): each step one neuron, drawn as floor(n·x) with x from
// the network's generator (one uniform number; n the neurons the stimulus
// acts on), receives Amplitude. With the generator rng.Rand01 this is the
// original's I[floor(N·rand01)] = 20.
type Thalamic struct {
	Amplitude float64 // current units; spnet's is 20

	x [1]float64
}

// Stimulate adds Amplitude to the input of one neuron drawn from r.
func (th *Thalamic) Stimulate(t int, I []float64, r rng.Generator) {
	r.Uniform(th.x[:])
	k := int(math.Floor(float64(float64(len(I)) * th.x[0])))
	if k >= len(I) { // a generator whose numbers can reach 1
		k = len(I) - 1
	}
	I[k] += th.Amplitude
}

func (th *Thalamic) validate() error {
	if !finite(th.Amplitude) {
		return fmt.Errorf("thalamic input amplitude %g: must be a finite number", th.Amplitude)
	}
	return nil
}
