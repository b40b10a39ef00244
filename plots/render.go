package plots

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image/color"
	"image/png"
	"io"
	"math"
	"path/filepath"
	"strings"

	"golang.org/x/text/encoding/charmap"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/gosnn/gosnn/snn"
)

// A Figure is anything this package can render: it draws itself onto a
// canvas of any size. Every figure type of the package is one, so any of
// them can be a panel of a [Grid].
type Figure interface {
	Draw(c draw.Canvas) error
}

// Size is the size and resolution of a rendered figure. It is embedded in
// every figure type, so r.Width, r.Height and r.DPI set them.
type Size struct {
	// Width and Height of the image; 0 means DefaultWidth, DefaultHeight.
	Width, Height vg.Length
	// DPI is the resolution of PNG images in dots per inch; 0 means
	// DefaultDPI. A figure of Width 7 inches at 150 DPI is 1050 pixels
	// wide. SVG and PDF are vector formats: DPI only sets the resolution
	// of the images embedded in them (dense rasters and heat maps).
	DPI int
}

// The defaults of [Size].
const (
	DefaultWidth  = 7 * vg.Inch
	DefaultHeight = 4.5 * vg.Inch
	DefaultDPI    = 150
)

func (s Size) resolve() (w, h vg.Length, dpi int) {
	w, h, dpi = s.Width, s.Height, s.DPI
	if w == 0 {
		w = DefaultWidth
	}
	if h == 0 {
		h = DefaultHeight
	}
	if dpi == 0 {
		dpi = DefaultDPI
	}
	return w, h, dpi
}

// Formats returns the output formats [Encode] and [Save] support, which are
// also the file extensions [Save] recognises.
func Formats() []string { return []string{"png", "svg", "pdf"} }

// maxPixels bounds the size of a PNG image, so that a typo in a size or
// DPI cannot ask for gigabytes of memory.
const maxPixels = 100e6

// Encode renders figure f at size s in format ("png", "svg" or "pdf") to
// w.
func Encode(f Figure, s Size, w io.Writer, format string) error {
	if f == nil {
		return fmt.Errorf("encode: nil figure")
	}
	width, height, dpi := s.resolve()
	if !(width > 0 && height > 0 && width < 1000*vg.Inch && height < 1000*vg.Inch) {
		return fmt.Errorf("figure size %v × %v: width and height must be positive and below 1000 inches (0 means the default)", width, height)
	}
	if dpi < 0 {
		return fmt.Errorf("figure resolution %d DPI: must be positive (0 means the default, %d)", dpi, DefaultDPI)
	}
	var c interface {
		vg.CanvasSizer
		io.WriterTo
	}
	format = strings.ToLower(format)
	switch format {
	case "png":
		px := width.Dots(float64(dpi)) * height.Dots(float64(dpi))
		if px > maxPixels {
			return fmt.Errorf("figure of %.0f × %.0f pixels (%v × %v at %d DPI) is larger than the %g-pixel limit: lower the size or DPI",
				width.Dots(float64(dpi)), height.Dots(float64(dpi)), width, height, dpi, float64(maxPixels))
		}
		c = pngCanvas{vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(dpi)), dpi}
	case "svg":
		c = vgsvg.New(width, height)
	case "pdf":
		pc := vgpdf.New(width, height)
		pc.EmbedFonts(true)
		c = pdfCanvas{pc}
	default:
		return fmt.Errorf("unknown figure format %q: supported formats are %s", format, strings.Join(Formats(), ", "))
	}
	dc := draw.New(c)
	if err := f.Draw(withDPI(dc, dpi)); err != nil {
		return err
	}
	if format == "svg" {
		// gonum/plot's SVG canvas labels its embedded PNG images as
		// image/jpg, which strict renderers (librsvg) refuse to show.
		var buf bytes.Buffer
		if _, err := c.WriteTo(&buf); err != nil {
			return err
		}
		_, err := w.Write(bytes.ReplaceAll(buf.Bytes(), []byte(`"data:image/jpg;base64,iVBORw0KGgo`), []byte(`"data:image/png;base64,iVBORw0KGgo`)))
		return err
	}
	_, err := c.WriteTo(w)
	return err
}

// Save renders figure f at size s to the file path, in the format its
// extension names (.png, .svg or .pdf). The file is written atomically:
// after an error no partial file is left at path.
func Save(f Figure, s Size, path string) error {
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	if !knownFormat(ext) {
		return fmt.Errorf("save %s: unknown file extension %q: supported extensions are .%s", path, filepath.Ext(path), strings.Join(Formats(), ", ."))
	}
	// Render first, so that a figure that cannot be drawn does not even
	// create the temporary file.
	var buf bytes.Buffer
	if err := Encode(f, s, &buf, ext); err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	return snn.WriteFile(path, func(w io.Writer) error {
		_, err := buf.WriteTo(w)
		return err
	})
}

