// Command snnbench times the benchmark networks in gosnn, in the
// tutorial's NumPy algorithm and in Brian2, each engine in its own
// process, and tabulates the results (BENCHMARKS.md). It is a developer
// tool, run by "make bench-compare" from the repository root; it needs
// /usr/bin/python3 with NumPy and Brian2 and GNU time.
//
// Usage:
//
//	snnbench [flags]
//
// Run "snnbench --help" for the flags.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/gosnn/gosnn/snn"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// benchNet is one of the benchmark networks. Every engine builds the same
// network: excitatory RS and inhibitory LTS neurons with the tutorial's
// heterogeneity, noise and unscaled weights (U(0, 0.5), −U(0, 1)), so
// that every neuron receives about 1000 synapses as in the tutorial.
type benchNet struct {
	name, about string
	ne, ni      int
	conn        *snn.Connect // nil: dense
}

var benchNets = []benchNet{
	{"tutorial", "1000 neurons, dense (1e6 synapses)", 800, 200, nil},
	{"10k", "10 000 neurons, p = 0.1 (1e7 synapses)", 8000, 2000, &snn.Connect{Rule: snn.RuleP, P: 0.1, Float32: true}},
	{"100k", "100 000 neurons, in-degree 1000 (1e8 synapses)", 80000, 20000, &snn.Connect{Rule: snn.RuleInDegree, K: 1000, Float32: true}},
}

var benchEngines = []string{"gosnn-numpy", "gosnn-fast", "numpy", "brian2-cpp_standalone", "brian2-cython"}

// benchRow is what one engine measured on one network; children print
// it as JSON.
type benchRow struct {
	Engine     string  `json:"engine"`
	Net        string  `json:"net"`
	Steps      int     `json:"steps"`
	Neurons    int     `json:"neurons"`
	Synapses   int64   `json:"synapses"`
	BuildS     float64 `json:"build_s"`
	CompileS   float64 `json:"compile_s"`
	LoopS      float64 `json:"loop_s"`
	LoopCPUS   float64 `json:"loop_cpu_s"` // CPU time (user + system, all threads) of the loop; 0: not measured
	Spikes     int     `json:"spikes"`
	Events     int64   `json:"events"`
	PeakRSSMB  float64 `json:"peak_rss_mb"`
	SynapseMB  float64 `json:"synapse_mb,omitempty"` // gosnn: memory of the weights
	EventsPerS float64 `json:"events_per_s"`
	RateHz     float64 `json:"rate_hz"`
	DominantHz float64 `json:"dominant_hz"`
	Load1      float64 `json:"load1"`           // the machine's 1-minute load average when the row started
	Round      int     `json:"round,omitempty"` // 1 to --repeat; 0 in a child's row
	Error      string  `json:"error,omitempty"`
}

type benchConfig struct {
	nets, engines string
	steps         int
	repeat        int
	seed          uint64
	scripts       string
	workdir       string
	out           string
	json          bool
	python        string
	child         bool
	spikes        string
}

