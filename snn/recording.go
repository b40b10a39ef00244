package snn

import (
	"fmt"
	"slices"
	"strings"
)

// A Recording asks a run for one variable of chosen neurons, sampled at an
// interval of its own, independently of the traces (RunOptions.Trace),
// so that a long run can keep, say, v of three neurons at every step and
// a Hodgkin–Huxley gate of a hundred every millisecond. Add it to
// [RunOptions].Recordings; the run returns its values in
// [Result].Recorded, in the same order.
type Recording struct {
	// Variable is "v", "u", "I" (the input that acted during the step, as
	// in [Traces]) or a variable that the model of every one of Neurons
	// declares ([StateVariables]).
	Variable string
	// Neurons are the network indices of the neurons to record, each
	// once, in the order the values are kept.
	Neurons []int
	// Every is the time between samples in ms, a whole number ≥ 1 of the
	// network's steps; 0 means every step. A sample is taken at the end of
	// the steps t with t % (Every/dt) == 0, as for traces.
	Every float64
}

// Recorded holds the values of one [Recording] of a run: the value of
// neuron Neurons[j] in sample k is Values[k*len(Neurons)+j], taken at the
// end of step [Recorded.Step](k) of the run ([Result.RecordedTime] gives
// its time in ms).
type Recorded struct {
	Variable string
	Neurons  []int
	// Samples is the number of samples; First the step of the first one,
	// counted from the start of the run, and Every the steps between
	// them (0, in a Recorded made by hand, means 1).
	Samples, First, Every int
	Values                []float64
}

// Step returns the step of sample k counted from the start of the run,
// First + k·Every.
func (r *Recorded) Step(k int) int { return r.First + k*max(r.Every, 1) }

// Of returns the time series of the j-th recorded neuron (Neurons[j]), as
// a new slice of Samples values.
func (r *Recorded) Of(j int) []float64 {
	n := len(r.Neurons)
	out := make([]float64, r.Samples)
	for k := range out {
		out[k] = r.Values[k*n+j]
	}
	return out
}

// RecordedTime returns the time in ms of sample k of rec, one of the
// run's recordings: the end of its step, (Start + rec.Step(k) + 1)·dt.
func (r *Result) RecordedTime(rec *Recorded, k int) float64 {
	return r.Time(r.Start + rec.Step(k) + 1)
}

// recorder is a Recording being made by a run.
type recorder struct {
	out   *Recorded
	every int
	runs  []traceRun
}

// startRecordings checks the recordings of a run of steps steps and
// returns their recorders, with room for their samples.
func (net *Network) startRecordings(recs []Recording, steps int) ([]recorder, error) {
	var out []recorder
	for k, rc := range recs {
		what := fmt.Sprintf("RunOptions.Recordings[%d] (%q)", k, rc.Variable)
		if len(rc.Neurons) == 0 {
			return nil, fmt.Errorf("%s: no neurons: list the network indices of the neurons to record", what)
		}
		seen := map[int]bool{}
		for _, i := range rc.Neurons {
			if i < 0 || i >= net.n {
				return nil, fmt.Errorf("%s: neuron %d out of range: the network has neurons 0 to %d", what, i, net.n-1)
			}
			if seen[i] {
				return nil, fmt.Errorf("%s: neuron %d listed twice: list each neuron once", what, i)
			}
			seen[i] = true
		}
		every := 1
		if rc.Every != 0 {
			e, ok := positiveSteps(rc.Every, net.dt)
			if !ok {
				return nil, fmt.Errorf("%s: every %g ms: the time between samples must be a whole number ≥ 1 of the network's steps of %g ms (0: every step)", what, rc.Every, net.dt)
			}
			every = e
		}
		runs := net.locate(rc.Neurons)
		switch rc.Variable {
		case "v", "u", "I":
		default:
			if !validVariableName(rc.Variable) {
				return nil, fmt.Errorf("%s: variable name %q: want v, u, I or a name of letters, digits and underscores, starting with a letter", what, rc.Variable)
			}
			for _, r := range runs {
				p := net.pops[r.pop]
				if p.vars == nil {
					return nil, fmt.Errorf("%s: population %q declares no variables: give its model the methods Variables and Variable (snn.StateVariables) and, in an interpreted script, set PopulationConfig.Variables to the model", what, p.Name)
				}
				if x := p.vars.Variable(rc.Variable); len(x) != p.Size {
					if x == nil {
						return nil, fmt.Errorf("%s: population %q has no variable %q: its variables are I and %s", what, p.Name, rc.Variable, strings.Join(p.vars.Variables(), ", "))
					}
					return nil, fmt.Errorf("%s: variable %q of population %q has %d values for %d neurons", what, rc.Variable, p.Name, len(x), p.Size)
				}
			}
		}
		samples, first := sampled(net.t, steps, every)
		out = append(out, recorder{
			out: &Recorded{
				Variable: rc.Variable,
				Neurons:  slices.Clone(rc.Neurons),
				Samples:  samples, First: first, Every: every,
				Values: make([]float64, 0, samples*len(rc.Neurons)),
			},
			every: every,
			runs:  runs,
		})
	}
	return out, nil
}

