package snn

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gosnn/gosnn/snn/internal/kernel"
	"github.com/gosnn/gosnn/snn/rng"
)

// Len returns the number of neurons.
func (net *Network) Len() int { return net.n }

// Time returns the number of steps done so far.
func (net *Network) Time() int { return net.t }

// Populations describes the populations, in order.
func (net *Network) Populations() []PopulationInfo {
	info := make([]PopulationInfo, len(net.pops))
	for k, p := range net.pops {
		info[k] = p.PopulationInfo
	}
	return info
}

// Model returns the dynamics of population k, e.g. an [*Izhikevich] whose
// parameters and state can be read or changed between steps.
func (net *Network) Model(k int) Model { return net.pops[k].model }

// Synapses returns the network's synapses.
func (net *Network) Synapses() Synapses { return net.syn }

// Rand returns the network's random generator.
func (net *Network) Rand() rng.Generator { return net.rng }

// Input returns the input current of every neuron in the last step.
func (net *Network) Input() []float64 { return net.current }

// Fired returns the network indices of the neurons that fired in the last
// step, in increasing order. The slice is reused by the next step.
func (net *Network) Fired() []int { return net.fired }

// RunOptions choose what a run records. A nil *RunOptions records spikes
// only.
type RunOptions struct {
	// Trace lists the network indices of the neurons whose v, u and I are
	// recorded in Result.Traces at the end of every step; TraceAll records
	// every neuron.
	Trace    []int
	TraceAll bool
	// Record names further variables to record for the traced neurons,
	// besides v, u and I, with the same samples (TraceEvery): every traced
	// neuron's model must declare them ([StateVariables]), as a
	// Hodgkin–Huxley model may declare m, h and n. They are kept in
	// Result.Traces (Names, Values; [Traces.Variable]), not streamed to
	// TraceTo.
	Record []string
	// TraceEvery, if above 1, records those traces only at the end of the
	// steps t with t % TraceEvery == 0 (t the network's step, as for
	// TraceTo), so that they take about TraceEvery times less memory; 0 or
	// 1 records every step. It is a count of steps, every TraceEvery·dt
	// ms, and must not be negative; TraceInterval says the same in ms.
	TraceEvery int
	// TraceInterval, if not 0, is the time between trace samples in ms:
	// a whole number ≥ 1 of the network's steps, which it sets TraceEvery
	// to (so at 0.1 ms TraceInterval 1 samples every 10th step, the
	// steps that start a millisecond). A run refuses an interval that is
	// not whole steps, or one that disagrees with a TraceEvery above 1.
	// [Traces].Every holds the step count of a run's traces.
	TraceInterval float64
	// Recordings record chosen variables of chosen neurons, each at its
	// own interval in ms ([Recording]), besides the traces: their values
	// are in Result.Recorded, in the same order. They are kept in memory
	// (not streamed); [Result.Save] writes them.
	Recordings []Recording

	// Progress, if not nil, is called after every ProgressEvery steps
	// (default 10) and after the last one, with the steps done in this run
	// and the total.
	Progress      func(done, total int)
	ProgressEvery int

	// Spikes, if not nil, receives every step's spikes as the run makes
	// them (see [SpikeWriter]), and Result.Spikes stays empty, so the
	// memory of a long run does not grow with its spikes. Without it the
	// run stops with an error wrapping [ErrTooLarge] when the spikes it
	// keeps outgrow the network's memory limit (Config.MaxBytes).
	Spikes SpikeSink

	// TraceTo, if not nil, receives the v, u and I of its neurons as the
	// run makes them (see [TraceSink]; [CreateTraceFile] streams them to
	// a CSV file), in bounded memory, besides any traces recorded in
	// Result.Traces.
	TraceTo TraceSink
}

// A SpikeSink receives the spikes of a run, step by step: the network
// indices of the neurons that fired in step t (from t·dt to (t+1)·dt ms),
// in increasing order. The
// slice is reused after the call returns. An error stops the run.
// [SpikeWriter] writes them to a file.
type SpikeSink interface {
	WriteStep(t int, neurons []int) error
}

// A TraceSink receives the v, u and I of chosen neurons during a run, so
// that long runs are traced in bounded memory and trace formats can live
// outside this package. [TraceWriter] writes them to a CSV file.
type TraceSink interface {
	// TraceNeurons returns the network indices of the neurons to trace,
	// in the order of the values WriteSample receives, and how often to
	// sample them: at the end of the steps t with t % every == 0 (every
	// must be at least 1).
	TraceNeurons() (neurons []int, every int)
	// WriteSample receives the values at the end of step t. The slices
	// are reused after the call returns. An error stops the run.
	WriteSample(t int, v, u, I []float64) error
}

