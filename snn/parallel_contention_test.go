//go:build linux

package snn

import (
	"context"
	"fmt"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gosnn/gosnn/snn/rng"
)

// BenchmarkContention compares the engine's ways of waiting on the 10k
// network (fast generator: a team of helpers), the same network with
// NumPy's generator (no team: goroutines started for every step, the
// noise drawn ahead on another goroutine) and the tutorial network
// (NumPy's generator: only the noise drawn ahead), on the
// machine as it is and with busy processes (/bin/sh loops, each in a
// session of its own, like another user's command) started by the
// benchmark beside it. Each iteration is one round: every
// combination of hogs and policy runs the next 200 steps of its own
// copy of the network, in an order that rotates from round to round, so
// that the policies share the machine's changing speed (short runs, many
// rounds: the other programs' bursts last seconds). The policies:
//
//	spin        the engine before bounded spinning: helpers spin 200 µs for
//	            a job, the caller spins until the helpers finish
//	            (waitPolicy.active)
//	park        the default: spin defaultSpin, then park; serial fallback
//	nofallback  park without the serial fallback (waitPolicy.alwaysTeam)
//	serial      one goroutine (GOMAXPROCS 1 for the engine)
//
// It reports, per number of hogs, the median over the rounds of each
// round's loop time of every other policy ÷ park's (above 1: park is
// faster), and logs every policy's loop times and CPU times, median,
// quartiles and range, with -v. All copies must give the same spikes. Run
// it with a fixed number of rounds:
//
//	go test -run '^$' -bench 'Contention/(10k|tutorial)' -benchtime 40x -v ./snn
//	go test -run '^$' -bench 'Contention/100k' -benchtime 10x -v ./snn
//
// (the 100k network's synapses, 600 MB, are shared by its copies).
func BenchmarkContention(b *testing.B) {
	for _, nc := range contentionNets {
		b.Run(nc.name, func(b *testing.B) { benchmarkContention(b, nc.cfg) })
	}
}

var contentionNets = []struct {
	name string
	cfg  func() Config
}{
	{"10k", func() Config {
		cfg := Tutorial(TutorialOptions{Ne: 8000, Ni: 2000, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 0})
		cfg.Generator = rng.NewFastStreams(cfg.Seed)
		cfg.Connectivity = &Connectivity{Rule: RuleP, P: 0.1}
		cfg.WeightPrecision = Float32Weights
		return cfg
	}},
	{"10k-numpy", func() Config {
		cfg := Tutorial(TutorialOptions{Ne: 8000, Ni: 2000, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 0})
		cfg.Generator = generator(rng.NameNumPy, cfg.Seed)
		cfg.Connectivity = &Connectivity{Rule: RuleP, P: 0.1}
		cfg.WeightPrecision = Float32Weights
		return cfg
	}},
	{"100k", func() Config { // slow: run it alone, with fewer rounds
		cfg := Tutorial(TutorialOptions{Ne: 80000, Ni: 20000, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 0})
		cfg.Generator = rng.NewFastStreams(cfg.Seed)
		cfg.Connectivity = &Connectivity{Rule: RuleInDegree, K: 1000}
		cfg.WeightPrecision = Float32Weights
		return cfg
	}},
	{"tutorial", func() Config {
		cfg := Tutorial(DefaultTutorial())
		cfg.Generator = generator(rng.NameNumPy, cfg.Seed)
		return cfg
	}},
}

var contentionPolicies = []struct {
	name  string
	procs int
	wait  waitPolicy
}{
	{"spin", 0, waitPolicy{active: true}},
	{"park", 0, waitPolicy{}},
	{"nofallback", 0, waitPolicy{alwaysTeam: true}},
	{"serial", 1, waitPolicy{}},
}

// contentionHogs are the numbers of busy processes beside the runs.
var contentionHogs = []int{0, 2}

