package snn

import (
	"context"
	"github.com/gosnn/gosnn/snn/rng"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// benchmarkTutorial runs the tutorial network (800 RS + 200 LTS, seed 0)
// for 1000 ms per iteration; construction is excluded.
func benchmarkTutorial(b *testing.B, name string, traces bool) {
	opts := &RunOptions{TraceAll: traces}
	spikes := 0
	for b.Loop() {
		b.StopTimer()
		cfg := Tutorial(DefaultTutorial())
		cfg.Generator = generator(name, cfg.Seed)
		net, err := New(cfg)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC() // the last network's garbage is construction's cost, not the loop's
		b.StartTimer()
		res, err := net.Run(context.Background(), 1000, opts)
		if err != nil {
			b.Fatal(err)
		}
		spikes = len(res.Spikes)
	}
	b.ReportMetric(float64(spikes), "spikes")
}

func BenchmarkTutorialNumPy(b *testing.B)       { benchmarkTutorial(b, rng.NameNumPy, false) }
func BenchmarkTutorialNumPyTraces(b *testing.B) { benchmarkTutorial(b, rng.NameNumPy, true) }
func BenchmarkTutorialFast(b *testing.B)        { benchmarkTutorial(b, rng.NameFast, false) }
func BenchmarkTutorialFastTraces(b *testing.B)  { benchmarkTutorial(b, rng.NameFast, true) }

// benchmarkReference times the tutorial's own NumPy loop (testdata/numpy_loop.py,
// best of 3 runs per iteration) so that ratios come from one `go test -bench`
// run on the same machine. It is skipped when python3 with NumPy is missing.
func benchmarkReference(b *testing.B, traces bool) {
	args := []string{"testdata/numpy_loop.py", "3"}
	if traces {
		args = append(args, "traces")
	}
	var best float64
	for b.Loop() {
		out, err := exec.Command("/usr/bin/python3", args...).Output()
		if err != nil {
			b.Skipf("python3 with NumPy not available: %v", err)
		}
		fields := strings.Fields(string(out))
		if len(fields) != 2 || fields[1] != "7648" {
			b.Fatalf("reference printed %q, want seconds and 7648 spikes", out)
		}
		best, err = strconv.ParseFloat(fields[0], 64)
		if err != nil {
			b.Fatal(err)
		}
	}
	// The loop time in the same unit as the Go benchmarks' ns/op.
	b.ReportMetric(best*1e9, "loop-ns/op")
}

func BenchmarkTutorialNumPyReference(b *testing.B)       { benchmarkReference(b, false) }
func BenchmarkTutorialNumPyReferenceTraces(b *testing.B) { benchmarkReference(b, true) }