// record appends the values at the end of step t to the recordings that
// sample it.
func (net *Network) recordRecordings(recs []recorder, t int) error {
	for _, rc := range recs {
		if t%rc.every != 0 {
			continue
		}
		r := rc.out
		for _, run := range rc.runs {
			p := net.pops[run.pop]
			var x []float64
			switch r.Variable {
			case "v":
				x, _ = p.model.State()
			case "u":
				if _, x = p.model.State(); x == nil {
					r.Values = append(r.Values, make([]float64, run.n)...)
					continue
				}
			case "I":
				r.Values = append(r.Values, net.current[run.first:run.first+run.n]...)
				continue
			default:
				if p.vars != nil {
					x = p.vars.Variable(r.Variable)
				}
				if len(x) != p.Size {
					return fmt.Errorf("variable %q of population %q has %d values for %d neurons", r.Variable, p.Name, len(x), p.Size)
				}
			}
			r.Values = append(r.Values, x[run.local:run.local+run.n]...)
		}
	}
	return nil
}

// recordingBytes returns the memory that the recordings of a run of steps
// steps from network step start keep, at a step of dt ms (recordings that
// a run refuses count as every step).
func recordingBytes(recs []Recording, start, steps int, dt float64) float64 {
	b := 0.0
	for _, rc := range recs {
		every := 1
		if e, ok := positiveSteps(rc.Every, dt); ok {
			every = e
		}
		samples, _ := sampled(start, steps, every)
		b += 8 * float64(len(rc.Neurons)) * float64(samples)
	}
	return b
}

// window returns the samples of r in the steps start ≤ t < end of the
// network, for a run that started at network step runStart.
func (r *Recorded) window(runStart, start, end int) *Recorded {
	n := len(r.Neurons)
	w := &Recorded{Variable: r.Variable, Neurons: slices.Clone(r.Neurons), Every: r.Every}
	for k := range r.Samples {
		t := runStart + r.Step(k)
		if t < start || t >= end || len(r.Values) < (k+1)*n {
			continue
		}
		if w.Samples == 0 {
			w.First = t - start
		}
		w.Samples++
		w.Values = append(w.Values, r.Values[k*n:(k+1)*n]...)
	}
	return w
}

// subset returns the samples of r's neurons with pos[i] ≥ 0, renumbered
// pos[i] (none, when no neuron of r is in the group: the recordings keep
// their order).
func (r *Recorded) subset(pos []int32) *Recorded {
	var keep, renumbered []int
	for j, i := range r.Neurons {
		if i >= 0 && i < len(pos) && pos[i] >= 0 {
			keep, renumbered = append(keep, j), append(renumbered, int(pos[i]))
		}
	}
	n := len(r.Neurons)
	out := &Recorded{Variable: r.Variable, Neurons: renumbered, Samples: r.Samples, First: r.First, Every: r.Every}
	for k := range r.Samples {
		for _, j := range keep {
			if k*n+j >= len(r.Values) {
				break
			}
			out.Values = append(out.Values, r.Values[k*n+j])
		}
	}
	return out
}
