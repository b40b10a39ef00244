package snn

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// DelayedSparse are sparse synapses with a conduction delay each: a spike
// reaches a synapse's target a whole number of steps after it fired.
//
// The delay convention follows the schedule of [Network.Step], in which a
// step first delivers spikes and then advances the neurons, which fire at
// its end: a spike fired in step t reaches the input of its targets in
// step t + d for a synapse of d steps. A delay of one step is therefore
// the tutorial's synapse, whose spike acts in the next step; a delay of
// zero cannot exist (the spike would have to act in the integration that
// produced it) and is refused. Delays are given in ms and must be whole
// multiples of the network's step DT (see [DelaySteps]).
//
// Synapses are stored by presynaptic neuron (compressed rows), each row
// sorted by delay, keeping the given order among synapses of one delay;
// [DelayedSparse.Row] gives the index range of a row, and synapse indices
// (for [DelayedSparse.Weights], the plasticity's hooks and the weight
// monitors) are positions in that order. A spike on its way is kept as an
// arrival — its neuron and the synapses of one delay — in a ring of
// MaxDelay steps, so that a weight changed while a spike travels acts when
// it arrives.
//
// Delivery in step t adds, for the arrivals of t, every weight to its
// target's input one by one: the newest spikes first (those of step t−1,
// then t−2, …), spikes of one step from the highest neuron index down,
// each through its synapses in order. This is the order of Izhikevich's
// spnet, which decides the bits of the result. (So a DelayedSparse with
// all delays 1 gives the same spikes as [Sparse] only up to rounding:
// Sparse sums the weights before adding them to the input.)
//
// The spikes on their way are part of the network's state: a
// DelayedSparse belongs to the one network it was built into, and
// [Network.Save] writes its ring.
type DelayedSparse struct {
	n       int
	start   []int32   // synapses of neuron j: start[j] ≤ k < start[j+1]
	post    []int32   // target of each synapse
	w       []float64 // weight of each synapse
	delayMs []float64 // delay of each synapse, in ms, as given
	delay   []uint16  // delay of each synapse in steps (set by bind)
	maxStep int       // longest delay in steps

	ring [][]arrival // ring[(head+k) % len] arrives k steps from now
	head int

	net *Network // the network it belongs to, once built into one
}

// An arrival is a spike of neuron pre on its way through the synapses lo …
// hi−1, which have one delay.
type arrival struct{ pre, lo, hi int32 }

// maxDelaySteps bounds a delay in steps (2¹⁶−1, a uint16).
const maxDelaySteps = math.MaxUint16

// DelaySteps converts a delay in ms to whole steps of dt ms, a network's
// step ([Network.TimeStep]). A delay must be a positive whole multiple of
// the step: at least one step (see [DelayedSparse] for why not zero), at
// most 65535.
func DelaySteps(ms, dt float64) (int, error) { return delaySteps(ms, dt) }

func delaySteps(ms, step float64) (int, error) {
	s, ok := positiveSteps(ms, step)
	if !ok || s > maxDelaySteps {
		return 0, fmt.Errorf("delay %g ms: must be a whole number of steps of %g ms, from 1 to %d steps (a spike fired in step t reaches its target in step t + delay; 0 is not possible)", ms, step, maxDelaySteps)
	}
	return s, nil
}

// positiveSteps converts a duration in ms to steps of step ms, the one
// place where the parts of this file and of plasticity.go, stdp.go and
// monitor.go meet the time step; ok is false unless it is a whole number
// (up to rounding of the division, see wholeSteps) of at least one step.
func positiveSteps(ms, step float64) (n int, ok bool) {
	n, ok = wholeSteps(ms, step)
	return n, ok && n >= 1 && finite(ms)
}

