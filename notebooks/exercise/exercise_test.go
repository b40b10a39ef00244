package exercise

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

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
	if _, err := Lookup("nope"); err == nil || !strings.Contains(err.Error(), `no exercise "nope": the exercises are step, ujumps, runaway, jitters, window`) {
		t.Errorf("Lookup(nope): %v", err)
	}
}
