//go:build unix

package scripting

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"syscall"
	"testing"

	"github.com/gosnn/gosnn/snn"
)

// BenchmarkHodgkinHuxley measures issue 15's target for models written
// with snn/vec: the example examples/hodgkinhuxley (a population of
// Hodgkin–Huxley neurons, 20 exponential-Euler substeps per 1 ms step,
// beside 500 Izhikevich neurons) interpreted in this process against the
// same file compiled, in one benchmark run. Every turn runs both modes for
// hhLong ms and for 1 ms; the differences take out what does not grow
// with the simulation (interpreter start and compilation, process start,
// network construction, the figures), and
//
//	interpreted/native = (interpreted long − short) / (native long − short)
//
// is reported as its median, minimum and maximum over the turns; the
// target is ≤ 3. BenchmarkHodgkinHuxleyLoop measures the same for the
// population written as a scalar loop, which snn/vec replaces. On a loaded machine wall time also counts the time the
// processes waited for a core, so the same ratio of CPU time (user +
// system, the test process's for the interpreted runs) is reported
// beside it as cpu-ratio. Run with:
//
//	go test -run X -bench HodgkinHuxley -benchtime 3x ./scripting
const (
	hhLong    = 1000 // ms
	hhNeurons = 1000 // Hodgkin–Huxley neurons
)

func BenchmarkHodgkinHuxley(b *testing.B) { benchmarkInterpretedNative(b, hhFile, hhLong) }

// BenchmarkHodgkinHuxleyLoop is the same population written as a loop over
// neurons (testdata/hhloop), the way that costs an interpreted script one
// operation per neuron and term: what snn/vec replaces. It runs hhLoopMs
// ms, as the interpreted loop is slow.
func BenchmarkHodgkinHuxleyLoop(b *testing.B) {
	benchmarkInterpretedNative(b, "testdata/hhloop/main.go", hhLoopMs)
}

const hhLoopMs = 10

// benchmarkInterpretedNative runs file interpreted in this process and
// compiled, for long ms and for 1 ms, with hhNeurons Hodgkin–Huxley
// neurons, and reports the ratios described at BenchmarkHodgkinHuxley.
func benchmarkInterpretedNative(b *testing.B, file string, long int) {
	src, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	root, err := ModuleRoot()
	if err != nil {
		b.Fatal(err)
	}
	exe, cleanup, err := BuildNative(context.Background(), root, "hh.go", src)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(cleanup)
	args := func(ms int) []string { return []string{strconv.Itoa(ms), strconv.Itoa(hhNeurons)} }
	// Each run returns its wall and CPU time in ns, and its output.
	interpreted := func(ms int) (wall, cpu float64, out string) {
		var stdout, errw bytes.Buffer
		cpu0 := selfCPU(b)
		start := nanotime()
		err := Run(context.Background(), file, src, Options{Args: args(ms), Stdout: &stdout, Stderr: &errw, OutDir: b.TempDir()})
		if err != nil {
			b.Fatalf("interpreted: %v\n%s", err, errw.String())
		}
		return nanotime() - start, selfCPU(b) - cpu0, stdout.String()
	}
	native := func(ms int) (wall, cpu float64, out string) {
		cmd := exec.Command(exe, args(ms)...)
		cmd.Dir = b.TempDir()
		cmd.Env = append(os.Environ(), snn.OutEnv+"="+cmd.Dir)
		start := nanotime()
		stdout, err := cmd.Output()
		if err != nil {
			b.Fatalf("native: %v", err)
		}
		wall = nanotime() - start
		return wall, float64(cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()), string(stdout)
	}
	var ratios, cpuRatios, interpMs, nativeMs []float64
	for i := 0; i < b.N; i++ {
		il, ilc, iout := interpreted(long)
		nl, nlc, nout := native(long)
		if iout != nout {
			b.Fatalf("outputs differ:\ninterpreted:\n%s\nnative:\n%s", iout, nout)
		}
		is, isc, _ := interpreted(1)
		ns, nsc, _ := native(1)
		ratios = append(ratios, (il-is)/(nl-ns))
		cpuRatios = append(cpuRatios, (ilc-isc)/(nlc-nsc))
		interpMs = append(interpMs, (il-is)/1e6)
		nativeMs = append(nativeMs, (nl-ns)/1e6)
	}
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "interpreted/native")
	b.ReportMetric(ratios[0], "min-ratio")
	b.ReportMetric(ratios[len(ratios)-1], "max-ratio")
	b.ReportMetric(median(cpuRatios), "cpu-ratio")
	b.ReportMetric(median(interpMs), "interpreted-ms")
	b.ReportMetric(median(nativeMs), "native-ms")
}

// selfCPU returns the CPU time (user + system) this process has used, ns.
func selfCPU(b *testing.B) float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return float64(ru.Utime.Nano() + ru.Stime.Nano())
}

func median(x []float64) float64 {
	y := slices.Clone(x)
	slices.Sort(y)
	return y[len(y)/2]
}