// traceEvery returns the steps between trace samples that o asks for at
// a step of dt ms: TraceEvery, or TraceInterval in steps.
func (o *RunOptions) traceEvery(dt float64) (int, error) {
	if o.TraceEvery < 0 {
		return 0, fmt.Errorf("RunOptions.TraceEvery %d: traces are recorded every TraceEvery steps, which must be at least 1 (0 records every step, as 1 does)", o.TraceEvery)
	}
	every := max(o.TraceEvery, 1)
	if o.TraceInterval == 0 {
		return every, nil
	}
	k, ok := wholeSteps(o.TraceInterval, dt)
	if !ok || k < 1 || !finite(o.TraceInterval) {
		return 0, fmt.Errorf("RunOptions.TraceInterval %g ms: the time between trace samples must be a whole number ≥ 1 of the network's steps of %g ms", o.TraceInterval, dt)
	}
	if o.TraceEvery > 1 && o.TraceEvery != k {
		return 0, fmt.Errorf("RunOptions.TraceInterval %g ms is %d steps of %g ms, but TraceEvery is %d: give one of them", o.TraceInterval, k, dt, o.TraceEvery)
	}
	return k, nil
}

// RunFor advances the network by ms milliseconds, a whole number ≥ 1 of
// its steps ([Network.StepsFor]), and returns what it recorded, as
// [Network.Run] does for that many steps.
func (net *Network) RunFor(ctx context.Context, ms float64, opts *RunOptions) (*Result, error) {
	steps, err := net.StepsFor(ms)
	if err != nil {
		return nil, fmt.Errorf("run for %w", err)
	}
	if steps < 1 {
		return nil, fmt.Errorf("run for %g ms: need at least one step of %g ms", ms, net.dt)
	}
	return net.Run(ctx, steps, opts)
}

