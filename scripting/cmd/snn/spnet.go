package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/chzyer/readline"
	"github.com/gosnn/gosnn/internal/atomicfile"
	"github.com/gosnn/gosnn/plots"
	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/spnet"
)

type spnetConfig struct {
	seconds    int64
	seed       uint64
	spikes     string
	stats      string
	weights    string
	checkpoint string
	every      int64
	resume     string
	groups     string
	out        string
	json       bool
	seedGiven  bool
}

func spnetFlags(cfg *spnetConfig, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("spnet", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Int64Var(&cfg.seconds, "seconds", 60, "simulate until `S` seconds of simulated time (with --resume: the total, counted from the original start)")
	fs.Uint64Var(&cfg.seed, "seed", 0, "srand(`N`) before the network is drawn, 0 to 4294967295; 0 is the published run")
	fs.StringVar(&cfg.spikes, "spikes", "", "write the spikes to `FILE` as CSV: header t,neuron, then one row per spike in firing order (t in ms from the start)")
	fs.StringVar(&cfg.stats, "stats", "", "write one CSV row per second to `FILE`: second, excitatory rate, strong-synapse percentage, inhibitory rate (the original's statistics), then their counts")
	fs.StringVar(&cfg.weights, "weights", "", "write every synapse at the end to `FILE` as CSV: pre,post,delay,weight")
	fs.StringVar(&cfg.checkpoint, "checkpoint", "", "write a checkpoint of the whole state to `FILE` at the end, on Ctrl-C, and every --every seconds")
	fs.Int64Var(&cfg.every, "every", 0, "with --checkpoint, also write it every `S` simulated seconds (0: only at the end and on Ctrl-C)")
	fs.StringVar(&cfg.resume, "resume", "", "continue from the checkpoint `FILE` instead of drawing a new network")
	fs.StringVar(&cfg.groups, "groups", "", "at the end, search the polychronous groups (the paper's activity-triggered search, all excitatory neurons) and write them to `FILE`, one per line: mother size layers span | neuron@ms ... | pre>post/delay:layer@arrival ...")
	fs.StringVar(&cfg.out, "out", "", "write spikes.csv, stats.csv, weights.csv, checkpoint.spnet and summary.json into `DIR` (created if needed); with --groups also group.png, the group with the most layers among those of at most 40 spikes")
	fs.BoolVar(&cfg.json, "json", false, "print one JSON summary instead of the human one")
	setUsage(fs, `Usage: snn spnet [flags]

Simulates Izhikevich's polychronization network (Neural Computation 2006;
his program poly_spnet.cpp): 800 excitatory and 200 inhibitory neurons,
100 synapses each with axonal delays of 1-20 ms, STDP on the excitatory
synapses, random thalamic input. With --seed 0 it reproduces the published
program spike for spike and weight for weight. One simulated minute takes
about a second or less (BENCHMARKS.md has measured figures).

Ctrl-C stops at the end of the present simulated second, writes every
output (complete up to that second) and a checkpoint, from which --resume
continues bit for bit. Files are written atomically: never half-written.

Examples:
  snn spnet --seconds 60 --stats stats.csv
  snn spnet --seconds 3600 --out hour/ --every 600
  snn spnet --resume hour/checkpoint.spnet --seconds 7200 --out hour2/
  snn spnet --resume hour2/checkpoint.spnet --seconds 7200 --groups groups.txt   # groups only

Exit status: 0 success, 1 the run or an output failed, 2 bad command line,
130 interrupted (outputs and checkpoint written).

Flags:
`)
	return fs
}

func spnetCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var cfg spnetConfig
	fs := spnetFlags(&cfg, stderr)
	if status, done := parseOnlyFlags(fs, args, stdout); done {
		return status
	}
	cfg.seedGiven = flagSet(fs, "seed")
	if err := cfg.check(); err != nil {
		fmt.Fprintf(stderr, "snn spnet: %v\nRun 'snn spnet --help' for the flags and their allowed values.\n", err)
		return 2
	}
	var progress io.Writer
	if f, ok := stderr.(*os.File); ok && readline.IsTerminal(int(f.Fd())) && !cfg.json {
		progress = stderr
	}
	if err := runSpnet(ctx, cfg, stdout, progress); err != nil {
		fmt.Fprintf(stderr, "snn spnet: %v\n", err)
		if errors.As(err, new(interruptedError)) {
			return 130
		}
		return 1
	}
	return 0
}

