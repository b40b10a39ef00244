package check

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gosnn/gosnn/notebooks/exercise"
	"github.com/gosnn/gosnn/snn"
)

func solutionStep(v, u, I float64, p snn.Params) (float64, float64, bool) {
	v += float64(0.5 * (float64(0.04*float64(v*v)) + float64(5*v) + 140 - u + I))
	v += float64(0.5 * (float64(0.04*float64(v*v)) + float64(5*v) + 140 - u + I))
	u += float64(p.A * (float64(p.B*v) - u))
	if v >= snn.Threshold {
		return p.C, u + p.D, true
	}
	return v, u, false
}

// solutions are right answers to every exercise.
func solutions() []*exercise.Answer {
	return []*exercise.Answer{
		exercise.AnswerStep(solutionStep),
		exercise.AnswerUJumps(UJumpsOf),
		exercise.AnswerRunaway(func() (float64, float64) { return 0.7, 130 }),
		exercise.AnswerJitters(NoNegativeD, ResetBelowThreshold),
		exercise.AnswerWindow(func(s int) float64 { return STDPWindow(PublishedSTDP(), s) }),
	}
}

// An answer survives its file: the verdict on what exercise.ReadAnswer reads back
// is the verdict on what was recorded, right for the solutions.
func TestRecordAndJudge(t *testing.T) {
	t.Setenv(snn.OutEnv, t.TempDir())
	for _, a := range solutions() {
		if v := Judge(a.Exercise, a); !v.OK {
			t.Errorf("%s: the solution is rejected: %s", a.Exercise, v)
		}
		if err := exercise.Record(a); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(filepath.Join(snn.OutDir(), exercise.AnswerFile))
		if err != nil {
			t.Fatal(err)
		}
		b, err := exercise.ReadAnswer(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", a.Exercise, err)
		}
		if v := Judge(a.Exercise, b); !v.OK {
			t.Errorf("%s: the solution read back from its file is rejected: %s", a.Exercise, v)
		}
	}
}

// Every exercise rejects the template's placeholder, a missing function,
// and an answer to another exercise.
func TestPlaceholdersAndMismatches(t *testing.T) {
	placeholders := map[string]*exercise.Answer{
		"step":    exercise.AnswerStep(func(v, u, I float64, p snn.Params) (float64, float64, bool) { return v, u, false }),
		"ujumps":  exercise.AnswerUJumps(func(*snn.Result, int) []float64 { return nil }),
		"runaway": exercise.AnswerRunaway(func() (float64, float64) { return 0, 0 }),
		"jitters": exercise.AnswerJitters(snn.ExcitatoryJitter, snn.ExcitatoryJitter),
		"window":  exercise.AnswerWindow(func(int) float64 { return 0 }),
	}
	empty := map[string]*exercise.Answer{
		"step": exercise.AnswerStep(nil), "ujumps": exercise.AnswerUJumps(nil), "runaway": exercise.AnswerRunaway(nil), "jitters": exercise.AnswerJitters(nil, nil),
		"window": exercise.AnswerWindow(nil),
	}
	for _, e := range exercise.Exercises() {
		if v := Judge(e.Name, placeholders[e.Name]); v.OK || v.Why == "" {
			t.Errorf("%s: the placeholder gets %s", e.Name, v)
		}
		if v := Judge(e.Name, empty[e.Name]); v.OK || !strings.Contains(v.Why, "first") {
			t.Errorf("%s: no function gets %s, want to be told to write it first", e.Name, v)
		}
		other := solutions()[(slices.IndexFunc(exercise.Exercises(), func(x exercise.Exercise) bool { return x.Name == e.Name })+1)%len(solutions())]
		if v := Judge(e.Name, other); v.OK || !strings.Contains(v.Why, "not \""+e.Name+"\"") {
			t.Errorf("%s: an answer to %s gets %s", e.Name, other.Exercise, v)
		}
		if v := Judge(e.Name, nil); v.OK {
			t.Errorf("%s: no answer gets %s", e.Name, v)
		}
	}
	if v := Judge("homework", &exercise.Answer{Exercise: "homework"}); v.OK || !strings.Contains(v.Why, "the exercises are step, ujumps, runaway, jitters, window") {
		t.Errorf("an unknown exercise gets %s", v)
	}
	if v := Judge("ujumps", &exercise.Answer{Exercise: "ujumps", Error: "out of memory"}); v.OK || !strings.Contains(v.Why, "could not run: out of memory") {
		t.Errorf("an answer that could not be recorded gets %s", v)
	}
}

// A file that is not what the exercise records (cut short, values
// missing or of the wrong length, NaN where numbers belong) gets a verdict
// that says so, never a pass or a panic.
func TestBrokenAnswers(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name string
		a    *exercise.Answer
		want string
	}{
		{"step cut short", &exercise.Answer{Exercise: "step", Values: map[string]exercise.Floats{"RS.v": {1, 2}}}, "incomplete"},
		{"jitters half", &exercise.Answer{Exercise: "jitters", Values: map[string]exercise.Floats{"IB.keepD": make(exercise.Floats, 4004)}}, "no values \"IB.keepC\""},
		{"runaway two numbers", &exercise.Answer{Exercise: "runaway", Values: map[string]exercise.Floats{"wi": {0.7, 0.8}, "balance": {130}}}, "2 values \"wi\", want 1"},
		{"runaway NaN", &exercise.Answer{Exercise: "runaway", Values: map[string]exercise.Floats{"wi": {nan}, "balance": {130}}}, "not the first runaway value"},
		{"runaway balance NaN", &exercise.Answer{Exercise: "runaway", Values: map[string]exercise.Floats{"wi": {0.7}, "balance": {nan}}}, "all-fire input"},
		{"ujumps NaN", &exercise.Answer{Exercise: "ujumps", Values: map[string]exercise.Floats{"1": slices.Repeat(exercise.Floats{nan}, len(UJumpsOf(mustRun(t), 1))), "811": nil}}, "spike 0"},
		{"window cut short", &exercise.Answer{Exercise: "window", Values: map[string]exercise.Floats{"window": {-0.12, 0.1}}}, "2 values \"window\", want 81"},
		{"window renamed", &exercise.Answer{Exercise: "window", Values: map[string]exercise.Floats{"w": make(exercise.Floats, 81)}}, "no values \"window\""},
		{"window NaN", &exercise.Answer{Exercise: "window", Values: map[string]exercise.Floats{"window": slices.Repeat(exercise.Floats{nan}, 81)}}, "s = -40 ms: you give NaN"},
		{"window infinite", &exercise.Answer{Exercise: "window", Values: map[string]exercise.Floats{"window": slices.Repeat(exercise.Floats{math.Inf(-1)}, 81)}}, "s = -40 ms: you give -Inf"},
		{"ujumps one neuron", &exercise.Answer{Exercise: "ujumps", Values: map[string]exercise.Floats{"1": {}}}, "fires"},
	} {
		if v := Judge(tc.a.Exercise, tc.a); v.OK || !strings.Contains(v.Why, tc.want) {
			t.Errorf("%s: %s; want not yet, with %q", tc.name, v, tc.want)
		}
	}
}

func mustRun(t *testing.T) *snn.Result {
	res, err := exercise.UJumpsRun()
	if err != nil {
		t.Fatal(err)
	}
	return res
}
