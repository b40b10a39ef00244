package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/rng"
)

// simulateConfig is everything the simulate flags set.
type simulateConfig struct {
	seed       uint64
	steps      int
	ne, ni     int
	exc, inh   string
	we, wi     float64
	scenario   string
	scaling    string
	rng        string
	spikes     string
	traces     string
	traceEvery int
	out        string
	format     string
	json       bool
	conn       string
	float32    bool
	maxGB      float64
	dt         float64 // --dt, ms per step
	scheme     string  // --scheme
	setWeights bool    // --we or --wi given explicitly
}

// usageError is an error in the command line: exit status 2.
type usageError struct{ error }

func simulateFlags(cfg *simulateConfig, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Uint64Var(&cfg.seed, "seed", 0, "random seed (`N`; numpy accepts 0 to 4294967295, as np.random.seed does)")
	fs.IntVar(&cfg.steps, "T", 1000, "simulated time in `ms` (T/dt steps)")
	fs.Float64Var(&cfg.dt, "dt", snn.DefaultDT, "time step in `ms`: 1 is the tutorial's; smaller steps (e.g. 0.1, 0.05, 0.025) must divide 1 ms, as the noise holds one value per ms")
	fs.StringVar(&cfg.scheme, "scheme", snn.TutorialScheme.String(), "integration `scheme` of the neurons: "+strings.Join(snn.SchemeNames(), ", ")+" (tutorial: two half steps of v, one of u, bit-exact at 1 ms; euler: forward Euler; rk4: Runge–Kutta 4, for dt ≤ 0.1; neuron: NEURON's implicit Euler, for dt ≤ 0.1, to compare with PyNN runs)")
	fs.IntVar(&cfg.ne, "ne", 800, "number of excitatory neurons (`N` ≥ 0; 0 leaves the population out)")
	fs.IntVar(&cfg.ni, "ni", 200, "number of inhibitory neurons (`N` ≥ 0; 0 leaves the population out: a purely excitatory network)")
	fs.StringVar(&cfg.exc, "exc", "RS", "excitatory neuron `preset`: "+strings.Join(snn.PresetNames(), ", "))
	fs.StringVar(&cfg.inh, "inh", "LTS", "inhibitory neuron `preset`: "+strings.Join(snn.PresetNames(), ", "))
	fs.Float64Var(&cfg.we, "we", 0.5, "excitatory weight scale (current units: the input I, in which 1 moves v by about 1 mV/ms): weights are U(0, `we`)")
	fs.Float64Var(&cfg.wi, "wi", 1.0, "inhibitory weight scale (current units): weights are −U(0, `wi`)")
	fs.StringVar(&cfg.scenario, "scenario", "", scenarioHelp())
	fs.StringVar(&cfg.scaling, "scale-weights", "none", "scale we and wi with --ne against 800 and --ni against 200, so a larger network keeps the tutorial's activity: none, total-input (×800/ne, ×200/ni) or sqrt-n (×√(800/ne), ×√(200/ni))")
	fs.StringVar(&cfg.rng, "rng", "numpy", "random generator: numpy (bit-for-bit NumPy, reproduces the tutorial's Python code) or fast")
	fs.StringVar(&cfg.spikes, "spikes", "", "write the spikes to `FILE` as CSV: header t,neuron then one row per spike, as np.savetxt writes it")
	fs.StringVar(&cfg.traces, "traces", "", "neurons whose v, u and I to save with --out: all, or a comma-separated `list` of indices (default for the traces figure: 0 and N−1)")
	fs.IntVar(&cfg.traceEvery, "trace-every", 1, "with --out, record the traces at every `N`-th ms only (steps t with t % N == 0): N times less memory for long runs; traces.csv, the .npy files and the figures hold these samples")
	fs.StringVar(&cfg.out, "out", "", "write spikes.csv, summary.json, traces and figures into `DIR` (created if needed)")
	fs.StringVar(&cfg.format, "format", "png", "figure format with --out: png, svg or pdf")
	fs.BoolVar(&cfg.json, "json", false, "print one JSON object instead of the human summary")
	fs.StringVar(&cfg.conn, "conn", "dense", "connectivity: dense (the tutorial's all-to-all matrix), p=`P` (each pair with probability P), indegree=K (K synapses into every neuron) or outdegree=K (K out of every neuron); sparse synapses are drawn on all cores from per-neuron streams of --seed, with weights as for dense")
	fs.Float64Var(&cfg.maxGB, "max-gb", float64(snn.DefaultMaxBytes)/1e9, "refuse networks whose weights, or runs whose recorded spikes and traces, would take more than `GB` gigabytes")
	fs.BoolVar(&cfg.float32, "float32", false, "store sparse weights as float32 (less memory and memory traffic; sums stay float64)")
	setUsage(fs, `Usage: snn simulate [flags]

Simulates Izhikevich's network of excitatory and inhibitory neurons as the
tutorial does: heterogeneous neurons, a dense random weight matrix, Gaussian
noise input, 1 ms steps. With --rng numpy (the default) the run reproduces
the tutorial's NumPy code with np.random.seed(SEED) spike for spike.

Examples:
  snn simulate --seed 0 --spikes spikes.csv     # the tutorial's run: 7648 spikes
  snn simulate --scenario S2 --json
  snn simulate --exc RS --inh CH --scenario S5 --out results/
  snn simulate --T 60000 --out results/ --trace-every 100   # a minute; traces of every 100th ms
  snn simulate --ne 80000 --ni 20000 --conn indegree=1000 --float32 --rng fast --json

Exit status: 0 success, 1 the run or an output failed, 2 bad command line.

Flags:
`)
	return fs
}

