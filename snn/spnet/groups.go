package spnet

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// A Group is a polychronous group: neurons that fire in a reproducible,
// precisely timed pattern because their spikes arrive together through
// strong synapses with matching delays.
type Group struct {
	// Mother is the neuron whose strong inputs anchor the search that found
	// the group.
	Mother int
	// Neurons and Times are the group's spikes in firing order: neuron
	// Neurons[k] fires Times[k] ms after the search starts. The first
	// Anchors are the anchor neurons, fired so that their spikes reach the
	// mother together.
	Neurons []int32
	Times   []int32
	// Links are the spikes that caused group spikes.
	Links []Link
	// Layers is the longest chain of links from an anchor (the group's
	// path length).
	Layers int
}

// A Link is a spike of Pre arriving at Post at time Arrival, after Delay
// ms, that led to a spike of Post; Layer is Post's depth in the group.
type Link struct {
	Pre, Post, Delay, Layer int32
	Arrival                 int32
}

// Size returns the number of spikes in the group.
func (g *Group) Size() int { return len(g.Neurons) }

// Span returns the time from the first to the last spike of the group, in
// ms.
func (g *Group) Span() int { return int(slices.Max(g.Times) - slices.Min(g.Times)) }

// GroupSearch is the activity-triggered search for polychronous groups of
// the paper's published program (its default, "new" definition). For each
// excitatory mother neuron, every combination of Anchors of its
// presynaptic excitatory neurons whose synapses onto it are stronger than
// Strong is fired, timed so that the spikes arrive at the mother together;
// a fresh copy of the network (all v = −70, no plasticity, only synapses
// stronger than Strong, but every synapse of an inhibitory neuron) is then
// simulated and every neuron that fires joins the group. Spikes whose
// arrival preceded a group spike by less than MaxLatency ms become links;
// a group is kept if its longest chain has at least MinLayers links and
// no anchor has exactly one link to an excitatory neuron.
//
// The zero value of a field means the published value.
type GroupSearch struct {
	Anchors    int     // neurons fired to start a group; 3
	MinLayers  int     // shortest chain of a kept group; 7
	Strong     float64 // weight a synapse needs to take part; 0.95·MaxWeight
	MaxLatency int     // ms from a spike's arrival to the spike it caused; MaxDelay
	MaxSpikes  int     // stops a search at this many spikes, and bounds its time; N
	// Workers is the number of mothers searched at once; 0 means
	// GOMAXPROCS. The groups come out in the same order for any number.
	Workers int
}

func (s GroupSearch) withDefaults(net *Network) GroupSearch {
	if s.Anchors == 0 {
		s.Anchors = 3
	}
	if s.MinLayers == 0 {
		s.MinLayers = 7
	}
	if s.Strong == 0 {
		s.Strong = float64(0.95 * net.cfg.MaxWeight)
	}
	if s.MaxLatency == 0 {
		s.MaxLatency = net.cfg.MaxDelay
	}
	if s.MaxSpikes == 0 {
		s.MaxSpikes = net.Len()
	}
	return s
}

// Find searches the groups anchored at the given mother neurons (all
// excitatory neurons if mothers is nil), in the order given, and returns
// them in the order found. The network is not changed.
func (s GroupSearch) Find(net *Network, mothers []int) ([]Group, error) {
	s = s.withDefaults(net)
	D := net.cfg.MaxDelay
	switch {
	case s.Anchors < 1:
		return nil, fmt.Errorf("spnet: group search with %d anchors: need at least 1", s.Anchors)
	case s.MaxSpikes < s.Anchors+1 || s.MaxSpikes <= 2*D+s.MaxLatency+1:
		return nil, fmt.Errorf("spnet: group search limit of %d spikes: need more than %d (twice the maximal delay plus the latency)", s.MaxSpikes, 2*D+s.MaxLatency+1)
	}
	if mothers == nil {
		for i := range net.cfg.Excitatory {
			mothers = append(mothers, i)
		}
	}
	for _, m := range mothers {
		if m < 0 || m >= net.cfg.Excitatory {
			return nil, fmt.Errorf("spnet: group search from neuron %d: mothers must be excitatory neurons, 0…%d", m, net.cfg.Excitatory-1)
		}
	}
	rest, err := newRestTables(net, s.MaxSpikes)
	if err != nil {
		return nil, err
	}
	workers := s.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(mothers)))
	// Each worker takes the next mother and keeps its groups in the
	// mother's place, so the result does not depend on the scheduling.
	found := make([][]Group, len(mothers))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g := newGroupSim(net, s, rest)
			for {
				k := int(next.Add(1)) - 1
				if k >= len(mothers) {
					return
				}
				found[k] = g.searchFrom(mothers[k], nil)
			}
		}()
	}
	wg.Wait()
	var groups []Group
	for _, f := range found {
		groups = append(groups, f...)
	}
	return groups, nil
}

// event is a spike on its way during a group search.
type event struct {
	post, pre, delay int32 // delay in ms
	w                float64
}

