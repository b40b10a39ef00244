package snn

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// STDP is the spike-timing-dependent plasticity of Izhikevich's
// polychronization network (spnet, 2006), as his published program
// computes it. Each neuron has a potentiation trace (LTP, set to
// Potentiation when it fires) and a depression trace (LTD, set to
// Depression), both multiplied by Decay at the end of every step. When a
// neuron fires, each plastic synapse onto it gains its presynaptic
// neuron's LTP as it was delay steps earlier; when a spike arrives through
// a plastic synapse, the synapse loses its target's LTD. These changes
// accumulate in a derivative (Deriv); at the end of every Period each
// plastic synapse's derivative decays, sd ← DerivDecay·sd, and its weight
// moves, w ← w + (Drift + sd), clamped to [0, MaxWeight].
//
// Plastic are the synapses from neurons of populations that are not
// Inhibitory; the others never change. In the schedule of [Network.Step],
// a neuron that fired in step t sets its traces in step t+1 (when its
// spike is first delivered), and a spike that reaches its target in the
// step in which the target fires is potentiated by the full Potentiation.
//
// STDP needs [DelayedSparse] synapses. Make one with [NewSTDP] for each
// network; it is attached when the network is built.
type STDP struct {
	// Deriv is the weight derivative of each synapse (zero and unused for
	// those that are not plastic), indexed like the synapses' weights.
	Deriv []float64

	par    STDPParams
	period int // steps between weight updates

	syn     *DelayedSparse
	plastic []bool    // per neuron: its outgoing synapses are plastic
	L       int       // length of the LTP history: MaxDelay+1 steps
	ltp     []float64 // ltp[(t%L)*n + i]: neuron i's LTP in step t, for the last L steps
	ltd     []float64 // each neuron's LTD in the present step
	// Incoming plastic synapses of each neuron: in[inStart[i] … inStart[i+1]].
	inStart []int32
	in      []incoming
}

type incoming struct{ syn, pre, delay int32 }

// STDPParams are the parameters of [STDP]. The zero value of a field means
// the published value (at steps of 1 ms).
type STDPParams struct {
	Potentiation float64 // LTP trace right after a spike; 0.1
	Depression   float64 // LTD trace right after a spike; 0.12
	Decay        float64 // factor of both traces per step; 0.95
	DerivDecay   float64 // factor of the derivative every Period; 0.9
	Drift        float64 // added to every plastic weight every Period; 0.01
	MaxWeight    float64 // upper bound of the plastic weights; 10
	Period       float64 // ms between weight updates; 1000
}

func (p STDPParams) withDefaults() STDPParams {
	def := func(x *float64, d float64) {
		if *x == 0 {
			*x = d
		}
	}
	def(&p.Potentiation, 0.1)
	def(&p.Depression, 0.12)
	def(&p.Decay, 0.95)
	def(&p.DerivDecay, 0.9)
	def(&p.Drift, 0.01)
	def(&p.MaxWeight, 10)
	def(&p.Period, 1000)
	return p
}

// NewSTDP returns the STDP rule with parameters p (zero fields: the
// published values). It reports parameters that are not finite, a decay
// outside (0, 1], a maximal weight that is not positive, and a period that
// is not a whole number of steps.
func NewSTDP(p STDPParams) (*STDP, error) {
	p = p.withDefaults()
	for _, x := range []float64{p.Potentiation, p.Depression, p.Decay, p.DerivDecay, p.Drift, p.MaxWeight, p.Period} {
		if !finite(x) {
			return nil, fmt.Errorf("STDP parameters %+v: every parameter must be a finite number", p)
		}
	}
	switch {
	case !(p.Decay > 0 && p.Decay <= 1):
		return nil, fmt.Errorf("STDP trace decay %g: must be a factor above 0 and at most 1", p.Decay)
	case !(p.MaxWeight > 0):
		return nil, fmt.Errorf("STDP maximal weight %g: must be positive", p.MaxWeight)
	}
	if !(p.Period > 0) || !finite(p.Period) {
		return nil, fmt.Errorf("STDP period %g ms: must be a positive number of ms (a whole number of the network's steps)", p.Period)
	}
	return &STDP{par: p}, nil
}

