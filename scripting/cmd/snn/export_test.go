package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExportBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--ne", "10"}, 2, "give --pynn DIR"},
		{[]string{"--pynn", dir, "--out", dir}, 2, "--out is a flag of snn simulate"},
		{[]string{"--pynn", dir, "--json"}, 2, "--json is a flag of snn simulate"},
		{[]string{"--pynn", dir, "--timestep", "0.3"}, 2, "divide 1 ms"},
		{[]string{"--pynn", dir, "--timestep", "-0.1"}, 2, "must be > 0"},
		{[]string{"--pynn", dir, "--dt", "0.1", "--timestep", "0.2"}, 1, "must divide the network's step"},
		{[]string{"--pynn", dir, "--scheme", "neuron"}, 2, "flag provided but not defined: -scheme"},
		{[]string{"--pynn", dir, "--dt", "0.1", "--T", "1000.05"}, 2, "invalid value"},
		{[]string{"--pynn", dir, "--noise-seed", "4294967296"}, 2, "0 to 4294967295"},
		{[]string{"--pynn", dir, "--noise-seed", "-1"}, 2, "whole numbers"},
		{[]string{"--pynn", dir, "--rng", "fast", "--seed", "4294967296"}, 2, "give --noise-seed"},
		{[]string{"--pynn", dir, "--ne", "0", "--ni", "0"}, 2, "at least one neuron"},
		{[]string{"--pynn", dir, "--scenario", "S1", "--wi", "1"}, 2, "either --scenario or --we/--wi"},
		{[]string{"--pynn", dir, "extra"}, 2, "unexpected argument"},
		{[]string{"--pynn", dir, "--nonsense"}, 2, "flag provided but not defined"},
	} {
		code, _, stderr := runCmd(t, append([]string{"export"}, tc.args...)...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("export %v: status %d, stderr %q; want %d and %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("refused exports wrote %d files", len(entries))
	}
}

// TestExportImport exports a small sparse network, fakes the spikes.csv
// its run.py would write, and imports it.
func TestExportImport(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "net")
	code, stdout, stderr := runCmd(t, "export", "--pynn", dir, "--ne", "40", "--ni", "10", "--conn", "indegree=5", "--T", "100", "--seed", "3")
	if code != 0 {
		t.Fatalf("export: status %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "mpirun -np 2 python3 "+filepath.Join(dir, "run.py")) {
		t.Errorf("export does not say how to run the script:\n%s", stdout)
	}
	run, err := os.ReadFile(filepath.Join(dir, "run.py"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{`"list"),`, "NOISE_SEED = 3", "DURATION_MS = 100.0", `("excitatory", 0, 40),`} {
		if !strings.Contains(string(run), line) {
			t.Errorf("run.py lacks %q", line)
		}
	}
	spikes := "t_ms,neuron\n0.5,3\n10.2,45\n10.9,3\n99.9,49\n"
	if err := os.WriteFile(filepath.Join(dir, "spikes.csv"), []byte(spikes), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "gosnn")
	code, stdout, stderr = runCmd(t, "import", "--pynn-spikes", filepath.Join(dir, "spikes.csv"), "--out", out, "--json")
	if code != 0 {
		t.Fatalf("import: status %d: %s", code, stderr)
	}
	var sum summary
	if err := json.Unmarshal([]byte(stdout), &sum); err != nil {
		t.Fatalf("import --json: %v\n%s", err, stdout)
	}
	// 4 spikes of 50 neurons in 0.1 s; 2 of 40 excitatory, 2 of 10 inhibitory.
	near := func(x, y float64) bool { return math.Abs(x-y) < 1e-12 }
	if sum.Spikes != 4 || !near(sum.RateHz, 0.8) || !near(sum.RateExcHz, 0.5) || !near(sum.RateInhHz, 2) {
		t.Errorf("summary %+v", sum)
	}
	got, err := os.ReadFile(filepath.Join(out, "spikes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "t,neuron\n0,3\n10,3\n10,45\n99,49\n"; string(got) != want {
		t.Errorf("gosnn spikes.csv:\n%s\nwant\n%s", got, want)
	}
	if _, err := os.Stat(filepath.Join(out, "raster.png")); err != nil {
		t.Errorf("no raster figure: %v", err)
	}
}

func TestImportBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "give --pynn-spikes FILE"},
		{[]string{"--pynn-spikes", "x.csv", "--format", "gif"}, 2, "png, svg and pdf"},
		{[]string{"--pynn-spikes", filepath.Join(dir, "spikes.csv")}, 1, "network.json"},
	} {
		code, _, stderr := runCmd(t, append([]string{"import"}, tc.args...)...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("import %v: status %d, stderr %q; want %d and %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
}
