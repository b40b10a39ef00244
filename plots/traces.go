package plots

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gosnn/gosnn/snn"
)

// Traces shows the membrane potential v (top panel) and the recovery
// variable u (bottom panel) of a few neurons over time, one colour per
// neuron, with a legend: the tutorial's third figure.
type Traces struct {
	Size
	Title          string
	XLabel         string
	VLabel, ULabel string

	// Series are the neurons drawn, in order.
	Series []TraceSeries
	// TimeMin and TimeMax are the time axis range, ms.
	TimeMin, TimeMax float64
	// LineWidth of the traces; default 1 point.
	LineWidth vg.Length
}

// A TraceSeries is the v and u time series of one neuron: V[k] and U[k]
// are the values of sample k, taken at the end of the step that starts at
// T0 + k·Interval ms, and drawn at that end, [TraceSeries.Time](k).
type TraceSeries struct {
	Label    string
	Color    color.Color
	T0       float64 // start of the first sample's step, ms
	Interval float64 // ms between samples; 0 means DT (every step)
	DT       float64 // ms per step of the network; 0 means snn.DefaultDT
	V, U     []float64
}

// Time returns the time at which sample k is drawn: the end of its step,
// T0 + k·Interval + DT ms.
func (s TraceSeries) Time(k int) float64 {
	dt := s.DT
	if dt == 0 {
		dt = snn.DefaultDT
	}
	interval := s.Interval
	if interval == 0 {
		interval = dt
	}
	return s.T0 + float64(k)*interval + dt
}

// NewTraces returns the traces of the given network neurons of res, which
// must have been traced (snn.RunOptions Trace or TraceAll); with no
// neurons it shows 0 and N−1 (in the tutorial, the first excitatory and
// the last inhibitory neuron). Each neuron is coloured by its population:
// blue, orange, … (PopulationColor); a second neuron of the same
// population gets the next unused colour. The time axis spans the run;
// traces recorded every TraceEvery steps are drawn through their samples.
func NewTraces(res *snn.Result, neurons ...int) (*Traces, error) {
	if res == nil {
		return nil, errors.New("traces: nil result")
	}
	tr := res.Traces
	if err := checkTraces(tr); err != nil {
		return nil, fmt.Errorf("traces: %w", err)
	}
	if len(neurons) == 0 {
		neurons = []int{0, res.N - 1}
		if res.N == 1 {
			neurons = neurons[:1]
		}
	}
	// The run's steps, and those of the samples if hand-made traces
	// outlast them.
	end := max(res.Steps, tr.Step(tr.Samples-1)+1)
	f := &Traces{
		Title:   "Membrane potential and recovery",
		XLabel:  "time (ms)",
		VLabel:  "v (mV)",
		ULabel:  "u",
		TimeMin: res.Time(res.Start),
		TimeMax: res.Time(res.Start + end),
	}
	t0 := res.Time(res.Start + tr.First)
	interval := float64(max(tr.Every, 1)) * res.TimeStep() // Every 0 means 1
	// The first traced neuron of population k takes PopulationColor(k)
	// (excitatory blue, inhibitory orange); further neurons take colours
	// no population of the figure uses.
	popOf := func(i int) (int, string) {
		for j, pop := range res.Populations {
			if i >= pop.Start && i < pop.Start+pop.Size {
				return j, pop.Name
			}
		}
		return -1, ""
	}
	used := map[int]bool{}
	first := map[int]int{} // population → position in neurons of its first neuron
	for k, i := range neurons {
		if pk, _ := popOf(i); pk >= 0 {
			if _, ok := first[pk]; !ok {
				first[pk] = k
				used[pk%len(populationColors)] = true
			}
		}
	}
	next := 0
	for k, i := range neurons {
		if i < 0 || i >= res.N {
			return nil, fmt.Errorf("traces: neuron %d out of range: the network has neurons 0 to %d", i, res.N-1)
		}
		ti := tr.Index(i)
		if ti < 0 {
			return nil, fmt.Errorf("traces: neuron %d was not traced: traced neurons are %s (record it with snn.RunOptions.Trace)", i, listInts(tr.Neurons, 10))
		}
		v, u := tr.Of(tr.V, ti), tr.Of(tr.U, ti)
		for t := range v {
			if !finite(v[t]) || !finite(u[t]) {
				return nil, fmt.Errorf("traces: neuron %d at step %d has v = %g, u = %g: values must be finite numbers", i, res.Start+tr.Step(t), v[t], u[t])
			}
		}
		label := fmt.Sprintf("neuron %d", i)
		pk, name := popOf(i)
		if pk >= 0 {
			label = fmt.Sprintf("neuron %d (%s)", i, name)
		}
		var col color.Color
		if pk >= 0 && first[pk] == k {
			col = PopulationColor(pk)
		} else {
			for used[next%len(populationColors)] && next < 2*len(populationColors) {
				next++
			}
			col = PopulationColor(next)
			used[next%len(populationColors)] = true
			next++
		}
		f.Series = append(f.Series, TraceSeries{Label: label, Color: col, T0: t0, Interval: interval, DT: res.TimeStep(), V: v, U: u})
	}
	return f, nil
}