func benchFlags(cfg *benchConfig, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("snnbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.nets, "nets", "tutorial,10k,100k", "comma-separated `networks` to run: tutorial, 10k, 100k")
	fs.StringVar(&cfg.engines, "engines", strings.Join(benchEngines, ","), "comma-separated `engines`: "+strings.Join(benchEngines, ", "))
	fs.IntVar(&cfg.steps, "T", 1000, "simulated time in `ms`")
	fs.IntVar(&cfg.repeat, "repeat", 1, "run every engine on every network `N` times, in N rounds of all of them, and tabulate medians")
	fs.Uint64Var(&cfg.seed, "seed", 0, "random seed (`N`) for every engine")
	fs.StringVar(&cfg.scripts, "scripts", "internal/cmd/snnbench/scripts", "`directory` of numpy_net.py and brian2_net.py (the default is relative to the repository root)")
	fs.StringVar(&cfg.workdir, "workdir", "", "`directory` for spike files and Brian2's generated code (default: a new temporary directory, removed afterwards)")
	fs.StringVar(&cfg.out, "out", "", "also write the Markdown table to `FILE`")
	fs.BoolVar(&cfg.json, "json", false, "print the rows as JSON instead of a table")
	fs.StringVar(&cfg.python, "python", "/usr/bin/python3", "Python interpreter with NumPy and Brian2 (`path`)")
	fs.BoolVar(&cfg.child, "child", false, "internal: run one gosnn row in this process (needs --nets and --engines with one name each)")
	fs.StringVar(&cfg.spikes, "spikes", "", "internal: with --child, write the spikes to `FILE.npy`")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `Usage: snnbench [flags]

Runs the benchmark networks in gosnn, in the tutorial's NumPy algorithm and
in Brian2 (cpp_standalone and cython targets), each engine in its own
process, and tabulates for each: construction time, compile time (Brian2),
the simulation loop's wall time, synaptic events per second of the loop,
spikes, mean rate, dominant frequency of the population rate and peak
memory (resident set) of the simulating process. Speed-ups are the other
engines' loop times divided by gosnn-fast's, measured in the same run.

With --repeat N, the engines take turns N times over (round 1 runs every
engine on every network, then round 2, ...), so that the slow minutes of a
shared machine spread over all engines instead of falling on one engine's
runs, and each cell is the median of the N rounds with their range in
brackets; a speed-up is the median of the N rounds' own speed-ups. --json
prints every round's row.

Networks (excitatory RS + inhibitory LTS as in the tutorial, weights
U(0, 0.5) and −U(0, 1), so each neuron receives about 1000 synapses):
  tutorial  800 + 200, dense: 1e6 synapses
  10k       8000 + 2000, connection probability 0.1: 1e7 synapses
  100k      80000 + 20000, 1000 synapses into every neuron: 1e8 synapses
gosnn stores the sparse networks' weights as float32. gosnn-numpy draws
the noise from the exact NumPy generator (one core); gosnn-fast from
parallel streams. The tutorial network in gosnn-numpy and numpy gives the
same spikes (7648 for seed 0).

Example:
  snnbench --nets tutorial,10k --engines gosnn-fast,numpy,brian2-cpp_standalone

Flags:
`)
		fs.PrintDefaults()
	}
	return fs
}

// run runs the command line args (without the program name) and returns
// the exit status: 0 success, 1 a failure (also of one row), 2 usage error.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var cfg benchConfig
	fs := benchFlags(&cfg, stderr)
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return 0 // the flag package printed the usage
	} else if err != nil {
		return 2 // and the complaint
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "snnbench: unexpected argument %q: snnbench takes only flags (see snnbench --help)\n", fs.Arg(0))
		return 2
	}
	nets, engines, err := cfg.selection()
	if err != nil {
		fmt.Fprintf(stderr, "snnbench: %v\nRun 'snnbench --help' for the flags and their allowed values.\n", err)
		return 2
	}
	if cfg.child {
		if len(nets) != 1 || len(engines) != 1 || !strings.HasPrefix(engines[0], "gosnn") {
			fmt.Fprintln(stderr, "snnbench: --child needs one network and one gosnn engine")
			return 2
		}
		row, err := benchGosnn(nets[0], engines[0], cfg)
		if err != nil {
			fmt.Fprintf(stderr, "snnbench: %v\n", err)
			return 1
		}
		json.NewEncoder(stdout).Encode(row)
		return 0
	}
	rows, err := runBench(ctx, cfg, nets, engines, stderr)
	if err != nil {
		// Keep what was measured before the interruption or failure.
		if len(rows) > 0 {
			fmt.Fprintf(stderr, "snnbench: %v; the %d rows measured before it follow (not written to --out)\n", err, len(rows))
		} else {
			fmt.Fprintf(stderr, "snnbench: %v\n", err)
			return 1
		}
	}
	if cfg.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(rows)
	} else {
		io.WriteString(stdout, benchTable(rows))
	}
	if cfg.out != "" && err == nil {
		if err := snn.WriteFile(cfg.out, func(w io.Writer) error {
			_, err := io.WriteString(w, benchTable(rows))
			return err
		}); err != nil {
			fmt.Fprintf(stderr, "snnbench: %v\n", err)
			return 1
		}
	}
	if err != nil {
		return 1
	}
	for _, r := range rows {
		if r.Error != "" {
			return 1
		}
	}
	return 0
}

