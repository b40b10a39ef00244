// Command snnbench times the benchmark networks in gosnn, in the
// tutorial's NumPy algorithm and in Brian2, each engine in its own
// process, measures the machine's sequential read bandwidth in the same
// run, and tabulates the results (BENCHMARKS.md). It is a developer tool,
// run by "make bench-compare" from the repository root; it needs
// /usr/bin/python3 with NumPy and Brian2, g++ and GNU time.
//
// Usage:
//
//	snnbench [flags]
//
// Run "snnbench --help" for the flags.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/gosnn/gosnn/internal/cmdline"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
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
	bandwidthMB   int
	child         bool
	spikes        string
	childBW       bool
	spnetSeconds  int
	spnetRef      string
}

func benchFlags(cfg *benchConfig, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("snnbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.nets, "nets", "tutorial,10k,100k,spnet", "comma-separated `networks` to run: tutorial, 10k, 100k, spnet")
	fs.StringVar(&cfg.engines, "engines", strings.Join(benchEngines, ","), "comma-separated `engines`: "+strings.Join(benchEngines, ", "))
	fs.IntVar(&cfg.steps, "T", 1000, "simulated time in `ms`")
	fs.IntVar(&cfg.repeat, "repeat", 1, "run every engine on every network `N` times, in N rounds of all of them, and tabulate medians")
	fs.Uint64Var(&cfg.seed, "seed", 0, "random seed (`N`) for every engine")
	fs.IntVar(&cfg.spnetSeconds, "spnet-seconds", 60, "simulated `seconds` of the spnet network (--T is for the others)")
	fs.StringVar(&cfg.spnetRef, "spnet-ref", "snn/spnet/testdata/spnet_ref.c", "the C reference of spnet (`file`; the default is relative to the repository root)")
	fs.StringVar(&cfg.scripts, "scripts", "internal/cmd/snnbench/scripts", "`directory` of numpy_net.py, brian2_net.py and brian2_spnet.py (the default is relative to the repository root)")
	fs.StringVar(&cfg.workdir, "workdir", "", "`directory` for spike files and Brian2's generated code (default: a new temporary directory, removed afterwards)")
	fs.StringVar(&cfg.out, "out", "", "also write the Markdown table to `FILE`")
	fs.BoolVar(&cfg.json, "json", false, "print the rows as JSON instead of a table")
	fs.StringVar(&cfg.python, "python", "/usr/bin/python3", "Python interpreter with NumPy and Brian2 (`path`)")
	fs.IntVar(&cfg.bandwidthMB, "bandwidth-mb", 256, "size in `MB` of the buffer whose sequential reads measure the memory bandwidth before every sparse network's rows (0: do not measure)")
	fs.BoolVar(&cfg.child, "child", false, "internal: run one gosnn row in this process (needs --nets and --engines with one name each)")
	fs.StringVar(&cfg.spikes, "spikes", "", "internal: with --child, write the spikes to `FILE.npy`")
	fs.BoolVar(&cfg.childBW, "child-bandwidth", false, "internal: measure the read bandwidth in this process and print it as JSON")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `Usage: snnbench [flags]

Runs the benchmark networks in gosnn, in the tutorial's NumPy algorithm and
in Brian2 (cpp_standalone on one thread and with OpenMP on two, and
cython), each engine in its own process, and tabulates for each:
construction time, compile time (Brian2), the simulation loop's wall time,
synaptic events per second of the loop, the fraction of the memory-bound
limit that rate reaches (sparse networks), spikes, mean rate, dominant
frequency of the population rate and peak memory (resident set) of the
simulating process. Speed-ups are the other engines' loop times divided
by gosnn-fast's (on spnet gosnn-spnet's), measured in the same run.

Before the rows of every sparse network, in every round, snnbench measures
the machine's sequential read bandwidth (every core sums its share of a
--bandwidth-mb buffer; the best of 20 passes). The memory-bound fraction of a row is events/s × bytes read per
synapse ÷ that bandwidth: 1 would mean the loop does nothing but stream its
synapses from memory at the machine's speed.

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
same spikes (7648 for seed 0). Their engines: gosnn-numpy, gosnn-fast,
numpy, brian2-cpp_standalone, brian2-cpp_standalone-2threads,
brian2-cython; speed-ups are against gosnn-fast.

  spnet     Izhikevich's polychronization network (2006): 800 + 200,
            100 synapses each with delays of 1-20 ms, STDP, thalamic
            input; --spnet-seconds simulated seconds (60). Engines:
            gosnn-spnet (package snn/spnet), c-ref (its C reference built
            with gcc -O2, --spnet-ref), brian2-cpp_standalone and
            brian2-cpp_standalone-2threads (brian2_spnet.py, the same
            network and thalamic input); speed-ups are against
            gosnn-spnet.

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
	if status, done := cmdline.ParseFlags(fs, args, stdout); done {
		return status
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
	switch {
	case cfg.childBW:
		bw, err := measureBandwidth(int64(cfg.bandwidthMB) << 20)
		if err != nil {
			fmt.Fprintf(stderr, "snnbench: %v\n", err)
			return 1
		}
		json.NewEncoder(stdout).Encode(bw)
		return 0
	case cfg.child:
		if len(nets) != 1 || len(engines) != 1 || !strings.HasPrefix(engines[0], "gosnn") || !nets[0].runs(engines[0]) {
			fmt.Fprintln(stderr, "snnbench: --child needs one network and one gosnn engine that runs it")
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
	if err := cfg.checkScripts(nets, engines); err != nil {
		fmt.Fprintf(stderr, "snnbench: %v\n", err)
		return 2
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
		if err := writeFile(cfg.out, benchTable(rows)); err != nil {
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

// checkScripts checks that the Python scripts are where --scripts says,
// and the C reference where --spnet-ref says, when an engine needs them.
func (cfg *benchConfig) checkScripts(nets []benchNet, engines []string) error {
	for _, n := range nets {
		for _, e := range engines {
			if !n.runs(e) || strings.HasPrefix(e, "gosnn") {
				continue
			}
			if e == "c-ref" {
				if _, err := os.Stat(cfg.spnetRef); err != nil {
					return fmt.Errorf("--spnet-ref %s: %w: run snnbench from the repository root, or give --spnet-ref the file snn/spnet/testdata/spnet_ref.c", cfg.spnetRef, err)
				}
				continue
			}
			script := "numpy_net.py" // brian2_timing.py (which the Brian2 scripts import) imports it
			if n.name == "spnet" {
				script = "brian2_spnet.py"
			}
			for _, s := range []string{script, "brian2_net.py", "brian2_timing.py"} {
				if _, err := os.Stat(filepath.Join(cfg.scripts, s)); err != nil {
					return fmt.Errorf("--scripts %s: %w: run snnbench from the repository root, or give --scripts the directory internal/cmd/snnbench/scripts", cfg.scripts, err)
				}
			}
		}
	}
	return nil
}

// selection checks --nets, --engines, --T, --spnet-seconds, --repeat and
// --bandwidth-mb.
func (cfg *benchConfig) selection() ([]benchNet, []string, error) {
	if cfg.steps <= 0 {
		return nil, nil, fmt.Errorf("--T %d: the simulated time must be at least 1 ms", cfg.steps)
	}
	if cfg.spnetSeconds <= 0 {
		return nil, nil, fmt.Errorf("--spnet-seconds %d: the simulated time must be at least 1 s", cfg.spnetSeconds)
	}
	if cfg.repeat < 1 || cfg.repeat > 99 {
		return nil, nil, fmt.Errorf("--repeat %d: the number of rounds must be 1 to 99", cfg.repeat)
	}
	if cfg.bandwidthMB < 0 || cfg.bandwidthMB > 16<<10 || (cfg.bandwidthMB > 0 && cfg.bandwidthMB < 64) {
		return nil, nil, fmt.Errorf("--bandwidth-mb %d: the buffer must be 64 to 16384 MB, well beyond the caches (or 0: do not measure)", cfg.bandwidthMB)
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
			return nil, nil, fmt.Errorf("--nets: unknown network %q: valid networks are tutorial, 10k, 100k and spnet", name)
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
	for _, e := range engines {
		if cfg.engines == strings.Join(benchEngines, ",") {
			break // the default: each network runs those of every engine that run it
		}
		if !slices.ContainsFunc(nets, func(n benchNet) bool { return n.runs(e) }) {
			return nil, nil, fmt.Errorf("--engines: %s runs none of the networks chosen with --nets (%s); gosnn-spnet and c-ref run only spnet, which gosnn-numpy, gosnn-fast, numpy and brian2-cython do not run", e, cfg.nets)
		}
	}
	return nets, engines, nil
}
