package snn

import (
	"fmt"
	"strings"
	"time"
)

// A Spike is one action potential: neuron Neuron (a network index) fired
// in step T (at T·DT ms).
type Spike struct {
	T, Neuron int
}

// Spikes is a list of spikes ordered by time, then neuron. It implements
// gonum/plot's plotter.XYer with x the time in ms and y the neuron index,
// so it can be drawn as a raster directly.
type Spikes []Spike

// Len returns the number of spikes.
func (s Spikes) Len() int { return len(s) }

// XY returns spike i as (time in ms, neuron index).
func (s Spikes) XY(i int) (x, y float64) {
	return float64(s[i].T) * DT, float64(s[i].Neuron)
}

// Traces hold the values of v, u and I of some neurons at the end of every
// step (after spikes were reset). They are stored time-major: the value of
// neuron Neurons[k] in step t of the run is V[t*len(Neurons)+k].
type Traces struct {
	Neurons []int // network indices of the traced neurons
	Steps   int
	V, U, I []float64
}

func newTraces(neurons []int, steps int) *Traces {
	k := len(neurons) * steps
	tr := &Traces{
		Neurons: append([]int(nil), neurons...),
		Steps:   steps,
		V:       make([]float64, 0, k),
		U:       make([]float64, 0, k),
		I:       make([]float64, 0, k),
	}
	// Large traces are written page after page during the run; a huge
	// page costs one fault instead of 512.
	adviseHugePages(tr.V)
	adviseHugePages(tr.U)
	adviseHugePages(tr.I)
	return tr
}

// Index returns the position k of network neuron i in Neurons, or −1.
func (tr *Traces) Index(i int) int {
	for k, j := range tr.Neurons {
		if j == i {
			return k
		}
	}
	return -1
}

// Of returns the time series of variable x ("v", "u" or "I") of the k-th
// traced neuron, as a new slice of Steps values.
func (tr *Traces) Of(x []float64, k int) []float64 {
	n := len(tr.Neurons)
	out := make([]float64, tr.Steps)
	for t := range out {
		out[t] = x[t*n+k]
	}
	return out
}

// Result is what a run recorded.
type Result struct {
	Start       int // network step at which the run started
	Steps       int // steps run
	N           int // neurons in the network
	Populations []PopulationInfo
	Spikes      Spikes
	Traces      *Traces // nil when no neuron was traced

	SynapticEvents int64         // synapse activations delivered
	Wall           time.Duration // wall time of the simulation loop
}

// Select returns the traces of the given network neurons, which must all be
// traced, as new Traces in the order given.
func (tr *Traces) Select(neurons []int) (*Traces, error) {
	idx := make([]int, len(neurons))
	for j, i := range neurons {
		k := tr.Index(i)
		if k < 0 {
			return nil, fmt.Errorf("neuron %d was not traced: traced neurons are %s", i, intList(tr.Neurons, 10))
		}
		idx[j] = k
	}
	out := newTraces(neurons, tr.Steps)
	n := len(tr.Neurons)
	for t := range tr.Steps {
		for _, k := range idx {
			out.V = append(out.V, tr.V[t*n+k])
			out.U = append(out.U, tr.U[t*n+k])
			out.I = append(out.I, tr.I[t*n+k])
		}
	}
	return out, nil
}

// intList formats up to max integers for an error message.
func intList(xs []int, max int) string {
	var b strings.Builder
	for k, x := range xs {
		if k == max {
			fmt.Fprintf(&b, ", … (%d in all)", len(xs))
			break
		}
		if k > 0 {
			b.WriteString(", ")
		}
		fmt.Fprint(&b, x)
	}
	return b.String()
}
