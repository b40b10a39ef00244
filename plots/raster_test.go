package plots

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/gosnn/gosnn/snn"
)

func TestRasterPixels(t *testing.T) {
	res := tutorial(t)
	r, err := NewRaster(res)
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, b)
	// Size: 7 × 4.5 inches at 150 DPI.
	if got, want := img.Bounds().Size(), (image.Point{1050, 675}); got != want {
		t.Fatalf("image size %v, want %v", got, want)
	}
	x0, y0, x1, y1 := dataArea(t, img, img.Bounds())
	w, h := float64(x1-x0), float64(y1-y0)
	t.Logf("data area x %d..%d, y %d..%d", x0, x1, y0, y1)

	// The boundary line: the row with the most red pixels must be at
	// neuron 800 of 0..1000, counted up from the x axis.
	red := color.RGBA{R: 214, G: 39, B: 40, A: 255}
	bestRow, bestCount := -1, 0
	for y := y0; y <= y1; y++ {
		n := 0
		for x := x0; x < x1; x++ {
			if near(img.RGBAAt(x, y), red, 40) {
				n++
			}
		}
		if n > bestCount {
			bestRow, bestCount = y, n
		}
	}
	if bestCount < int(0.9*w) {
		t.Fatalf("no boundary line: the reddest row %d has %d red pixels of %g", bestRow, bestCount, w)
	}
	want := float64(y1) - 0.8*h
	if math.Abs(float64(bestRow)-want) > 1.5 {
		t.Errorf("boundary line at row %d, want %.1f (neuron 800 of 1000)", bestRow, want)
	}

	// Every spike is a dark dot where its time and neuron say: allow two
	// pixels for the axis lines found and rounding.
	missing := 0
	for _, s := range res.Spikes {
		px := float64(x0) + float64(s.T)/1000*w
		py := float64(y1) - float64(s.Neuron)/1000*h
		found := false
		for dy := -2; dy <= 2 && !found; dy++ {
			for dx := -2; dx <= 2 && !found; dx++ {
				c := img.RGBAAt(int(math.Round(px))+dx, int(math.Round(py))+dy)
				found = dark(c) || near(c, red, 60)
			}
		}
		if !found {
			if missing < 5 {
				t.Logf("spike %+v: no dot near pixel (%.1f, %.1f)", s, px, py)
			}
			missing++
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d spikes have no dot at their place", missing, len(res.Spikes))
	}

	// Ink: dots cover a good part of the plot area but far from all of it
	// (small dots, not blobs), and none lies outside it on the right.
	ink := 0
	for y := y0; y < y1; y++ {
		for x := x0 + 2; x < x1; x++ {
			if dark(img.RGBAAt(x, y)) {
				ink++
			}
		}
	}
	frac := float64(ink) / (w * h)
	if frac < 0.02 || frac > 0.25 {
		t.Errorf("dark pixels cover %.3f of the plot area, want 0.02–0.25 for 7648 small dots", frac)
	}
}

// TestRasterDense draws 700 000 spikes, with a synchronous burst (every
// neuron in each of 20 steps) among uniformly random ones: the plot area
// must not turn into one black blob, and the burst must stand out.
func TestRasterDense(t *testing.T) {
	res := syntheticResult(1000, 1000, 680_000, 1)
	burst := make(snn.Spikes, 0, 20_000)
	for step := 500; step < 520; step++ {
		for i := range 1000 {
			burst = append(burst, snn.Spike{T: step, Neuron: i})
		}
	}
	res.Spikes = append(res.Spikes, burst...) // order does not matter for drawing
	r, err := NewRaster(res)
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, b)
	// Find the plot area on the same raster without spikes: dense dots
	// touch the axes.
	empty := *r
	empty.Spikes = nil
	eb, err := empty.PNG()
	if err != nil {
		t.Fatal(err)
	}
	x0, y0, x1, y1 := dataArea(t, decodePNG(t, eb), img.Bounds())
	w := float64(x1 - x0)
	// Mean darkness (0 white … 1 black) of the columns of the burst and of
	// the columns of 100–400 ms.
	darkness := func(t0, t1 float64) float64 {
		sum, n := 0.0, 0
		for x := x0 + int(t0/1000*w) + 2; x < x0+int(t1/1000*w)-1; x++ {
			for y := y0 + 1; y < y1-1; y++ {
				c := img.RGBAAt(x, y)
				sum += 1 - float64(int(c.R)+int(c.G)+int(c.B))/(3*255)
				n++
			}
		}
		return sum / float64(n)
	}
	background, inBurst := darkness(100, 400), darkness(500, 520)
	t.Logf("darkness: background %.2f, burst %.2f", background, inBurst)
	if background > 0.8 {
		t.Errorf("uniform spikes darken the plot area to %.2f: a blob, not dots", background)
	}
	if inBurst < background+0.15 {
		t.Errorf("burst darkness %.2f does not stand out from the background's %.2f", inBurst, background)
	}
}

func TestRasterEmpty(t *testing.T) {
	res := syntheticResult(100, 200, 0, 1)
	r, err := NewRaster(res)
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, b)
	x0, y0, x1, y1 := dataArea(t, img, img.Bounds())
	// The note is grey text in the middle; there are no black dots.
	grey, black := 0, 0
	for y := y0 + 2; y < y1-2; y++ {
		for x := x0 + 3; x < x1; x++ {
			c := img.RGBAAt(x, y)
			switch {
			case near(c, color.RGBA{R: 110, G: 110, B: 110}, 30):
				grey++
			case dark(c):
				black++
			}
		}
	}
	if grey < 20 {
		t.Errorf("empty raster: %d grey pixels of the note %q, want some", grey, r.Note)
	}
	if black > 0 {
		t.Errorf("empty raster: %d black pixels in the plot area, want none", black)
	}
}

