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

// Neuron shows one Izhikevich neuron's membrane potential v(t) under a
// step current, above the current itself: the single-neuron figure of the
// model-concept section. Spikes are drawn up to the 30 mV threshold in the
// step they happen, as in Izhikevich's figures (the model resets v at once,
// so the recorded v never shows the peak).
type Neuron struct {
	Size
	Title string

	// V is the membrane potential (mV) and I the injected current at the
	// end of each step, of DT ms (0 means snn.DefaultDT, the 1 ms steps of
	// NeuronResponse; set it to the step of traces from a network at
	// another step, snn.Result.TimeStep).
	V, I []float64
	DT   float64
	// Color of v; default blue. ShowCurrent draws the current panel.
	Color       color.Color
	ShowCurrent bool
}

// NeuronResponse simulates one neuron of the preset for steps ms with no
// input until step onset and a current of amplitude current from then on
// (snn.NewIzhikevich and its Step), and returns v — set to the threshold
// (30 mV) in the steps where the neuron fired — and the current.
func NeuronResponse(p snn.Preset, current float64, steps, onset int) (v, i []float64, err error) {
	if steps <= 0 || onset < 0 || onset >= steps {
		return nil, nil, fmt.Errorf("neuron response over %d steps with onset %d: need steps ≥ 1 and 0 ≤ onset < steps", steps, onset)
	}
	if !finite(current) {
		return nil, nil, fmt.Errorf("neuron response: current %g must be a finite number", current)
	}
	z := snn.NewIzhikevich(1, p.Params)
	if err := z.Validate(); err != nil {
		return nil, nil, fmt.Errorf("preset %s: %w", p.Name, err)
	}
	v, i = make([]float64, steps), make([]float64, steps)
	in := []float64{0}
	var fired []int
	for t := range steps {
		in[0] = 0
		if t >= onset {
			in[0] = current
		}
		fired = z.Step(in, fired[:0])
		v[t], i[t] = z.V[0], in[0]
		if len(fired) > 0 {
			v[t] = snn.Threshold
		}
		if !finite(z.V[0]) || !finite(z.U[0]) {
			return nil, nil, fmt.Errorf("preset %s with current %g: the state stops being finite at step %d", p.Name, current, t)
		}
	}
	return v, i, nil
}

// NewNeuron returns the figure of a neuron of preset p under a step
// current of amplitude current (10 is the usual choice) switched on at
// step onset, over steps ms.
func NewNeuron(p snn.Preset, current float64, steps, onset int) (*Neuron, error) {
	v, i, err := NeuronResponse(p, current, steps, onset)
	if err != nil {
		return nil, err
	}
	title := p.Name
	if p.Description != "" {
		title = fmt.Sprintf("%s: %s", p.Name, shortDescription(p.Description))
	}
	return &Neuron{
		Size:        Size{Width: 6 * vg.Inch, Height: 3.5 * vg.Inch},
		Title:       title,
		V:           v,
		I:           i,
		Color:       Blue,
		ShowCurrent: true,
	}, nil
}

// shortDescription returns a preset description up to its first colon or
// parenthesis: "regular spiking".
func shortDescription(d string) string {
	for k, r := range d {
		if r == ':' || r == '(' {
			return strings.TrimSpace(d[:k])
		}
	}
	return d
}

// Plots returns the panels: v, and the current (nil unless ShowCurrent).
func (n *Neuron) Plots() (v, i *plot.Plot, err error) {
	if len(n.V) == 0 {
		return nil, nil, errors.New("neuron: no values of v")
	}
	if n.ShowCurrent && len(n.I) != len(n.V) {
		return nil, nil, fmt.Errorf("neuron: %d values of v but %d of the current: they must match", len(n.V), len(n.I))
	}
	dt := n.DT
	if dt == 0 {
		dt = snn.DefaultDT
	}
	if !(dt > 0) || !finite(dt) {
		return nil, nil, fmt.Errorf("neuron: step %g ms: must be a finite number > 0 (0 means %g ms)", n.DT, snn.DefaultDT)
	}
	line := func(x []float64, name string) (*plotter.Line, error) {
		xys := make(plotter.XYs, len(x))
		for t, y := range x {
			if !finite(y) {
				return nil, fmt.Errorf("neuron: %s at step %d is %g: values must be finite numbers", name, t, y)
			}
			xys[t] = plotter.XY{X: float64(t+1) * dt, Y: y}
		}
		return plotter.NewLine(xys)
	}
	tmax := float64(len(n.V)) * dt
	xlabel := "time (ms)"
	if n.ShowCurrent {
		xlabel = ""
	}
	v = newPlot("", xlabel, "v (mV)")
	lv, err := line(n.V, "v")
	if err != nil {
		return nil, nil, err
	}
	lv.Color, lv.Width = orBlack(n.Color), vg.Points(1)
	v.Add(lv)
	v.Y.Min, v.Y.Max = -90, 40
	for _, x := range n.V {
		v.Y.Min = min(v.Y.Min, math.Floor((x-5)/10)*10)
	}
	v.Y.Tick.Marker = evenTicks{step: 40}
	for _, p := range []*plot.Plot{v} {
		p.X.Min, p.X.Max = 0, tmax
		p.X.Tick.Marker = evenTicks{step: niceStep(tmax, 4)}
	}
	if !n.ShowCurrent {
		return v, nil, nil
	}
	v.X.Tick.Marker = unlabelled{v.X.Tick.Marker}
	i = newPlot("", "time (ms)", "I")
	li, err := line(n.I, "current")
	if err != nil {
		return nil, nil, err
	}
	li.Color, li.Width = color.Black, vg.Points(1)
	i.Add(li)
	lo, hi := 0.0, 0.0
	for _, x := range n.I {
		lo, hi = min(lo, x), max(hi, x)
	}
	if hi == lo {
		hi = lo + 1
	}
	i.Y.Min, i.Y.Max = lo-0.15*(hi-lo), hi+0.15*(hi-lo)
	i.Y.Tick.Marker = evenTicks{step: niceStep(hi-lo, 1)}
	i.X.Min, i.X.Max = 0, tmax
	i.X.Tick.Marker = evenTicks{step: niceStep(tmax, 4)}
	return v, i, nil
}

