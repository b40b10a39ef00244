package exercise

// RunawayRate is the rate (Hz per neuron) above which the notebooks call a
// tutorial-sized network runaway: nearly three times the tutorial's 7.5 Hz.
const RunawayRate = 20.0

// AnswerRunaway (exercise 3, notebook 3) records the two numbers that f
// returns: the wi at which the network first runs away and the all-fire
// input there.
func AnswerRunaway(f func() (wi, balance float64)) *Answer {
	a := &Answer{Exercise: runawayExercise.Name}
	if f == nil {
		return a
	}
	wi, balance := f()
	a.set("wi", []float64{wi})
	a.set("balance", []float64{balance})
	return a
}

var runawayExercise = Exercise{
	Name:     "runaway",
	Notebook: "03-connectivity.ipynb",
	Title:    "Exercise 3: where does the network run away?",
	Funcs:    []string{"runaway"},
	Answer:   "AnswerRunaway(runaway)",
	Template: `// Exercise 3 (notebook 03-connectivity): where does the network run away?
// Keep we = 0.5 and seed 0 and lower wi from 1.0 in steps of 0.1: at which
// wi does the rate first exceed 20 Hz, and what is the all-fire input
// 800·we/2 − 200·wi/2 there?
package main

// runaway returns your two numbers. Replace the zeros.
func runaway() (wi, balance float64) {
	return 0, 0 // your answer here
}
`,
}