func TestRasterErrors(t *testing.T) {
	good := syntheticResult(10, 100, 20, 1)
	badNeuron := syntheticResult(10, 100, 20, 1)
	badNeuron.Spikes = append(snn.Spikes(nil), badNeuron.Spikes...)
	badNeuron.Spikes[3].Neuron = 10
	badTime := syntheticResult(10, 100, 20, 1)
	badTime.Spikes = append(snn.Spikes{{T: -1, Neuron: 0}}, badTime.Spikes...)
	for _, tc := range []struct {
		name string
		res  *snn.Result
		want string
	}{
		{"nil", nil, "nil result"},
		{"no neurons", &snn.Result{Steps: 10}, "at least one"},
		{"neuron out of range", badNeuron, "neuron 10"},
		{"time out of range", badTime, "step -1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewRaster(tc.res)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("NewRaster: error %v, want one containing %q", err, tc.want)
			}
		})
	}
	r, err := NewRaster(good)
	if err != nil {
		t.Fatal(err)
	}
	r.TimeMax = math.NaN()
	if _, err := r.PNG(); err == nil || !strings.Contains(err.Error(), "axis ranges") {
		t.Errorf("NaN axis range: error %v, want one about the axis ranges", err)
	}
}

func TestSaveFormats(t *testing.T) {
	r, err := NewRaster(syntheticResult(100, 100, 500, 2))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	magic := map[string]string{"png": "\x89PNG", "svg": "<?xml", "pdf": "%PDF"}
	for _, ext := range []string{"png", "svg", "pdf", "PNG"} {
		path := filepath.Join(dir, "r."+ext)
		if err := r.Save(path); err != nil {
			t.Fatalf("Save(%s): %v", path, err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if m := magic[strings.ToLower(ext)]; !bytes.HasPrefix(b, []byte(m)) {
			t.Errorf("%s starts with %q, want %q", path, b[:min(len(b), 8)], m)
		}
	}
	// Unknown extension: an error listing the supported ones, no file.
	path := filepath.Join(dir, "r.gif")
	err = r.Save(path)
	if err == nil || !strings.Contains(err.Error(), ".png, .svg, .pdf") {
		t.Errorf("Save(.gif): error %v, want one listing .png, .svg, .pdf", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("Save(.gif) left a file: %v", err)
	}
	var buf bytes.Buffer
	if err := r.Encode(&buf, "jpeg"); err == nil || !strings.Contains(err.Error(), "png, svg, pdf") {
		t.Errorf("Encode(jpeg): error %v, want one listing png, svg, pdf", err)
	}
	// A figure that cannot be drawn leaves no file either.
	r.NeuronMax = r.NeuronMin
	path = filepath.Join(dir, "broken.png")
	if err := r.Save(path); err == nil {
		t.Errorf("Save of a raster with an empty neuron range: no error")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("failed Save left a file: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestSizeAndDPI(t *testing.T) {
	r, err := NewRaster(syntheticResult(100, 100, 500, 2))
	if err != nil {
		t.Fatal(err)
	}
	r.Width, r.Height, r.DPI = 4*vg.Inch, 3*vg.Inch, 300
	b, err := r.PNG()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := decodePNG(t, b).Bounds().Size(), (image.Point{1200, 900}); got != want {
		t.Errorf("4 × 3 inches at 300 DPI: %v pixels, want %v", got, want)
	}
	// The PNG records its resolution: pHYs, 11811 pixels per metre.
	if i := bytes.Index(b, []byte("pHYs")); i < 0 || i > 40 {
		t.Errorf("no pHYs chunk after IHDR (at %d)", i)
	} else if got := binary.BigEndian.Uint32(b[i+4:]); got != 11811 || b[i+12] != 1 {
		t.Errorf("pHYs: %d pixels per unit %d, want 11811 per metre (300 DPI)", got, b[i+12])
	}
	if s := Inches(4, 3, 300); s != r.Size {
		t.Errorf("Inches(4, 3, 300) = %+v, want %+v", s, r.Size)
	}
	for _, bad := range []Size{
		{Width: 1e6 * vg.Inch, Height: vg.Inch},
		{Width: -vg.Inch},
		{Height: vg.Length(math.NaN())},
		{DPI: -72},
		{Width: 100 * vg.Inch, Height: 100 * vg.Inch, DPI: 600}, // 3.6e9 pixels
	} {
		r.Size = bad
		if _, err := r.PNG(); err == nil {
			t.Errorf("size %+v: no error", bad)
		}
	}
}

// SpikeDots is a plot.Plotter and plot.DataRanger usable in any plot.
func TestSpikeDotsInPlot(t *testing.T) {
	var _ plot.Plotter = (*SpikeDots)(nil)
	var _ plot.DataRanger = (*SpikeDots)(nil)
	d, err := NewSpikeDots(snn.TimedSpikes{Spikes: snn.Spikes{{T: 5, Neuron: 2}, {T: 9, Neuron: 7}}, DT: 1})
	if err != nil {
		t.Fatal(err)
	}
	xmin, xmax, ymin, ymax := d.DataRange()
	if xmin != 5 || xmax != 9 || ymin != 2 || ymax != 7 {
		t.Errorf("DataRange = %g, %g, %g, %g, want 5, 9, 2, 7", xmin, xmax, ymin, ymax)
	}
	if _, err := NewSpikeDots(badXYs{}); err == nil || !strings.Contains(err.Error(), "finite") {
		t.Errorf("NaN point: error %v, want one about finite coordinates", err)
	}
}

type badXYs struct{}

func (badXYs) Len() int                { return 2 }
func (badXYs) XY(i int) (x, y float64) { return float64(i), math.NaN() }