func simulate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var cfg simulateConfig
	fs := simulateFlags(&cfg, stderr)
	if status, done := parseOnlyFlags(fs, args, stdout); done {
		return status
	}
	cfg.noteWeightFlags(fs)
	err := runSimulate(ctx, cfg, stdout)
	if err == nil {
		return 0
	}
	fmt.Fprintf(stderr, "snn simulate: %v\n", err)
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(stderr, "Run 'snn simulate --help' for the flags and their allowed values.")
		return 2
	}
	return 1
}

// scenarioHelp describes --scenario from the scenario table, so that the
// help lists every scenario snn.LookupScenario accepts, with its weights.
func scenarioHelp() string {
	var b strings.Builder
	b.WriteString("named weight scenario (`name`) setting we and wi:")
	for i, s := range snn.Scenarios() {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, " %s (%g, %g)", s.Name, s.Excitatory, s.Inhibitory)
	}
	return b.String()
}

// networkConfig checks the flags and turns them into a network configuration.
func (cfg *simulateConfig) networkConfig() (snn.Config, error) {
	bad := func(format string, a ...any) (snn.Config, error) {
		return snn.Config{}, usageError{fmt.Errorf(format, a...)}
	}
	if cfg.steps <= 0 {
		return bad("--T %d: the simulated time must be at least 1 ms", cfg.steps)
	}
	if cfg.ne < 0 || cfg.ni < 0 || cfg.ne+cfg.ni == 0 {
		return bad("--ne %d --ni %d: neuron counts must be ≥ 0 (0 leaves that population out), and the network needs at least one neuron", cfg.ne, cfg.ni)
	}
	exc, err := snn.LookupPreset(cfg.exc)
	if err != nil {
		return bad("--exc: %v", err)
	}
	inh, err := snn.LookupPreset(cfg.inh)
	if err != nil {
		return bad("--inh: %v", err)
	}
	if cfg.scenario != "" {
		if cfg.setWeights {
			return bad("--scenario %s sets both weight scales: give either --scenario or --we/--wi", cfg.scenario)
		}
		s, err := snn.LookupScenario(cfg.scenario)
		if err != nil {
			return bad("--scenario: %v", err)
		}
		cfg.we, cfg.wi = s.Excitatory, s.Inhibitory
	}
	for _, w := range []struct {
		name string
		x    float64
	}{{"we", cfg.we}, {"wi", cfg.wi}} {
		if math.IsNaN(w.x) || math.IsInf(w.x, 0) || w.x < 0 {
			return bad("--%s %g: a weight scale must be a finite number ≥ 0", w.name, w.x)
		}
	}
	gen, err := rng.New(cfg.rng, cfg.seed)
	if err != nil {
		return bad("--rng %s --seed %d: %v", cfg.rng, cfg.seed, err)
	}
	switch cfg.format {
	case "png", "svg", "pdf":
	default:
		return bad("--format %q: supported figure formats are png, svg and pdf", cfg.format)
	}
	scaling, err := snn.ParseWeightScaling(cfg.scaling)
	if err != nil {
		return bad("--scale-weights: %v", err)
	}
	c := snn.Tutorial(snn.TutorialOptions{Ne: cfg.ne, Ni: cfg.ni, Exc: exc, Inh: inh, We: cfg.we, Wi: cfg.wi, Seed: cfg.seed, Scaling: scaling})
	c.Generator = gen
	conn, err := snn.ParseConnectivity(cfg.conn)
	if err != nil {
		return bad("--conn: %v", err)
	}
	if conn == nil && cfg.float32 {
		return bad("--float32 applies to sparse connectivity: give --conn p=P, indegree=K or outdegree=K too")
	}
	c.Connectivity = conn
	if cfg.float32 {
		c.WeightPrecision = snn.Float32Weights
	}
	if cfg.traceEvery < 1 {
		return bad("--trace-every %d: the traces are recorded every N ms, and N must be at least 1 (1: every ms)", cfg.traceEvery)
	}
	if cfg.traceEvery > 1 && cfg.out == "" {
		return bad("--trace-every %d thins the traces that --out saves: give --out DIR too", cfg.traceEvery)
	}
	if !(cfg.maxGB > 0) || cfg.maxGB > math.MaxInt64/1e9 {
		return bad("--max-gb %g: the memory limit must be a finite number of gigabytes > 0 (at most %.0f)", cfg.maxGB, math.MaxInt64/1e9)
	}
	c.MaxBytes = max(1, int64(cfg.maxGB*1e9))
	if !(cfg.dt > 0) || math.IsInf(cfg.dt, 0) {
		return bad("--dt %g: the time step must be a finite number of ms > 0 (1 is the tutorial's; e.g. 0.1)", cfg.dt)
	}
	if c.Scheme, err = snn.ParseScheme(cfg.scheme); err != nil {
		return bad("--scheme: %v", err)
	}
	c.DT = cfg.dt
	return c, nil
}

