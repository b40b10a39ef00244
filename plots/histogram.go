package plots

import (
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Histogram shows how values are distributed: synaptic weights, the
// intervals between spikes, the rates of the neurons. Bins are equally
// wide from Min to Max; a value equal to Max falls in the last bin.
type Histogram struct {
	Size
	Title string
	// XLabel names the quantity with its unit, as in "ISI (ms)"; YLabel
	// defaults to "count" (or "density" when Density is set).
	XLabel, YLabel string

	Values []float64
	// Bins is the number of bins; 0 means Sturges' rule, ⌈log₂ n⌉ + 1.
	Bins int
	// Min and Max are the range the bins cover; when they are equal (both
	// 0 by default) it is that of the values. Values outside are left
	// out and counted in the figure's note.
	Min, Max float64
	// Density scales the bars so that their area is 1 (over the values
	// within range), to compare samples of different sizes.
	Density bool
	Color   color.Color
}

// NewHistogram returns the histogram of values in bins bins (0 chooses
// the number). It returns an error if values is empty or holds NaN or
// infinite values, or bins is negative.
func NewHistogram(title, xlabel string, values []float64, bins int) (*Histogram, error) {
	h := &Histogram{Title: title, XLabel: xlabel, Values: values, Bins: bins, Color: Blue}
	if _, err := h.bins(); err != nil {
		return nil, err
	}
	return h, nil
}

// histBins are the counted bins of a histogram.
type histBins struct {
	lo, width float64
	counts    []float64
	outside   int
}

func (h *Histogram) bins() (histBins, error) {
	if len(h.Values) == 0 {
		return histBins{}, fmt.Errorf("histogram: no values: give at least one")
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, v := range h.Values {
		if !finite(v) {
			return histBins{}, fmt.Errorf("histogram: value %d is %g: values must be finite numbers", i, v)
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if h.Bins < 0 || h.Bins > 10000 {
		return histBins{}, fmt.Errorf("histogram: %d bins: must be between 1 and 10000, or 0 to choose", h.Bins)
	}
	if !finite(h.Min) || !finite(h.Max) || h.Min > h.Max {
		return histBins{}, fmt.Errorf("histogram: range %g..%g: must be finite and increasing (equal values mean the values' range)", h.Min, h.Max)
	}
	if h.Min < h.Max {
		lo, hi = h.Min, h.Max
	} else if lo == hi {
		d := math.Max(math.Abs(lo)*0.05, 0.5)
		lo, hi = lo-d, hi+d
	}
	n := h.Bins
	if n == 0 {
		n = int(math.Ceil(math.Log2(float64(len(h.Values))))) + 1
	}
	b := histBins{lo: lo, width: (hi - lo) / float64(n), counts: make([]float64, n)}
	for _, v := range h.Values {
		if v < lo || v > hi {
			b.outside++
			continue
		}
		k := min(int((v-lo)/b.width), n-1)
		b.counts[k]++
	}
	if h.Density && len(h.Values) > b.outside {
		norm := 1 / (float64(len(h.Values)-b.outside) * b.width)
		for k := range b.counts {
			b.counts[k] *= norm
		}
	}
	return b, nil
}

// Plot returns the histogram as a gonum plot.
func (h *Histogram) Plot() (*plot.Plot, error) {
	b, err := h.bins()
	if err != nil {
		return nil, err
	}
	ylabel := h.YLabel
	if ylabel == "" {
		ylabel = "count"
		if h.Density {
			ylabel = "density"
		}
	}
	p := newPlot("", h.XLabel, ylabel)
	hist := &plotter.Histogram{Width: b.width, FillColor: h.Color, LineStyle: draw.LineStyle{Color: color.White, Width: vg.Points(0.5)}}
	if hist.FillColor == nil {
		hist.FillColor = Blue
	}
	for k, c := range b.counts {
		lo := b.lo + float64(k)*b.width
		hist.Bins = append(hist.Bins, plotter.HistogramBin{Min: lo, Max: lo + b.width, Weight: c})
	}
	p.Add(hist)
	p.X.Min, p.X.Max = b.lo, b.lo+float64(len(b.counts))*b.width
	p.Y.Min = 0
	top := 0.0
	for _, c := range b.counts {
		top = math.Max(top, c)
	}
	if top == 0 {
		top = 1
	}
	p.Y.Max = top * 1.05
	roundTicks(p)
	if b.outside > 0 {
		p.X.Label.Text += fmt.Sprintf("   [%d of %d values outside the range]", b.outside, len(h.Values))
	}
	return p, nil
}

// Draw draws the title and the histogram onto c.
func (h *Histogram) Draw(c draw.Canvas) error {
	p, err := h.Plot()
	if err != nil {
		return err
	}
	drawXY(c, p, h.Title, nil)
	return nil
}

// Save writes the figure to path as PNG, SVG or PDF, by extension.
func (h *Histogram) Save(path string) error { return Save(h, h.Size, path) }

// Encode writes the figure to w in format "png", "svg" or "pdf".
func (h *Histogram) Encode(w io.Writer, format string) error { return Encode(h, h.Size, w, format) }

// PNG returns the figure as a PNG image.
func (h *Histogram) PNG() ([]byte, error) { return encodeBytes(h, h.Size, "png") }

// SVG returns the figure as an SVG document.
func (h *Histogram) SVG() ([]byte, error) { return encodeBytes(h, h.Size, "svg") }
