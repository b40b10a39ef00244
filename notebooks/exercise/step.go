package exercise

import (
	"fmt"
	"math"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/rng"
)

// A StepFunc advances one neuron with parameters p and input I by the
// tutorial's 1 ms scheme and reports whether it fired (after the reset).
type StepFunc func(v, u, I float64, p snn.Params) (v2, u2 float64, fired bool)

// stepSteps is how long the step exercise runs each preset, in steps.
const stepSteps = 1000

// stepInput returns the noisy input of the step exercise: 6 + 3·N(0, 1)
// for each step, from NumPy's generator with seed 1.
func stepInput() []float64 {
	I := make([]float64, stepSteps)
	rng.NewNumPy(1).Normal(I)
	for t := range I {
		I[t] = 6 + 3*I[t]
	}
	return I
}

// AnswerStep (exercise 1, notebook 1) runs step for 1000 steps of a noisy
// input from the rest state of every preset and records v, u and the
// spikes of each (names PRESET.v, PRESET.u, PRESET.fired with 1 for a
// spike). A nil step gives an empty answer.
func AnswerStep(step StepFunc) *Answer {
	a := &Answer{Exercise: stepExercise.Name}
	if step == nil {
		return a
	}
	I := stepInput()
	for _, p := range snn.Presets() {
		z := snn.NewIzhikevich(1, p.Params)
		v, u := z.V[0], z.U[0]
		vs, us, fs := make([]float64, stepSteps), make([]float64, stepSteps), make([]float64, stepSteps)
		for t := range stepSteps {
			var f bool
			v, u, f = step(v, u, I[t], p.Params)
			vs[t], us[t] = v, u
			if f {
				fs[t] = 1
			}
		}
		a.set(p.Name+".v", vs)
		a.set(p.Name+".u", us)
		a.set(p.Name+".fired", fs)
	}
	return a
}

// judgeStep compares the recorded steps with the library's neurons, bit
// for bit, step by step.
func judgeStep(a *Answer) Verdict {
	if len(a.Values) == 0 {
		return Verdict{Why: "write the step function first"}
	}
	I := stepInput()
	for _, p := range snn.Presets() {
		var vs, us, fs []float64
		var err error
		for _, x := range []struct {
			name string
			to   *[]float64
		}{{".v", &vs}, {".u", &us}, {".fired", &fs}} {
			if *x.to, err = a.values(p.Name+x.name, stepSteps); err != nil {
				return brokenAnswer(err)
			}
		}
		z := snn.NewIzhikevich(1, p.Params)
		var fired []int
		for t := range stepSteps {
			fired = z.Step(I[t:t+1], fired[:0])
			f, v, u := fs[t] != 0, vs[t], us[t]
			switch {
			case f != (len(fired) > 0):
				return Verdict{Why: fmt.Sprintf("%s, step %d: you say fired = %v, the library %v; compare v with 30 mV after the two half steps and the u update, then reset v ← c, u ← u + d", p.Name, t, f, len(fired) > 0)}
			case v != z.V[0] || u != z.U[0]:
				why := fmt.Sprintf("%s, step %d: v = %v, u = %v, the library has v = %v, u = %v", p.Name, t, v, u, z.V[0], z.U[0])
				if math.Abs(v-z.V[0]) < 1e-9*math.Max(1, math.Abs(v)) && math.Abs(u-z.U[0]) < 1e-9*math.Max(1, math.Abs(u)) {
					why += ": the same up to the last bits. Did you write x*y + z? On arm64 (and other CPUs with a fused multiply-add) Go may compute that with one rounding instead of two; write float64(x*y) + z to round the product as NumPy does. Otherwise check the order of the operations"
				} else {
					why += ": update v twice by half a step, then u once with the new v: u += a·(b·v − u)"
				}
				return Verdict{Why: why}
			}
		}
	}
	return Verdict{OK: true, Why: fmt.Sprintf("v, u and the spikes are identical to the library's for all %d presets over %d steps", len(snn.Presets()), stepSteps)}
}

var stepExercise = Exercise{
	Name:     "step",
	Notebook: "01-model.ipynb",
	Title:    "Exercise 1: one step of a neuron, by hand",
	Funcs:    []string{"step"},
	Answer:   "AnswerStep(step)",
	Template: `// Exercise 1 (notebook 01-model): one step of a neuron, by hand.
// Write the body of step: the tutorial's update of one neuron by its 1 ms
// scheme (two half steps of v, then u with the new v, then the reset).
package main

import "github.com/gosnn/gosnn/snn"

// step advances one neuron with parameters p and input I by 1 ms and
// reports whether it fired. Replace the body.
func step(v, u, I float64, p snn.Params) (float64, float64, bool) {
	return v, u, false // your code here
}
`,
	judge: judgeStep,
}