// traceNeurons parses --traces for a network of n neurons.
func traceNeurons(spec string, n int) (all bool, neurons []int, err error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return false, nil, nil
	}
	if strings.EqualFold(spec, "all") {
		return true, nil, nil
	}
	seen := map[int]bool{}
	for _, field := range strings.Split(spec, ",") {
		i, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil {
			return false, nil, usageError{fmt.Errorf("--traces %q: %q is not a neuron index: give all, or indices separated by commas", spec, field)}
		}
		if i < 0 || i >= n {
			return false, nil, usageError{fmt.Errorf("--traces: neuron %d out of range: the network has neurons 0 to %d", i, n-1)}
		}
		if !seen[i] {
			seen[i] = true
			neurons = append(neurons, i)
		}
	}
	return false, neurons, nil
}

// summary is the JSON object simulate prints with --json and saves as
// summary.json.
type summary struct {
	Spikes         int     `json:"spikes"`
	RateHz         float64 `json:"rate_hz"`
	RateExcHz      float64 `json:"rate_exc_hz"`
	RateInhHz      float64 `json:"rate_inh_hz"`
	DominantHz     float64 `json:"dominant_hz"`
	SimMs          float64 `json:"sim_ms"`
	DtMs           float64 `json:"dt_ms"` // the step; every field is a number
	WallS          float64 `json:"wall_s"`
	SynapticEvents int64   `json:"synaptic_events"`
	EventsPerS     float64 `json:"events_per_s"`
	BuildS         float64 `json:"build_s"` // constructing the network; not in wall_s
}

