package snn

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// A trace file holds, for every Every-th step, exactly the values the
// in-memory traces hold for the same neurons.
func TestTraceFileDecimates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tr.csv")
	neurons := []int{999, 0, 500}
	tw, err := CreateTraceFile(path, neurons, 7)
	if err != nil {
		t.Fatal(err)
	}
	net, err := New(Tutorial(DefaultTutorial()))
	if err != nil {
		t.Fatal(err)
	}
	res, err := net.Run(context.Background(), 100, &RunOptions{Trace: neurons, TraceTo: tw})
	if err != nil {
		t.Fatal(err)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if lines[0] != TracesCSVHeader {
		t.Fatalf("header %q, want %q", lines[0], TracesCSVHeader)
	}
	lines = lines[1:]
	if want := 15 * len(neurons); len(lines) != want { // steps 0, 7, …, 98
		t.Fatalf("%d lines, want %d", len(lines), want)
	}
	for x, line := range lines {
		f := strings.Split(line, ",")
		step, k := 7*(x/len(neurons)), x%len(neurons)
		want := []string{strconv.Itoa(step), strconv.Itoa(neurons[k])}
		for _, v := range []float64{res.Traces.V[step*3+k], res.Traces.U[step*3+k], res.Traces.I[step*3+k]} {
			want = append(want, strconv.FormatFloat(v, 'g', -1, 64))
		}
		if strings.Join(f, ",") != strings.Join(want, ",") {
			t.Fatalf("line %d: %q, want %q", x, line, strings.Join(want, ","))
		}
	}
}

func TestTraceFileErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := CreateTraceFile(filepath.Join(dir, "a.csv"), []int{1}, 0); err == nil || !strings.Contains(err.Error(), "at least 1") {
		t.Errorf("every 0: error %v", err)
	}
	if _, err := CreateTraceFile(filepath.Join(dir, "a.csv"), nil, 1); err == nil || !strings.Contains(err.Error(), "no neurons") {
		t.Errorf("no neurons: error %v", err)
	}
	tw, err := CreateTraceFile(filepath.Join(dir, "a.csv"), []int{1000}, 1)
	if err != nil {
		t.Fatal(err)
	}
	net, _ := New(Tutorial(DefaultTutorial()))
	if _, err := net.Run(context.Background(), 10, &RunOptions{TraceTo: tw}); err == nil || !strings.Contains(err.Error(), "neurons 0 to 999") {
		t.Errorf("neuron out of range: error %v", err)
	}
	tw.Abort()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("Abort left %d files", len(entries))
	}
}

// A run stopped by a failing trace file keeps in-memory traces of the
// steps it counts, and no more: Steps·len(Neurons) values.
func TestTraceFileErrorKeepsTracesConsistent(t *testing.T) {
	neurons := []int{0, 999}
	tw, err := CreateTraceFile(filepath.Join(t.TempDir(), "tr.csv"), neurons, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer tw.Abort()
	tw.w = bufio.NewWriterSize(&failWriter{n: 2000}, 16) // fails after a few steps
	net, err := New(Tutorial(DefaultTutorial()))
	if err != nil {
		t.Fatal(err)
	}
	res, err := net.Run(context.Background(), 100, &RunOptions{Trace: neurons, TraceTo: tw})
	if !errors.Is(err, errDiskFull) {
		t.Fatalf("error %v, want %v", err, errDiskFull)
	}
	tr := res.Traces
	if res.Steps == 0 || res.Steps >= 100 || tr.Samples != res.Steps {
		t.Fatalf("stopped after %d steps with %d traced steps, want the same, between 1 and 99", res.Steps, tr.Samples)
	}
	for _, x := range [][]float64{tr.V, tr.U, tr.I} {
		if len(x) != tr.Samples*len(neurons) {
			t.Fatalf("%d traced values for %d steps of %d neurons", len(x), tr.Samples, len(neurons))
		}
	}
	if err := tr.WriteCSV(io.Discard); err != nil {
		t.Errorf("traces of the stopped run: %v", err)
	}
}

// At 0.1 ms the streamed CSV files hold times in ms, the bytes of the
// in-memory writers at that step; .npy and binary spike files keep steps.
// (Before, their t column held steps under the header t.)
func TestStreamedCSVAtTenthMs(t *testing.T) {
	cfg := Tutorial(TutorialOptions{Ne: 40, Ni: 10, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 4})
	cfg.DT = 0.1
	net, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sw, err := CreateSpikeFile(filepath.Join(dir, "spikes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	tw, err := CreateTraceFile(filepath.Join(dir, "traces.csv"), []int{1, 3}, 5)
	if err != nil {
		t.Fatal(err)
	}
	res, err := net.RunFor(context.Background(), 50, &RunOptions{Spikes: sw, TraceTo: tw})
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	net2, _ := New(cfg)
	mem, err := net2.RunFor(context.Background(), 50, &RunOptions{Trace: []int{1, 3}, TraceEvery: 5})
	if err != nil {
		t.Fatal(err)
	}
	if res.Steps != 500 || len(mem.Spikes) == 0 {
		t.Fatalf("%d steps, %d spikes", res.Steps, len(mem.Spikes))
	}
	var wantSpikes, wantTraces bytes.Buffer
	if err := mem.Raster().WriteCSV(&wantSpikes); err != nil {
		t.Fatal(err)
	}
	if err := mem.Traces.WriteCSVMs(&wantTraces, mem.Start, 0.1); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][]byte{"spikes.csv": wantSpikes.Bytes(), "traces.csv": wantTraces.Bytes()} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s streamed at 0.1 ms differs from the in-memory file in ms:\n%.200s\nwant\n%.200s", name, got, want)
		}
	}
	// A writer keeps one step.
	if err := sw.SetTimeStep(0.1); err != nil {
		t.Errorf("the same step again: %v", err)
	}
	if err := sw.SetTimeStep(1); err == nil || !strings.Contains(err.Error(), "one file per network") {
		t.Errorf("another step after spikes were written: error %v", err)
	}
}
