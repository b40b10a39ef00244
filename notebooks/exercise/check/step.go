package check

import (
	"fmt"
	"math"

	"github.com/gosnn/gosnn/notebooks/exercise"
	"github.com/gosnn/gosnn/snn"
)

// judgeStep compares the recorded steps with the library's neurons, bit
// for bit, step by step.
func judgeStep(a *exercise.Answer) exercise.Verdict {
	if len(a.Values) == 0 {
		return exercise.Verdict{Why: "write the step function first"}
	}
	I := exercise.StepInput()
	for _, p := range snn.Presets() {
		var vs, us, fs []float64
		var err error
		for _, x := range []struct {
			name string
			to   *[]float64
		}{{".v", &vs}, {".u", &us}, {".fired", &fs}} {
			if *x.to, err = a.Get(p.Name+x.name, exercise.StepSteps); err != nil {
				return brokenAnswer(err)
			}
		}
		z := snn.NewIzhikevich(1, p.Params)
		var fired []int
		for t := range exercise.StepSteps {
			fired = z.Step(I[t:t+1], fired[:0])
			f, v, u := fs[t] != 0, vs[t], us[t]
			switch {
			case f != (len(fired) > 0):
				return exercise.Verdict{Why: fmt.Sprintf("%s, step %d: you say fired = %v, the library %v; compare v with 30 mV after the two half steps and the u update, then reset v ← c, u ← u + d", p.Name, t, f, len(fired) > 0)}
			case v != z.V[0] || u != z.U[0]:
				why := fmt.Sprintf("%s, step %d: v = %v, u = %v, the library has v = %v, u = %v", p.Name, t, v, u, z.V[0], z.U[0])
				if math.Abs(v-z.V[0]) < 1e-9*math.Max(1, math.Abs(v)) && math.Abs(u-z.U[0]) < 1e-9*math.Max(1, math.Abs(u)) {
					why += ": the same up to the last bits. Did you write x*y + z? On arm64 (and other CPUs with a fused multiply-add) Go may compute that with one rounding instead of two; write float64(x*y) + z to round the product as NumPy does. Otherwise check the order of the operations"
				} else {
					why += ": update v twice by half a step, then u once with the new v: u += a·(b·v − u)"
				}
				return exercise.Verdict{Why: why}
			}
		}
	}
	return exercise.Verdict{OK: true, Why: fmt.Sprintf("v, u and the spikes are identical to the library's for all %d presets over %d steps", len(snn.Presets()), exercise.StepSteps)}
}