func summarize(res *snn.Result) summary {
	s := summary{
		Spikes:         len(res.Spikes),
		RateHz:         res.Rate(),
		DominantHz:     res.DominantFrequency(),
		SimMs:          res.Duration(),
		DtMs:           res.TimeStep(),
		WallS:          res.Wall.Seconds(),
		SynapticEvents: res.SynapticEvents,
	}
	var excN, inhN int
	rates := res.PopulationRates()
	for k, p := range res.Populations {
		if p.Inhibitory {
			s.RateInhHz += rates[k] * float64(p.Size)
			inhN += p.Size
		} else {
			s.RateExcHz += rates[k] * float64(p.Size)
			excN += p.Size
		}
	}
	if excN > 0 {
		s.RateExcHz /= float64(excN)
	}
	if inhN > 0 {
		s.RateInhHz /= float64(inhN)
	}
	if s.WallS > 0 {
		s.EventsPerS = float64(s.SynapticEvents) / s.WallS
	}
	return s
}

func runSimulate(ctx context.Context, cfg simulateConfig, stdout io.Writer) error {
	netCfg, err := cfg.networkConfig()
	if err != nil {
		return err
	}
	n := cfg.ne + cfg.ni
	traceAll, traced, err := traceNeurons(cfg.traces, n)
	if err != nil {
		return err
	}
	if (traceAll || traced != nil) && cfg.out == "" {
		return usageError{errors.New("--traces chooses the neurons whose traces --out saves: give --out DIR too")}
	}
	// Check the outputs before spending time on the run.
	if cfg.spikes != "" {
		if err := checkWritableDir(filepath.Dir(cfg.spikes), false); err != nil {
			return fmt.Errorf("--spikes %s: %w", cfg.spikes, err)
		}
	}
	if cfg.out != "" {
		if err := checkWritableDir(cfg.out, true); err != nil {
			return fmt.Errorf("--out %s: %w", cfg.out, err)
		}
	}

	built := time.Now()
	net, err := snn.New(netCfg)
	if err != nil {
		return usageError{err}
	}
	buildTime := time.Since(built)
	if bt := net.BuildTime(); bt > 0 {
		buildTime = bt
	}

	steps, err := net.StepsFor(float64(cfg.steps))
	if err != nil {
		return usageError{fmt.Errorf("--T %d with --dt %g: %w", cfg.steps, cfg.dt, err)}
	}
	traceEvery, err := net.StepsFor(float64(cfg.traceEvery))
	if err != nil {
		return usageError{fmt.Errorf("--trace-every %d with --dt %g: %w", cfg.traceEvery, cfg.dt, err)}
	}
	opts := &snn.RunOptions{TraceEvery: traceEvery}
	figureTraces := traced
	if cfg.out != "" {
		// The currents figure shows every neuron's input, so record all.
		opts.TraceAll = true
		if figureTraces == nil && !traceAll {
			figureTraces = []int{0, n - 1}
		}
	}
	res, err := net.Run(ctx, steps, opts)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted after %g of %d ms; nothing was written", res.Duration(), cfg.steps)
		}
		return err
	}
	sum := summarize(res)
	sum.BuildS = buildTime.Seconds()

	var written []string
	if cfg.spikes != "" {
		if err := snn.WriteFile(cfg.spikes, spikesCSV(res)); err != nil {
			return err
		}
		written = append(written, cfg.spikes)
	}
	if cfg.out != "" {
		files, err := saveOutputs(cfg, res, sum, traceAll, traced, figureTraces)
		written = append(written, files...)
		if err != nil {
			return err
		}
	}

	if cfg.json {
		enc := json.NewEncoder(stdout)
		return enc.Encode(sum)
	}
	// A population of size 0 is left out of the network: say so, rather
	// than report a rate of 0 Hz for neurons that do not exist.
	var pops, rates []string
	if cfg.ne > 0 {
		pops = append(pops, fmt.Sprintf("%d %s", cfg.ne, strings.ToUpper(cfg.exc)))
		rates = append(rates, fmt.Sprintf("excitatory %.2f Hz", sum.RateExcHz))
	}
	if cfg.ni > 0 {
		pops = append(pops, fmt.Sprintf("%d %s", cfg.ni, strings.ToUpper(cfg.inh)))
		rates = append(rates, fmt.Sprintf("inhibitory %.2f Hz", sum.RateInhHz))
	}
	fmt.Fprintf(stdout, "%s neurons, we = %g, wi = %g, seed %d (%s generator), %d ms\n",
		strings.Join(pops, " + "), cfg.we, cfg.wi, cfg.seed, cfg.rng, cfg.steps)
	if res.TimeStep() != snn.DefaultDT || net.Scheme() != snn.TutorialScheme {
		fmt.Fprintf(stdout, "step:      %g ms, %v scheme (%d steps)\n", res.TimeStep(), net.Scheme(), res.Steps)
	}
	fmt.Fprintf(stdout, "spikes:    %d (%.2f Hz per neuron; %s)\n", sum.Spikes, sum.RateHz, strings.Join(rates, ", "))
	fmt.Fprintf(stdout, "rhythm:    dominant frequency %.1f Hz\n", sum.DominantHz)
	fmt.Fprintf(stdout, "time:      %.3f s for the run (%.3f s to build), %.3g synaptic events/s\n",
		sum.WallS, buildTime.Seconds(), sum.EventsPerS)
	for _, f := range written {
		fmt.Fprintf(stdout, "wrote      %s\n", f)
	}
	return nil
}

