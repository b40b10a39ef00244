package snn

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gosnn/gosnn/snn/npy"
)

// runTraced builds the same small network every time, runs it for pre
// steps untraced (when pre > 0), then for steps steps tracing neurons
// every every steps.
func runTraced(t *testing.T, pre, steps, every int, neurons []int) *Result {
	t.Helper()
	net, err := New(Tutorial(TutorialOptions{Ne: 80, Ni: 20, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 5}))
	if err != nil {
		t.Fatal(err)
	}
	if pre > 0 {
		if _, err := net.Run(context.Background(), pre, nil); err != nil {
			t.Fatal(err)
		}
	}
	res, err := net.Run(context.Background(), steps, &RunOptions{Trace: neurons, TraceEvery: every})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// A decimated run keeps, bit for bit, the samples of an undecimated run at
// the network steps that are multiples of TraceEvery, and makes the same
// spikes.
func TestTraceEveryKeepsEveryNthStep(t *testing.T) {
	neurons := []int{3, 99, 50, 51}
	tests := []struct {
		name              string
		pre, steps, every int
	}{
		{"zero value", 0, 60, 0},
		{"every step", 0, 60, 1},
		{"steps a multiple", 0, 100, 5},
		{"steps not a multiple", 0, 100, 7},
		{"second run off the grid", 13, 100, 7},
		{"second run on the grid", 20, 35, 10},
		{"one sample", 20, 5, 10},
		{"every beyond the run", 0, 30, 1000},
		{"no sample", 13, 30, 50},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			full := runTraced(t, tc.pre, tc.steps, 0, neurons)
			res := runTraced(t, tc.pre, tc.steps, tc.every, neurons)
			if !slices.Equal(res.Spikes, full.Spikes) || len(res.Spikes) == 0 {
				t.Fatalf("%d spikes with TraceEvery %d, %d without: want the same spikes", len(res.Spikes), tc.every, len(full.Spikes))
			}
			e := max(tc.every, 1)
			var want []int // the network steps sampled
			for s := res.Start; s < res.Start+res.Steps; s++ {
				if s%e == 0 {
					want = append(want, s)
				}
			}
			tr, n := res.Traces, len(neurons)
			if tr.Every != e || tr.Samples != len(want) {
				t.Fatalf("Every %d, Steps %d: want %d and %d samples", tr.Every, tr.Samples, e, len(want))
			}
			for _, x := range [][]float64{tr.V, tr.U, tr.I} {
				if len(x) != tr.Samples*n {
					t.Fatalf("%d values for %d samples of %d neurons", len(x), tr.Samples, n)
				}
			}
			for k, step := range want {
				if got := res.Start + tr.Step(k); got != step {
					t.Fatalf("sample %d is of step %d, want %d", k, got, step)
				}
				row := (step - full.Start) * n
				for _, p := range []struct {
					name      string
					got, full []float64
				}{{"v", tr.V, full.Traces.V}, {"u", tr.U, full.Traces.U}, {"I", tr.I, full.Traces.I}} {
					if got, w := p.got[k*n:(k+1)*n], p.full[row:row+n]; !sameBits(got, w) {
						t.Fatalf("%s of sample %d (step %d) is %v, want %v", p.name, k, step, got, w)
					}
				}
			}
			if tc.every <= 1 && (tr.First != 0 || !sameBits(tr.V, full.Traces.V)) {
				t.Errorf("TraceEvery %d: First %d, or other values than every step's", tc.every, tr.First)
			}
		})
	}
}

