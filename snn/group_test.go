package snn

import (
	"context"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gosnn/gosnn/snn/spikestat"
)

// runTutorial runs the tutorial's network (seed 0) for steps steps,
// tracing the given neurons every traceEvery steps.
func runTutorial(t *testing.T, steps int, opts *RunOptions) *Result {
	t.Helper()
	net, err := New(Tutorial(DefaultTutorial()))
	if err != nil {
		t.Fatal(err)
	}
	res, err := net.Run(context.Background(), steps, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// measures are every whole-result measure of analysis.go.
type measures struct {
	Rate, Dominant, ISICV, Sync float64
	PopRates, Binned            []float64
}

func measure(r *Result) measures {
	return measures{r.Rate(), r.DominantFrequency(), r.ISICV(), r.Synchrony(5), r.PopulationRates(), r.BinnedRate(5)}
}

func TestGroupOfWholeNetworkGivesItsMeasures(t *testing.T) {
	res := runTutorial(t, 1000, &RunOptions{Trace: []int{3, 900}})
	all, err := res.Subset(Range("all", 0, res.N))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(all.Spikes, res.Spikes) || all.N != res.N || !reflect.DeepEqual(all.Populations, res.Populations) {
		t.Error("the whole network's group has other spikes or populations than the network")
	}
	if got, want := measure(all), measure(res); !reflect.DeepEqual(got, want) {
		t.Errorf("whole network's group: %+v\nnetwork: %+v", got, want)
	}
	if !slices.Equal(all.Traces.V, res.Traces.V) || !slices.Equal(all.Traces.Neurons, res.Traces.Neurons) {
		t.Error("the whole network's group has other traces")
	}
	win, err := res.Between(0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := measure(win), measure(res); !reflect.DeepEqual(got, want) {
		t.Errorf("whole run's window: %+v\nrun: %+v", got, want)
	}
}

// A population's group gives the numbers computed by hand from the
// population's spikes, filtered from the network's.
func TestPopulationGroupMatchesHandComputation(t *testing.T) {
	res := runTutorial(t, 1000, nil)
	for k, p := range res.Populations {
		g, err := res.Group(p.Name)
		if err != nil {
			t.Fatal(err)
		}
		sub, err := res.Subset(g)
		if err != nil {
			t.Fatal(err)
		}
		// The spikes, renumbered from the population's first neuron.
		var want Spikes
		for _, s := range res.Spikes {
			if s.Neuron >= p.Start && s.Neuron < p.Start+p.Size {
				want = append(want, Spike{s.T, s.Neuron - p.Start})
			}
		}
		if !slices.Equal(sub.Spikes, want) {
			t.Fatalf("%s: group spikes differ from the filtered ones", p.Name)
		}
		if len(res.Spikes.Of(g)) != len(want) {
			t.Errorf("%s: Spikes.Of gives %d spikes, want %d", p.Name, len(res.Spikes.Of(g)), len(want))
		}
		if got := sub.Rate(); got != res.PopulationRates()[k] {
			t.Errorf("%s: rate %v, PopulationRates says %v", p.Name, got, res.PopulationRates()[k])
		}

		// Binned rate in 5 ms bins.
		bins := make([]float64, 200)
		for _, s := range want {
			bins[s.T/5]++
		}
		for b := range bins {
			bins[b] *= 1000 / (5 * float64(p.Size))
		}
		if got := sub.BinnedRate(5); !slices.Equal(got, bins) {
			t.Errorf("%s: binned rate differs from the hand-counted one", p.Name)
		}
		freq, power := spikestat.Spectrum(bins, 5)
		if f1, p1 := spikestat.Spectrum(sub.BinnedRate(5), 5); !slices.Equal(f1, freq) || !slices.Equal(p1, power) {
			t.Errorf("%s: spectrum differs", p.Name)
		}

		// ISI CV: mean over neurons with ≥ 3 spikes of std/mean (n
		// intervals, two-pass).
		times := map[int][]float64{}
		for _, s := range want {
			times[s.Neuron] = append(times[s.Neuron], float64(s.T))
		}
		var cvSum float64
		var cvN int
		for _, ts := range times {
			if len(ts) < 3 {
				continue
			}
			var isi []float64
			for j := 1; j < len(ts); j++ {
				isi = append(isi, ts[j]-ts[j-1])
			}
			m, sd := meanStd(isi)
			cvSum += sd / m
			cvN++
		}
		if got, w := sub.ISICV(), cvSum/float64(cvN); math.Abs(got-w) > 1e-12 {
			t.Errorf("%s: ISI CV %v, by hand %v", p.Name, got, w)
		}

		// Synchrony: χ² = Var(mean count) / mean Var(count), 5 ms bins.
		counts := make([][]float64, p.Size)
		for i := range counts {
			counts[i] = make([]float64, 200)
		}
		for _, s := range want {
			counts[s.Neuron][s.T/5]++
		}
		popMean := make([]float64, 200)
		var meanVar float64
		for _, c := range counts {
			for b, x := range c {
				popMean[b] += x / float64(p.Size)
			}
			_, sd := meanStd(c)
			meanVar += sd * sd / float64(p.Size)
		}
		_, sdPop := meanStd(popMean)
		if got, w := sub.Synchrony(5), sdPop/math.Sqrt(meanVar); math.Abs(got-w) > 1e-12 {
			t.Errorf("%s: synchrony %v, by hand %v", p.Name, got, w)
		}
		if len(sub.Populations) != 1 || sub.Populations[0] != (PopulationInfo{p.Name, 0, p.Size, p.Inhibitory}) {
			t.Errorf("%s: group's populations %+v", p.Name, sub.Populations)
		}
	}
}

// meanStd returns the mean and the standard deviation over n of x.
func meanStd(x []float64) (mean, std float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		std += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(std / float64(len(x)))
}

func TestListGroupAndTraces(t *testing.T) {
	res := runTutorial(t, 200, &RunOptions{Trace: []int{5, 801, 3}})
	g := List("mixed", 801, 3, 799, 3, 5)
	if !slices.Equal(g.Neurons, []int{3, 5, 799, 801}) {
		t.Fatalf("List gives %v, want sorted and distinct", g.Neurons)
	}
	sub, err := res.Subset(g)
	if err != nil {
		t.Fatal(err)
	}
	want := []PopulationInfo{{"excitatory", 0, 3, false}, {"inhibitory", 3, 1, true}}
	if !reflect.DeepEqual(sub.Populations, want) {
		t.Errorf("populations %+v, want %+v", sub.Populations, want)
	}
	for _, s := range sub.Spikes {
		if orig := g.Neurons[s.Neuron]; !slices.Contains(res.Spikes, Spike{s.T, orig}) {
			t.Errorf("spike %+v (network neuron %d) is not a spike of the run", s, orig)
		}
	}
	if len(sub.Spikes) != len(res.Spikes.Of(g)) {
		t.Errorf("%d spikes, Spikes.Of gives %d", len(sub.Spikes), len(res.Spikes.Of(g)))
	}
	if byHand := (Group{Neurons: []int{801, 5, 3, 799}}); !slices.Equal(res.Spikes.Of(byHand), res.Spikes.Of(g)) {
		t.Error("Spikes.Of of an unsorted group made by hand differs from that of the sorted group")
	}
	// Traced neurons 5, 801, 3 of which 3, 5 and 801 are in the group at
	// positions 0, 1, 3, in the traces' order.
	if !slices.Equal(sub.Traces.Neurons, []int{1, 3, 0}) {
		t.Fatalf("traced neurons %v, want positions 1, 3, 0", sub.Traces.Neurons)
	}
	for k, i := range []int{5, 801, 3} {
		if !slices.Equal(sub.Traces.Of(sub.Traces.V, k), res.Traces.Of(res.Traces.V, res.Traces.Index(i))) {
			t.Errorf("trace of neuron %d differs", i)
		}
	}
}

// A window of a run gives the result of running the window on its own.
func TestBetweenEqualsRunInPieces(t *testing.T) {
	opts := func() *RunOptions { return &RunOptions{Trace: []int{1, 500}, TraceEvery: 7} }
	full := runTutorial(t, 1000, opts())
	net, err := New(Tutorial(DefaultTutorial()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := net.Run(ctx, 300, opts()); err != nil {
		t.Fatal(err)
	}
	piece, err := net.Run(ctx, 700, opts())
	if err != nil {
		t.Fatal(err)
	}
	win, err := full.Between(300, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if win.Start != piece.Start || win.Steps != piece.Steps || !slices.Equal(win.Spikes, piece.Spikes) {
		t.Fatalf("window: start %d, %d steps, %d spikes; piece: %d, %d, %d", win.Start, win.Steps, len(win.Spikes), piece.Start, piece.Steps, len(piece.Spikes))
	}
	if got, want := measure(win), measure(piece); !reflect.DeepEqual(got, want) {
		t.Errorf("window: %+v\npiece: %+v", got, want)
	}
	w, p := win.Traces, piece.Traces
	if w.Samples != p.Samples || w.First != p.First || w.Every != p.Every || !slices.Equal(w.V, p.V) || !slices.Equal(w.U, p.U) || !slices.Equal(w.I, p.I) {
		t.Errorf("window traces: %d samples from %d every %d; piece: %d from %d every %d", w.Samples, w.First, w.Every, p.Samples, p.First, p.Every)
	}
	if got := full.Spikes.InSteps(300, 1000); !slices.Equal(got, piece.Spikes) {
		t.Errorf("Spikes.InSteps gives %d spikes, want %d", len(got), len(piece.Spikes))
	}
	if got := full.Raster().Between(300, 1000); !slices.Equal(got.Spikes, piece.Spikes) || got.DT != full.DT {
		t.Errorf("Raster().Between gives %d spikes at step %g, want %d at %g", len(got.Spikes), got.DT, len(piece.Spikes), full.DT)
	}
}

func TestGroupErrors(t *testing.T) {
	res := runTutorial(t, 20, nil)
	for _, tc := range []struct {
		g    Group
		want string
	}{
		{Group{Name: "none"}, "no neurons"},
		{Range("big", 990, 1001), "neuron 1000 out of range: the network has neurons 0 to 999"},
		{Group{Name: "neg", Neurons: []int{-1}}, "out of range"},
		{Group{Name: "order", Neurons: []int{4, 2}}, "increasing order"},
		{Group{Name: "twice", Neurons: []int{2, 2}}, "each once"},
	} {
		if _, err := res.Subset(tc.g); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("group %q: error %v, want one mentioning %q", tc.g.Name, err, tc.want)
		}
	}
	for _, w := range [][2]float64{{-1, 10}, {0, 21}, {5, 5}, {10, 5}, {0.5, 10}, {math.NaN(), 10}} {
		if _, err := res.Between(w[0], w[1]); err == nil || !strings.Contains(err.Error(), "0 ≤ from < to ≤ 20") {
			t.Errorf("window %v: error %v", w, err)
		}
	}
	if _, err := res.Group("cortex"); err == nil || !strings.Contains(err.Error(), `"excitatory", "inhibitory"`) {
		t.Errorf("unknown population: error %v", err)
	}
}
