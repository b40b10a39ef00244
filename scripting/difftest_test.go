package scripting

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// The differential harness runs each program of a set both ways — with
// the interpreter (Run, a fresh interpreter per program, in this process)
// and compiled by the Go toolchain — and compares standard output and exit
// status. A program either prints exactly what its native build prints
// and ends with the same status, or the interpreter refuses it before it
// runs (an ErrorList, nothing on standard output). Anything else is a
// silent difference, the thing this harness exists to find.
//
// Natively, the programs are not built one by one (a go build costs about
// a second): every program of a set becomes a package of one generated
// module, its main renamed, and one binary dispatches to the program named
// by its first argument. A program whose native build fails is not a test
// case; it is dropped (and reported) and the binary rebuilt without it.

// A diffProg is one program of the harness.
type diffProg struct {
	name string // file name, as the interpreter reports it
	src  []byte
	// refused, if not empty, says that the interpreter must refuse the
	// program with a message containing it.
	refused string
}

// A diffResult is how one run of a program ended.
type diffResult struct {
	stdout  string
	stderr  string
	status  int
	refused bool // interpreted only: refused before running
	err     error
}

// loadCorpus reads testdata/difftest/*.txt: each file holds programs, each
// after a line "-- name.go --". A program whose first line is
// "// difftest: refused SUBSTRING" must be refused with a message that
// contains SUBSTRING.
func loadCorpus(t testing.TB) []diffProg {
	t.Helper()
	files, err := filepath.Glob("testdata/difftest/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus in testdata/difftest: %v", err)
	}
	var progs []diffProg
	seen := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range splitArchive(b) {
			if prev, ok := seen[p.name]; ok {
				t.Fatalf("%s: program %s is already in %s", f, p.name, prev)
			}
			seen[p.name] = f
			if m := refusedDirective.FindSubmatch(p.src); m != nil {
				p.refused = string(bytes.TrimSpace(m[1]))
			}
			progs = append(progs, p)
		}
	}
	return progs
}

var (
	archiveHeader    = regexp.MustCompile(`(?m)^-- (\S+\.go) --\n`)
	refusedDirective = regexp.MustCompile(`(?m)^// difftest: refused (.*)$`)
)

// splitArchive splits a txtar-like archive into its files.
func splitArchive(b []byte) []diffProg {
	var progs []diffProg
	idx := archiveHeader.FindAllSubmatchIndex(b, -1)
	for k, m := range idx {
		end := len(b)
		if k+1 < len(idx) {
			end = idx[k+1][0]
		}
		progs = append(progs, diffProg{name: string(b[m[2]:m[3]]), src: b[m[1]:end]})
	}
	return progs
}

// interpret runs p with a fresh interpreter.
func interpret(p diffProg, timeout time.Duration) diffResult {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var o, e bytes.Buffer
	err := Run(ctx, p.name, p.src, Options{Stdout: &o, Stderr: &e, OutDir: os.TempDir() + "/difftest-out"})
	r := diffResult{stdout: o.String(), stderr: e.String(), err: err}
	var ee *ExitError
	var l ErrorList
	var se *Error
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.status = ee.Code
	case errors.As(err, &l):
		r.refused, r.status = true, 1
	case errors.As(err, &se) && se.Panic:
		r.status = 2
	default:
		r.status = -1
	}
	return r
}

// A nativeBatch is one binary that runs every program of a set.
type nativeBatch struct {
	exe     string
	dropped map[string]string // program name → why its native build failed
}

// mainRenamed is what main becomes in a batched program.
const mainRenamed = "DifftestMain"

// buildBatch builds the programs into one binary in dir. Programs become
// packages of a generated module, with main renamed; with group > 1,
// group programs share a package, one file each, their top-level names
// made distinct (see renameMain). Programs whose build fails are dropped.
func buildBatch(t testing.TB, dir string, progs []diffProg, group int) *nativeBatch {
	t.Helper()
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	if group < 1 {
		group = 1
	}
	b := &nativeBatch{exe: filepath.Join(dir, "difftest"), dropped: map[string]string{}}
	mainOf := map[string]string{} // program name → its main, pkg.Func
	fileOf := map[string]string{} // file → program name
	for k, p := range progs {
		pkg := fmt.Sprintf("p%04d", k/group)
		file := filepath.Join(pkg, fmt.Sprintf("prog%05d.go", k))
		suffix := ""
		if group > 1 {
			suffix = fmt.Sprintf("_%d", k)
		}
		src, err := renameMain(p.src, pkg, suffix)
		if err != nil {
			b.dropped[p.name] = err.Error()
			continue
		}
		mainOf[p.name] = pkg + "." + mainRenamed + suffix
		fileOf[file] = p.name
		if err := os.MkdirAll(filepath.Join(dir, pkg), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, file), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mod := fmt.Sprintf("module difftest\n\ngo 1.26\n\nrequire %s v0.0.0\n\nreplace %s => %s\n", modulePath, modulePath, root)
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644)
	if sum, err := os.ReadFile(filepath.Join(root, "go.sum")); err == nil {
		os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644)
	}
	failed := regexp.MustCompile(`(?m)^(?:\./)?(p\d{4}/prog\d{5}\.go):\d+:\d+: (.*)$`)
	for attempt := 0; ; attempt++ {
		writeDispatcher(t, dir, mainOf)
		cmd := exec.Command("go", "build", "-gcflags=-e", "-trimpath", "-o", b.exe, ".")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
		out, err := cmd.CombinedOutput()
		if err == nil {
			return b
		}
		ms := failed.FindAllSubmatch(out, -1)
		if len(ms) == 0 || attempt > 10 {
			t.Fatalf("native build of the difftest programs: %v\n%s", err, out)
		}
		for _, m := range ms {
			file := string(m[1])
			if name, ok := fileOf[file]; ok {
				b.dropped[name] = string(m[2])
				delete(mainOf, name)
				delete(fileOf, file)
				os.Remove(filepath.Join(dir, file))
			}
		}
	}
}

