package exercise

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/gosnn/gosnn/snn"
)

// UJumpsNeurons are the neurons of exercise 2, the tutorial's: an
// excitatory (1) and an inhibitory (811) one.
var UJumpsNeurons = []int{1, 811}

// A UJumpsFunc returns the rise of u in the step of each spike of neuron
// i in res, which traces it.
type UJumpsFunc func(res *snn.Result, i int) []float64

// UJumps returns, for each spike of neuron i in res (which must trace it),
// by how much u rose in the step of the spike: u at the end of that step
// minus u at the end of the step before. It returns nil when i is not
// traced.
func UJumps(res *snn.Result, i int) []float64 {
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

// ujumpsRun is the tutorial network's run that exercise 2 measures, made
// once.
var ujumpsRun = sync.OnceValues(func() (*snn.Result, error) {
	return runTutorial(1, &snn.RunOptions{Trace: UJumpsNeurons})
})

// AnswerUJumps (exercise 2, notebook 2) runs f on the tutorial network's
// run (seed 0, tracing UJumpsNeurons) for each of UJumpsNeurons and
// records the jumps under the neuron's number.
func AnswerUJumps(f UJumpsFunc) *Answer {
	a := &Answer{Exercise: ujumpsExercise.Name}
	if f == nil {
		return a
	}
	res, err := ujumpsRun()
	if err != nil {
		a.Error = err.Error()
		return a
	}
	for _, i := range UJumpsNeurons {
		a.set(strconv.Itoa(i), f(res, i))
	}
	return a
}

// JudgeUJumps compares a student's jumps of u at the spikes of neuron i
// (tutorial network, seed 0) with UJumps.
func JudgeUJumps(i int, jumps []float64) Verdict {
	res, err := ujumpsRun()
	if err != nil {
		return Verdict{Why: fmt.Sprintf("the tutorial network did not run: %v", err)}
	}
	if res.Traces.Index(i) < 0 {
		return Verdict{Why: fmt.Sprintf("neuron %d is not one of the exercise's neurons %v", i, UJumpsNeurons)}
	}
	want := UJumps(res, i)
	if len(jumps) != len(want) {
		return Verdict{Why: fmt.Sprintf("neuron %d fires %d times (after its first step), you have %d jumps", i, len(want), len(jumps))}
	}
	for k := range want {
		if !(math.Abs(jumps[k]-want[k]) <= 1e-9) {
			return Verdict{Why: fmt.Sprintf("neuron %d, spike %d: you have %.4f, want %.4f: take u at the end of the spike's step minus u at the end of the step before", i, k, jumps[k], want[k])}
		}
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range want {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return Verdict{OK: true, Why: fmt.Sprintf("neuron %d's u rises by %.2f … %.2f at its spikes", i, lo, hi)}
}

func judgeUJumps(a *Answer) Verdict {
	if len(a.Values) == 0 {
		return Verdict{Why: "write uJumps first"}
	}
	var why []string
	for _, i := range UJumpsNeurons {
		jumps, err := a.values(strconv.Itoa(i), -1)
		if err != nil {
			return brokenAnswer(err)
		}
		v := JudgeUJumps(i, jumps)
		if !v.OK {
			return v
		}
		why = append(why, v.Why)
	}
	return Verdict{OK: true, Why: strings.Join(why, "; ")}
}

var ujumpsExercise = Exercise{
	Name:     "ujumps",
	Notebook: "02-network.ipynb",
	Title:    "Exercise 2: how much does u rise at a spike?",
	Funcs:    []string{"uJumps"},
	Answer:   "AnswerUJumps(uJumps)",
	Template: `// Exercise 2 (notebook 02-network): how much does u rise at a spike?
// Write uJumps: for each spike of neuron i after the first step, u at the
// end of the spike's step minus u at the end of the step before. The
// grader runs it on the tutorial network (seed 0) for neurons 1 and 811.
package main

import "github.com/gosnn/gosnn/snn"

// uJumps returns the rise of u in the step of each spike of neuron i.
// res.Traces.U holds the traced neurons' u sample by sample: the value of
// res.Traces.Neurons[j] in step k is U[k*len(Neurons)+j]. Replace the body.
func uJumps(res *snn.Result, i int) []float64 {
	return nil // your code here
}
`,
	judge: judgeUJumps,
}
