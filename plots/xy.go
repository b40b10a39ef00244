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

// A Series is one labelled set of points of a [Lines] or [Scatter]
// figure: point k is (X[k], Y[k]).
type Series struct {
	Label string
	X, Y  []float64
	// Color is the series' colour; nil means the k-th default colour,
	// [PopulationColor](k), for the k-th series.
	Color color.Color
}

// check reports a series that cannot be drawn.
func (s Series) check(fig string, k int) error {
	name := fmt.Sprintf("%s: series %d", fig, k)
	if s.Label != "" {
		name += fmt.Sprintf(" (%q)", s.Label)
	}
	if len(s.X) != len(s.Y) {
		return fmt.Errorf("%s has %d x values and %d y values: each point needs one of each", name, len(s.X), len(s.Y))
	}
	if len(s.X) == 0 {
		return fmt.Errorf("%s has no points: give it at least one", name)
	}
	for i := range s.X {
		if !finite(s.X[i]) || !finite(s.Y[i]) {
			return fmt.Errorf("%s: point %d is (%g, %g): coordinates must be finite numbers", name, i, s.X[i], s.Y[i])
		}
	}
	return nil
}

// Axes are the labels and ranges shared by [Lines] and [Scatter].
type Axes struct {
	Title string
	// XLabel and YLabel name the quantities with their units, as in
	// "time (ms)" and "v (mV)".
	XLabel, YLabel string
	// XMin, XMax, YMin and YMax fix the axes' ranges; when a pair is
	// equal (both 0 by default) the range is that of the data.
	XMin, XMax, YMin, YMax float64
	// XLog and YLog make an axis logarithmic (a power spectrum, a sweep
	// over decades); every value on it, and its range, must be positive.
	XLog, YLog bool
}

func (a Axes) check(fig string) error {
	for _, r := range []struct {
		name     string
		min, max float64
	}{{"x", a.XMin, a.XMax}, {"y", a.YMin, a.YMax}} {
		if !finite(r.min) || !finite(r.max) || r.min > r.max {
			return fmt.Errorf("%s: %s range %g..%g: must be finite and increasing (equal values mean the data's range)", fig, r.name, r.min, r.max)
		}
	}
	if a.XLog && a.XMin < a.XMax && a.XMin <= 0 {
		return fmt.Errorf("%s: x range %g..%g on a logarithmic axis: must be positive", fig, a.XMin, a.XMax)
	}
	if a.YLog && a.YMin < a.YMax && a.YMin <= 0 {
		return fmt.Errorf("%s: y range %g..%g on a logarithmic axis: must be positive", fig, a.YMin, a.YMax)
	}
	return nil
}

// checkLog reports a series with a value that a logarithmic axis cannot
// show.
func (a Axes) checkLog(fig string, k int, s Series) error {
	for i := range s.X {
		if a.XLog && s.X[i] <= 0 || a.YLog && s.Y[i] <= 0 {
			axis := "x"
			if !(a.XLog && s.X[i] <= 0) {
				axis = "y"
			}
			return fmt.Errorf("%s: series %d, point %d is (%g, %g): the %s axis is logarithmic, so its values must be positive", fig, k, i, s.X[i], s.Y[i], axis)
		}
	}
	return nil
}

// Lines is a line plot of one or more labelled series, with a legend
// when any series has a label: membrane potentials, rates over a swept
// parameter, spectra.
//
//	f := plots.NewLines("Membrane potential", "time (ms)", "v (mV)")
//	err := f.Add("neuron 0", t, v)
type Lines struct {
	Size
	Axes
	Series []Series
	// LineWidth of the curves; default 1.5 points.
	LineWidth vg.Length
}

// NewLines returns an empty line plot with a title and axis labels; add
// curves with [Lines.Add].
func NewLines(title, xlabel, ylabel string) *Lines {
	return &Lines{Axes: Axes{Title: title, XLabel: xlabel, YLabel: ylabel}}
}

