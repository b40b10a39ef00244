package plots

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gosnn/gosnn/snn"
)

// Currents is the heat map of every traced neuron's input current I over
// time (neurons up, time across) on a diverging palette centred on zero,
// with a colour bar: the tutorial's second figure. Bright bands mark the
// synchronous episodes of the raster.
type Currents struct {
	Size
	Title          string
	XLabel, YLabel string
	BarLabel       string

	// Map is the heat map; change Map.Min, Map.Max (the colour range) or
	// Map.Palette. NewCurrents centres the range on zero.
	Map *HeatMap

	// Populations, when there are two or more and every neuron is
	// traced, draw a Boundary line across the map where each population
	// after the first starts (a zero Width hides the lines) and each
	// population's name beside its band, between the map and the colour
	// bar, unless HidePopulationNames. One population draws neither.
	Populations         []snn.PopulationInfo
	Boundary            draw.LineStyle
	HidePopulationNames bool
	// NeuronStep is the spacing of the neuron ticks; 0 chooses one.
	NeuronStep float64
}

// traceGrid presents one variable of snn.Traces as a plotter.GridXYZ:
// column c is sample c, whose cell spans the width ms from the start of
// its step, t0 + c·width (one step, [t, t+1) ms, when every step was
// recorded); row r is traced neuron r, drawn in [y, y+1) with y its
// network index when the traced neurons are consecutive, else r.
type traceGrid struct {
	x       []float64
	n       int
	steps   int // samples
	t0      float64
	width   float64 // ms between samples
	y0      float64
	indexed bool // rows are network indices y0, y0+1, …
}

func (g traceGrid) Dims() (c, r int)   { return g.steps, g.n }
func (g traceGrid) Z(c, r int) float64 { return g.x[c*g.n+r] }
func (g traceGrid) X(c int) float64    { return g.t0 + (float64(c)+0.5)*g.width }
func (g traceGrid) Y(r int) float64    { return g.y0 + float64(r) + 0.5 }
func consecutive(neurons []int) bool {
	for k := 1; k < len(neurons); k++ {
		if neurons[k] != neurons[k-1]+1 {
			return false
		}
	}
	return true
}

// checkTraces reports traces whose slices do not match their size.
func checkTraces(tr *snn.Traces) error {
	if tr == nil {
		return errors.New("the result has no traces: run with snn.RunOptions{TraceAll: true} (or Trace: the neurons to record)")
	}
	n := len(tr.Neurons)
	if n == 0 || tr.Samples <= 0 {
		return fmt.Errorf("traces of %d neurons over %d steps: need at least one of each", n, tr.Samples)
	}
	if tr.Every < 0 || tr.First < 0 {
		return fmt.Errorf("traces sampled every %d steps from step %d: Every and First must be at least 0 (Every 0 means 1)", tr.Every, tr.First)
	}
	for _, s := range []struct {
		name string
		x    []float64
	}{{"V", tr.V}, {"U", tr.U}, {"I", tr.I}} {
		if len(s.x) < n*tr.Samples {
			return fmt.Errorf("traces: %s has %d values but %d neurons × %d steps need %d", s.name, len(s.x), n, tr.Samples, n*tr.Samples)
		}
	}
	return nil
}

// NewCurrents returns the heat map of the input currents in res.Traces
// (recorded with snn.RunOptions{TraceAll: true} for the tutorial's
// figure). The colour range is ±m with m the 99.5th percentile of |I|:
// the few largest currents, in the most synchronous steps, saturate rather
// than wash out the rest. Traces recorded every TraceEvery steps show
// each sample over the TraceEvery ms from the start of its step, so the
// map starts at the first sampled step, up to TraceEvery−1 ms into the
// run, and may end up to TraceEvery−1 ms after the run.
func NewCurrents(res *snn.Result) (*Currents, error) {
	if res == nil {
		return nil, errors.New("currents: nil result")
	}
	tr := res.Traces
	if err := checkTraces(tr); err != nil {
		return nil, fmt.Errorf("currents: %w", err)
	}
	n := len(tr.Neurons)
	g := traceGrid{x: tr.I[:n*tr.Samples], n: n, steps: tr.Samples,
		t0: res.Time(res.Start + tr.First), width: float64(max(tr.Every, 1)) * res.TimeStep()} // Every 0 means 1
	if consecutive(tr.Neurons) {
		g.y0, g.indexed = float64(tr.Neurons[0]), true
	}
	h, err := NewHeatMap(g)
	if err != nil {
		return nil, fmt.Errorf("currents: %w", err)
	}
	m := absPercentile(g.x, 0.995)
	if !(m > 0) {
		m = 1
	}
	h.Min, h.Max = -m, m
	c := &Currents{
		Title:    "Input current",
		XLabel:   "time (ms)",
		YLabel:   "neuron",
		BarLabel: "input current",
		Map:      h,
		Boundary: draw.LineStyle{Color: color.Black, Width: vg.Points(0.75), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}},
	}
	if g.indexed {
		c.Populations = append([]snn.PopulationInfo(nil), res.Populations...)
	} else {
		c.YLabel = "traced neuron (row)"
	}
	return c, nil
}

