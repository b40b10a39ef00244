package check

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/gosnn/gosnn/notebooks/exercise"
	"github.com/gosnn/gosnn/snn"
)

// UJumpsOf returns, for each spike of neuron i in res (which must trace it),
// by how much u rose in the step of the spike: u at the end of that step
// minus u at the end of the step before. It returns nil when i is not
// traced.
func UJumpsOf(res *snn.Result, i int) []float64 {
	tr := res.Traces
	if tr == nil {
		return nil
	}
	k := tr.Index(i)
	if k < 0 {
		return nil
	}
	m := len(tr.Neurons)
	var jumps []float64
	for _, s := range res.Spikes {
		if t := s.T - res.Start; s.Neuron == i && t > 0 {
			jumps = append(jumps, tr.U[t*m+k]-tr.U[(t-1)*m+k])
		}
	}
	return jumps
}

// UJumps compares a student's jumps of u at the spikes of neuron i
// (tutorial network, seed 0) with UJumpsOf.
func UJumps(i int, jumps []float64) exercise.Verdict {
	res, err := exercise.UJumpsRun()
	if err != nil {
		return exercise.Verdict{Why: fmt.Sprintf("the tutorial network did not run: %v", err)}
	}
	if res.Traces.Index(i) < 0 {
		return exercise.Verdict{Why: fmt.Sprintf("neuron %d is not one of the exercise's neurons %v", i, exercise.UJumpsNeurons)}
	}
	want := UJumpsOf(res, i)
	if len(jumps) != len(want) {
		return exercise.Verdict{Why: fmt.Sprintf("neuron %d fires %d times (after its first step), you have %d jumps", i, len(want), len(jumps))}
	}
	for k := range want {
		if !(math.Abs(jumps[k]-want[k]) <= 1e-9) {
			return exercise.Verdict{Why: fmt.Sprintf("neuron %d, spike %d: you have %.4f, want %.4f: take u at the end of the spike's step minus u at the end of the step before", i, k, jumps[k], want[k])}
		}
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range want {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return exercise.Verdict{OK: true, Why: fmt.Sprintf("neuron %d's u rises by %.2f … %.2f at its spikes", i, lo, hi)}
}

func judgeUJumps(a *exercise.Answer) exercise.Verdict {
	if len(a.Values) == 0 {
		return exercise.Verdict{Why: "write uJumps first"}
	}
	var why []string
	for _, i := range exercise.UJumpsNeurons {
		jumps, err := a.Get(strconv.Itoa(i), -1)
		if err != nil {
			return brokenAnswer(err)
		}
		v := UJumps(i, jumps)
		if !v.OK {
			return v
		}
		why = append(why, v.Why)
	}
	return exercise.Verdict{OK: true, Why: strings.Join(why, "; ")}
}
