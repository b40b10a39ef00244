package plots

import (
	"context"
	"strings"
	"testing"

	"github.com/gosnn/gosnn/snn"
)

// decimatedRun runs a small network for pre steps, untraced, then for
// steps steps tracing every neuron every every steps.
func decimatedRun(t *testing.T, pre, steps, every int) *snn.Result {
	t.Helper()
	net, err := snn.New(snn.Tutorial(snn.TutorialOptions{Ne: 8, Ni: 2, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1.0, Seed: 1}))
	if err != nil {
		t.Fatal(err)
	}
	if pre > 0 {
		if _, err := net.Run(context.Background(), pre, nil); err != nil {
			t.Fatal(err)
		}
	}
	res, err := net.Run(context.Background(), steps, &snn.RunOptions{TraceAll: true, TraceEvery: every})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The figures of traces recorded every TraceEvery steps put each sample
// at its step's time, as the figures of every step's traces do.
func TestDecimatedTracesTimeAxis(t *testing.T) {
	tests := []struct {
		name              string
		pre, steps, every int
		// The traces figure: the axis, the first and last sample's time.
		axisMin, axisMax, first, last float64
		// The currents' heat map: the time range of its cells.
		mapMin, mapMax float64
	}{
		{"every step", 0, 50, 1, 0, 50, 1, 50, 0, 50},
		{"every 10th", 0, 100, 10, 0, 100, 1, 91, 0, 100},
		{"steps not a multiple", 0, 95, 10, 0, 95, 1, 91, 0, 100},
		{"second run", 3, 95, 10, 3, 98, 11, 91, 10, 100},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := decimatedRun(t, tc.pre, tc.steps, tc.every)
			full := decimatedRun(t, tc.pre, tc.steps, 1)
			f, err := NewTraces(res, 0, 9)
			if err != nil {
				t.Fatal(err)
			}
			s := f.Series[0]
			if f.TimeMin != tc.axisMin || f.TimeMax != tc.axisMax || s.Time(0) != tc.first || s.Time(len(s.V)-1) != tc.last {
				t.Errorf("traces: axis %g..%g ms, samples at %g..%g ms; want %g..%g and %g..%g",
					f.TimeMin, f.TimeMax, s.Time(0), s.Time(len(s.V)-1), tc.axisMin, tc.axisMax, tc.first, tc.last)
			}
			// Each sample is drawn where the full run draws the same value.
			ff, err := NewTraces(full, 0, 9)
			if err != nil {
				t.Fatal(err)
			}
			fs := ff.Series[0]
			for k := range s.V {
				j := res.Traces.Step(k)
				if s.Time(k) != fs.Time(j) || s.V[k] != fs.V[j] || s.U[k] != fs.U[j] {
					t.Fatalf("sample %d: (%g ms, %g, %g), want (%g ms, %g, %g) as in the full run",
						k, s.Time(k), s.V[k], s.U[k], fs.Time(j), fs.V[j], fs.U[j])
				}
			}
			if _, err := f.PNG(); err != nil {
				t.Fatal(err)
			}

			c, err := NewCurrents(res)
			if err != nil {
				t.Fatal(err)
			}
			xmin, xmax, _, _ := c.Map.DataRange()
			if cols, _ := c.Map.Grid.Dims(); xmin != tc.mapMin || xmax != tc.mapMax || cols != res.Traces.Samples {
				t.Errorf("currents: %d columns over %g..%g ms, want %d over %g..%g", cols, xmin, xmax, res.Traces.Samples, tc.mapMin, tc.mapMax)
			}
			if _, err := c.PNG(); err != nil {
				t.Fatal(err)
			}
		})
	}

	res := decimatedRun(t, 0, 20, 5)
	res.Traces.Every = -5
	if _, err := NewCurrents(res); err == nil || !strings.Contains(err.Error(), "Every and First must be at least 0") {
		t.Errorf("Every −5: error %v", err)
	}
}