// selection checks --nets, --engines, --T and --repeat.
func (cfg *benchConfig) selection() ([]benchNet, []string, error) {
	if cfg.steps <= 0 {
		return nil, nil, fmt.Errorf("--T %d: the simulated time must be at least 1 ms", cfg.steps)
	}
	if cfg.repeat < 1 || cfg.repeat > 99 {
		return nil, nil, fmt.Errorf("--repeat %d: the number of rounds must be 1 to 99", cfg.repeat)
	}
	var nets []benchNet
	for _, name := range strings.Split(cfg.nets, ",") {
		name = strings.TrimSpace(name)
		found := false
		for _, n := range benchNets {
			if n.name == name {
				nets, found = append(nets, n), true
			}
		}
		if !found {
			return nil, nil, fmt.Errorf("--nets: unknown network %q: valid networks are tutorial, 10k and 100k", name)
		}
	}
	var engines []string
	for _, name := range strings.Split(cfg.engines, ",") {
		name = strings.TrimSpace(name)
		found := false
		for _, e := range benchEngines {
			if e == name {
				engines, found = append(engines, e), true
			}
		}
		if !found {
			return nil, nil, fmt.Errorf("--engines: unknown engine %q: valid engines are %s", name, strings.Join(benchEngines, ", "))
		}
	}
	return nets, engines, nil
}

// runBench runs every engine on every network, each in its own process.
func runBench(ctx context.Context, cfg benchConfig, nets []benchNet, engines []string, log io.Writer) ([]benchRow, error) {
	dir := cfg.workdir
	if dir == "" {
		d, err := os.MkdirTemp("", "snn-bench-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(d)
		dir = d
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	dir, _ = filepath.Abs(dir)
	scripts, _ := filepath.Abs(cfg.scripts)
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	var rows []benchRow
	for round := 1; round <= cfg.repeat; round++ {
		for _, net := range nets {
			for _, engine := range engines {
				if ctx.Err() != nil {
					return rows, errors.New("interrupted")
				}
				row := runEngine(ctx, cfg, round, net, engine, dir, scripts, self, log)
				if ctx.Err() != nil { // the row's process was stopped: not a measurement
					return rows, errors.New("interrupted")
				}
				if cfg.repeat > 1 {
					row.Round = round
				}
				rows = append(rows, row)
			}
		}
	}
	return rows, nil
}

// runEngine runs one engine on one network in a process of its own.
func runEngine(ctx context.Context, cfg benchConfig, round int, net benchNet, engine, dir, scripts, self string, log io.Writer) benchRow {
	spikes := filepath.Join(dir, fmt.Sprintf("%s-%s.npy", net.name, engine))
	var cmd *exec.Cmd
	common := []string{"--net", net.name, "--T", fmt.Sprint(cfg.steps), "--seed", fmt.Sprint(cfg.seed), "--spikes", spikes}
	switch {
	case strings.HasPrefix(engine, "gosnn"):
		cmd = exec.CommandContext(ctx, self, "--child", "--nets", net.name, "--engines", engine,
			"--T", fmt.Sprint(cfg.steps), "--seed", fmt.Sprint(cfg.seed), "--spikes", spikes)
	case engine == "numpy":
		cmd = exec.CommandContext(ctx, cfg.python, append([]string{filepath.Join(scripts, "numpy_net.py")}, common...)...)
	default:
		target := strings.TrimPrefix(engine, "brian2-")
		cmd = exec.CommandContext(ctx, cfg.python, append([]string{filepath.Join(scripts, "brian2_net.py"), "--target", target,
			"--workdir", filepath.Join(dir, "brian2-"+net.name)}, common...)...)
	}
	cmd.Dir = dir
	if cfg.repeat > 1 {
		fmt.Fprintf(log, "bench: round %d of %d: %s on %s ... ", round, cfg.repeat, engine, net.name)
	} else {
		fmt.Fprintf(log, "bench: %s on %s ... ", engine, net.name)
	}
	start := time.Now()
	load := loadAverage1()
	row := runChild(cmd, net, engine, cfg.steps, spikes)
	row.Load1 = load
	if row.Error != "" && ctx.Err() != nil {
		fmt.Fprintln(log, "stopped")
	} else if row.Error != "" {
		fmt.Fprintf(log, "failed after %.1f s: %s\n", time.Since(start).Seconds(), row.Error)
	} else {
		fmt.Fprintf(log, "%.1f s (loop %.3f s, %d spikes)\n", time.Since(start).Seconds(), row.LoopS, row.Spikes)
	}
	return row
}

// runChild runs one engine's process and completes its row with the
// events per second, the rate and the dominant frequency of its spikes.
func runChild(cmd *exec.Cmd, net benchNet, engine string, steps int, spikes string) benchRow {
	row := benchRow{Engine: engine, Net: net.name, Steps: steps}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errb.String())
		if i := strings.LastIndex(msg, "\n"); i >= 0 {
			msg = msg[i+1:]
		}
		row.Error = fmt.Sprintf("%v: %s", err, msg)
		return row
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &row); err != nil {
		row.Error = fmt.Sprintf("unreadable result %q: %v", lines[len(lines)-1], err)
		return row
	}
	row.Engine, row.Steps = engine, steps
	if row.LoopS > 0 {
		row.EventsPerS = float64(row.Events) / row.LoopS
	}
	f, err := os.Open(spikes)
	if err != nil {
		row.Error = err.Error()
		return row
	}
	defer f.Close()
	s, err := snn.ReadSpikesNPY(f)
	if err != nil {
		row.Error = err.Error()
		return row
	}
	res := &snn.Result{Steps: steps, N: net.ne + net.ni, Spikes: s, Populations: []snn.PopulationInfo{
		{Name: "excitatory", Start: 0, Size: net.ne}, {Name: "inhibitory", Start: net.ne, Size: net.ni, Inhibitory: true}}}
	row.RateHz = res.Rate()
	row.DominantHz = res.DominantFrequency()
	return row
}

