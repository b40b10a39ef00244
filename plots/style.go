package plots

import (
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Colours the figures use by default: the first colours of matplotlib's
// default cycle, so that our figures read like the tutorial's.
var (
	Blue   = color.RGBA{R: 31, G: 119, B: 180, A: 255}  // excitatory
	Orange = color.RGBA{R: 255, G: 127, B: 14, A: 255}  // inhibitory
	Green  = color.RGBA{R: 44, G: 160, B: 44, A: 255}   // third population
	Red    = color.RGBA{R: 214, G: 39, B: 40, A: 255}   // boundaries, peaks
	Purple = color.RGBA{R: 148, G: 103, B: 189, A: 255} // fourth population
	Gray   = color.RGBA{R: 110, G: 110, B: 110, A: 255} // notes
)

// populationColors are the colours of populations 0, 1, 2, … in figures
// that tell populations apart.
var populationColors = []color.Color{Blue, Orange, Green, Purple, Red}

// PopulationColor returns the default colour of the k-th population:
// blue, orange, green, purple, red, then again from blue.
func PopulationColor(k int) color.Color {
	return populationColors[k%len(populationColors)]
}

// newPlot returns a gonum plot with the package's axis style: no padding
// between the axes and the data, and the given title and labels.
func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.Padding = 4
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.X.Padding = 0
	p.Y.Padding = 0
	p.Title.TextStyle.Font = Font(12)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = Font(11)
		a.Tick.Label.Font = Font(9)
	}
	p.Legend.TextStyle.Font = Font(9)
	return p
}

// Font returns the figures' font, Liberation Sans (embedded in gonum/plot,
// metrically compatible with Arial), at size pt.
func Font(pt vg.Length) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: pt}
}

// textStyle returns the plot's default text style at size pt.
func textStyle(p *plot.Plot, pt vg.Length, c color.Color) draw.TextStyle {
	sty := p.Y.Label.TextStyle
	sty.Font = Font(pt)
	sty.Color = c
	return sty
}

// niceStep returns a round spacing (1, 2 or 5 times a power of ten)
// giving about n intervals over span.
func niceStep(span float64, n int) float64 {
	if !(span > 0) {
		return 1
	}
	raw := span / float64(n)
	pow := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*pow >= raw*0.999 {
			return m * pow
		}
	}
	return 10 * pow
}

// evenTicks places a labelled tick every step from the first multiple of
// step at or above min up to max.
type evenTicks struct{ step float64 }

func (t evenTicks) Ticks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	first := math.Ceil(min/t.step-1e-9) * t.step
	for k := 0; ; k++ {
		v := first + float64(k)*t.step
		if v > max+1e-9*t.step || k > 1000 {
			break
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: formatTick(v)})
	}
	return ticks
}

func formatTick(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}