// Add adds a curve through the points (x[k], y[k]), in the next default
// colour. It copies x and y, so a script may reuse them for the next
// curve. It returns an error, and adds nothing, if x and y differ in
// length, are empty, or hold NaN or infinite values.
func (f *Lines) Add(label string, x, y []float64) error {
	s := Series{Label: label, X: slices.Clone(x), Y: slices.Clone(y)}
	if err := s.check("lines", len(f.Series)); err != nil {
		return err
	}
	f.Series = append(f.Series, s)
	return nil
}

// Plot returns the figure as a gonum plot, without the legend.
func (f *Lines) Plot() (*plot.Plot, error) {
	return xyPlot("lines", f.Axes, f.Series, func(xys plotter.XYs, col color.Color) (plot.Plotter, error) {
		l, err := plotter.NewLine(xys)
		if err != nil {
			return nil, err
		}
		l.Color = col
		l.Width = f.LineWidth
		if l.Width <= 0 {
			l.Width = vg.Points(1.5)
		}
		return l, nil
	}, 0)
}

// Draw draws the title, the legend and the plot onto c.
func (f *Lines) Draw(c draw.Canvas) error {
	p, err := f.Plot()
	if err != nil {
		return err
	}
	drawXY(c, p, f.Title, seriesLegend(f.Series, false))
	return nil
}

// Save writes the figure to path as PNG, SVG or PDF, by extension.
func (f *Lines) Save(path string) error { return Save(f, f.Size, path) }

// Encode writes the figure to w in format "png", "svg" or "pdf".
func (f *Lines) Encode(w io.Writer, format string) error { return Encode(f, f.Size, w, format) }

// PNG returns the figure as a PNG image.
func (f *Lines) PNG() ([]byte, error) { return encodeBytes(f, f.Size, "png") }

// SVG returns the figure as an SVG document.
func (f *Lines) SVG() ([]byte, error) { return encodeBytes(f, f.Size, "svg") }

// Scatter is a scatter plot of one or more labelled sets of points, with
// a legend when any has a label: rate against in-degree, v against u.
type Scatter struct {
	Size
	Axes
	Series []Series
	// Radius of the dots; default 2 points.
	Radius vg.Length
}

// NewScatter returns an empty scatter plot with a title and axis labels;
// add points with [Scatter.Add].
func NewScatter(title, xlabel, ylabel string) *Scatter {
	return &Scatter{Axes: Axes{Title: title, XLabel: xlabel, YLabel: ylabel}}
}

// Add adds the points (x[k], y[k]) in the next default colour. It copies
// x and y. It returns an error, and adds nothing, if x and y differ in
// length, are empty, or hold NaN or infinite values.
func (f *Scatter) Add(label string, x, y []float64) error {
	s := Series{Label: label, X: slices.Clone(x), Y: slices.Clone(y)}
	if err := s.check("scatter", len(f.Series)); err != nil {
		return err
	}
	f.Series = append(f.Series, s)
	return nil
}

// Plot returns the figure as a gonum plot, without the legend.
func (f *Scatter) Plot() (*plot.Plot, error) {
	r := f.Radius
	if r <= 0 {
		r = vg.Points(2)
	}
	return xyPlot("scatter", f.Axes, f.Series, func(xys plotter.XYs, col color.Color) (plot.Plotter, error) {
		s, err := plotter.NewScatter(xys)
		if err != nil {
			return nil, err
		}
		s.GlyphStyle = draw.GlyphStyle{Color: col, Radius: r, Shape: draw.CircleGlyph{}}
		return s, nil
	}, r+vg.Points(1))
}

// Draw draws the title, the legend and the plot onto c.
func (f *Scatter) Draw(c draw.Canvas) error {
	p, err := f.Plot()
	if err != nil {
		return err
	}
	drawXY(c, p, f.Title, seriesLegend(f.Series, true))
	return nil
}

// Save writes the figure to path as PNG, SVG or PDF, by extension.
func (f *Scatter) Save(path string) error { return Save(f, f.Size, path) }

// Encode writes the figure to w in format "png", "svg" or "pdf".
func (f *Scatter) Encode(w io.Writer, format string) error { return Encode(f, f.Size, w, format) }

