package spikestat_test

import (
	"fmt"
	"log"
	"math"
	"math/rand/v2"

	"github.com/gosnn/gosnn/snn/spikestat"
)

// The power spectrum of a population rate that oscillates at 10 Hz: all of
// its variance, A²/2 for an amplitude A, lies at 10 Hz.
func ExampleSpectrum() {
	rate := make([]float64, 1000) // 1 s in 1 ms bins
	for i := range rate {
		rate[i] = 20 + 4*math.Sin(2*math.Pi*10*float64(i)/1000)
	}
	freq, power := spikestat.Spectrum(rate, 1)
	fmt.Printf("%d frequencies from %g to %g Hz, %g Hz apart\n", len(freq), freq[0], freq[len(freq)-1], freq[1])
	f := spikestat.DominantFrequency(freq, power, 2, 100)
	fmt.Printf("peak at %g Hz: power %.3g Hz\n", f, power[int(f)])
	// Output:
	// 501 frequencies from 0 to 500 Hz, 1 Hz apart
	// peak at 10 Hz: power 8 Hz
}

// Spikes as Brian2's SpikeMonitor gives them: times in ms and neurons.
// Two neurons over 4 ms, in 1 ms and 2 ms bins.
func ExamplePopulationRate() {
	t := []float64{0, 0, 1.5, 3}
	fmt.Println(spikestat.Rate(len(t), 2, 4), "Hz per neuron")
	fmt.Println(spikestat.PopulationRate(t, 2, 4, 1))
	fmt.Println(spikestat.PopulationRate(t, 2, 4, 2))
	// Output:
	// 500 Hz per neuron
	// [1000 500 0 500]
	// [750 250]
}

// Is there a rhythm? 200 neurons whose rate is modulated at 12 Hz give a
// peak far above the spectrum's median; the same neurons at a constant
// rate give only the highest of many noisy values.
func ExampleFindPeak() {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, depth := range []float64{0.5, 0} {
		rate := make([]float64, 2000) // 2 s in 1 ms bins
		for k := range rate {
			p := 0.02 * (1 + depth*math.Sin(2*math.Pi*12*float64(k)/1000)) // 20 Hz on average
			for range 200 {
				if rng.Float64() < p {
					rate[k] += 1000.0 / 200 // one spike of 200 neurons in 1 ms, in Hz per neuron
				}
			}
		}
		freq, power := spikestat.RhythmSpectrum(rate, 1)
		peak := spikestat.FindPeak(freq, power, spikestat.MinRhythm, spikestat.MaxRhythm)
		fmt.Printf("modulation %.1f: significant %v", depth, peak.Significant(spikestat.RhythmSignificance))
		if peak.Significant(spikestat.RhythmSignificance) {
			fmt.Printf(", %g Hz", peak.Freq)
		}
		fmt.Println()
	}
	// Output:
	// modulation 0.5: significant true, 12 Hz
	// modulation 0.0: significant false
}

// Three neurons that fire together every 10 ms, and the same neurons each
// at its own time (0, 3 and 6 ms into every 10 ms), which is less
// synchronous than independent firing (χ near 1/√3 = 0.58): in 2 ms bins,
// χ² = Var(population)/mean Var(neuron) = (2/75)/(4/25) = 1/6.
func ExampleSynchrony() {
	var t []float64
	var neuron []int
	var tIndep []float64
	for s := 0.0; s < 100; s += 10 {
		for i := range 3 {
			t, neuron = append(t, s), append(neuron, i)
			tIndep = append(tIndep, s+3*float64(i))
		}
	}
	chi, err := spikestat.Synchrony(t, neuron, 3, 100, 2)
	if err != nil {
		log.Fatal(err)
	}
	chiIndep, _ := spikestat.Synchrony(tIndep, neuron, 3, 100, 2)
	cv, _ := spikestat.ISICV(t, neuron, 3)
	fmt.Printf("together: χ = %.2f; staggered: χ = %.2f; ISI CV %.0f (clock-like)\n", chi, chiIndep, cv)
	// Output:
	// together: χ = 1.00; staggered: χ = 0.41; ISI CV 0 (clock-like)
}

// Ten seconds of a rate with a 40 Hz rhythm, as ten 1-second periodograms
// averaged (Bartlett's method): a resolution of 1 Hz, and a tenth of the
// spread of one periodogram of the whole.
func ExampleBartlettSpectrum() {
	rng := rand.New(rand.NewPCG(3, 4))
	rate := make([]float64, 10000) // 10 s in 1 ms bins
	for k := range rate {
		rate[k] = 10 + 5*math.Sin(2*math.Pi*40*float64(k)/1000) + 10*rng.NormFloat64()
	}
	freq, power := spikestat.BartlettSpectrum(rate, 1, 1000)
	fmt.Printf("%d frequencies, %g Hz apart; peak at %g Hz\n", len(freq), freq[1], spikestat.DominantFrequency(freq, power, 10, 100))
	// Output:
	// 501 frequencies, 1 Hz apart; peak at 40 Hz
}