// Params returns the rule's parameters, defaults filled in.
func (p *STDP) Params() STDPParams { return p.par }

// Attach prepares the rule for net, which must have [DelayedSparse]
// synapses; the traces and derivatives start at zero.
func (p *STDP) Attach(net *Network) error {
	syn := net.DelayedSynapses()
	if syn == nil {
		return fmt.Errorf("STDP needs synapses with delays (snn.DelayedSparse, e.g. all delays 1 ms), not %T", net.syn)
	}
	if p.syn != nil && p.syn != syn {
		return errors.New("this STDP rule is already attached to another network: make one with snn.NewSTDP for each")
	}
	if net.stepMs() != DefaultDT {
		return fmt.Errorf("STDP: the network's step is %g ms: this rule's traces decay by a factor per step and its window is counted in steps, as in Izhikevich's per-millisecond code, so it needs a step of %g ms (write a Plasticity of your own for other steps)", net.stepMs(), DefaultDT)
	}
	period, ok := net.stepsIn(p.par.Period)
	if !ok {
		return fmt.Errorf("STDP period %g ms: must be a positive whole number of steps of %g ms", p.par.Period, net.stepMs())
	}
	n := net.Len()
	p.syn, p.period = syn, period
	p.Deriv = make([]float64, syn.Count())
	p.plastic = make([]bool, n)
	for _, pop := range net.pops {
		for i := range pop.Size {
			p.plastic[pop.Start+i] = !pop.Inhibitory
		}
	}
	p.L = syn.MaxDelay() + 1
	p.ltp = make([]float64, n*p.L)
	p.ltd = make([]float64, n)
	count := make([]int32, n+1)
	for j := range n {
		if !p.plastic[j] {
			continue
		}
		lo, hi := syn.Row(j)
		for k := lo; k < hi; k++ {
			count[syn.post[k]+1]++
		}
	}
	for i := range n {
		count[i+1] += count[i]
	}
	p.inStart = count
	p.in = make([]incoming, count[n])
	next := append([]int32(nil), count[:n]...)
	for j := range n {
		if !p.plastic[j] {
			continue
		}
		lo, hi := syn.Row(j)
		for k := lo; k < hi; k++ {
			post := syn.post[k]
			p.in[next[post]] = incoming{syn: int32(k), pre: int32(j), delay: int32(syn.delay[k])}
			next[post]++
		}
	}
	return nil
}

// Traces returns neuron i's potentiation and depression traces in the
// present step.
func (p *STDP) Traces(net *Network, i int) (ltp, ltd float64) {
	return p.ltp[(net.t%p.L)*len(p.ltd)+i], p.ltd[i]
}

// PostSpike sets the neuron's traces and potentiates its plastic incoming
// synapses by their presynaptic neuron's LTP of delay steps ago.
func (p *STDP) PostSpike(net *Network, neuron int) {
	t, L, n := net.t, p.L, len(p.ltd)
	now := t % L
	p.ltp[now*n+neuron] = p.par.Potentiation
	p.ltd[neuron] = p.par.Depression
	for _, in := range p.in[p.inStart[neuron]:p.inStart[neuron+1]] {
		var ltp float64 // before step 0 every trace is 0
		if d := int(in.delay); t >= d {
			slot := now - d // the slot of step t − d (d < L)
			if slot < 0 {
				slot += L
			}
			ltp = p.ltp[slot*n+int(in.pre)]
		}
		p.Deriv[in.syn] += ltp
	}
}

// PreSpike depresses plastic synapses by their target's LTD.
func (p *STDP) PreSpike(net *Network, pre, lo, hi int) {
	if !p.plastic[pre] {
		return
	}
	post := p.syn.post
	for k := lo; k < hi; k++ {
		p.Deriv[k] -= p.ltd[post[k]]
	}
}