// listInts writes up to n integers of xs, then how many more.
func listInts(xs []int, n int) string {
	var b strings.Builder
	for k, x := range xs {
		if k == n {
			fmt.Fprintf(&b, " and %d more", len(xs)-n)
			break
		}
		if k > 0 {
			b.WriteString(", ")
		}
		fmt.Fprint(&b, x)
	}
	return b.String()
}

// Plots returns the two panels as gonum plots: v above, u below.
func (f *Traces) Plots() (v, u *plot.Plot, err error) {
	if len(f.Series) == 0 {
		return nil, nil, errors.New("traces: no series to draw")
	}
	if !(f.TimeMax > f.TimeMin) {
		return nil, nil, fmt.Errorf("traces: time range %g..%g ms: must be increasing", f.TimeMin, f.TimeMax)
	}
	v = newPlot("", "", f.VLabel)
	u = newPlot("", f.XLabel, f.ULabel)
	width := f.LineWidth
	if width <= 0 {
		width = vg.Points(1)
	}
	for k, s := range f.Series {
		if len(s.V) != len(s.U) {
			return nil, nil, fmt.Errorf("traces: series %d (%s) has %d values of v but %d of u: they must match", k, s.Label, len(s.V), len(s.U))
		}
		for _, pair := range []struct {
			p *plot.Plot
			x []float64
		}{{v, s.V}, {u, s.U}} {
			xys := make(plotter.XYs, len(pair.x))
			for j, y := range pair.x {
				if !finite(y) {
					return nil, nil, fmt.Errorf("traces: series %d (%s) has value %g at sample %d: values must be finite numbers", k, s.Label, y, j)
				}
				xys[j] = plotter.XY{X: s.Time(j), Y: y}
			}
			l, err := plotter.NewLine(xys)
			if err != nil {
				return nil, nil, err
			}
			l.Color = s.Color
			if l.Color == nil {
				l.Color = PopulationColor(k)
			}
			l.Width = width
			pair.p.Add(l)
		}
	}
	for _, p := range []*plot.Plot{v, u} {
		p.X.Min, p.X.Max = f.TimeMin, f.TimeMax
		p.X.Tick.Marker = evenTicks{step: niceStep(f.TimeMax-f.TimeMin, 5)}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, s := range f.Series {
			x := s.V
			if p == u {
				x = s.U
			}
			for _, y := range x {
				lo, hi = math.Min(lo, y), math.Max(hi, y)
			}
		}
		if hi > lo {
			p.Y.Tick.Marker = evenTicks{step: niceStep(hi-lo, 5)}
		}
	}
	// The top panel shares the time axis: ticks without labels.
	v.X.Tick.Marker = unlabelled{v.X.Tick.Marker}
	return v, u, nil
}

// unlabelled keeps a Ticker's ticks but drops their labels.
type unlabelled struct{ plot.Ticker }

