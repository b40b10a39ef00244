package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gosnn/gosnn/internal/membw"
)

// benchNet is one of the benchmark networks. Every engine builds the same
// network: excitatory RS and inhibitory LTS neurons with the tutorial's
// heterogeneity, noise and unscaled weights (U(0, 0.5), −U(0, 1)), so
// that every neuron receives about 1000 synapses as in the tutorial.
type benchNet struct {
	name, about string
	ne, ni      int
	conn        string // as snn simulate --conn takes it; "" for dense
	// engines are the engines that can run the network (nil: the
	// tutorial's engines, benchEngines[:tutorialEngines]); baseline is the
	// one the others' loop times are divided by.
	engines  []string
	baseline string
}

var benchNets = []benchNet{
	{"tutorial", "1000 neurons, dense (1e6 synapses)", 800, 200, "", nil, "gosnn-fast"},
	{"10k", "10 000 neurons, p = 0.1 (1e7 synapses)", 8000, 2000, "p=0.1", nil, "gosnn-fast"},
	{"100k", "100 000 neurons, in-degree 1000 (1e8 synapses)", 80000, 20000, "indegree=1000", nil, "gosnn-fast"},
	{"spnet", "Izhikevich's polychronization network (2006): 1000 neurons, 1e5 synapses with 1–20 ms delays and STDP", 800, 200, "",
		[]string{"gosnn-spnet", "c-ref", "brian2-cpp_standalone", "brian2-cpp_standalone" + brian2Threads}, "gosnn-spnet"},
}

// runs reports whether engine can run the network.
func (n benchNet) runs(engine string) bool {
	if n.engines == nil {
		return slices.Contains(benchEngines[:tutorialEngines], engine)
	}
	return slices.Contains(n.engines, engine)
}

// sparse reports whether the network's synapses are too many for the
// caches, so that delivery reads them from memory.
func (n benchNet) sparse() bool { return n.conn != "" }

// brian2Threads is the engine suffix of Brian2 cpp_standalone with OpenMP
// on two threads, as many as gosnn uses on the development machine.
const brian2Threads = "-2threads"

// benchEngines are every engine: the first tutorialEngines run the
// tutorial, 10k and 100k networks; gosnn-spnet (package snn/spnet) and
// c-ref (its C reference, snn/spnet/testdata/spnet_ref.c, built with
// gcc -O2) run spnet, as do the Brian2 cpp_standalone engines (with the
// script brian2_spnet.py).
var benchEngines = []string{"gosnn-numpy", "gosnn-fast", "numpy", "brian2-cpp_standalone", "brian2-cpp_standalone" + brian2Threads, "brian2-cython", "gosnn-spnet", "c-ref"}

const tutorialEngines = 6

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
	// BytesPerSynapse is what the engine's loop reads from its synapse
	// storage per synaptic event (0: not known); ReadGBps is the read
	// bandwidth measured just before the network's rows in the row's
	// round (0: not measured). Together they give the memory-bound limit.
	BytesPerSynapse float64 `json:"bytes_per_synapse,omitempty"`
	ReadGBps        float64 `json:"read_gbps,omitempty"`
	Load1           float64 `json:"load1"`           // the machine's 1-minute load average when the row started
	Round           int     `json:"round,omitempty"` // 1 to --repeat; 0 in a child's row
	Error           string  `json:"error,omitempty"`
	// NoSpikeTrain: the engine reported spike counts but not the spikes
	// (c-ref, whose spike file would be written inside its timed loop),
	// so the row has a rate but no dominant frequency.
	NoSpikeTrain bool `json:"no_spike_train,omitempty"`
}

// memoryBound returns the fraction of the memory-bound limit the row's
// event rate reaches, or NaN when it has no bandwidth or bytes per
// synapse.
func (r benchRow) memoryBound() float64 {
	return membw.Fraction(r.EventsPerS, r.BytesPerSynapse, r.ReadGBps*1e9)
}

// bandwidth is a measurement of the read bandwidth.
type bandwidth struct {
	BestGBps   float64 `json:"best_gbps"`
	MedianGBps float64 `json:"median_gbps"`
	Threads    int     `json:"threads"`
	MB         float64 `json:"mb"`
	Passes     int     `json:"passes"`
}

// bandwidthPasses is how many times measureBandwidth reads its buffer.
// On a shared machine most passes are slowed by other programs taking
// the cores; the best of many is the memory's speed.
const bandwidthPasses = 20

// measureBandwidth measures the sequential read bandwidth of a buffer of
// size bytes with as many goroutines as GOMAXPROCS, as gosnn delivers on
// every core: the best and the median of bandwidthPasses passes.
func measureBandwidth(size int64) (bandwidth, error) {
	m, err := membw.Read(size, runtime.GOMAXPROCS(0), bandwidthPasses)
	if err != nil {
		return bandwidth{}, err
	}
	return bandwidth{BestGBps: m.Best() / 1e9, MedianGBps: m.Median() / 1e9, Threads: m.Threads, MB: float64(m.Bytes) / 1e6, Passes: len(m.Passes)}, nil
}

