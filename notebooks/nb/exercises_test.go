package nb_test

import (
	"math"
	"strings"
	"testing"

	"github.com/gosnn/gosnn/notebooks/exercise"
	"github.com/gosnn/gosnn/notebooks/exercise/check"
	"github.com/gosnn/gosnn/notebooks/nb"
	"github.com/gosnn/gosnn/snn"
	"github.com/gosnn/gosnn/snn/spnet"
)

// The notebooks' check cells call nb's Check functions, which judge with
// package exercise: each must reject a typical mistake with a reason that
// points at it (exercise's tests show that each accepts its solution).

func TestCheckStep(t *testing.T) {
	oneStep := func(v, u, I float64, p snn.Params) (float64, float64, bool) {
		v += float64(0.04*float64(v*v)) + float64(5*v) + 140 - u + I // a whole step at once
		u += float64(p.A * (float64(p.B*v) - u))
		if v >= snn.Threshold {
			return p.C, u + p.D, true
		}
		return v, u, false
	}
	v := nb.CheckStep(oneStep)
	if v.OK || !strings.Contains(v.Why, "half a step") {
		t.Errorf("one whole step instead of two halves: %s", v)
	}
	if w := check.Judge("step", exercise.AnswerStep(oneStep)); w != v {
		t.Errorf("the notebook says %s, the grader %s", v, w)
	}
	if v := nb.CheckStep(nil); v.OK {
		t.Errorf("no function: %s", v)
	}
}

func TestCheckUJumps(t *testing.T) {
	res := nb.Tutorial.Run(0, &snn.RunOptions{Trace: []int{1, 811}})
	for _, i := range []int{1, 811} {
		jumps := nb.UJumps(res, i)
		if len(jumps) == 0 {
			t.Fatalf("neuron %d: no spikes", i)
		}
		if v := nb.CheckUJumps(i, jumps); !v.OK {
			t.Errorf("neuron %d: %s", i, v)
		}
		wrong := append([]float64(nil), jumps...)
		wrong[0] += 0.1
		if v := nb.CheckUJumps(i, wrong); v.OK {
			t.Errorf("neuron %d: a wrong jump is accepted", i)
		}
	}
}

func TestCheckRunawayWi(t *testing.T) {
	if v := nb.CheckRunawayWi(0.7, 130); !v.OK {
		t.Errorf("wi 0.7, +130 rejected: %s", v)
	}
	if v := nb.CheckRunawayWi(0.8, 120); v.OK {
		t.Errorf("wi 0.8 accepted")
	}
	if v := nb.CheckRunawayWi(0.7, 100); v.OK || !strings.Contains(v.Why, "all-fire input") {
		t.Errorf("wrong balance: %s", v)
	}
}

func TestCheckJitters(t *testing.T) {
	keepD, keepC := nb.NoNegativeD, nb.ResetBelowThreshold
	if v := nb.CheckJitters(keepD, keepC); !v.OK {
		t.Errorf("solution rejected: %s", v)
	}
	if v := nb.CheckJitters(snn.ExcitatoryJitter, keepC); v.OK || !strings.Contains(v.Why, "keepD") {
		t.Errorf("the tutorial's jitter as keepD: %s", v)
	}
	ibOnly := func(p snn.Params, r float64) snn.Params {
		q := snn.ExcitatoryJitter(p, r)
		q.C = min(q.C, -50.5)
		return q
	}
	if v := nb.CheckJitters(keepD, ibOnly); v.OK || !strings.Contains(v.Why, "keepC(RZ") {
		t.Errorf("a cap that is right for IB only: %s", v)
	}
}

func TestThreshold(t *testing.T) {
	for _, c := range []struct{ b, want float64 }{{0.2, -50}, {0.26, -56}} {
		if got := nb.Threshold(c.b); got < c.want-1e-9 || got > c.want+1e-9 {
			t.Errorf("Threshold(%g) = %g, want %g (notebook 1)", c.b, got, c.want)
		}
	}
}

// solutionWindow is the spnet STDP window (exercise 5) as a student would
// write it from the notebook's description of the rule.
func solutionWindow(s int) float64 {
	if s >= 1 {
		return 0.1 * math.Pow(0.95, float64(s-1))
	}
	return -0.12 * math.Pow(0.95, float64(-s))
}

