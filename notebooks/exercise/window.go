package exercise

// WindowMin and WindowMax are the s (ms) at which exercise 5 tries the
// student's window: −40 to 40 ms, where the published traces have decayed
// to about a seventh.
const (
	WindowMin = -40
	WindowMax = 40
)

// AnswerWindow (exercise 5, notebook 5) records window(s) for s =
// WindowMin, …, WindowMax (name "window").
func AnswerWindow(window func(s int) float64) *Answer {
	a := &Answer{Exercise: windowExercise.Name}
	if window == nil {
		return a
	}
	x := make([]float64, 0, WindowMax-WindowMin+1)
	for s := WindowMin; s <= WindowMax; s++ {
		x = append(x, window(s))
	}
	a.set("window", x)
	return a
}

var windowExercise = Exercise{
	Name:     "window",
	Notebook: "05-plasticity.ipynb",
	Title:    "Exercise 5: the STDP window",
	Funcs:    []string{"window"},
	Answer:   "AnswerWindow(window)",
	Template: `// Exercise 5 (notebook 05-plasticity): the STDP window.
// Write the change of an excitatory synapse's derivative sd that one pair
// of spikes makes under the published spnet rule, where s is the ms in
// which the postsynaptic neuron fires minus the ms in which the
// presynaptic spike arrives. As in the notebook's cell, package math
// is in scope without an import (importing "math" does no harm).
package main

// window returns the change of sd for a post spike s ms after the pre
// spike's arrival. Replace the body.
func window(s int) float64 {
	return 0 // your code here
}
`,
}