// benchGosnn builds and runs one network in this process.
func benchGosnn(net benchNet, engine string, cfg benchConfig) (benchRow, error) {
	c := snn.Tutorial(net.ne, net.ni, snn.RS, snn.LTS, 0.5, 1, cfg.seed)
	c.Generator = strings.TrimPrefix(engine, "gosnn-")
	c.Connect = net.conn
	c.MaxBytes = 20e9
	n, err := snn.New(c)
	if err != nil {
		return benchRow{}, err
	}
	cpu0 := cpuSeconds()
	res, err := n.Run(context.Background(), cfg.steps, nil)
	if err != nil {
		return benchRow{}, err
	}
	cpu := cpuSeconds() - cpu0
	row := benchRow{
		Engine: engine, Net: net.name, Neurons: n.Len(),
		BuildS: n.BuildTime().Seconds(), LoopS: res.Wall.Seconds(), LoopCPUS: cpu,
		Spikes: len(res.Spikes), Events: res.SynapticEvents,
	}
	switch s := n.Synapses().(type) {
	case *snn.Sparse:
		row.Synapses = int64(s.Count())
		row.SynapseMB = s.Bytes() / 1e6
	case *snn.Dense:
		row.Synapses = int64(s.Len()) * int64(s.Len())
		row.SynapseMB = snn.DenseBytes(s.Len()) / 1e6
	}
	row.PeakRSSMB = peakRSSMB()
	if cfg.spikes != "" {
		if err := snn.WriteFile(cfg.spikes, res.Spikes.WriteNPY); err != nil {
			return benchRow{}, err
		}
	}
	return row, nil
}