// Draw draws the title and the panels onto c, the current panel a
// quarter of the height.
func (n *Neuron) Draw(c draw.Canvas) error {
	v, i, err := n.Plots()
	if err != nil {
		return err
	}
	c = drawTitle(c, v, n.Title)
	if i == nil {
		v.Draw(c)
		return nil
	}
	// Align the panels' data areas left and right, v taking 3/4.
	h := c.Max.Y - c.Min.Y
	top := draw.Crop(c, 0, 0, h/4, 0)
	bottom := draw.Crop(c, 0, 0, 0, -(h*3/4 + 4))
	left := max(v.DataCanvas(top).Min.X-top.Min.X, i.DataCanvas(bottom).Min.X-bottom.Min.X)
	top = draw.Crop(top, left-(v.DataCanvas(top).Min.X-top.Min.X), 0, 0, 0)
	bottom = draw.Crop(bottom, left-(i.DataCanvas(bottom).Min.X-bottom.Min.X), 0, 0, 0)
	v.Draw(top)
	i.Draw(bottom)
	return nil
}

// Save writes the figure to path as PNG, SVG or PDF, by extension.
func (n *Neuron) Save(path string) error { return Save(n, n.Size, path) }

// Encode writes the figure to w in format "png", "svg" or "pdf".
func (n *Neuron) Encode(w io.Writer, format string) error { return Encode(n, n.Size, w, format) }

// PNG returns the figure as a PNG image.
func (n *Neuron) PNG() ([]byte, error) { return encodeBytes(n, n.Size, "png") }

// SVG returns the figure as an SVG document.
func (n *Neuron) SVG() ([]byte, error) { return encodeBytes(n, n.Size, "svg") }

// NewGallery returns a grid of the responses of one neuron of each preset
// (snn.Presets: RS, IB, CH, FS, TC, LTS, RZ) to the same step current,
// two columns wide.
func NewGallery(current float64, steps, onset int) (*Grid, error) {
	presets := snn.Presets()
	var panels []Panel
	for _, p := range presets {
		n, err := NewNeuron(p, current, steps, onset)
		if err != nil {
			return nil, err
		}
		title := n.Title
		n.Title = ""
		n.ShowCurrent = false
		panels = append(panels, Panel{Title: title, Figure: n})
	}
	if len(panels)%2 == 1 {
		// The free cell shows the current every neuron received.
		_, i, err := NeuronResponse(presets[0], current, steps, onset)
		if err != nil {
			return nil, err
		}
		p := newPlot("", "time (ms)", "I")
		xys := make(plotter.XYs, len(i))
		for t, x := range i {
			xys[t] = plotter.XY{X: float64(t+1) * snn.DefaultDT, Y: x}
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return nil, err
		}
		l.Width = vg.Points(1)
		p.Add(l)
		p.X.Min, p.X.Max = 0, float64(steps)*snn.DefaultDT
		p.X.Tick.Marker = evenTicks{step: niceStep(float64(steps)*snn.DefaultDT, 4)}
		lo, hi := min(0, current), max(0, current)
		if current == 0 {
			hi = 1
		}
		p.Y.Min, p.Y.Max = lo-0.15*(hi-lo), hi+0.15*(hi-lo)
		p.Y.Tick.Marker = evenTicks{step: niceStep(hi-lo, 2)}
		panels = append(panels, Panel{Title: "injected current", Figure: PlotFigure{p}})
	}
	rows := (len(panels) + 1) / 2
	g, err := NewGrid(rows, 2, panels...)
	if err != nil {
		return nil, err
	}
	g.Title = fmt.Sprintf("Izhikevich neuron presets: step current I = %g from %d ms", current, onset)
	g.Width, g.Height = 9*vg.Inch, vg.Length(rows)*2.2*vg.Inch
	return g, nil
}