// groupSim is the scratch state of a search: a copy of the neurons that
// starts at rest, and the spikes on their way.
type groupSim struct {
	net *Network
	s   GroupSearch

	v, u, in []float64
	active   []bool
	touched  []int32
	// rest holds the trajectories of neurons without input (shared by
	// the workers): neurons are simulated only from their first input on;
	// before it, their state is read there, which is bit for bit what
	// simulating them would give.
	rest     *restTables
	events   [][]event
	strongIn [][]incoming // strong excitatory inputs of each neuron
	neurons  []int32
	times    []int32
	layer    []int32
	fired    []int32
}

const groupRestV = -70.0

// restTables are the trajectories of neurons at rest without input: V[k][t]
// and U[k][t] are the state after t steps from (−70, 0.2·−70) of a neuron
// whose recovery rate a is the k-th distinct one of the network, and of[i]
// is neuron i's k. The trajectory depends on nothing else: b is the
// network's constant, and d acts only when a neuron fires, which a neuron
// at rest must not do (newRestTables checks).
type restTables struct {
	V, U [][]float64
	of   []int32
}

// newRestTables tabulates steps+1 states for each distinct a of the
// network's neurons. It refuses parameters with which a neuron at rest
// fires without input (or leaves the numbers): the search simulates only
// the neurons that a spike reaches, as if the others stayed at rest.
func newRestTables(net *Network, steps int) (*restTables, error) {
	r := &restTables{of: make([]int32, net.Len())}
	index := map[uint64]int32{}
	for i, a := range net.A {
		k, ok := index[math.Float64bits(a)]
		if !ok {
			rv, ru := make([]float64, steps+1), make([]float64, steps+1)
			v := groupRestV
			u := float64(recoveryB * v)
			for t := range rv {
				if !(v < threshold) || math.IsNaN(u) || math.IsInf(v, 0) || math.IsInf(u, 0) {
					return nil, fmt.Errorf("spnet: group search: neuron %d (a = %v) does not stay at rest without input (v = %v after %d ms from %v mV); the search needs neurons that fire only when a spike reaches them", i, a, v, t, groupRestV)
				}
				rv[t], ru[t] = v, u
				v, u = izhikevich(v, u, a, 0)
			}
			k = int32(len(r.V))
			index[math.Float64bits(a)] = k
			r.V, r.U = append(r.V, rv), append(r.U, ru)
		}
		r.of[i] = k
	}
	return r, nil
}

func newGroupSim(net *Network, s GroupSearch, rest *restTables) *groupSim {
	N := net.Len()
	g := &groupSim{
		net: net, s: s,
		v: make([]float64, N), u: make([]float64, N), in: make([]float64, N),
		active: make([]bool, N),
		events: make([][]event, s.MaxSpikes),
		rest:   rest,
	}
	// Strong excitatory inputs, in the original's order (by presynaptic
	// neuron, then synapse).
	syn := net.Syn
	g.strongIn = make([][]incoming, N)
	for pre := range net.cfg.Excitatory {
		for j := syn.Start(pre); j < syn.Start(pre+1); j++ {
			if syn.Weight[j] > s.Strong {
				p := syn.Post[j]
				g.strongIn[p] = append(g.strongIn[p], incoming{syn: int32(j), pre: int32(pre), delay: int32(syn.Delay[j])})
			}
		}
	}
	return g
}

// emit puts the spikes of neuron i fired at time t on their way through
// its synapses of delay at least minDelay that take part (strong ones, or
// all of an inhibitory neuron), and returns the arrival time of the last
// one; when there is none it returns last unchanged, as the original does.
func (g *groupSim) emit(i int, t, minDelay, last int) int {
	syn := g.net.Syn
	inhibitory := i >= g.net.cfg.Excitatory
	for j := syn.Start(i); j < syn.Start(i+1); j++ {
		d := int(syn.Delay[j])
		if d < minDelay || !(inhibitory || syn.Weight[j] > g.s.Strong) {
			continue
		}
		at := t + d
		if at >= len(g.events) {
			continue // beyond the search's horizon, never read
		}
		g.events[at] = append(g.events[at], event{post: syn.Post[j], pre: int32(i), delay: int32(d), w: syn.Weight[j]})
		last = at
	}
	return last
}

func (g *groupSim) searchFrom(mother int, groups []Group) []Group {
	in := g.strongIn[mother]
	W := g.s.Anchors
	if len(in) < W {
		return groups
	}
	pick := make([]int, W)
	for i := range pick {
		pick[i] = i
	}
	timing := 0 // persists across combinations, as in the original
	for {
		groups, timing = g.tryAnchors(mother, in, pick, groups, timing)
		// Next combination in lexicographic order.
		i := W - 1
		for i >= 0 && pick[i] == len(in)-W+i {
			i--
		}
		if i < 0 {
			return groups
		}
		pick[i]++
		for k := i + 1; k < W; k++ {
			pick[k] = pick[k-1] + 1
		}
	}
}

