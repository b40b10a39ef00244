package nb

import (
	"context"
	"encoding/base64"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/gosnn/gosnn/plots"
	"github.com/gosnn/gosnn/snn"
	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/widgets"
)

// Explorer's controls: the weight sliders move in steps of WeightStep from
// 0 to MaxWeight; the seed slider from 0 to MaxSeed.
const (
	WeightStep = 0.05
	MaxWeight  = 2.0
	MaxSeed    = 20
)

// ExploreAnswer is how long Explore waits for the browser to answer its
// first control before it decides that nobody is looking (a headless run).
const ExploreAnswer = 5 * time.Second

// Explore shows controls for a network — selects of the weight scenarios
// and of the excitatory and inhibitory presets, sliders for we, wi and the
// seed — and, below them, the raster
// and the rhythm of the network they set. Every change re-runs the network
// and redraws both (about half a second for the tutorial's 1000 neurons).
//
// The cell keeps running while it listens: it stops when the controls have
// not been touched for idle, or when the kernel is interrupted (■). Put it
// in the last cell of a notebook, so that Run All is not held up behind it.
//
// Where no browser runs the controls' JavaScript — under nbconvert or go
// test — it prints a note and shows the figures of the starting network.
func Explore(start Net, idle time.Duration) {
	if !gonbui.IsNotebook {
		Note("the controls need a notebook open in Jupyter; showing nothing outside it")
		return
	}
	names := []string{"(as set by the sliders)"}
	for _, s := range snn.Scenarios() {
		names = append(names, s.Name)
	}
	gonbui.DisplayHTML(`<div style="font-family: sans-serif">` +
		`scenario <span id="nb-explore-scenario"></span> &nbsp; ` +
		`excitatory <span id="nb-explore-exc"></span> &nbsp; inhibitory <span id="nb-explore-inh"></span> &nbsp; ` +
		`we <span id="nb-explore-we"></span> &nbsp; wi <span id="nb-explore-wi"></span> &nbsp; ` +
		`seed <span id="nb-explore-seed"></span></div>`)
	presets := snn.PresetNames()
	index := func(name string) int {
		for k, p := range presets {
			if p == name {
				return k
			}
		}
		return 0
	}
	type built struct {
		scenario *widgets.SelectBuilder
		exc, inh *widgets.SelectBuilder
		we, wi   *widgets.SliderBuilder
		seed     *widgets.SliderBuilder
	}
	ready := make(chan built, 1)
	go func() {
		var b built
		b.scenario = widgets.Select(names).WithHtmlId("nb-explore-scenario-input").WithAddress("/nb/explore/scenario").AppendTo("nb-explore-scenario").Done()
		b.exc = widgets.Select(presets).SetDefault(index(start.Exc.Name)).WithHtmlId("nb-explore-exc-input").WithAddress("/nb/explore/exc").AppendTo("nb-explore-exc").Done()
		b.inh = widgets.Select(presets).SetDefault(index(start.Inh.Name)).WithHtmlId("nb-explore-inh-input").WithAddress("/nb/explore/inh").AppendTo("nb-explore-inh").Done()
		b.we = widgets.Slider(0, int(MaxWeight/WeightStep), int(start.We/WeightStep+0.5)).WithHtmlId("nb-explore-we-input").WithAddress("/nb/explore/we").AppendTo("nb-explore-we").Done()
		b.wi = widgets.Slider(0, int(MaxWeight/WeightStep), int(start.Wi/WeightStep+0.5)).WithHtmlId("nb-explore-wi-input").WithAddress("/nb/explore/wi").AppendTo("nb-explore-wi").Done()
		b.seed = widgets.Slider(0, MaxSeed, 0).WithHtmlId("nb-explore-seed-input").WithAddress("/nb/explore/seed").AppendTo("nb-explore-seed").Done()
		ready <- b
	}()
	const figureID = "nb-explore-figure"
	draw := func(n Net, seed uint64, timed bool) {
		html, err := exploreHTML(n, seed, timed)
		if err != nil {
			html = "<pre>" + err.Error() + "</pre>"
		}
		gonbui.UpdateHTML(figureID, html)
		gonbui.Sync()
	}
	var b built
	select {
	case b = <-ready:
	case <-time.After(ExploreAnswer):
		Note("no browser answered the controls within %v (a headless run?): they work in a notebook open in Jupyter; here is the starting network", ExploreAnswer)
		draw(start, 0, false)
		return
	}
	n, seed := start, uint64(0)
	draw(n, seed, true)
	changed := make(chan func(), 16)
	listen := func(c <-chan int, apply func(int)) {
		go func() {
			for v := range c {
				changed <- func() { apply(v) }
			}
		}()
	}
	listen(b.we.Listen().C, func(v int) { n.We, n.Name = float64(v)*WeightStep, "sliders" })
	listen(b.wi.Listen().C, func(v int) { n.Wi, n.Name = float64(v)*WeightStep, "sliders" })
	listen(b.seed.Listen().C, func(v int) { seed = uint64(v) })
	listen(b.exc.Listen().C, func(v int) { n.Exc = Must(snn.LookupPreset(presets[v])) })
	listen(b.inh.Listen().C, func(v int) { n.Inh = Must(snn.LookupPreset(presets[v])) })
	listen(b.scenario.Listen().C, func(v int) {
		if v == 0 {
			return
		}
		s := Scenario(names[v])
		n.We, n.Wi, n.Name = s.We, s.Wi, s.Name
		b.we.SetValue(int(n.We/WeightStep + 0.5))
		b.wi.SetValue(int(n.Wi/WeightStep + 0.5))
	})
	for {
		select {
		case apply := <-changed:
			apply()
			for len(changed) > 0 { // a slider being dragged: draw its latest value only
				(<-changed)()
			}
			draw(n, seed, true)
		case <-time.After(idle):
			Note("the controls stopped after %v without a change: run the cell again to use them", idle)
			return
		}
	}
}

// exploreHTML runs n with seed and returns its raster and rhythm as HTML
// images, with a line of measures.
// With timed, it also says how long that took (live use only: a committed
// output must not hold machine-dependent times).
func exploreHTML(n Net, seed uint64, timed bool) (string, error) {
	t0 := time.Now()
	net, err := n.New(seed)
	if err != nil {
		return "", err
	}
	res, err := net.RunFor(context.Background(), Duration, nil) // ms
	if err != nil {
		return "", err
	}
	r, err := plots.NewRaster(res)
	if err != nil {
		return "", err
	}
	r.Title = n.Title(seed)
	rh, err := RhythmFigure(res, "population rhythm after 100 ms", Transient, int(math.Round(res.Duration())))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, f := range []Figure{r, rh} {
		png, err := f.PNG()
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&b, `<img style="max-width: 49%%; display: inline-block" src="data:image/png;base64,%s"/>`, base64.StdEncoding.EncodeToString(png))
	}
	fmt.Fprintf(&b, "<p>%s: %.1f Hz per neuron, rhythm %s Hz, synchrony %.2f", n.Title(seed), res.Rate(), RhythmOf(res), res.Synchrony(5))
	if timed {
		fmt.Fprintf(&b, " (run and drawn in %.1f s)", time.Since(t0).Seconds())
	}
	b.WriteString("</p>")
	return b.String(), nil
}