// A decimated run that stops early keeps the samples of the steps it ran.
func TestTraceEveryStoppedRun(t *testing.T) {
	net, err := New(Tutorial(TutorialOptions{Ne: 80, Ni: 20, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 0}))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	res, err := net.Run(ctx, 1000, &RunOptions{
		Trace:         []int{0, 99},
		TraceEvery:    7,
		ProgressEvery: 50,
		Progress: func(done, total int) {
			if done == 200 {
				cancel()
			}
		},
	})
	if !errors.Is(err, context.Canceled) || res.Steps != 200 {
		t.Fatalf("error %v after %d steps, want context.Canceled after 200", err, res.Steps)
	}
	tr := res.Traces
	if tr.Samples != 29 || len(tr.V) != 29*2 || len(tr.U) != 29*2 || len(tr.I) != 29*2 { // steps 0, 7, …, 196
		t.Errorf("%d samples, %d/%d/%d values: want 29 samples of 2 neurons", tr.Samples, len(tr.V), len(tr.U), len(tr.I))
	}
}

func TestTraceEveryMemory(t *testing.T) {
	cfg := Tutorial(DefaultTutorial())
	tests := []struct {
		opts    RunOptions
		samples int
	}{
		{RunOptions{TraceAll: true}, 1000},
		{RunOptions{TraceAll: true, TraceEvery: 1}, 1000},
		{RunOptions{TraceAll: true, TraceEvery: 10}, 100},
		{RunOptions{TraceAll: true, TraceEvery: 7}, 143}, // 0, 7, …, 994
		{RunOptions{TraceAll: true, TraceEvery: 5000}, 1},
		{RunOptions{Trace: []int{1, 2, 3}, TraceEvery: 3}, 334},
	}
	for _, tc := range tests {
		traced := 1000
		if !tc.opts.TraceAll {
			traced = len(tc.opts.Trace)
		}
		got := EstimateMemory(cfg, 1000, &tc.opts).Traces
		if want := int64(sampleBytes * traced * tc.samples); got != want {
			t.Errorf("TraceEvery %d: traces estimated at %d bytes, want %d (%d samples of %d neurons)", tc.opts.TraceEvery, got, want, tc.samples, traced)
		}
	}

	// A run refused at every step fits when decimated: the weights take
	// 8 MB of the 10 MB, the traces of every step 24 MB, every 100th step
	// 0.24 MB. Every 15th step is the hint, leaving 320 kB for spikes.
	cfg.MaxBytes = 10e6
	net, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = net.Run(context.Background(), 1000, &RunOptions{TraceAll: true})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "24.0 MB") || !strings.Contains(err.Error(), "keep one step in 15 (RunOptions.TraceEvery 15 or more; snn simulate --trace-every)") {
		t.Errorf("tracing every step: error %v, want ErrTooLarge saying 24.0 MB and to keep one step in 15", err)
	}
	_, err = net.Run(context.Background(), 1000, &RunOptions{TraceAll: true, TraceEvery: 2})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "tracing 1000 neurons for 1000 steps, sampled every 2 steps, needs 12.0 MB") {
		t.Errorf("tracing every 2nd step: error %v, want ErrTooLarge saying 12.0 MB", err)
	}
	if net.Time() != 0 {
		t.Fatalf("refused runs ran %d steps", net.Time())
	}
	res, err := net.Run(context.Background(), 1000, &RunOptions{TraceAll: true, TraceEvery: 100})
	if err != nil {
		t.Fatalf("tracing every 100th step: %v", err)
	}
	if tr := res.Traces; tr.Samples != 10 || cap(tr.V) != 10*1000 {
		t.Errorf("%d samples in room for %d values, want 10 samples of 1000 neurons", tr.Samples, cap(tr.V))
	}
}