// runBench runs every engine on every network, each in its own process.
func runBench(ctx context.Context, cfg benchConfig, nets []benchNet, engines []string, log io.Writer) ([]benchRow, error) {
	dir := cfg.workdir
	if dir == "" {
		d, err := os.MkdirTemp("", "snnbench-")
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
			var gbps float64
			if cfg.bandwidthMB > 0 && net.sparse() { // the dense tutorial's 1e6 synapses fit in the caches
				gbps = readBandwidth(ctx, cfg, self, net, log)
			}
			for _, engine := range engines {
				if !net.runs(engine) {
					continue
				}
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
				row.ReadGBps = gbps
				rows = append(rows, row)
			}
		}
	}
	return rows, nil
}

// readBandwidth measures the read bandwidth in a process of its own, just
// before the network's rows, and returns the best pass in GB/s, or 0
// after a failure, which it reports.
func readBandwidth(ctx context.Context, cfg benchConfig, self string, net benchNet, log io.Writer) float64 {
	fmt.Fprintf(log, "bench: read bandwidth before %s ... ", net.name)
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, self, "--child-bandwidth", "--bandwidth-mb", fmt.Sprint(cfg.bandwidthMB))
	cmd.Stdout, cmd.Stderr = &out, &errb
	var bw bandwidth
	if err := cmd.Run(); err != nil {
		fmt.Fprintf(log, "failed: %v: %s\n", err, strings.TrimSpace(errb.String()))
		return 0
	}
	if err := json.Unmarshal(out.Bytes(), &bw); err != nil {
		fmt.Fprintf(log, "failed: unreadable result %q: %v\n", out.String(), err)
		return 0
	}
	fmt.Fprintf(log, "%.2f GB/s (best of %d passes over %.0f MB on %d threads; median %.2f)\n", bw.BestGBps, bw.Passes, bw.MB, bw.Threads, bw.MedianGBps)
	return bw.BestGBps
}

// runEngine runs one engine on one network in a process of its own.
func runEngine(ctx context.Context, cfg benchConfig, round int, net benchNet, engine, dir, scripts, self string, log io.Writer) benchRow {
	spikes := filepath.Join(dir, fmt.Sprintf("%s-%s.npy", net.name, engine))
	var cmd *exec.Cmd
	common := []string{"--net", net.name, "--T", fmt.Sprint(cfg.steps), "--seed", fmt.Sprint(cfg.seed), "--spikes", spikes}
	steps := cfg.steps
	if net.name == "spnet" {
		steps = cfg.spnetSeconds * 1000
	}
	switch {
	case net.name == "spnet" && engine == "c-ref":
		return runSpnetRef(ctx, cfg, round, net, dir, log)
	case net.name == "spnet" && strings.HasPrefix(engine, "gosnn"):
		cmd = exec.CommandContext(ctx, self, "--child", "--nets", net.name, "--engines", engine,
			"--spnet-seconds", fmt.Sprint(cfg.spnetSeconds), "--seed", fmt.Sprint(cfg.seed), "--spikes", spikes)
	case net.name == "spnet":
		target, threads := strings.TrimPrefix(engine, "brian2-"), "1"
		if t, ok := strings.CutSuffix(target, brian2Threads); ok {
			target, threads = t, "2"
		}
		cmd = exec.CommandContext(ctx, cfg.python, filepath.Join(scripts, "brian2_spnet.py"), "--target", target,
			"--threads", threads, "--workdir", filepath.Join(dir, engine+"-"+net.name),
			"--seconds", fmt.Sprint(cfg.spnetSeconds), "--seed", fmt.Sprint(cfg.seed), "--spikes", spikes)
	case strings.HasPrefix(engine, "gosnn"):
		cmd = exec.CommandContext(ctx, self, "--child", "--nets", net.name, "--engines", engine,
			"--T", fmt.Sprint(cfg.steps), "--seed", fmt.Sprint(cfg.seed), "--spikes", spikes)
	case engine == "numpy":
		cmd = exec.CommandContext(ctx, cfg.python, append([]string{filepath.Join(scripts, "numpy_net.py")}, common...)...)
	default:
		target, threads := strings.TrimPrefix(engine, "brian2-"), "1"
		if t, ok := strings.CutSuffix(target, brian2Threads); ok {
			target, threads = t, "2"
		}
		cmd = exec.CommandContext(ctx, cfg.python, append([]string{filepath.Join(scripts, "brian2_net.py"), "--target", target,
			"--threads", threads, "--workdir", filepath.Join(dir, engine+"-"+net.name)}, common...)...)
	}
	cmd.Dir = dir
	logStart(log, cfg, round, net, engine)
	start := time.Now()
	load := loadAverage1()
	row := runChild(cmd, net, engine, steps, spikes)
	row.Load1 = load
	logEnd(ctx, log, row, start)
	return row
}