// interruptedError says the run stopped on Ctrl-C after writing its outputs.
type interruptedError struct{ error }

func (cfg *spnetConfig) check() error {
	if cfg.seconds < 1 || cfg.seconds > 1<<40 {
		return fmt.Errorf("--seconds %d: simulate at least 1 second", cfg.seconds)
	}
	if cfg.seed > 1<<32-1 {
		return fmt.Errorf("--seed %d: srand takes seeds from 0 to 4294967295", cfg.seed)
	}
	if cfg.every < 0 {
		return fmt.Errorf("--every %d: give a number of seconds ≥ 1 (or 0 for only at the end)", cfg.every)
	}
	if cfg.every > 0 && cfg.checkpoint == "" && cfg.out == "" {
		return errors.New("--every needs --checkpoint FILE or --out DIR to say where the checkpoints go")
	}
	if cfg.resume != "" && cfg.seedGiven {
		return errors.New("--seed and --resume: a resumed run continues with the checkpoint's generator; give one of them")
	}
	if cfg.out != "" {
		set := func(p *string, name string) {
			if *p == "" {
				*p = filepath.Join(cfg.out, name)
			}
		}
		set(&cfg.spikes, "spikes.csv")
		set(&cfg.stats, "stats.csv")
		set(&cfg.weights, "weights.csv")
		set(&cfg.checkpoint, "checkpoint.spnet")
	}
	return nil
}

// spnetSummary is what --json prints and --out saves as summary.json.
type spnetSummary struct {
	FromSecond  int64   `json:"from_second"`
	ToSecond    int64   `json:"to_second"`
	Interrupted bool    `json:"interrupted"`
	Spikes      int64   `json:"spikes"`
	ExcRateHz   float64 `json:"exc_rate_hz"` // mean over the simulated seconds
	InhRateHz   float64 `json:"inh_rate_hz"`
	StrongPct   float64 `json:"strong_pct"` // of the last second
	// DominantHz is the excitatory population's dominant frequency in
	// 10–100 Hz over the last 10 s (or the whole seconds simulated).
	DominantHz  float64 `json:"dominant_hz"`
	Groups      *int    `json:"groups,omitempty"`
	GroupsWallS float64 `json:"groups_wall_s,omitempty"`
	WallS       float64 `json:"wall_s"`
	Checkpoint  string  `json:"checkpoint,omitempty"`
}

