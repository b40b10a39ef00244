// Sinedrive drives the first 100 excitatory neurons of the tutorial's
// network with a 20 Hz sinusoidal current and compares that group with
// the rest of the network: its rate, its binned rate (drawn in
// sinedrive.png) and the frequency at which it fires most.
package main

import (
	"context"
	"fmt"
	"math"
	"os"

	"github.com/gosnn/gosnn/plots"
	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/rng"
	"github.com/gosnn/gosnn/snn/spikestat"
)

func main() {
	const (
		driven         = 100  // neurons 0 … 99 are driven
		amp    float64 = 3    // amplitude, current units
		freq   float64 = 20   // Hz
		ms             = 1000 // simulated time
		bin    float64 = 5    // ms
	)
	cfg := snn.Tutorial(snn.DefaultTutorial())
	cfg.DT = 1 // ms per step; the drive below turns steps into ms with it
	// Step t acts from t·dt to (t+1)·dt ms: the drive takes its value at t·dt ms.
	drive := snn.StimulusFunc(func(t int, I []float64, r rng.Generator) {
		now := float64(t) * cfg.DT // ms
		x := amp * math.Sin(2*math.Pi*freq*now/1000)
		for i := 0; i < driven; i++ {
			I[i] += x
		}
	})
	cfg.Stimuli = []snn.Stimulus{drive}
	net, err := snn.New(cfg)
	check(err)
	res, err := net.RunFor(context.Background(), ms, nil)
	check(err)

	fig := plots.NewLines("Binned rate, 20 Hz drive to 100 neurons", "time (ms)", "rate (Hz)")
	for _, g := range []snn.Group{snn.Range("driven", 0, driven), snn.Range("undriven", driven, res.N)} {
		sub, err := res.Subset(g)
		check(err)
		rate := sub.BinnedRate(bin)
		f, p := spikestat.Spectrum(rate, bin)
		peak := spikestat.DominantFrequency(f, p, 2, 100)
		fmt.Printf("%-8s %4d neurons  %6.2f Hz  spectrum peak %5.1f Hz  synchrony %.3f\n",
			g.Name, sub.N, sub.Rate(), peak, sub.Synchrony(bin))
		t := make([]float64, len(rate))
		for k := range t {
			t[k] = float64(k) * bin
		}
		check(fig.Add(g.Name, t, rate))
	}
	check(fig.Save(snn.OutPath("sinedrive.png")))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
