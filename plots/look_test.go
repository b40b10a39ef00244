package plots

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/gosnn/gosnn/snn"
)

// TestLook writes every figure to $PLOTS_LOOK for a person to look at.
func TestLook(t *testing.T) {
	dir := os.Getenv("PLOTS_LOOK")
	if dir == "" {
		t.Skip("set PLOTS_LOOK=dir to write every figure there for a look")
	}
	save := func(name string, f interface{ Save(string) error }, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Save(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	dense, err := NewRaster(syntheticResult(1000, 1000, 700_000, 1))
	save("raster_700k.png", dense, err)
	n, err := NewNeuron(snn.RS, 10, 300, 20)
	save("neuron_rs.png", n, err)
	g, err := NewGallery(10, 300, 20)
	save("gallery.png", g, err)
	var panels []Panel
	for _, name := range []string{"S1", "S2", "S3", "S4"} {
		sc, _ := snn.LookupScenario(name)
		res := run(t, snn.Tutorial(800, 200, snn.RS, snn.LTS, sc.Excitatory, sc.Inhibitory, 0), false)
		r, err := NewRaster(res)
		if err != nil {
			t.Fatal(err)
		}
		r.Title = ""
		panels = append(panels, Panel{Title: name, Figure: r})
	}
	grid, err := NewGrid(2, 2, panels...)
	grid.Title = "Weight scenarios"
	save("grid_scenarios.png", grid, err)
}

func tutorialCfg() snn.Config { return snn.Tutorial(800, 200, snn.RS, snn.LTS, 0.5, 1.0, 0) }

func run(t testing.TB, cfg snn.Config, traces bool) *snn.Result {
	net, err := snn.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	res, err := net.Run(context.Background(), 1000, &snn.RunOptions{TraceAll: traces})
	if err != nil {
		t.Fatal(err)
	}
	return res
}
