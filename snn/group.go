package snn

import (
	"fmt"
	"slices"
)

// This file holds groups of neurons and the parts of a result they pick
// out. A group is named by its network indices; [Result.Subset] turns a
// run's result into the result of the group alone, so every measure of
// analysis.go (Rate, BinnedRate, DominantFrequency, ISICV, Synchrony, …)
// applies to a group unchanged, and [Result.Between] does the same for a
// window of time. They compose:
//
//	g, _ := res.Group("excitatory")
//	sub, _ := res.Subset(g)
//	late, _ := sub.Between(200, 1000) // drop the first 200 ms
//	late.Rate(), late.DominantFrequency()

// A Group is a named set of neurons of a network: their network indices,
// in increasing order, each once. Make one with [Range], [List] or
// [Result.Group] (a population).
type Group struct {
	Name    string
	Neurons []int
}

// Range returns the group of the neurons lo, lo+1, …, hi−1.
func Range(name string, lo, hi int) Group {
	g := Group{Name: name}
	for i := lo; i < hi; i++ {
		g.Neurons = append(g.Neurons, i)
	}
	return g
}

// List returns the group of the given neurons, sorted, each once.
func List(name string, neurons ...int) Group {
	ns := slices.Clone(neurons)
	slices.Sort(ns)
	return Group{Name: name, Neurons: slices.Compact(ns)}
}

// Len returns the number of neurons in the group.
func (g Group) Len() int { return len(g.Neurons) }

// Group returns the group of the neurons of the population with the given
// name.
func (r *Result) Group(population string) (Group, error) {
	names := make([]string, len(r.Populations))
	for k, p := range r.Populations {
		if p.Name == population {
			return Range(p.Name, p.Start, p.Start+p.Size), nil
		}
		names[k] = fmt.Sprintf("%q", p.Name)
	}
	return Group{}, fmt.Errorf("no population named %q: the populations are %s", population, joinNames(names))
}

func joinNames(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	s := names[0]
	for _, n := range names[1:] {
		s += ", " + n
	}
	return s
}

// check reports a group that is not a set of neurons of a network of n.
func (g Group) check(n int) error {
	if len(g.Neurons) == 0 {
		return fmt.Errorf("group %q has no neurons", g.Name)
	}
	for k, i := range g.Neurons {
		if i < 0 || i >= n {
			return fmt.Errorf("group %q: neuron %d out of range: the network has neurons 0 to %d", g.Name, i, n-1)
		}
		if k > 0 && i <= g.Neurons[k-1] {
			return fmt.Errorf("group %q: neuron %d after %d: a group lists its neurons in increasing order, each once (snn.List sorts them)", g.Name, i, g.Neurons[k-1])
		}
	}
	return nil
}

// Of returns the spikes of the neurons of g, in their order, with their
// network indices. Neurons of g outside the network are simply absent.
func (s Spikes) Of(g Group) Spikes {
	neurons := g.Neurons
	if !slices.IsSorted(neurons) { // a Group made by hand
		neurons = slices.Sorted(slices.Values(neurons))
	}
	out := Spikes{}
	for _, x := range s {
		if _, ok := slices.BinarySearch(neurons, x.Neuron); ok {
			out = append(out, x)
		}
	}
	return out
}

// InSteps returns the spikes of steps from ≤ T < to, in their order.
// The bounds are step indices, not ms: for a window in ms use
// [TimedSpikes.Between] ([Result.Raster]) or [Result.Between], which know
// the step.
func (s Spikes) InSteps(from, to int) Spikes {
	out := Spikes{}
	for _, x := range s {
		if x.T >= from && x.T < to {
			out = append(out, x)
		}
	}
	return out
}

