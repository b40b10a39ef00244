package plots

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Histogram shows how values are distributed: synaptic weights, the
// intervals between spikes, the rates of the neurons. Several samples
// (the rates of each population, say) share the bins and are drawn over
// each other, translucent, with a legend. Bins are equally wide from Min
// to Max; a value equal to Max falls in the last bin.
type Histogram struct {
	Size
	Title string
	// XLabel names the quantity with its unit, as in "ISI (ms)"; YLabel
	// defaults to "count" (or "density" when Density is set).
	XLabel, YLabel string

	Samples []Sample
	// Bins is the number of bins; 0 means Sturges' rule, ⌈log₂ n⌉ + 1 for
	// the largest sample's n.
	Bins int
	// Min and Max are the range the bins cover; when they are equal (both
	// 0 by default) it is that of all the values. Values outside are left
	// out and counted under the axis.
	Min, Max float64
	// Density scales each sample's bars so that their area is 1 (over its
	// values within range), to compare samples of different sizes.
	Density bool
}

// A Sample is one set of values of a [Histogram].
type Sample struct {
	Label  string
	Values []float64
	// Color is the sample's colour; nil means the k-th default colour,
	// [PopulationColor](k), for the k-th sample.
	Color color.Color
}

// NewHistogram returns the histogram of a copy of values in bins bins (0
// chooses the number); add further samples with [Histogram.Add] (and name the
// first in the legend with h.Samples[0].Label). It returns an
// error if values is empty or holds NaN or infinite values, or bins is
// negative.
func NewHistogram(title, xlabel string, values []float64, bins int) (*Histogram, error) {
	h := &Histogram{Title: title, XLabel: xlabel, Samples: []Sample{{Values: slices.Clone(values)}}, Bins: bins}
	if _, err := h.bins(); err != nil {
		return nil, err
	}
	return h, nil
}

// Add adds a labelled sample, drawn in the next default colour over the
// others. It copies values. It returns an error, and adds nothing, if
// values is empty or holds NaN or infinite values.
func (h *Histogram) Add(label string, values []float64) error {
	if err := checkSample(len(h.Samples), Sample{Label: label, Values: values}); err != nil {
		return err
	}
	h.Samples = append(h.Samples, Sample{Label: label, Values: slices.Clone(values)})
	return nil
}

func checkSample(k int, s Sample) error {
	name := fmt.Sprintf("histogram: sample %d", k)
	if s.Label != "" {
		name += fmt.Sprintf(" (%q)", s.Label)
	}
	if len(s.Values) == 0 {
		return fmt.Errorf("%s has no values: give at least one", name)
	}
	for i, v := range s.Values {
		if !finite(v) {
			return fmt.Errorf("%s: value %d is %g: values must be finite numbers", name, i, v)
		}
	}
	return nil
}

// histBins are the counted bins of a histogram: counts[k][b] is sample
// k's count (or density) in bin b.
type histBins struct {
	lo, width float64
	counts    [][]float64
	outside   int
	total     int
}

func (h *Histogram) bins() (histBins, error) {
	if len(h.Samples) == 0 {
		return histBins{}, fmt.Errorf("histogram: no samples: give values to NewHistogram or Add")
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	most := 0
	for k, s := range h.Samples {
		if err := checkSample(k, s); err != nil {
			return histBins{}, err
		}
		for _, v := range s.Values {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		most = max(most, len(s.Values))
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
		n = int(math.Ceil(math.Log2(float64(most)))) + 1
	}
	b := histBins{lo: lo, width: (hi - lo) / float64(n)}
	for _, s := range h.Samples {
		counts := make([]float64, n)
		inside := 0
		for _, v := range s.Values {
			if v < lo || v > hi {
				continue
			}
			counts[min(int((v-lo)/b.width), n-1)]++
			inside++
		}
		if h.Density && inside > 0 {
			norm := 1 / (float64(inside) * b.width)
			for k := range counts {
				counts[k] *= norm
			}
		}
		b.counts = append(b.counts, counts)
		b.outside += len(s.Values) - inside
		b.total += len(s.Values)
	}
	return b, nil
}

// Plot returns the histogram as a gonum plot, without the legend.
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
	top := 0.0
	for k, counts := range b.counts {
		fill := h.sampleColor(k)
		if len(b.counts) > 1 {
			// Translucent, so that every sample shows where they overlap.
			r, g, bl, _ := fill.RGBA()
			fill = color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(bl >> 8), A: 140}
		}
		hist := &plotter.Histogram{Width: b.width, FillColor: fill, LineStyle: draw.LineStyle{Color: color.White, Width: vg.Points(0.5)}}
		for j, c := range counts {
			lo := b.lo + float64(j)*b.width
			hist.Bins = append(hist.Bins, plotter.HistogramBin{Min: lo, Max: lo + b.width, Weight: c})
			top = math.Max(top, c)
		}
		p.Add(hist)
	}
	p.X.Min, p.X.Max = b.lo, b.lo+float64(len(b.counts[0]))*b.width
	p.Y.Min = 0
	if top == 0 {
		top = 1
	}
	p.Y.Max = top * 1.05
	roundTicks(p)
	if b.outside > 0 {
		p.X.Label.Text += fmt.Sprintf("   [%d of %d values outside the range]", b.outside, b.total)
	}
	return p, nil
}

func (h *Histogram) sampleColor(k int) color.Color {
	if c := h.Samples[k].Color; c != nil {
		return c
	}
	return PopulationColor(k)
}

// Draw draws the title, the legend and the histogram onto c.
func (h *Histogram) Draw(c draw.Canvas) error {
	p, err := h.Plot()
	if err != nil {
		return err
	}
	var legend []legendEntry
	for k, s := range h.Samples {
		if s.Label != "" {
			legend = append(legend, legendEntry{label: s.Label, color: h.sampleColor(k), box: true})
		}
	}
	drawXY(c, p, h.Title, legend)
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
