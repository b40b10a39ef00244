package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/gosnn/gosnn/notebooks/exercise"
)

// solutionCells returns the teacher's solutions from the solutions
// notebook, as students would paste their cells: the code before the
// cell's "%%" line (its functions), for the exercise whose check the cell
// calls. Exercise 3's answer is two numbers; its cell is a sweep.
func solutionCells(t *testing.T) map[string]string {
	t.Helper()
	files, _ := filepath.Glob("../../../notebooks/*-solutions.ipynb")
	if len(files) != 1 {
		t.Fatalf("solutions notebooks: %v, want one", files)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Cells []struct {
			Type   string   `json:"cell_type"`
			Source []string `json:"source"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatalf("%s: %v", files[0], err)
	}
	checks := map[string]string{"nb.CheckStep(": "step", "nb.CheckUJumps(": "ujumps", "nb.CheckJitters(": "jitters", "nb.CheckWindow(": "window"}
	sols := map[string]string{"runaway": "func runaway() (wi, balance float64) { return 0.7, 130 }\n"}
	for _, c := range nb.Cells {
		src := strings.Join(c.Source, "")
		for call, name := range checks {
			if funcs, _, ok := strings.Cut(src, "\n%%"); c.Type == "code" && ok && strings.Contains(src, call) {
				sols[name] = funcs
			}
		}
	}
	if len(sols) != len(exercise.Exercises()) {
		t.Fatalf("%s: solutions of %d exercises found, want %d", files[0], len(sols), len(exercise.Exercises()))
	}
	return sols
}

// Every exercise's solution, pasted from the solutions notebook, is
// graded right and its template not yet, with the notebook's reasons.
func TestGradeNotebookExercises(t *testing.T) {
	solutions := solutionCells(t)
	for _, e := range exercise.Exercises() {
		subs := t.TempDir()
		os.WriteFile(filepath.Join(subs, "solution.go"), []byte(solutions[e.Name]), 0o644)
		os.WriteFile(filepath.Join(subs, "template.go"), []byte(e.Template), 0o644)
		code, rows, stderr := gradeWith(t, subs, "--exercise", e.Name, "--timeout", "60s")
		if code != 0 {
			t.Fatalf("%s: status %d, stderr %q", e.Name, code, stderr)
		}
		if r := rows["solution"]; len(r) < 4 || r[1] != "ok" || r[2] != "1" || !strings.HasPrefix(r[3], "✔ right") {
			t.Errorf("%s: the solution gets %q", e.Name, r)
		}
		if r := rows["template"]; len(r) < 4 || r[1] != "ok" || r[2] != "0" || !strings.HasPrefix(r[3], "✘ not yet") {
			t.Errorf("%s: the template gets %q", e.Name, r)
		}
	}
}

// Wrong, broken and hostile submissions of exercise 1: each gets the
// right status and a reason, none can pass without the right numbers.
func TestGradeExerciseHostile(t *testing.T) {
	subs := t.TempDir()
	for name, src := range map[string]string{
		"right": solutionCells(t)["step"],
		// A whole step instead of two half steps, copied from a cell.
		"wholestep": "func step(v, u, I float64, p snn.Params) (float64, float64, bool) {\n\tv += float64(0.04*float64(v*v)) + float64(5*v) + 140 - u + I\n\tu += float64(p.A * (float64(p.B*v) - u))\n\tif v >= snn.Threshold {\n\t\treturn p.C, u + p.D, true\n\t}\n\treturn v, u, false\n}\n",
		"signature": "package main\n\nfunc step(v, u, I float64) float64 { return v }\n",
		"missing":   "package main\n\nfunc stpe() {}\n",
		"withmain":  "package main\n\nfunc main() {}\n\nfunc step(v, u, I float64, p snn.Params) (float64, float64, bool) { return v, u, false }\n",
		"library":   "package snn\n\nfunc step() {}\n",
		"syntax":    "func step(v, u, I float64, p snn.Params) (float64, float64, bool) {\n\treturn v, u,\n}\n",
		"panics":    "func step(v, u, I float64, p snn.Params) (float64, float64, bool) { panic(\"boom\") }\n",
		"spins":     "func step(v, u, I float64, p snn.Params) (float64, float64, bool) {\n\tfor {\n\t}\n}\n",
		"nan":       "func step(v, u, I float64, p snn.Params) (float64, float64, bool) { return math.NaN(), math.Inf(1), false }\n",
		// Writes an answer to an easier exercise, then stops the program
		// before the grader's recorder runs.
		"otheranswer": "import \"io\"\n\nfunc step(v, u, I float64, p snn.Params) (float64, float64, bool) {\n\tsnn.WriteFile(snn.OutPath(\"answer.json\"), func(w io.Writer) error {\n\t\t_, err := io.WriteString(w, `{\"exercise\":\"runaway\",\"values\":{\"wi\":[0.7],\"balance\":[130]}}`)\n\t\treturn err\n\t})\n\tpanic(\"stop\")\n}\n",
		// Forges an answer to this exercise: without the right numbers.
		"forger": "import \"io\"\n\nfunc step(v, u, I float64, p snn.Params) (float64, float64, bool) {\n\tsnn.WriteFile(snn.OutPath(\"answer.json\"), func(w io.Writer) error {\n\t\t_, err := io.WriteString(w, `{\"exercise\":\"step\",\"values\":{\"RS.v\":[1]}}`)\n\t\treturn err\n\t})\n\tpanic(\"stop\")\n}\n",
		// An answer file too large to read.
		"huge": "import \"io\"\n\nfunc step(v, u, I float64, p snn.Params) (float64, float64, bool) {\n\tsnn.WriteFile(snn.OutPath(\"answer.json\"), func(w io.Writer) error {\n\t\tb := make([]byte, 1<<20)\n\t\tfor k := 0; k < 10; k++ {\n\t\t\tw.Write(b)\n\t\t}\n\t\treturn nil\n\t})\n\tpanic(\"stop\")\n}\n",
		// Reaches for the judge and its reference solutions, which
		// scripts cannot import.
		"judgeimport":   "import \"github.com/gosnn/gosnn/notebooks/exercise/check\"\n\nfunc step(v, u, I float64, p snn.Params) (float64, float64, bool) {\n\tcheck.Judge(\"step\", nil)\n\treturn v, u, false\n}\n",
		"judgecall":     "func step(v, u, I float64, p snn.Params) (float64, float64, bool) {\n\tsnngrade.Judge(nil)\n\treturn v, u, false\n}\n",
		"referencecall": "func keepD(p snn.Params, r float64) snn.Params { return nb.NoNegativeD(p, r) }\n\nfunc step(v, u, I float64, p snn.Params) (float64, float64, bool) { return v, u, false }\n",
		// Tries to mark itself right through the recorder's package.
		"selfjudge": "func step(v, u, I float64, p snn.Params) (float64, float64, bool) {\n\tsnngrade.Record(&snngrade.Answer{Exercise: \"step\", Values: map[string]snngrade.Floats{}})\n\tpanic(\"stop\")\n}\n",
	} {
		os.WriteFile(filepath.Join(subs, name+".go"), []byte(src), 0o644)
	}
	before := snapshot(t, subs)
	code, rows, stderr := gradeWith(t, subs, "--exercise", "step", "--timeout", "5s", "--jobs", "2")
	if code != 0 {
		t.Fatalf("status %d, stderr %q", code, stderr)
	}
	want := map[string][3]string{ // status, score, message substring
		"right":         {"ok", "1", "✔ right"},
		"wholestep":     {"ok", "0", "update v twice by half a step"},
		"signature":     {"compile error", "", "as type exercise.StepFunc"},
		"missing":       {"compile error", "", "no func step: exercise step needs func step"},
		"withmain":      {"compile error", "", "declares func main"},
		"library":       {"compile error", "", "package snn: a submission is package main"},
		"syntax":        {"compile error", "", "syntax.go:3:1: expected operand"},
		"panics":        {"failed check", "", "no answer recorded"},
		"spins":         {"timeout", "", "time limit of 5s"},
		"nan":           {"ok", "0", "v = NaN, u = +Inf"},
		"otheranswer":   {"ok", "0", `the answer is to exercise "runaway", not "step"`},
		"forger":        {"ok", "0", "incomplete"},
		"huge":          {"failed check", "", "larger than"},
		"selfjudge":     {"ok", "0", "write the step function first"},
		"judgeimport":   {"compile error", "", "is not allowed in --sandbox"},
		"judgecall":     {"compile error", "", "Judge"},
		"referencecall": {"compile error", "", "NoNegativeD"},
	}
	checkGradeRows(t, rows, want, subs, before)
}

// The grader reads only a regular answer file: not a link to a file
// elsewhere (which it would read with its own rights), nor a pipe, which
// would block it.
func TestReadAnswerRefuses(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(t.TempDir(), "secret.json")
	os.WriteFile(secret, []byte(`{"exercise":"runaway","values":{"wi":[0.7],"balance":[130]}}`), 0o600)
	link := filepath.Join(dir, "link")
	os.Mkdir(link, 0o755)
	os.Symlink(secret, filepath.Join(link, exercise.AnswerFile))
	fifo := filepath.Join(dir, "fifo")
	os.Mkdir(fifo, 0o755)
	if err := syscall.Mkfifo(filepath.Join(fifo, exercise.AnswerFile), 0o644); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "folder")
	os.MkdirAll(filepath.Join(folder, exercise.AnswerFile), 0o755)
	for _, out := range []string{link, fifo, folder} {
		if a, err := readAnswer(out); err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("%s: answer %v, error %v; want a refusal", filepath.Base(out), a, err)
		}
	}
	if _, err := readAnswer(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no answer recorded") {
		t.Errorf("no file: error %v", err)
	}
}

