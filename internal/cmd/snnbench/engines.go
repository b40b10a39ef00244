package main

import (
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
}

var benchNets = []benchNet{
	{"tutorial", "1000 neurons, dense (1e6 synapses)", 800, 200, ""},
	{"10k", "10 000 neurons, p = 0.1 (1e7 synapses)", 8000, 2000, "p=0.1"},
	{"100k", "100 000 neurons, in-degree 1000 (1e8 synapses)", 80000, 20000, "indegree=1000"},
}

// sparse reports whether the network's synapses are too many for the
// caches, so that delivery reads them from memory.
func (n benchNet) sparse() bool { return n.conn != "" }

// brian2Threads is the engine suffix of Brian2 cpp_standalone with OpenMP
// on two threads, as many as gosnn uses on the development machine.
const brian2Threads = "-2threads"

var benchEngines = []string{"gosnn-numpy", "gosnn-fast", "numpy", "brian2-cpp_standalone", "brian2-cpp_standalone" + brian2Threads, "brian2-cython"}

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
	switch {
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
	rate, dominant, err := spikeStats(spikes, net, steps)
	if err != nil {
		row.Error = err.Error()
		return row
	}
	row.RateHz, row.DominantHz = rate, dominant
	return row
}