// PNG returns the figure as a PNG image.
func (f *Scatter) PNG() ([]byte, error) { return encodeBytes(f, f.Size, "png") }

// SVG returns the figure as an SVG document.
func (f *Scatter) SVG() ([]byte, error) { return encodeBytes(f, f.Size, "svg") }

// xyPlot checks the axes and series and builds their plot, each series
// drawn by mark; pad is the space between the data and the axes.
func xyPlot(fig string, a Axes, series []Series, mark func(plotter.XYs, color.Color) (plot.Plotter, error), pad vg.Length) (*plot.Plot, error) {
	if len(series) == 0 {
		return nil, fmt.Errorf("%s: no series to draw: add one with Add", fig)
	}
	if err := a.check(fig); err != nil {
		return nil, err
	}
	p := newPlot("", a.XLabel, a.YLabel)
	p.X.Padding, p.Y.Padding = pad, pad
	xlo, xhi, ylo, yhi := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for k, s := range series {
		if err := s.check(fig, k); err != nil {
			return nil, err
		}
		if err := a.checkLog(fig, k, s); err != nil {
			return nil, err
		}
		xys := make(plotter.XYs, len(s.X))
		for i := range s.X {
			xys[i] = plotter.XY{X: s.X[i], Y: s.Y[i]}
			xlo, xhi = math.Min(xlo, s.X[i]), math.Max(xhi, s.X[i])
			ylo, yhi = math.Min(ylo, s.Y[i]), math.Max(yhi, s.Y[i])
		}
		col := s.Color
		if col == nil {
			col = PopulationColor(k)
		}
		m, err := mark(xys, col)
		if err != nil {
			return nil, fmt.Errorf("%s: series %d: %w", fig, k, err)
		}
		p.Add(m)
	}
	setRange(&p.X, a.XMin, a.XMax, xlo, xhi, a.XLog)
	setRange(&p.Y, a.YMin, a.YMax, ylo, yhi, a.YLog)
	roundTicks(p)
	for _, ax := range []struct {
		log bool
		a   *plot.Axis
	}{{a.XLog, &p.X}, {a.YLog, &p.Y}} {
		if ax.log {
			ax.a.Scale = plot.LogScale{}
			ax.a.Tick.Marker = plot.LogTicks{Prec: -1}
		}
	}
	return p, nil
}

// setRange sets an axis to [min, max] if they differ, else to the data's
// [lo, hi], widened around a single value so that it is visible (by a
// factor of 2 on a logarithmic axis).
func setRange(ax *plot.Axis, min, max, lo, hi float64, log bool) {
	if min < max {
		ax.Min, ax.Max = min, max
		return
	}
	if lo == hi && log {
		lo, hi = lo/2, hi*2
	}
	if lo == hi {
		d := math.Max(math.Abs(lo)*0.05, 0.5)
		lo, hi = lo-d, hi+d
	}
	ax.Min, ax.Max = lo, hi
}

// roundTicks places the ticks of both axes at round values, about five
// intervals over each range.
func roundTicks(p *plot.Plot) {
	p.X.Tick.Marker = evenTicks{step: niceStep(p.X.Max-p.X.Min, 5)}
	p.Y.Tick.Marker = evenTicks{step: niceStep(p.Y.Max-p.Y.Min, 5)}
}

// seriesLegend returns the legend entries of the labelled series, or none
// if no series has a label.
func seriesLegend(series []Series, dots bool) []legendEntry {
	var e []legendEntry
	for k, s := range series {
		if s.Label == "" {
			continue
		}
		col := s.Color
		if col == nil {
			col = PopulationColor(k)
		}
		e = append(e, legendEntry{label: s.Label, color: col, dot: dots})
	}
	return e
}

// drawXY draws a figure's title, its legend and its plot onto c.
func drawXY(c draw.Canvas, p *plot.Plot, title string, legend []legendEntry) {
	c = drawTitle(c, p, title)
	c = drawLegend(c, p, legend)
	p.Draw(c)
}
