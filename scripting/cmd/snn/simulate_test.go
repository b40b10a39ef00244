package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/npy"
)

// runCmd runs snn with args and returns its exit status and outputs.
func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestSimulateBadInput(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--ne", "0", "--ni", "0"}, 2, "at least one neuron"},
		{[]string{"--ni", "-5"}, 2, "must be ≥ 0"},
		{[]string{"--ne", "-1"}, 2, "must be ≥ 0"},
		{[]string{"--T", "0"}, 2, "at least 1 ms"},
		{[]string{"--T", "-10"}, 2, "at least 1 ms"},
		{[]string{"--we", "NaN"}, 2, "finite"},
		{[]string{"--wi", "Inf"}, 2, "finite"},
		{[]string{"--we", "-1"}, 2, "≥ 0"},
		{[]string{"--we", "abc"}, 2, "invalid value"},
		{[]string{"--exc", "XY"}, 2, "RS, IB, CH, FS, TC, LTS, RZ"},
		{[]string{"--inh", ""}, 2, "valid presets"},
		{[]string{"--scenario", "S9"}, 2, "S1, S2, S3, S4, S5"},
		{[]string{"--scenario", "S1", "--we", "0.2"}, 2, "either --scenario or --we/--wi"},
		{[]string{"--rng", "mersenne"}, 2, "numpy"},
		{[]string{"--seed", "4294967296"}, 2, "4294967295"},
		{[]string{"--traces", "0,1000", "--out", dir}, 2, "out of range: the network has neurons 0 to 999"},
		{[]string{"--traces", "x", "--out", dir}, 2, "not a neuron index"},
		{[]string{"--traces", "3"}, 2, "--out"},
		{[]string{"--trace-every", "0", "--out", dir}, 2, "--trace-every 0: the traces are recorded every N ms, and N must be at least 1"},
		{[]string{"--trace-every", "-3", "--out", dir}, 2, "must be at least 1"},
		{[]string{"--trace-every", "x"}, 2, "invalid value"},
		{[]string{"--trace-every", "5"}, 2, "--trace-every 5 thins the traces that --out saves: give --out DIR too"},
		{[]string{"--format", "gif", "--out", dir}, 2, "png, svg and pdf"},
		{[]string{"--ne", "40000", "--ni", "10000"}, 2, "20.00 GB"},
		{[]string{"--scale-weights", "log"}, 2, "none, total-input and sqrt-n"},
		{[]string{"--bogus"}, 2, "flag provided but not defined"},
		{[]string{"extra"}, 2, "unexpected argument"},
		{[]string{"--spikes", filepath.Join(dir, "missing", "s.csv")}, 1, "does not exist"},
		{[]string{"--spikes", filepath.Join(file, "s.csv")}, 1, "not a directory"},
		{[]string{"--out", file}, 1, "output directory"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCmd(t, append([]string{"simulate", "--T", "5"}, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr does not mention %q:\n%s", tt.want, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout not empty on error: %q", stdout)
			}
			if strings.Contains(stderr, "goroutine") {
				t.Errorf("stderr shows a panic:\n%s", stderr)
			}
		})
	}
}

func TestSimulateJSON(t *testing.T) {
	code, stdout, stderr := runCmd(t, "simulate", "--seed", "0", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s", err, stdout)
	}
	for _, key := range []string{"spikes", "rate_hz", "rate_exc_hz", "rate_inh_hz", "dominant_hz", "sim_ms", "wall_s", "synaptic_events", "events_per_s"} {
		if _, ok := got[key]; !ok {
			t.Errorf("JSON lacks %q: %s", key, stdout)
		}
	}
	if got["spikes"] != 7648.0 {
		t.Errorf("seed 0 gave %v spikes, want the tutorial's 7648", got["spikes"])
	}
	// 7648 spikes from 1000 neurons in 1 s.
	if r := got["rate_hz"].(float64); r < 7.64 || r > 7.65 {
		t.Errorf("rate_hz %g, want 7.648", r)
	}
	if got["sim_ms"] != 1000.0 {
		t.Errorf("sim_ms %v, want 1000", got["sim_ms"])
	}
	// Each spike of the previous step reaches all 1000 neurons.
	if ev := got["synaptic_events"].(float64); ev <= 0 || int64(ev)%1000 != 0 {
		t.Errorf("synaptic_events %v, want a positive multiple of 1000", ev)
	}
}

