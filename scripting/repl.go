package scripting

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/chzyer/readline"
	"github.com/traefik/yaegi/interp"

	"github.com/gosnn/gosnn/snn"
)

// ReplImports are the packages an interactive session starts with.
var ReplImports = []string{
	"context", "fmt", "math",
	"github.com/gosnn/gosnn/snn", "github.com/gosnn/gosnn/snn/vec", "github.com/gosnn/gosnn/plots",
}

const replHelp = `Type Go statements, declarations and expressions; the value of each
expression is printed (several at once: res.Rate(), res.DominantFrequency()).
Input that is not complete yet (an open brace, a trailing operator) continues
on the next line; an empty line there evaluates what was typed.
Already imported: %s.

  :help   this text
  :quit   end the session (or Ctrl-D)

Editing: arrow keys, Ctrl-A/Ctrl-E (start/end of line), Ctrl-L (clear the
screen), Ctrl-R (search the history, kept in ~/.snn_history).
Ctrl-C clears the line being typed, or stops the statement being run.
`

// REPL runs an interactive session: it reads Go statements, declarations
// and expressions from in (continuing input that is not complete yet),
// evaluates them, prints the values of expressions to out — large ones
// as a short summary — and errors to errw, with the column of the error
// in what was typed. The packages in ReplImports are already imported.
// When in is a terminal, lines are edited with readline (history, arrow
// keys, Ctrl-A/E, Ctrl-L) and a prompt is shown. Ctrl-C (SIGINT) stops
// the evaluation in progress, not the session; the session ends at the
// end of in, with :quit, or when ctx is done.
func REPL(ctx context.Context, in io.Reader, out, errw io.Writer) error {
	evalCtx, cancelEval := context.WithCancel(ctx)
	var mu chanMutex = make(chan struct{}, 1)
	current := func() context.Context { mu.lock(); defer mu.unlock(); return evalCtx }
	defer func() { mu.lock(); cancelEval(); mu.unlock() }()
	panics := &panicCatcher{w: errw}
	i, err := newInterp(ctx, Options{Stdin: in, Stdout: out, Stderr: errw, OutDir: "."}, []string{"repl"}, panics)
	if err != nil {
		return err
	}
	imports := "import (\n"
	for _, p := range ReplImports {
		imports += fmt.Sprintf("\t%q\n", p)
	}
	if _, err := i.Eval(imports + ")"); err != nil {
		return fmt.Errorf("importing %v: %w", ReplImports, err)
	}
	if _, err := i.Eval("func " + replValues + "(v ...any) []any { return v }"); err != nil {
		return err
	}

	lines, interactive, err := newLineReader(in, out, errw)
	if err != nil {
		return err
	}
	defer lines.Close()
	if interactive {
		fmt.Fprintf(out, "snn interactive session; imported: %s.\n:help shows what you can type; Ctrl-D ends the session.\n", strings.Join(ReplImports, ", "))
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	go func() {
		for range sig {
			mu.lock()
			cancelEval()
			evalCtx, cancelEval = context.WithCancel(ctx)
			mu.unlock()
		}
	}()

	s := &session{i: i, out: out, errw: errw, panics: panics, interactive: interactive}
	src := ""
	for {
		prompt := "snn> "
		if src != "" {
			prompt = "...> "
		}
		type result struct {
			line string
			err  error
		}
		got := make(chan result, 1)
		go func() {
			l, err := lines.ReadLine(prompt)
			got <- result{l, err}
		}()
		var r result
		select {
		case <-ctx.Done():
			return nil
		case r = <-got:
		}
		switch {
		case errors.Is(r.err, readline.ErrInterrupt):
			src = "" // Ctrl-C while typing: drop the input
			continue
		case r.err != nil:
			return nil // end of input
		}
		line := r.line
		if src == "" {
			switch strings.TrimSpace(line) {
			case ":help", ":h", ":?":
				fmt.Fprintf(out, replHelp, strings.Join(ReplImports, ", "))
				continue
			case ":quit", ":q", ":exit":
				return nil
			}
		}
		if strings.TrimSpace(src+line) == "" {
			src = ""
			continue
		}
		blank := strings.TrimSpace(line) == ""
		src += line + "\n"
		if !blank && incompleteInput(src) {
			continue
		}
		s.eval(current(), src)
		src = ""
	}
}

// A lineReader reads the session's input a line at a time.
type lineReader interface {
	ReadLine(prompt string) (string, error)
	Close() error
}

// newLineReader returns a readline editor when in is a terminal, and a
// plain line scanner otherwise.
func newLineReader(in io.Reader, out, errw io.Writer) (lineReader, bool, error) {
	if f, ok := in.(*os.File); ok && readline.IsTerminal(int(f.Fd())) {
		hist := ""
		if home, err := os.UserHomeDir(); err == nil {
			hist = filepath.Join(home, ".snn_history")
		}
		rl, err := readline.NewEx(&readline.Config{
			Prompt:            "snn> ",
			HistoryFile:       hist,
			HistorySearchFold: true,
			InterruptPrompt:   "^C",
			Stdin:             f,
			Stdout:            out,
			Stderr:            errw,
		})
		if err != nil {
			return nil, false, fmt.Errorf("terminal: %w", err)
		}
		return editor{rl}, true, nil
	}
	return &scanReader{s: bufio.NewScanner(in)}, false, nil
}

type editor struct{ rl *readline.Instance }

func (e editor) ReadLine(prompt string) (string, error) {
	e.rl.SetPrompt(prompt)
	return e.rl.Readline()
}

func (e editor) Close() error { return e.rl.Close() }

type scanReader struct{ s *bufio.Scanner }

func (r *scanReader) ReadLine(string) (string, error) {
	if r.s.Scan() {
		return r.s.Text(), nil
	}
	if err := r.s.Err(); err != nil {
		return "", err
	}
	return "", io.EOF
}

func (r *scanReader) Close() error { return nil }

// replValues is the session's function that turns a list of values, or
// the results of a call, into a slice to print.
const replValues = "snnReplValues__"

// A session evaluates input in one interpreter.
type session struct {
	i           *interp.Interpreter
	out, errw   io.Writer
	panics      *panicCatcher
	interactive bool
}

// eval evaluates src, prints the values of an expression or expression
// list, and reports errors with positions in src.
func (s *session) eval(ctx context.Context, src string) {
	s.panics.mu.Lock()
	s.panics.frames = nil
	s.panics.mu.Unlock()
	if list, ok := exprList(src); ok && !isPrintCall(list) {
		if len(list) == 1 {
			if _, isCall := list[0].(*ast.CallExpr); !isCall {
				v, err := s.i.EvalWithContext(ctx, src)
				if s.report(src, err, wrapOffset(src)) {
					return
				}
				if v.IsValid() {
					fmt.Fprintln(s.out, summarize(v))
				}
				return
			}
		}
		// Several values, or a call that may return several.
		v, err := s.i.EvalWithContext(ctx, replValues+"("+strings.TrimRight(src, "\n")+")")
		if err == nil {
			if vals, ok := v.Interface().([]any); ok {
				parts := make([]string, len(vals))
				for k, x := range vals {
					parts[k] = summarize(reflect.ValueOf(x))
				}
				if len(parts) > 0 {
					fmt.Fprintln(s.out, strings.Join(parts, " "))
				}
			}
			return
		}
		var p interp.Panic
		if errors.As(err, &p) || errors.Is(err, context.Canceled) {
			s.report(src, err, 0)
			return
		}
		// A call without results, or not a value: run it as a statement.
	}
	_, err := s.i.EvalWithContext(ctx, src)
	s.report(src, err, wrapOffset(src))
}

var replPos = regexp.MustCompile(`^(?:[^:\s]*:)?(\d+):(\d+): (.*)$`)

// report prints err, if any, and says whether there was one. Positions
// on the first line are moved left by offset, the length of what the
// interpreter put in front of the input.
func (s *session) report(src string, err error, offset int) bool {
	if err == nil {
		return false
	}
	var p interp.Panic
	switch {
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(s.errw, "interrupted")
	case errors.As(err, &p):
		msg := panicMessage(p.Value)
		if strings.Contains(msg, "nil pointer dereference") {
			msg += " (a nil pointer, map or interface was used: check the error of the call that made it, e.g. net, err := snn.New(cfg))"
		}
		fmt.Fprintln(s.errw, "panic:", msg)
	default:
		lines := strings.Split(src, "\n")
		for _, l := range strings.Split(strings.TrimSpace(err.Error()), "\n") {
			m := replPos.FindStringSubmatch(l)
			if m == nil {
				fmt.Fprintln(s.errw, userHint(l))
				continue
			}
			line, _ := strconv.Atoi(m[1])
			col, _ := strconv.Atoi(m[2])
			if line == 1 {
				col -= offset
			}
			if line < 1 || line > len(lines) || col < 1 {
				fmt.Fprintln(s.errw, userHint(m[3]))
				continue
			}
			// Show the line and a caret under the column.
			text := lines[line-1]
			fmt.Fprintf(s.errw, "  %s\n  %s^\n", text, caretPad(text, col-1))
			fmt.Fprintf(s.errw, "%d:%d: %s\n", line, col, userHint(m[3]))
		}
	}
	return true
}

// caretPad is the white space that puts a caret under byte n of text
// (tabs kept as tabs, other characters as one space per rune).
func caretPad(text string, n int) string {
	if n > len(text) {
		n = len(text)
	}
	var b strings.Builder
	for _, r := range text[:n] {
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// A wrapping is one way the interpreter wraps REPL input to parse it:
// the text put in front of it and after it.
type wrapping struct{ prefix, suffix string }

var (
	inPackage = wrapping{"package main;", ""}
	inMain    = wrapping{"package main; func main() {", "}"}
)

// wrappings lists, in the order yaegi v0.16.1 tries them (interp.parse),
// the ways it wraps src: nothing before a package clause, a package
// clause before a declaration, and a main function around statements;
// input starting with func is tried as a declaration, then as a
// statement.
func wrappings(src string) []wrapping {
	f := token.NewFileSet().AddFile("", -1, len(src))
	var sc scanner.Scanner
	sc.Init(f, []byte(src), nil, 0)
	_, tok, _ := sc.Scan()
	switch tok {
	case token.PACKAGE:
		return []wrapping{{}}
	case token.CONST, token.IMPORT, token.TYPE, token.VAR:
		return []wrapping{inPackage}
	case token.FUNC:
		return []wrapping{inPackage, inMain}
	}
	return []wrapping{inMain}
}

// parseWrapped parses src wrapped as w and returns the error, if any.
func parseWrapped(src string, w wrapping) error {
	_, err := parser.ParseFile(token.NewFileSet(), "", w.prefix+src+w.suffix, 0)
	return err
}

// wrapOffset is the length of what the interpreter puts in front of the
// first line of src: the prefix of the first wrapping that parses (or of
// the first one, whose error it reports, if none does).
func wrapOffset(src string) int {
	ws := wrappings(src)
	for _, w := range ws {
		if parseWrapped(src, w) == nil {
			return len(w.prefix)
		}
	}
	return len(ws[0].prefix)
}

// exprList returns src's expressions when src is an expression list.
func exprList(src string) ([]ast.Expr, bool) {
	e, err := parser.ParseExpr("[]any{" + strings.TrimSpace(src) + "}")
	if err != nil {
		return nil, false
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok || len(lit.Elts) == 0 {
		return nil, false
	}
	for _, x := range lit.Elts {
		if _, ok := x.(*ast.KeyValueExpr); ok {
			return nil, false
		}
	}
	return lit.Elts, true
}

// isPrintCall reports whether list is one call of fmt's print functions
// or println, whose results (byte count and error) are not worth showing.
func isPrintCall(list []ast.Expr) bool {
	if len(list) != 1 {
		return false
	}
	call, ok := list[0].(*ast.CallExpr)
	if !ok {
		return false
	}
	switch f := call.Fun.(type) {
	case *ast.Ident:
		return f.Name == "println" || f.Name == "print"
	case *ast.SelectorExpr:
		x, ok := f.X.(*ast.Ident)
		return ok && x.Name == "fmt" && (strings.HasPrefix(f.Sel.Name, "Print") || strings.HasPrefix(f.Sel.Name, "Fprint"))
	}
	return false
}

// incompleteInput reports whether src is not complete Go yet: parsing
// it, wrapped in one of the ways the interpreter wraps it, fails only at
// its very end.
func incompleteInput(src string) bool {
	end := len(strings.TrimRight(src, " \t\n"))
	for _, w := range wrappings(src) {
		var list scanner.ErrorList
		if err := parseWrapped(src, w); errors.As(err, &list) && len(list) > 0 && list[0].Pos.Offset >= len(w.prefix)+end {
			return true
		}
	}
	return false
}

// summarize writes v as fmt's %v does, but large values shortly: a
// simulation result as its size and rate, a long slice or map as its
// first elements and length.
func summarize(v reflect.Value) string {
	if !v.IsValid() {
		return "<nil>"
	}
	if v.CanInterface() {
		switch r := v.Interface().(type) {
		case *snn.Result:
			if r != nil {
				return resultSummary(r)
			}
		case snn.Result:
			return resultSummary(&r)
		}
	}
	const maxElems, maxLen = 10, 400
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		if v.Len() > maxElems {
			parts := make([]string, maxElems)
			for k := range parts {
				parts[k] = fmt.Sprint(v.Index(k))
			}
			return fmt.Sprintf("[%s …] (%d elements; print one with x[i], or all with fmt.Println)", strings.Join(parts, " "), v.Len())
		}
	case reflect.Map:
		if v.Len() > maxElems {
			return fmt.Sprintf("%s with %d entries (look one up with m[key], or print all with fmt.Println)", v.Type(), v.Len())
		}
	}
	s := fmt.Sprint(v)
	if v.CanInterface() {
		s = fmt.Sprint(v.Interface())
	}
	if len(s) > maxLen {
		return s[:maxLen] + fmt.Sprintf(" … (%d characters; print all with fmt.Println)", len(s))
	}
	return s
}

func resultSummary(r *snn.Result) string {
	return fmt.Sprintf("snn.Result: %d neurons, %g ms, %d spikes, mean rate %.3g Hz (the spikes are in .Spikes)", r.N, r.Duration(), len(r.Spikes), r.Rate())
}

type chanMutex chan struct{}

func (m chanMutex) lock()   { m <- struct{}{} }
func (m chanMutex) unlock() { <-m }
