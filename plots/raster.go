package plots

import (
	"errors"
	"fmt"
	"image/color"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gosnn/gosnn/snn"
)

// Raster is the spike raster of a run: spike time (ms) against neuron
// index, one small dot per spike, with a line at each boundary between
// populations and each population's name in its band, outside the plot on
// the right. It is the tutorial's first figure.
type Raster struct {
	Size
	Title          string
	XLabel, YLabel string

	// Spikes are the spikes to draw; Populations divide the neuron axis.
	Spikes snn.Spikes
	// DT is the length of the spikes' steps in ms (snn.Result.TimeStep);
	// 0 means snn.DefaultDT.
	DT          float64
	Populations []snn.PopulationInfo

	// TimeMin, TimeMax and NeuronMin, NeuronMax are the axis ranges;
	// NewRaster sets them to the run's 0..T ms and 0..N.
	TimeMin, TimeMax     float64
	NeuronMin, NeuronMax float64
	// NeuronStep is the spacing of the neuron ticks; 0 chooses a round
	// step (200 for the tutorial's 1000 neurons).
	NeuronStep float64

	// Dots is the style of the spikes: Color, Radius. With
	// ColorPopulations each population's spikes take PopulationColors[k]
	// (default PopulationColor(k)) instead of Dots.Color.
	Dots             SpikeDots
	ColorPopulations bool
	PopulationColors []color.Color

	// Boundary is the style of the lines between populations; a zero
	// Width hides them. LabelPopulations writes population names beside
	// their bands.
	Boundary         draw.LineStyle
	LabelPopulations bool

	// Note is written in the middle of a raster without spikes.
	Note string
}

// NewRaster returns the raster of res's spikes over the whole run, with
// the default styles. A run without spikes gives an empty raster that
// says so.
func NewRaster(res *snn.Result) (*Raster, error) {
	if res == nil {
		return nil, errors.New("raster: nil result")
	}
	if res.N <= 0 || res.Steps <= 0 {
		return nil, fmt.Errorf("raster: result of %d neurons and %d steps: need at least one of each", res.N, res.Steps)
	}
	for i, s := range res.Spikes {
		if s.Neuron < 0 || s.Neuron >= res.N {
			return nil, fmt.Errorf("raster: spike %d is of neuron %d, but the network has neurons 0 to %d", i, s.Neuron, res.N-1)
		}
		if s.T < res.Start || s.T >= res.Start+res.Steps {
			return nil, fmt.Errorf("raster: spike %d is at step %d, outside the run's steps %d to %d", i, s.T, res.Start, res.Start+res.Steps-1)
		}
	}
	r := &Raster{
		Title:            "Spike raster",
		XLabel:           "time (ms)",
		YLabel:           "neuron",
		Spikes:           res.Spikes,
		DT:               res.TimeStep(),
		Populations:      append([]snn.PopulationInfo(nil), res.Populations...),
		TimeMin:          res.Time(res.Start),
		TimeMax:          res.Time(res.Start + res.Steps),
		NeuronMin:        0,
		NeuronMax:        float64(res.N),
		Dots:             SpikeDots{Color: color.Black, Radius: DefaultDotRadius},
		Boundary:         draw.LineStyle{Color: Red, Width: vg.Points(1)},
		LabelPopulations: true,
		Note:             "no spikes",
	}
	return r, nil
}

