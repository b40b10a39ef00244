package plots_test

import (
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"

	"github.com/gosnn/gosnn/plots"
)

// Two labelled curves with a legend, saved as PNG.
func ExampleLines() {
	t := make([]float64, 100)
	a, b := make([]float64, len(t)), make([]float64, len(t))
	for k := range t {
		t[k] = float64(k)
		a[k] = math.Exp(-t[k] / 20)
		b[k] = math.Exp(-t[k] / 50)
	}
	f := plots.NewLines("Synaptic traces", "time (ms)", "trace")
	if err := f.Add("τ = 20 ms", t, a); err != nil {
		log.Fatal(err)
	}
	if err := f.Add("τ = 50 ms", t, b); err != nil {
		log.Fatal(err)
	}
	f.Size = plots.Inches(6, 4, 150)
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)
	err := f.Save(filepath.Join(dir, "traces.png"))
	fmt.Println(err)
	// Output: <nil>
}

// A heat map of the firing rate over a sweep of two weights, with a
// colour bar: Z[i][j] is the value at X[i], Y[j].
func ExampleSweepMap() {
	we := []float64{0.25, 0.5, 1}
	wi := []float64{0.5, 1, 2}
	m, err := plots.NewSweepMap("Mean rate", "we", we, "wi", wi)
	if err != nil {
		log.Fatal(err)
	}
	for i := range we {
		for j := range wi {
			m.Z[i][j] = 20 * we[i] / wi[j] // a run's rate, in a real sweep
		}
	}
	m.ValueLabel = "rate (Hz)"
	dir, _ := os.MkdirTemp("", "plots")
	defer os.RemoveAll(dir)
	fmt.Println(m.Save(filepath.Join(dir, "sweep.pdf")))

	// A missing value is an error that says where it is.
	m.Z[1][2] = math.NaN()
	_, err = m.PNG()
	fmt.Println(err)
	// Output:
	// <nil>
	// sweep map: Z[1][2] (at we = 0.5, wi = 2) is NaN: values must be finite numbers
}

// The distribution of values in 20 bins; Density makes the bars' area 1.
func ExampleHistogram() {
	w := make([]float64, 1000)
	for i := range w {
		w[i] = 0.5 * float64(i%97) / 97 // a weight matrix's entries, say
	}
	h, err := plots.NewHistogram("Excitatory weights", "weight", w, 20)
	if err != nil {
		log.Fatal(err)
	}
	h.Density = true
	b, err := h.PNG()
	fmt.Println(len(b) > 0, err)

	_, err = plots.NewHistogram("ISIs", "ISI (ms)", nil, 0)
	fmt.Println(err)
	// Output:
	// true <nil>
	// histogram: sample 0 has no values: give at least one
}

// Points of two groups, each in its colour, with a legend.
func ExampleScatter() {
	f := plots.NewScatter("Rate against in-degree", "in-degree", "rate (Hz)")
	if err := f.Add("excitatory", []float64{80, 95, 110}, []float64{4, 6, 9}); err != nil {
		log.Fatal(err)
	}
	err := f.Add("inhibitory", []float64{90, 100}, []float64{12})
	fmt.Println(err)
	// Output: scatter: series 1 ("inhibitory") has 2 x values and 1 y values: each point needs one of each
}