// Stepped decays the traces and, at the end of every Period, updates the
// plastic weights.
func (p *STDP) Stepped(net *Network) {
	t, L, n := net.t, p.L, len(p.ltd)
	now := p.ltp[(t%L)*n : (t%L+1)*n]
	next := p.ltp[((t+1)%L)*n : ((t+1)%L+1)*n]
	next = next[:len(now)]
	decay := p.par.Decay
	for i, x := range now {
		next[i] = float64(decay * x)
	}
	for i, x := range p.ltd {
		p.ltd[i] = float64(x * decay)
	}
	if (t+1)%p.period == 0 {
		p.updateWeights()
	}
}

func (p *STDP) updateWeights() {
	w := p.syn.w
	for j, plastic := range p.plastic {
		if !plastic {
			continue
		}
		lo, hi := p.syn.Row(j)
		for k := lo; k < hi; k++ {
			sd := float64(p.Deriv[k] * p.par.DerivDecay)
			p.Deriv[k] = sd
			s := w[k] + (p.par.Drift + sd)
			if s > p.par.MaxWeight {
				s = p.par.MaxWeight
			}
			if s < 0 {
				s = 0
			}
			w[k] = s
		}
	}
}

// stdpStateVersion is the version of STDP's MarshalBinary layout.
const stdpStateVersion = 1

// MarshalBinary returns the rule's state for a checkpoint: a version byte
// (1), the seven parameters (float64), the number of neurons n, of
// synapses S and the history length L (uint32 each), then Deriv (S
// float64), the LTP histories (L·n float64: for the steps whose t mod L is
// 0, 1, …, every neuron's) and the LTD traces (n float64), little-endian.
func (p *STDP) MarshalBinary() ([]byte, error) {
	if p.syn == nil {
		return nil, errors.New("STDP rule not attached to a network")
	}
	b := []byte{stdpStateVersion}
	par := p.par
	for _, x := range []float64{par.Potentiation, par.Depression, par.Decay, par.DerivDecay, par.Drift, par.MaxWeight, par.Period} {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	}
	for _, x := range []int{len(p.ltd), len(p.Deriv), p.L} {
		b = binary.LittleEndian.AppendUint32(b, uint32(x))
	}
	for _, xs := range [][]float64{p.Deriv, p.ltp, p.ltd} {
		for _, x := range xs {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
		}
	}
	return b, nil
}

// UnmarshalBinary restores a state written by MarshalBinary into a rule
// attached to a network of the same size, with the same parameters.
func (p *STDP) UnmarshalBinary(b []byte) error {
	if p.syn == nil {
		return errors.New("STDP rule not attached to a network: build the network first, then load its checkpoint")
	}
	if len(b) < 1+7*8+3*4 || b[0] != stdpStateVersion {
		return fmt.Errorf("STDP state: not a version %d state of %d bytes or more", stdpStateVersion, 1+7*8+3*4)
	}
	f := func(k int) float64 { return math.Float64frombits(binary.LittleEndian.Uint64(b[1+8*k:])) }
	saved := STDPParams{f(0), f(1), f(2), f(3), f(4), f(5), f(6)}
	if saved != p.par {
		return fmt.Errorf("STDP state: saved with parameters %+v, but this rule has %+v", saved, p.par)
	}
	off := 1 + 7*8
	n := int(binary.LittleEndian.Uint32(b[off:]))
	S := int(binary.LittleEndian.Uint32(b[off+4:]))
	L := int(binary.LittleEndian.Uint32(b[off+8:]))
	off += 12
	if n != len(p.ltd) || S != len(p.Deriv) || L != p.L {
		return fmt.Errorf("STDP state: saved for %d neurons, %d synapses and %d steps of history; this network has %d, %d and %d", n, S, L, len(p.ltd), len(p.Deriv), p.L)
	}
	if len(b) != off+8*(S+n*L+n) {
		return fmt.Errorf("STDP state: %d bytes, want %d", len(b), off+8*(S+n*L+n))
	}
	for _, xs := range [][]float64{p.Deriv, p.ltp, p.ltd} {
		for k := range xs {
			xs[k] = math.Float64frombits(binary.LittleEndian.Uint64(b[off:]))
			off += 8
		}
	}
	return nil
}
