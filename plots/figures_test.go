package plots

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/gosnn/gosnn/snn"
)

// grid is a plotter.GridXYZ of a function on unit cells centred on
// 0, 1, …, cols−1 and 0, 1, …, rows−1.
type grid struct {
	cols, rows int
	z          func(c, r int) float64
}

func (g grid) Dims() (int, int)   { return g.cols, g.rows }
func (g grid) Z(c, r int) float64 { return g.z(c, r) }
func (g grid) X(c int) float64    { return float64(c) }
func (g grid) Y(r int) float64    { return float64(r) }

// uneven moves column 2 off the even spacing.
type uneven struct{ grid }

func (u uneven) X(c int) float64 {
	if c == 2 {
		return 2.5
	}
	return float64(c)
}

func heatPlot(h *HeatMap) PlotFigure { p := plot.New(); p.Add(h); p.HideAxes(); return PlotFigure{p} }

// TestHeatMapPixels draws a grid whose left half is −1 and right half +1,
// with a fine checkerboard of ±1 in the top half of the right side: the
// halves must take the palette's end colours, and the checkerboard, far
// finer than a pixel, its middle colour (the mean), not a speckle of end
// colours.
func TestHeatMapPixels(t *testing.T) {
	const cols, rows = 4000, 400
	g := grid{cols, rows, func(c, r int) float64 {
		switch {
		case c < cols/2:
			return -1
		case r >= rows/2:
			return float64(1 - 2*((c+r)%2))
		default:
			return 1
		}
	}}
	h, err := NewHeatMap(g)
	if err != nil {
		t.Fatal(err)
	}
	var _ plot.Plotter = h
	var _ plot.DataRanger = h
	if h.Min != -1 || h.Max != 1 {
		t.Errorf("range %g..%g, want -1..1", h.Min, h.Max)
	}
	b, err := encodeBytes(heatPlot(h), Size{Width: 4 * vg.Inch, Height: 2 * vg.Inch, DPI: 100}, "png")
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, b)
	table, err := newColorTable(h.Palette, -1, 1, 512)
	if err != nil {
		t.Fatal(err)
	}
	rgba := func(v float64) color.RGBA { c := table.at(v); return color.RGBA{c[0], c[1], c[2], c[3]} }
	// gonum's plot leaves a margin for hidden axes; sample well inside.
	for _, tc := range []struct {
		name string
		x, y int
		want float64
	}{
		{"left half", 100, 150, -1},
		{"right half, bottom", 300, 150, 1},
		{"checkerboard", 300, 50, 0},
	} {
		if got := img.RGBAAt(tc.x, tc.y); !near(got, rgba(tc.want), 6) {
			t.Errorf("%s at (%d, %d): colour %v, want %v (value %g)", tc.name, tc.x, tc.y, got, rgba(tc.want), tc.want)
		}
	}
}

func TestHeatMapErrors(t *testing.T) {
	nan := grid{3, 3, func(c, r int) float64 {
		if c == 1 && r == 2 {
			return math.NaN()
		}
		return 0
	}}
	if _, err := NewHeatMap(nan); err == nil || !strings.Contains(err.Error(), "column 1, row 2") {
		t.Errorf("NaN value: error %v, want one naming column 1, row 2", err)
	}
	if _, err := NewHeatMap(uneven{grid{4, 3, func(int, int) float64 { return 0 }}}); err == nil || !strings.Contains(err.Error(), "evenly spaced") {
		t.Errorf("uneven X: error %v, want one about even spacing", err)
	}
	if _, err := NewHeatMap(grid{0, 3, nil}); err == nil {
		t.Errorf("empty grid: no error")
	}
	if _, err := NewHeatMap(nil); err == nil {
		t.Errorf("nil grid: no error")
	}
}