// absPercentile returns the q-quantile of |x| (the element of rank
// ⌊q·len⌋ in increasing order), by selection rather than sorting: O(n).
func absPercentile(x []float64, q float64) float64 {
	if len(x) == 0 {
		return 0
	}
	a := make([]float64, len(x))
	for i, v := range x {
		a[i] = math.Abs(v)
	}
	k := min(int(q*float64(len(a))), len(a)-1)
	lo, hi := 0, len(a)-1
	for lo < hi {
		// Hoare partition around the median of three.
		m := lo + (hi-lo)/2
		if a[m] < a[lo] {
			a[m], a[lo] = a[lo], a[m]
		}
		if a[hi] < a[lo] {
			a[hi], a[lo] = a[lo], a[hi]
		}
		if a[hi] < a[m] {
			a[hi], a[m] = a[m], a[hi]
		}
		pivot := a[m]
		i, j := lo, hi
		for i <= j {
			for a[i] < pivot {
				i++
			}
			for a[j] > pivot {
				j--
			}
			if i <= j {
				a[i], a[j] = a[j], a[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return a[k]
		}
	}
	return a[k]
}

// Plot returns the heat map as a gonum plot, without the colour bar.
func (c *Currents) Plot() (*plot.Plot, error) {
	if c.Map == nil || c.Map.Grid == nil {
		return nil, errors.New("currents: no heat map")
	}
	if _, err := newColorTable(c.Map.Palette, c.Map.Min, c.Map.Max, 2); err != nil {
		return nil, fmt.Errorf("currents: %w", err)
	}
	p := newPlot(c.Title, c.XLabel, c.YLabel)
	p.Add(c.Map)
	xmin, xmax, ymin, ymax := c.Map.DataRange()
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin, xmax, ymin, ymax
	for _, y := range c.boundaries(ymin, ymax) {
		p.Add(hline{y: y, style: c.Boundary})
	}
	step := c.NeuronStep
	if step <= 0 {
		step = niceStep(ymax-ymin, 5)
	}
	p.Y.Tick.Marker = evenTicks{step: step}
	p.X.Tick.Marker = evenTicks{step: niceStep(xmax-xmin, 5)}
	return p, nil
}

// Draw draws the heat map and its colour bar onto dc.
func (c *Currents) Draw(dc draw.Canvas) error {
	p, err := c.Plot()
	if err != nil {
		return err
	}
	table, err := newColorTable(c.Map.Palette, c.Map.Min, c.Map.Max, 256)
	if err != nil {
		return fmt.Errorf("currents: %w", err)
	}
	bands := c.bands(p.Y.Min, p.Y.Max)
	if len(bands) == 0 {
		drawWithColorBar(dc, p, table, c.BarLabel)
		return nil
	}
	// The names stand in a strip between the map and the colour bar,
	// rotated like the axis label and centred on their bands, so they
	// cover none of the data.
	sty := p.Y.Label.TextStyle
	sty.Font = Font(9)
	sty.Rotation = math.Pi / 2
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	h := sty.Rectangle("I").Size().Y
	const pad = vg.Length(3)
	drawWithColorBarStrip(dc, p, table, c.BarLabel, h+2*pad, func(dc, data draw.Canvas) {
		for _, b := range bands {
			y := data.Y(p.Y.Norm((b.lo + b.hi) / 2))
			dc.FillText(sty, vg.Point{X: data.Max.X + pad + h/2, Y: y}, b.name)
		}
	})
	return nil
}

// boundaries returns the rows strictly between ymin and ymax where a
// population after the first starts, or none when the Boundary style
// draws nothing.
func (c *Currents) boundaries(ymin, ymax float64) []float64 {
	if !(c.Boundary.Width > 0) || c.Boundary.Color == nil {
		return nil
	}
	var ys []float64
	for _, pop := range c.Populations[min(1, len(c.Populations)):] {
		if y := float64(pop.Start); y > ymin && y < ymax {
			ys = append(ys, y)
		}
	}
	return ys
}

// hline is a horizontal line across the whole data area at y. Unlike a
// plotter.Line it has no glyph boxes, so it does not pad (and shift) the
// heat map.
type hline struct {
	y     float64
	style draw.LineStyle
}

func (l hline) Plot(c draw.Canvas, p *plot.Plot) {
	_, y := p.Transforms(&c)
	c.StrokeLine2(l.style, c.Min.X, y(l.y), c.Max.X, y(l.y))
}

// band is the rows [lo, hi) of the map that one population fills.
type band struct {
	name   string
	lo, hi float64
}

// bands returns the named populations' bands clipped to the rows ymin to
// ymax that the map shows, or none when there are fewer than two
// populations or HidePopulationNames.
func (c *Currents) bands(ymin, ymax float64) []band {
	if c.HidePopulationNames || len(c.Populations) < 2 {
		return nil
	}
	var out []band
	for _, pop := range c.Populations {
		lo := max(float64(pop.Start), ymin)
		hi := min(float64(pop.Start+pop.Size), ymax)
		if pop.Name == "" || !(hi > lo) {
			continue
		}
		out = append(out, band{name: pop.Name, lo: lo, hi: hi})
	}
	return out
}

// Save writes the figure to path as PNG, SVG or PDF, by extension.
func (c *Currents) Save(path string) error { return Save(c, c.Size, path) }

// Encode writes the figure to w in format "png", "svg" or "pdf".
func (c *Currents) Encode(w io.Writer, format string) error { return Encode(c, c.Size, w, format) }

// PNG returns the figure as a PNG image.
func (c *Currents) PNG() ([]byte, error) { return encodeBytes(c, c.Size, "png") }

// SVG returns the figure as an SVG document.
func (c *Currents) SVG() ([]byte, error) { return encodeBytes(c, c.Size, "svg") }
