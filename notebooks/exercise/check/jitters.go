package check

import (
	"fmt"
	"math"

	"github.com/gosnn/gosnn/notebooks/exercise"
	"github.com/gosnn/gosnn/snn"
)

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
	q.C = min(q.C, exercise.Threshold(q.B)-0.5)
	return q
}

func judgeJitters(a *exercise.Answer) exercise.Verdict {
	if len(a.Values) == 0 {
		return exercise.Verdict{Why: "write both jitter functions first"}
	}
	for _, preset := range exercise.JitterPresets {
		keepD, err := a.Get(preset.Name+".keepD", 4*(exercise.JitterSteps+1))
		if err != nil {
			return brokenAnswer(err)
		}
		keepC, err := a.Get(preset.Name+".keepC", 4*(exercise.JitterSteps+1))
		if err != nil {
			return brokenAnswer(err)
		}
		for k := range exercise.JitterSteps + 1 {
			r := float64(k) / exercise.JitterSteps
			p := preset.Params
			tut := snn.ExcitatoryJitter(p, r)
			got := snn.Params{A: keepD[4*k], B: keepD[4*k+1], C: keepD[4*k+2], D: keepD[4*k+3]}
			if got != NoNegativeD(p, r) {
				return exercise.Verdict{Why: fmt.Sprintf("keepD(%s, r = %.3f) gives %+v; want the tutorial's jitter %+v with d = max(d, 0), nothing else changed", preset.Name, r, got, tut)}
			}
			got = snn.Params{A: keepC[4*k], B: keepC[4*k+1], C: keepC[4*k+2], D: keepC[4*k+3]}
			if want := ResetBelowThreshold(p, r); got.A != want.A || got.B != want.B || got.D != want.D || !(math.Abs(got.C-want.C) <= 1e-9) {
				return exercise.Verdict{Why: fmt.Sprintf("keepC(%s, r = %.3f) gives %+v; want the tutorial's jitter %+v with c = min(c, nb.Threshold(b) − 0.5) = %.4g, nothing else changed", preset.Name, r, got, tut, want.C)}
			}
		}
	}
	return exercise.Verdict{OK: true, Why: "both jitters change only what they should, for IB, RZ, RS and CH"}
}
