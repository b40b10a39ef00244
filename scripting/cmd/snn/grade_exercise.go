package main

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/gosnn/gosnn/notebooks/exercise"
	"github.com/gosnn/gosnn/notebooks/exercise/check"
)

// This file holds "snn grade --exercise NAME": grading the notebooks'
// exercises with their own checks (package notebooks/exercise). A
// submission declares the exercise's functions; grade adds a main that
// calls them and records the answer, runs that in the sandbox, and judges
// the recorded answer in this trusted process, which never runs the
// submission's code.

// exercisePath is the import path of the exercises' package.
const exercisePath = "github.com/gosnn/gosnn/notebooks/exercise"

// recorderName is the name under which a graded program imports the
// exercises' package to record its answer.
const recorderName = "snngrade"

// autoImports are the packages a notebook cell has in scope without
// importing them: a submission copied from a cell may use them as it is.
// nb's exercise helpers (nb.Threshold, nb.RunawayRate) are the exercise
// package's; nb's reference solutions are not there (they are in
// notebooks/exercise/check, which scripts cannot import).
var autoImports = map[string]string{
	"snn":      "github.com/gosnn/gosnn/snn",
	"math":     "math",
	"fmt":      "fmt",
	"nb":       exercisePath,
	"exercise": exercisePath,
}

var packageClause = regexp.MustCompile(`(?m)^\s*package\s+[\pL_][\pL\pN_]*`)

// exerciseProgram returns the program that answers exercise e with the
// submission src (file name): a Go file of package main that declares the
// exercise's functions, or the functions alone as in a notebook cell. It
// adds the package clause when there is none, the imports of autoImports
// that the code uses without importing, and a main that records the
// answer; line numbers stay those of the submission.
func exerciseProgram(e exercise.Exercise, name string, src []byte) ([]byte, error) {
	if !packageClause.Match(src) {
		// A notebook cell: the package clause goes in front of the first
		// line, which keeps the line numbers.
		src = append([]byte("package main; "), src...)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	if f.Name.Name != "main" {
		return nil, fmt.Errorf("%s: package %s: a submission is package main (or has no package clause)", name, f.Name.Name)
	}
	funcs := map[string]bool{}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
			funcs[fd.Name.Name] = true
		}
	}
	if funcs["main"] {
		return nil, fmt.Errorf("%s: the submission declares func main: for --exercise %s submit only %s (snn grade --exercise %s --template shows the file to fill in)", name, e.Name, funcList(e.Funcs), e.Name)
	}
	for _, fn := range e.Funcs {
		if !funcs[fn] {
			return nil, fmt.Errorf("%s: no func %s: exercise %s needs %s (snn grade --exercise %s --template shows the file to fill in)", name, fn, e.Name, funcList(e.Funcs), e.Name)
		}
	}

	imported := map[string]bool{}
	for _, spec := range f.Imports {
		p, _ := strconv.Unquote(spec.Path.Value)
		local := p[strings.LastIndexByte(p, '/')+1:]
		if spec.Name != nil {
			local = spec.Name.Name
		}
		imported[local] = true
	}
	add := map[string]string{recorderName: exercisePath}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok && !imported[x.Name] && autoImports[x.Name] != "" {
				add[x.Name] = autoImports[x.Name]
			}
		}
		return true
	})
	names := make([]string, 0, len(add))
	for n := range add {
		names = append(names, n)
	}
	sort.Strings(names)
	var imp strings.Builder
	imp.WriteString("; import (")
	for k, n := range names {
		if k > 0 {
			imp.WriteString("; ")
		}
		fmt.Fprintf(&imp, "%s %q", n, add[n])
	}
	imp.WriteString(")")
	// After the last import declaration, or after the package clause.
	at := fset.Position(f.Name.End()).Offset
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			at = fset.Position(gd.End()).Offset
		}
	}
	var out bytes.Buffer
	out.Write(src[:at])
	out.WriteString(imp.String())
	out.Write(src[at:])
	// The interpreter lacks Go 1.21's min and max, which notebook cells
	// (compiled by GoNB) may use; the exercises' values are float64.
	for _, b := range []struct{ name, cmp string }{{"min", "<"}, {"max", ">"}} {
		if usesBuiltin(f, b.name) && !funcs[b.name] {
			fmt.Fprintf(&out, "\n\n// Added by snn grade: the interpreter has no builtin %s.\nfunc %s(x float64, ys ...float64) float64 {\n\tfor _, y := range ys {\n\t\tif y %s x || y != y {\n\t\t\tx = y\n\t\t}\n\t}\n\treturn x\n}\n", b.name, b.name, b.cmp)
		}
	}
	fmt.Fprintf(&out, "\n\n// Added by snn grade --exercise %s.\nfunc main() {\n\tif err := %s.Record(%s.%s); err != nil {\n\t\tpanic(err)\n\t}\n}\n", e.Name, recorderName, recorderName, e.Answer)
	return out.Bytes(), nil
}

// usesBuiltin reports whether f calls a function of that name that it
// does not declare at package level (a builtin, unless a local shadows it).
func usesBuiltin(f *ast.File, name string) bool {
	used := false
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok && id.Name == name {
				used = true
			}
		}
		return !used
	})
	return used
}

func funcList(fs []string) string {
	l := make([]string, len(fs))
	for k, f := range fs {
		l[k] = "func " + f
	}
	return strings.Join(l, " and ")
}

// readAnswer reads the answer a submission recorded in its output folder
// out. The folder is the submission's: the file must be a regular file
// there (not a link out of it, nor a pipe that would block).
func readAnswer(out string) (*exercise.Answer, error) {
	path := filepath.Join(out, exercise.AnswerFile)
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("no answer recorded: the program stopped before recording %s", exercise.AnswerFile)
	case err != nil:
		return nil, err
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("%s is not a regular file (%s): only the exercise's recorder writes it", exercise.AnswerFile, fi.Mode().Type())
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file: only the exercise's recorder writes it", exercise.AnswerFile)
	}
	a, err := exercise.ReadAnswer(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", exercise.AnswerFile, err)
	}
	return a, nil
}

// judgeExercise judges the answer a submission recorded: score 1 when it
// is right, 0 when not yet, with the verdict as the message.
func (g *grader) judgeExercise(s submission, out string, log []byte, row gradeRow) gradeRow {
	a, err := readAnswer(out)
	if err != nil {
		msg := err.Error()
		if l := firstLine(string(log)); l != "" {
			msg += fmt.Sprintf(" (%s.log: %s)", s.name, l)
		}
		row.status, row.message = statusFailed, msg
		return row
	}
	v := check.Judge(g.exercise.Name, a)
	row.status, row.score, row.message = statusOK, "0", v.String()
	if v.OK {
		row.score = "1"
	}
	return row
}