// saveOutputs writes everything --out asks for and returns the paths.
func saveOutputs(cfg simulateConfig, res *snn.Result, sum summary, traceAll bool, traced, figureTraces []int) ([]string, error) {
	var tr *snn.Traces
	if traceAll {
		tr = res.Traces
	} else if traced != nil {
		var err error
		if tr, err = res.Traces.Select(traced); err != nil {
			return nil, err
		}
	}
	return writeRun(cfg.out, cfg.format, res, sum, tr, figureTraces)
}

// writeRun writes a run's files into dir: spikes.csv, summary.json, the
// traces tr (traces.csv and v, u, I as .npy; none when tr is nil) and the
// figures in format, with the traces of figureTraces. It returns the paths
// written, also those written before an error.
func writeRun(dir, format string, res *snn.Result, sum summary, tr *snn.Traces, figureTraces []int) ([]string, error) {
	var written []string
	save := func(name string, write func(io.Writer) error) error {
		path := filepath.Join(dir, name)
		if err := snn.WriteFile(path, write); err != nil {
			return err
		}
		written = append(written, path)
		return nil
	}
	if err := save("spikes.csv", spikesCSV(res)); err != nil {
		return written, err
	}
	err := save("summary.json", func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(sum)
	})
	if err != nil {
		return written, err
	}
	if tr != nil {
		if err := save("traces.csv", tracesCSV(res, tr)); err != nil {
			return written, err
		}
		for _, x := range []string{"v", "u", "I"} {
			if err := save(x+".npy", func(w io.Writer) error { return tr.WriteNPY(w, x) }); err != nil {
				return written, err
			}
		}
	}
	files, err := writeFigures(dir, format, res, figureTraces)
	written = append(written, files...)
	return written, err
}

// spikesCSV writes the spikes of res: at the default step of 1 ms with
// their steps, as the tutorial's np.savetxt does ("t,neuron"), at other
// steps with their times in ms ("t_ms,neuron").
func spikesCSV(res *snn.Result) func(io.Writer) error {
	if res.TimeStep() == snn.DefaultDT {
		return res.Spikes.WriteCSV
	}
	return res.Raster().WriteCSV
}

// tracesCSV writes the traces tr of res: with their steps at 1 ms
// ("t,neuron,v,u,I"), in ms at other steps ("t_ms,…").
func tracesCSV(res *snn.Result, tr *snn.Traces) func(io.Writer) error {
	if res.TimeStep() == snn.DefaultDT {
		return tr.WriteCSV
	}
	return func(w io.Writer) error { return tr.WriteCSVMs(w, 0, res.TimeStep()) }
}

// checkWritableDir reports whether files can be created in dir, creating
// it first when create is true.
func checkWritableDir(dir string, create bool) error {
	if create {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("cannot create the output directory: %w", err)
		}
	}
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("the directory does not exist or cannot be read: %w", err)
	}
	if !st.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	f, err := os.CreateTemp(dir, ".snn-write-check-*")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %w", dir, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}
