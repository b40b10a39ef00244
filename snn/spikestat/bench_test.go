package spikestat

import (
	"math/rand/v2"
	"testing"
)

func benchmarkSpectrum(b *testing.B, n int) {
	x := make([]float64, n)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range x {
		x[i] = rng.Float64()
	}
	for b.Loop() {
		Spectrum(x, 1)
	}
}

func BenchmarkSpectrum1s(b *testing.B)   { benchmarkSpectrum(b, 1000) }
func BenchmarkSpectrum100s(b *testing.B) { benchmarkSpectrum(b, 100000) }

// spikes returns the times and neurons of n neurons firing at rate Hz
// over ms milliseconds, in time order.
func spikes(n int, rate float64, ms int) (t []float64, neuron []int) {
	rng := rand.New(rand.NewPCG(3, 4))
	for k := range ms {
		for i := range n {
			if rng.Float64() < rate/1000 {
				t, neuron = append(t, float64(k)), append(neuron, i)
			}
		}
	}
	return t, neuron
}

// The tutorial network's size and rate over 1 s.
func BenchmarkPopulationRate(b *testing.B) {
	t, _ := spikes(1000, 8, 1000)
	for b.Loop() {
		PopulationRate(t, 1000, 1000, 1)
	}
}

func BenchmarkISICV(b *testing.B) {
	t, neuron := spikes(1000, 8, 1000)
	for b.Loop() {
		ISICV(t, neuron, 1000)
	}
}

func BenchmarkSynchrony(b *testing.B) {
	t, neuron := spikes(1000, 8, 1000)
	for b.Loop() {
		Synchrony(t, neuron, 1000, 1000, 1)
	}
}
