package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gosnn/gosnn/snn/pynn"
)

// simulateOutputs are the flags of simulate that say what a gosnn run
// saves; an export runs nothing, so they are refused.
var simulateOutputs = []string{"spikes", "traces", "trace-every", "out", "format", "json"}

func export(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var cfg simulateConfig
	// simulate's network flags, without those that say what a run saves.
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	simulateFlags(&cfg, stderr).VisitAll(func(f *flag.Flag) {
		// --scheme is gosnn's integration, not the network's: run.py
		// integrates with NEURON's method (gosnn's "neuron" scheme) at
		// --timestep. --dt is the network's step: it sets the synapses'
		// delay, the run's steps and NEURON's default step.
		if !slices.Contains(simulateOutputs, f.Name) && f.Name != "scheme" {
			fs.Var(f.Value, f.Name, f.Usage)
		}
	})
	dir := fs.String("pynn", "", "write run.py (a PyNN 0.10 script), its .npy data and network.json into `DIR` (created if needed)")
	timestep := fs.Float64("timestep", 0, "NEURON's integration step in `ms`; it must divide 1 ms and --dt (default: 0.1, or --dt when shorter)")
	noiseSeed := fs.String("noise-seed", "", "seed `N` (0 to 4294967295) of run.py's noise: neuron i's noise is drawn after np.random.seed([N, i]) (default: --seed)")
	setUsage(fs, `Usage: snn export --pynn DIR [network flags of snn simulate]

Builds the network that snn simulate's flags describe (the same parameters
and weights a gosnn run gets) and writes it as a PyNN 0.10 script for
simulators that run on many machines, NEURON with MPI first:

  DIR/run.py        mpirun -np 2 python3 DIR/run.py  (as root: mpirun --allow-run-as-root ...)
  DIR/*.npy         per-neuron parameters, weights, noise and currents
  DIR/network.json  the populations, for snn import

run.py writes DIR/spikes.csv (t_ms,neuron) and DIR/run.json (wall times);
snn import --pynn-spikes DIR/spikes.csv brings the spikes back. Set-up on
Debian: scripting/pynn-setup.sh (or make pynn-setup).

Units: currents are gosnn's I (mV/ms) / 1000 in nA (PyNN's Izhikevich cell
has a 1 pF membrane); weights stay mV voltage jumps with a delay of one
network step (1 ms; at least two NEURON steps, which NEURON needs on more
than one MPI rank); each neuron gets its own NoisyCurrentSource of stdev
std/1000 nA redrawn every ms. NEURON integrates at --timestep by its own
method (gosnn's "neuron" scheme at the same step is the same method, the
tutorial's 1 ms scheme is not) and draws its own noise: compare
statistics, not spikes.

Examples:
  snn export --pynn tutorial-pynn                      # the tutorial's network
  snn export --pynn net10k --ne 8000 --ni 2000 --conn indegree=100 --we 2.5 --wi 5

Exit status: 0 success, 1 the export failed, 2 bad command line.

Flags:
`)
	bad := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "snn export: "+format+"\n", a...)
		fmt.Fprintln(stderr, "Run 'snn export --help' for the flags and their allowed values.")
		return 2
	}
	for _, a := range args {
		if a == "--" {
			break
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && slices.Contains(simulateOutputs, name) {
			return bad("--%s is a flag of snn simulate: export runs nothing; it writes the script and its data into --pynn DIR", name)
		}
	}
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	cfg.noteWeightFlags(fs)
	if fs.NArg() > 0 {
		return bad("unexpected argument %q: export takes only flags", fs.Arg(0))
	}
	if *dir == "" {
		return bad("give --pynn DIR: the directory to write run.py and its data into")
	}
	seed := cfg.seed
	if *noiseSeed != "" {
		var err error
		if seed, err = strconv.ParseUint(*noiseSeed, 10, 64); err != nil || seed > math.MaxUint32 {
			return bad("--noise-seed %s: NumPy's seeds are whole numbers from 0 to 4294967295", *noiseSeed)
		}
	} else if seed > math.MaxUint32 {
		return bad("--seed %d does not fit NumPy's seeds (0 to 4294967295): give --noise-seed", cfg.seed)
	}
	netCfg, err := cfg.networkConfig()
	if err != nil {
		return bad("%v", err)
	}
	steps, whole := math.Round(float64(cfg.steps)/netCfg.DT), 0.0
	if netCfg.DT > 0 {
		whole = math.Abs(float64(cfg.steps)/netCfg.DT - steps)
	}
	if !(netCfg.DT > 0) || whole > 1e-9*steps || steps < 1 || steps > math.MaxInt32 {
		return bad("--T %d with --dt %g: the simulated time must be a whole number ≥ 1 of steps", cfg.steps, netCfg.DT)
	}
	opts := pynn.Options{Steps: int(steps), Timestep: *timestep, NoiseSeed: uint32(seed)}
	if *timestep < 0 {
		return bad("--timestep %g: NEURON's step must be > 0 ms and divide 1 ms (0: the default)", *timestep)
	}
	if err := opts.Validate(); err != nil {
		return bad("--timestep: %v", err)
	}
	files, err := pynn.Write(*dir, netCfg, opts)
	if err != nil {
		fmt.Fprintf(stderr, "snn export: %v\n", err)
		return 1
	}
	var bytes int64
	for _, f := range files {
		if st, err := os.Stat(f); err == nil {
			bytes += st.Size()
		}
	}
	run := filepath.Join(*dir, "run.py")
	m, err := pynn.ReadManifest(filepath.Join(*dir, "network.json"))
	if err != nil {
		fmt.Fprintf(stderr, "snn export: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s and %d data files (%.1f MB): %d neurons, %g ms at a %g ms time step, synaptic delay %g ms\n",
		run, len(files)-1, float64(bytes)/1e6, m.Neurons, float64(m.Steps)*m.DT(), m.TimestepMs, m.DelayMs)
	fmt.Fprintf(stdout, "run:  mpirun -np 2 python3 %s   (as root: mpirun --allow-run-as-root ...; set-up: scripting/pynn-setup.sh)\n", run)
	fmt.Fprintf(stdout, "then: snn import --pynn-spikes %s\n", filepath.Join(*dir, "spikes.csv"))
	return 0
}