func (g *groupSim) tryAnchors(mother int, in []incoming, pick []int, groups []Group, timing int) ([]Group, int) {
	net, s := g.net, g.s
	W := s.Anchors
	D := net.cfg.MaxDelay
	maxDelay := 0
	for _, k := range pick {
		maxDelay = max(maxDelay, int(in[k].delay))
	}
	g.neurons, g.times, g.layer = g.neurons[:0], g.times[:0], g.layer[:0]
	for _, k := range pick {
		// Fired so that the spike reaches the mother at maxDelay.
		t := maxDelay - int(in[k].delay)
		g.neurons = append(g.neurons, in[k].pre)
		g.times = append(g.times, int32(t))
		g.layer = append(g.layer, 1)
		timing = g.emit(int(in[k].pre), t, int(in[k].delay), timing)
	}

	horizon := len(g.events) - D - 1 // the original's cap on the simulated time
	tLast := 2*D + s.MaxLatency + 1
	for t := 0; t < tLast && len(g.neurons) < s.MaxSpikes; t++ {
		for _, e := range g.events[t] {
			g.touch(int(e.post), t)
			g.in[e.post] += e.w
		}
		g.fired = g.fired[:0]
		for _, i := range g.touched {
			v, u := izhikevich(g.v[i], g.u[i], net.A[i], g.in[i])
			g.v[i], g.u[i], g.in[i] = v, u, 0
			if v >= threshold {
				g.fired = append(g.fired, i)
			}
		}
		slices.Sort(g.fired) // the original tests neurons in index order
		for _, i := range g.fired {
			g.v[i] = resetV
			g.u[i] += net.D[i]
			if len(g.neurons) < s.MaxSpikes {
				g.neurons = append(g.neurons, i)
				g.times = append(g.times, int32(t))
				g.layer = append(g.layer, 0)
				timing = g.emit(int(i), t, 1, timing)
				// The original extends the search to the last arrival
				// (timing+1), up to its horizon.
				if tLast < timing+1 {
					tLast = min(timing+1, horizon)
				}
			}
		}
	}

	if len(g.neurons) > 2*W {
		groups = g.keep(mother, groups)
	}

	// Reset the scratch state for the next combination.
	for _, i := range g.touched {
		g.active[i] = false
		g.in[i] = 0
	}
	g.touched = g.touched[:0]
	for t := range g.events {
		g.events[t] = g.events[t][:0]
	}
	return groups, timing
}

// touch starts simulating neuron i at step t from its resting trajectory.
func (g *groupSim) touch(i, t int) {
	if g.active[i] {
		return
	}
	g.active[i] = true
	k := g.rest.of[i]
	g.v[i], g.u[i] = g.rest.V[k][t], g.rest.U[k][t]
	g.touched = append(g.touched, int32(i))
}

// keep finds the links and layers of the spikes of a search and appends
// the group if it is long enough and every anchor takes part.
func (g *groupSim) keep(mother int, groups []Group) []Group {
	W, ne := g.s.Anchors, int32(g.net.cfg.Excitatory)
	var links []Link
	maxLayer := int32(0)
	for i := W; i < len(g.neurons); i++ {
		post, tf := g.neurons[i], int(g.times[i])
		g.layer[i] = 0
		for p := tf; p > tf-g.s.MaxLatency && p >= 0; p-- {
			for _, e := range g.events[p] {
				if e.post != post || e.pre >= ne {
					continue
				}
				for k := range i {
					if g.neurons[k] == e.pre && g.layer[k]+1 > g.layer[i] {
						g.layer[i] = g.layer[k] + 1
					}
				}
				// As in the original, the link gets the layer known so far.
				links = append(links, Link{Pre: e.pre, Post: e.post, Delay: e.delay, Layer: g.layer[i], Arrival: int32(p)})
				maxLayer = max(maxLayer, g.layer[i])
			}
		}
	}
	for _, anchor := range g.neurons[:W] {
		used := 0
		for _, l := range links {
			if l.Pre == anchor && l.Post < ne {
				used++
			}
		}
		if used == 1 {
			return groups
		}
	}
	if int(maxLayer) < g.s.MinLayers {
		return groups
	}
	return append(groups, Group{
		Mother:  mother,
		Neurons: slices.Clone(g.neurons),
		Times:   slices.Clone(g.times),
		Links:   links,
		Layers:  int(maxLayer),
	})
}

// WriteGroups writes groups as text, one per line: mother, size, layers,
// span, then "neuron@time" for each spike and "pre>post/delay:layer@arrival"
// for each link.
func WriteGroups(w io.Writer, groups []Group) error {
	for _, gr := range groups {
		if _, err := fmt.Fprintf(w, "%d %d %d %d |", gr.Mother, gr.Size(), gr.Layers, gr.Span()); err != nil {
			return err
		}
		for k := range gr.Neurons {
			fmt.Fprintf(w, " %d@%d", gr.Neurons[k], gr.Times[k])
		}
		fmt.Fprint(w, " |")
		for _, l := range gr.Links {
			fmt.Fprintf(w, " %d>%d/%d:%d@%d", l.Pre, l.Post, l.Delay, l.Layer, l.Arrival)
		}
		if _, err := fmt.Fprintln(w); err != nil {
			return err
		}
	}
	return nil
}
