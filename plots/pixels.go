package plots

import (
	"image"
	stddraw "image/draw"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
)

// pixelArea is an image covering a rectangle of a canvas, one pixel per
// device dot, for plotters that draw pixel by pixel (SpikeDots, HeatMap).
// On an image canvas its pixels line up with the canvas's and are
// composited straight onto them, not resampled; on a vector canvas it is
// embedded as an image.
type pixelArea struct {
	img    *image.RGBA
	dpi    float64
	x0, y0 float64 // canvas position of the image's bottom-left corner, in dots
	w, h   int
}

// maxAreaPixels bounds the memory of a pixelArea (4 bytes a pixel).
const maxAreaPixels = 64e6

// newPixelArea returns an empty (transparent) image covering rectangle r
// of canvas c, or nil if r is empty. Its resolution is the canvas's; a
// vector figure so large that the image would exceed maxAreaPixels gets a
// lower resolution instead of more memory.
func newPixelArea(c vg.Canvas, r vg.Rectangle) *pixelArea {
	dpi := canvasDPI(c)
	for {
		x0 := math.Floor(r.Min.X.Dots(dpi))
		y0 := math.Floor(r.Min.Y.Dots(dpi))
		w := math.Ceil(r.Max.X.Dots(dpi)) - x0
		h := math.Ceil(r.Max.Y.Dots(dpi)) - y0
		if !(w >= 1 && h >= 1) {
			return nil
		}
		if w*h <= maxAreaPixels {
			return &pixelArea{img: image.NewRGBA(image.Rect(0, 0, int(w), int(h))), dpi: dpi, x0: x0, y0: y0, w: int(w), h: int(h)}
		}
		dpi /= 2
	}
}

// pixel returns the (fractional) pixel coordinates of canvas point (x, y):
// column from the left, row from the top.
func (a *pixelArea) pixel(x, y vg.Length) (px, py float64) {
	return x.Dots(a.dpi) - a.x0, float64(a.h) - (y.Dots(a.dpi) - a.y0)
}

// canvasX returns the canvas x coordinate of the left edge of pixel column
// px; canvasY that of the bottom edge of pixel row py.
func (a *pixelArea) canvasX(px float64) vg.Length {
	return vg.Length((a.x0 + px) / a.dpi * vg.Inch.Points())
}

func (a *pixelArea) canvasY(py float64) vg.Length {
	return vg.Length((a.y0 + float64(a.h) - py) / a.dpi * vg.Inch.Points())
}

// draw draws the image onto c, clipped to the canvas rectangle clip.
func (a *pixelArea) draw(c draw.Canvas) {
	r := vg.Rectangle{
		Min: vg.Point{X: a.canvasX(0), Y: a.canvasY(float64(a.h))},
		Max: vg.Point{X: a.canvasX(float64(a.w)), Y: a.canvasY(0)},
	}
	if backend, _ := unwrap(c.Canvas); backend != nil {
		var ic *vgimg.Canvas
		switch b := backend.(type) {
		case *vgimg.Canvas:
			ic = b
		case vgimg.PngCanvas:
			ic = b.Canvas
		case pngCanvas:
			ic = b.Canvas
		}
		if ic != nil {
			// Composite straight onto the canvas's pixels, which ours
			// line up with (image rows count down from the top).
			dst := ic.Image()
			_, h := ic.Size()
			top := int(math.Round(h.Dots(a.dpi))) - int(a.y0) - a.h
			r := image.Rect(int(a.x0), top, int(a.x0)+a.w, top+a.h)
			stddraw.Draw(dst, r, a.img, image.Point{}, stddraw.Over)
			return
		}
	}
	img := a.img
	if isPDFCanvas(c.Canvas) {
		// gonum/plot's PDF canvas draws images upside down.
		img = flipped(img)
	}
	c.DrawImage(r, img)
}

func isPDFCanvas(c vg.Canvas) bool {
	c, _ = unwrap(c)
	_, ok := c.(*vgpdf.Canvas)
	return ok
}

// flipped returns img upside down.
func flipped(img *image.RGBA) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(b)
	for y := range b.Dy() {
		copy(out.Pix[y*out.Stride:(y+1)*out.Stride], img.Pix[(b.Dy()-1-y)*img.Stride:(b.Dy()-y)*img.Stride])
	}
	return out
}

// isRasterCanvas reports whether c draws into an image (PNG), as opposed
// to a vector format (SVG, PDF).
func isRasterCanvas(c vg.Canvas) bool {
	c, _ = unwrap(c)
	switch c.(type) {
	case *vgimg.Canvas, vgimg.PngCanvas, vgimg.JpegCanvas, vgimg.TiffCanvas, pngCanvas:
		return true
	}
	return false
}

// unwrap returns the backend canvas under c, looking through draw.Canvas
// values (a plot's data area is a draw.Canvas inside a draw.Canvas) and the
// DPI wrapper of Encode, and the DPI Encode was given (0 if none).
func unwrap(c vg.Canvas) (vg.Canvas, int) {
	dpi := 0
	for {
		switch cc := c.(type) {
		case draw.Canvas:
			c = cc.Canvas
		case *draw.Canvas:
			c = cc.Canvas
		case dpiCanvas:
			c, dpi = cc.Canvas, cc.dpi
		case pdfCanvas:
			c = cc.Canvas
		default:
			return c, dpi
		}
	}
}