// The t column of CSV files and t.npy give each sample's step.
func TestTracesTimeHonoursEvery(t *testing.T) {
	tests := []struct {
		name                        string
		first, every, steps, offset int
		want                        []int
	}{
		{"hand-made", 0, 0, 3, 0, []int{0, 1, 2}},
		{"hand-made with offset", 0, 0, 3, 100, []int{100, 101, 102}},
		{"every 1", 0, 1, 3, 0, []int{0, 1, 2}},
		{"every 4", 0, 4, 3, 0, []int{0, 4, 8}},
		{"every 4 from 3", 3, 4, 3, 0, []int{3, 7, 11}},
		{"every 4 from 3, offset 5", 3, 4, 3, 5, []int{8, 12, 16}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr := &Traces{Neurons: []int{7}, Samples: tc.steps, First: tc.first, Every: tc.every,
				V: make([]float64, tc.steps), U: make([]float64, tc.steps), I: make([]float64, tc.steps)}
			var b bytes.Buffer
			if err := tr.WriteCSVFrom(&b, tc.offset); err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n")[1:] {
				step, _ := strconv.Atoi(strings.Split(line, ",")[0])
				got = append(got, step)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("CSV t column %v, want %v", got, tc.want)
			}
			dir := t.TempDir()
			if err := (&Result{Start: tc.offset, Traces: tr}).Save(dir); err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(filepath.Join(dir, "t.npy"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			a, err := npy.Read(f)
			if err != nil {
				t.Fatal(err)
			}
			got = got[:0]
			for _, x := range a.Int {
				got = append(got, int(x))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("t.npy %v, want %v", got, tc.want)
			}
		})
	}

	// A run's CSV: the second run of 40 steps from step 13, every 7 steps.
	res := runTraced(t, 13, 40, 7, []int{0, 1})
	var b bytes.Buffer
	if err := res.Traces.WriteCSVFrom(&b, res.Start); err != nil {
		t.Fatal(err)
	}
	var steps []string
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n")[1:] {
		steps = append(steps, strings.Split(line, ",")[0])
	}
	if got, want := strings.Join(steps, " "), "14 14 21 21 28 28 35 35 42 42 49 49"; got != want {
		t.Errorf("t column %s, want %s", got, want)
	}
	sel, err := res.Traces.Select([]int{1})
	if err != nil {
		t.Fatal(err)
	}
	if sel.First != 1 || sel.Every != 7 || sel.Samples != 6 || sel.V[5] != res.Traces.V[11] {
		t.Errorf("Select kept First %d, Every %d, Steps %d: want 1, 7, 6 and the same values", sel.First, sel.Every, sel.Samples)
	}
}

func TestTraceEveryErrors(t *testing.T) {
	net, err := New(Tutorial(TutorialOptions{Ne: 8, Ni: 2, Exc: RS, Inh: LTS, We: 0.5, Wi: 1, Seed: 0}))
	if err != nil {
		t.Fatal(err)
	}
	for _, opts := range []*RunOptions{{TraceEvery: -1}, {TraceAll: true, TraceEvery: -3}} {
		_, err := net.Run(context.Background(), 10, opts)
		want := "RunOptions.TraceEvery " + strconv.Itoa(opts.TraceEvery) + ": traces are recorded every TraceEvery steps, which must be at least 1 (0 records every step, as 1 does)"
		if err == nil || err.Error() != want {
			t.Errorf("TraceEvery %d: error %v, want %q", opts.TraceEvery, err, want)
		}
	}
	if net.Time() != 0 {
		t.Errorf("refused runs ran %d steps", net.Time())
	}
	tr := &Traces{Neurons: []int{0}, Samples: 1, Every: -2, V: []float64{1}, U: []float64{2}, I: []float64{3}}
	var b bytes.Buffer
	if err := tr.WriteCSV(&b); err == nil || !strings.Contains(err.Error(), "every -2 steps from step 0: Every and First must be at least 0") {
		t.Errorf("WriteCSV with Every −2: error %v", err)
	}
	if _, err := tr.Select([]int{0}); err == nil {
		t.Error("Select with Every −2: no error")
	}
	tr.Every, tr.V = 0, nil
	if _, err := tr.Select([]int{0}); err == nil || !strings.Contains(err.Error(), "trace v holds 0 values") {
		t.Errorf("Select of a short trace: error %v, want one, not a panic", err)
	}
}
