package snn

import (
	"fmt"
	"math"

	"github.com/gosnn/gosnn/snn/rng"
)

// Thalamic is the random thalamic input of Izhikevich's polychronization
// network (spnet): every millisecond one neuron, drawn as floor(n·x) with x
// from the network's generator (one uniform number; n the neurons the
// stimulus acts on), receives Amplitude (current units) for that whole
// millisecond. With the generator rng.Rand01 this is the original's
// I[floor(N·rand01)] = 20, set each ms. At the default step of 1 ms that
// is one draw per step; at a step dt of 1/k ms the neuron drawn in step t
// (t a multiple of k) receives Amplitude in the k steps of its millisecond,
// so the input, and its dt → 0 limit, is the same at any step (as for
// [Noise]). A network whose step does not divide 1 ms refuses it, and at
// a step other than 1 ms each place it is attached needs its own
// *Thalamic.
type Thalamic struct {
	Amplitude float64 // current units; spnet's is 20

	x    [1]float64
	hold int // steps per ms; 0 means 1
	held int // the neuron of the present millisecond + 1 (0: none yet), when hold > 1
}

// SetTimeStep sets the step of the network the input acts in, dt ms,
// which must divide 1 ms (e.g. 1, 0.5, 0.1, 0.025).
func (th *Thalamic) SetTimeStep(dt float64) error {
	k, ok := wholeSteps(1, dt)
	if !ok || k < 1 {
		return fmt.Errorf("thalamic input draws one neuron per 1 ms and holds it for the millisecond's steps: the step %g ms must divide 1 ms (e.g. 1, 0.5, 0.1, 0.05, 0.025)", dt)
	}
	th.hold, th.held = k, 0
	return nil
}

// Stimulate adds Amplitude to the input of the neuron of step t's
// millisecond, drawing it from r at the default 1 ms in every step,
// otherwise in the first step of each millisecond.
func (th *Thalamic) Stimulate(t int, I []float64, r rng.Generator) {
	if th.hold > 1 && t%th.hold != 0 && th.held > 0 && th.held <= len(I) {
		I[th.held-1] += th.Amplitude
		return
	}
	r.Uniform(th.x[:])
	k := int(math.Floor(float64(float64(len(I)) * th.x[0])))
	if k >= len(I) { // a generator whose numbers can reach 1
		k = len(I) - 1
	}
	th.held = k + 1
	I[k] += th.Amplitude
}

func (th *Thalamic) validate() error {
	if !finite(th.Amplitude) {
		return fmt.Errorf("thalamic input amplitude %g: must be a finite number", th.Amplitude)
	}
	return nil
}

func (th *Thalamic) holdSteps() int { return th.hold }
