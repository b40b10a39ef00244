package plots

import (
	"errors"
	"fmt"
	"image/color"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Grid places several figures in one image, row by row, each under its
// own title, with an optional title over the whole grid: for example the
// rasters of the weight scenarios S1–S4 in 2 × 2.
type Grid struct {
	Size
	Title string

	Rows, Cols int
	// Panels fill the grid row by row; a nil Figure leaves a cell empty.
	Panels []Panel
	// Pad is the space between cells; default 10 points.
	Pad vg.Length
}

// A Panel is one cell of a [Grid]: a figure under a title.
type Panel struct {
	Title  string
	Figure Figure
}

// NewGrid returns a rows × cols grid of panels, sized 5 × 3.5 inches a
// cell.
func NewGrid(rows, cols int, panels ...Panel) (*Grid, error) {
	if rows <= 0 || cols <= 0 {
		return nil, fmt.Errorf("grid of %d × %d cells: rows and columns must be at least 1", rows, cols)
	}
	if len(panels) > rows*cols {
		return nil, fmt.Errorf("grid of %d × %d cells cannot hold %d panels", rows, cols, len(panels))
	}
	return &Grid{
		Size:   Size{Width: vg.Length(cols) * 5 * vg.Inch, Height: vg.Length(rows) * 3.5 * vg.Inch},
		Rows:   rows,
		Cols:   cols,
		Panels: panels,
		Pad:    10,
	}, nil
}

// Draw draws the grid's title and every panel onto c.
func (g *Grid) Draw(c draw.Canvas) error {
	if g.Rows <= 0 || g.Cols <= 0 {
		return fmt.Errorf("grid of %d × %d cells: rows and columns must be at least 1", g.Rows, g.Cols)
	}
	if len(g.Panels) > g.Rows*g.Cols {
		return fmt.Errorf("grid of %d × %d cells cannot hold %d panels", g.Rows, g.Cols, len(g.Panels))
	}
	p := newPlot("", "", "")
	if g.Title != "" {
		p.Title.TextStyle.Font = Font(14)
		c = drawTitle(c, p, g.Title)
	}
	pad := g.Pad
	if pad <= 0 {
		pad = 10
	}
	tiles := draw.Tiles{Rows: g.Rows, Cols: g.Cols, PadX: pad, PadY: pad, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2}
	var errs []error
	for k, panel := range g.Panels {
		if panel.Figure == nil {
			continue
		}
		cell := tiles.At(c, k%g.Cols, k/g.Cols)
		if panel.Title != "" {
			tp := newPlot("", "", "")
			tp.Title.TextStyle.Font = Font(12)
			tp.Title.TextStyle.Color = color.Black
			cell = drawTitle(cell, tp, panel.Title)
		}
		if err := panel.Figure.Draw(cell); err != nil {
			errs = append(errs, fmt.Errorf("grid panel %d (%q): %w", k, panel.Title, err))
		}
	}
	return errors.Join(errs...)
}

// Save writes the grid to path as PNG, SVG or PDF, by extension.
func (g *Grid) Save(path string) error { return Save(g, g.Size, path) }

// Encode writes the grid to w in format "png", "svg" or "pdf".
func (g *Grid) Encode(w io.Writer, format string) error { return Encode(g, g.Size, w, format) }

// PNG returns the grid as a PNG image.
func (g *Grid) PNG() ([]byte, error) { return encodeBytes(g, g.Size, "png") }

// SVG returns the grid as an SVG document.
func (g *Grid) SVG() ([]byte, error) { return encodeBytes(g, g.Size, "svg") }

// PlotFigure wraps a gonum plot as a [Figure], so that any plot can be a
// panel of a [Grid] or be rendered with [Save].
type PlotFigure struct {
	Plot *plot.Plot
}

// Draw draws the plot onto c.
func (f PlotFigure) Draw(c draw.Canvas) error {
	if f.Plot == nil {
		return errors.New("nil plot")
	}
	f.Plot.Draw(c)
	return nil
}
