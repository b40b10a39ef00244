package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// gradeRun runs "snn grade" in this process and returns the status, the
// report's rows by name and stderr.
func gradeRun(t *testing.T, subs, check string, flags ...string) (int, map[string][]string, string) {
	t.Helper()
	return gradeWith(t, subs, append([]string{"--check", check}, flags...)...)
}

// gradeWith runs "snn grade" on subs with flags (which say how to check)
// and returns the status, the report's rows by name and stderr.
func gradeWith(t *testing.T, subs string, flags ...string) (int, map[string][]string, string) {
	t.Helper()
	report := filepath.Join(t.TempDir(), "report.csv")
	var o, e bytes.Buffer
	code := run(context.Background(), append([]string{"grade", "--submissions", subs, "--report", report, "--work", filepath.Join(t.TempDir(), "work")}, flags...), &o, &e)
	rows := map[string][]string{}
	if b, err := os.ReadFile(report); err == nil {
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatalf("report: %v", err)
		}
		if strings.Join(recs[0], ",") != "name,status,score,message,wall_seconds,peak_memory_mb" {
			t.Errorf("header %v", recs[0])
		}
		for _, r := range recs[1:] {
			rows[r[0]] = r
		}
	}
	return code, rows, e.String()
}

// TestGradeExercise grades honest and hostile submissions of the course
// exercise with the shipped check.
func TestGradeExercise(t *testing.T) {
	subs := t.TempDir()
	copyFile := func(from, to string) {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(to), 0o755)
		os.WriteFile(to, b, 0o644)
	}
	copyFile("../../testdata/exercise_solution.go", filepath.Join(subs, "alice", "main.go"))
	copyFile("../../examples/exercise/main.go", filepath.Join(subs, "bob.go"))
	hostile := map[string]string{
		// Prints a perfect result and imitates the grader; writes nothing.
		"forger": "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"all checks passed: your model is the Izhikevich neuron\")\n\tfmt.Println(\"snn run: score 1\")\n\tfmt.Println(\"1\")\n}\n",
		// Writes a wrong file and claims success.
		"liar":   "package main\n\nimport (\n\t\"io\"\n\n\t\"github.com/gosnn/gosnn/snn\"\n)\n\nfunc main() {\n\tsnn.WriteFile(snn.OutPath(\"exercise.csv\"), func(w io.Writer) error {\n\t\t_, err := io.WriteString(w, \"t,neuron,v,u,fired\\n=cmd|' /C calc'!A0\\n\")\n\t\treturn err\n\t})\n}\n",
		"broken": "package main\n\nfunc main() {\n\tx :=\n}\n",
		"typo":   "package main\n\nfunc main() {\n\tundefinedThing()\n}\n",
		"hog":    "package main\n\nfunc main() {\n\tvar keep [][]byte\n\tfor {\n\t\tb := make([]byte, 16<<20)\n\t\tfor i := 0; i < len(b); i += 4096 {\n\t\t\tb[i] = 1\n\t\t}\n\t\tkeep = append(keep, b)\n\t}\n}\n",
		"bomb":   "package main\n\nimport (\n\t\"fmt\"\n\t\"io\"\n\n\t\"github.com/gosnn/gosnn/snn\"\n)\n\nfunc main() {\n\tfor i := 0; ; i++ {\n\t\tsnn.WriteFile(snn.OutPath(fmt.Sprint(i)), func(w io.Writer) error { return nil })\n\t}\n}\n",
		// Tries to change the submissions folder and other students' files.
		"vandal": "package main\n\nimport (\n\t\"fmt\"\n\t\"io\"\n\n\t\"github.com/gosnn/gosnn/snn\"\n)\n\nfunc main() {\n\tfmt.Println(snn.WriteFile(\"" + filepath.Join(subs, "bob.go") + "\", func(w io.Writer) error { return nil }))\n\tfmt.Println(snn.WriteFile(snn.OutPath(\"../alice/exercise.csv\"), func(w io.Writer) error { return nil }))\n\tpanic(\"os.Exit(0)\")\n}\n",
	}
	for name, src := range hostile {
		os.WriteFile(filepath.Join(subs, name+".go"), []byte(src), 0o644)
	}
	os.Symlink("/etc/shadow", filepath.Join(subs, "linker.go"))
	os.Mkdir(filepath.Join(subs, "empty"), 0o755)
	before := snapshot(t, subs)
	code, rows, stderr := gradeRun(t, subs, "../../examples/exercise/check/check.go", "--timeout", "20s", "--memory", "200", "--jobs", "2")
	if code != 0 {
		t.Fatalf("status %d, stderr %q", code, stderr)
	}
	want := map[string][2]string{ // status, score or message substring
		"alice":  {"ok", "1"},
		"bob":    {"ok", "0"},
		"forger": {"failed check", "the submission did not write exercise.csv"},
		"liar":   {"failed check", "exercise.csv: line 2: want 5 fields"},
		"broken": {"compile error", "broken.go:5:1: expected operand"},
		"typo":   {"compile error", "typo.go:4:2: undefined: undefinedThing"},
		"hog":    {"out of memory", "memory limit of 200 MiB"},
		"bomb":   {"crashed", "created more than 1000 files"},
		"vandal": {"failed check", "the submission did not write exercise.csv"},
		"linker": {"refused", "the submission is a symbolic link"},
		"empty":  {"refused", "the folder holds no main.go"},
	}
	for name, w := range want {
		r, ok := rows[name]
		if !ok {
			t.Errorf("%s: no row", name)
			continue
		}
		if r[1] != w[0] || (r[2] != w[1] && !strings.Contains(r[3], w[1])) {
			t.Errorf("%s: %q; want status %q with %q", name, r, w[0], w[1])
		}
		if wall, err := strconv.ParseFloat(r[4], 64); err != nil || wall < 0 {
			t.Errorf("%s: wall time %q", name, r[4])
		}
	}
	if len(rows) != len(want) {
		t.Errorf("%d rows, want %d", len(rows), len(want))
	}
	if r := rows["hog"]; len(r) == 6 {
		if peak, err := strconv.ParseFloat(r[5], 64); err != nil || peak < 150 || peak > 201 {
			t.Errorf("hog's peak memory %q MB, want about the 200 MB limit", r[5])
		}
	}
	after := snapshot(t, subs)
	if fmt.Sprint(after) != fmt.Sprint(before) {
		t.Error("the submissions folder changed")
	}
}

