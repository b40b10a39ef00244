package exercise

import (
	"fmt"
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

// NoNegativeD is the tutorial's excitatory jitter with d raised to 0 where
// the jitter made it negative: each spike can no longer lower u.
func NoNegativeD(p snn.Params, r float64) snn.Params {
	q := snn.ExcitatoryJitter(p, r)
	q.D = max(q.D, 0)
	return q
}

// ResetBelowThreshold is the tutorial's excitatory jitter with c kept half
// a millivolt below the neuron's Threshold where the jitter raised it above.
func ResetBelowThreshold(p snn.Params, r float64) snn.Params {
	q := snn.ExcitatoryJitter(p, r)
	q.C = min(q.C, Threshold(q.B)-0.5)
	return q
}

// jitterPresets and jitterSteps are where exercise 4 tries the student's
// jitters: the excitatory presets of the notebooks, at r = k/jitterSteps.
var jitterPresets = []snn.Preset{snn.IB, snn.RZ, snn.RS, snn.CH}

const jitterSteps = 1000

// AnswerJitters (exercise 4, notebook 4) records keepD(p, r) and
// keepC(p, r) for the excitatory presets IB, RZ, RS and CH at r = 0,
// 0.001, …, 1, as a, b, c, d in turn (names PRESET.keepD, PRESET.keepC).
func AnswerJitters(keepD, keepC snn.Jitter) *Answer {
	a := &Answer{Exercise: jittersExercise.Name}
	if keepD == nil || keepC == nil {
		return a
	}
	for _, preset := range jitterPresets {
		for _, f := range []struct {
			name string
			fn   snn.Jitter
		}{{"keepD", keepD}, {"keepC", keepC}} {
			x := make([]float64, 0, 4*(jitterSteps+1))
			for k := range jitterSteps + 1 {
				q := f.fn(preset.Params, float64(k)/jitterSteps)
				x = append(x, q.A, q.B, q.C, q.D)
			}
			a.set(preset.Name+"."+f.name, x)
		}
	}
	return a
}

func judgeJitters(a *Answer) Verdict {
	if len(a.Values) == 0 {
		return Verdict{Why: "write both jitter functions first"}
	}
	for _, preset := range jitterPresets {
		keepD, err := a.values(preset.Name+".keepD", 4*(jitterSteps+1))
		if err != nil {
			return brokenAnswer(err)
		}
		keepC, err := a.values(preset.Name+".keepC", 4*(jitterSteps+1))
		if err != nil {
			return brokenAnswer(err)
		}
		for k := range jitterSteps + 1 {
			r := float64(k) / jitterSteps
			p := preset.Params
			tut := snn.ExcitatoryJitter(p, r)
			got := snn.Params{A: keepD[4*k], B: keepD[4*k+1], C: keepD[4*k+2], D: keepD[4*k+3]}
			if got != NoNegativeD(p, r) {
				return Verdict{Why: fmt.Sprintf("keepD(%s, r = %.3f) gives %+v; want the tutorial's jitter %+v with d = max(d, 0), nothing else changed", preset.Name, r, got, tut)}
			}
			got = snn.Params{A: keepC[4*k], B: keepC[4*k+1], C: keepC[4*k+2], D: keepC[4*k+3]}
			if want := ResetBelowThreshold(p, r); got.A != want.A || got.B != want.B || got.D != want.D || !(math.Abs(got.C-want.C) <= 1e-9) {
				return Verdict{Why: fmt.Sprintf("keepC(%s, r = %.3f) gives %+v; want the tutorial's jitter %+v with c = min(c, nb.Threshold(b) − 0.5) = %.4g, nothing else changed", preset.Name, r, got, tut, want.C)}
			}
		}
	}
	return Verdict{OK: true, Why: "both jitters change only what they should, for IB, RZ, RS and CH"}
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
	judge: judgeJitters,
}