// Run advances the network by steps time steps (steps·dt ms; see
// [Network.StepsFor]) and returns
// what it recorded. It stops early, returning what was recorded so far
// along with the error, when ctx is cancelled or a neuron's state stops
// being finite.
func (net *Network) Run(ctx context.Context, steps int, opts *RunOptions) (*Result, error) {
	if steps <= 0 {
		return nil, fmt.Errorf("run of %d steps: the number of steps (of %g ms) must be at least 1", steps, net.dt)
	}
	if opts == nil {
		opts = &RunOptions{}
	}
	traceEvery, err := opts.traceEvery(net.dt)
	if err != nil {
		return nil, err
	}
	res := &Result{Start: net.t, DT: net.dt, Populations: net.Populations(), N: net.n}
	var where []traceRun
	if opts.TraceAll || len(opts.Trace) > 0 {
		neurons := opts.Trace
		if opts.TraceAll {
			neurons = make([]int, net.n)
			for i := range neurons {
				neurons[i] = i
			}
		}
		for _, i := range neurons {
			if i < 0 || i >= net.n {
				return nil, fmt.Errorf("trace neuron %d out of range: the network has neurons 0 to %d", i, net.n-1)
			}
		}
		if err := net.checkRunBytes(steps, opts); err != nil {
			return nil, err
		}
		samples, first := sampled(net.t, steps, traceEvery)
		res.Traces = newTraces(neurons, samples)
		res.Traces.First, res.Traces.Every = first, traceEvery
		where = net.locate(neurons)
		if err := net.checkRecord(opts.Record, where); err != nil {
			return nil, err
		}
		res.Traces.Names = slices.Clone(opts.Record)
		res.Traces.Values = make([][]float64, len(opts.Record))
		for j := range res.Traces.Values {
			res.Traces.Values[j] = make([]float64, 0, len(neurons)*samples)
		}
	} else if len(opts.Record) > 0 {
		return nil, fmt.Errorf("RunOptions.Record %v: variables are recorded for the traced neurons; choose them with Trace or TraceAll", opts.Record)
	}
	recs, err := net.startRecordings(opts.Recordings, steps)
	if err != nil {
		return nil, err
	}
	if res.Traces == nil && len(recs) > 0 {
		if err := net.checkRunBytes(steps, opts); err != nil {
			return nil, err
		}
	}
	for _, rc := range recs {
		res.Recorded = append(res.Recorded, rc.out)
	}
	maxSpikes := int(net.spikeBudget(steps, opts) / spikeBytes)
	if opts.Spikes == nil {
		// Room for a 10 Hz run, so that the spikes rarely need copying.
		expect := float64(net.n) * float64(steps) * net.dt / 1000 * 10
		res.Spikes = make(Spikes, 0, int(min(expect, float64(maxSpikes), 1<<24)))
		// Appending a step's spikes touches fresh memory: with 4 KB
		// pages a page fault every 256 spikes, and a page fault is slow
		// on a virtual machine (BENCHMARKS.md, "Measurements behind the
		// code").
		adviseHugePages(res.Spikes)
	}
	// A sink that turns steps into times learns the step first.
	for _, sink := range []any{opts.Spikes, opts.TraceTo} {
		if ts, ok := sink.(TimeStepper); ok {
			if err := ts.SetTimeStep(net.dt); err != nil {
				return nil, err
			}
		}
	}
	var streamed []traceRun
	var scratch Traces // one step of the streamed traces
	streamEvery := 0
	if opts.TraceTo != nil {
		var neurons []int
		neurons, streamEvery = opts.TraceTo.TraceNeurons()
		if streamEvery < 1 {
			return nil, fmt.Errorf("trace sink samples every %d steps: must be at least 1", streamEvery)
		}
		for _, i := range neurons {
			if i < 0 || i >= net.n {
				return nil, fmt.Errorf("trace file neuron %d out of range: the network has neurons 0 to %d", i, net.n-1)
			}
		}
		streamed = net.locate(neurons)
	}
	every := opts.ProgressEvery
	if every <= 0 {
		every = 10
	}
	events0 := net.events
	start := time.Now()
	ahead := net.startNoiseAhead(steps)
	if net.eng.team = net.startTeam(); net.eng.team != nil {
		defer func() {
			net.eng.team.close()
			net.eng.team = nil
		}()
	}
	// With a team, a step's spikes are kept aside and appended to
	// res.Spikes during the next step's parallel phase, by the calling
	// goroutine while the helpers work (see team.run): the appending
	// touches fresh memory, slow on a virtual machine, and would otherwise
	// leave the helpers waiting. The spikes and their order are the same.
	var pending []int
	pendingT := 0
	appendPending := func() {
		for _, i := range pending {
			res.Spikes = append(res.Spikes, Spike{T: pendingT, Neuron: i})
		}
		pending = pending[:0]
	}
	defer func() { net.eng.beside = nil }()
	for s := range steps {
		if err = ctx.Err(); err != nil {
			err = fmt.Errorf("run stopped at step %d of %d: %w", s, steps, err)
			break
		}
		err = net.step(net.nextInput(ahead))
		if net.eng.beside != nil { // the step had no parallel phase to do it in
			net.eng.beside()
			net.eng.beside = nil
		}
		if err != nil {
			break
		}
		t := net.t - 1
		if opts.Spikes != nil {
			if err = opts.Spikes.WriteStep(t, net.fired); err != nil {
				err = fmt.Errorf("run stopped at step %d of %d: writing spikes: %w", s, steps, err)
				break
			}
		} else {
			// pending is empty here: the step appended it, or it was
			// appended just after the step.
			if len(res.Spikes)+len(net.fired) > maxSpikes {
				err = fmt.Errorf("%w: run stopped at step %d of %d: the %d spikes recorded so far take %s, and the memory limit is %s; stream them to a file (RunOptions.Spikes, snn.CreateSpikeFile), run fewer steps at a time, or raise the limit (Config.MaxBytes; snn simulate --max-gb)",
					ErrTooLarge, s, steps, len(res.Spikes), humanBytes(float64(len(res.Spikes))*spikeBytes), humanBytes(net.limit))
				break
			}
			pending, pendingT = append(pending, net.fired...), t
			if net.eng.team != nil {
				net.eng.beside = appendPending
			} else {
				appendPending()
			}
		}
		if ts := opts.TraceTo; ts != nil && t%streamEvery == 0 {
			scratch.V, scratch.U, scratch.I = scratch.V[:0], scratch.U[:0], scratch.I[:0]
			net.record(&scratch, streamed)
			if err = ts.WriteSample(t, scratch.V, scratch.U, scratch.I); err != nil {
				err = fmt.Errorf("run stopped at step %d of %d: writing traces: %w", s, steps, err)
				break
			}
		}
		// Recorded last, so that a step which stops the run is neither
		// counted nor traced: Traces.Samples stays true to the values.
		if res.Traces != nil && t%traceEvery == 0 {
			net.record(res.Traces, where)
			if err = net.recordVariables(res.Traces, where); err != nil {
				err = fmt.Errorf("run stopped at step %d of %d: %w", s, steps, err)
				break
			}
		}
		if recs != nil {
			if err = net.recordRecordings(recs, t); err != nil {
				err = fmt.Errorf("run stopped at step %d of %d: %w", s, steps, err)
				break
			}
		}
		res.Steps++
		if opts.Progress != nil && (res.Steps%every == 0 || res.Steps == steps) {
			opts.Progress(res.Steps, steps)
		}
	}
	appendPending() // the last step's, or those of a run that stopped
	if ahead != nil {
		ahead.stop(net)
	}
	res.Wall = time.Since(start)
	res.SynapticEvents = net.events - events0
	if res.Traces != nil {
		// The samples of the steps run: all of them, unless the run stopped.
		res.Traces.Samples, _ = sampled(res.Start, res.Steps, traceEvery)
	}
	for _, rc := range recs {
		rc.out.Samples, _ = sampled(res.Start, res.Steps, rc.every)
	}
	return res, err
}

