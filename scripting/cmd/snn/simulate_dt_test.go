package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gosnn/gosnn/snn"
)

// --dt and --scheme reach the network: the spikes written are those of the
// library's network at that step and scheme, with their times in ms.
func TestSimulateTimeStep(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "s.csv")
	code, stdout, stderr := runCmd(t, "simulate", "--seed", "3", "--ne", "80", "--ni", "20", "--T", "200",
		"--dt", "0.1", "--scheme", "neuron", "--spikes", csv, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var sum summary
	if err := json.Unmarshal([]byte(stdout), &sum); err != nil {
		t.Fatal(err)
	}
	if sum.DtMs != 0.1 || sum.Scheme != "neuron" || sum.SimMs != 200 {
		t.Errorf("summary dt %g ms, scheme %q, %g ms: want 0.1, neuron, 200", sum.DtMs, sum.Scheme, sum.SimMs)
	}
	cfg := snn.Tutorial(snn.TutorialOptions{Ne: 80, Ni: 20, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1, Seed: 3})
	cfg.DT, cfg.Scheme = 0.1, snn.ImplicitEuler
	net, err := snn.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	res, err := net.Run(context.Background(), 2000, nil)
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	if err := res.Raster().WriteCSV(&want); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want.String() || len(res.Spikes) == 0 {
		t.Errorf("spikes file (%d bytes) differs from the library's %d spikes at 0.1 ms", len(got), len(res.Spikes))
	}
	if !strings.HasPrefix(string(got), "t_ms,neuron\n") {
		t.Errorf("spikes file at 0.1 ms starts %q: want the header t_ms,neuron", string(got[:min(len(got), 20)]))
	}
}

func TestSimulateTimeStepBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--dt", "0"}, "--dt 0: the time step must be a finite number of ms > 0"},
		{[]string{"--dt", "-0.1"}, "must be a finite number of ms > 0"},
		{[]string{"--dt", "NaN"}, "must be a finite number of ms > 0"},
		{[]string{"--dt", "0.3"}, "must divide 1 ms"},
		{[]string{"--dt", "0.1", "--T", "100", "--scheme", "leapfrog"}, "the schemes are tutorial, euler, rk4, neuron"},
		{[]string{"--dt", "0.4", "--T", "101"}, "must divide 1 ms"},
	} {
		code, _, stderr := runCmd(t, append([]string{"simulate", "--ne", "8", "--ni", "2"}, tc.args...)...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, %q: want exit 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
	_, help, _ := runCmd(t, "simulate", "--help")
	_, helpErr, _ := runCmd(t, "simulate", "-h")
	if !strings.Contains(help+helpErr, "tutorial, euler, rk4, neuron") {
		t.Error("--help does not list the schemes")
	}
}
