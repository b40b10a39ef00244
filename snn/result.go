package snn

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// A Spike is one action potential: neuron Neuron (a network index) fired
// in step T, the step that took it from T·dt to (T+1)·dt ms (dt the
// network's step, [Result.TimeStep]), under the input of the Stimulus
// calls with t = T. It is plotted and analysed at T·dt ms, the start of its
// step ([Spike.Time]).
type Spike struct {
	T, Neuron int
}

// Time returns the time of the spike in ms, T·dt, for a network of step
// dt ms ([Result.TimeStep]).
func (s Spike) Time(dt float64) float64 { return float64(s.T) * dt }

// Spikes is a list of spikes ordered by time, then neuron. A spike knows
// its step, not its time: that needs the network's step dt, so nothing on
// Spikes turns steps into ms. [Result.Raster] gives the spikes of a run
// with their times ([TimedSpikes], a gonum/plot XYer in ms, with
// [TimedSpikes.Between] for a window in ms); [Spikes.InSteps] picks a
// window of steps.
type Spikes []Spike

// Len returns the number of spikes.
func (s Spikes) Len() int { return len(s) }

// TimedSpikes are spikes with the step of their network: a gonum/plot
// XYer whose x is the time in ms at that step. [Result.Raster] makes them.
type TimedSpikes struct {
	Spikes Spikes
	DT     float64 // ms per step
}

// Len returns the number of spikes.
func (s TimedSpikes) Len() int { return len(s.Spikes) }

// XY returns spike i as (time in ms, neuron index).
func (s TimedSpikes) XY(i int) (x, y float64) {
	return s.Spikes[i].Time(s.DT), float64(s.Spikes[i].Neuron)
}

// Between returns the spikes at times from ≤ t < to ms, t = T·dt the
// start of a spike's step, in their order and with the same step. A
// bound within 1e-9 of a step's time counts as that step, so the window
// of 100 to 200 ms at 0.1 ms holds steps 1000 to 1999 despite rounding.
func (s TimedSpikes) Between(from, to float64) TimedSpikes {
	dt := s.DT
	if dt == 0 {
		dt = DefaultDT
	}
	return TimedSpikes{Spikes: s.Spikes.InSteps(firstStepAt(from, dt), firstStepAt(to, dt)), DT: s.DT}
}

// firstStepAt returns the first step T with T·dt ≥ ms (a time within 1e-9
// of a step's counts as that step), clamped to the range of int32.
func firstStepAt(ms, dt float64) int {
	if math.IsNaN(ms) {
		return math.MaxInt32
	}
	if k, ok := wholeSteps(ms, dt); ok {
		return k
	}
	x := math.Ceil(ms / dt)
	return int(max(min(x, math.MaxInt32), math.MinInt32))
}

// Traces hold the values of v, u and I of some neurons at the end of
// sampled steps (after spikes were reset): every step of the run, or every
// Every-th step of the network ([RunOptions].TraceEvery). They are stored
// sample-major: the value of neuron Neurons[j] in sample k is
// V[k*len(Neurons)+j], taken at the end of step [Traces.Step](k) of the
// run.
type Traces struct {
	Neurons []int // network indices of the traced neurons
	// Samples is the number of samples: the rows of V, U and I, each of
	// len(Neurons) values. It is the number of steps recorded when every
	// step is (Every 1), fewer otherwise; [Result].Steps is the steps run.
	Samples int
	// First is the step of the first sample, counted from the start of the
	// run, and Every the number of steps between samples; 0 (as in Traces
	// made by hand) means 1. Run sets First to 0 when it records every
	// step.
	First, Every int
	V, U, I      []float64
	// Names are the further variables recorded ([RunOptions].Record), and
	// Values[j] holds variable Names[j], laid out as V.
	Names  []string
	Values [][]float64
}

// Variable returns the trace of the named variable: "v", "u", "I" or one
// of Names, laid out as V (sample-major; [Traces.Of] picks one neuron's
// time series).
func (tr *Traces) Variable(name string) ([]float64, error) {
	return tr.variable(name)
}