func runSpnet(ctx context.Context, cfg spnetConfig, stdout, progress io.Writer) (err error) {
	var net *spnet.Network
	if cfg.resume != "" {
		f, err := os.Open(cfg.resume)
		if err != nil {
			return fmt.Errorf("--resume: %w", err)
		}
		net, err = spnet.Load(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("--resume %s: %w", cfg.resume, err)
		}
	} else {
		c := spnet.Default()
		c.Seed = uint32(cfg.seed)
		if net, err = spnet.New(c); err != nil {
			return err
		}
	}
	end := cfg.seconds * 1000
	start := net.Time()
	if start > end || (start == end && cfg.groups == "" && cfg.weights == "") {
		return fmt.Errorf("the checkpoint is already at %.3f s; give --seconds beyond it (or equal to it, with --groups or --weights, to analyse it)", float64(start)/1000)
	}
	if cfg.out != "" {
		if err := os.MkdirAll(cfg.out, 0o755); err != nil {
			return fmt.Errorf("--out: %w", err)
		}
	}

	// Every output goes to a temporary file, renamed into place only when
	// complete; on error they are removed and existing files are kept.
	var files []*atomicFile
	defer func() {
		for _, f := range files {
			f.abort()
		}
	}()
	create := func(path, header string) (*atomicFile, error) {
		f, err := createAtomic(path)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
		_, err = f.WriteString(header)
		return f, err
	}

	var spikes *spnet.SpikeWriter
	var spikeFile *atomicFile
	if cfg.spikes != "" {
		if spikeFile, err = create(cfg.spikes, spnet.SpikesCSVHeader); err != nil {
			return err
		}
		spikes = &spnet.SpikeWriter{W: spikeFile}
		net.Monitors = append(net.Monitors, spikes)
	}
	var statsFile *atomicFile
	if cfg.stats != "" {
		if statsFile, err = create(cfg.stats, spnet.StatsCSVHeader); err != nil {
			return err
		}
	}
	var sum spnetSummary
	sum.FromSecond = start / 1000
	var statsErr error
	var exc, inh int64
	var seconds int64
	stats := &spnet.Stats{OnSecond: func(s spnet.SecondStats) {
		exc += int64(s.ExcSpikes)
		inh += int64(s.InhSpikes)
		seconds++
		sum.StrongPct = s.StrongPct
		if statsFile != nil && statsErr == nil {
			statsErr = spnet.WriteStatsRow(statsFile, s)
		}
		if progress != nil {
			fmt.Fprintf(progress, "\rsecond %d/%d  exc %.2f Hz  strong %.2f%%  inh %.2f Hz ", s.Second+1, cfg.seconds, s.ExcRate, s.StrongPct, s.InhRate)
		}
	}}
	if start%1000 == 0 {
		net.Monitors = append(net.Monitors, stats)
	} // a run resumed mid-second has no complete statistics for it

	rhythm := &spnet.Rhythm{Seconds: 10}
	net.Monitors = append(net.Monitors, rhythm)

	saveCheckpoint := func() error {
		if cfg.checkpoint == "" {
			return nil
		}
		if err := snn.WriteFile(cfg.checkpoint, net.Save); err != nil {
			return err
		}
		sum.Checkpoint = cfg.checkpoint
		return nil
	}

	began := time.Now()
	for net.Time() < end {
		if ctx.Err() != nil {
			sum.Interrupted = true
			break
		}
		// Up to the next second boundary.
		net.Run(int(min(end, (net.Time()/1000+1)*1000) - net.Time()))
		if spikes != nil && spikes.Err != nil {
			return fmt.Errorf("--spikes %s: %w", cfg.spikes, spikes.Err)
		}
		if statsErr != nil {
			return fmt.Errorf("--stats %s: %w", cfg.stats, statsErr)
		}
		if cfg.every > 0 && net.Time()%(cfg.every*1000) == 0 && net.Time() < end {
			if err := saveCheckpoint(); err != nil {
				return err
			}
		}
	}
	if progress != nil {
		fmt.Fprintln(progress)
	}
	sum.WallS = time.Since(began).Seconds()
	sum.ToSecond = net.Time() / 1000
	if sum.Interrupted && cfg.checkpoint == "" {
		cfg.checkpoint = "spnet-interrupted.spnet"
	}
	if err := saveCheckpoint(); err != nil {
		return err
	}
	if cfg.weights != "" {
		f, err := create(cfg.weights, "")
		if err != nil {
			return err
		}
		if err := net.WriteWeightsCSV(f); err != nil {
			return fmt.Errorf("--weights %s: %w", cfg.weights, err)
		}
	}
	groupsStopped := -1 // the neuron at which Ctrl-C stopped the group search
	if cfg.groups != "" && !sum.Interrupted {
		f, err := create(cfg.groups, "")
		if err != nil {
			return err
		}
		began := time.Now()
		groups, stopped, err := searchGroups(ctx, net, progress)
		if err != nil {
			return err
		}
		if stopped >= 0 {
			groupsStopped = stopped
			f.abort() // an incomplete search is not written
		} else {
			sum.GroupsWallS = time.Since(began).Seconds()
			n := len(groups)
			sum.Groups = &n
			if err := spnet.WriteGroups(f, groups); err != nil {
				return fmt.Errorf("--groups %s: %w", cfg.groups, err)
			}
			if cfg.out != "" && n > 0 {
				if err := saveLongestGroup(groups, net.Excitatory(), filepath.Join(cfg.out, "group.png")); err != nil {
					return err
				}
			}
		}
	}
	if f, err := rhythm.DominantFrequency(10, 100); err == nil {
		sum.DominantHz = f
	}
	if spikes != nil {
		sum.Spikes = spikes.Count
	}
	if seconds > 0 {
		sum.ExcRateHz = float64(exc) / float64(seconds) / float64(net.Excitatory())
		sum.InhRateHz = float64(inh) / float64(seconds) / float64(net.Len()-net.Excitatory())
		if spikes == nil {
			sum.Spikes = exc + inh
		}
	}
	js, _ := json.MarshalIndent(sum, "", "  ")
	js = append(js, '\n')
	if cfg.out != "" {
		f, err := create(filepath.Join(cfg.out, "summary.json"), "")
		if err != nil {
			return err
		}
		f.Write(js)
	}
	for _, f := range files {
		if err := f.commit(); err != nil {
			return err
		}
	}
	files = nil
	if cfg.json {
		stdout.Write(js)
	} else {
		fmt.Fprintf(stdout, "simulated %d s to %d s in %.1f s: %d spikes, excitatory %.2f Hz, inhibitory %.2f Hz, strong exc→exc synapses %.2f%%, rhythm %g Hz\n",
			sum.FromSecond, sum.ToSecond, sum.WallS, sum.Spikes, sum.ExcRateHz, sum.InhRateHz, sum.StrongPct, sum.DominantHz)
		if sum.Groups != nil {
			fmt.Fprintf(stdout, "polychronous groups: %d (search took %.1f s)\n", *sum.Groups, sum.GroupsWallS)
		}
		if sum.Checkpoint != "" {
			fmt.Fprintf(stdout, "checkpoint: %s (continue with --resume %s)\n", sum.Checkpoint, sum.Checkpoint)
		}
	}
	if groupsStopped >= 0 {
		return interruptedError{fmt.Errorf("interrupted during the group search (at neuron %d); no groups file was written, the other outputs are complete", groupsStopped)}
	}
	if sum.Interrupted {
		return interruptedError{fmt.Errorf("interrupted at %d s; the outputs hold everything up to then, and --resume %s continues", sum.ToSecond, sum.Checkpoint)}
	}
	return nil
}