// NewDelayedSparse returns the synapses pre[k] → post[k] of weight w[k]
// and delay delayMs[k] (ms) among n neurons. Rows are sorted by delay,
// synapses of one delay keeping their order in the lists; several synapses
// between one pair are kept. The slices are copied.
func NewDelayedSparse(n int, pre, post []int, w, delayMs []float64) (*DelayedSparse, error) {
	if n <= 0 || n > math.MaxInt32 {
		return nil, fmt.Errorf("delayed synapses: %d neurons: need 1 to %d", n, math.MaxInt32)
	}
	if len(pre) != len(post) || len(pre) != len(w) || len(pre) != len(delayMs) {
		return nil, fmt.Errorf("delayed synapses: %d presynaptic, %d postsynaptic indices, %d weights and %d delays: give one of each per synapse", len(pre), len(post), len(w), len(delayMs))
	}
	if len(pre) > math.MaxInt32 {
		return nil, fmt.Errorf("delayed synapses: %d synapses: at most %d are allowed", len(pre), math.MaxInt32)
	}
	for k := range pre {
		if pre[k] < 0 || pre[k] >= n || post[k] < 0 || post[k] >= n {
			return nil, fmt.Errorf("delayed synapses: synapse %d connects %d → %d: neuron indices must be from 0 to %d", k, pre[k], post[k], n-1)
		}
		if !finite(w[k]) {
			return nil, fmt.Errorf("delayed synapses: synapse %d (%d → %d) has weight %g: weights must be finite numbers", k, pre[k], post[k], w[k])
		}
		if !(delayMs[k] > 0) || !finite(delayMs[k]) {
			return nil, fmt.Errorf("delayed synapses: synapse %d (%d → %d): delay %g ms: must be a finite number of ms > 0 (a spike fired in step t reaches its target in step t + delay; 0 is not possible)", k, pre[k], post[k], delayMs[k])
		}
	}
	order := make([]int, len(pre))
	for k := range order {
		order[k] = k
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := cmp.Compare(pre[a], pre[b]); c != 0 {
			return c
		}
		return cmp.Compare(delayMs[a], delayMs[b])
	})
	d := &DelayedSparse{
		n:       n,
		start:   make([]int32, n+1),
		post:    make([]int32, len(pre)),
		w:       make([]float64, len(pre)),
		delayMs: make([]float64, len(pre)),
	}
	for _, j := range pre {
		d.start[j+1]++
	}
	for j := range n {
		d.start[j+1] += d.start[j]
	}
	for k, o := range order {
		d.post[k], d.w[k], d.delayMs[k] = int32(post[o]), w[o], delayMs[o]
	}
	// The delays become steps when a network binds the synapses (New), at
	// that network's step; until then they count in steps of DefaultDT
	// when they are whole ones.
	_ = d.resolve(DefaultDT)
	return d, nil
}

// resolve converts the delays to steps of step ms and makes the ring.
func (d *DelayedSparse) resolve(step float64) error {
	d.delay = make([]uint16, len(d.delayMs))
	d.maxStep = 1
	for k, ms := range d.delayMs {
		s, err := delaySteps(ms, step)
		if err != nil {
			return fmt.Errorf("delayed synapses: synapse %d: %w", k, err)
		}
		d.delay[k] = uint16(s)
		d.maxStep = max(d.maxStep, s)
	}
	d.ring = make([][]arrival, d.maxStep)
	d.head = 0
	return nil
}

// bind makes d the synapses of net; a DelayedSparse holds spikes on their
// way, so it can belong to one network only.
func (d *DelayedSparse) bind(net *Network) error {
	if d.net == net {
		return nil
	}
	if d.net != nil {
		return fmt.Errorf("delayed synapses: already part of another network (they hold its spikes on their way); build new synapses for each network")
	}
	d.net = net
	return d.resolve(net.stepMs()) // the delays in steps of the network's step
}

// Len returns the number of neurons the synapses connect.
func (d *DelayedSparse) Len() int { return d.n }

// Count returns the number of synapses.
func (d *DelayedSparse) Count() int { return len(d.post) }

