package plots

import (
	"errors"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// SpikeDots draws points, typically spikes (time, neuron), as small dots.
// It is a plot.Plotter and a plot.DataRanger, so it can be added to any
// gonum plot; snn.Result.Raster gives a run's spikes as a plotter.XYer in ms.
//
// On PNG output, and on SVG or PDF output with more than VectorLimit
// points, the dots are stamped into an image the size of the plot area:
// drawing costs one small stamp per point and memory stays that of the
// image, however many points there are. Up to VectorLimit points on a
// vector canvas are drawn as vector discs instead, sharp at any zoom.
type SpikeDots struct {
	XYs plotter.XYer

	// Color of the dots; default black.
	Color color.Color
	// Bands colour the dots whose y lies in [Min, Max) with the band's
	// colour instead of Color; the first matching band wins. A raster
	// uses them to colour populations.
	Bands []ColorBand

	// Radius of a dot; default 0.55 points. On images a dot is at least
	// one pixel.
	Radius vg.Length

	// VectorLimit is the largest number of points drawn as vector discs
	// on SVG and PDF canvases; 0 means 20 000, negative means never.
	VectorLimit int

	// Opacity of a dot, in (0, 1]; 0 means automatic: opaque, unless the
	// dots of an image would cover the plot area more than half over on
	// average. Then each dot is made more transparent (opacity 0.5 /
	// coverage), so that where dots pile up (a synchronous burst) is
	// darker than where they are merely many: a raster of 700 000 spikes
	// shows its structure instead of a black rectangle.
	Opacity float64
}

// A ColorBand colours the points whose y lies in [Min, Max).
type ColorBand struct {
	Min, Max float64
	Color    color.Color
}

// DefaultDotRadius is SpikeDots's default Radius.
const DefaultDotRadius vg.Length = 0.55 // points

// NewSpikeDots returns dots for the points of xys, black, with the
// default radius. It returns an error if a coordinate is NaN or infinite.
func NewSpikeDots(xys plotter.XYer) (*SpikeDots, error) {
	if xys == nil {
		return nil, errors.New("spike dots: nil points")
	}
	for i := range xys.Len() {
		x, y := xys.XY(i)
		if !finite(x) || !finite(y) {
			return nil, fmt.Errorf("spike dots: point %d is (%g, %g): coordinates must be finite numbers", i, x, y)
		}
	}
	return &SpikeDots{XYs: xys, Color: color.Black, Radius: DefaultDotRadius}, nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// DataRange returns the smallest and largest x and y of the points.
func (d *SpikeDots) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for i := range d.XYs.Len() {
		x, y := d.XYs.XY(i)
		xmin, xmax = math.Min(xmin, x), math.Max(xmax, x)
		ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
	}
	return xmin, xmax, ymin, ymax
}

func (d *SpikeDots) colorOf(y float64) color.Color {
	for _, b := range d.Bands {
		if y >= b.Min && y < b.Max && b.Color != nil {
			return b.Color
		}
	}
	if d.Color == nil {
		return color.Black
	}
	return d.Color
}

// Plot draws the dots on c: it implements plot.Plotter. Points outside
// the plot's axis ranges are not drawn.
func (d *SpikeDots) Plot(c draw.Canvas, p *plot.Plot) {
	if d.XYs == nil || d.XYs.Len() == 0 {
		return
	}
	limit := d.VectorLimit
	if limit == 0 {
		limit = 20000
	}
	if isRasterCanvas(c.Canvas) || limit < 0 || d.XYs.Len() > limit {
		d.plotPixels(c, p)
		return
	}
	d.plotVector(c, p)
}

func (d *SpikeDots) radius() vg.Length {
	if d.Radius <= 0 {
		return DefaultDotRadius
	}
	return d.Radius
}

// plotVector draws each point as a filled disc, in batches of one path per
// colour so that memory stays bounded.
func (d *SpikeDots) plotVector(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	r := d.radius()
	const batch = 4096
	var (
		path  vg.Path
		cur   color.Color
		count int
	)
	flush := func() {
		if count > 0 {
			c.SetColor(cur)
			c.Fill(path)
		}
		path, count = path[:0], 0
	}
	for i := range d.XYs.Len() {
		x, y := d.XYs.XY(i)
		if x < p.X.Min || x > p.X.Max || y < p.Y.Min || y > p.Y.Max {
			continue
		}
		col := d.colorOf(y)
		if d.Opacity > 0 && d.Opacity < 1 {
			col = fade(col, d.Opacity)
		}
		if count >= batch || (count > 0 && !sameColor(col, cur)) {
			flush()
		}
		cur = col
		pt := vg.Point{X: trX(x), Y: trY(y)}
		path.Move(vg.Point{X: pt.X + r, Y: pt.Y})
		path.Arc(pt, r, 0, 2*math.Pi)
		path.Close()
		count++
	}
	flush()
}

// fade returns c with its opacity multiplied by f.
func fade(c color.Color, f float64) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = uint8(float64(n.A)*f + 0.5)
	return n
}

