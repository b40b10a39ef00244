package spnet

import (
	"fmt"

	"github.com/gosnn/gosnn/snn/internal/kernel"
)

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

// decayTable returns the trace after k milliseconds, table[k], for a trace
// set to start and multiplied by decay once a millisecond — the products
// the original computes one step at a time, so table[k] equals its value
// bit for bit. The table ends where the product stops changing: at zero,
// or (for factors above one half) at a few of the smallest subnormal
// numbers, where rounding keeps the trace for ever. [trace] returns that
// last value beyond the end, as the original's repeated products would.
func decayTable(start, decay float64) []float64 {
	table := []float64{start}
	for len(table) < maxDecayTable {
		x := table[len(table)-1]
		next := float64(decay * x)
		if next == x {
			break
		}
		table = append(table, next)
	}
	return table
}

// maxDecayTable bounds a decay table; NewSTDPWith limits the decay factor
// so that tables end well before (about 14,600 entries for 0.95).
const maxDecayTable = 1 << 21

// maxTraceDecay is the largest per-ms trace factor NewSTDPWith accepts, so
// that a trace table stays below maxDecayTable entries.
const maxTraceDecay = 0.999

// STDP is the spike-timing-dependent plasticity of the polychronization
// network. Each neuron has a potentiation trace (set to Potentiation when
// it fires) and a depression trace (set to Depression), both multiplied by
// Decay every millisecond. When a neuron fires, each excitatory synapse
// onto it gains its presynaptic neuron's potentiation trace as it was
// delay ms ago (when a spike would have left to arrive now); when a spike
// arrives through an excitatory synapse, the synapse loses its target's
// depression trace. These changes accumulate in a derivative Deriv; at the
// end of every Period ms each excitatory synapse's derivative decays
// (sd ← DerivDecay·sd) and its weight moves, s ← s + (Drift + sd), clamped
// to [0, MaxWeight]. Inhibitory synapses never change.
//
// The traces are not stored but computed from spike times: a trace k ms
// after its neuron's last spike is start·Decay·Decay… (k products), read
// from a table of those products, which is the original's value bit for
// bit without touching every neuron every millisecond.
//
// The parameters are fixed when the rule is made ([NewSTDP] uses the
// published values); Deriv is its state.
type STDP struct {
	// Deriv is the weight derivative sd of each synapse (zero and unused
	// for inhibitory ones).
	Deriv []float64

	potentiation, depression, decay float64
	derivDecay, drift, maxWeight    float64
	period                          int64

	ltpTable, ltdTable []float64

	// plastic is the number of synapses of excitatory neurons; they come
	// first.
	plastic int
	// Spike history: the last hist spike times of each neuron, newest at
	// spikes[i*hist+newest[i]]; NoSpike where there are fewer.
	hist   int
	spikes []int64
	newest []uint8
	// ltd is each neuron's depression trace in the present millisecond,
	// decayed once a millisecond as the original does (so ltd[i] equals
	// LTD(net, i) bit for bit); the delivery reads it for every arriving
	// excitatory spike. It is derived state, rebuilt from the spike times
	// when a rule is made, and not saved.
	ltd []float64
	// last is each neuron's last spike, the network's LastSpike as this
	// rule has seen it (copied when the rule is made, then kept by fired).
	last []int64
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

// STDPParams are the parameters of [STDP]. The zero value of a field means
// the published value.
type STDPParams struct {
	Potentiation float64 // trace value right after a spike, for LTP; 0.1
	Depression   float64 // for LTD; 0.12
	Decay        float64 // per-ms factor of both traces; 0.95
	DerivDecay   float64 // factor applied to Deriv every Period; 0.9
	Drift        float64 // added to every excitatory weight every Period; 0.01
	MaxWeight    float64 // upper bound of the weights; the network's MaxWeight
	Period       int     // ms between weight updates; 1000
}

// NewSTDP returns the published STDP rule for net's synapses, with zero
// traces and derivatives.
func NewSTDP(net *Network) *STDP {
	p, err := NewSTDPWith(net, STDPParams{})
	if err != nil {
		panic(err) // the published values are valid
	}
	return p
}

// NewSTDPWith returns an STDP rule with the given parameters.
func NewSTDPWith(net *Network, par STDPParams) (*STDP, error) {
	def := func(x *float64, d float64) {
		if *x == 0 {
			*x = d
		}
	}
	def(&par.Potentiation, 0.1)
	def(&par.Depression, 0.12)
	def(&par.Decay, 0.95)
	def(&par.DerivDecay, 0.9)
	def(&par.Drift, 0.01)
	def(&par.MaxWeight, net.cfg.MaxWeight)
	if par.Period == 0 {
		par.Period = 1000
	}
	switch {
	case !(par.Decay > 0 && par.Decay <= maxTraceDecay):
		return nil, fmt.Errorf("spnet: STDP trace decay %v: need a factor above 0 and at most %v", par.Decay, maxTraceDecay)
	case !(par.MaxWeight > 0):
		return nil, fmt.Errorf("spnet: STDP maximal weight %v: need a positive number", par.MaxWeight)
	case par.Period < 1:
		return nil, fmt.Errorf("spnet: STDP period %d ms: need at least 1 ms", par.Period)
	}
	N := net.Len()
	hist := 1
	for hist <= net.cfg.MaxDelay { // room for every spike of the last MaxDelay+1 ms
		hist *= 2
	}
	p := &STDP{
		Deriv:        make([]float64, net.Syn.Len()),
		potentiation: par.Potentiation,
		depression:   par.Depression,
		decay:        par.Decay,
		derivDecay:   par.DerivDecay,
		drift:        par.Drift,
		maxWeight:    par.MaxWeight,
		period:       int64(par.Period),
		ltpTable:     decayTable(par.Potentiation, par.Decay),
		ltdTable:     decayTable(par.Depression, par.Decay),
		plastic:      net.Syn.Start(net.cfg.Excitatory),
		hist:         hist,
		spikes:       make([]int64, N*hist),
		newest:       make([]uint8, N),
	}
	for i := range p.spikes {
		p.spikes[i] = NoSpike
	}
	p.last = append([]int64(nil), net.lastSpike...)
	p.ltd = make([]float64, N)
	for i := range p.ltd {
		p.ltd[i] = p.LTD(net, i)
	}
	p.index(net)
	return p, nil
}

// Params returns the rule's parameters.
func (p *STDP) Params() STDPParams {
	return STDPParams{p.potentiation, p.depression, p.decay, p.derivDecay, p.drift, p.maxWeight, int(p.period)}
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
	for pre := range net.cfg.Excitatory {
		for j := syn.Start(pre); j < syn.Start(pre+1); j++ {
			post := syn.Post[j]
			p.in[next[post]] = incoming{syn: int32(j), pre: int32(pre), delay: int32(syn.Delay[j])}
			next[post]++
		}
	}
}

// trace returns table[k]; beyond the table's end the trace no longer
// changes.
func trace(table []float64, k int64) float64 {
	if k < int64(len(table)) {
		return table[k]
	}
	return table[len(table)-1]
}

// LTP returns neuron i's potentiation trace in millisecond t, which must be
// no older than the network's MaxDelay.
func (p *STDP) LTP(i int, t int64) float64 {
	h := p.spikes[i*p.hist : (i+1)*p.hist]
	k := int(p.newest[i])
	for range p.hist {
		s := h[k]
		if s == NoSpike {
			return 0
		}
		if s <= t {
			return trace(p.ltpTable, t-s)
		}
		k = (k - 1) & (p.hist - 1)
	}
	return 0
}

// LTD returns neuron i's depression trace in the present millisecond.
func (p *STDP) LTD(net *Network, i int) float64 {
	s := net.lastSpike[i]
	if s == NoSpike {
		return 0
	}
	return trace(p.ltdTable, net.t-s)
}

// Fired records the spike and potentiates the neuron's incoming excitatory
// synapses.
func (p *STDP) Fired(net *Network, neuron int) { p.fired(neuron, net.t) }

// fired is Fired at millisecond t. It reads spike times from the rule's
// own copy of the last spikes, so that a run can do it on another
// goroutine, behind the network (see pipeline.go).
func (p *STDP) fired(neuron int, t int64) {
	k := (p.newest[neuron] + 1) & uint8(p.hist-1)
	p.newest[neuron] = k
	p.spikes[neuron*p.hist+int(k)] = t
	p.ltd[neuron] = p.depression
	last := p.last
	last[neuron] = t
	deriv := p.Deriv
	for _, in := range p.in[p.inStart[neuron]:p.inStart[neuron+1]] {
		tau := t - int64(in.delay) // when a spike arriving now would have left
		var ltp float64
		if s := last[in.pre]; s <= tau {
			if s != NoSpike {
				ltp = trace(p.ltpTable, tau-s)
			}
		} else {
			ltp = p.LTP(int(in.pre), tau) // the presynaptic neuron fired since
		}
		deriv[in.syn] += ltp
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

// Stepped decays the depression traces and updates the excitatory weights
// at the end of every period.
func (p *STDP) Stepped(net *Network) {
	p.decayTraces()
	if p.periodEnds(net.t) {
		p.updateWeights(net.Syn.Weight)
	}
}

// periodEnds reports whether millisecond t is the last of a period.
func (p *STDP) periodEnds(t int64) bool { return (t+1)%p.period == 0 }

// decayTraces multiplies the depression traces by the decay factor, as
// the original does at the end of every millisecond.
func (p *STDP) decayTraces() {
	ltd := p.ltd
	for i := kernel.Scale(ltd, p.decay); i < len(ltd); i++ {
		ltd[i] = float64(p.decay * ltd[i])
	}
}

func (p *STDP) updateWeights(w []float64) {
	sd := p.Deriv[:p.plastic]
	w = w[:p.plastic]
	// The kernel does the same for four synapses at a time.
	done := kernel.SpnetWeights(w, sd, p.derivDecay, p.drift, p.maxWeight)
	sd, w = sd[done:], w[done:]
	for j := range sd {
		sd[j] = float64(sd[j] * p.derivDecay)
		s := w[j] + (p.drift + sd[j])
		if s > p.maxWeight {
			s = p.maxWeight
		}
		if s < 0 {
			s = 0
		}
		w[j] = s
	}
}
