package exercise

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/gosnn/gosnn/snn"
)

// A Verdict is what a check tells the student: whether the answer is
// right and, when it is not, why.
type Verdict struct {
	OK  bool
	Why string
}

func (v Verdict) String() string {
	if v.OK {
		return "✔ right: " + v.Why
	}
	return "✘ not yet: " + v.Why
}

// Print prints the verdict on standard output (a notebook cell's output).
func (v Verdict) Print() { fmt.Println(v) }

// An Answer is what a student's code returned on an exercise's inputs,
// recorded so that it can be judged apart from the code: named lists of
// numbers (the meaning of each name is the exercise's). An answer with no
// values means the student has not written the code yet; Error says why
// the exercise itself could not run, if it could not.
type Answer struct {
	Exercise string            `json:"exercise"`
	Values   map[string]Floats `json:"values"`
	Error    string            `json:"error,omitempty"`
}

// Floats are numbers that keep NaN and infinities in JSON: finite values
// are JSON numbers (exactly, in Go's shortest round-trip form), the others
// the strings "NaN", "+Inf" and "-Inf".
type Floats []float64

// MarshalJSON writes the numbers as a JSON array.
func (f Floats) MarshalJSON() ([]byte, error) {
	b := []byte{'['}
	for k, x := range f {
		if k > 0 {
			b = append(b, ',')
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			b = strconv.AppendQuote(b, strconv.FormatFloat(x, 'g', -1, 64))
		} else {
			b = strconv.AppendFloat(b, x, 'g', -1, 64)
		}
	}
	return append(b, ']'), nil
}

// UnmarshalJSON reads an array written by MarshalJSON.
func (f *Floats) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	out := make(Floats, len(raw))
	for k, r := range raw {
		if len(r) > 0 && r[0] == '"' {
			var s string
			if err := json.Unmarshal(r, &s); err != nil {
				return err
			}
			switch s {
			case "NaN", "+Inf", "-Inf":
				out[k], _ = strconv.ParseFloat(s, 64)
			default:
				return fmt.Errorf("value %d is the string %q: want a number, \"NaN\", \"+Inf\" or \"-Inf\"", k, s)
			}
			continue
		}
		if err := json.Unmarshal(r, &out[k]); err != nil {
			return fmt.Errorf("value %d: %w", k, err)
		}
	}
	*f = out
	return nil
}

// AnswerFile is the name of the file that [Record] writes into the
// output folder.
const AnswerFile = "answer.json"

// MaxAnswerBytes is the largest answer file [ReadAnswer] reads: the
// largest answer (AnswerStep's, 21 000 numbers) takes about 500 kB.
const MaxAnswerBytes = 8 << 20

// Record writes the answer as JSON to AnswerFile in the output folder
// (snn.OutPath), for a grader to judge: "snn grade --exercise" ends each
// submission with Record(AnswerStep(step)) or the like.
func Record(a *Answer) error {
	if a == nil {
		return errors.New("exercise: record: nil answer")
	}
	return snn.WriteFile(snn.OutPath(AnswerFile), func(w io.Writer) error {
		return json.NewEncoder(w).Encode(a)
	})
}

// ReadAnswer reads an answer that [Record] wrote, of at most
// MaxAnswerBytes.
func ReadAnswer(r io.Reader) (*Answer, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxAnswerBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxAnswerBytes {
		return nil, fmt.Errorf("the answer is larger than %d bytes: no exercise's answer is", MaxAnswerBytes)
	}
	var a Answer
	if err := json.Unmarshal(b, &a); err != nil {
		return nil, fmt.Errorf("the answer is not an answer file: %w", err)
	}
	return &a, nil
}

// An Exercise is one exercise of the notebooks.
type Exercise struct {
	Name     string // short name: "step", "ujumps", "runaway", "jitters", "window"
	Notebook string // the notebook that sets it
	Title    string
	// Funcs are the functions a submission declares, and Template a Go
	// file that declares them, for the student to fill in.
	Funcs    []string
	Template string
	// Answer is the Go expression that records a submission's answer from
	// its functions, in package exercise: "AnswerStep(step)".
	Answer string
}

// Exercises returns the exercises of the notebooks, in their order.
func Exercises() []Exercise {
	return []Exercise{stepExercise, ujumpsExercise, runawayExercise, jittersExercise, windowExercise}
}

// Lookup returns the exercise with the given name.
func Lookup(name string) (Exercise, error) {
	var names []string
	for _, e := range Exercises() {
		if e.Name == name {
			return e, nil
		}
		names = append(names, e.Name)
	}
	return Exercise{}, fmt.Errorf("no exercise %q: the exercises are %s", name, strings.Join(names, ", "))
}

// Get returns the answer's values of the given name, which must number n
// (any number when n < 0).
func (a *Answer) Get(name string, n int) ([]float64, error) {
	x, ok := a.Values[name]
	switch {
	case !ok:
		return nil, fmt.Errorf("the answer has no values %q", name)
	case n >= 0 && len(x) != n:
		return nil, fmt.Errorf("the answer has %d values %q, want %d", len(x), name, n)
	}
	return x, nil
}

// set records values under a name.
func (a *Answer) set(name string, x []float64) {
	if a.Values == nil {
		a.Values = map[string]Floats{}
	}
	a.Values[name] = slices.Clone(x)
}