func TestCurrents(t *testing.T) {
	res := tutorial(t)
	c, err := NewCurrents(res)
	if err != nil {
		t.Fatal(err)
	}
	if c.Map.Min != -c.Map.Max || !(c.Map.Max > 0) {
		t.Errorf("colour range %g..%g, want symmetric about 0", c.Map.Min, c.Map.Max)
	}
	b, err := c.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, b)
	if got, want := img.Bounds().Size(), (image.Point{1050, 675}); got != want {
		t.Fatalf("image size %v, want %v", got, want)
	}
	// The heat map fills the plot area: measure how far its pixels are
	// from the palette's middle. Excitatory neurons get noise of SD 5,
	// inhibitory ones SD 2, so the inhibitory band (top fifth) must be
	// paler.
	x0, y0, x1, y1 := 110, 50, 880, 600 // inside the plot area
	mid := color.RGBA{221, 221, 221, 255}
	{
		tb, _ := newColorTable(c.Map.Palette, -1, 1, 3)
		m := tb.at(0)
		mid = color.RGBA{m[0], m[1], m[2], 255}
	}
	spread := func(ya, yb int) float64 {
		sum, n := 0.0, 0
		for y := ya; y < yb; y++ {
			for x := x0; x < x1; x++ {
				p := img.RGBAAt(x, y)
				sum += math.Abs(float64(p.R)-float64(mid.R)) + math.Abs(float64(p.B)-float64(mid.B))
				n++
			}
		}
		return sum / float64(n)
	}
	h := y1 - y0
	inh, exc := spread(y0+5, y0+h/5-10), spread(y0+h/5+10, y1-5)
	t.Logf("mean distance from the middle colour: inhibitory %.1f, excitatory %.1f", inh, exc)
	if !(exc > 1.5*inh) || inh == 0 {
		t.Errorf("excitatory band (noise SD 5) not more colourful than the inhibitory band (SD 2): %.1f vs %.1f", exc, inh)
	}
	// The colour bar: red at the top, blue at the bottom, to the right of
	// the plot area.
	var top, bottom color.RGBA
	for x := 900; x < 1000; x++ {
		if p := img.RGBAAt(x, 60); p.R > 150 && p.B < 100 {
			top, bottom = p, img.RGBAAt(x, 590)
			break
		}
	}
	if !(top.R > 150 && top.B < 100 && bottom.B > 150 && bottom.R < 100) {
		t.Errorf("colour bar: top %v, bottom %v; want red over blue", top, bottom)
	}
}

func TestCurrentsErrors(t *testing.T) {
	noTraces := syntheticResult(10, 100, 5, 1)
	if _, err := NewCurrents(noTraces); err == nil || !strings.Contains(err.Error(), "TraceAll") {
		t.Errorf("no traces: error %v, want one suggesting TraceAll", err)
	}
	res := smallRun(t, 8, 2, 50, 1)
	short := *res
	tr := *res.Traces
	tr.I = tr.I[:len(tr.I)-1]
	short.Traces = &tr
	if _, err := NewCurrents(&short); err == nil || !strings.Contains(err.Error(), "I has") {
		t.Errorf("short I: error %v, want one about the length of I", err)
	}
	nan := *res
	tr2 := *res.Traces
	tr2.I = append([]float64(nil), tr2.I...)
	tr2.I[17] = math.NaN()
	nan.Traces = &tr2
	if _, err := NewCurrents(&nan); err == nil || !strings.Contains(err.Error(), "finite") {
		t.Errorf("NaN current: error %v, want one about finite values", err)
	}
	c, err := NewCurrents(res)
	if err != nil {
		t.Fatal(err)
	}
	c.Map.Min, c.Map.Max = 1, 1
	if _, err := c.PNG(); err == nil || !strings.Contains(err.Error(), "Min must be below Max") {
		t.Errorf("empty colour range: error %v", err)
	}
}

