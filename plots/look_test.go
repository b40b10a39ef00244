package plots

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/gosnn/gosnn/snn"
)

func TestLook(t *testing.T) {
	dir := os.Getenv("PLOTS_LOOK")
	if dir == "" {
		t.Skip("set PLOTS_LOOK=dir to write every figure there for a look")
	}
	net, err := snn.New(snn.Tutorial(800, 200, snn.RS, snn.LTS, 0.5, 1.0, 0))
	if err != nil {
		t.Fatal(err)
	}
	res, err := net.Run(context.Background(), 1000, &snn.RunOptions{TraceAll: true})
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewRaster(res)
	if err != nil {
		t.Fatal(err)
	}
	for _, ext := range []string{"png", "svg", "pdf"} {
		if err := r.Save(filepath.Join(dir, "raster."+ext)); err != nil {
			t.Fatal(err)
		}
	}
	r.ColorPopulations = true
	if err := r.Save(filepath.Join(dir, "raster_color.png")); err != nil {
		t.Fatal(err)
	}
}

func TestLookCurrents(t *testing.T) {
	dir := os.Getenv("PLOTS_LOOK")
	if dir == "" {
		t.Skip("set PLOTS_LOOK=dir to write every figure there for a look")
	}
	res := lookResult(t)
	c, err := NewCurrents(res)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Save(filepath.Join(dir, "currents.png")); err != nil {
		t.Fatal(err)
	}
}

func lookResult(t *testing.T) *snn.Result {
	net, err := snn.New(snn.Tutorial(800, 200, snn.RS, snn.LTS, 0.5, 1.0, 0))
	if err != nil {
		t.Fatal(err)
	}
	res, err := net.Run(context.Background(), 1000, &snn.RunOptions{TraceAll: true})
	if err != nil {
		t.Fatal(err)
	}
	return res
}
