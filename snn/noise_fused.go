package snn

import "github.com/gosnn/gosnn/snn/rng"

// Drawing the noise of a large fast-generator network is a phase of its
// own: every core fills a share of the input vector, and the delivery
// phase reads it back. Because FastStreams' normal numbers can be computed
// at any position of their stream (see rng.Draw), the delivery phase
// can instead draw each block's noise itself, just before summing the
// block's synaptic input, while the block's input is in the core's cache:
// the step then has one parallel phase instead of two. The run draws the
// populations' keys from the generator in the order Noise.Stimulate
// would, so the numbers, and the spikes, are those of the separate phase.

// fusedNoise holds one step's noise plan: per population, the standard
// deviation of its noise and the generator's draw for this step (drawn
// only for populations that have noise).
type fusedNoise struct {
	std   []float64
	key   []rng.Draw
	noisy []bool
}

// planNoise draws this step's keys, as the populations' Noise.Stimulate
// calls would, in population order.
func (net *Network) planNoise() *fusedNoise {
	g := net.eng.fast
	f := &net.eng.noisePlan
	f.std, f.key, f.noisy = f.std[:0], f.key[:0], f.noisy[:0]
	for _, p := range net.pops {
		noisy := len(p.stimuli) == 1
		std, key := 0.0, rng.Draw(0)
		if noisy {
			std = p.stimuli[0].(*Noise).Std
			key = g.Draw() // a population has at least one neuron
		}
		f.std, f.key, f.noisy = append(f.std, std), append(f.key, key), append(f.noisy, noisy)
	}
	return f
}

// stimulate sets I[lo:hi] (network indices) to the planned noise.
func (f *fusedNoise) stimulate(net *Network, I []float64, lo, hi int) {
	clear(I[lo:hi])
	for k := range net.pops {
		p := &net.pops[k]
		a, b := max(lo, p.Start), min(hi, p.Start+p.Size)
		if a >= b || !f.noisy[k] {
			continue
		}
		f.key[k].AddNormal(I[a:b], a-p.Start, f.std[k])
	}
}
