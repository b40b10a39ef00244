package exercise

import (
	"strconv"
	"sync"

	"github.com/gosnn/gosnn/snn"
)

// UJumpsNeurons are the neurons of exercise 2, the tutorial's: an
// excitatory (1) and an inhibitory (811) one.
var UJumpsNeurons = []int{1, 811}

// A UJumpsFunc returns the rise of u in the step of each spike of neuron
// i in res, which traces it.
type UJumpsFunc func(res *snn.Result, i int) []float64

// UJumpsRun returns the tutorial network's run that exercise 2 measures
// (seed 0, 1000 ms, tracing UJumpsNeurons), made once.
var UJumpsRun = sync.OnceValues(func() (*snn.Result, error) {
	return RunTutorial(1, &snn.RunOptions{Trace: UJumpsNeurons})
})

// AnswerUJumps (exercise 2, notebook 2) runs f on the tutorial network's
// run (seed 0, tracing UJumpsNeurons) for each of UJumpsNeurons and
// records the jumps under the neuron's number.
func AnswerUJumps(f UJumpsFunc) *Answer {
	a := &Answer{Exercise: ujumpsExercise.Name}
	if f == nil {
		return a
	}
	res, err := UJumpsRun()
	if err != nil {
		a.Error = err.Error()
		return a
	}
	for _, i := range UJumpsNeurons {
		a.set(strconv.Itoa(i), f(res, i))
	}
	return a
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
}
