package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gosnn/gosnn/notebooks/exercise"
	"github.com/gosnn/gosnn/scripting"
	"github.com/gosnn/gosnn/snn"
)

const gradeUsage = `Usage: snn grade --submissions DIR --check CHECK.go --report report.csv [--jobs N] [--timeout D] [--work DIR]
       snn grade --submissions DIR --exercise NAME --report report.csv [flags]
       snn grade --exercise NAME --template

Grade runs every submission in DIR — a file NAME.go, or a folder NAME
holding main.go — as "snn run --sandbox" does, each in its own sandbox
with its own new output folder (DIR is only read), then runs the
teacher's check script on the files that run wrote, and writes one CSV
row per submission to the report:

	name, status, score, message, wall_seconds, peak_memory_mb

status is ok, failed check, compile error, refused, timeout, out of
memory or crashed. Only the check decides the score: the check is a Go
script run outside the sandbox (trusted), with snn.OutDir() set to the
submission's output folder and the submission's name as os.Args[1]; the
last line it prints is the score (a number); if it exits with a non-zero
status, the row says failed check with the last line of its standard
error. What a submission prints, and its exit status, never count.

With --exercise NAME instead of --check, grade uses the check of one of
the notebooks' exercises (step, ujumps, runaway, jitters, window; see
notebooks/README.md): each submission declares the exercise's functions
(a Go file of package main, or the functions as in the notebook's cell;
--template prints the file to fill in), grade adds a main that calls
them on the exercise's inputs and records what they return, runs that in
the sandbox, and judges the recorded answer itself: score 1 when it is
right, 0 when not yet, with the check's reason as the message.

The output folders and each submission's printed output (NAME.log) stay
in the work folder (--work, by default a new folder in the system's
temporary directory), which grade prints at the end.

Flags:
`

// Grading statuses, the report's second column.
const (
	statusOK        = "ok"
	statusFailed    = "failed check"
	statusCompile   = "compile error"
	statusRefused   = "refused"
	statusTimeout   = "timeout"
	statusOOM       = "out of memory"
	statusCrashed   = "crashed"
	maxMessageBytes = 300
)

type submission struct {
	name, file string
	// refused, if set, says why the submission is not run.
	refused string
}

type gradeRow struct {
	name, status, score, message string
	wall                         time.Duration
	peak                         int64
}

func gradeCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("grade", flag.ContinueOnError)
	fs.SetOutput(stderr)
	subs := fs.String("submissions", "", "folder of submissions: NAME.go files or NAME/main.go folders")
	check := fs.String("check", "", "the teacher's check script (Go), run outside the sandbox on each submission's output folder")
	exName := fs.String("exercise", "", "grade a notebook exercise with its own check instead of --check: step, ujumps, runaway or jitters")
	template := fs.Bool("template", false, "with --exercise: print the file a student fills in, and exit")
	report := fs.String("report", "", "CSV file to write, one row per submission")
	jobs := fs.Int("jobs", max(1, runtime.NumCPU()/2), "submissions graded at once")
	timeout := fs.Duration("timeout", scripting.SandboxLimits.Time, "time limit of each submission")
	memory := fs.Int64("memory", scripting.SandboxLimits.Memory>>20, "memory limit of each submission, MiB")
	checkTimeout := fs.Duration("check-timeout", time.Minute, "time limit of the check on one submission")
	work := fs.String("work", "", "folder for the output folders and logs (new or empty; default: a new temporary folder)")
	weak := fs.Bool("weak-sandbox", false, "run even where the operating system cannot isolate submissions (NOT a security boundary; see snn run --help)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), gradeUsage)
		fs.PrintDefaults()
	}
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	var ex *exercise.Exercise
	if *exName != "" {
		e, err := exercise.Lookup(*exName)
		if err != nil {
			fmt.Fprintf(stderr, "snn grade: --exercise: %v\n", err)
			return 2
		}
		ex = &e
	}
	switch {
	case *template && ex == nil:
		fmt.Fprintln(stderr, "snn grade: --template needs --exercise NAME (step, ujumps, runaway, jitters or window)")
		return 2
	case *template:
		fmt.Fprint(stdout, ex.Template)
		return 0
	case *check != "" && ex != nil:
		fmt.Fprintln(stderr, "snn grade: give --check or --exercise, not both")
		return 2
	case *subs == "" || (*check == "" && ex == nil) || *report == "":
		fmt.Fprintln(stderr, "snn grade: --submissions, --check (or --exercise) and --report are required")
		fs.Usage()
		return 2
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "snn grade: unexpected arguments %q\n", fs.Args())
		return 2
	case *jobs < 1 || *timeout <= 0 || *memory <= 0 || *checkTimeout <= 0:
		fmt.Fprintln(stderr, "snn grade: --jobs, --timeout, --memory and --check-timeout must be positive")
		return 2
	}
	var checkSrc []byte
	if ex == nil {
		var err error
		if checkSrc, err = os.ReadFile(*check); err != nil {
			fmt.Fprintf(stderr, "snn grade: --check: %v\n", err)
			return 1
		}
	}
	list, err := findSubmissions(*subs)
	if err != nil {
		fmt.Fprintf(stderr, "snn grade: %v\n", err)
		return 1
	}
	if *work == "" {
		if *work, err = os.MkdirTemp("", "snn-grade-"); err != nil {
			fmt.Fprintf(stderr, "snn grade: %v\n", err)
			return 1
		}
	} else if err := os.MkdirAll(*work, 0o755); err != nil {
		fmt.Fprintf(stderr, "snn grade: --work: %v\n", err)
		return 1
	} else if e, _ := os.ReadDir(*work); len(e) > 0 {
		fmt.Fprintf(stderr, "snn grade: --work %s is not empty: give a new or empty folder\n", *work)
		return 1
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "snn grade: %v\n", err)
		return 1
	}

	g := &grader{exe: exe, check: *check, checkSrc: checkSrc, exercise: ex, work: *work, weak: *weak, checkTimeout: *checkTimeout}
	g.lim = scripting.SandboxLimits
	g.lim.Time, g.lim.Memory, g.lim.Output = *timeout, *memory<<20, 1<<20
	rows := make([]gradeRow, len(list))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < *jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				rows[k] = g.grade(ctx, list[k])
			}
		}()
	}
	for k := range list {
		if ctx.Err() != nil {
			break
		}
		next <- k
	}
	close(next)
	wg.Wait()
	if ctx.Err() != nil {
		fmt.Fprintln(stderr, "snn grade: interrupted; no report written")
		return 130
	}
	if err := writeReport(*report, rows); err != nil {
		fmt.Fprintf(stderr, "snn grade: %v\n", err)
		return 1
	}
	counts := map[string]int{}
	for _, r := range rows {
		counts[r.status]++
	}
	var parts []string
	for _, s := range []string{statusOK, statusFailed, statusCompile, statusRefused, statusTimeout, statusOOM, statusCrashed} {
		if counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
		}
	}
	fmt.Fprintf(stdout, "snn grade: %d submissions: %s; report %s; output folders and logs in %s\n", len(rows), strings.Join(parts, ", "), *report, *work)
	return 0
}

// findSubmissions lists NAME.go files and NAME/main.go folders in dir, by
// name.
func findSubmissions(dir string) ([]submission, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("--submissions: %w", err)
	}
	var list []submission
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		switch {
		case e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".go"):
			list = append(list, submission{name: strings.TrimSuffix(e.Name(), ".go"), file: p})
		case e.Type()&os.ModeSymlink != 0:
			// A link could make the grader read any file as a script.
			list = append(list, submission{name: strings.TrimSuffix(e.Name(), ".go"), refused: "the submission is a symbolic link; submit the file itself"})
		case e.IsDir():
			main := filepath.Join(p, "main.go")
			if fi, err := os.Lstat(main); err == nil && fi.Mode().IsRegular() {
				list = append(list, submission{name: e.Name(), file: main})
			} else if err == nil {
				list = append(list, submission{name: e.Name(), refused: "main.go is not a regular file"})
			} else {
				list = append(list, submission{name: e.Name(), refused: "the folder holds no main.go"})
			}
		}
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("--submissions %s holds no NAME.go file or NAME/main.go folder", dir)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].name < list[j].name })
	return list, nil
}

type grader struct {
	exe, check, work string
	checkSrc         []byte
	exercise         *exercise.Exercise // with --exercise, instead of check
	weak             bool
	lim              scripting.Limits
	checkTimeout     time.Duration
}