// TestSimulateSinglePopulation runs networks of one population (--ni 0,
// --ne 0), with figures, and checks the spikes against the library's
// network of the same options.
func TestSimulateSinglePopulation(t *testing.T) {
	for _, tc := range []struct{ ne, ni int }{{100, 0}, {0, 50}} {
		dir := t.TempDir()
		csv := filepath.Join(dir, "s.csv")
		code, stdout, stderr := runCmd(t, "simulate", "--seed", "2", "--ne", itoa(tc.ne), "--ni", itoa(tc.ni),
			"--T", "200", "--spikes", csv, "--out", filepath.Join(dir, "out"), "--json")
		if code != 0 {
			t.Fatalf("--ne %d --ni %d: exit %d: %s", tc.ne, tc.ni, code, stderr)
		}
		var sum map[string]float64
		if err := json.Unmarshal([]byte(stdout), &sum); err != nil {
			t.Fatalf("--ne %d --ni %d: %v: %s", tc.ne, tc.ni, err, stdout)
		}
		o := snn.DefaultTutorial()
		o.Ne, o.Ni, o.Seed = tc.ne, tc.ni, 2
		net, err := snn.New(snn.Tutorial(o))
		if err != nil {
			t.Fatal(err)
		}
		res, err := net.Run(context.Background(), 200, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Spikes) == 0 || sum["spikes"] != float64(len(res.Spikes)) {
			t.Errorf("--ne %d --ni %d: %v spikes, the library's network makes %d (want equal and > 0)", tc.ne, tc.ni, sum["spikes"], len(res.Spikes))
		}
		if (tc.ni == 0 && sum["rate_inh_hz"] != 0) || (tc.ne == 0 && sum["rate_exc_hz"] != 0) {
			t.Errorf("--ne %d --ni %d: the left-out population has a rate: %s", tc.ne, tc.ni, stdout)
		}
		data, err := os.ReadFile(csv)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := res.Spikes.WriteCSV(&want); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(data, want.Bytes()) {
			t.Errorf("--ne %d --ni %d: spikes file differs from the library's run", tc.ne, tc.ni)
		}
		// The summary a person reads names only the population that exists.
		code, stdout, _ = runCmd(t, "simulate", "--seed", "2", "--ne", itoa(tc.ne), "--ni", itoa(tc.ni), "--T", "200")
		missing, present := "inhibitory", "excitatory"
		if tc.ne == 0 {
			missing, present = present, missing
		}
		if code != 0 || strings.Contains(stdout, missing) || strings.Contains(stdout, " + ") || !strings.Contains(stdout, present+" ") {
			t.Errorf("--ne %d --ni %d: summary %q: want only the %s population", tc.ne, tc.ni, stdout, present)
		}
	}
}