// searchGroups runs the polychronous group search from every excitatory
// neuron. On Ctrl-C it stops and returns the neuron it stopped at, else
// -1.
func searchGroups(ctx context.Context, net *spnet.Network, progress io.Writer) ([]spnet.Group, int, error) {
	// In chunks of mothers (searched on all cores), so that Ctrl-C and the
	// progress line are seen between them.
	const chunk = 16
	var groups []spnet.Group
	for first := 0; first < net.Excitatory(); first += chunk {
		if ctx.Err() != nil {
			return nil, first, nil
		}
		var mothers []int
		for m := first; m < min(first+chunk, net.Excitatory()); m++ {
			mothers = append(mothers, m)
		}
		found, err := spnet.GroupSearch{}.Find(net, mothers)
		if err != nil {
			return nil, -1, err
		}
		groups = append(groups, found...)
		if progress != nil {
			fmt.Fprintf(progress, "\rgroup search: neuron %d/%d, %d groups ", mothers[len(mothers)-1]+1, net.Excitatory(), len(groups))
		}
	}
	if progress != nil {
		fmt.Fprintln(progress)
	}
	return groups, -1, nil
}

// figureGroupSize bounds the groups saveLongestGroup considers: larger
// ones (up to the whole network) make an unreadable figure.
const figureGroupSize = 40

// saveLongestGroup draws the group with the most layers among those of at
// most figureGroupSize spikes (or the smallest group if there is none).
func saveLongestGroup(groups []spnet.Group, ne int, path string) error {
	best := &groups[0]
	for k := range groups {
		g := &groups[k]
		small, bestSmall := g.Size() <= figureGroupSize, best.Size() <= figureGroupSize
		switch {
		case small && !bestSmall, small && g.Layers > best.Layers, !small && !bestSmall && g.Size() < best.Size():
			best = g
		}
	}
	fig, err := plots.NewPolychrony(best, ne)
	if err != nil {
		return err
	}
	return fig.Save(path)
}

// atomicFile is an output written through a buffer to a temporary file
// beside its path (internal/atomicfile) and renamed into place by commit;
// abort removes it. Readers of the path see the old file or the complete
// new one.
type atomicFile struct {
	*bufio.Writer
	f *atomicfile.File
}

func createAtomic(path string) (*atomicFile, error) {
	f, err := atomicfile.Create(path)
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return &atomicFile{Writer: bufio.NewWriterSize(f, 1<<16), f: f}, nil
}

func (a *atomicFile) commit() error {
	err := a.Flush()
	if err == nil {
		err = a.f.Commit()
	}
	if err != nil {
		a.f.Abort()
		return fmt.Errorf("write %s: %w", a.f.Path(), err)
	}
	return nil
}

func (a *atomicFile) abort() { a.f.Abort() }