// record appends the traced neurons' v, u and I to tr, copying each run
// of consecutive neurons of one population at once.
func (net *Network) record(tr *Traces, runs []traceRun) {
	for _, r := range runs {
		v, u := net.pops[r.pop].model.State()
		tr.V = appendTrace(tr.V, v[r.local:r.local+r.n])
		if u != nil {
			tr.U = appendTrace(tr.U, u[r.local:r.local+r.n])
		} else {
			tr.U = append(tr.U, make([]float64, r.n)...)
		}
		tr.I = appendTrace(tr.I, net.current[r.first:r.first+r.n])
	}
}

// checkRecord reports a variable of names that a traced population's model
// does not declare, or a name that is not one.
func (net *Network) checkRecord(names []string, runs []traceRun) error {
	seen := map[string]bool{}
	for _, name := range names {
		if !validVariableName(name) {
			return fmt.Errorf("RunOptions.Record: variable name %q: want letters, digits and underscores, starting with a letter", name)
		}
		if strings.EqualFold(name, "v") || strings.EqualFold(name, "u") || strings.EqualFold(name, "I") || seen[name] {
			return fmt.Errorf("RunOptions.Record: variable %q is recorded already (v, u and I always are; name each other variable once)", name)
		}
		seen[name] = true
		for _, r := range runs {
			p := net.pops[r.pop]
			sv := p.vars
			if sv == nil {
				return fmt.Errorf("RunOptions.Record: population %q declares no variables: give its model the methods Variables and Variable (snn.StateVariables) and, in an interpreted script, set PopulationConfig.Variables to the model; or trace only other populations' neurons", p.Name)
			}
			if x := sv.Variable(name); len(x) != p.Size {
				if x == nil {
					return fmt.Errorf("RunOptions.Record: population %q has no variable %q: its variables are %s", p.Name, name, strings.Join(sv.Variables(), ", "))
				}
				return fmt.Errorf("RunOptions.Record: variable %q of population %q has %d values for %d neurons", name, p.Name, len(x), p.Size)
			}
		}
	}
	return nil
}

func validVariableName(s string) bool {
	for k, c := range s {
		letter := c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		if !letter && (k == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return s != ""
}

// recordVariables appends the traced neurons' recorded variables to tr.
func (net *Network) recordVariables(tr *Traces, runs []traceRun) error {
	for j, name := range tr.Names {
		for _, r := range runs {
			p := net.pops[r.pop]
			var x []float64
			if p.vars != nil {
				x = p.vars.Variable(name)
			}
			if len(x) != p.Size {
				return fmt.Errorf("variable %q of population %q has %d values for %d neurons", name, p.Name, len(x), p.Size)
			}
			tr.Values[j] = append(tr.Values[j], x[r.local:r.local+r.n]...)
		}
	}
	return nil
}

// appendTrace appends x to a trace. Within the trace's capacity it writes
// around the caches (kernel.CopyStreaming): a run's traces are written
// once and read after the run.
func appendTrace(tr, x []float64) []float64 {
	n := len(tr)
	if n+len(x) > cap(tr) {
		return append(tr, x...)
	}
	tr = tr[:n+len(x)]
	kernel.CopyStreaming(tr[n:], x)
	return tr
}

// traceRun is a run of n traced neurons with consecutive network indices
// from first, in one population, starting at index local in it.
type traceRun struct{ pop, local, first, n int }

// locate groups the traced neurons, in their order, into runs.
func (net *Network) locate(neurons []int) []traceRun {
	var runs []traceRun
	for _, i := range neurons {
		pop := 0
		for pop < len(net.pops)-1 && i >= net.pops[pop].Start+net.pops[pop].Size {
			pop++
		}
		if k := len(runs) - 1; k >= 0 && runs[k].pop == pop && runs[k].first+runs[k].n == i {
			runs[k].n++
			continue
		}
		runs = append(runs, traceRun{pop: pop, local: i - net.pops[pop].Start, first: i, n: 1})
	}
	return runs
}