// Inches returns the Size of a figure width × height inches at dpi dots
// per inch, for scripts that do not import gonum's vg package.
func Inches(width, height float64, dpi int) Size {
	return Size{Width: vg.Length(width) * vg.Inch, Height: vg.Length(height) * vg.Inch, DPI: dpi}
}

// pngCanvas writes its image as a PNG that records its resolution (a pHYs
// chunk), so that a 300 DPI figure keeps its size in a document.
type pngCanvas struct {
	*vgimg.Canvas
	dpi int
}

func (c pngCanvas) WriteTo(w io.Writer) (int64, error) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, c.Image()); err != nil {
		return 0, err
	}
	b := buf.Bytes()
	// The signature (8 bytes) and the IHDR chunk (25 bytes) come first;
	// pHYs must follow IHDR and precede the image data.
	const afterIHDR = 8 + 25
	ppm := uint32(math.Round(float64(c.dpi) / 0.0254)) // pixels per metre
	chunk := make([]byte, 4+4+9+4)
	binary.BigEndian.PutUint32(chunk[0:], 9)
	copy(chunk[4:], "pHYs")
	binary.BigEndian.PutUint32(chunk[8:], ppm)
	binary.BigEndian.PutUint32(chunk[12:], ppm)
	chunk[16] = 1 // unit: metre
	binary.BigEndian.PutUint32(chunk[17:], crc32.ChecksumIEEE(chunk[4:17]))
	n1, err := w.Write(b[:afterIHDR])
	if err != nil {
		return int64(n1), err
	}
	n2, err := w.Write(chunk)
	if err != nil {
		return int64(n1 + n2), err
	}
	n3, err := w.Write(b[afterIHDR:])
	return int64(n1 + n2 + n3), err
}

// pdfCanvas works around two limits of gonum/plot's PDF canvas: its fonts
// are encoded in Windows-1252 but it passes text on as UTF-8 (so "Hz²"
// would print as "HzÂ²"), and it takes the premultiplied channels of a
// translucent colour for straight ones (so a light shading turns grey).
type pdfCanvas struct {
	*vgpdf.Canvas
}

func (c pdfCanvas) FillString(f font.Face, pt vg.Point, s string) {
	c.Canvas.FillString(f, pt, toCP1252(s))
}

func (c pdfCanvas) SetColor(clr color.Color) {
	if clr == nil {
		clr = color.Black
	}
	n := color.NRGBA64Model.Convert(clr).(color.NRGBA64)
	c.Canvas.SetColor(straightColor{uint32(n.R), uint32(n.G), uint32(n.B), uint32(n.A)})
}

// straightColor returns its channels unpremultiplied from RGBA, which is
// what gonum's PDF canvas expects.
type straightColor struct{ r, g, b, a uint32 }

func (s straightColor) RGBA() (r, g, b, a uint32) { return s.r, s.g, s.b, s.a }

// toCP1252 re-encodes UTF-8 text in Windows-1252, byte per character; a
// minus sign becomes a hyphen and other characters outside the code page
// a question mark.
func toCP1252(s string) string {
	ascii := true
	for i := range len(s) {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r < 0x80:
			b = append(b, byte(r))
		case r == '\u2212':
			b = append(b, '-')
		default:
			if c, ok := charmap.Windows1252.EncodeRune(r); ok {
				b = append(b, c)
			} else {
				b = append(b, '?')
			}
		}
	}
	return string(b)
}

func knownFormat(format string) bool {
	for _, f := range Formats() {
		if f == format {
			return true
		}
	}
	return false
}

// encodeBytes renders f in format and returns the bytes.
func encodeBytes(f Figure, s Size, format string) ([]byte, error) {
	var buf bytes.Buffer
	if err := Encode(f, s, &buf, format); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// dpiCanvas lets plotters that rasterise (SpikeDots, HeatMap) know the
// resolution they should rasterise at on vector canvases.
type dpiCanvas struct {
	vg.Canvas
	dpi int
}

func withDPI(c draw.Canvas, dpi int) draw.Canvas {
	c.Canvas = dpiCanvas{c.Canvas, dpi}
	return c
}

// canvasDPI returns the resolution at which to rasterise images for c: an
// image canvas's own resolution, else the one given to Encode, else 300.
func canvasDPI(c vg.Canvas) float64 {
	c, d := unwrap(c)
	dpi := 300.0
	if d > 0 {
		dpi = float64(d)
	}
	switch ic := c.(type) {
	case *vgimg.Canvas:
		return ic.DPI()
	case vgimg.PngCanvas:
		return ic.DPI()
	case pngCanvas:
		return ic.DPI()
	}
	return dpi
}
