package nb_test

import (
	"strings"
	"testing"

	"github.com/gosnn/gosnn/notebooks/exercise"
	"github.com/gosnn/gosnn/notebooks/exercise/check"
	"github.com/gosnn/gosnn/notebooks/nb"
	"github.com/gosnn/gosnn/snn"
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