// Subset returns the result of the neurons of g alone: its spikes, with
// each neuron renumbered by its position in g (Spike.Neuron k is network
// neuron g.Neurons[k], as in a Brian2 subgroup), N = g.Len(), and as
// Populations the parts of r's populations that lie in g, in the new
// numbering, and Recorded the recordings' values of the neurons in g
// (each recording kept, in order, perhaps with no neurons). Start and
// Steps are r's, so every measure of a result
// applies to the group; a group of all the network's neurons gives r's
// measures exactly. Traces hold the traced neurons of g, renumbered too
// (nil when none was traced); SynapticEvents and Wall, which belong to
// the whole network, are 0.
func (r *Result) Subset(g Group) (*Result, error) {
	if err := g.check(r.N); err != nil {
		return nil, err
	}
	pos := make([]int32, r.N)
	for i := range pos {
		pos[i] = -1
	}
	for k, i := range g.Neurons {
		pos[i] = int32(k)
	}
	out := &Result{Start: r.Start, Steps: r.Steps, DT: r.DT, N: g.Len(), Spikes: Spikes{}}
	for _, s := range r.Spikes {
		if s.Neuron >= 0 && s.Neuron < r.N && pos[s.Neuron] >= 0 {
			out.Spikes = append(out.Spikes, Spike{T: s.T, Neuron: int(pos[s.Neuron])})
		}
	}
	for _, p := range r.Populations {
		lo, _ := slices.BinarySearch(g.Neurons, p.Start)
		hi, _ := slices.BinarySearch(g.Neurons, p.Start+p.Size)
		if hi > lo {
			out.Populations = append(out.Populations, PopulationInfo{Name: p.Name, Start: lo, Size: hi - lo, Inhibitory: p.Inhibitory})
		}
	}
	for _, rec := range r.Recorded {
		out.Recorded = append(out.Recorded, rec.subset(pos))
	}
	if tr := r.Traces; tr != nil {
		var traced, renumbered, at []int
		for k, i := range tr.Neurons {
			if i >= 0 && i < r.N && pos[i] >= 0 {
				traced = append(traced, i)
				renumbered = append(renumbered, int(pos[i]))
				at = append(at, k)
			}
		}
		if len(traced) > 0 {
			sel, err := tr.selectAt(traced, at)
			if err != nil {
				return nil, fmt.Errorf("group %q: %w", g.Name, err)
			}
			sel.Neurons = renumbered
			out.Traces = sel
		}
	}
	return out, nil
}

// Between returns the result of the time window from ≤ t < to ms of the
// network's time (as spikes are plotted): its spikes, Start = from/dt and
// Steps = (to − from)/dt, so every measure of a result applies to the
// window; the window of the whole run gives r's measures exactly. from
// and to must be whole steps within the run. Traces and Recorded hold the
// samples of the window's steps; SynapticEvents and Wall are 0.
func (r *Result) Between(from, to float64) (*Result, error) {
	dt := r.TimeStep()
	start, okFrom := wholeSteps(from, dt)
	end, okTo := wholeSteps(to, dt)
	if !okFrom || !okTo || !finite(from) || !finite(to) || !(start < end) || start < r.Start || end > r.Start+r.Steps {
		return nil, fmt.Errorf("window from %g to %g ms: need whole steps of %g ms with %g ≤ from < to ≤ %g, the run's times", from, to, dt, r.Time(r.Start), r.Time(r.Start+r.Steps))
	}
	out := &Result{Start: start, Steps: end - start, DT: r.DT, N: r.N, Populations: slices.Clone(r.Populations), Spikes: Spikes{}}
	for _, s := range r.Spikes {
		if s.T >= start && s.T < end {
			out.Spikes = append(out.Spikes, s)
		}
	}
	for _, rec := range r.Recorded {
		out.Recorded = append(out.Recorded, rec.window(r.Start, start, end))
	}
	if tr := r.Traces; tr != nil {
		n := len(tr.Neurons)
		w := &Traces{Neurons: slices.Clone(tr.Neurons), Every: tr.Every, Names: slices.Clone(tr.Names), Values: make([][]float64, len(tr.Names))}
		for k := range tr.Samples {
			t := r.Start + tr.Step(k) // network step of sample k
			if t < start || t >= end {
				continue
			}
			if w.Samples == 0 {
				w.First = t - start
			}
			w.Samples++
			w.V = append(w.V, tr.V[k*n:(k+1)*n]...)
			if len(tr.U) >= (k+1)*n {
				w.U = append(w.U, tr.U[k*n:(k+1)*n]...)
			}
			if len(tr.I) >= (k+1)*n {
				w.I = append(w.I, tr.I[k*n:(k+1)*n]...)
			}
			for j, x := range tr.Values {
				if len(x) >= (k+1)*n {
					w.Values[j] = append(w.Values[j], x[k*n:(k+1)*n]...)
				}
			}
		}
		if w.Samples == 0 {
			w.First = 0
		}
		out.Traces = w
	}
	return out, nil
}