func TestReportCell(t *testing.T) {
	for in, want := range map[string]string{
		"alice":                  "alice",
		"=HYPERLINK(\"x\")":      "'=HYPERLINK(\"x\")",
		"-1+2":                   "'-1+2",
		"a\x1b[2Jb\nc":           "a [2Jb c",
		strings.Repeat("x", 400): strings.Repeat("x", 300) + "…",
	} {
		if got := cell(in); got != want {
			t.Errorf("cell(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestGradeMany grades 100 small submissions, a tenth of them sleeping
// past the time limit, with a trivial check: every row must be there and
// right, each within its limits, and nothing may be left behind.
func TestGradeMany(t *testing.T) {
	if testing.Short() {
		t.Skip("grades 100 submissions")
	}
	subs := t.TempDir()
	for i := 0; i < 100; i++ {
		src := fmt.Sprintf("package main\n\nimport (\n\t\"io\"\n\n\t\"github.com/gosnn/gosnn/snn\"\n)\n\nfunc main() {\n\tsnn.WriteFile(snn.OutPath(\"answer.txt\"), func(w io.Writer) error {\n\t\t_, err := io.WriteString(w, \"%d\")\n\t\treturn err\n\t})\n}\n", i)
		if i%10 == 9 {
			src = "package main\n\nimport \"time\"\n\nfunc main() {\n\ttime.Sleep(time.Hour)\n}\n"
		}
		os.WriteFile(filepath.Join(subs, fmt.Sprintf("s%03d.go", i)), []byte(src), 0o644)
	}
	check := filepath.Join(t.TempDir(), "check.go")
	os.WriteFile(check, []byte("package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n\t\"github.com/gosnn/gosnn/snn\"\n)\n\nfunc main() {\n\tb, err := os.ReadFile(snn.OutPath(\"answer.txt\"))\n\tif err != nil {\n\t\tfmt.Fprintln(os.Stderr, \"no answer\")\n\t\tos.Exit(1)\n\t}\n\tfmt.Println(len(b))\n}\n"), 0o644)
	cgroups := func() int {
		// Only this process's: other test binaries may be running.
		pattern := fmt.Sprintf("snn-script-%d-*", os.Getpid())
		m, _ := filepath.Glob("/sys/fs/cgroup/*/" + pattern)
		n, _ := filepath.Glob("/sys/fs/cgroup/*/*/" + pattern)
		o, _ := filepath.Glob("/sys/fs/cgroup/*/*/*/" + pattern)
		return len(m) + len(n) + len(o)
	}
	before := cgroups()
	code, rows, stderr := gradeRun(t, subs, check, "--timeout", "1s", "--jobs", "4", "--memory", "256")
	if code != 0 || len(rows) != 100 {
		t.Fatalf("status %d, %d rows, stderr %q", code, len(rows), stderr)
	}
	for i := 0; i < 100; i++ {
		r := rows[fmt.Sprintf("s%03d", i)]
		want := []string{"ok", fmt.Sprint(len(fmt.Sprint(i)))}
		if i%10 == 9 {
			want = []string{"timeout", ""}
		}
		if r[1] != want[0] || r[2] != want[1] {
			t.Errorf("s%03d: %q, want %q", i, r, want)
		}
		if wall, _ := strconv.ParseFloat(r[4], 64); wall > 10 {
			t.Errorf("s%03d: wall time %v s, beyond its 1 s limit", i, wall)
		}
		if peak, err := strconv.ParseFloat(r[5], 64); err == nil && peak > 256 {
			t.Errorf("s%03d: peak %v MB, beyond its 256 MB limit", i, peak)
		}
	}
	if n := cgroups(); n != before {
		t.Errorf("%d memory cgroups left behind", n-before)
	}
}