// --scale-weights keeps a larger network at the tutorial's rate; the
// tutorial's own size is unchanged by it.
func TestSimulateScaleWeights(t *testing.T) {
	rate := func(args ...string) float64 {
		t.Helper()
		code, stdout, stderr := runCmd(t, append([]string{"simulate", "--T", "300", "--json"}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		var sum map[string]float64
		if err := json.Unmarshal([]byte(stdout), &sum); err != nil {
			t.Fatal(err)
		}
		return sum["rate_hz"]
	}
	tutorial := rate()
	if got := rate("--scale-weights", "total-input"); got != tutorial {
		t.Errorf("total-input scaling changes the tutorial's rate: %v Hz, want %v", got, tutorial)
	}
	big := []string{"--ne", "2400", "--ni", "600"}
	unscaled, scaled := rate(big...), rate(append(big, "--scale-weights", "total-input")...)
	if unscaled < 100 || scaled > 2*tutorial {
		t.Errorf("3000 neurons: %.1f Hz unscaled, %.1f Hz scaled; the tutorial %.1f Hz: want a runaway only without scaling", unscaled, scaled, tutorial)
	}
}

func TestSimulateSpikesFileAndSummary(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "s.csv")
	code, stdout, stderr := runCmd(t, "simulate", "--seed", "3", "--ne", "80", "--ni", "20", "--T", "300", "--spikes", csv)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if lines[0] != "t,neuron" {
		t.Errorf("header %q, want t,neuron", lines[0])
	}
	for _, want := range []string{"80 RS + 20 LTS", "spikes:", "Hz", "wrote", csv} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stdout, "spikes:    "+itoa(len(lines)-1)+" ") {
		t.Errorf("summary's spike count differs from the %d rows written:\n%s", len(lines)-1, stdout)
	}
	// No temporary files are left next to the output.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only s.csv", len(entries))
	}
}

