package plots

import (
	"errors"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// HeatMap draws a grid of values as coloured cells. It is a plot.Plotter
// and a plot.DataRanger.
//
// Unlike gonum's plotter.HeatMap, which fills one rectangle per cell, it
// computes the image at the output's resolution: each pixel shows the mean
// of the cells whose centres fall inside it (or the nearest cell when cells
// are larger than pixels), so a 1000 × 1000 grid costs one pass over the
// values and one over the pixels. The grid's X and Y must be evenly spaced
// and increasing; the plot's axes must be linear.
type HeatMap struct {
	Grid plotter.GridXYZ

	// Min and Max are the values at the two ends of the palette; values
	// outside are drawn in the end colours.
	Min, Max float64
	// Palette maps [0, 1] to colours; default DivergingPalette().
	Palette palette.ColorMap

	// table, when set, is Palette sampled from Min to Max by the figure
	// that made the heat map (a SweepMap), which draws its colour bar
	// with the same table.
	table *colorTable
}

// DivergingPalette returns the default palette of heat maps of currents:
// Moreland's smooth blue–red diverging map, white-grey in the middle.
func DivergingPalette() palette.ColorMap { return moreland.SmoothBlueRed() }

// NewHeatMap returns a heat map of g with the palette's ends at the
// smallest and largest values. It returns an error if g is empty, a value
// is NaN or infinite, or X or Y are not increasing.
func NewHeatMap(g plotter.GridXYZ) (*HeatMap, error) {
	if g == nil {
		return nil, errors.New("heat map: nil grid")
	}
	cols, rows := g.Dims()
	if cols <= 0 || rows <= 0 {
		return nil, fmt.Errorf("heat map: grid of %d columns and %d rows: need at least one of each", cols, rows)
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for c := range cols {
		for r := range rows {
			z := g.Z(c, r)
			if !finite(z) {
				return nil, fmt.Errorf("heat map: value at column %d, row %d is %g: values must be finite numbers", c, r, z)
			}
			lo, hi = math.Min(lo, z), math.Max(hi, z)
		}
	}
	if err := evenlySpaced("X", cols, g.X); err != nil {
		return nil, err
	}
	if err := evenlySpaced("Y", rows, g.Y); err != nil {
		return nil, err
	}
	return &HeatMap{Grid: g, Min: lo, Max: hi, Palette: DivergingPalette()}, nil
}

// evenlySpaced reports coordinates that are not finite, increasing and
// evenly spaced (to a relative 10⁻⁶ of the spacing).
func evenlySpaced(name string, n int, at func(int) float64) error {
	if n == 1 {
		if !finite(at(0)) {
			return fmt.Errorf("heat map: %s(0) = %g: coordinates must be finite", name, at(0))
		}
		return nil
	}
	first, last := at(0), at(n-1)
	step := (last - first) / float64(n-1)
	if !finite(first) || !finite(last) || !(step > 0) {
		return fmt.Errorf("heat map: %s goes from %g to %g: coordinates must be finite and increasing", name, first, last)
	}
	for k := 1; k < n-1; k++ {
		if want := first + float64(k)*step; math.Abs(at(k)-want) > 1e-6*step {
			return fmt.Errorf("heat map: %s(%d) = %g, but evenly spaced cells put it at %g: cells must be evenly spaced", name, k, at(k), want)
		}
	}
	return nil
}

// axisCells describes a grid's cells along one axis: cell k is centred on
// first + k·step.
type axisCells struct {
	first, step float64
	n           int
}

func cellsX(g plotter.GridXYZ) axisCells {
	cols, _ := g.Dims()
	return newAxisCells(g.X(0), g.X(cols-1), cols)
}

func cellsY(g plotter.GridXYZ) axisCells {
	_, rows := g.Dims()
	return newAxisCells(g.Y(0), g.Y(rows-1), rows)
}

func newAxisCells(first, last float64, n int) axisCells {
	step := 1.0
	if n > 1 {
		step = (last - first) / float64(n-1)
	}
	return axisCells{first: first, step: step, n: n}
}

func (a axisCells) extent() (lo, hi float64) {
	return a.first - a.step/2, a.first + (float64(a.n)-0.5)*a.step
}

// span returns the cells [k0, k1) that a pixel covering [lo, hi) shows:
// those whose centres lie inside it or, if there are none, the nearest
// one; k0 == k1 when the pixel is outside the grid.
func (a axisCells) span(lo, hi float64) (k0, k1 int) {
	elo, ehi := a.extent()
	if hi <= elo || lo >= ehi {
		return 0, 0
	}
	k0 = int(math.Ceil((lo - a.first) / a.step))
	k1 = int(math.Ceil((hi - a.first) / a.step))
	k0, k1 = max(k0, 0), min(k1, a.n)
	if k1 <= k0 {
		k := int(math.Round(((lo+hi)/2 - a.first) / a.step))
		k = min(max(k, 0), a.n-1)
		return k, k + 1
	}
	return k0, k1
}

// DataRange returns the extent of the cells.
func (h *HeatMap) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = cellsX(h.Grid).extent()
	ymin, ymax = cellsY(h.Grid).extent()
	return xmin, xmax, ymin, ymax
}

// heatMapColors is the number of colours a heat map samples its palette at.
const heatMapColors = 512

// colorTable samples a palette at n points from Min to Max.
type colorTable struct {
	min, max float64
	rgba     [][4]uint8 // premultiplied
}

func newColorTable(p palette.ColorMap, min, max float64, n int) (*colorTable, error) {
	if p == nil {
		p = DivergingPalette()
	}
	if !finite(min) || !finite(max) || !(max > min) {
		return nil, fmt.Errorf("colour range %g..%g: Min must be below Max, both finite", min, max)
	}
	p.SetMin(0)
	p.SetMax(1)
	t := &colorTable{min: min, max: max, rgba: make([][4]uint8, n)}
	for i := range n {
		c, err := p.At(float64(i) / float64(n-1))
		if err != nil {
			return nil, err
		}
		r, g, b, a := c.RGBA()
		t.rgba[i] = [4]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
	}
	return t, nil
}

func (t *colorTable) at(v float64) [4]uint8 {
	f := (v - t.min) / (t.max - t.min)
	k := int(math.Round(f * float64(len(t.rgba)-1)))
	return t.rgba[min(max(k, 0), len(t.rgba)-1)]
}

// Plot draws the heat map on c: it implements plot.Plotter.
func (h *HeatMap) Plot(c draw.Canvas, p *plot.Plot) {
	table := h.table
	if table == nil || table.min != h.Min || table.max != h.Max {
		var err error
		table, err = newColorTable(h.Palette, h.Min, h.Max, heatMapColors)
		if err != nil {
			// A Plotter cannot return an error; figures check the range first.
			return
		}
	}
	area := newPixelArea(c.Canvas, c.Rectangle)
	if area == nil {
		return
	}
	cx, cy := cellsX(h.Grid), cellsY(h.Grid)
	// Data coordinate of a pixel edge, from the axes' linear scales.
	dataX := func(px float64) float64 {
		f := float64(area.canvasX(px)-c.Min.X) / float64(c.Max.X-c.Min.X)
		return p.X.Min + f*(p.X.Max-p.X.Min)
	}
	dataY := func(py float64) float64 {
		f := float64(area.canvasY(py)-c.Min.Y) / float64(c.Max.Y-c.Min.Y)
		return p.Y.Min + f*(p.Y.Max-p.Y.Min)
	}
	type span struct{ k0, k1 int }
	colSpan := make([]span, area.w)
	for i := range colSpan {
		k0, k1 := cx.span(dataX(float64(i)), dataX(float64(i+1)))
		colSpan[i] = span{k0, k1}
	}
	rowSpan := make([]span, area.h)
	for j := range rowSpan {
		// Pixel row j covers data y from its bottom edge (j+1) up to its
		// top edge (j).
		k0, k1 := cy.span(dataY(float64(j+1)), dataY(float64(j)))
		rowSpan[j] = span{k0, k1}
	}
	// For each pixel row: the mean over its grid rows of each grid row's
	// mean over the pixel column's cells. Memory is one row of pixels.
	acc := make([]float64, area.w)
	pix, stride := area.img.Pix, area.img.Stride
	for j, rs := range rowSpan {
		if rs.k1 == rs.k0 {
			continue
		}
		clear(acc)
		for r := rs.k0; r < rs.k1; r++ {
			for i, cs := range colSpan {
				if cs.k1 == cs.k0 {
					continue
				}
				sum := 0.0
				for k := cs.k0; k < cs.k1; k++ {
					sum += h.Grid.Z(k, r)
				}
				acc[i] += sum / float64(cs.k1-cs.k0)
			}
		}
		for i, cs := range colSpan {
			if cs.k1 == cs.k0 {
				continue
			}
			col := table.at(acc[i] / float64(rs.k1-rs.k0))
			o := j*stride + 4*i
			copy(pix[o:o+4], col[:])
		}
	}
	area.draw(c)
}

// drawWithColorBar draws p onto dc with a colour bar of table, labelled
// label, on its right: it measures the widest tick label of the bar, crops
// that column (bar, ticks and labels, the bar's label) off dc's right side,
// draws p into the rest and the bar beside p's data area.
func drawWithColorBar(dc draw.Canvas, p *plot.Plot, table *colorTable, label string) {
	drawWithColorBarStrip(dc, p, table, label, 0, nil)
}

// drawWithColorBarStrip is drawWithColorBar with a strip of the given
// width left free between p's data area and the colour bar; strip, if not
// nil, is called after p is drawn with dc and p's data canvas, to draw
// into that strip (which starts at data.Max.X).
func drawWithColorBarStrip(dc draw.Canvas, p *plot.Plot, table *colorTable, label string, width vg.Length, strip func(dc, data draw.Canvas)) {
	sty := p.Y.Tick.Label
	var widest vg.Length
	for _, t := range (evenTicks{step: niceStep(table.max-table.min, 4)}).Ticks(table.min, table.max) {
		widest = max(widest, sty.Rectangle(t.Label).Size().X)
	}
	const gap, bar = vg.Length(10), vg.Length(12)
	right := width + gap + bar + 5 + widest + 4 + p.Y.Label.TextStyle.Rectangle("I").Size().Y + 2
	area := draw.Crop(dc, 0, -right, 0, 0)
	p.Draw(area)
	data := p.DataCanvas(area)
	if strip != nil {
		strip(dc, data)
	}
	rect := vg.Rectangle{
		Min: vg.Point{X: data.Max.X + width + gap, Y: data.Min.Y},
		Max: vg.Point{X: data.Max.X + width + gap + bar, Y: data.Max.Y},
	}
	colorBar(dc, p, rect, table, label)
}

// colorBar draws a vertical colour bar of table in rect, with ticks and
// their labels on its right and label (rotated) beyond them.
func colorBar(c draw.Canvas, p *plot.Plot, rect vg.Rectangle, table *colorTable, label string) {
	area := newPixelArea(c.Canvas, rect)
	if area == nil {
		return
	}
	pix, stride := area.img.Pix, area.img.Stride
	for j := range area.h {
		v := table.max - (float64(j)+0.5)/float64(area.h)*(table.max-table.min)
		col := table.at(v)
		for i := range area.w {
			o := j*stride + 4*i
			copy(pix[o:o+4], col[:])
		}
	}
	area.draw(c)
	c.SetLineStyle(draw.LineStyle{Color: color.Black, Width: vg.Points(0.5)})
	c.Stroke(rect.Path())

	sty := p.Y.Tick.Label
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	ticks := evenTicks{step: niceStep(table.max-table.min, 4)}.Ticks(table.min, table.max)
	var widest vg.Length
	for _, t := range ticks {
		y := rect.Min.Y + vg.Length((t.Value-table.min)/(table.max-table.min))*(rect.Max.Y-rect.Min.Y)
		c.StrokeLine2(draw.LineStyle{Color: color.Black, Width: vg.Points(0.5)}, rect.Max.X, y, rect.Max.X+3, y)
		c.FillText(sty, vg.Point{X: rect.Max.X + 5, Y: y}, t.Label)
		widest = max(widest, sty.Rectangle(t.Label).Size().X)
	}
	if label != "" {
		ls := p.Y.Label.TextStyle
		ls.Rotation = math.Pi / 2
		ls.XAlign, ls.YAlign = draw.XCenter, draw.YTop
		c.FillText(ls, vg.Point{X: rect.Max.X + 8 + widest, Y: (rect.Min.Y + rect.Max.Y) / 2}, label)
	}
}
