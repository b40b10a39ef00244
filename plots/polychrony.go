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

	"github.com/gosnn/gosnn/snn/spnet"
)

// Polychrony draws a polychronous group as the paper does: each spike of
// the group a dot at (firing time, neuron), and each link a line from the
// presynaptic spike to the postsynaptic spike it led to.
type Polychrony struct {
	Size
	Title          string
	XLabel, YLabel string

	Group *spnet.Group
	// Excitatory is the number of excitatory neurons (they come first);
	// their spikes take Excitatory color, the others Inhibitory color.
	Excitatory int

	ExcitatoryColor, InhibitoryColor color.Color
	Radius                           vg.Length
	Links                            draw.LineStyle
}

// NewPolychrony returns the figure of group g of a network with ne
// excitatory neurons, with the default styles.
func NewPolychrony(g *spnet.Group, ne int) (*Polychrony, error) {
	if g == nil || len(g.Neurons) == 0 {
		return nil, errors.New("polychrony: no group (nil or without spikes)")
	}
	if len(g.Times) != len(g.Neurons) {
		return nil, fmt.Errorf("polychrony: group with %d neurons but %d spike times: need one time per neuron", len(g.Neurons), len(g.Times))
	}
	return &Polychrony{
		Title:           fmt.Sprintf("Polychronous group: %d neurons, %d layers, %d ms", g.Size(), g.Layers, g.Span()),
		XLabel:          "time (ms)",
		YLabel:          "neuron",
		Group:           g,
		Excitatory:      ne,
		ExcitatoryColor: Blue,
		InhibitoryColor: Orange,
		Radius:          vg.Points(3),
		Links:           draw.LineStyle{Color: Gray, Width: vg.Points(0.6)},
	}, nil
}

// Plot returns the figure as a gonum plot.
func (f *Polychrony) Plot() (*plot.Plot, error) {
	g := f.Group
	if g == nil || len(g.Neurons) == 0 || len(g.Times) != len(g.Neurons) {
		return nil, errors.New("polychrony: the group needs spikes, one time per neuron")
	}
	p := newPlot(f.Title, f.XLabel, f.YLabel)
	for _, l := range g.Links {
		line, err := plotter.NewLine(plotter.XYs{
			{X: float64(l.Arrival - l.Delay), Y: float64(l.Pre)},
			{X: float64(causedAt(g, l)), Y: float64(l.Post)},
		})
		if err != nil {
			return nil, fmt.Errorf("polychrony: link %d>%d: %w", l.Pre, l.Post, err)
		}
		line.LineStyle = f.Links
		p.Add(line)
	}
	var exc, inh plotter.XYs
	for k, n := range g.Neurons {
		xy := plotter.XY{X: float64(g.Times[k]), Y: float64(n)}
		if int(n) < f.Excitatory {
			exc = append(exc, xy)
		} else {
			inh = append(inh, xy)
		}
	}
	for _, set := range []struct {
		xys plotter.XYs
		c   color.Color
	}{{exc, f.ExcitatoryColor}, {inh, f.InhibitoryColor}} {
		if len(set.xys) == 0 {
			continue
		}
		s, err := plotter.NewScatter(set.xys)
		if err != nil {
			return nil, fmt.Errorf("polychrony: %w", err)
		}
		s.GlyphStyle = draw.GlyphStyle{Color: set.c, Radius: f.Radius, Shape: draw.CircleGlyph{}}
		p.Add(s)
	}
	// A little room around the spikes.
	xmin, xmax, ymin, ymax := plotter.XYRange(append(exc, inh...))
	p.X.Min, p.X.Max = xmin-2, xmax+2
	pad := max(5, (ymax-ymin)*0.05)
	p.Y.Min, p.Y.Max = ymin-pad, ymax+pad
	return p, nil
}

// causedAt returns the time of the spike link l led to: the first spike of
// its postsynaptic neuron at or after the arrival (its arrival if there is
// none, as for a link to an anchor).
func causedAt(g *spnet.Group, l spnet.Link) int32 {
	at := int32(-1)
	for k, n := range g.Neurons {
		if n == l.Post && g.Times[k] >= l.Arrival && (at < 0 || g.Times[k] < at) {
			at = g.Times[k]
		}
	}
	if at < 0 {
		return l.Arrival
	}
	return at
}

// Draw draws the figure onto c.
func (f *Polychrony) Draw(c draw.Canvas) error {
	p, err := f.Plot()
	if err != nil {
		return err
	}
	p.Draw(c)
	return nil
}

// Save writes the figure to path as PNG, SVG or PDF, by extension.
func (f *Polychrony) Save(path string) error { return Save(f, f.Size, path) }

// Encode writes the figure to w in format "png", "svg" or "pdf".
func (f *Polychrony) Encode(w io.Writer, format string) error { return Encode(f, f.Size, w, format) }

// PNG returns the figure as a PNG image.
func (f *Polychrony) PNG() ([]byte, error) { return encodeBytes(f, f.Size, "png") }

// SVG returns the figure as an SVG document.
func (f *Polychrony) SVG() ([]byte, error) { return encodeBytes(f, f.Size, "svg") }
