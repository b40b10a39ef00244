package plots

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/spikestat"
)

// Rhythm shows a network's rhythm: the population rate over time (top)
// above its power spectrum (bottom), with frequency bands shaded (alpha
// 8–12 Hz and gamma 30–80 Hz by default) and the dominant frequency
// marked and labelled.
type Rhythm struct {
	Size
	Title string

	// Rate is the population rate in Hz per neuron in consecutive bins of
	// RateBin ms from T0 ms (snn.Result.BinnedRate).
	Rate    []float64
	RateBin float64
	T0      float64

	// Freq and Power are the spectrum (spikestat.Spectrum), drawn up to
	// MaxFreq Hz. Dominant is the frequency marked; 0 marks none.
	Freq, Power []float64
	MaxFreq     float64
	Dominant    float64

	// Bands are shaded behind the spectrum.
	Bands []Band

	// RateColor and PowerColor are the colours of the two lines.
	RateColor, PowerColor color.Color
}

// A Band is a named frequency range shaded in a spectrum.
type Band struct {
	Name   string
	Lo, Hi float64 // Hz
	Color  color.Color
}

// AlphaBand and GammaBand are the default bands of a [Rhythm].
var (
	AlphaBand = Band{Name: "alpha", Lo: 8, Hi: 12, Color: color.NRGBA{R: 31, G: 119, B: 180, A: 50}}
	GammaBand = Band{Name: "gamma", Lo: 30, Hi: 80, Color: color.NRGBA{R: 255, G: 127, B: 14, A: 50}}
)

// NewRhythm returns the rhythm figure of res: the rate in bins of bin ms
// (5 ms if bin is 0) and the spectrum of the 1 ms binned rate from 0 to
// 100 Hz, with the dominant frequency of res.DominantFrequency marked.
func NewRhythm(res *snn.Result, bin float64) (*Rhythm, error) {
	if res == nil {
		return nil, errors.New("rhythm: nil result")
	}
	if bin == 0 {
		bin = 5
	}
	if !(bin > 0) || math.IsInf(bin, 0) {
		return nil, fmt.Errorf("rhythm: bin of %g ms: must be a positive number", bin)
	}
	rate := res.BinnedRate(bin)
	if len(rate) == 0 {
		return nil, fmt.Errorf("rhythm: bin of %g ms: the run of %g ms must hold at least one bin", bin, res.Duration())
	}
	// The spectrum of the rate in bins of 1 ms (or of the step, if longer),
	// as the dominant frequency's: up to 500 Hz at any shorter step.
	specBin := max(1, res.TimeStep())
	freq, power := spikestat.Spectrum(res.BinnedRate(specBin), specBin)
	if len(freq) < 2 {
		return nil, fmt.Errorf("rhythm: a run of %d steps is too short for a spectrum", res.Steps)
	}
	r := NewRhythmOf(rate, bin, res.Time(res.Start), freq, power)
	r.Dominant = res.DominantFrequency()
	return r, nil
}

// NewRhythmOf returns the rhythm figure of a population rate sampled every
// rateBin ms from t0 ms and of a spectrum (spikestat.Spectrum or
// spikestat.RhythmSpectrum of a rate), with the default title, bands and
// colours, drawn up to 100 Hz. No frequency is marked: set Dominant.
// Plots and Draw check the data.
func NewRhythmOf(rate []float64, rateBin, t0 float64, freq, power []float64) *Rhythm {
	return &Rhythm{
		Title:      "Population rhythm",
		Rate:       rate,
		RateBin:    rateBin,
		T0:         t0,
		Freq:       freq,
		Power:      power,
		MaxFreq:    100,
		Bands:      []Band{AlphaBand, GammaBand},
		RateColor:  color.Black,
		PowerColor: color.Black,
	}
}

