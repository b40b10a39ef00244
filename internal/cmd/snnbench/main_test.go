package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/gosnn/gosnn/snn"
)

// runCmd runs snnbench with args and returns its exit status and outputs.
func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestBenchBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--nets", "spnet", "--engines", "gosnn-spnet,numpy"}, "--engines: numpy runs none of the networks chosen with --nets (spnet)"},
		{[]string{"--nets", "1M"}, "unknown network \"1M\": valid networks are tutorial, 10k, 100k and spnet"},
		{[]string{"--spnet-seconds", "0"}, "--spnet-seconds 0: the simulated time must be at least 1 s"},
		{[]string{"--nets", "tutorial", "--engines", "c-ref"}, "--engines: c-ref runs none of the networks chosen with --nets (tutorial)"},
		{[]string{"--nets", "spnet", "--engines", "numpy"}, "--engines: numpy runs none of the networks chosen with --nets (spnet)"},
		{[]string{"--child", "--nets", "spnet", "--engines", "gosnn-fast"}, "--engines: gosnn-fast runs none"},
		{[]string{"--spnet-ref", "/nonexistent.c", "--nets", "spnet", "--engines", "c-ref"}, "--spnet-ref /nonexistent.c"},
		{[]string{"--engines", "nest"}, "unknown engine \"nest\""},
		{[]string{"--T", "0"}, "at least 1 ms"},
		{[]string{"--repeat", "0"}, "--repeat 0: the number of rounds must be 1 to 99"},
		{[]string{"--repeat", "100"}, "--repeat 100: the number of rounds must be 1 to 99"},
		{[]string{"extra"}, "unexpected argument"},
		{[]string{"--child", "--nets", "tutorial", "--engines", "numpy"}, "--child needs one network and one gosnn engine that runs it"},
		{[]string{"--bandwidth-mb", "8"}, "--bandwidth-mb 8: the buffer must be 64 to 16384 MB"},
		{[]string{"--bandwidth-mb", "-1"}, "--bandwidth-mb -1: the buffer must be 64 to 16384 MB"},
		{[]string{"--scripts", "/nonexistent", "--nets", "tutorial", "--engines", "numpy", "--bandwidth-mb", "0"}, "--scripts /nonexistent"},
	} {
		code, _, errOut := runCmd(t, tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("snnbench %v: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}

// --help prints the usage to standard output and exits 0, as the snn
// command's --help does; a bad flag prints it to standard error.
func TestBenchHelp(t *testing.T) {
	for _, arg := range []string{"-h", "--help"} {
		code, out, errOut := runCmd(t, arg)
		if code != 0 || !strings.HasPrefix(out, "Usage: snnbench [flags]") || errOut != "" {
			t.Errorf("snnbench %s: exit %d, stdout %.40q, stderr %q; want 0, the usage on stdout, nothing on stderr", arg, code, out, errOut)
		}
	}
	code, out, errOut := runCmd(t, "--bogus")
	if code != 2 || out != "" || !strings.Contains(errOut, "not defined: -bogus") || strings.Count(errOut, "Usage: snnbench") != 1 {
		t.Errorf("snnbench --bogus: exit %d, stdout %q, stderr %.80q; want 2, the complaint and the usage once on stderr", code, out, errOut)
	}
}

// A gosnn child row reports the run it made: for the tutorial network in
// NumPy mode, the tutorial's spikes.
func TestBenchChild(t *testing.T) {
	spikes := filepath.Join(t.TempDir(), "s.npy")
	code, out, errOut := runCmd(t, "--child", "--nets", "tutorial", "--engines", "gosnn-numpy", "--spikes", spikes)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var row benchRow
	if err := json.Unmarshal([]byte(out), &row); err != nil {
		t.Fatal(err)
	}
	if row.Spikes != 7648 || row.Synapses != 1000000 || row.Events != 7643000 || row.LoopS <= 0 || row.PeakRSSMB <= 0 {
		t.Errorf("row %+v: want 7648 spikes, 1e6 synapses, 7643000 events, positive times and memory", row)
	}
	f, err := os.Open(spikes)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := snn.ReadSpikesNPY(f)
	if err != nil || len(s) != 7648 {
		t.Errorf("spike file: %d spikes, %v; want 7648", len(s), err)
	}
	table := benchTable([]benchRow{row, {Engine: "numpy", Net: "tutorial", Error: "exit status 1: boom"}})
	for _, want := range []string{"### tutorial", "| gosnn-numpy | ", "| numpy | failed: exit status 1: boom"} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
}

// The bandwidth child measures with every core and prints what it did.
func TestBenchChildBandwidth(t *testing.T) {
	code, out, errOut := runCmd(t, "--child-bandwidth", "--bandwidth-mb", "64")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var bw bandwidth
	if err := json.Unmarshal([]byte(out), &bw); err != nil {
		t.Fatal(err)
	}
	if !(bw.BestGBps >= bw.MedianGBps && bw.MedianGBps > 0) || bw.Threads != runtime.GOMAXPROCS(0) || bw.MB != 64<<20/1e6 || bw.Passes != bandwidthPasses {
		t.Errorf("%+v: want best ≥ median > 0 GB/s, GOMAXPROCS threads, 67.108864 MB, %d passes", bw, bandwidthPasses)
	}
}

// On a sparse network the gosnn row says how many bytes of synapse
// storage each event reads: a 2-byte index and a float32 weight, plus a
// little for the segment starts.
func TestBenchChildSparse(t *testing.T) {
	spikes := filepath.Join(t.TempDir(), "s.npy")
	code, out, errOut := runCmd(t, "--child", "--nets", "10k", "--engines", "gosnn-fast", "--T", "20", "--spikes", spikes)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var row benchRow
	if err := json.Unmarshal([]byte(out), &row); err != nil {
		t.Fatal(err)
	}
	if row.Synapses < 9e6 || row.Synapses > 11e6 || row.BytesPerSynapse < 6 || row.BytesPerSynapse > 6.5 {
		t.Errorf("%d synapses, %.3f bytes each: want about 1e7 and 6 to 6.5", row.Synapses, row.BytesPerSynapse)
	}
}

// Rows of several rounds are summarised per engine: medians with their
// range, speed-ups and memory-bound fractions paired by round, failed
// rounds counted.
func TestBenchTableRounds(t *testing.T) {
	bandwidth := map[int]float64{1: 10, 2: 12, 3: 15} // GB/s in each round
	bytes := map[string]float64{"gosnn-fast": 6, "numpy": 12}
	row := func(engine string, round int, loop float64, spikes int) benchRow {
		return benchRow{Engine: engine, Net: "10k", Steps: 1000, Round: round, LoopS: loop, Spikes: spikes,
			Events: int64(1e9 * loop), EventsPerS: 1e9, BuildS: float64(round), PeakRSSMB: 100 * float64(round), SynapseMB: 50,
			BytesPerSynapse: bytes[engine], ReadGBps: bandwidth[round]}
	}
	rows := []benchRow{
		row("gosnn-fast", 1, 1, 7), row("numpy", 1, 10, 9), {Engine: "brian2-cython", Net: "10k", Round: 1, Error: "exit status 1: boom", ReadGBps: 10},
		row("gosnn-fast", 2, 2, 7), row("numpy", 2, 30, 9), row("brian2-cython", 2, 4, 5),
		row("gosnn-fast", 3, 3, 7), row("numpy", 3, 20, 8), row("brian2-cython", 3, 9, 6),
	}
	table := benchTable(rows)
	for _, want := range []string{
		"3 rounds, the engines taking turns",
		"best of 20 passes) before each sparse network's rows: 12.00 (10.00–15.00) GB/s (median of 3 measurements, range in brackets)",
		// loops 1, 2, 3: median 2; speed-up 1 in every round; 7 spikes
		// each time; 1e9 events/s × 6 B against 10, 12, 15 GB/s
		"| gosnn-fast | 2.00 | – | 2.000 (1.000–3.000) | 1.0× (1.0×–1.0×) | 1e+09 (1e+09–1e+09) | 6.0 | 0.50 (0.40–0.60) | – | – | 7 | 0.00 | 0.0 | 200 | 4.00 | 0.0 |",
		// loops 10, 30, 20; speed-ups 10, 15, 6.67 paired by round; spikes differ
		"| numpy | 2.00 | – | 20.000 (10.000–30.000) | 10.0× (6.7×–15.0×) | 1e+09 (1e+09–1e+09) | 12.0 | 1.00 (0.80–1.20) | – | – | 8–9 |",
		// two good rounds: medians are means of two; no bytes per synapse
		"| brian2-cython (1 of 3 rounds failed: exit status 1: boom) | 2.50 | 0.00 | 6.500 (4.000–9.000) | 2.5× (2.0×–3.0×) | 1e+09 (1e+09–1e+09) | – | – |",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
	one := benchTable(rows[:1])
	for _, want := range []string{"before each sparse network's rows: 10.00 GB/s; the memory-bound", "| gosnn-fast | 1.00 | – | 1.000 | 1.0× | 1e+09 | 6.0 | 0.60 |"} {
		if !strings.Contains(one, want) {
			t.Errorf("one round: want single values without ranges, %q:\n%s", want, one)
		}
	}
	// The dense tutorial network fits in the caches: no memory bound.
	tut := row("gosnn-fast", 1, 1, 7)
	tut.Net = "tutorial"
	if table := benchTable([]benchRow{tut}); !strings.Contains(table, "| 1e+09 | – | – |") {
		t.Errorf("tutorial network: want no bytes per synapse or memory bound:\n%s", table)
	}
}

// A child's peak memory is its own, not its parent's: Go starts children
// by vfork, and Linux carries the peak of the memory replaced by execve
// into the child's getrusage maximum.
func TestPeakRSSIsTheChilds(t *testing.T) {
	if os.Getenv("SNN_TEST_PEAK_CHILD") == "1" {
		fmt.Printf("%.1f\n", peakRSSMB())
		os.Exit(0)
	}
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc: peakRSSMB uses getrusage")
	}
	big := make([]byte, 300<<20)
	for i := range big {
		big[i] = 1 // resident
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestPeakRSSIsTheChilds$")
	cmd.Env = append(os.Environ(), "SNN_TEST_PEAK_CHILD=1")
	out, err := cmd.Output()
	runtime.KeepAlive(big)
	if err != nil {
		t.Fatal(err)
	}
	var mb float64
	if _, err := fmt.Sscan(string(out), &mb); err != nil || mb <= 0 || mb > 150 {
		t.Errorf("child's peak %q MB (%v): want its own few MB, not the parent's 300", out, err)
	}
}