// grade runs one submission in the sandbox, then the check on its files.
func (g *grader) grade(ctx context.Context, s submission) gradeRow {
	row := gradeRow{name: s.name, peak: -1}
	if s.refused != "" {
		row.status, row.message = statusRefused, s.refused
		return row
	}
	src, err := os.ReadFile(s.file)
	if err != nil {
		row.status, row.message = statusRefused, err.Error()
		return row
	}
	if g.exercise != nil {
		if src, err = exerciseProgram(*g.exercise, s.file, src); err != nil {
			row.status, row.message = statusCompile, err.Error()
			return row
		}
	}
	// Each run gets a new folder: the name is the submission's, with a
	// sequence number in front so that no name can collide or climb out.
	out := filepath.Join(g.work, "out", s.name)
	os.MkdirAll(filepath.Dir(out), 0o755)
	var log bytes.Buffer
	usage, err := scripting.RunIsolated(ctx, g.exe, s.file, src,
		scripting.Options{Sandbox: true, WeakSandbox: g.weak, OutDir: out, Stdin: bytes.NewReader(nil), Stdout: &log, Stderr: &log}, g.lim)
	row.wall, row.peak = usage.Wall, usage.PeakMemory
	os.WriteFile(filepath.Join(g.work, s.name+".log"), log.Bytes(), 0o644)
	var se *scripting.StopError
	var ee *scripting.ExitError
	var list scripting.ErrorList
	switch {
	case errors.As(err, &list):
		row.status, row.message = statusCompile, list[0].Error()
		return row
	case errors.As(err, &ee) && ee.Compile:
		row.status, row.message = statusCompile, firstLine(log.String())
		return row
	case errors.As(err, &se):
		row.message = se.Msg
		switch se.Reason {
		case scripting.TimeLimit:
			row.status = statusTimeout
		case scripting.MemoryLimit:
			row.status = statusOOM
		case scripting.Refused:
			row.status = statusRefused
		default:
			row.status = statusCrashed
		}
		return row
	case err != nil && !errors.As(err, &ee):
		// An error of the script's own (a panic): its files may still
		// be right; the check decides.
		var e *scripting.Error
		if !errors.As(err, &e) {
			row.status, row.message = statusCrashed, err.Error()
			return row
		}
	}
	if g.exercise != nil {
		return g.judgeExercise(s, out, log.Bytes(), row)
	}
	return g.runCheck(ctx, s, out, row)
}

// runCheck runs the teacher's check on the submission's output folder.
func (g *grader) runCheck(ctx context.Context, s submission, out string, row gradeRow) gradeRow {
	var o, e bytes.Buffer
	_, err := scripting.RunIsolated(ctx, g.exe, g.check, g.checkSrc,
		scripting.Options{OutDir: out, Args: []string{s.name}, Stdin: bytes.NewReader(nil), Stdout: &o, Stderr: &e},
		scripting.Limits{Time: g.checkTimeout})
	if err != nil {
		msg := lastLine(e.String())
		if msg == "" {
			msg = err.Error()
		}
		row.status, row.message = statusFailed, msg
		return row
	}
	last := lastLine(o.String())
	if _, perr := strconv.ParseFloat(last, 64); perr != nil {
		row.status, row.message = statusFailed, fmt.Sprintf("the check's last line %q is not a score (a number)", last)
		return row
	}
	row.status, row.score = statusOK, last
	return row
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return strings.TrimSpace(s)
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// cell makes text from a submission safe in a spreadsheet: no control
// characters, bounded length, and no leading =, +, - or @ that a
// spreadsheet would run as a formula.
func cell(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
	if len(s) > maxMessageBytes {
		s = s[:maxMessageBytes] + "…"
	}
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		s = "'" + s
	}
	return s
}

func writeReport(path string, rows []gradeRow) error {
	err := snn.WriteFile(path, func(out io.Writer) error {
		w := csv.NewWriter(out)
		w.Write([]string{"name", "status", "score", "message", "wall_seconds", "peak_memory_mb"})
		for _, r := range rows {
			peak := ""
			if r.peak >= 0 {
				peak = strconv.FormatFloat(float64(r.peak)/(1<<20), 'f', 1, 64)
			}
			w.Write([]string{cell(r.name), r.status, r.score, cell(r.message), strconv.FormatFloat(r.wall.Seconds(), 'f', 2, 64), peak})
		}
		w.Flush()
		return w.Error()
	})
	if err != nil {
		return fmt.Errorf("--report: %w", err)
	}
	return nil
}
