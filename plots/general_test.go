package plots

import (
	"image/color"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Data of the general figures' tests: deterministic, so that the golden
// images do not change from run to run.

func sampleLines(t *testing.T) *Lines {
	f := NewLines("Two curves", "time (ms)", "v (mV)")
	x := make([]float64, 200)
	a, b := make([]float64, len(x)), make([]float64, len(x))
	for k := range x {
		x[k] = float64(k)
		a[k] = -65 + 20*math.Sin(float64(k)/15)
		b[k] = -60 + 10*math.Cos(float64(k)/25)
	}
	if err := f.Add("neuron 0", x, a); err != nil {
		t.Fatal(err)
	}
	if err := f.Add("neuron 1", x, b); err != nil {
		t.Fatal(err)
	}
	return f
}

func sampleScatter(t *testing.T) *Scatter {
	f := NewScatter("Rate against input", "input (current units)", "rate (Hz)")
	r := rand.New(rand.NewPCG(1, 2))
	for k, name := range []string{"excitatory", "inhibitory"} {
		x, y := make([]float64, 60), make([]float64, 60)
		for i := range x {
			x[i] = 10 * r.Float64()
			y[i] = float64(3+2*k)*x[i] + 4*r.NormFloat64()
		}
		if err := f.Add(name, x, y); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func sampleHistogram(t *testing.T) *Histogram {
	r := rand.New(rand.NewPCG(3, 4))
	isi := make([]float64, 2000)
	for i := range isi {
		isi[i] = 2 + r.ExpFloat64()*25
	}
	h, err := NewHistogram("Interspike intervals", "ISI (ms)", isi, 40)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func sampleSweep(t *testing.T) *SweepMap {
	we := []float64{0.25, 0.5, 0.75, 1, 1.25}
	wi := []float64{0.5, 1, 1.5, 2}
	m, err := NewSweepMap("Mean rate", "we", we, "wi", wi)
	if err != nil {
		t.Fatal(err)
	}
	for i := range we {
		for j := range wi {
			m.Z[i][j] = 40 * we[i] * we[i] / wi[j]
		}
	}
	m.ValueLabel = "rate (Hz)"
	return m
}

func TestGoldenGeneral(t *testing.T) {
	small := Size{Width: 5 * vg.Inch, Height: 3.5 * vg.Inch}
	checkGolden(t, "lines", sampleLines(t), small)
	checkGolden(t, "scatter", sampleScatter(t), small)
	checkGolden(t, "histogram", sampleHistogram(t), small)
	checkGolden(t, "sweepmap", sampleSweep(t), small)
	two := sampleHistogram(t)
	two.Title = "Two samples"
	two.Samples[0].Label = "exponential"
	r := rand.New(rand.NewPCG(5, 6))
	gauss := make([]float64, 1000)
	for i := range gauss {
		gauss[i] = 40 + 10*r.NormFloat64()
	}
	if err := two.Add("normal", gauss); err != nil {
		t.Fatal(err)
	}
	two.Density = true
	checkGolden(t, "histogram_two", two, small)
}

// TestGeneralFormats renders every general figure in every format.
func TestGeneralFormats(t *testing.T) {
	figs := map[string]Figure{"lines": sampleLines(t), "scatter": sampleScatter(t),
		"histogram": sampleHistogram(t), "sweepmap": sampleSweep(t)}
	for name, f := range figs {
		for _, format := range Formats() {
			b, err := encodeBytes(f, Size{}, format)
			if err != nil || len(b) < 500 {
				t.Errorf("%s as %s: %d bytes, error %v", name, format, len(b), err)
			}
		}
	}
}

func TestGeneralErrors(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name string
		err  func() error
		want string
	}{
		{"lines mismatched", func() error { return NewLines("", "", "").Add("a", []float64{1, 2}, []float64{1}) }, `series 0 ("a") has 2 x values and 1 y values`},
		{"lines empty series", func() error { return NewLines("", "", "").Add("", nil, nil) }, "has no points"},
		{"lines NaN", func() error { return NewLines("", "", "").Add("a", []float64{1, 2}, []float64{1, nan}) }, "point 1 is (2, NaN): coordinates must be finite"},
		{"lines no series", func() error { return NewLines("t", "x", "y").Draw(testCanvas()) }, "no series to draw"},
		{"lines bad range", func() error {
			f := sampleLines(t)
			f.XMin, f.XMax = 5, 1
			return f.Draw(testCanvas())
		}, "x range 5..1: must be finite and increasing"},
		{"lines series changed after Add", func() error {
			f := sampleLines(t)
			f.Series[1].Y = f.Series[1].Y[:3]
			_, err := f.PNG()
			return err
		}, `series 1 ("neuron 1") has 200 x values and 3 y values`},
		{"scatter inf", func() error { return NewScatter("", "", "").Add("", []float64{inf}, []float64{1}) }, "point 0 is (+Inf, 1)"},
		{"histogram empty", func() error { _, err := NewHistogram("", "", nil, 0); return err }, "sample 0 has no values"},
		{"histogram NaN", func() error { _, err := NewHistogram("", "", []float64{1, nan}, 0); return err }, "value 1 is NaN"},
		{"histogram no samples", func() error {
			h := sampleHistogram(t)
			h.Samples = nil
			return h.Draw(testCanvas())
		}, "no samples"},
		{"histogram bins", func() error { _, err := NewHistogram("", "", []float64{1}, -3); return err }, "-3 bins"},
		{"histogram range", func() error {
			h := sampleHistogram(t)
			h.Min, h.Max = 10, 2
			return h.Draw(testCanvas())
		}, "range 10..2"},
		{"sweep no x", func() error { _, err := NewSweepMap("", "we", nil, "wi", []float64{1}); return err }, "no X values (we)"},
		{"sweep NaN axis", func() error { _, err := NewSweepMap("", "we", []float64{1}, "wi", []float64{nan}); return err }, "Y[0] (wi) is NaN"},
		{"sweep NaN value", func() error {
			m := sampleSweep(t)
			m.Z[2][1] = nan
			return m.Draw(testCanvas())
		}, "Z[2][1] (at we = 0.75, wi = 1) is NaN"},
		{"sweep ragged", func() error {
			m := sampleSweep(t)
			m.Z[3] = m.Z[3][:2]
			return m.Draw(testCanvas())
		}, "Z[3] has 2 values but there are 4 Y values"},
		{"sweep columns", func() error {
			m := sampleSweep(t)
			m.Z = m.Z[:4]
			return m.Draw(testCanvas())
		}, "Z has 4 columns but there are 5 X values"},
		{"sweep colour range", func() error {
			m := sampleSweep(t)
			m.Min, m.Max = 3, 1
			return m.Draw(testCanvas())
		}, "colour range 3..1"},
		{"bad extension", func() error { return sampleSweep(t).Save(t.TempDir() + "/m.jpg") }, `unknown file extension ".jpg"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.err()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestHistogramCounts checks the binning against counting by hand,
// including a value on the upper edge and values outside a set range.
func TestHistogramCounts(t *testing.T) {
	h, err := NewHistogram("", "", []float64{0, 0.5, 1, 1.5, 2, 2, 4, 9, -1}, 4)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Add("second", []float64{3.5, 3.9, 0.1, 12}); err != nil {
		t.Fatal(err)
	}
	h.Min, h.Max = 0, 4
	b, err := h.bins()
	if err != nil {
		t.Fatal(err)
	}
	// Bins [0,1) [1,2) [2,3) [3,4]: 4 is in the last; 9, −1, 12 outside.
	if want := []float64{2, 2, 2, 1}; !equalFloats(b.counts[0], want) {
		t.Errorf("first sample: counts %v, want %v", b.counts[0], want)
	}
	if want := []float64{1, 0, 0, 2}; !equalFloats(b.counts[1], want) || b.outside != 3 || b.total != 13 {
		t.Errorf("second sample: counts %v, %d of %d outside; want %v, 3 of 13", b.counts[1], b.outside, b.total, want)
	}
	h.Density = true
	b, _ = h.bins()
	for k, counts := range b.counts {
		if area := sum(counts) * b.width; math.Abs(area-1) > 1e-12 {
			t.Errorf("density histogram: sample %d has area %v, want 1", k, area)
		}
	}
	// All values equal: one visible bar, not a zero-width range.
	h, err = NewHistogram("", "", []float64{3, 3, 3}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := h.bins(); !(b.width > 0) || sum(b.counts[0]) != 3 {
		t.Errorf("equal values: width %v, counts %v", b.width, b.counts)
	}
	if err := h.Add("bad", []float64{1, math.Inf(-1)}); err == nil || !strings.Contains(err.Error(), `sample 1 ("bad"): value 1 is -Inf`) || len(h.Samples) != 1 {
		t.Errorf("Add of an infinite value: error %v, %d samples", err, len(h.Samples))
	}
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func sum(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s
}

// testCanvas is a small image canvas to draw figures on in tests.
func testCanvas() draw.Canvas {
	return draw.New(vgimg.New(4*vg.Inch, 3*vg.Inch))
}

func TestSweepTicksThinned(t *testing.T) {
	x := make([]float64, 100)
	for i := range x {
		x[i] = float64(i) / 10
	}
	ticks := valueTicks(x).Ticks(-0.5, 99.5)
	if len(ticks) > 13 || len(ticks) < 10 {
		t.Errorf("%d ticks for 100 cells, want about 12", len(ticks))
	}
	for _, tk := range ticks {
		if want := formatTick(x[int(tk.Value)]); tk.Label != want {
			t.Errorf("tick at cell %v labelled %q, want its value %q", tk.Value, tk.Label, want)
		}
	}
	if ticks := valueTicks([]float64{0.1, 0.2, 0.5}).Ticks(-0.5, 2.5); len(ticks) != 3 || ticks[2].Label != "0.5" {
		t.Errorf("3 cells: ticks %v, want one per cell", ticks)
	}
}

func TestGoldenLogAxes(t *testing.T) {
	f := NewLines("Spectrum", "frequency (Hz)", "power")
	x, y := []float64{1, 10, 100, 1000}, []float64{1e3, 50, 2, 0.1}
	if err := f.Add("", x, y); err != nil {
		t.Fatal(err)
	}
	f.XLog, f.YLog = true, true
	p, err := f.Plot()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.X.Scale.(plot.LogScale); !ok || p.X.Min != 1 || p.X.Max != 1000 {
		t.Errorf("x axis: scale %T, range %v..%v; want logarithmic 1..1000", p.X.Scale, p.X.Min, p.X.Max)
	}
	checkGolden(t, "lines_log", f, Size{Width: 5 * vg.Inch, Height: 3.5 * vg.Inch})

	f.Series[0].Y[3] = 0
	if _, err := f.Plot(); err == nil || !strings.Contains(err.Error(), "point 3 is (1000, 0): the y axis is logarithmic") {
		t.Errorf("zero on a log axis: error %v", err)
	}
	f.Series[0].Y[3] = 0.1
	f.XMin, f.XMax = 0, 10
	if _, err := f.Plot(); err == nil || !strings.Contains(err.Error(), "x range 0..10 on a logarithmic axis") {
		t.Errorf("zero range on a log axis: error %v", err)
	}
}

// TestAddCopies checks that a script may reuse its buffer for the next
// series: Add keeps copies.
func TestAddCopies(t *testing.T) {
	x, y := []float64{1, 2, 3}, []float64{4, 5, 6}
	f := NewLines("", "", "")
	if err := f.Add("a", x, y); err != nil {
		t.Fatal(err)
	}
	y[0] = 40
	if err := f.Add("b", x, y); err != nil {
		t.Fatal(err)
	}
	s := NewScatter("", "", "")
	if err := s.Add("a", x, y); err != nil {
		t.Fatal(err)
	}
	h, err := NewHistogram("", "", y, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Add("b", y); err != nil {
		t.Fatal(err)
	}
	y[1] = 50
	if f.Series[0].Y[0] != 4 || f.Series[1].Y[0] != 40 || s.Series[0].Y[1] != 5 || h.Samples[0].Values[1] != 5 || h.Samples[1].Values[1] != 5 {
		t.Errorf("figures changed with the caller's slice: lines %v %v, scatter %v, histogram %v %v",
			f.Series[0].Y, f.Series[1].Y, s.Series[0].Y, h.Samples[0].Values, h.Samples[1].Values)
	}
}

// countingPalette counts the colours asked of a palette.
type countingPalette struct {
	palette.ColorMap
	at int
}

func (p *countingPalette) At(v float64) (color.Color, error) {
	p.at++
	return p.ColorMap.At(v)
}

// A sweep map samples its palette once per drawing: the cells, their
// printed values and the colour bar share one table.
func TestSweepMapOneColorTable(t *testing.T) {
	m := sampleSweep(t)
	pal := &countingPalette{ColorMap: SequentialPalette()}
	m.Palette = pal
	if !m.ShowValues {
		t.Fatal("the sample map does not print its values")
	}
	if _, err := m.PNG(); err != nil {
		t.Fatal(err)
	}
	if pal.at != heatMapColors {
		t.Errorf("drawing a sweep map asked the palette for %d colours, want %d (one table)", pal.at, heatMapColors)
	}
}
