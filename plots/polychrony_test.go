package plots

import (
	"image/color"
	"testing"

	"github.com/gosnn/gosnn/snn/spnet"
)

// countColor counts the pixels of img near c.
func countColor(t *testing.T, png []byte, c color.RGBA) int {
	t.Helper()
	img := decodePNG(t, png)
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if near(img.RGBAAt(x, y), c, 30) {
				n++
			}
		}
	}
	return n
}

func TestPolychronyDrawsSpikesAndLinks(t *testing.T) {
	g := &spnet.Group{
		Mother:  5,
		Neurons: []int32{10, 20, 30, 5, 900},
		Times:   []int32{0, 3, 7, 12, 20},
		Links: []spnet.Link{
			{Pre: 10, Post: 5, Delay: 12, Layer: 2, Arrival: 12},
			{Pre: 20, Post: 5, Delay: 9, Layer: 2, Arrival: 12},
			{Pre: 5, Post: 900, Delay: 6, Layer: 3, Arrival: 18},
		},
		Layers: 3,
	}
	f, err := NewPolychrony(g, 800)
	if err != nil {
		t.Fatal(err)
	}
	png, err := f.PNG()
	if err != nil {
		t.Fatal(err)
	}
	if n := countColor(t, png, Blue); n < 4*20 {
		t.Errorf("%d blue pixels: the four excitatory spikes are missing", n)
	}
	if n := countColor(t, png, Orange); n < 20 {
		t.Errorf("%d orange pixels: the inhibitory spike is missing", n)
	}
	// Without its inhibitory spike the figure has no orange.
	g.Neurons, g.Times, g.Links = g.Neurons[:4], g.Times[:4], g.Links[:2]
	png, err = f.PNG()
	if err != nil {
		t.Fatal(err)
	}
	if n := countColor(t, png, Orange); n != 0 {
		t.Errorf("%d orange pixels in a group of excitatory neurons only", n)
	}
	// Links drawn in red are easy to count.
	f.Links.Color = Red
	png, err = f.PNG()
	if err != nil {
		t.Fatal(err)
	}
	if n := countColor(t, png, Red); n < 50 {
		t.Errorf("%d red pixels: the links are missing", n)
	}
}

func TestPolychronyErrors(t *testing.T) {
	for _, g := range []*spnet.Group{nil, {}, {Neurons: []int32{1, 2}, Times: []int32{0}}} {
		if _, err := NewPolychrony(g, 800); err == nil {
			t.Errorf("NewPolychrony(%+v) accepted a broken group", g)
		}
	}
}
