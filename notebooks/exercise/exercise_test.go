package exercise

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

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
func solutions() []*Answer {
	return []*Answer{
		AnswerStep(solutionStep),
		AnswerUJumps(UJumps),
		AnswerRunaway(func() (float64, float64) { return 0.7, 130 }),
		AnswerJitters(NoNegativeD, ResetBelowThreshold),
	}
}

// An answer survives its file: the verdict on what ReadAnswer reads back
// is the verdict on what was recorded, right for the solutions.
func TestRecordAndJudge(t *testing.T) {
	t.Setenv(snn.OutEnv, t.TempDir())
	for _, a := range solutions() {
		if v := Judge(a); !v.OK {
			t.Errorf("%s: the solution is rejected: %s", a.Exercise, v)
		}
		if err := Record(a); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(filepath.Join(snn.OutDir(), AnswerFile))
		if err != nil {
			t.Fatal(err)
		}
		b, err := ReadAnswer(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", a.Exercise, err)
		}
		if v := Judge(b); !v.OK {
			t.Errorf("%s: the solution read back from its file is rejected: %s", a.Exercise, v)
		}
	}
}

// Every exercise rejects the template's placeholder, a missing function,
// and an answer to another exercise.
func TestPlaceholdersAndMismatches(t *testing.T) {
	placeholders := map[string]*Answer{
		"step":    AnswerStep(func(v, u, I float64, p snn.Params) (float64, float64, bool) { return v, u, false }),
		"ujumps":  AnswerUJumps(func(*snn.Result, int) []float64 { return nil }),
		"runaway": AnswerRunaway(func() (float64, float64) { return 0, 0 }),
		"jitters": AnswerJitters(snn.ExcitatoryJitter, snn.ExcitatoryJitter),
	}
	empty := map[string]*Answer{
		"step": AnswerStep(nil), "ujumps": AnswerUJumps(nil), "runaway": AnswerRunaway(nil), "jitters": AnswerJitters(nil, nil),
	}
	for _, e := range Exercises() {
		if v := e.Judge(placeholders[e.Name]); v.OK || v.Why == "" {
			t.Errorf("%s: the placeholder gets %s", e.Name, v)
		}
		if v := e.Judge(empty[e.Name]); v.OK || !strings.Contains(v.Why, "first") {
			t.Errorf("%s: no function gets %s, want to be told to write it first", e.Name, v)
		}
		other := solutions()[(slices.IndexFunc(Exercises(), func(x Exercise) bool { return x.Name == e.Name })+1)%4]
		if v := e.Judge(other); v.OK || !strings.Contains(v.Why, "not \""+e.Name+"\"") {
			t.Errorf("%s: an answer to %s gets %s", e.Name, other.Exercise, v)
		}
		if v := e.Judge(nil); v.OK {
			t.Errorf("%s: no answer gets %s", e.Name, v)
		}
	}
	if v := Judge(&Answer{Exercise: "homework"}); v.OK || !strings.Contains(v.Why, "the exercises are step, ujumps, runaway, jitters") {
		t.Errorf("an unknown exercise gets %s", v)
	}
	if v := Judge(&Answer{Exercise: "ujumps", Error: "out of memory"}); v.OK || !strings.Contains(v.Why, "could not run: out of memory") {
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
		a    *Answer
		want string
	}{
		{"step cut short", &Answer{Exercise: "step", Values: map[string]Floats{"RS.v": {1, 2}}}, "incomplete"},
		{"jitters half", &Answer{Exercise: "jitters", Values: map[string]Floats{"IB.keepD": make(Floats, 4004)}}, "no values \"IB.keepC\""},
		{"runaway two numbers", &Answer{Exercise: "runaway", Values: map[string]Floats{"wi": {0.7, 0.8}, "balance": {130}}}, "2 values \"wi\", want 1"},
		{"runaway NaN", &Answer{Exercise: "runaway", Values: map[string]Floats{"wi": {nan}, "balance": {130}}}, "not the first runaway value"},
		{"runaway balance NaN", &Answer{Exercise: "runaway", Values: map[string]Floats{"wi": {0.7}, "balance": {nan}}}, "all-fire input"},
		{"ujumps NaN", &Answer{Exercise: "ujumps", Values: map[string]Floats{"1": slices.Repeat(Floats{nan}, len(UJumps(mustRun(t), 1))), "811": nil}}, "spike 0"},
		{"ujumps one neuron", &Answer{Exercise: "ujumps", Values: map[string]Floats{"1": {}}}, "fires"},
	} {
		if v := Judge(tc.a); v.OK || !strings.Contains(v.Why, tc.want) {
			t.Errorf("%s: %s; want not yet, with %q", tc.name, v, tc.want)
		}
	}
}

func mustRun(t *testing.T) *snn.Result {
	res, err := ujumpsRun()
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestReadAnswerErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file, want string
	}{
		{"not JSON", "hello", "not an answer file"},
		{"string for a number", `{"exercise":"runaway","values":{"wi":["0.7"]}}`, `the string "0.7"`},
		{"object for values", `{"exercise":"runaway","values":{"wi":{}}}`, "not an answer file"},
		{"too large", `{"exercise":"step","values":{"x":[` + strings.Repeat("1,", MaxAnswerBytes/2) + `1]}}`, "larger than"},
	} {
		if _, err := ReadAnswer(strings.NewReader(tc.file)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one with %q", tc.name, err, tc.want)
		}
	}
}

// Floats keep every float64, NaN and infinities included, exactly.
func TestFloatsJSON(t *testing.T) {
	x := Floats{0, -0.0, 1.0 / 3, -2.5e-300, math.MaxFloat64, math.SmallestNonzeroFloat64, math.Inf(1), math.Inf(-1), math.NaN()}
	b, err := json.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	var y Floats
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	if len(y) != len(x) {
		t.Fatalf("%s read back as %v", b, y)
	}
	for k := range x {
		if math.Float64bits(x[k]) != math.Float64bits(y[k]) && !(math.IsNaN(x[k]) && math.IsNaN(y[k])) {
			t.Errorf("value %d: %v read back as %v (%s)", k, x[k], y[k], b)
		}
	}
	if !bytes.Contains(b, []byte(`"NaN","`)) && !bytes.Contains(b, []byte(`"NaN"]`)) {
		t.Errorf("NaN is written as %s", b)
	}
}

func TestLookup(t *testing.T) {
	for _, e := range Exercises() {
		got, err := Lookup(e.Name)
		if err != nil || got.Name != e.Name || got.Template == "" || len(got.Funcs) == 0 || !strings.Contains(got.Answer, "(") {
			t.Errorf("Lookup(%q) = %+v, %v", e.Name, got, err)
		}
		for _, f := range e.Funcs {
			if !strings.Contains(e.Template, "func "+f+"(") || !strings.Contains(e.Answer, f) {
				t.Errorf("%s: the template or the answer call lacks func %s", e.Name, f)
			}
		}
	}
	if _, err := Lookup("nope"); err == nil || !strings.Contains(err.Error(), `no exercise "nope": the exercises are step, ujumps, runaway, jitters`) {
		t.Errorf("Lookup(nope): %v", err)
	}
}