func (t unlabelled) Ticks(min, max float64) []plot.Tick {
	ticks := t.Ticker.Ticks(min, max)
	for i := range ticks {
		ticks[i].Label = ""
	}
	return ticks
}

// Draw draws the title, the legend and the two panels onto c.
func (f *Traces) Draw(c draw.Canvas) error {
	v, u, err := f.Plots()
	if err != nil {
		return err
	}
	c = drawTitle(c, v, f.Title)
	c = drawLegend(c, v, f.legend())
	cs := plot.Align([][]*plot.Plot{{v}, {u}}, draw.Tiles{Rows: 2, Cols: 1, PadY: vg.Points(6)}, c)
	v.Draw(cs[0][0])
	u.Draw(cs[1][0])
	return nil
}

func (f *Traces) legend() []legendEntry {
	var e []legendEntry
	const most = 6
	for k, s := range f.Series {
		if k == most && len(f.Series) > most+1 {
			e = append(e, legendEntry{label: fmt.Sprintf("and %d more", len(f.Series)-most)})
			break
		}
		col := s.Color
		if col == nil {
			col = PopulationColor(k)
		}
		e = append(e, legendEntry{label: s.Label, color: col})
	}
	return e
}

// Save writes the figure to path as PNG, SVG or PDF, by extension.
func (f *Traces) Save(path string) error { return Save(f, f.Size, path) }

// Encode writes the figure to w in format "png", "svg" or "pdf".
func (f *Traces) Encode(w io.Writer, format string) error { return Encode(f, f.Size, w, format) }

// PNG returns the figure as a PNG image.
func (f *Traces) PNG() ([]byte, error) { return encodeBytes(f, f.Size, "png") }

// SVG returns the figure as an SVG document.
func (f *Traces) SVG() ([]byte, error) { return encodeBytes(f, f.Size, "svg") }

// drawTitle writes title centred at the top of c, in p's title style, and
// returns the canvas below it.
func drawTitle(c draw.Canvas, p *plot.Plot, title string) draw.Canvas {
	if title == "" {
		return c
	}
	sty := p.Title.TextStyle
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
	c.FillText(sty, vg.Point{X: c.Center().X, Y: c.Max.Y}, title)
	return draw.Crop(c, 0, 0, 0, -(sty.Rectangle(title).Size().Y + 4))
}

type legendEntry struct {
	label string
	color color.Color
	dot   bool // a dot, not a short line, before the label
	box   bool // a filled square (a histogram's bars)
}

// drawLegend writes a one-row legend (a short line in each entry's colour,
// then its label) centred at the top of c and returns the canvas below.
func drawLegend(c draw.Canvas, p *plot.Plot, entries []legendEntry) draw.Canvas {
	if len(entries) == 0 {
		return c
	}
	sty := textStyle(p, 9, color.Black)
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	const sample, gap, sep = vg.Length(16), vg.Length(4), vg.Length(14)
	var total vg.Length
	for k, e := range entries {
		if k > 0 {
			total += sep
		}
		total += sample + gap + sty.Rectangle(e.label).Size().X
	}
	h := sty.Rectangle("Xg").Size().Y
	x := c.Center().X - total/2
	y := c.Max.Y - h/2
	for _, e := range entries {
		switch {
		case e.color != nil && e.box:
			half := vg.Points(4)
			x0, x1 := x+sample/2-half, x+sample/2+half
			c.FillPolygon(e.color, []vg.Point{{X: x0, Y: y - half}, {X: x1, Y: y - half}, {X: x1, Y: y + half}, {X: x0, Y: y + half}})
		case e.color != nil && e.dot:
			c.DrawGlyph(draw.GlyphStyle{Color: e.color, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}, vg.Point{X: x + sample/2, Y: y})
		case e.color != nil:
			c.StrokeLine2(draw.LineStyle{Color: e.color, Width: vg.Points(2)}, x, y, x+sample, y)
		}
		x += sample + gap
		c.FillText(sty, vg.Point{X: x, Y: y}, e.label)
		x += sty.Rectangle(e.label).Size().X + sep
	}
	return draw.Crop(c, 0, 0, 0, -(h + 4))
}
