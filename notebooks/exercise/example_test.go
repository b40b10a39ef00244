package exercise_test

import (
	"encoding/json"
	"fmt"
	"log"

	"github.com/gosnn/gosnn/notebooks/exercise"
	"github.com/gosnn/gosnn/notebooks/exercise/check"
)

// A student's answer to exercise 3 is recorded as named numbers, which a
// grader judges apart from the student's code.
func ExampleAnswerRunaway() {
	runaway := func() (wi, balance float64) { return 0.7, 130 }
	a := exercise.AnswerRunaway(runaway)
	b, err := json.Marshal(a)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(b))
	fmt.Println(check.Judge("runaway", a))
	fmt.Println(check.Judge("runaway", exercise.AnswerRunaway(func() (float64, float64) { return 0.8, 120 })))
	// Output:
	// {"exercise":"runaway","values":{"balance":[130],"wi":[0.7]}}
	// ✔ right: the network runs away from wi = 0.7, an all-fire input of +130 (the tutorial's is +100)
	// ✘ not yet: wi = 0.8 is not the first runaway value; run the sweep and compare each rate with 20 Hz
}

// The exercises, with the functions a submission declares.
func ExampleExercises() {
	for _, e := range exercise.Exercises() {
		fmt.Printf("%-8s %-22s %v\n", e.Name, e.Notebook, e.Funcs)
	}
	// Output:
	// step     01-model.ipynb         [step]
	// ujumps   02-network.ipynb       [uJumps]
	// runaway  03-connectivity.ipynb  [runaway]
	// jitters  04-neuron-types.ipynb  [keepD keepC]
	// window   05-plasticity.ipynb    [window]
}