func writeDispatcher(t testing.TB, dir string, mainOf map[string]string) {
	var names []string
	pkgs := map[string]bool{}
	for name, m := range mainOf {
		names = append(names, name)
		pkgs[strings.Split(m, ".")[0]] = true
	}
	sort.Strings(names)
	var s strings.Builder
	s.WriteString("package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n")
	for p := range pkgs {
		fmt.Fprintf(&s, "\t%q\n", "difftest/"+p)
	}
	s.WriteString(")\n\nfunc main() {\n\tname := os.Args[1]\n\t// The program sees os.Args as the interpreter gives it.\n\tos.Args = append([]string{name}, os.Args[2:]...)\n\tswitch name {\n")
	for _, n := range names {
		fmt.Fprintf(&s, "\tcase %q:\n\t\t%s()\n", n, mainOf[n])
	}
	s.WriteString("\tdefault:\n\t\tfmt.Fprintln(os.Stderr, \"no program\", name)\n\t\tos.Exit(99)\n\t}\n}\n")
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(s.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// renameMain turns a main package into package pkg with main renamed,
// and, if suffix is not empty, every top-level name and each identifier
// spelled the same (but not selectors' names or composite literal keys)
// with suffix appended, so that programs can share a package. That keeps
// the meaning of a program whose top-level names are not also field or
// method names, as in the generated programs.
func renameMain(src []byte, pkg, suffix string) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "prog.go", src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	if f.Name.Name != "main" {
		return nil, fmt.Errorf("package %s, not main", f.Name.Name)
	}
	f.Name.Name = pkg
	top := map[string]bool{}
	found := false
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name == "main" {
				d.Name.Name = mainRenamed
				found = true
			} else if d.Recv == nil && d.Name.Name != "init" {
				top[d.Name.Name] = true
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					top[s.Name.Name] = true
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.Name != "_" {
							top[n.Name] = true
						}
					}
				}
			}
		}
	}
	if !found {
		return nil, fmt.Errorf("no func main")
	}
	if suffix != "" {
		skip := map[*ast.Ident]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				skip[n.Sel] = true
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok {
					skip[id] = true
				}
			case *ast.Field:
				for _, id := range n.Names {
					skip[id] = true
				}
			case *ast.FuncDecl:
				if n.Recv != nil {
					skip[n.Name] = true
				}
			case *ast.Ident:
				if n.Name == mainRenamed || top[n.Name] && !skip[n] {
					n.Name += suffix
				}
			}
			return true
		})
	}
	var b bytes.Buffer
	if err := format.Node(&b, fset, f); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// run runs the program name of the batch.
func (b *nativeBatch) run(name string, timeout time.Duration) diffResult {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var o, e bytes.Buffer
	cmd := exec.CommandContext(ctx, b.exe, name)
	cmd.Stdout, cmd.Stderr = &o, &e
	cmd.Env = append(os.Environ(), "SNN_OUT="+os.TempDir()+"/difftest-out", "GOTRACEBACK=single")
	err := cmd.Run()
	r := diffResult{stdout: o.String(), stderr: e.String(), err: err}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		r.status = ee.ExitCode()
	} else if err != nil {
		r.status = -1
	}
	return r
}

// A diffOutcome is the comparison of one program's two runs.
type diffOutcome struct {
	prog         diffProg
	interp, nat  diffResult
	skipped      string // why the program is not a test case
	problem      string // a silent difference or a wrong refusal; "" if none
	refusedFirst string // the first line of a refusal
}

// diffRun runs every program both ways, with up to GOMAXPROCS programs at
// a time, and compares them.
func diffRun(t testing.TB, progs []diffProg, group int) []diffOutcome {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command for the native builds")
	}
	start := time.Now()
	b := buildBatch(t, t.TempDir(), progs, group)
	t.Logf("native batch of %d programs built in %v", len(progs), time.Since(start).Round(time.Millisecond))
	start = time.Now()
	outs := make([]diffOutcome, len(progs))
	var wg sync.WaitGroup
	work := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range work {
				outs[k] = compareOne(progs[k], b)
			}
		}()
	}
	for k := range progs {
		work <- k
	}
	close(work)
	wg.Wait()
	t.Logf("%d programs run both ways in %v", len(progs), time.Since(start).Round(time.Millisecond))
	return outs
}

