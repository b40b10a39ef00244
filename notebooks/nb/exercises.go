package nb

import (
	"github.com/gosnn/gosnn/notebooks/exercise"
	"github.com/gosnn/gosnn/notebooks/exercise/check"
	"github.com/gosnn/gosnn/snn"
)

// The exercises' checks are defined once, in packages notebooks/exercise
// (recording an answer) and notebooks/exercise/check (judging it), which
// "snn grade --exercise" uses too: each check cell records the student's
// answer and judges it in one go.

// A Verdict is what a check cell tells the student: whether the answer is
// right and, when it is not, why.
type Verdict = exercise.Verdict

// A StepFunc advances one neuron with parameters p and input I by the
// tutorial's 1 ms scheme and reports whether it fired (after the reset).
type StepFunc = exercise.StepFunc

// CheckStep (notebook 1) runs step and the library's neuron side by side
// for 1000 ms under a noisy input, for every preset, and compares v and u
// bit for bit.
func CheckStep(step StepFunc) Verdict {
	return check.Judge("step", exercise.AnswerStep(step))
}

// UJumps returns, for each spike of neuron i in res (which must trace it),
// by how much u rose in the step of the spike: u at the end of that step
// minus u at the end of the step before.
func UJumps(res *snn.Result, i int) []float64 { return check.UJumpsOf(res, i) }

// CheckUJumps (notebook 2) compares the student's jumps of u at the
// spikes of neuron i (tutorial network, seed 0) with UJumps.
func CheckUJumps(i int, jumps []float64) Verdict { return check.UJumps(i, jumps) }

// RunawayRate is the rate (Hz per neuron) above which the notebooks call a
// tutorial-sized network runaway: nearly three times the tutorial's 7.5 Hz.
const RunawayRate = exercise.RunawayRate

// CheckRunawayWi (notebook 3) checks the student's answer to: lowering wi
// from 1.0 in steps of 0.1 (we = 0.5, seed 0), at which wi does the network
// first run away (rate above RunawayRate), and what is the all-fire input
// (Net.AllFireInput) there?
func CheckRunawayWi(wi, balance float64) Verdict { return check.Runaway(wi, balance) }

// Threshold returns the threshold v₊ (mV) of a neuron with parameter b and
// no input (exercise.Threshold): −50 mV for b = 0.2.
func Threshold(b float64) float64 { return exercise.Threshold(b) }

// NoNegativeD is the tutorial's excitatory jitter with d raised to 0 where
// the jitter made it negative: each spike can no longer lower u.
func NoNegativeD(p snn.Params, r float64) snn.Params { return check.NoNegativeD(p, r) }

// ResetBelowThreshold is the tutorial's excitatory jitter with c kept half
// a millivolt below the neuron's Threshold where the jitter raised it above.
func ResetBelowThreshold(p snn.Params, r float64) snn.Params {
	return check.ResetBelowThreshold(p, r)
}

// CheckJitters (notebook 4) checks the student's versions of NoNegativeD
// (keepD) and ResetBelowThreshold (keepC) for the excitatory presets of
// the notebooks, on a fine grid of r.
func CheckJitters(keepD, keepC snn.Jitter) Verdict {
	return check.Judge("jitters", exercise.AnswerJitters(keepD, keepC))
}