func TestTracesColors(t *testing.T) {
	res := tutorial(t)
	f, err := NewTraces(res, 0, 999)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Series) != 2 || f.Series[0].Color != Blue || f.Series[1].Color != Orange {
		t.Fatalf("series colours %v, want blue then orange", f.Series)
	}
	b, err := f.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, b)
	// Count pixels of each colour in the top (v) and bottom (u) halves.
	count := func(want color.RGBA, ya, yb int) int {
		n := 0
		for y := ya; y < yb; y++ {
			for x := 0; x < img.Bounds().Dx(); x++ {
				if near(img.RGBAAt(x, y), want, 25) {
					n++
				}
			}
		}
		return n
	}
	h := img.Bounds().Dy()
	for _, c := range []struct {
		name string
		col  color.RGBA
	}{{"blue", Blue}, {"orange", Orange}} {
		// The legend is in the first 70 pixels; the v panel below it.
		if n := count(c.col, 70, h/2); n < 500 {
			t.Errorf("%s: %d pixels in the v panel, want a line of at least 500", c.name, n)
		}
		if n := count(c.col, h/2+20, h); n < 500 {
			t.Errorf("%s: %d pixels in the u panel, want a line of at least 500", c.name, n)
		}
	}
	// Two neurons of each population: the first of each keeps blue or
	// orange, the others take colours no population uses.
	f4, err := NewTraces(res, 5, 400, 805, 990)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range []color.Color{Blue, Green, Orange, Purple} {
		if f4.Series[k].Color != want {
			t.Errorf("series %d (%s): colour %v, want %v", k, f4.Series[k].Label, f4.Series[k].Color, want)
		}
	}
	// One neuron: no orange anywhere.
	f1, err := NewTraces(res, 5)
	if err != nil {
		t.Fatal(err)
	}
	b, err = f1.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img = decodePNG(t, b)
	if n := count(Orange, 0, h); n > 0 {
		t.Errorf("one excitatory neuron: %d orange pixels, want none", n)
	}
}

