package pynn

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gosnn/gosnn/snn"
)

// TestWriteNetworkStep exports a network built with Config.DT: the export
// takes its step from the network (duration, delay, NEURON's step) and
// writes its pulses at their times in ms.
func TestWriteNetworkStep(t *testing.T) {
	cfg := snn.Tutorial(snn.TutorialOptions{Ne: 4, Ni: 1, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1, Seed: 3})
	cfg.DT, cfg.Scheme = 0.1, snn.ImplicitEuler
	cfg.Populations[0].Stimuli = append(cfg.Populations[0].Stimuli, snn.Pulse{Current: 5, Start: 2.5, End: 3.2})
	dir := t.TempDir()
	if _, err := Write(dir, cfg, Options{Steps: 50}); err != nil {
		t.Fatal(err)
	}
	run := readText(t, filepath.Join(dir, "run.py"))
	for _, line := range []string{"DURATION_MS = 5.0\n", "TIMESTEP_MS = 0.1\n", "DELAY_MS = 0.2\n", "NOISE_DT_MS = 1.0\n"} {
		if !strings.Contains(run, line) {
			t.Errorf("run.py lacks %q", line)
		}
	}
	// The pulse: on from 2.5 ms (step 25) to 3.2 ms (step 32).
	if a := readArray(t, dir, "current_0.npy"); !slices.Equal(a.Float, []float64{2.5, 0.005, 3.2, 0}) {
		t.Errorf("current_0.npy = %v, want [2.5 0.005 3.2 0]", a.Float)
	}
	m, err := ReadManifest(filepath.Join(dir, "network.json"))
	if err != nil {
		t.Fatal(err)
	}
	if m.DT() != 0.1 || m.Steps != 50 || m.DelayMs != 0.2 {
		t.Errorf("network.json: dt %g, steps %d, delay %g; want 0.1, 50, 0.2", m.DT(), m.Steps, m.DelayMs)
	}
}