func sameColor(a, b color.Color) bool {
	if a == nil || b == nil {
		return a == b
	}
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

// plotPixels stamps each point into an image of the plot area.
func (d *SpikeDots) plotPixels(c draw.Canvas, p *plot.Plot) {
	area := newPixelArea(c.Canvas, c.Rectangle)
	if area == nil {
		return
	}
	trX, trY := p.Transforms(&c)
	st := newStamp(d.radius().Dots(area.dpi))
	opacity := d.Opacity
	if !(opacity > 0 && opacity <= 1) {
		n := 0
		for i := range d.XYs.Len() {
			x, y := d.XYs.XY(i)
			if x >= p.X.Min && x <= p.X.Max && y >= p.Y.Min && y <= p.Y.Max {
				n++
			}
		}
		coverage := float64(n) * st.area() / float64(area.w*area.h)
		opacity = min(1, 0.5/coverage)
	}
	var (
		lastCol color.Color
		rgba    [4]uint32
	)
	for i := range d.XYs.Len() {
		x, y := d.XYs.XY(i)
		if x < p.X.Min || x > p.X.Max || y < p.Y.Min || y > p.Y.Max {
			continue
		}
		col := d.colorOf(y)
		if col != lastCol {
			r, g, b, a := col.RGBA()
			rgba = [4]uint32{r >> 8, g >> 8, b >> 8, a >> 8}
			for k := range rgba {
				rgba[k] = uint32(float64(rgba[k])*opacity + 0.5)
			}
			lastCol = col
		}
		px, py := area.pixel(trX(x), trY(y))
		st.put(area, px, py, rgba)
	}
	area.draw(c)
}

// A stamp is the pixel coverage of one dot, an anti-aliased disc: each
// entry is the fraction (0–255) of a pixel it covers.
type stamp struct {
	size  int // the stamp is size × size pixels
	cover []uint8
}

// newStamp returns the stamp of a disc of radius r pixels centred on a
// pixel centre; a disc smaller than a pixel becomes one full pixel.
func newStamp(r float64) *stamp {
	if r < 0.5 {
		return &stamp{size: 1, cover: []uint8{255}}
	}
	half := int(math.Ceil(r - 0.5))
	size := 2*half + 1
	st := &stamp{size: size, cover: make([]uint8, size*size)}
	const sub = 8 // 8×8 samples per pixel
	for j := range size {
		for i := range size {
			n := 0
			for sj := range sub {
				for si := range sub {
					dx := float64(i-half) + (float64(si)+0.5)/sub - 0.5
					dy := float64(j-half) + (float64(sj)+0.5)/sub - 0.5
					if dx*dx+dy*dy <= r*r {
						n++
					}
				}
			}
			st.cover[j*size+i] = uint8((n*255 + sub*sub/2) / (sub * sub))
		}
	}
	return st
}

// area returns the stamp's area in pixels.
func (st *stamp) area() float64 {
	sum := 0
	for _, c := range st.cover {
		sum += int(c)
	}
	return float64(sum) / 255
}

// put composites the stamp centred on pixel (px, py) onto the area with
// colour c (premultiplied 8-bit RGBA, as color.Color.RGBA()>>8), "over" what is there.
func (st *stamp) put(a *pixelArea, px, py float64, c [4]uint32) {
	cx, cy := int(math.Floor(px)), int(math.Floor(py))
	half := st.size / 2
	pix, stride := a.img.Pix, a.img.Stride
	for j := range st.size {
		y := cy - half + j
		if y < 0 || y >= a.h {
			continue
		}
		for i := range st.size {
			x := cx - half + i
			if x < 0 || x >= a.w {
				continue
			}
			cov := uint32(st.cover[j*st.size+i])
			if cov == 0 {
				continue
			}
			al := cov * c[3] / 255 // the stamp's alpha here
			o := y*stride + 4*x
			p := pix[o : o+4 : o+4]
			// Premultiplied "over": dst = src·cov + dst·(1 − α).
			p[0] = uint8((c[0]*cov + uint32(p[0])*(255-al)) / 255)
			p[1] = uint8((c[1]*cov + uint32(p[1])*(255-al)) / 255)
			p[2] = uint8((c[2]*cov + uint32(p[2])*(255-al)) / 255)
			p[3] = uint8((c[3]*cov + uint32(p[3])*(255-al)) / 255)
		}
	}
}
