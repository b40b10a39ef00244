package spnet

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/rng"
)

// SNNConfig returns the polychronization network of cfg as an ordinary
// [snn.Config]: two populations of [Neurons] ("excitatory", then the
// "inhibitory" one), [snn.DelayedSparse] synapses with the published
// delays, the built-in [snn.STDP] rule, the [snn.Thalamic] input of 20 and
// the generator [rng.Rand01] — the parts of package snn, which a user can
// mix with the tutorial's or change before snn.New.
//
// It draws the network itself, from rng.Rand01 after srand(cfg.Seed), in
// the original's order (targets, then v), and snn.New of the result gives
// the network of [New] in snn's schedule: the same spikes and weights, bit
// for bit. snn's clock counts steps from the first integration, so a spike
// that [Network] records at millisecond t is snn's spike of step t−1 (its
// v crossed 30 mV in that step; see [snn.Network.Step]).
func SNNConfig(cfg Config) (snn.Config, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return snn.Config{}, err
	}
	g := rng.NewRand01(cfg.Seed)
	ne, N, m, D := cfg.Excitatory, cfg.Excitatory+cfg.Inhibitory, cfg.Synapses, cfg.MaxDelay
	index := func(size int) int { return int(math.Floor(float64(float64(size) * g.Float64()))) }

	// Targets: redrawn while the neuron itself or already a target;
	// inhibitory neurons reach excitatory neurons only.
	pre := make([]int, 0, N*m)
	post := make([]int, 0, N*m)
	w := make([]float64, 0, N*m)
	delay := make([]float64, 0, N*m)
	taken := make([]bool, N)
	row := make([]int, m)
	for i := range N {
		pool := N
		if i >= ne {
			pool = ne
		}
		for j := range row {
			r := index(pool)
			for r == i || taken[r] {
				r = index(pool)
			}
			taken[r] = true
			row[j] = r
		}
		for j, r := range row {
			taken[r] = false
			pre, post = append(pre, i), append(post, r)
			if i < ne {
				w = append(w, 6)
				delay = append(delay, float64(j/(m/D)+1)) // blocks of m/D synapses per delay
			} else {
				w = append(w, -5)
				delay = append(delay, 1)
			}
		}
	}
	syn, err := snn.NewDelayedSparse(N, pre, post, w, delay)
	if err != nil {
		return snn.Config{}, fmt.Errorf("spnet: %w", err)
	}
	exc, inh := NewNeurons(ne, 0.02, 8), NewNeurons(N-ne, 0.1, 2)
	for i := range N {
		z, k := exc, i
		if i >= ne {
			z, k = inh, i-ne
		}
		z.V[k] = resetV + float64(10*g.Float64())
	}
	for _, z := range []*Neurons{exc, inh} {
		for k, v := range z.V {
			z.U[k] = float64(recoveryB * v)
		}
	}
	rule, err := snn.NewSTDP(snn.STDPParams{MaxWeight: cfg.MaxWeight})
	if err != nil {
		return snn.Config{}, fmt.Errorf("spnet: %w", err)
	}
	pops := []snn.PopulationConfig{{Name: "excitatory", Size: ne, Model: exc}}
	if N > ne {
		pops = append(pops, snn.PopulationConfig{Name: "inhibitory", Size: N - ne, Model: inh, Inhibitory: true})
	}
	return snn.Config{
		Populations: pops,
		Generator:   g,
		Synapses:    syn,
		Stimuli:     []snn.Stimulus{&snn.Thalamic{Amplitude: 20}},
		Plasticity:  rule,
	}, nil
}

// Neurons are the polychronization network's Izhikevich neurons as an
// [snn.Model]: b 0.2, c −65 and each neuron's own a and d, integrated in
// the published program's order of operations (v ← v + 0.5((0.04v + 5)v
// + 140 − u + I) twice, then u ← u + a(0.2v − u)), which differs in its
// rounding from the tutorial's [snn.Izhikevich]. A neuron whose v reaches
// 30 mV fires at the end of the step: v ← −65, u ← u + d.
type Neurons struct {
	A, D []float64 // parameters a and d
	V, U []float64 // membrane potential (mV) and recovery variable
}

// NewNeurons returns n neurons with parameters a and d, at v = −65 mV,
// u = 0.2v.
func NewNeurons(n int, a, d float64) *Neurons {
	z := &Neurons{A: make([]float64, n), D: make([]float64, n), V: make([]float64, n), U: make([]float64, n)}
	for i := range n {
		z.A[i], z.D[i] = a, d
		z.V[i] = resetV
		z.U[i] = float64(recoveryB * resetV)
	}
	return z
}

// Len returns the number of neurons.
func (z *Neurons) Len() int { return len(z.V) }

// State returns v and u.
func (z *Neurons) State() (v, u []float64) { return z.V, z.U }

// Step advances every neuron by one step under input I and appends those
// that fired.
func (z *Neurons) Step(I []float64, fired []int) []int {
	V, U, A, D := z.V, z.U, z.A[:len(z.V)], z.D[:len(z.V)]
	U, I = U[:len(V)], I[:len(V)]
	for i, v := range V {
		u, in := U[i], I[i]
		// Every product rounded on its own, as the published C++ (no
		// fused multiply-add).
		v += float64(0.5 * (float64((float64(0.04*v)+5)*v) + 140 - u + in))
		v += float64(0.5 * (float64((float64(0.04*v)+5)*v) + 140 - u + in))
		u += float64(A[i] * (float64(recoveryB*v) - u))
		if v >= threshold {
			v = resetV
			u += D[i]
			fired = append(fired, i)
		}
		V[i], U[i] = v, u
	}
	return fired
}

// MarshalBinary returns the neurons' parameters and state for a checkpoint:
// the number of neurons n (uint32), then A, D, V and U (n float64 each),
// little-endian.
func (z *Neurons) MarshalBinary() ([]byte, error) {
	b := binary.LittleEndian.AppendUint32(nil, uint32(len(z.V)))
	for _, xs := range [][]float64{z.A, z.D, z.V, z.U} {
		for _, x := range xs {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
		}
	}
	return b, nil
}

// UnmarshalBinary restores what MarshalBinary wrote, for as many neurons.
func (z *Neurons) UnmarshalBinary(b []byte) error {
	n := len(z.V)
	if len(b) < 4 || int(binary.LittleEndian.Uint32(b)) != n || len(b) != 4+32*n {
		return errors.New("spnet neurons: the state is not one of " + fmt.Sprint(n) + " neurons")
	}
	off := 4
	for _, xs := range [][]float64{z.A, z.D, z.V, z.U} {
		for i := range xs {
			xs[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[off:]))
			off += 8
		}
	}
	return nil
}
