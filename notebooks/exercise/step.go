package exercise

import (
	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/rng"
)

// A StepFunc advances one neuron with parameters p and input I by the
// tutorial's 1 ms scheme and reports whether it fired (after the reset).
type StepFunc func(v, u, I float64, p snn.Params) (v2, u2 float64, fired bool)

// StepSteps is how long the step exercise runs each preset, in steps.
const StepSteps = 1000

// StepInput returns the noisy input of the step exercise: 6 + 3·N(0, 1)
// for each of StepSteps steps, from NumPy's generator with seed 1.
func StepInput() []float64 {
	I := make([]float64, StepSteps)
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
	I := StepInput()
	for _, p := range snn.Presets() {
		z := snn.NewIzhikevich(1, p.Params)
		v, u := z.V[0], z.U[0]
		vs, us, fs := make([]float64, StepSteps), make([]float64, StepSteps), make([]float64, StepSteps)
		for t := range StepSteps {
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
}
