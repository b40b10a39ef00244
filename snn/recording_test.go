package snn

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gosnn/gosnn/snn/npy"
)

// everyKth returns the samples of the j-th traced neuron in x (laid out
// as V) whose network step is a multiple of k, for a run from network step
// start.
func everyKth(tr *Traces, start int, x []float64, j, k int) []float64 {
	var out []float64
	for s := range tr.Samples {
		if (start+tr.Step(s))%k == 0 {
			out = append(out, x[s*len(tr.Neurons)+j])
		}
	}
	return out
}

// Recordings of v, u and I of chosen neurons at 0.1 ms, each at its own
// interval in ms, hold the values the traces of the same run hold at
// their steps; a window and a group of the result keep them.
func TestRecordingsAtTenthMs(t *testing.T) {
	t.Parallel()
	cfg := Tutorial(TutorialOptions{Ne: 40, Ni: 10, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 5})
	cfg.DT = 0.1
	net, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := net.Run(context.Background(), 3, nil); err != nil { // start mid-millisecond
		t.Fatal(err)
	}
	res, err := net.RunFor(context.Background(), 30, &RunOptions{
		Trace: []int{2, 5, 45},
		Recordings: []Recording{
			{Variable: "v", Neurons: []int{5, 2}},
			{Variable: "u", Neurons: []int{45}, Every: 1},
			{Variable: "I", Neurons: []int{2, 45}, Every: 0.5},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Recorded) != 3 {
		t.Fatalf("%d recordings, want 3", len(res.Recorded))
	}
	v, u, I := res.Recorded[0], res.Recorded[1], res.Recorded[2]
	tr := res.Traces
	if v.Samples != 300 || v.Every != 1 || !slices.Equal(v.Of(0), tr.Of(tr.V, 1)) || !slices.Equal(v.Of(1), tr.Of(tr.V, 0)) {
		t.Errorf("v of 5 and 2 every step: %d samples every %d steps, or values differ from the traces", v.Samples, v.Every)
	}
	// The run starts at step 3: samples of u at steps 10, 20, 30 (7, 17, 27 of the run).
	if u.Every != 10 || u.First != 7 || u.Samples != 30 || !slices.Equal(u.Of(0), everyKth(tr, res.Start, tr.U, 2, 10)) {
		t.Errorf("u every 1 ms: first %d, every %d, %d samples; want 7, 10, 30 and the traces' values", u.First, u.Every, u.Samples)
	}
	if got := res.RecordedTime(u, 0); math.Abs(got-1.1) > 1e-12 {
		t.Errorf("first u sample at %g ms, want 1.1 (the end of step 10)", got)
	}
	if I.Every != 5 || !slices.Equal(I.Of(0), everyKth(tr, res.Start, tr.I, 0, 5)) || !slices.Equal(I.Of(1), everyKth(tr, res.Start, tr.I, 2, 5)) {
		t.Errorf("I every 0.5 ms: every %d steps, or values differ from the traces", I.Every)
	}
	// Windows and groups keep the recordings.
	win, err := res.Between(1, 2)
	if err != nil {
		t.Fatal(err)
	}
	if wu := win.Recorded[1]; wu.Samples != 1 || wu.First != 0 || wu.Values[0] != u.Values[0] {
		t.Errorf("window 1–2 ms: u recording %+v, want the one sample of step 10 (%g)", wu, u.Values[0])
	}
	sub, err := res.Subset(Range("some", 2, 6))
	if err != nil {
		t.Fatal(err)
	}
	if sv := sub.Recorded[0]; !slices.Equal(sv.Neurons, []int{3, 0}) || !slices.Equal(sv.Values, v.Values) {
		t.Errorf("group 2–5: v recording of neurons %v, want 3, 0 with the same values", sv.Neurons)
	}
	if su := sub.Recorded[1]; len(su.Neurons) != 0 || len(su.Values) != 0 {
		t.Errorf("group 2–5: u recording of neuron 45 keeps %v", su.Neurons)
	}
}

// A recording of a declared variable holds what RunOptions.Record keeps.
func TestRecordingOfDeclaredVariable(t *testing.T) {
	net := recordNetwork(t)
	res, err := net.Run(context.Background(), 40, &RunOptions{
		Trace: []int{4, 6}, Record: []string{"w"}, TraceEvery: 3,
		Recordings: []Recording{{Variable: "w", Neurons: []int{6}, Every: 3}},
	})
	if err != nil {
		t.Fatal(err)
	}
	w, _ := res.Traces.Variable("w")
	if got, want := res.Recorded[0].Of(0), res.Traces.Of(w, 1); !slices.Equal(got, want) || len(got) == 0 {
		t.Errorf("recorded w of neuron 6: %v, traced %v", got, want)
	}
}

func TestRecordingErrors(t *testing.T) {
	for _, tc := range []struct {
		rec  Recording
		want string
	}{
		{Recording{Variable: "v"}, "no neurons"},
		{Recording{Variable: "v", Neurons: []int{7}}, "out of range"},
		{Recording{Variable: "v", Neurons: []int{1, 1}}, "listed twice"},
		{Recording{Variable: "v", Neurons: []int{1}, Every: 0.5}, "whole number ≥ 1"},
		{Recording{Variable: "v", Neurons: []int{1}, Every: -1}, "whole number ≥ 1"},
		{Recording{Variable: "w", Neurons: []int{1}}, `population "izh" has no variable "w": its variables are I and v, u`},
		{Recording{Variable: "x", Neurons: []int{4}}, `has no variable "x"`},
		{Recording{Variable: "2x", Neurons: []int{4}}, "variable name"},
	} {
		_, err := recordNetwork(t).Run(context.Background(), 5, &RunOptions{Recordings: []Recording{tc.rec}})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want one saying %q", tc.rec, err, tc.want)
		}
	}
}

// The memory estimate counts each recording's samples, and a run whose
// recordings outgrow the limit is refused before it starts.
func TestRecordingMemory(t *testing.T) {
	opts := &RunOptions{Recordings: []Recording{{Variable: "v", Neurons: []int{0, 1, 2}, Every: 1}, {Variable: "u", Neurons: []int{4}}}}
	cfg := Config{DT: 0.1, Populations: []PopulationConfig{{Size: 10}}}
	if got, want := EstimateMemory(cfg, 1000, opts).Traces, int64(8*(3*100+1000)); got != want {
		t.Errorf("EstimateMemory: traces %d bytes, want %d", got, want)
	}
	net, err := New(Config{MaxBytes: 1 << 20, Populations: []PopulationConfig{{Name: "a", Size: 300, Params: RS.Params}}})
	if err != nil {
		t.Fatal(err)
	}
	all := make([]int, 300)
	for i := range all {
		all[i] = i
	}
	_, err = net.Run(context.Background(), 1000, &RunOptions{Recordings: []Recording{{Variable: "v", Neurons: all}}})
	if err == nil || !strings.Contains(err.Error(), "recordings") {
		t.Errorf("2.4 MB of recordings beside 0.7 MB of weights under a 1 MB limit: error %v", err)
	}
}

// Save writes each recording as recordingK_NAME.npy with its neurons and
// steps, and refuses a recording whose values do not fill its samples.
func TestSaveRecordings(t *testing.T) {
	r := &Result{Start: 4, Steps: 6, DT: 0.1, N: 5, Recorded: []*Recorded{
		{Variable: "v", Neurons: []int{3, 1}, Samples: 3, First: 0, Every: 2, Values: []float64{1, 2, 3, 4, 5, 6}},
	}}
	dir := t.TempDir()
	if err := r.Save(dir); err != nil {
		t.Fatal(err)
	}
	read := func(name string) *npy.Array {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		a, err := npy.Read(f)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	if a := read("recording0_v.npy"); !slices.Equal(a.Shape, []int{3, 2}) || !slices.Equal(a.Float, r.Recorded[0].Values) {
		t.Errorf("recording0_v.npy: shape %v, values %v", a.Shape, a.Float)
	}
	if a := read("recording0_neurons.npy"); !slices.Equal(a.Int, []int64{3, 1}) {
		t.Errorf("recording0_neurons.npy: %v", a.Int)
	}
	if a := read("recording0_t.npy"); !slices.Equal(a.Int, []int64{4, 6, 8}) {
		t.Errorf("recording0_t.npy: %v, want the network steps 4, 6, 8", a.Int)
	}
	r.Recorded[0].Values = r.Recorded[0].Values[:5]
	if err := r.Save(t.TempDir()); err == nil || !strings.Contains(err.Error(), "recording 0") {
		t.Errorf("a recording short of values: error %v", err)
	}
}