// newTraces returns empty traces of neurons with room for samples samples.
func newTraces(neurons []int, samples int) *Traces {
	k := len(neurons) * samples
	tr := &Traces{
		Neurons: append([]int(nil), neurons...),
		Samples: samples,
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

// Step returns the step of sample k counted from the start of the run,
// First + k·Every: the values of sample k are those at the end of network
// step [Result].Start + Step(k), at (Result.Start + Step(k) + 1)·dt ms
// ([Result.SampleTime]).
func (tr *Traces) Step(k int) int { return tr.First + k*tr.every() }

// every returns the steps between samples: Every, or 1 when it is 0.
func (tr *Traces) every() int { return max(tr.Every, 1) }

// sampled returns how many of the network steps start, start+1, …,
// start+steps−1 are multiples of every, and how many steps after start
// the first of them is.
func sampled(start, steps, every int) (samples, first int) {
	first = (every - start%every) % every
	if first >= steps {
		return 0, first
	}
	return (steps-first-1)/every + 1, first
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
// traced neuron, as a new slice of Samples values, one per sample.
func (tr *Traces) Of(x []float64, k int) []float64 {
	n := len(tr.Neurons)
	out := make([]float64, tr.Samples)
	for t := range out {
		out[t] = x[t*n+k]
	}
	return out
}

// Result is what a run recorded.
type Result struct {
	Start       int     // network step at which the run started
	Steps       int     // steps run
	DT          float64 // ms per step; 0 (in a Result made by hand) means DefaultDT
	N           int     // neurons in the network
	Populations []PopulationInfo
	Spikes      Spikes
	Traces      *Traces // nil when no neuron was traced
	// Recorded are the values of RunOptions.Recordings, in their order.
	Recorded []*Recorded

	SynapticEvents int64         // synapse activations delivered
	Wall           time.Duration // wall time of the simulation loop
}

// TimeStep returns the length of the run's steps in ms: DT, or
// DefaultDT when DT is 0.
func (r *Result) TimeStep() float64 {
	if r.DT == 0 {
		return DefaultDT
	}
	return r.DT
}

// Time returns the time in ms at the start of network step t: t·dt.
func (r *Result) Time(t int) float64 { return float64(t) * r.TimeStep() }

// Raster returns the run's spikes with their times in ms, to plot.
func (r *Result) Raster() TimedSpikes { return TimedSpikes{r.Spikes, r.TimeStep()} }

// SampleTime returns the time in ms of trace sample k, the end of its
// step: (Start + Traces.Step(k) + 1)·dt.
func (r *Result) SampleTime(k int) float64 {
	step := k
	if r.Traces != nil {
		step = r.Traces.Step(k)
	}
	return r.Time(r.Start + step + 1)
}

// Select returns the traces of the given network neurons, which must all be
// traced, as new Traces in the order given, with the same samples.
func (tr *Traces) Select(neurons []int) (*Traces, error) {
	idx := make([]int, len(neurons))
	for j, i := range neurons {
		k := tr.Index(i)
		if k < 0 {
			return nil, fmt.Errorf("neuron %d was not traced: traced neurons are %s", i, intList(tr.Neurons, 10))
		}
		idx[j] = k
	}
	return tr.selectAt(neurons, idx)
}

// selectAt is Select of the traced neurons at positions idx of
// tr.Neurons, numbered neurons in the result.
func (tr *Traces) selectAt(neurons, idx []int) (*Traces, error) {
	for _, name := range []string{"v", "u", "I"} {
		if _, err := tr.variable(name); err != nil {
			return nil, fmt.Errorf("select traces: %w", err)
		}
	}
	for _, name := range tr.Names {
		if _, err := tr.variable(name); err != nil {
			return nil, fmt.Errorf("select traces: %w", err)
		}
	}
	out := newTraces(neurons, tr.Samples)
	out.First, out.Every = tr.First, tr.Every
	out.Names = slices.Clone(tr.Names)
	out.Values = make([][]float64, len(tr.Names))
	for j := range out.Values {
		out.Values[j] = make([]float64, 0, len(idx)*tr.Samples)
	}
	n := len(tr.Neurons)
	for s := range tr.Samples {
		for _, k := range idx {
			out.V = append(out.V, tr.V[s*n+k])
			out.U = append(out.U, tr.U[s*n+k])
			out.I = append(out.I, tr.I[s*n+k])
			for j, x := range tr.Values {
				out.Values[j] = append(out.Values[j], x[s*n+k])
			}
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