func TestSimulateHelp(t *testing.T) {
	code, stdout, _ := runCmd(t, "simulate", "--help")
	if code != 0 {
		t.Fatalf("--help exit %d", code)
	}
	for _, flag := range []string{"-seed", "-T", "-ne", "-ni", "-exc", "-inh", "-we", "-wi", "-scenario", "-rng", "-spikes", "-traces", "-trace-every", "-out", "-json", "-format"} {
		if !strings.Contains(stdout, flag) {
			t.Errorf("--help does not document %s", flag)
		}
	}
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

// TestSimulateWritesTheTutorialsFile checks the acceptance test:
// `snn simulate --seed 0 --spikes s.csv` writes byte for byte what the
// tutorial's NumPy code writes with np.random.seed(0), as recorded in the
// golden file made by snn/testdata/reference/make_golden.py.
func TestSimulateWritesTheTutorialsFile(t *testing.T) {
	f, err := os.Open("../../../snn/testdata/golden/spikes/tutorial-seed0.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	want, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "s.csv")
	if code, _, stderr := runCmd(t, "simulate", "--seed", "0", "--spikes", path); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("spikes file differs from NumPy's (%d bytes vs %d)", len(got), len(want))
	}
	if n := bytes.Count(got, []byte("\n")) - 1; n != 7648 {
		t.Errorf("%d spikes, want 7648", n)
	}
}

func TestSimulateOut(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "results")
	code, stdout, stderr := runCmd(t, "simulate", "--ne", "40", "--ni", "10", "--T", "200", "--out", dir, "--traces", "3,45", "--format", "svg")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, name := range []string{"spikes.csv", "summary.json", "traces.csv", "v.npy", "u.npy", "I.npy", "raster.svg", "currents.svg", "traces.svg", "rhythm.svg"} {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil || st.Size() == 0 {
			t.Errorf("%s missing or empty: %v", name, err)
		}
		if !strings.Contains(stdout, name) {
			t.Errorf("summary does not list %s", name)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 10 {
		t.Errorf("%d files in --out, want 10 (no temporary leftovers)", len(entries))
	}
	var sum summary
	data, _ := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err := json.Unmarshal(data, &sum); err != nil || sum.SimMs != 200 {
		t.Errorf("summary.json %s: %v", data, err)
	}
	tr, _ := os.ReadFile(filepath.Join(dir, "traces.csv"))
	if rows := bytes.Count(tr, []byte("\n")); rows != 1+2*200 {
		t.Errorf("traces.csv has %d lines, want a header and 400 rows for 2 neurons × 200 steps", rows)
	}
}

// --trace-every keeps every N-th ms of the traces --out saves, in
// traces.csv (t the network's step), the .npy files and the figures, and
// lets a run whose every-ms traces are over --max-gb fit.
func TestSimulateTraceEvery(t *testing.T) {
	dir := t.TempDir()
	args := []string{"simulate", "--ne", "80", "--ni", "20", "--T", "1000", "--out", dir, "--traces", "3,95", "--format", "svg", "--max-gb", "0.001"}
	code, _, stderr := runCmd(t, args...)
	if code != 1 || !strings.Contains(stderr, "needs 2.4 MB, over the 920 kB that the 1.0 MB limit leaves beside the weights' 80 kB") || !strings.Contains(stderr, "snn simulate --trace-every") {
		t.Fatalf("every ms under 1 MB: exit %d, want 1 with an error suggesting --trace-every; stderr:\n%s", code, stderr)
	}
	code, _, stderr = runCmd(t, append(args, "--trace-every", "7")...)
	if code != 0 {
		t.Fatalf("--trace-every 7: exit %d: %s", code, stderr)
	}
	tr, err := os.ReadFile(filepath.Join(dir, "traces.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(tr)), "\n")
	if len(lines) != 1+2*143 || !strings.HasPrefix(lines[1], "0,3,") || !strings.HasPrefix(lines[2], "0,95,") ||
		!strings.HasPrefix(lines[3], "7,3,") || !strings.HasPrefix(lines[len(lines)-1], "994,95,") {
		t.Errorf("traces.csv: %d lines from %q to %q, want a header and 2 rows at each of t = 0, 7, …, 994", len(lines), lines[1], lines[len(lines)-1])
	}
	f, err := os.Open(filepath.Join(dir, "v.npy"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := npy.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(v.Shape, []int{143, 2}) {
		t.Errorf("v.npy: shape %v, want [143 2]", v.Shape)
	}
	for _, name := range []string{"currents.svg", "traces.svg"} {
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.Size() == 0 {
			t.Errorf("%s missing or empty: %v", name, err)
		}
	}
}

// simulate --conn builds sparse networks: with outdegree=K every spike
// delivered is K events, and JSON reports the build time apart.
func TestSimulateConn(t *testing.T) {
	dir := t.TempDir()
	spikes := filepath.Join(dir, "s.csv")
	code, out, errOut := runCmd(t, "simulate", "--ne", "1600", "--ni", "400", "--conn", "outdegree=300", "--float32",
		"--we", "1.5", "--wi", "3", "--rng", "fast", "--T", "300", "--spikes", spikes, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got map[string]float64
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(spikes)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := snn.ReadSpikesCSV(f)
	if err != nil {
		t.Fatal(err)
	}
	delivered := 0
	for _, sp := range s {
		if sp.T < 299 { // the last step's spikes are delivered after the run
			delivered++
		}
	}
	if len(s) == 0 || got["spikes"] != float64(len(s)) || got["synaptic_events"] != float64(300*delivered) {
		t.Errorf("spikes %v, events %v; the file has %d spikes, %d delivered: want events = 300 × %d", got["spikes"], got["synaptic_events"], len(s), delivered, delivered)
	}
	if got["build_s"] <= 0 || got["wall_s"] <= 0 || got["events_per_s"] != got["synaptic_events"]/got["wall_s"] {
		t.Errorf("build_s %v, wall_s %v, events_per_s %v: want positive times and events/wall", got["build_s"], got["wall_s"], got["events_per_s"])
	}
}

func TestSimulateConnBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--conn", "p=2"}, "P must be a number from 0 to 1"},
		{[]string{"--conn", "ring=3"}, "unknown rule"},
		{[]string{"--conn", "indegree=2000"}, "must be from 0 to 1000"},
		{[]string{"--float32"}, "--float32 applies to sparse connectivity"},
		{[]string{"--ne", "800000", "--ni", "200000", "--conn", "indegree=3000"}, "30.14 GB, over the 8.00 GB limit"},
		{[]string{"--ne", "8000", "--ni", "2000", "--conn", "p=0.1", "--max-gb", "0.05"}, "101.2 MB, over the 50.0 MB limit; use fewer neurons or fewer synapses per neuron, or float32 weights (61.2 MB)"},
		{[]string{"--max-gb", "-1"}, "must be a finite number of gigabytes > 0"},
	} {
		code, _, errOut := runCmd(t, append([]string{"simulate"}, tc.args...)...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("simulate %v: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}
