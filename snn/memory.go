package snn

import (
	"fmt"
	"math"
	"strings"
)

// Bytes taken per item, used by the memory estimates.
const (
	spikeBytes  = 16 // one Spike in Result.Spikes
	neuronBytes = 8 * 8
	sampleBytes = 3 * 8 // v, u and I of one traced neuron in one sample
)

// MemoryEstimate is the memory, in bytes, that a network and a run of it
// need; see [EstimateMemory].
type MemoryEstimate struct {
	Synapses int64 // weight matrix (dense or sparse)
	Neurons  int64 // state, parameters and input of every neuron
	Spikes   int64 // spikes kept in Result.Spikes (0 when streamed)
	Traces   int64 // v, u, I of the traced neurons
}

// Total returns the sum of the parts.
func (m MemoryEstimate) Total() int64 { return m.Synapses + m.Neurons + m.Spikes + m.Traces }

// String returns the parts in MB or GB.
func (m MemoryEstimate) String() string {
	return fmt.Sprintf("%s (synapses %s, neurons %s, spikes %s, traces %s)",
		humanBytes(m.Total()), humanBytes(m.Synapses), humanBytes(m.Neurons), humanBytes(m.Spikes), humanBytes(m.Traces))
}

func humanBytes[B int64 | float64](bytes B) string {
	b := float64(bytes)
	switch {
	case b >= 1e9:
		return fmt.Sprintf("%.2f GB", b/1e9)
	case b >= 1e6:
		return fmt.Sprintf("%.1f MB", b/1e6)
	case b >= 1e3:
		return fmt.Sprintf("%.0f kB", b/1e3)
	}
	return fmt.Sprintf("%.0f B", b)
}

// EstimateRateHz is the firing rate [EstimateMemory] assumes for the
// spikes a run keeps in memory: above the tutorial network's 7.5 Hz.
// Runaway networks fire faster (up to 240 Hz among the tutorial's preset
// pairs); [Network.Run] stops a run whose kept spikes outgrow the limit.
const EstimateRateHz = 20

// EstimateMemory returns the memory that the network cfg describes and a
// first run of steps steps with opts would take, before building anything.
// Expected sizes are used for random sparse synapses and for the spikes
// (at EstimateRateHz); traces are exact, counting only the samples that
// opts.TraceEvery (or TraceInterval) keeps, and those of
// opts.Recordings.
func EstimateMemory(cfg Config, steps int, opts *RunOptions) MemoryEstimate {
	n := 0
	for _, p := range cfg.Populations {
		n += max(p.Size, 0)
	}
	var m MemoryEstimate
	switch {
	case cfg.Synapses != nil:
		if b, ok := cfg.Synapses.(interface{ Bytes() int64 }); ok {
			m.Synapses = b.Bytes()
		}
	case cfg.Connectivity != nil:
		m.Synapses = SparseBytes(n, expectedSynapses(*cfg.Connectivity, n), cfg.WeightPrecision)
	default:
		m.Synapses = DenseBytes(n)
	}
	m.Neurons = neuronBytes * int64(n)
	dt, err := checkDT(cfg.DT)
	if err != nil {
		dt = DefaultDT
	}
	spikes, traces := runBytes(n, 0, steps, dt, opts)
	m.Spikes, m.Traces = int64(math.Round(spikes)), int64(math.Round(traces))
	return m
}

// runBytes estimates the spikes and traces that a run of steps steps from
// network step start keeps in memory.
func runBytes(n, start, steps int, dt float64, opts *RunOptions) (spikes, traces float64) {
	if opts == nil {
		opts = &RunOptions{}
	}
	if opts.Spikes == nil {
		spikes = spikeBytes * float64(n) * float64(steps) * dt / 1000 * EstimateRateHz
	}
	traced := len(opts.Trace)
	if opts.TraceAll {
		traced = n
	}
	every, err := opts.traceEvery(dt)
	if err != nil {
		every = max(opts.TraceEvery, 1) // Run refuses the options
	}
	samples, _ := sampled(start, steps, every)
	traces = perSample(opts)*float64(traced)*float64(samples) + recordingBytes(opts.Recordings, start, steps, dt)
	return spikes, traces
}

// expectedSynapses is c.ExpectedSynapses(n) rounded to a count.
func expectedSynapses(c Connectivity, n int) int64 {
	return int64(math.Round(c.ExpectedSynapses(n)))
}

