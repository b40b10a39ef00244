package spnet

// Plasticity changes synaptic weights in response to spikes. The network
// calls its hooks at fixed points of each millisecond (see the package
// documentation); [Network.Time] gives the millisecond and
// [Network.LastSpike] each neuron's last spike. Scripts can implement it:
// the interface is small and not generic.
type Plasticity interface {
	// Fired is called for each neuron that fires, in index order, right
	// after its reset and before any spike of the millisecond is
	// delivered.
	Fired(net *Network, neuron int)
	// Arrived is called when a spike arrives through the synapses lo … hi−1
	// (all of one presynaptic neuron and one delay), after their weights
	// have joined their targets' input.
	Arrived(net *Network, lo, hi int)
	// Stepped is called at the end of each millisecond, after the
	// integration and the monitors.
	Stepped(net *Network)
}

// traceRing is the number of milliseconds of presynaptic trace STDP keeps:
// a power of two above the longest delay.
func traceRing(maxDelay int) int {
	r := 1
	for r <= maxDelay {
		r *= 2
	}
	return r
}

// STDP is the spike-timing-dependent plasticity of the polychronization
// network. Each neuron has a potentiation trace (set to Potentiation when
// it fires) and a depression trace (set to Depression), both multiplied by
// Decay every millisecond. When a neuron fires, each excitatory synapse
// onto it gains the presynaptic neuron's potentiation trace at the time
// that neuron's last spike would have left to arrive now (t − delay); when
// a spike arrives through an excitatory synapse, the synapse loses the
// target's depression trace. These changes accumulate in a derivative
// Deriv; at the end of every Period ms each excitatory synapse's derivative
// decays (sd ← DerivDecay·sd) and its weight moves: s ← s + Drift + sd,
// clamped to [0, MaxWeight]. Inhibitory synapses never change.
//
// Exported fields are the rule's parameters (set by [NewSTDP] to the
// published values) and its state.
type STDP struct {
	Potentiation float64 // trace value after a spike for LTP; 0.1
	Depression   float64 // for LTD; 0.12
	Decay        float64 // per-ms factor of both traces; 0.95
	DerivDecay   float64 // factor applied to Deriv every Period; 0.9
	Drift        float64 // added to every excitatory weight every Period; 0.01
	MaxWeight    float64 // upper bound of the weights; the network's
	Period       int     // ms between weight updates; 1000

	// Deriv is the weight derivative sd of each synapse (zero and unused
	// for inhibitory ones).
	Deriv []float64

	ne int // synapses 0 … plastic−1 belong to excitatory neurons
	// plastic is the number of synapses of excitatory neurons.
	plastic int
	// ltp is the potentiation trace, time-major: ltp[(t mod ring)·N + i]
	// is neuron i's trace in millisecond t.
	ltp  []float64
	ring int
	ltd  []float64 // depression trace of each neuron, present value
	// Incoming excitatory synapses of each neuron, by presynaptic neuron
	// and then synapse index (the original's order): in[inStart[i] …
	// inStart[i+1]].
	inStart []int32
	in      []incoming
}

type incoming struct {
	syn   int32
	pre   int32
	delay int32
}

// NewSTDP returns the published STDP rule for net's synapses, with zero
// traces and derivatives.
func NewSTDP(net *Network) *STDP {
	cfg := net.cfg
	N := net.Len()
	p := &STDP{
		Potentiation: 0.1,
		Depression:   0.12,
		Decay:        0.95,
		DerivDecay:   0.9,
		Drift:        0.01,
		MaxWeight:    cfg.MaxWeight,
		Period:       1000,
		Deriv:        make([]float64, net.Syn.Len()),
		ne:           cfg.Excitatory,
		plastic:      net.Syn.Start(cfg.Excitatory),
		ring:         traceRing(cfg.MaxDelay),
		ltd:          make([]float64, N),
	}
	p.ltp = make([]float64, p.ring*N)
	p.index(net)
	return p
}

func (p *STDP) index(net *Network) {
	syn := net.Syn
	N := net.Len()
	count := make([]int32, N+1)
	for j := range p.plastic {
		count[syn.Post[j]+1]++
	}
	for i := range N {
		count[i+1] += count[i]
	}
	p.inStart = count
	p.in = make([]incoming, p.plastic)
	next := append([]int32(nil), count[:N]...)
	for pre := range p.ne {
		for j := syn.Start(pre); j < syn.Start(pre+1); j++ {
			post := syn.Post[j]
			p.in[next[post]] = incoming{syn: int32(j), pre: int32(pre), delay: int32(syn.Delay[j])}
			next[post]++
		}
	}
}

// Fired sets the neuron's traces and potentiates its incoming excitatory
// synapses.
func (p *STDP) Fired(net *Network, neuron int) {
	N := len(p.ltd)
	t := net.t
	p.ltp[int(t%int64(p.ring))*N+neuron] = p.Potentiation
	p.ltd[neuron] = p.Depression
	mask := int64(p.ring - 1)
	for _, in := range p.in[p.inStart[neuron]:p.inStart[neuron+1]] {
		p.Deriv[in.syn] += p.ltp[int((t-int64(in.delay))&mask)*N+int(in.pre)]
	}
}

// Arrived depresses excitatory synapses by their target's depression trace.
func (p *STDP) Arrived(net *Network, lo, hi int) {
	if lo >= p.plastic {
		return
	}
	post := net.Syn.Post
	for j := lo; j < hi; j++ {
		p.Deriv[j] -= p.ltd[post[j]]
	}
}

// Stepped decays the traces and, at the end of every Period, updates the
// excitatory weights.
func (p *STDP) Stepped(net *Network) {
	N := len(p.ltd)
	t := net.t
	now := p.ltp[int(t%int64(p.ring))*N:][:N]
	next := p.ltp[int((t+1)%int64(p.ring))*N:][:N]
	for i, x := range now {
		next[i] = float64(p.Decay * x)
	}
	for i, x := range p.ltd {
		p.ltd[i] = float64(x * p.Decay)
	}
	if (t+1)%int64(p.Period) == 0 {
		p.updateWeights(net.Syn.Weight)
	}
}

func (p *STDP) updateWeights(w []float64) {
	sd := p.Deriv[:p.plastic]
	w = w[:p.plastic]
	for j := range sd {
		sd[j] = float64(sd[j] * p.DerivDecay)
		s := w[j] + (p.Drift + sd[j])
		if s > p.MaxWeight {
			s = p.MaxWeight
		}
		if s < 0 {
			s = 0
		}
		w[j] = s
	}
}

// Potentiation trace of neuron i at millisecond t, one of the last ring
// milliseconds.
func (p *STDP) LTP(i int, t int64) float64 {
	return p.ltp[int(t%int64(p.ring))*len(p.ltd)+i]
}

// LTD returns neuron i's present depression trace.
func (p *STDP) LTD(i int) float64 { return p.ltd[i] }