func benchmarkContention(b *testing.B, build func() Config) {
	const steps = 200
	type cell struct {
		wall, cpu []float64 // per round, seconds
		teamed    teamStats
	}
	cells := make([][]cell, len(contentionHogs))
	nets := make([][]*Network, len(contentionHogs))
	var shared Synapses
	for h := range contentionHogs {
		cells[h] = make([]cell, len(contentionPolicies))
		for _, p := range contentionPolicies {
			cfg := build()
			if shared != nil && cfg.Connectivity != nil {
				// Drawn from their own streams: build them once.
				cfg.Synapses, cfg.Connectivity = shared, nil
			}
			cfg.tuning.procs = p.procs
			cfg.tuning.wait = p.wait
			net, err := New(cfg)
			if err != nil {
				b.Fatal(err)
			}
			shared = net.syn
			nets[h] = append(nets[h], net)
		}
	}
	round := 0
	for b.Loop() {
		for h, hogs := range contentionHogs {
			stop := startHogs(b, hogs)
			var want Spikes
			for i := range contentionPolicies {
				k := (i + round) % len(contentionPolicies)
				net := nets[h][k]
				before := net.eng.teamed
				cpu0 := cpuTime()
				res, err := net.Run(context.Background(), steps, nil)
				cpu := cpuTime() - cpu0
				if err != nil {
					b.Fatal(err)
				}
				c := &cells[h][k]
				c.wall = append(c.wall, res.Wall.Seconds())
				c.cpu = append(c.cpu, cpu.Seconds())
				after := net.eng.teamed
				c.teamed.add(teamStats{after.jobs - before.jobs, after.solo - before.solo, after.late - before.late, after.slow - before.slow})
				if want == nil {
					want = res.Spikes
				} else if !slices.Equal(res.Spikes, want) {
					b.Fatalf("round %d, %d hogs: policy %s gives other spikes than %s", round, hogs, contentionPolicies[k].name, contentionPolicies[round%len(contentionPolicies)].name)
				}
			}
			stop()
		}
		round++
	}
	var log strings.Builder
	fmt.Fprintf(&log, "%d rounds of %d steps; median [quartiles] (range) over the rounds\n", round, steps)
	fmt.Fprintf(&log, "%-5s %-11s %-44s %-44s %-34s %s\n", "hogs", "policy", "loop s", "CPU s", "÷ park (per round)", "team jobs: solo / late / slow")
	for h, hogs := range contentionHogs {
		park := cells[h][1].wall
		for k, p := range contentionPolicies {
			c := cells[h][k]
			ratio := make([]float64, len(c.wall))
			for r := range ratio {
				ratio[r] = c.wall[r] / park[r]
			}
			t := c.teamed
			team := "no team"
			if t.jobs > 0 {
				team = fmt.Sprintf("%d: %.0f%% / %.0f%% / %.0f%%", t.jobs, pct(t.solo, t.jobs), pct(t.late, t.jobs-t.solo), pct(t.slow, t.jobs-t.solo))
			}
			fmt.Fprintf(&log, "%-5d %-11s %-44s %-44s %-34s %s\n", hogs, p.name, spread(c.wall, "%.4f"), spread(c.cpu, "%.4f"), spread(ratio, "%.2f"), team)
			if k != 1 {
				b.ReportMetric(median(ratio), fmt.Sprintf("%s/park-%dhogs", p.name, hogs))
			}
		}
	}
	b.Log("\n" + log.String())
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// spread formats the median of xs, their quartiles and their range.
func spread(xs []float64, format string) string {
	s := slices.Clone(xs)
	sort.Float64s(s)
	q := func(p float64) float64 { return s[int(p*float64(len(s)-1)+0.5)] }
	f := format + " [" + format + "–" + format + "] (" + format + "–" + format + ")"
	return fmt.Sprintf(f, median(s), q(0.25), q(0.75), s[0], s[len(s)-1])
}

// cpuTime returns the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// startHogs starts n busy processes and returns a function that stops
// them; they are stopped at the end of the benchmark in any case, also
// when it fails.
func startHogs(b *testing.B, n int) (stop func()) {
	var cmds []*exec.Cmd
	var once sync.Once
	stop = func() {
		once.Do(func() {
			for _, cmd := range cmds {
				cmd.Process.Kill()
				cmd.Wait()
			}
		})
	}
	b.Cleanup(stop)
	for range n {
		// Busy, and gone soon after the benchmark's process, however it
		// ends (Ctrl-C does not reach another session).
		cmd := exec.Command("/bin/sh", "-c", `while kill -0 $PPID 2>/dev/null; do i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done; done`)
		// A session of its own, as another user's command: Linux's
		// autogroups share the CPU between sessions first.
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		if err := cmd.Start(); err != nil {
			b.Fatalf("starting a busy process: %v", err)
		}
		cmds = append(cmds, cmd)
	}
	if n > 0 {
		time.Sleep(20 * time.Millisecond) // let the scheduler take them in
	}
	return stop
}