// checkConnectivityBytes refuses sparse synapses whose expected size is
// over limit.
func checkConnectivityBytes(n int, c Connectivity, p WeightPrecision, limit int64) error {
	nnz := expectedSynapses(c, n)
	b := SparseBytes(n, nnz, p)
	if b <= limit {
		return nil
	}
	hint := "use fewer neurons or fewer synapses per neuron"
	if p != Float32Weights {
		hint += fmt.Sprintf(", or float32 weights (%s)", humanBytes(SparseBytes(n, nnz, Float32Weights)))
	}
	return fmt.Errorf("%w: %d neurons with connectivity %s have about %.3g synapses, which need %s, over the %s limit; %s, or raise the limit (Config.MaxBytes; snn simulate --max-gb)",
		ErrTooLarge, n, c, float64(nnz), humanBytes(b), humanBytes(limit), hint)
}

// denseTooLarge is the error for a dense matrix of n neurons over limit:
// how much it needs and how many neurons a dense matrix within the limit
// can have.
func denseTooLarge(n int, limit int64) error {
	fit := int(math.Floor(math.Sqrt(float64(limit) / 8)))
	for DenseBytes(fit+1) <= limit {
		fit++
	}
	for fit > 0 && DenseBytes(fit) > limit {
		fit--
	}
	return fmt.Errorf("%w: a dense weight matrix for %d neurons needs %s, over the %s limit; use at most %d neurons, sparse connectivity (Config.Connectivity; snn simulate --conn), or raise the limit (Config.MaxBytes; snn simulate --max-gb)",
		ErrTooLarge, n, humanBytes(DenseBytes(n)), humanBytes(limit), fit)
}

// checkRunBytes refuses a run whose traces would not fit in the room the
// weights leave within the limit. Its suggestions also leave room for the
// spikes the run is expected to keep.
func (net *Network) checkRunBytes(steps int, opts *RunOptions) error {
	spikes, traces := runBytes(net.n, net.t, steps, net.dt, opts)
	syn := float64(net.synapseBytes())
	room := max(float64(net.limit)-syn, 0)
	if traces <= room {
		return nil
	}
	hintRoom := max(room-spikes, 0)
	traced := len(opts.Trace)
	if opts.TraceAll {
		traced = net.n
	}
	every, err := opts.traceEvery(net.dt)
	if err != nil {
		return err
	}
	samples, _ := sampled(net.t, steps, every)
	what := fmt.Sprintf("tracing %d neurons for %d steps", traced, steps)
	if every > 1 {
		what += fmt.Sprintf(", sampled every %d steps,", every)
	}
	if n := len(opts.Recordings); n > 0 {
		what += fmt.Sprintf(" with %d recordings (RunOptions.Recordings: %s)", n, humanBytes(recordingBytes(opts.Recordings, net.t, steps, net.dt)))
	}
	limit := fmt.Sprintf("over the %s limit", humanBytes(net.limit))
	if syn > 0 {
		limit = fmt.Sprintf("over the %s that the %s limit leaves beside the weights' %s", humanBytes(room), humanBytes(net.limit), humanBytes(syn))
	}
	var hints []string
	if fit := int(math.Floor(hintRoom / (perSample(opts) * float64(samples)))); fit >= 1 {
		hints = append(hints, fmt.Sprintf("trace at most %d neurons (RunOptions.Trace)", fit))
	}
	// A run of steps steps has at most ⌈steps/e⌉ samples every e steps.
	if most := math.Floor(hintRoom / (perSample(opts) * float64(traced))); most >= 1 {
		e := int(math.Ceil(float64(steps) / most))
		hints = append(hints, fmt.Sprintf("keep one step in %d (RunOptions.TraceEvery %d or more; snn simulate --trace-every)", e, e))
	}
	hint := strings.Join(hints, " or ")
	if hint != "" && spikes > 0 {
		hint += fmt.Sprintf(", which leaves %s for spikes at %d Hz", humanBytes(spikes), EstimateRateHz)
	}
	if hint != "" {
		hint += "; or "
	}
	return fmt.Errorf("%w: %s needs %s, %s; %srun fewer steps at a time, or raise the limit (Config.MaxBytes; snn simulate --max-gb)",
		ErrTooLarge, what, humanBytes(traces), limit, hint)
}

// synapseBytes returns the memory of the network's weights.
func (net *Network) synapseBytes() int64 {
	switch s := net.syn.(type) {
	case *Dense:
		return DenseBytes(s.n)
	case interface{ Bytes() int64 }:
		return s.Bytes()
	}
	return 0
}

// spikeBudget returns the memory left for the spikes a run keeps: the
// limit less the synapses and the traces.
func (net *Network) spikeBudget(steps int, opts *RunOptions) float64 {
	_, traces := runBytes(net.n, net.t, steps, net.dt, opts)
	return max(float64(net.limit-net.synapseBytes())-traces, 0)
}

// perSample returns the bytes of one traced neuron in one sample: v, u, I
// and the variables opts.Record names.
func perSample(opts *RunOptions) float64 {
	return sampleBytes + 8*float64(len(opts.Record))
}
