package nb_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gosnn/gosnn/notebooks/nb"
	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/spikestat"
)

// TestTutorialSpikes checks that Net builds the tutorial's network: seed 0
// gives the 7648 spikes of the tutorial's NumPy code.
func TestTutorialSpikes(t *testing.T) {
	if got := len(nb.Tutorial.Run(0, nil).Spikes); got != 7648 {
		t.Errorf("tutorial network, seed 0: %d spikes, want the NumPy code's 7648", got)
	}
}

func TestScenarioAndPair(t *testing.T) {
	s1 := nb.Scenario("S1")
	if s1.We != 0.6 || s1.Wi != 1.6 || s1.Name != "S1" || s1.Exc.Name != "RS" {
		t.Errorf("Scenario(S1) = %+v", s1)
	}
	p := nb.Pair("ib", "IB", "S5")
	if p.Exc.Name != "IB" || p.Inh.Name != "IB" || p.We != 0.3 || p.Wi != 0.2 || p.Name != "IB+IB S5" {
		t.Errorf("Pair(ib, IB, S5) = %+v", p)
	}
	if got := nb.Tutorial.Title(3); got != "tutorial: 800 RS + 200 LTS, we = 0.5, wi = 1, seed 3" {
		t.Errorf("Title = %q", got)
	}
	if got := nb.Tutorial.AllFireInput(); got != 100 {
		t.Errorf("AllFireInput = %g, want the tutorial's +100", got)
	}
}

// TestWarnings: growing the populations tenfold without scaling the
// weights is warned about, with scaled weights that silence the warning.
func TestWarnings(t *testing.T) {
	for _, name := range []string{"default", "S1", "S2", "S3", "S4", "S5"} {
		if w := nb.Scenario(name).Warnings(); len(w) != 0 {
			t.Errorf("scenario %s: unexpected warnings %q", name, w)
		}
	}
	big := nb.Tutorial
	big.Ne, big.Ni = 8000, 2000
	w := big.Warnings()
	if len(w) != 1 || !strings.Contains(w[0], "Net.Scaled(8000, 2000)") || !strings.Contains(w[0], "we = 0.05, wi = 0.1") {
		t.Fatalf("10× the neurons at the tutorial's weights: warnings %q, want one suggesting we = 0.05, wi = 0.1", w)
	}
	if w := nb.Tutorial.Scaled(8000, 2000).Warnings(); len(w) != 0 {
		t.Errorf("scaled network: unexpected warnings %q", w)
	}
}