// logStart says which row is being measured.
func logStart(log io.Writer, cfg benchConfig, round int, net benchNet, engine string) {
	if cfg.repeat > 1 {
		fmt.Fprintf(log, "bench: round %d of %d: %s on %s ... ", round, cfg.repeat, engine, net.name)
	} else {
		fmt.Fprintf(log, "bench: %s on %s ... ", engine, net.name)
	}
}

// logEnd says how the row's measurement went.
func logEnd(ctx context.Context, log io.Writer, row benchRow, start time.Time) {
	if row.Error != "" && ctx.Err() != nil {
		fmt.Fprintln(log, "stopped")
	} else if row.Error != "" {
		fmt.Fprintf(log, "failed after %.1f s: %s\n", time.Since(start).Seconds(), row.Error)
	} else {
		fmt.Fprintf(log, "%.1f s (loop %.3f s, %d spikes)\n", time.Since(start).Seconds(), row.LoopS, row.Spikes)
	}
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
	rate, dominant, err := spikeStats(spikes, net, steps)
	if err != nil {
		row.Error = err.Error()
		return row
	}
	row.RateHz, row.DominantHz = rate, dominant
	return row
}

// runSpnetRef compiles the C reference of spnet with gcc -O2 (and
// -ffp-contract=off, as its golden tests build it) and runs it for
// --spnet-seconds. Its own timing of the simulation loop is the loop time
// (wall) and the loop CPU time; its per-second statistics give the spike counts (its spike file is
// written inside the loop, so it is not asked for).
func runSpnetRef(ctx context.Context, cfg benchConfig, round int, net benchNet, dir string, log io.Writer) benchRow {
	const engine = "c-ref"
	steps := cfg.spnetSeconds * 1000
	row := benchRow{Engine: engine, Net: net.name, Steps: steps, Neurons: net.ne + net.ni, Synapses: int64(net.ne+net.ni) * 100, NoSpikeTrain: true}
	logStart(log, cfg, round, net, engine)
	start := time.Now()
	row.Load1 = loadAverage1()
	defer func() { logEnd(ctx, log, row, start) }()
	bin := filepath.Join(dir, "spnet_ref")
	t0 := time.Now()
	if out, err := exec.CommandContext(ctx, "gcc", "-O2", "-ffp-contract=off", "-o", bin, cfg.spnetRef, "-lm").CombinedOutput(); err != nil {
		row.Error = fmt.Sprintf("gcc %s: %v: %s", cfg.spnetRef, err, lastLine(string(out)))
		return row
	}
	row.CompileS = time.Since(t0).Seconds()
	stats, rss := filepath.Join(dir, "spnet_ref_stats"), filepath.Join(dir, "spnet_ref_maxrss_kb")
	cmd := exec.CommandContext(ctx, "/usr/bin/time", "-f", "%M", "-o", rss, bin, fmt.Sprint(cfg.spnetSeconds), fmt.Sprint(cfg.seed), "-", stats, "-")
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Run(); err != nil {
		row.Error = fmt.Sprintf("%v: %s", err, lastLine(errb.String()))
		return row
	}
	for _, line := range strings.Split(errb.String(), "\n") {
		f := strings.Fields(line)
		if len(f) != 2 {
			continue
		}
		x, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "sim_seconds":
			row.LoopS = x
		case "sim_cpu_seconds":
			row.LoopCPUS = x
		case "setup_seconds":
			row.BuildS = x
		}
	}
	if row.LoopS <= 0 {
		row.Error = fmt.Sprintf("the C reference did not report sim_seconds: %q", lastLine(errb.String()))
		return row
	}
	if data, err := os.ReadFile(rss); err == nil {
		var kb float64
		if _, err := fmt.Sscan(lastLine(string(data)), &kb); err == nil {
			row.PeakRSSMB = kb / 1024
		}
	}
	f, err := os.Open(stats)
	if err != nil {
		row.Error = err.Error()
		return row
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// second, excitatory spikes, inhibitory spikes, strong synapses, ...
		var sec, exc, inh int
		if _, err := fmt.Sscan(sc.Text(), &sec, &exc, &inh); err != nil {
			row.Error = fmt.Sprintf("C reference statistics %q: %v", sc.Text(), err)
			return row
		}
		row.Spikes += exc + inh
	}
	row.Events = int64(row.Spikes) * 100
	row.EventsPerS = float64(row.Events) / row.LoopS
	row.RateHz = float64(row.Spikes) / float64(net.ne+net.ni) / float64(cfg.spnetSeconds)
	return row
}

// lastLine returns the last non-empty line of s.
func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, "\n"); i >= 0 {
		s = s[i+1:]
	}
	return s
}
