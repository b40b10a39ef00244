package plots_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/gosnn/gosnn/plots"
	"github.com/gosnn/gosnn/snn"
)

// runTutorial runs the tutorial's network with weight scales we, wi and
// presets exc, inh for 1000 ms, seed 0, recording every neuron's traces.
func runTutorial(exc, inh snn.Preset, we, wi float64) *snn.Result {
	net, err := snn.New(snn.Tutorial(snn.TutorialOptions{Ne: 800, Ni: 200, Exc: exc, Inh: inh, We: we, Wi: wi, Seed: 0}))
	if err != nil {
		log.Fatal(err)
	}
	res, err := net.Run(context.Background(), 1000, &snn.RunOptions{TraceAll: true})
	if err != nil {
		log.Fatal(err)
	}
	return res
}

// The tutorial's three figures and the rhythm, written to a directory.
func Example() {
	dir, err := os.MkdirTemp("", "plots")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	res := runTutorial(snn.RS, snn.LTS, 0.5, 1.0)

	raster, err := plots.NewRaster(res)
	if err != nil {
		log.Fatal(err)
	}
	raster.Title = "800 RS + 200 LTS neurons"
	currents, err := plots.NewCurrents(res)
	if err != nil {
		log.Fatal(err)
	}
	traces, err := plots.NewTraces(res, 0, 999) // blue excitatory, orange inhibitory
	if err != nil {
		log.Fatal(err)
	}
	rhythm, err := plots.NewRhythm(res, 5) // 5 ms bins
	if err != nil {
		log.Fatal(err)
	}
	for name, save := range map[string]func(string) error{
		"raster.png":   raster.Save,
		"currents.png": currents.Save,
		"traces.pdf":   traces.Save,
		"rhythm.svg":   rhythm.Save,
	} {
		if err := save(filepath.Join(dir, name)); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Printf("%d spikes, dominant rhythm %.0f Hz\n", len(res.Spikes), rhythm.Dominant)
	// Output: 7648 spikes, dominant rhythm 8 Hz
}

// A raster adjusted for a paper: coloured populations, a larger size and
// resolution, PNG bytes for a notebook cell.
func ExampleRaster() {
	res := runTutorial(snn.RS, snn.LTS, 0.5, 1.0)
	r, err := plots.NewRaster(res)
	if err != nil {
		log.Fatal(err)
	}
	r.Title = ""
	r.ColorPopulations = true
	r.Width, r.Height, r.DPI = 6*vg.Inch, 4*vg.Inch, 300
	png, err := r.PNG() // for gonbui.DisplayPng in a GoNB notebook
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(png) > 0)
	// Output: true
}

// The weight scenarios S1–S4 side by side.
func ExampleGrid_scenarios() {
	var panels []plots.Panel
	for _, name := range []string{"S1", "S2", "S3", "S4"} {
		sc, err := snn.LookupScenario(name)
		if err != nil {
			log.Fatal(err)
		}
		r, err := plots.NewRaster(runTutorial(snn.RS, snn.LTS, sc.Excitatory, sc.Inhibitory))
		if err != nil {
			log.Fatal(err)
		}
		r.Title = ""
		panels = append(panels, plots.Panel{
			Title:  fmt.Sprintf("%s: we = %g, wi = %g (%d spikes)", name, sc.Excitatory, sc.Inhibitory, len(r.Spikes)),
			Figure: r,
		})
	}
	g, err := plots.NewGrid(2, 2, panels...)
	if err != nil {
		log.Fatal(err)
	}
	g.Title = "Altering connectivity"
	dir, err := os.MkdirTemp("", "plots")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := g.Save(filepath.Join(dir, "scenarios.png")); err != nil {
		log.Fatal(err)
	}
	for _, p := range g.Panels {
		fmt.Println(p.Title)
	}
	// Output:
	// S1: we = 0.6, wi = 1.6 (7418 spikes)
	// S2: we = 0.6, wi = 0.6 (75567 spikes)
	// S3: we = 0.3, wi = 0.1 (11743 spikes)
	// S4: we = 0.1, wi = 0.1 (4991 spikes)
}

// The preset pairs of the tutorial's last section, with the S5 weights.
func ExampleGrid_presetPairs() {
	sc, err := snn.LookupScenario("S5")
	if err != nil {
		log.Fatal(err)
	}
	var panels []plots.Panel
	for _, pair := range [][2]snn.Preset{{snn.RS, snn.CH}, {snn.RS, snn.TC}, {snn.RZ, snn.RS}, {snn.IB, snn.IB}} {
		res := runTutorial(pair[0], pair[1], sc.Excitatory, sc.Inhibitory)
		r, err := plots.NewRaster(res)
		if err != nil {
			log.Fatal(err)
		}
		r.Title = ""
		panels = append(panels, plots.Panel{Title: fmt.Sprintf("%s + %s: %.0f Hz", pair[0].Name, pair[1].Name, res.Rate()), Figure: r})
	}
	g, err := plots.NewGrid(2, 2, panels...)
	if err != nil {
		log.Fatal(err)
	}
	g.Title = "Changing neuron types (we = 0.3, wi = 0.2)"
	svg, err := g.SVG()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(svg) > 0)
	// Output: true
}

// Every preset's response to a step current, for the model-concept
// section.
func ExampleNewGallery() {
	g, err := plots.NewGallery(10, 300, 20)
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "plots")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := g.Save(filepath.Join(dir, "presets.pdf")); err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(g.Panels), "panels: 7 presets and the current")
	// Output: 8 panels: 7 presets and the current
}

// SpikeDots and HeatMap are gonum plotters: add spikes to a plot of your
// own.
func ExampleSpikeDots() {
	res := runTutorial(snn.RS, snn.LTS, 0.5, 1.0)
	dots, err := plots.NewSpikeDots(res.Raster()) // times in ms at the run's step
	if err != nil {
		log.Fatal(err)
	}
	dots.Color = plots.Blue
	p := plot.New()
	p.Title.Text = "First 100 ms"
	p.Add(dots)
	p.X.Min, p.X.Max = 0, 100
	dir, err := os.MkdirTemp("", "plots")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := plots.Save(plots.PlotFigure{Plot: p}, plots.Size{Width: 4 * vg.Inch, Height: 3 * vg.Inch}, filepath.Join(dir, "dots.png")); err != nil {
		log.Fatal(err)
	}
	fmt.Println("saved")
	// Output: saved
}