// MaxDelay returns the longest delay, in steps.
func (d *DelayedSparse) MaxDelay() int { return d.maxStep }

// Row returns the synapses of presynaptic neuron j as the index range
// [lo, hi), sorted by delay.
func (d *DelayedSparse) Row(j int) (lo, hi int) { return int(d.start[j]), int(d.start[j+1]) }

// Pre returns the presynaptic neuron of synapse k.
func (d *DelayedSparse) Pre(k int) int {
	// The last row starting at or before k that is not empty.
	j, _ := slices.BinarySearch(d.start, int32(k)+1)
	return j - 1
}

// Post returns the postsynaptic neuron of synapse k.
func (d *DelayedSparse) Post(k int) int { return int(d.post[k]) }

// Delay returns the delay of synapse k, in steps.
func (d *DelayedSparse) Delay(k int) int { return int(d.delay[k]) }

// Weights returns the weights of all synapses, indexed like Row's ranges.
// The slice is the synapses' own: a plasticity rule changes weights by
// writing to it, and a change acts on the next spike that arrives.
func (d *DelayedSparse) Weights() []float64 { return d.w }

// Deliver records the spikes of the previous step (fired) and adds to I
// the weights of the synapses whose spikes arrive now, in the order the
// type's documentation gives; a network with [Plasticity] sees each
// arrival (Plasticity.PreSpike) after its weights were added. It returns
// the number of synaptic events (synapses whose spike arrived).
func (d *DelayedSparse) Deliver(fired []int, I []float64) int {
	L := len(d.ring)
	for _, j := range fired {
		lo, end := d.start[j], d.start[j+1]
		for lo < end {
			dl := d.delay[lo]
			hi := lo + 1
			for hi < end && d.delay[hi] == dl {
				hi++
			}
			s := (d.head + int(dl) - 1) % L
			d.ring[s] = append(d.ring[s], arrival{int32(j), lo, hi})
			lo = hi
		}
	}
	var rule Plasticity
	if d.net != nil {
		rule = d.net.rule
	}
	now := d.ring[d.head]
	events := 0
	post, w := d.post, d.w
	for k := len(now) - 1; k >= 0; k-- {
		a := now[k]
		for s := a.lo; s < a.hi; s++ {
			I[post[s]] += w[s]
		}
		events += int(a.hi - a.lo)
		if rule != nil {
			rule.PreSpike(d.net, int(a.pre), int(a.lo), int(a.hi))
		}
	}
	d.ring[d.head] = now[:0]
	d.head = (d.head + 1) % L
	return events
}

// Pending returns the number of spike arrivals on their way (one per
// spike and delay of its synapses).
func (d *DelayedSparse) Pending() int {
	n := 0
	for _, r := range d.ring {
		n += len(r)
	}
	return n
}

// Bytes returns the memory the synapses take: per synapse a 4-byte
// target, an 8-byte weight, an 8-byte delay in ms and a 2-byte delay in
// steps, the row starts, and the spikes on their way (12 bytes each).
func (d *DelayedSparse) Bytes() int64 {
	b := 4*int64(len(d.start)) + 22*int64(len(d.post))
	for _, r := range d.ring {
		b += 12 * int64(cap(r))
	}
	return b
}

// WithDelays returns delayed synapses with the synapses and weights of s
// and the delay delayMs(pre, post) (ms) for each, so that random
// connectivity ([NewRandomSparse]) can have delays. Within a row the
// synapses keep s's order (by postsynaptic neuron) among those of one
// delay.
func (s *Sparse) WithDelays(delayMs func(pre, post int) float64) (*DelayedSparse, error) {
	var pre, post []int
	var w, d []float64
	for j := range s.n {
		targets, weights := s.Row(j)
		for k, i := range targets {
			pre, post, w, d = append(pre, j), append(post, i), append(w, weights[k]), append(d, delayMs(j, i))
		}
	}
	return NewDelayedSparse(s.n, pre, post, w, d)
}