// Plots returns the two panels as gonum plots.
func (r *Rhythm) Plots() (rate, spectrum *plot.Plot, err error) {
	if len(r.Rate) == 0 || !(r.RateBin > 0) {
		return nil, nil, fmt.Errorf("rhythm: %d rate bins of %g ms: need at least one bin of positive width", len(r.Rate), r.RateBin)
	}
	if len(r.Freq) != len(r.Power) {
		return nil, nil, fmt.Errorf("rhythm: %d frequencies but %d power values: they must match", len(r.Freq), len(r.Power))
	}
	if len(r.Freq) < 2 {
		return nil, nil, errors.New("rhythm: the spectrum needs at least two frequencies")
	}
	rate = newPlot("", "time (ms)", "rate (Hz)")
	xys := make(plotter.XYs, 0, 2*len(r.Rate))
	for k, v := range r.Rate {
		if !finite(v) {
			return nil, nil, fmt.Errorf("rhythm: rate bin %d is %g: rates must be finite numbers", k, v)
		}
		// A step line: the bin's rate over its whole width.
		xys = append(xys, plotter.XY{X: r.T0 + float64(k)*r.RateBin, Y: v}, plotter.XY{X: r.T0 + float64(k+1)*r.RateBin, Y: v})
	}
	l, err := plotter.NewLine(xys)
	if err != nil {
		return nil, nil, err
	}
	l.Color, l.Width = orBlack(r.RateColor), vg.Points(0.8)
	rate.Add(l)
	rate.X.Min, rate.X.Max = r.T0, r.T0+float64(len(r.Rate))*r.RateBin
	rate.X.Tick.Marker = evenTicks{step: niceStep(rate.X.Max-rate.X.Min, 5)}
	rate.Y.Min, rate.Y.Max = 0, 1.05*maxOf(r.Rate)
	if rate.Y.Max == 0 {
		rate.Y.Max = 1 // a silent run
	}
	rate.Y.Tick.Marker = evenTicks{step: niceStep(maxOf(r.Rate), 4)}

	maxF := r.MaxFreq
	if !(maxF > 0) {
		maxF = r.Freq[len(r.Freq)-1]
	}
	spectrum = newPlot("", "frequency (Hz)", "power (Hz²/Hz)")
	top := 0.0
	pts := plotter.XYs{}
	for k, f := range r.Freq {
		if f > maxF {
			break
		}
		p := r.Power[k]
		if !finite(p) {
			return nil, nil, fmt.Errorf("rhythm: power at %g Hz is %g: power must be a finite number", f, p)
		}
		pts = append(pts, plotter.XY{X: f, Y: p})
		top = math.Max(top, p)
	}
	if !(top > 0) {
		top = 1
	}
	top *= 1.3 // room for the band names above the peak
	for _, b := range r.Bands {
		if b.Hi <= b.Lo || b.Lo >= maxF {
			continue
		}
		poly, err := plotter.NewPolygon(plotter.XYs{{X: b.Lo, Y: 0}, {X: math.Min(b.Hi, maxF), Y: 0}, {X: math.Min(b.Hi, maxF), Y: top}, {X: b.Lo, Y: top}})
		if err != nil {
			return nil, nil, err
		}
		poly.Color = b.Color
		poly.LineStyle.Width = 0
		spectrum.Add(poly)
		if b.Name != "" {
			spectrum.Add(&bandLabel{band: b, y: top, hi: math.Min(b.Hi, maxF)})
		}
	}
	sl, err := plotter.NewLine(pts)
	if err != nil {
		return nil, nil, err
	}
	sl.Color, sl.Width = orBlack(r.PowerColor), vg.Points(1)
	spectrum.Add(sl)
	if r.Dominant > 0 && r.Dominant <= maxF {
		spectrum.Add(&peakMark{freq: r.Dominant, power: r.powerAt(r.Dominant)})
	}
	spectrum.X.Min, spectrum.X.Max = 0, maxF
	spectrum.X.Tick.Marker = evenTicks{step: niceStep(maxF, 10)}
	spectrum.Y.Min, spectrum.Y.Max = 0, top
	spectrum.Y.Tick.Marker = evenTicks{step: niceStep(top, 4)}
	return rate, spectrum, nil
}

func maxOf(x []float64) float64 {
	m := 0.0
	for _, v := range x {
		m = math.Max(m, v)
	}
	return m
}

func orBlack(c color.Color) color.Color {
	if c == nil {
		return color.Black
	}
	return c
}

// powerAt returns the power at the frequency nearest f.
func (r *Rhythm) powerAt(f float64) float64 {
	best, p := math.Inf(1), 0.0
	for k, x := range r.Freq {
		if d := math.Abs(x - f); d < best {
			best, p = d, r.Power[k]
		}
	}
	return p
}

// bandLabel writes a band's name at the top of its shading.
type bandLabel struct {
	band Band
	y    float64
	hi   float64
}

func (b *bandLabel) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := textStyle(p, 8, Gray)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
	x := (trX(b.band.Lo) + trX(b.hi)) / 2
	c.FillText(sty, vg.Point{X: x, Y: trY(b.y) - 2}, b.band.Name)
}

// peakMark marks the dominant frequency with a dot and its value.
type peakMark struct {
	freq, power float64
}

func (m *peakMark) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pt := vg.Point{X: trX(m.freq), Y: trY(m.power)}
	c.SetColor(Red)
	var path vg.Path
	r := vg.Points(2.5)
	path.Move(vg.Point{X: pt.X + r, Y: pt.Y})
	path.Arc(pt, r, 0, 2*math.Pi)
	path.Close()
	c.Fill(path)
	sty := textStyle(p, 9, Red)
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	c.FillText(sty, vg.Point{X: pt.X + 5, Y: pt.Y}, fmt.Sprintf("%.3g Hz", m.freq))
}

// Draw draws the title and both panels onto c.
func (r *Rhythm) Draw(c draw.Canvas) error {
	rate, spectrum, err := r.Plots()
	if err != nil {
		return err
	}
	c = drawTitle(c, rate, r.Title)
	cs := plot.Align([][]*plot.Plot{{rate}, {spectrum}}, draw.Tiles{Rows: 2, Cols: 1, PadY: vg.Points(10)}, c)
	rate.Draw(cs[0][0])
	spectrum.Draw(cs[1][0])
	return nil
}

// Save writes the figure to path as PNG, SVG or PDF, by extension.
func (r *Rhythm) Save(path string) error { return Save(r, r.Size, path) }

// Encode writes the figure to w in format "png", "svg" or "pdf".
func (r *Rhythm) Encode(w io.Writer, format string) error { return Encode(r, r.Size, w, format) }

// PNG returns the figure as a PNG image.
func (r *Rhythm) PNG() ([]byte, error) { return encodeBytes(r, r.Size, "png") }

// SVG returns the figure as an SVG document.
func (r *Rhythm) SVG() ([]byte, error) { return encodeBytes(r, r.Size, "svg") }