func compareOne(p diffProg, b *nativeBatch) diffOutcome {
	o := diffOutcome{prog: p}
	if why, ok := b.dropped[p.name]; ok {
		o.skipped = "native build fails: " + why
		return o
	}
	o.nat = b.run(p.name, 20*time.Second)
	o.interp = interpret(p, 20*time.Second)
	switch {
	case o.interp.refused:
		o.refusedFirst = strings.SplitN(o.interp.err.Error(), "\n", 2)[0]
		if o.interp.stdout != "" {
			o.problem = "refused after printing to standard output"
		} else if p.refused == "" {
			// Refusing is allowed, not silent; the caller decides
			// whether it was expected.
		} else if !strings.Contains(o.interp.err.Error(), p.refused) {
			o.problem = fmt.Sprintf("refused, but the message does not contain %q", p.refused)
		}
	case p.refused != "":
		o.problem = fmt.Sprintf("ran, but must be refused with %q", p.refused)
	case o.interp.stdout != o.nat.stdout || o.interp.status != o.nat.status:
		o.problem = "silent difference"
	case o.nat.status == 2:
		// Both panicked: the interpreted error's message is the first
		// line of Go's panic report ("panic: runtime error: index out
		// of range [5] with length 3"), after the script position and
		// before the script functions the interpreter names.
		want := goPanic(o.nat.stderr)
		var se *Error
		if want != "" && (!errors.As(o.interp.err, &se) || !strings.HasPrefix(se.Msg, want) || !strings.HasPrefix(se.Msg[len(want):]+" (", " (")) {
			o.problem = fmt.Sprintf("the panic message is not Go's %q", want)
		}
	}
	return o
}

// report fails t for every problem and returns the number refused.
func reportOutcomes(t *testing.T, outs []diffOutcome, allowRefusal bool) (ran, refused, skipped int) {
	t.Helper()
	for _, o := range outs {
		switch {
		case o.skipped != "":
			skipped++
			continue
		case o.interp.refused:
			refused++
			if !allowRefusal && o.prog.refused == "" && o.problem == "" {
				o.problem = "refused, but the corpus says it must run: " + o.refusedFirst
			}
		case o.problem == "":
			ran++
		}
		if o.problem == "silent difference" {
			o.problem += firstDifference(o.interp.stdout, o.nat.stdout)
		}
		if o.problem != "" {
			t.Errorf("%s: %s\n--- interpreted (status %d, err %v):\n%s%s--- native (status %d):\n%s%s--- source:\n%s",
				o.prog.name, o.problem, o.interp.status, o.interp.err, o.interp.stdout, o.interp.stderr,
				o.nat.status, o.nat.stdout, firstLines(o.nat.stderr, 3), o.prog.src)
		}
	}
	return
}

// firstDifference says where two outputs start to differ.
func firstDifference(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for k := 0; k < len(la) && k < len(lb); k++ {
		if la[k] != lb[k] {
			return fmt.Sprintf(" from output line %d: interpreted %q, native %q", k+1, la[k], lb[k])
		}
	}
	if len(la) != len(lb) {
		return fmt.Sprintf(": %d output lines interpreted, %d native", len(la), len(lb))
	}
	return ""
}

// goPanic returns the first line of a Go program's panic report on its
// standard error, without " [recovered]" (the interpreter does not say
// that a panic was recovered and panicked again), or "" when the value
// is printed with its address (a pointer or a struct), which differs
// between runs.
func goPanic(stderr string) string {
	for _, l := range strings.Split(stderr, "\n") {
		if m, ok := strings.CutPrefix(l, "panic: "); ok {
			if strings.Contains(m, " 0x") || strings.HasPrefix(m, "(") {
				return ""
			}
			if k := strings.Index(m, " [recovered"); k >= 0 {
				m = m[:k]
			}
			return "panic: " + m
		}
	}
	return ""
}

func firstLines(s string, n int) string {
	l := strings.SplitAfterN(s, "\n", n+1)
	if len(l) > n {
		l = l[:n]
	}
	return strings.Join(l, "")
}

// TestDiffCorpus runs the hand-written corpus both ways. Every program
// must print the same and end with the same status as its native build,
// or be refused where its first line says so.
func TestDiffCorpus(t *testing.T) {
	progs := loadCorpus(t)
	if len(progs) < 150 {
		t.Errorf("corpus has %d programs, want at least 150", len(progs))
	}
	if f := os.Getenv("DIFFTEST_RUN"); f != "" {
		re := regexp.MustCompile(f)
		var keep []diffProg
		for _, p := range progs {
			if re.MatchString(p.name) {
				keep = append(keep, p)
			}
		}
		progs = keep
	}
	outs := diffRun(t, progs, 1)
	ran, refused, skipped := reportOutcomes(t, outs, false)
	for _, o := range outs {
		if o.skipped != "" {
			t.Errorf("%s: %s (a corpus program must build)", o.prog.name, o.skipped)
		}
	}
	t.Logf("corpus: %d programs ran identically, %d refused as expected, %d not buildable", ran, refused, skipped)
}