// benchTable formats the rows as Markdown tables, one per network, with
// each engine's loop time relative to gosnn-fast's in the same run (in the
// same round, with --repeat). Rows of several rounds are summarised per
// engine: medians, with the range of the loop time, events per second and
// speed-up in brackets.
func benchTable(rows []benchRow) string {
	var b strings.Builder
	rounds := 1
	for _, r := range rows {
		rounds = max(rounds, r.Round)
	}
	fmt.Fprintf(&b, "Finished %s on %d cores (GOMAXPROCS %d), %s at the end; the load column is the 1-minute load average when each row started.",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), runtime.NumCPU(), runtime.GOMAXPROCS(0), loadAverage())
	if rounds > 1 {
		fmt.Fprintf(&b, " %d rounds, the engines taking turns: every cell is the median of the rounds, with their range in brackets, and a speed-up is the median of the rounds' own speed-ups.", rounds)
	}
	b.WriteString("\n\n")
	for _, net := range benchNets {
		var these []benchRow
		fast := map[int]benchRow{} // gosnn-fast's row in each round
		var engines []string
		for _, r := range rows {
			if r.Net != net.name {
				continue
			}
			these = append(these, r)
			if !slices.Contains(engines, r.Engine) {
				engines = append(engines, r.Engine)
			}
			if r.Engine == "gosnn-fast" && r.Error == "" {
				fast[r.Round] = r
			}
		}
		if len(these) == 0 {
			continue
		}
		fmt.Fprintf(&b, "### %s: %s, %d ms\n\n", net.name, net.about, these[0].Steps)
		b.WriteString("| engine | build s | compile s | loop s | loop ÷ gosnn-fast | events/s | loop CPU s | events/CPU-s | spikes | rate Hz | dominant Hz | peak MB | peak ÷ synapses | load |\n")
		b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
		for _, engine := range engines {
			var ok []benchRow
			var failed []string
			for _, r := range these {
				if r.Engine != engine {
					continue
				}
				if r.Error != "" {
					failed = append(failed, r.Error)
				} else {
					ok = append(ok, r)
				}
			}
			name := engine
			if len(failed) > 0 {
				msg := strings.ReplaceAll(failed[0], "|", "/")
				if len(ok) == 0 {
					fmt.Fprintf(&b, "| %s | failed: %s | | | | | | | | | | | | |\n", engine, msg)
					continue
				}
				name = fmt.Sprintf("%s (%d of %d rounds failed: %s)", engine, len(failed), len(failed)+len(ok), msg)
			}
			var ratios []float64
			for _, r := range ok {
				if f, found := fast[r.Round]; found && f.LoopS > 0 {
					ratios = append(ratios, r.LoopS/f.LoopS)
				}
			}
			ratio, mem, compile, cpu, perCPU := "", "", "–", "–", "–"
			if len(ratios) > 0 {
				ratio = withRange(ratios, "%.1f×")
			}
			if cpus := column(ok, func(r benchRow) float64 { return r.LoopCPUS }); median(cpus) > 0 {
				cpu = fmt.Sprintf("%.3f", median(cpus))
				perCPU = fmt.Sprintf("%.3g", median(column(ok, func(r benchRow) float64 { return float64(r.Events) / r.LoopCPUS })))
			}
			if median(column(ok, func(r benchRow) float64 { return r.SynapseMB })) > 0 {
				mem = fmt.Sprintf("%.2f", median(column(ok, func(r benchRow) float64 { return r.PeakRSSMB / r.SynapseMB })))
			}
			if strings.HasPrefix(engine, "brian2") {
				compile = fmt.Sprintf("%.2f", median(column(ok, func(r benchRow) float64 { return r.CompileS })))
			}
			spikes := column(ok, func(r benchRow) float64 { return float64(r.Spikes) })
			spikeCell := fmt.Sprintf("%d", int(slices.Min(spikes)))
			if slices.Min(spikes) != slices.Max(spikes) {
				spikeCell = fmt.Sprintf("%d–%d", int(slices.Min(spikes)), int(slices.Max(spikes)))
			}
			fmt.Fprintf(&b, "| %s | %.2f | %s | %s | %s | %s | %s | %s | %s | %.2f | %.1f | %.0f | %s | %.1f |\n",
				name,
				median(column(ok, func(r benchRow) float64 { return r.BuildS })),
				compile,
				withRange(column(ok, func(r benchRow) float64 { return r.LoopS }), "%.3f"),
				ratio,
				withRange(column(ok, func(r benchRow) float64 { return r.EventsPerS }), "%.3g"),
				cpu, perCPU, spikeCell,
				median(column(ok, func(r benchRow) float64 { return r.RateHz })),
				median(column(ok, func(r benchRow) float64 { return r.DominantHz })),
				median(column(ok, func(r benchRow) float64 { return r.PeakRSSMB })),
				mem,
				median(column(ok, func(r benchRow) float64 { return r.Load1 })))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// column returns f of every row.
func column(rows []benchRow, f func(benchRow) float64) []float64 {
	x := make([]float64, len(rows))
	for i, r := range rows {
		x[i] = f(r)
	}
	return x
}

// median returns the median of x (the mean of the two middle values for
// an even count), or 0 for no values.
func median(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(x))
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// withRange formats the median of x, followed by the range of x in
// brackets when x has more than one value.
func withRange(x []float64, format string) string {
	cell := fmt.Sprintf(format, median(x))
	if len(x) > 1 {
		cell += " (" + fmt.Sprintf(format, slices.Min(x)) + "–" + fmt.Sprintf(format, slices.Max(x)) + ")"
	}
	return cell
}

// peakRSSMB returns this process's peak resident set in MB: VmHWM from
// /proc/self/status. getrusage's ru_maxrss is not used where /proc is
// there: Linux carries the peak of the memory a process replaced with
// execve into it, and Go starts children by vfork, so a child's ru_maxrss
// starts at its parent's peak (here snnbench's, which grows as it reads
// the rows' spike files).
func peakRSSMB() float64 {
	if data, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				var kb float64
				if _, err := fmt.Sscan(rest, &kb); err == nil {
					return kb / 1024
				}
			}
		}
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024
}

// cpuSeconds returns the CPU time this process has used.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// loadAverage1 returns the 1-minute load average, or 0 when unknown.
func loadAverage1() float64 {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	var x float64
	fmt.Sscan(string(data), &x)
	return x
}

func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "load average unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "load average unknown"
	}
	return "load average " + strings.Join(f[:3], " ")
}