func TestGradeExerciseFlags(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		status int
		out    string
	}{
		{[]string{"--exercise", "jitters", "--template"}, 0, "func keepC(p snn.Params, r float64) snn.Params"},
		{[]string{"--exercise", "window", "--template"}, 0, "func window(s int) float64 {"},
		{[]string{"--template"}, 2, "--template needs --exercise NAME"},
		{[]string{"--exercise", "homework", "--template"}, 2, `no exercise "homework": the exercises are step, ujumps, runaway, jitters, window`},
		{[]string{"--exercise", "step", "--check", "c.go", "--submissions", ".", "--report", "r.csv"}, 2, "give --check or --exercise, not both"},
		{[]string{"--exercise", "step", "--report", "r.csv"}, 2, "--submissions, --check (or --exercise) and --report are required"},
	} {
		var o, e bytes.Buffer
		status := run(context.Background(), append([]string{"grade"}, tc.args...), &o, &e)
		if status != tc.status || !strings.Contains(o.String()+e.String(), tc.out) {
			t.Errorf("snn grade %q: status %d, output %q; want %d with %q", tc.args, status, o.String()+e.String(), tc.status, tc.out)
		}
	}
}

// Wrong, broken and hostile submissions of exercise 5 (the STDP window):
// the notebook's reasons for wrong windows, and no pass for a submission
// that reaches for the rule's parameters or forges its answer.
func TestGradeWindowHostile(t *testing.T) {
	subs := t.TempDir()
	for name, src := range map[string]string{
		"right": solutionCells(t)["window"],
		// Potentiates in the ms of the postsynaptic spike.
		"samems": "func window(s int) float64 {\n\tif s >= 0 {\n\t\treturn 0.1 * math.Pow(0.95, float64(s))\n\t}\n\treturn -0.12 * math.Pow(0.95, float64(-s))\n}\n",
		// A whole file with its own import of math.
		"onedecay":  "package main\n\nimport \"math\"\n\nfunc window(s int) float64 {\n\tif s >= 1 {\n\t\treturn 0.1 * math.Pow(0.95, float64(s))\n\t}\n\treturn -0.12 * math.Pow(0.95, float64(-s))\n}\n",
		"signature": "func window(s float64) float64 { return s }\n",
		"nan":       "func window(s int) float64 { return math.NaN() }\n",
		"panics":    "func window(s int) float64 { panic(\"boom\") }\n",
		"spins":     "func window(s int) float64 {\n\tfor {\n\t}\n}\n",
		// Calls nb's reference, which is not in the package scripts get.
		"reference": "func window(s int) float64 { return nb.STDPWindow(nb.PublishedSTDP(), s) }\n",
		// Forges an answer to this exercise without the rule's numbers.
		"forger": "import \"io\"\n\nfunc window(s int) float64 {\n\tsnn.WriteFile(snn.OutPath(\"answer.json\"), func(w io.Writer) error {\n\t\t_, err := io.WriteString(w, `{\"exercise\":\"window\",\"values\":{\"window\":[0.1]}}`)\n\t\treturn err\n\t})\n\tpanic(\"stop\")\n}\n",
	} {
		os.WriteFile(filepath.Join(subs, name+".go"), []byte(src), 0o644)
	}
	before := snapshot(t, subs)
	code, rows, stderr := gradeWith(t, subs, "--exercise", "window", "--timeout", "5s", "--jobs", "2")
	if code != 0 {
		t.Fatalf("status %d, stderr %q", code, stderr)
	}
	want := map[string][3]string{ // status, score, message substring
		"right":     {"ok", "1", "✔ right: your window is the rule's"},
		"samems":    {"ok", "0", "s = 0 ms: you give 0.1, the rule -0.12: look at the schedule of a millisecond"},
		"onedecay":  {"ok", "0", "s = 1 ms: you give 0.095, the rule 0.1: close"},
		"signature": {"compile error", "", "as type func(int) float64"},
		"nan":       {"ok", "0", "s = -40 ms: you give NaN"},
		"panics":    {"failed check", "", "no answer recorded"},
		"spins":     {"timeout", "", "time limit of 5s"},
		"reference": {"compile error", "", "STDPWindow"},
		"forger":    {"ok", "0", "incomplete"},
	}
	checkGradeRows(t, rows, want, subs, before)
}

// checkGradeRows checks the report's rows against want (status, score, a
// substring of the message, by submission) and that grading left the
// submissions folder subs as snapshot before.
func checkGradeRows(t *testing.T, rows map[string][]string, want map[string][3]string, subs string, before map[string]string) {
	t.Helper()
	for name, w := range want {
		r, ok := rows[name]
		if !ok {
			t.Errorf("%s: no row", name)
			continue
		}
		if r[1] != w[0] || r[2] != w[1] || !strings.Contains(r[3], w[2]) {
			t.Errorf("%s: %q; want status %q, score %q, with %q", name, r, w[0], w[1], w[2])
		}
	}
	if len(rows) != len(want) {
		t.Errorf("%d rows, want %d", len(rows), len(want))
	}
	if after := snapshot(t, subs); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Error("the submissions folder changed")
	}
}
