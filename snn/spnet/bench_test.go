package spnet

import (
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkSpnet60s compares the Go network with the C reference
// (gcc -O2) over the first 60 simulated seconds, in one run. Each
// iteration runs the C reference's simulation loop (writing nothing: its
// spike and statistics files are off) and then the same 60 s in Go (set-up
// excluded, no monitors), and compares the two in that iteration's
// conditions. It reports as c-ns/op the C reference's own timing of its
// loop, as c/go the ratio of the summed wall times, c/go-median, c/go-min
// and c/go-max the median, lowest and highest ratio of a single iteration
// (the median of an even count is the upper middle), and cpu-c/go the
// ratio of the CPU times (the C process's, the Go process's), which leaves
// out the time each waited for a core on a shared machine. Go's Run uses
// two goroutines where it can (see pipeline.go), so its wall time can fall
// below its CPU time; the C reference is single-threaded.
func BenchmarkSpnet60s(b *testing.B) {
	const seconds = 60
	bin := referenceBinary(b)
	var cWall, cCPU, goWall, goCPU float64
	var ratios []float64
	for b.Loop() {
		b.StopTimer()
		cw, cc := timeReference(b, bin, seconds)
		net, err := New(Default())
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		cpu0 := processCPU()
		t0 := time.Now()
		b.StartTimer()
		net.Run(seconds * 1000)
		b.StopTimer()
		gw, gc := time.Since(t0).Seconds(), processCPU()-cpu0
		cWall += cw
		cCPU += cc
		goWall += gw
		goCPU += gc
		ratios = append(ratios, cw/gw)
		b.StartTimer()
	}
	b.ReportMetric(cWall/float64(b.N)*1e9, "c-ns/op")
	b.ReportMetric(cWall/goWall, "c/go")
	b.Logf("c/go of each iteration, in order: %.2f", ratios)
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "c/go-median")
	b.ReportMetric(slices.Min(ratios), "c/go-min")
	b.ReportMetric(slices.Max(ratios), "c/go-max")
	if goCPU > 0 && cCPU > 0 {
		b.ReportMetric(cCPU/goCPU, "cpu-c/go")
	}
}

// timeReference runs the C reference for seconds simulated seconds with
// every output off and returns the wall and CPU time of its simulation
// loop as it measures them.
func timeReference(b *testing.B, bin string, seconds int) (wall, cpu float64) {
	b.Helper()
	cmd := exec.Command(bin, strconv.Itoa(seconds), "0", "-", "-", "-")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		b.Fatalf("C reference: %v\n%s", err, stderr.String())
	}
	wall, cpu = -1, -1
	for _, line := range strings.Split(stderr.String(), "\n") {
		if v, ok := strings.CutPrefix(line, "sim_seconds "); ok {
			wall, _ = strconv.ParseFloat(v, 64)
		}
		if v, ok := strings.CutPrefix(line, "sim_cpu_seconds "); ok {
			cpu, _ = strconv.ParseFloat(v, 64)
		}
	}
	if wall <= 0 || cpu < 0 {
		b.Fatalf("C reference: no timing in its output:\n%s", stderr.String())
	}
	return wall, cpu
}

// BenchmarkSpnetMemory reports the heap a network holds after a simulated
// second against its synapse state (target, weight, delay and derivative
// of every synapse), and what Run allocated while it ran that second (its
// pipeline's buffers, which it lets go at the end) against the same.
func BenchmarkSpnetMemory(b *testing.B) {
	for b.Loop() {
		var before, mid, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		net, err := New(Default())
		if err != nil {
			b.Fatal(err)
		}
		runtime.ReadMemStats(&mid)
		net.Run(1000)
		runtime.ReadMemStats(&after)
		ran := float64(after.TotalAlloc - mid.TotalAlloc)
		runtime.GC()
		runtime.ReadMemStats(&after)
		held := float64(after.HeapAlloc - before.HeapAlloc)
		syn := float64(net.Syn.Len() * (4 + 8 + 1 + 8))
		b.ReportMetric(held/syn, "heap/synapse-state")
		b.ReportMetric(ran/syn, "run-alloc/synapse-state")
		runtime.KeepAlive(net)
	}
}

// BenchmarkSpnetPlain10s runs 10 simulated seconds on one goroutine (Run's
// pipeline off) and reports the CPU time per run as cpu-ns/op: the whole
// work of a step, for comparing changes to it.
func BenchmarkSpnetPlain10s(b *testing.B) {
	was := pipelineEnabled
	pipelineEnabled = false
	defer func() { pipelineEnabled = was }()
	var cpu float64
	for b.Loop() {
		b.StopTimer()
		net, err := New(Default())
		if err != nil {
			b.Fatal(err)
		}
		c0 := processCPU()
		b.StartTimer()
		net.Run(10 * 1000)
		b.StopTimer()
		cpu += processCPU() - c0
		b.StartTimer()
	}
	b.ReportMetric(cpu/float64(b.N)*1e9, "cpu-ns/op")
}