func TestTracesErrors(t *testing.T) {
	res := smallRun(t, 8, 2, 50, 1)
	some := smallRun(t, 8, 2, 50, 1)
	sel, err := some.Traces.Select([]int{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	some.Traces = sel
	nan := smallRun(t, 8, 2, 50, 1)
	nan.Traces.V[3*10+9] = math.Inf(1)
	for _, tc := range []struct {
		name    string
		res     *snn.Result
		neurons []int
		want    string
	}{
		{"nil", nil, nil, "nil result"},
		{"no traces", syntheticResult(10, 50, 3, 1), nil, "no traces"},
		{"out of range", res, []int{10}, "neuron 10 out of range"},
		{"negative", res, []int{-1}, "neuron -1 out of range"},
		{"not traced", some, []int{5}, "neuron 5 was not traced: traced neurons are 1, 2"},
		{"infinite", nan, []int{9}, "finite"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewTraces(tc.res, tc.neurons...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
	f, err := NewTraces(res)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Series) != 2 || !strings.Contains(f.Series[0].Label, "neuron 0") || !strings.Contains(f.Series[1].Label, "neuron 9") {
		t.Errorf("default neurons: %v, want 0 and 9", f.Series)
	}
	f.Series[1].U = f.Series[1].U[:10]
	if _, err := f.PNG(); err == nil || !strings.Contains(err.Error(), "must match") {
		t.Errorf("mismatched v and u: error %v", err)
	}
}

func TestRhythm(t *testing.T) {
	res := tutorial(t)
	r, err := NewRhythm(res, 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.Dominant != res.DominantFrequency() || r.Dominant == 0 {
		t.Errorf("dominant %g Hz, want the result's %g", r.Dominant, res.DominantFrequency())
	}
	if len(r.Rate) != 200 {
		t.Errorf("%d rate bins of 5 ms in 1000 ms, want 200", len(r.Rate))
	}
	b, err := r.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, b)
	// The shaded bands and the red peak mark are in the lower half.
	h := img.Bounds().Dy()
	var alpha, gamma, peak int
	for y := h / 2; y < h; y++ {
		for x := range img.Bounds().Dx() {
			p := img.RGBAAt(x, y)
			switch {
			case near(p, color.RGBA{R: 209, G: 226, B: 239}, 12):
				alpha++
			case near(p, color.RGBA{R: 255, G: 231, B: 208}, 12):
				gamma++
			case near(p, Red, 30):
				peak++
			}
		}
	}
	if alpha < 1000 || gamma < 5*alpha || peak < 20 {
		t.Errorf("bands and peak: %d alpha, %d gamma, %d red pixels; want both bands (gamma much wider) and a peak mark", alpha, gamma, peak)
	}
	// A silent run: a flat rate, no peak, still a figure.
	silent, err := NewRhythm(syntheticResult(10, 100, 0, 1), 0)
	if err != nil {
		t.Fatal(err)
	}
	if silent.Dominant != 0 {
		t.Errorf("silent run: dominant %g Hz, want 0", silent.Dominant)
	}
	if _, err := silent.PNG(); err != nil {
		t.Errorf("silent run: %v", err)
	}
	r.Power = r.Power[1:]
	if _, err := r.PNG(); err == nil || !strings.Contains(err.Error(), "must match") {
		t.Errorf("mismatched spectrum: error %v", err)
	}
	if _, err := NewRhythm(res, -5); err == nil {
		t.Errorf("negative bin: no error")
	}
	if _, err := NewRhythm(res, 5000); err == nil || !strings.Contains(err.Error(), "at least one bin") {
		t.Errorf("bin longer than the run: error %v", err)
	}
}

func TestNeuronResponse(t *testing.T) {
	// Against a direct loop of the model's own step with the same current.
	v, i, err := NeuronResponse(snn.RS, 10, 200, 20)
	if err != nil {
		t.Fatal(err)
	}
	z := snn.NewIzhikevich(1, snn.RS.Params)
	spikes := 0
	for step := range 200 {
		in := 0.0
		if step >= 20 {
			in = 10
		}
		fired := z.Step([]float64{in}, nil)
		want := z.V[0]
		if len(fired) > 0 {
			want = snn.Threshold
			spikes++
		}
		if v[step] != want || i[step] != in {
			t.Fatalf("step %d: v = %g, I = %g, want %g, %g", step, v[step], i[step], want, in)
		}
	}
	if spikes < 3 {
		t.Errorf("RS under I = 10 fired %d times in 180 ms, want a regular train", spikes)
	}
	for _, tc := range []struct {
		steps, onset int
		current      float64
	}{{0, 0, 10}, {10, 10, 10}, {10, -1, 10}, {10, 0, math.NaN()}} {
		if _, _, err := NeuronResponse(snn.RS, tc.current, tc.steps, tc.onset); err == nil {
			t.Errorf("steps %d, onset %d, current %g: no error", tc.steps, tc.onset, tc.current)
		}
	}
	n, err := NewNeuron(snn.FS, 10, 100, 10)
	if err != nil {
		t.Fatal(err)
	}
	n.I = n.I[:5]
	if _, err := n.PNG(); err == nil || !strings.Contains(err.Error(), "must match") {
		t.Errorf("mismatched v and I: error %v", err)
	}
}

func TestGrid(t *testing.T) {
	if _, err := NewGrid(0, 2); err == nil {
		t.Errorf("0 rows: no error")
	}
	if _, err := NewGrid(1, 1, Panel{}, Panel{}); err == nil {
		t.Errorf("2 panels in 1 cell: no error")
	}
	// Two rasters side by side, each with its boundary line: the image
	// must hold two red lines, one in each half.
	var panels []Panel
	for k := range 2 {
		r, err := NewRaster(syntheticResult(100, 100, 300, uint64(k)))
		if err != nil {
			t.Fatal(err)
		}
		panels = append(panels, Panel{Title: "panel", Figure: r})
	}
	g, err := NewGrid(1, 2, panels...)
	if err != nil {
		t.Fatal(err)
	}
	g.DPI = 72
	b, err := g.PNG()
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, b)
	if got, want := img.Bounds().Size(), (image.Point{720, 252}); got != want {
		t.Fatalf("1 × 2 grid at 72 DPI: %v pixels, want %v", got, want)
	}
	w := img.Bounds().Dx()
	for half := range 2 {
		best := 0
		for y := range img.Bounds().Dy() {
			n := 0
			for x := half * w / 2; x < (half+1)*w/2; x++ {
				if near(img.RGBAAt(x, y), Red, 40) {
					n++
				}
			}
			best = max(best, n)
		}
		if best < w/4 {
			t.Errorf("half %d: longest red row %d pixels, want a boundary line", half, best)
		}
	}
	// A panel that cannot be drawn makes the grid fail, naming it.
	bad, _ := NewRaster(syntheticResult(10, 10, 3, 1))
	bad.TimeMax = bad.TimeMin
	g.Panels[1] = Panel{Title: "broken", Figure: bad}
	if _, err := g.PNG(); err == nil || !strings.Contains(err.Error(), "broken") {
		t.Errorf("broken panel: error %v, want one naming it", err)
	}
}

// PlotFigure renders any gonum plot.
func TestPlotFigure(t *testing.T) {
	p := plot.New()
	l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		t.Fatal(err)
	}
	p.Add(l)
	b, err := encodeBytes(PlotFigure{p}, Size{Width: 2 * vg.Inch, Height: 2 * vg.Inch, DPI: 50}, "png")
	if err != nil {
		t.Fatal(err)
	}
	if got := decodePNG(t, b).Bounds().Size(); got != (image.Point{100, 100}) {
		t.Errorf("size %v, want 100 × 100", got)
	}
	if _, err := encodeBytes(PlotFigure{}, Size{}, "png"); err == nil {
		t.Errorf("nil plot: no error")
	}
}

// absPercentile selects what sorting would give.
func TestAbsPercentile(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{1, 2, 3, 10, 1001, 5000} {
		x := make([]float64, n)
		for i := range x {
			x[i] = rng.NormFloat64()
			if i%7 == 0 {
				x[i] = 0.5 // ties
			}
		}
		for _, q := range []float64{0, 0.5, 0.995, 1} {
			s := make([]float64, n)
			for i, v := range x {
				s[i] = math.Abs(v)
			}
			slices.Sort(s)
			want := s[min(int(q*float64(n)), n-1)]
			if got := absPercentile(x, q); got != want {
				t.Errorf("n %d, q %g: %g, want %g", n, q, got, want)
			}
		}
	}
}

// A neuron figure of traces at 0.1 ms spans their time in ms, not their
// count of steps; a step that is not a positive number is refused.
func TestNeuronAtTenthMs(t *testing.T) {
	n := &Neuron{V: make([]float64, 20), I: make([]float64, 20), DT: 0.1, ShowCurrent: true}
	v, i, err := n.Plots()
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(v.X.Max-2) > 1e-12 || math.Abs(i.X.Max-2) > 1e-12 {
		t.Errorf("20 steps of 0.1 ms: time axes end at %g and %g ms, want 2", v.X.Max, i.X.Max)
	}
	n.DT = 0
	if v, _, err := n.Plots(); err != nil || v.X.Max != 20 {
		t.Errorf("DT 0 (1 ms): axis ends at %v ms, error %v; want 20", v.X.Max, err)
	}
	for _, bad := range []float64{-1, math.NaN(), math.Inf(1)} {
		n.DT = bad
		if _, _, err := n.Plots(); err == nil || !strings.Contains(err.Error(), "finite number > 0") {
			t.Errorf("DT %g: error %v", bad, err)
		}
	}
}
