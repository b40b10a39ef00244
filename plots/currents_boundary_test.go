package plots

import (
	"bytes"
	"image"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gosnn/gosnn/snn"
)

// A result of 40 excitatory and 10 inhibitory neurons draws one boundary
// line at row 40, across the whole map, and names both bands; the line is
// at the matching pixel row of the rendered image.
func TestCurrentsPopulationBoundary(t *testing.T) {
	res := smallRun(t, 40, 10, 100, 0)
	c, err := NewCurrents(res)
	if err != nil {
		t.Fatal(err)
	}
	c.Size = Size{Width: 5 * vg.Inch, Height: 3.5 * vg.Inch}
	p, err := c.Plot()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.boundaries(p.Y.Min, p.Y.Max); len(got) != 1 || got[0] != 40 {
		t.Errorf("boundary rows %v, want [40]", got)
	}
	want := []band{{"excitatory", 0, 40}, {"inhibitory", 40, 50}}
	if got := c.bands(p.Y.Min, p.Y.Max); len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("bands %v, want %v", got, want)
	}
	svg, err := c.SVG()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"excitatory", "inhibitory"} {
		if !bytes.Contains(svg, []byte(name)) {
			t.Errorf("SVG: band name %q missing", name)
		}
	}

	// Pixels: the rendering with the line differs from the one without
	// only on the boundary row, a fifth of the way down the map.
	withLine := render(t, c)
	c.Boundary = draw.LineStyle{}
	without := render(t, c)
	if withLine.Bounds() != without.Bounds() {
		t.Fatalf("sizes differ: %v, %v", withLine.Bounds(), without.Bounds())
	}
	top, bottom, left, right := mapArea(t, without)
	want40 := float64(top) + 0.2*float64(bottom-top)
	rows := map[int]bool{}
	for y := top; y <= bottom; y++ {
		for x := left; x <= right; x++ {
			if withLine.RGBAAt(x, y) != without.RGBAAt(x, y) {
				rows[y] = true
			}
		}
	}
	if len(rows) == 0 {
		t.Fatal("the boundary line changed no pixel of the map")
	}
	for y := range rows {
		if d := float64(y) - want40; d < -2 || d > 2 {
			t.Errorf("the boundary line changed pixel row %d; want only rows within 2 px of %.1f (map rows %d to %d)", y, want40, top, bottom)
		}
	}
}

// One population: no line, no name; the figure is the same as with the
// names hidden and no boundary style.
func TestCurrentsOnePopulation(t *testing.T) {
	res := smallRun(t, 40, 10, 100, 0)
	res.Populations = []snn.PopulationInfo{{Name: "all", Start: 0, Size: 50}}
	c, err := NewCurrents(res)
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Plot()
	if err != nil {
		t.Fatal(err)
	}
	if ys := c.boundaries(p.Y.Min, p.Y.Max); len(ys) != 0 {
		t.Errorf("one population: boundary rows %v, want none", ys)
	}
	if b := c.bands(p.Y.Min, p.Y.Max); len(b) != 0 {
		t.Errorf("one population: bands %v, want none", b)
	}
	svg, err := c.SVG()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(svg, []byte(">all<")) {
		t.Errorf("one population: its name is drawn")
	}
	got := render(t, c)
	c.Boundary, c.HidePopulationNames = draw.LineStyle{}, true
	if plain := render(t, c); !bytes.Equal(got.Pix, plain.Pix) {
		t.Errorf("one population: the figure differs from the one without boundary or names")
	}
}

// Hiding the names of two populations leaves the line but no name.
func TestCurrentsHidePopulationNames(t *testing.T) {
	c, err := NewCurrents(smallRun(t, 40, 10, 100, 0))
	if err != nil {
		t.Fatal(err)
	}
	c.HidePopulationNames = true
	svg, err := c.SVG()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(svg, []byte("inhibitory")) || bytes.Contains(svg, []byte("excitatory")) {
		t.Errorf("HidePopulationNames: a band name is drawn")
	}
}

func render(t *testing.T, c *Currents) *image.RGBA {
	t.Helper()
	b, err := c.PNG()
	if err != nil {
		t.Fatal(err)
	}
	return decodePNG(t, b)
}

// mapArea finds the heat map's pixel rectangle: the non-white run through
// the image's centre, vertically and horizontally (map cells are never
// pure white).
func mapArea(t *testing.T, img *image.RGBA) (top, bottom, left, right int) {
	t.Helper()
	cx, cy := img.Bounds().Dx()/2, img.Bounds().Dy()/2
	white := func(x, y int) bool {
		p := img.RGBAAt(x, y)
		return p.R == 255 && p.G == 255 && p.B == 255
	}
	if white(cx, cy) {
		t.Fatal("the image centre is white: no map there")
	}
	for top = cy; top > 0 && !white(cx, top-1); top-- {
	}
	for bottom = cy; bottom < img.Bounds().Dy()-1 && !white(cx, bottom+1); bottom++ {
	}
	for left = cx; left > 0 && !white(left-1, cy); left-- {
	}
	for right = cx; right < img.Bounds().Dx()-1 && !white(right+1, cy); right++ {
	}
	return top, bottom, left, right
}
