package exercise

import (
	"math"

	"github.com/gosnn/gosnn/snn"
)

// Threshold returns the threshold v₊ (mV) of a neuron with parameter b and
// no input: the upper root of 0.04v² + (5 − b)v + 140 = 0 (notebook 1);
// −50 mV for b = 0.2. A neuron reset above it runs into its next spike
// without any input. It returns NaN when there is no root (b > 0.27).
func Threshold(b float64) float64 {
	k := 5 - b
	return (-k + math.Sqrt(k*k-0.16*140)) / 0.08
}

// JitterPresets and JitterSteps are where exercise 4 tries the student's
// jitters: the excitatory presets of the notebooks, at r = k/JitterSteps.
var JitterPresets = []snn.Preset{snn.IB, snn.RZ, snn.RS, snn.CH}

const JitterSteps = 1000

// AnswerJitters (exercise 4, notebook 4) records keepD(p, r) and
// keepC(p, r) for the excitatory presets IB, RZ, RS and CH at r = 0,
// 0.001, …, 1, as a, b, c, d in turn (names PRESET.keepD, PRESET.keepC).
func AnswerJitters(keepD, keepC snn.Jitter) *Answer {
	a := &Answer{Exercise: jittersExercise.Name}
	if keepD == nil || keepC == nil {
		return a
	}
	for _, preset := range JitterPresets {
		for _, f := range []struct {
			name string
			fn   snn.Jitter
		}{{"keepD", keepD}, {"keepC", keepC}} {
			x := make([]float64, 0, 4*(JitterSteps+1))
			for k := range JitterSteps + 1 {
				q := f.fn(preset.Params, float64(k)/JitterSteps)
				x = append(x, q.A, q.B, q.C, q.D)
			}
			a.set(preset.Name+"."+f.name, x)
		}
	}
	return a
}

var jittersExercise = Exercise{
	Name:     "jitters",
	Notebook: "04-neuron-types.ipynb",
	Title:    "Exercise 4: two causes in IB+IB",
	Funcs:    []string{"keepD", "keepC"},
	Answer:   "AnswerJitters(keepD, keepC)",
	Template: `// Exercise 4 (notebook 04-neuron-types): two causes in IB+IB.
// Write two variants of snn.ExcitatoryJitter, each changing one thing
// only. Use nb.Threshold(b) as in the notebook: the grader provides nb
// (its exercise functions are package github.com/gosnn/gosnn/notebooks/exercise).
package main

import "github.com/gosnn/gosnn/snn"

// keepD is the tutorial's excitatory jitter with d raised to 0 where it is
// negative. Replace the body.
func keepD(p snn.Params, r float64) snn.Params {
	return snn.ExcitatoryJitter(p, r) // your code here
}

// keepC is the tutorial's excitatory jitter with c kept at most
// nb.Threshold(b) − 0.5 mV. Replace the body.
func keepC(p snn.Params, r float64) snn.Params {
	return snn.ExcitatoryJitter(p, r) // your code here
}
`,
}
