package plots

import (
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// SweepMap is a heat map of one value over a sweep of two parameters,
// with a colour bar: the firing rate over the weights we × wi, say. Each
// pair of parameter values is one cell of equal size, labelled with its
// values, so the values may be spaced in any way (linearly,
// logarithmically, by hand). Small maps print each cell's value in it.
//
//	m, err := plots.NewSweepMap("Rate", "we", wes, "wi", wis)
//	for i := range wes {
//		for j := range wis {
//			m.Z[i][j] = rate(wes[i], wis[j])
//		}
//	}
//	err = m.Save("sweep.png")
type SweepMap struct {
	Size
	Title string
	// XLabel and YLabel name the parameters with their units; X and Y are
	// their values, one per column and one per row.
	XLabel, YLabel string
	X, Y           []float64
	// Z[i][j] is the value at X[i], Y[j]: len(X) slices of len(Y).
	Z [][]float64
	// ValueLabel names the value, with its unit, beside the colour bar.
	ValueLabel string

	// Min and Max are the values at the ends of the palette; when they
	// are equal (both 0 by default) they are the smallest and largest Z.
	Min, Max float64
	// Palette maps [0, 1] to colours; default SequentialPalette().
	Palette palette.ColorMap
	// ShowValues prints each cell's value in it; NewSweepMap sets it for
	// maps of up to 12 × 12 cells.
	ShowValues bool
	// Format is the fmt verb of the printed values; default "%.3g".
	Format string
}

// SequentialPalette returns the default palette of sweep maps: Kindlmann's
// map (Moreland 2016), from black through purple, blue, green and yellow
// to white with a steadily increasing luminance, so that higher always
// looks brighter, in colour or grey.
func SequentialPalette() palette.ColorMap { return moreland.Kindlmann() }

// NewSweepMap returns a map over the parameter values x (columns) and y
// (rows), with Z allocated and zero: set Z[i][j] to the value at x[i],
// y[j]. It returns an error if x or y is empty or holds NaN or infinite
// values.
func NewSweepMap(title, xlabel string, x []float64, ylabel string, y []float64) (*SweepMap, error) {
	m := &SweepMap{Title: title, XLabel: xlabel, YLabel: ylabel, X: x, Y: y, Format: "%.3g"}
	if err := m.checkAxes(); err != nil {
		return nil, err
	}
	m.Z = make([][]float64, len(x))
	for i := range m.Z {
		m.Z[i] = make([]float64, len(y))
	}
	m.ShowValues = len(x) <= 12 && len(y) <= 12
	return m, nil
}

func (m *SweepMap) checkAxes() error {
	for _, a := range []struct {
		name, label string
		v           []float64
	}{{"X", m.XLabel, m.X}, {"Y", m.YLabel, m.Y}} {
		if len(a.v) == 0 {
			return fmt.Errorf("sweep map: no %s values (%s): give at least one", a.name, a.label)
		}
		for i, v := range a.v {
			if !finite(v) {
				return fmt.Errorf("sweep map: %s[%d] (%s) is %g: parameter values must be finite numbers", a.name, i, a.label, v)
			}
		}
	}
	return nil
}

// check reports a map that cannot be drawn and returns its colour range.
func (m *SweepMap) check() (lo, hi float64, err error) {
	if err := m.checkAxes(); err != nil {
		return 0, 0, err
	}
	if len(m.Z) != len(m.X) {
		return 0, 0, fmt.Errorf("sweep map: Z has %d columns but there are %d X values: Z[i][j] is the value at X[i], Y[j]", len(m.Z), len(m.X))
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for i, col := range m.Z {
		if len(col) != len(m.Y) {
			return 0, 0, fmt.Errorf("sweep map: Z[%d] has %d values but there are %d Y values: Z[i][j] is the value at X[i], Y[j]", i, len(col), len(m.Y))
		}
		for j, z := range col {
			if !finite(z) {
				return 0, 0, fmt.Errorf("sweep map: Z[%d][%d] (at %s = %g, %s = %g) is %g: values must be finite numbers", i, j, m.XLabel, m.X[i], m.YLabel, m.Y[j], z)
			}
			lo, hi = math.Min(lo, z), math.Max(hi, z)
		}
	}
	switch {
	case m.Min < m.Max && finite(m.Min) && finite(m.Max):
		lo, hi = m.Min, m.Max
	case m.Min != m.Max || !finite(m.Min):
		return 0, 0, fmt.Errorf("sweep map: colour range %g..%g: Min must be below Max, both finite (equal values mean the data's range)", m.Min, m.Max)
	case lo == hi:
		d := math.Max(math.Abs(lo)*0.05, 0.5)
		lo, hi = lo-d, hi+d
	}
	return lo, hi, nil
}

// sweepGrid presents Z as a plotter.GridXYZ on cell indices: column i is
// centred on i, row j on j.
type sweepGrid struct{ z [][]float64 }

func (g sweepGrid) Dims() (c, r int)   { return len(g.z), len(g.z[0]) }
func (g sweepGrid) Z(c, r int) float64 { return g.z[c][r] }
func (g sweepGrid) X(c int) float64    { return float64(c) }
func (g sweepGrid) Y(r int) float64    { return float64(r) }

// valueTicks labels cell k with the k-th parameter value; of more than
// 12 cells, every few are ticked and labelled, at most about 12.
type valueTicks []float64

func (t valueTicks) Ticks(min, max float64) []plot.Tick {
	every := (len(t) + 11) / 12
	var ticks []plot.Tick
	for k := 0; k < len(t); k += every {
		ticks = append(ticks, plot.Tick{Value: float64(k), Label: formatTick(t[k])})
	}
	return ticks
}

// Plot returns the heat map as a gonum plot, without the colour bar.
func (m *SweepMap) Plot() (*plot.Plot, error) {
	p, _, err := m.draft()
	return p, err
}

// draft returns the heat map as a gonum plot and the colour table that
// its cells, their printed values and the colour bar share, so that a
// drawing samples the palette once.
func (m *SweepMap) draft() (*plot.Plot, *colorTable, error) {
	lo, hi, err := m.check()
	if err != nil {
		return nil, nil, err
	}
	pal := m.Palette
	if pal == nil {
		pal = SequentialPalette()
	}
	table, err := newColorTable(pal, lo, hi, heatMapColors)
	if err != nil {
		return nil, nil, fmt.Errorf("sweep map: %w", err)
	}
	p := newPlot("", m.XLabel, m.YLabel)
	h := &HeatMap{Grid: sweepGrid{m.Z}, Min: lo, Max: hi, Palette: pal, table: table}
	p.Add(h)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = h.DataRange()
	p.X.Tick.Marker = valueTicks(m.X)
	p.Y.Tick.Marker = valueTicks(m.Y)
	if m.ShowValues {
		p.Add(cellValues{m: m, table: table})
	}
	return p, table, nil
}

// cellValues prints each cell's value at its centre, black on light cells
// and white on dark ones.
type cellValues struct {
	m     *SweepMap
	table *colorTable
}

func (v cellValues) Plot(c draw.Canvas, p *plot.Plot) {
	format := v.m.Format
	if format == "" {
		format = "%.3g"
	}
	sty := textStyle(p, 8, color.Black)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	trX, trY := p.Transforms(&c)
	for i, col := range v.m.Z {
		for j, z := range col {
			rgba := v.table.at(z)
			// Rec. 601 luma of the cell's colour.
			if 0.299*float64(rgba[0])+0.587*float64(rgba[1])+0.114*float64(rgba[2]) < 128 {
				sty.Color = color.White
			} else {
				sty.Color = color.Black
			}
			c.FillText(sty, vg.Point{X: trX(float64(i)), Y: trY(float64(j))}, fmt.Sprintf(format, z))
		}
	}
}

// Draw draws the title, the heat map and its colour bar onto dc.
func (m *SweepMap) Draw(dc draw.Canvas) error {
	p, table, err := m.draft()
	if err != nil {
		return err
	}
	dc = drawTitle(dc, p, m.Title)
	drawWithColorBar(dc, p, table, m.ValueLabel)
	return nil
}

// Save writes the figure to path as PNG, SVG or PDF, by extension.
func (m *SweepMap) Save(path string) error { return Save(m, m.Size, path) }

// Encode writes the figure to w in format "png", "svg" or "pdf".
func (m *SweepMap) Encode(w io.Writer, format string) error { return Encode(m, m.Size, w, format) }

// PNG returns the figure as a PNG image.
func (m *SweepMap) PNG() ([]byte, error) { return encodeBytes(m, m.Size, "png") }

// SVG returns the figure as an SVG document.
func (m *SweepMap) SVG() ([]byte, error) { return encodeBytes(m, m.Size, "svg") }
