// Figures draws each of plots' general figures from plain slices, as an
// experiment script would, and prints the error of a bad series: the
// test runs it interpreted and compiled and compares the files. (Not as
// PDF: a PDF records the time it was made, so no two are the same.)
package main

import (
	"fmt"
	"math"
	"os"

	"github.com/gosnn/gosnn/plots"
	"github.com/gosnn/gosnn/snn"
)

func main() {
	t := make([]float64, 50)
	a, b := make([]float64, 50), make([]float64, 50)
	for k := range t {
		t[k] = float64(k)
		a[k] = math.Sin(t[k] / 5)
		b[k] = math.Cos(t[k] / 7)
	}
	lines := plots.NewLines("Two curves", "time (ms)", "value")
	check(lines.Add("sin", t, a))
	check(lines.Add("cos", t, b))
	lines.Size = plots.Inches(4, 3, 72)
	lines.Title = "Two curves, first 40 ms" // fields of the embedded Axes
	lines.XMin, lines.XMax = 0, 40
	check(lines.Save(snn.OutPath("lines.svg")))

	scatter := plots.NewScatter("Points", "a", "b")
	check(scatter.Add("", a, b))
	check(scatter.Save(snn.OutPath("scatter.png")))

	hist, err := plots.NewHistogram("Values", "a", a, 10)
	check(err)
	check(hist.Add("cos", b))
	hist.Density = true
	check(hist.Save(snn.OutPath("histogram.svg")))

	m, err := plots.NewSweepMap("Map", "x", []float64{1, 2, 3}, "y", []float64{10, 20})
	check(err)
	for i := range m.Z {
		for j := range m.Z[i] {
			m.Z[i][j] = float64(i*10 + j)
		}
	}
	m.ValueLabel = "value"
	check(m.Save(snn.OutPath("map.png")))

	fmt.Println(lines.Add("bad", t, a[:3]))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
