package plots

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot/cmpimg"
	"gonum.org/v1/plot/vg"

	"github.com/gosnn/gosnn/snn"
)

// Golden images: each figure is rendered small (72 DPI) and compared with
// testdata/<name>_golden.png by gonum/plot's cmpimg, pixel by pixel in the
// YIQ colour space with a tolerance for anti-aliasing differences between
// platforms. A moved line, a changed colour or a missing label fails.
//
// After an intended change of the figures, regenerate the references with
//
//	go test ./plots -run TestGolden -regen
//
// (the -regen flag is cmpimg's), look at every image, and commit them.

// goldenDelta is cmpimg's normalised per-pixel tolerance: 0 is exact, 1
// anything. 0.1 forgives anti-aliasing, not a line or dot in the wrong
// place (black on white is a difference of 1).
const goldenDelta = 0.1

func checkGolden(t *testing.T, name string, f Figure, s Size) {
	t.Helper()
	if s.DPI == 0 {
		s.DPI = 72
	}
	got, err := encodeBytes(f, s, "png")
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	path := filepath.Join("testdata", name+"_golden.png")
	if *cmpimg.GenerateTestData {
		if err := snn.WriteFile(path, func(w io.Writer) error { _, err := w.Write(got); return err }); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", path)
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%s: %v (run go test ./plots -run TestGolden -regen to create it)", name, err)
	}
	ok, err := cmpimg.EqualApprox("png", got, want, goldenDelta)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !ok {
		out := filepath.Join(t.TempDir(), name+"_got.png")
		os.WriteFile(out, got, 0o644)
		if dir := os.Getenv("PLOTS_FAILED"); dir != "" {
			os.WriteFile(filepath.Join(dir, name+"_got.png"), got, 0o644)
		}
		t.Errorf("%s differs from %s (set PLOTS_FAILED=dir to keep the new image)", name, path)
	}
}

func TestGolden(t *testing.T) {
	res := tutorial(t)
	small := Size{Width: 5 * vg.Inch, Height: 3.5 * vg.Inch}

	t.Run("raster", func(t *testing.T) {
		r, err := NewRaster(res)
		if err != nil {
			t.Fatal(err)
		}
		r.Size = small
		checkGolden(t, "raster", r, r.Size)
		r.ColorPopulations = true
		r.Title = "800 RS + 200 LTS, seed 0"
		checkGolden(t, "raster_color", r, r.Size)
	})
	t.Run("raster_empty", func(t *testing.T) {
		r, err := NewRaster(syntheticResult(100, 200, 0, 1))
		if err != nil {
			t.Fatal(err)
		}
		checkGolden(t, "raster_empty", r, small)
	})
	t.Run("currents", func(t *testing.T) {
		c, err := NewCurrents(smallRun(t, 40, 10, 100, 0))
		if err != nil {
			t.Fatal(err)
		}
		checkGolden(t, "currents", c, small)
	})
	t.Run("traces", func(t *testing.T) {
		f, err := NewTraces(res, 0, 999)
		if err != nil {
			t.Fatal(err)
		}
		checkGolden(t, "traces", f, small)
	})
	t.Run("rhythm", func(t *testing.T) {
		r, err := NewRhythm(res, 5)
		if err != nil {
			t.Fatal(err)
		}
		checkGolden(t, "rhythm", r, small)
	})
	t.Run("neuron", func(t *testing.T) {
		n, err := NewNeuron(snn.CH, 10, 200, 20)
		if err != nil {
			t.Fatal(err)
		}
		checkGolden(t, "neuron_ch", n, small)
	})
	t.Run("gallery", func(t *testing.T) {
		g, err := NewGallery(10, 200, 20)
		if err != nil {
			t.Fatal(err)
		}
		checkGolden(t, "gallery", g, Size{Width: g.Width, Height: g.Height, DPI: 48})
	})
	t.Run("grid", func(t *testing.T) {
		var panels []Panel
		for _, p := range []snn.Preset{snn.RS, snn.CH, snn.TC, snn.RZ} {
			net, err := snn.New(snn.Tutorial(snn.TutorialOptions{Ne: 160, Ni: 40, Exc: p, Inh: snn.LTS, We: 0.5, Wi: 1.0, Seed: 1}))
			if err != nil {
				t.Fatal(err)
			}
			r, err := net.Run(t.Context(), 300, nil)
			if err != nil {
				t.Fatal(err)
			}
			f, err := NewRaster(r)
			if err != nil {
				t.Fatal(err)
			}
			f.Title = ""
			panels = append(panels, Panel{Title: p.Name + " + LTS", Figure: f})
		}
		g, err := NewGrid(2, 2, panels...)
		if err != nil {
			t.Fatal(err)
		}
		g.Title = "Presets"
		checkGolden(t, "grid", g, Size{Width: 8 * vg.Inch, Height: 6 * vg.Inch})
	})
}

// The SVG and PDF renderings are checked for what a vector file must
// hold: the SVG is well-formed enough to hold its text and no broken image
// MIME type; the PDF opens with cmpimg's PDF reader.
func TestVectorOutputs(t *testing.T) {
	res := tutorial(t)
	c, err := NewCurrents(res)
	if err != nil {
		t.Fatal(err)
	}
	svg, err := c.SVG()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg, []byte("data:image/png;base64,")) || bytes.Contains(svg, []byte("data:image/jpg;base64,iVBOR")) {
		t.Errorf("SVG heat map: embedded image not labelled as PNG")
	}
	if !bytes.Contains(svg, []byte("Input current")) {
		t.Errorf("SVG: title text missing")
	}
	var pdf bytes.Buffer
	if err := c.Encode(&pdf, "pdf"); err != nil {
		t.Fatal(err)
	}
	if ok, err := cmpimg.Equal("pdf", pdf.Bytes(), pdf.Bytes()); err != nil || !ok {
		t.Errorf("PDF does not parse: %v", err)
	}
}

func TestToCP1252(t *testing.T) {
	for in, want := range map[string]string{
		"time (ms)":         "time (ms)",
		"Hz²/Hz":            "Hz\xb2/Hz",
		"S1–S4, −5 × 2 ≥ 1": "S1\x96S4, -5 \xd7 2 ? 1",
	} {
		if got := toCP1252(in); got != want {
			t.Errorf("toCP1252(%q) = %q, want %q", in, got, want)
		}
	}
}