func TestCheckWindow(t *testing.T) {
	if v := nb.CheckWindow(solutionWindow); !v.OK {
		t.Errorf("the solution is rejected: %s", v)
	}
	for _, tc := range []struct {
		name   string
		window func(int) float64
		want   string
	}{
		{"placeholder", func(int) float64 { return 0 }, "every pair within the window changes the synapse"},
		{"same ms potentiates", func(s int) float64 {
			if s >= 0 {
				return 0.1 * math.Pow(0.95, float64(s))
			}
			return -0.12 * math.Pow(0.95, float64(-s))
		}, "s = 0 ms: you give 0.1, the rule -0.12: look at the schedule of a millisecond"},
		{"one decay too many", func(s int) float64 {
			if s >= 1 {
				return 0.1 * math.Pow(0.95, float64(s))
			}
			return -0.12 * math.Pow(0.95, float64(-s))
		}, "s = 1 ms: you give 0.095, the rule 0.1: close; the trace is multiplied by Decay = 0.95 once per ms"},
		{"signs swapped", func(s int) float64 { return -solutionWindow(s) }, "s = -40 ms"},
		{"wrong amplitude", func(s int) float64 {
			if s >= 1 {
				return 0.12 * math.Pow(0.95, float64(s-1))
			}
			return -0.12 * math.Pow(0.95, float64(-s))
		}, "potentiation starts at Potentiation = 0.1"},
	} {
		v := nb.CheckWindow(tc.window)
		if v.OK || !strings.Contains(v.Why, tc.want) {
			t.Errorf("%s: %s; want a rejection saying %q", tc.name, v, tc.want)
		}
	}
	if v := nb.CheckWindow(nil); v.OK {
		t.Errorf("nil window accepted")
	}
}

// The window the notebook plots and checks is the one package spnet's
// STDP applies: one pre spike and one post spike s ms apart, in a network
// of two neurons whose spikes the input forces, change the synapse's
// derivative by exactly STDPWindow.
func TestSTDPWindowIsSpnets(t *testing.T) {
	p := nb.PublishedSTDP()
	for _, s := range []int{-15, -3, -1, 0, 1, 2, 7, 19} {
		if got, want := measuredWindow(t, s), nb.STDPWindow(p, s); math.Abs(got-want) > 1e-15 {
			t.Errorf("s = %d: spnet changes sd by %.17g, STDPWindow says %.17g", s, got, want)
		}
	}
}

// measuredWindow forces one spike of excitatory neuron 0 and one of the
// target of its first 3 ms synapse, the post spike s ms after the pre
// spike's arrival, in the published network without its thalamic input,
// and returns the change of that synapse's derivative.
func measuredWindow(t *testing.T, s int) float64 {
	t.Helper()
	net, err := spnet.New(spnet.Default())
	if err != nil {
		t.Fatal(err)
	}
	const pre, delay = 0, 3
	j, _ := net.Syn.DelayRange(pre, delay)
	post := int(net.Syn.Post[j])
	tPre := int64(100)
	arrival := tPre + delay - 1 // the ms whose integration the spike enters
	tPost := arrival + int64(s)
	// A large input in ms t makes the neuron cross 30 mV in that ms's
	// integration, so that it fires (is reset and recorded) at t+1.
	net.Input = spnet.StimulusFunc(func(n *spnet.Network, input []float64) {
		switch n.Time() {
		case tPre - 1:
			input[pre] = 1000
		case tPost - 1:
			input[post] = 1000
		}
	})
	spikes := &spnet.Spikes{}
	net.Monitors = append(net.Monitors, spikes)
	net.Run(300)
	if spikes.Len() != 2 || spikes.Neurons[0] == spikes.Neurons[1] {
		t.Fatalf("s = %d: want one spike of neuron %d at %d and one of %d at %d, got times %v neurons %v", s, pre, tPre, post, tPost, spikes.Times, spikes.Neurons)
	}
	return net.Plasticity.(*spnet.STDP).Deriv[j]
}
