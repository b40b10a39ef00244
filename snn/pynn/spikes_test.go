package pynn

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gosnn/gosnn/snn"
)

func TestReadSpikes(t *testing.T) {
	// A spike at t ms is in step ⌊t⌋; rows come back ordered by step,
	// then neuron.
	in := "t_ms,neuron\n3.100,7\n0.000,2\n2.999,4\n\n3.000,1\n10.5,0\n"
	got, err := ReadSpikes(strings.NewReader(in), 8)
	if err != nil {
		t.Fatal(err)
	}
	want := snn.Spikes{{T: 0, Neuron: 2}, {T: 2, Neuron: 4}, {T: 3, Neuron: 1}, {T: 3, Neuron: 7}, {T: 10, Neuron: 0}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if got, err := ReadSpikes(strings.NewReader("t_ms,neuron\n"), 0); err != nil || len(got) != 0 {
		t.Errorf("header only: %v, %v; want no spikes and no error", got, err)
	}
}

func TestReadSpikesErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "empty file"},
		{"t,neuron\n1,2\n", "want the header"},
		{"t_ms,neuron\n1.5\n", "line 2"},
		{"t_ms,neuron\n1.5,2\nx,3\n", "line 3"},
		{"t_ms,neuron\n-1,2\n", "time ≥ 0"},
		{"t_ms,neuron\nNaN,2\n", "line 2"},
		{"t_ms,neuron\n1,-2\n", "neuron index ≥ 0"},
		{"t_ms,neuron\n1,2.5\n", "line 2"},
		{"t_ms,neuron\n1,1,1\n", "line 2"},
		{"t_ms,neuron\n1,10\n", "neurons 0 to 9"},
	} {
		_, err := ReadSpikes(strings.NewReader(tc.in), 10)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one containing %q", tc.in, err, tc.want)
		}
	}
}

func TestManifestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	if _, err := Write(dir, snn.Tutorial(snn.TutorialOptions{Ne: 5, Ni: 2, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1, Seed: 0}), Options{Steps: 20}); err != nil {
		t.Fatal(err)
	}
	m, err := ReadManifest(filepath.Join(dir, "network.json"))
	if err != nil {
		t.Fatal(err)
	}
	spikes := snn.Spikes{{T: 1, Neuron: 0}, {T: 1, Neuron: 6}, {T: 19, Neuron: 6}}
	res, err := m.Result(spikes)
	if err != nil {
		t.Fatal(err)
	}
	if res.N != 7 || res.Steps != 20 || len(res.Populations) != 2 || !res.Populations[1].Inhibitory || res.Populations[1].Start != 5 {
		t.Errorf("result %+v: want 7 neurons, 20 steps, populations of 5 excitatory and 2 inhibitory", res)
	}
	// 3 spikes of 7 neurons in 20 ms: 3 / 7 / 0.02 s.
	if got, want := res.Rate(), 3.0/7/0.02; got != want {
		t.Errorf("rate %g Hz, want %g", got, want)
	}
	if _, err := m.Result(snn.Spikes{{T: 20, Neuron: 0}}); err == nil || !strings.Contains(err.Error(), "after the run's 20 steps of 1 ms") {
		t.Errorf("spike after the run: error %v", err)
	}
}

func TestReadManifestErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ json, want string }{
		{`{`, "unexpected end"},
		{`{"neurons": 3, "steps": 10, "populations": [{"name": "a", "start": 1, "size": 3}]}`, "must follow each other"},
		{`{"neurons": 4, "steps": 10, "populations": [{"name": "a", "start": 0, "size": 3}]}`, "adding up"},
		{`{"neurons": 3, "steps": 0, "populations": [{"name": "a", "start": 0, "size": 3}]}`, "steps ≥ 1"},
		{`{"neurons": 0, "steps": 5, "populations": []}`, "at least one population"},
	} {
		path := filepath.Join(dir, "network.json")
		if err := os.WriteFile(path, []byte(tc.json), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadManifest(path); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.json, err, tc.want)
		}
	}
	if _, err := ReadManifest(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("missing file: no error")
	}
}

// TestManifestReadSpikes checks that a spike NEURON records at time t, at
// the end of one of its steps of h ms, goes to the network's step of dt ms
// that holds (t − h, t].
func TestManifestReadSpikes(t *testing.T) {
	in := "t_ms,neuron\n0.100,0\n5.300,1\n6.000,2\n999.950,0\n1000.000,1\n"
	for _, tc := range []struct {
		dt, h float64
		steps int
		want  []int // the steps of the five spikes, in the order above
	}{
		{0, 0.1, 1000, []int{0, 5, 5, 999, 999}}, // an old manifest: 1 ms
		{1, 0.1, 1000, []int{0, 5, 5, 999, 999}},
		{1, 0.025, 1000, []int{0, 5, 5, 999, 999}},
		{0.1, 0.1, 10000, []int{0, 52, 59, 9999, 9999}},
		{0.1, 0.05, 10000, []int{0, 52, 59, 9999, 9999}},
	} {
		m := &Manifest{Neurons: 3, Steps: tc.steps, DTMs: tc.dt, TimestepMs: tc.h,
			Populations: []Population{{Name: "all", Start: 0, Size: 3}}}
		got, err := m.ReadSpikes(strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		var byNeuron [3][]int // each neuron's steps, in time order
		for _, s := range got {
			byNeuron[s.Neuron] = append(byNeuron[s.Neuron], s.T)
		}
		wantBy := [3][]int{{tc.want[0], tc.want[3]}, {tc.want[1], tc.want[4]}, {tc.want[2]}}
		if !slices.EqualFunc(byNeuron[:], wantBy[:], slices.Equal) {
			t.Errorf("dt %g, h %g: steps by neuron %v, want %v", tc.dt, tc.h, byNeuron, wantBy)
		}
		if _, err := m.Result(got); err != nil {
			t.Errorf("dt %g, h %g: a spike at the run's end is refused: %v", tc.dt, tc.h, err)
		}
	}
}