// TestRhythmAndEpisodes checks the measures on the tutorial's runs: the
// start-up bursts are not episodes, the default network's 8 Hz rhythm and
// S2's 4.4 Hz pulses are significant, S4's independent firing is not.
func TestRhythmAndEpisodes(t *testing.T) {
	res := nb.Tutorial.Run(0, nil)
	if got, want := nb.Episodes(res), []float64{160, 290, 425, 555}; !slices.Equal(got, want) {
		t.Errorf("episodes of seed 0 = %v, want %v (after the transient)", got, want)
	}
	if got := nb.MeanInterval([]float64{160, 290, 425, 555}); got != "132" {
		t.Errorf("MeanInterval = %q, want 132", got)
	}
	if got := nb.MeanInterval([]float64{160}); got != "–" {
		t.Errorf("MeanInterval of one episode = %q, want –", got)
	}
	if r := nb.RhythmOf(res); !r.Significant || r.String() != "8" {
		t.Errorf("tutorial seed 0: rhythm %+v (%s), want a significant 8 Hz", r, r)
	}
	if r := nb.RhythmOf(nb.Scenario("S2").Run(0, nil)); !r.Significant || r.String() != "4" {
		t.Errorf("S2 seed 0: rhythm %+v (%s), want a significant 4 Hz", r, r)
	}
	for seed := range uint64(5) {
		if r := nb.RhythmOf(nb.Scenario("S4").Run(seed, nil)); r.Significant || r.String() != "none" {
			t.Errorf("S4 seed %d: rhythm %+v, want none", seed, r)
		}
	}
	short := nb.Must(nb.Tutorial.New(0))
	r, err := short.Run(t.Context(), nb.Transient, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rh := nb.RhythmOf(r); rh.Significant || len(nb.Episodes(r)) != 0 {
		t.Errorf("a run no longer than the transient: rhythm %+v, episodes %v; want none", rh, nb.Episodes(r))
	}
}

func TestRow(t *testing.T) {
	res := []*snn.Result{nb.Tutorial.Run(0, nil)}
	got := nb.Row(nb.Tutorial, 0, res)
	want := "| tutorial | 800 RS + 200 LTS | 0.5 | 1 | numpy | 0 | 7648 | 7.6 | 7.7 | 7.3 | 8 | 0.14 |\n"
	if got != want {
		t.Errorf("Row =\n%s want\n%s", got, want)
	}
	if n := strings.Count(nb.TableHeader[:strings.Index(nb.TableHeader, "\n")], "|"); n != strings.Count(got, "|") {
		t.Errorf("the header has %d bars, a row %d", n, strings.Count(got, "|"))
	}
	if strings.Contains(nb.TableHeader, "$") {
		t.Errorf("the table header holds math, which the classic notebook does not render in headers: %q", nb.TableHeader)
	}
	s4 := nb.Scenario("S4")
	var runs []*snn.Result
	for seed := range uint64(2) {
		runs = append(runs, s4.Run(seed, nil))
	}
	if got := nb.RhythmColumn(runs); got != "none" {
		t.Errorf("rhythm of two S4 runs = %q, want none", got)
	}
	if got := nb.MeanSD([]float64{1, 2, 3}, 1); got != "2.0 ± 1.0" {
		t.Errorf("MeanSD = %q, want 2.0 ± 1.0 (sample standard deviation)", got)
	}
}

// TestExploreHTML checks what the controls draw: two images and the
// measures, with the time taken only when asked for.
func TestExploreHTML(t *testing.T) {
	html, err := nb.ExploreHTML(nb.Scenario("S1"), 3, false)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(html, "<img "); n != 2 {
		t.Errorf("%d images, want the raster and the rhythm", n)
	}
	if !strings.Contains(html, "S1: 800 RS + 200 LTS, we = 0.6, wi = 1.6, seed 3") || strings.Contains(html, " s)") {
		t.Errorf("measures line: %s", html[strings.LastIndex(html, "<p>"):])
	}
	timed, err := nb.ExploreHTML(nb.Scenario("S1"), 3, true)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(timed, "run and drawn in") {
		t.Errorf("timed: %s", timed[strings.LastIndex(timed, "<p>"):])
	}
	nb.Explore(nb.Tutorial, time.Second) // outside a notebook: a note, at once
}

func TestNeuronParams(t *testing.T) {
	net := nb.Must(nb.Tutorial.New(0))
	re, ri := make([]float64, 800), make([]float64, 200)
	rng := nb.NumPy(0)
	rng.Uniform(re)
	rng.Uniform(ri)
	if got, want := nb.NeuronParams(net, 1), snn.ExcitatoryJitter(snn.RS.Params, re[1]); got != want {
		t.Errorf("neuron 1: %+v, want %+v", got, want)
	}
	if got, want := nb.NeuronParams(net, 811), snn.InhibitoryJitter(snn.LTS.Params, ri[11]); got != want {
		t.Errorf("neuron 811: %+v, want %+v", got, want)
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "neurons 0 to 999") {
			t.Errorf("neuron 1000: recovered %v, want a panic naming the range", r)
		}
	}()
	nb.NeuronParams(net, 1000)
}

// The rhythm figure of a window shows that window's smoothed spectrum and
// marks the peak that RhythmOf finds, only when it is significant.
func TestRhythmFigure(t *testing.T) {
	res := nb.Tutorial.Run(0, nil)
	rh, err := nb.RhythmFigure(res, "tutorial", nb.Transient, nb.Duration)
	if err != nil {
		t.Fatal(err)
	}
	freq, power := spikestat.RhythmSpectrum(res.BinnedRate(1)[nb.Transient:nb.Duration], 1)
	if !slices.Equal(rh.Freq, freq) || !slices.Equal(rh.Power, power) {
		t.Error("the figure's spectrum is not the smoothed spectrum of the window's 1 ms rate")
	}
	if want := res.BinnedRate(5)[nb.Transient/5 : nb.Duration/5]; !slices.Equal(rh.Rate, want) || rh.T0 != nb.Transient || rh.RateBin != 5 {
		t.Errorf("the figure's rate: %d bins of %g ms from %g ms, want the window's %d bins of 5 ms from %d ms", len(rh.Rate), rh.RateBin, rh.T0, len(want), nb.Transient)
	}
	if r := nb.RhythmOf(res); rh.Dominant != r.Freq || r.String() != "8" || rh.Title != "tutorial" {
		t.Errorf("marked %g Hz, titled %q; want RhythmOf's %g Hz (about 8), titled tutorial", rh.Dominant, rh.Title, r.Freq)
	}
	if _, err := rh.PNG(); err != nil {
		t.Error(err)
	}
	s4, err := nb.RhythmFigure(nb.Scenario("S4").Run(0, nil), "", nb.Transient, nb.Duration)
	if err != nil || s4.Dominant != 0 {
		t.Errorf("S4 (no significant rhythm): marked %g Hz, error %v; want no mark", s4.Dominant, err)
	}
	for _, w := range [][2]int{{-1, 500}, {500, 505}, {0, nb.Duration + 1}} {
		if _, err := nb.RhythmFigure(res, "", w[0], w[1]); err == nil || !strings.Contains(err.Error(), "want 0 ≤ from") {
			t.Errorf("window %d–%d ms: error %v", w[0], w[1], err)
		}
	}
}