// Plot returns the raster as a gonum plot (without the population labels,
// which are drawn outside the plot area by Draw).
func (r *Raster) Plot() (*plot.Plot, error) {
	if !(r.TimeMax > r.TimeMin) || !(r.NeuronMax > r.NeuronMin) || !finite(r.TimeMin+r.TimeMax+r.NeuronMin+r.NeuronMax) {
		return nil, fmt.Errorf("raster: axis ranges time %g..%g, neurons %g..%g: each must be finite and increasing", r.TimeMin, r.TimeMax, r.NeuronMin, r.NeuronMax)
	}
	p := newPlot(r.Title, r.XLabel, r.YLabel)
	dots := r.Dots
	dt := r.DT
	if dt == 0 {
		dt = snn.DefaultDT
	}
	dots.XYs = snn.TimedSpikes{Spikes: r.Spikes, DT: dt}
	dots.Bands = nil
	if r.ColorPopulations {
		for k, pop := range r.Populations {
			dots.Bands = append(dots.Bands, ColorBand{Min: float64(pop.Start), Max: float64(pop.Start + pop.Size), Color: r.populationColor(k)})
		}
	}
	p.Add(&dots)
	if r.Boundary.Width > 0 && r.Boundary.Color != nil {
		for _, pop := range r.Populations[min(1, len(r.Populations)):] {
			y := float64(pop.Start)
			if y <= r.NeuronMin || y >= r.NeuronMax {
				continue
			}
			l, err := plotter.NewLine(plotter.XYs{{X: r.TimeMin, Y: y}, {X: r.TimeMax, Y: y}})
			if err != nil {
				return nil, err
			}
			l.LineStyle = r.Boundary
			p.Add(l)
		}
	}
	if len(r.Spikes) == 0 && r.Note != "" {
		p.Add(&note{Text: r.Note})
	}
	p.X.Min, p.X.Max = r.TimeMin, r.TimeMax
	p.Y.Min, p.Y.Max = r.NeuronMin, r.NeuronMax
	step := r.NeuronStep
	if step <= 0 {
		step = niceStep(r.NeuronMax-r.NeuronMin, 5)
	}
	p.Y.Tick.Marker = evenTicks{step: step}
	p.X.Tick.Marker = evenTicks{step: niceStep(r.TimeMax-r.TimeMin, 5)}
	return p, nil
}

func (r *Raster) populationColor(k int) color.Color {
	if k < len(r.PopulationColors) && r.PopulationColors[k] != nil {
		return r.PopulationColors[k]
	}
	return PopulationColor(k)
}

// Draw draws the raster onto c.
func (r *Raster) Draw(c draw.Canvas) error {
	p, err := r.Plot()
	if err != nil {
		return err
	}
	labelled := r.LabelPopulations && len(r.Populations) > 0
	sty := textStyle(p, 10, color.Black)
	area := c
	if labelled {
		// A column on the right for the names, written bottom to top.
		area = draw.Crop(c, 0, -(sty.Rectangle("Xg").Size().Y + 6), 0, 0)
	}
	p.Draw(area)
	if !labelled {
		return nil
	}
	dc := p.DataCanvas(area)
	_, trY := p.Transforms(&dc)
	sty.Rotation = 1.5707963267948966 // a quarter turn: read bottom to top
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
	for k, pop := range r.Populations {
		lo := max(float64(pop.Start), r.NeuronMin)
		hi := min(float64(pop.Start+pop.Size), r.NeuronMax)
		if hi <= lo {
			continue
		}
		sty.Color = color.Black
		if r.ColorPopulations {
			sty.Color = r.populationColor(k)
		}
		y := (trY(lo) + trY(hi)) / 2
		// Skip a name that does not fit its band.
		if sty.Rectangle(pop.Name).Size().X > trY(hi)-trY(lo) {
			continue
		}
		c.FillText(sty, vg.Point{X: dc.Max.X + 4, Y: y}, pop.Name)
	}
	return nil
}

// Save writes the raster to path as PNG, SVG or PDF, by extension.
func (r *Raster) Save(path string) error { return Save(r, r.Size, path) }

// Encode writes the raster to w in format "png", "svg" or "pdf".
func (r *Raster) Encode(w io.Writer, format string) error { return Encode(r, r.Size, w, format) }

// PNG returns the raster as a PNG image.
func (r *Raster) PNG() ([]byte, error) { return encodeBytes(r, r.Size, "png") }

// SVG returns the raster as an SVG document.
func (r *Raster) SVG() ([]byte, error) { return encodeBytes(r, r.Size, "svg") }

// note is a plotter that writes a text in the middle of the plot area.
type note struct {
	Text string
}

func (n *note) Plot(c draw.Canvas, p *plot.Plot) {
	sty := textStyle(p, 11, Gray)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	c.FillText(sty, c.Center(), n.Text)
}
