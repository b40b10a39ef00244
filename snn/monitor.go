package snn

import (
	"fmt"
	"slices"
	"strings"
)

// WeightMonitor records the weights of one projection — the
// [DelayedSparse] synapses from population From to population To — every
// Every ms: a histogram over the bins Edges and, with Snapshots, every
// weight. Add it to Config.Monitors; it observes at the end of the steps
// after which a whole multiple of Every ms has passed (for Every 1000, at
// 1000, 2000, … ms), after the plasticity, so a snapshot holds the
// weights the next step will use.
//
//	m := &snn.WeightMonitor{From: "excitatory", To: "excitatory", Every: 1000,
//		Edges: snn.UniformEdges(0, 10, 20)}
type WeightMonitor struct {
	From, To string  // population names; "" means every population
	Every    float64 // ms between observations; a whole number of steps
	// Edges are the bin edges of the histograms, increasing: bin k counts
	// the weights w with Edges[k] ≤ w < Edges[k+1], the last bin also
	// w = Edges[len−1]. Weights outside go to Outside. Nil: no histograms.
	Edges     []float64
	Snapshots bool // keep every weight of the projection at each observation

	// Times are the times of the observations, in ms from the start.
	Times []float64
	// Histograms[k] are the counts of observation k, one per bin;
	// Outside[k] the weights outside the bins.
	Histograms [][]int
	Outside    []int
	// Weights[k] are the projection's weights at observation k, in
	// the order of Synapses (with Snapshots).
	Weights [][]float64
	// Synapses are the indices, in the network's DelayedSparse, of the
	// projection's synapses, in increasing order (set when the network is
	// built).
	Synapses []int

	every int
	syn   *DelayedSparse
}

// UniformEdges returns the edges of n bins of equal width from lo to hi.
func UniformEdges(lo, hi float64, n int) []float64 {
	if n < 1 {
		return nil
	}
	e := make([]float64, n+1)
	for k := range e {
		e[k] = lo + (hi-lo)*float64(k)/float64(n)
	}
	e[n] = hi
	return e
}

// Attach finds the projection's synapses in net and checks the settings.
func (m *WeightMonitor) Attach(net *Network) error {
	syn := net.DelayedSynapses()
	if syn == nil {
		return fmt.Errorf("weight monitor: needs synapses with delays (snn.DelayedSparse), not %T", net.syn)
	}
	every, ok := net.stepsIn(m.Every)
	if !ok {
		return fmt.Errorf("weight monitor: every %g ms: must be a positive whole number of steps of %g ms", m.Every, net.stepMs())
	}
	if m.Edges != nil {
		if len(m.Edges) < 2 {
			return fmt.Errorf("weight monitor: %d histogram edges: need at least 2 (one bin), or none", len(m.Edges))
		}
		for k, e := range m.Edges {
			if !finite(e) || (k > 0 && !(e > m.Edges[k-1])) {
				return fmt.Errorf("weight monitor: histogram edges %v: must be finite and increasing", m.Edges)
			}
		}
	}
	in := func(name string) (func(int) bool, error) {
		if name == "" {
			return func(int) bool { return true }, nil
		}
		var names []string
		for _, p := range net.pops {
			if p.Name == name {
				return func(i int) bool { return i >= p.Start && i < p.Start+p.Size }, nil
			}
			names = append(names, p.Name)
		}
		return nil, fmt.Errorf("weight monitor: no population %q: the network has %s", name, strings.Join(names, ", "))
	}
	from, err := in(m.From)
	if err != nil {
		return err
	}
	to, err := in(m.To)
	if err != nil {
		return err
	}
	m.Synapses = m.Synapses[:0]
	for j := range syn.n {
		if !from(j) {
			continue
		}
		lo, hi := syn.Row(j)
		for k := lo; k < hi; k++ {
			if to(int(syn.post[k])) {
				m.Synapses = append(m.Synapses, k)
			}
		}
	}
	m.every, m.syn = every, syn
	return nil
}

// Observe records the weights at the end of every Every ms.
func (m *WeightMonitor) Observe(net *Network) {
	if (net.t+1)%m.every != 0 {
		return
	}
	w := m.syn.w
	// k·Every rather than (t+1)·dt, which rounds otherwise (7·0.1 is
	// 0.7000000000000001).
	m.Times = append(m.Times, float64((net.t+1)/m.every)*m.Every)
	if m.Snapshots {
		s := make([]float64, len(m.Synapses))
		for k, j := range m.Synapses {
			s[k] = w[j]
		}
		m.Weights = append(m.Weights, s)
	}
	if m.Edges == nil {
		return
	}
	counts := make([]int, len(m.Edges)-1)
	outside := 0
	last := m.Edges[len(m.Edges)-1]
	for _, j := range m.Synapses {
		x := w[j]
		// The first edge above x ends x's bin.
		k, _ := slices.BinarySearch(m.Edges, x)
		switch {
		case x == last:
			counts[len(counts)-1]++
		case k < len(m.Edges) && m.Edges[k] == x:
			if k < len(counts) {
				counts[k]++
			} else {
				outside++
			}
		case k == 0 || k == len(m.Edges):
			outside++ // below the first edge, above the last, or NaN
		default:
			counts[k-1]++
		}
	}
	m.Histograms = append(m.Histograms, counts)
	m.Outside = append(m.Outside, outside)
}
