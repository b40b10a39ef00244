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
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

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
// the evaluation in progress, not the session: a statement stops at its
// next interpreted statement, and context.Background in the session,
// which the simulator checks every step, is the statement's own context,
// cancelled then; a package-level declaration (var x = f()) runs to its
// end. The next input runs only when the interpreter has finished with
// the interrupted one. The session ends at the end of in, with :quit,
// when ctx is done, or with a second Ctrl-C while an interrupted
// statement does not return from compiled code.
func REPL(ctx context.Context, in io.Reader, out, errw io.Writer) error {
	s, err := newSession(ctx, in, out, errw)
	if err != nil {
		return err
	}
	defer s.interrupt()

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
			s.interrupt()
		}
	}()
	defer context.AfterFunc(ctx, s.interrupt)()

	s.interactive = interactive
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
		if err := s.eval(src); err != nil {
			return err
		}
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

// A session evaluates input in one interpreter, one evaluation at a
// time: the next starts only when the interpreter has finished with the
// previous one, even if that one was interrupted.
type session struct {
	i           *interp.Interpreter
	out, errw   io.Writer
	panics      *panicCatcher
	interactive bool

	mu  sync.Mutex
	cur *evaluation // the evaluation running, or nil

	lastOffset int // of the input compiled last

	// prog holds the inputs accepted so far, for the rules (replrules.go).
	prog replProgram
	// compiled says that the interpreter compiled the last input.
	compiled bool

	// beforeExecute, if set, is called when the input has been compiled
	// and is about to run (tests interrupt there).
	beforeExecute func()
}

// An evaluation is one input being run. Ctrl-C interrupts it: the
// context compiled code sees (context.Background in the session) is
// cancelled at once, and the interpreter is stopped — but only once the
// input has started running, which it signals by calling the gate before
// anything else. yaegi v0.16.1 cannot stop an evaluation it has not
// started yet: it would run it to its end after returning, while the
// session went on with the next input in the same interpreter.
type evaluation struct {
	mu          sync.Mutex
	script      context.Context // what context.Background returns
	cancel      context.CancelFunc
	stop        context.CancelFunc // stops the interpreter
	started     bool               // it called the gate
	interrupted bool
	told        bool          // that it has not returned yet
	again       chan struct{} // closed by an interrupt after that
}

// errBeforeStart is what the gate panics with when the evaluation was
// interrupted before it started: it never runs.
var errBeforeStart = errors.New("interrupted before it started")

const (
	gatePackage = "snnReplGate__"
	gatePath    = "github.com/gosnn/gosnn/scripting/repl-gate"
	gateCall    = gatePackage + ".Start(); "
)

// newSession makes an interpreter with the session's imports.
func newSession(ctx context.Context, in io.Reader, out, errw io.Writer) (*session, error) {
	s := &session{out: out, errw: errw, panics: &panicCatcher{w: errw}}
	i, err := newInterp(ctx, Options{Stdin: in, Stdout: out, Stderr: errw, OutDir: "."}, []string{"repl"}, s.panics)
	if err != nil {
		return nil, err
	}
	s.i = i
	bg := func() context.Context { return s.scriptContext(ctx) }
	if err := i.Use(interp.Exports{
		"context/context":       {"Background": reflect.ValueOf(bg), "TODO": reflect.ValueOf(bg)},
		gatePath + "/" + "gate": {"Start": reflect.ValueOf(s.gate)},
	}); err != nil {
		return nil, err
	}
	imports := "import (\n"
	for _, p := range ReplImports {
		imports += fmt.Sprintf("\t%q\n", p)
	}
	imports += fmt.Sprintf("\t%s %q\n)", gatePackage, gatePath)
	if _, err := i.Eval(imports); err != nil {
		return nil, fmt.Errorf("importing %v: %w", ReplImports, err)
	}
	if _, err := i.Eval("func " + replValues + "(v ...any) []any { return v }"); err != nil {
		return nil, err
	}
	for _, h := range replHelpers {
		if _, err := i.Eval(h); err != nil {
			return nil, fmt.Errorf("declaring %q: %w", h, err)
		}
	}
	return s, nil
}

// scriptContext is the context of the evaluation running, or ctx.
func (s *session) scriptContext(ctx context.Context) context.Context {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur != nil {
		return s.cur.script
	}
	return ctx
}

// current returns the evaluation running, or nil.
func (s *session) current() *evaluation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur
}

// gate is called by a gated evaluation before anything else it does.
func (s *session) gate() {
	e := s.current()
	if e == nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.interrupted {
		panic(errBeforeStart)
	}
	e.started = true
}

// interrupt interrupts the evaluation running, if any (Ctrl-C).
func (s *session) interrupt() {
	e := s.current()
	if e == nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.interrupted {
		if e.told {
			select {
			case <-e.again:
			default:
				close(e.again)
			}
		}
		return
	}
	e.interrupted = true
	e.cancel()
	// Once started (it called the gate), yaegi stops it at its next
	// statement. Before, the gate stops it. A declaration has no gate:
	// yaegi runs it to its end (its compiled calls see the cancelled
	// context).
	if e.started {
		e.stop()
	}
}

// compile compiles REPL input src. An input that yaegi runs as
// statements is gated: it calls the gate first. offset is the length of
// what is in front of src on its first line.
func (s *session) compile(src string) (prog *interp.Program, gated bool, offset int, err error) {
	offset = wrapOffset(src)
	if wrapFor(src) == inMain {
		gated, offset = true, offset+len(gateCall)
		src = gateCall + src
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the interpreter failed on this input (%v); it uses a construct the interpreter does not support", r)
		}
	}()
	prog, err = s.i.Compile(src)
	return prog, gated, offset, err
}

// execute runs a compiled input. It returns when the interpreter has
// finished with it, also when it was interrupted (then the error is
// context.Canceled), or errSessionEnded.
func (s *session) execute(prog *interp.Program, gated bool) (reflect.Value, error) {
	script, cancel := context.WithCancel(context.Background())
	stopCtx, stop := context.WithCancel(context.Background())
	defer cancel()
	defer stop()
	e := &evaluation{script: script, cancel: cancel, stop: stop, started: !gated, again: make(chan struct{})}
	if !gated {
		// Without a gate the interpreter is never stopped: interrupting
		// it before it started would leave it running.
		e.stop = func() {}
	}
	s.mu.Lock()
	s.cur = e
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.cur = nil
		s.mu.Unlock()
	}()
	if s.beforeExecute != nil {
		s.beforeExecute()
	}
	v, err := s.i.ExecuteWithContext(stopCtx, prog)
	if stopCtx.Err() != nil && errors.Is(err, stopCtx.Err()) {
		// yaegi returned at once; wait until it has really finished.
		if !s.waitExecution(e) {
			return v, errSessionEnded
		}
		return reflect.Value{}, context.Canceled
	}
	var p interp.Panic
	if errors.As(err, &p) && p.Value == errBeforeStart {
		return reflect.Value{}, context.Canceled
	}
	if script.Err() != nil && err == nil {
		// Finished, but interrupted: compiled code may have stopped early.
		return v, context.Canceled
	}
	return v, err
}

// errSessionEnded ends a session whose interrupted evaluation did not
// return and was interrupted again.
var errSessionEnded = errors.New("the interrupted statement did not return (it is in compiled code); the session ended")

// waitExecution waits until the goroutine in which yaegi runs an
// interrupted evaluation has ended (yaegi's ExecuteWithContext returns
// when its context is done, before the evaluation has stopped; it stops
// at its next interpreted statement, or later when it is in compiled
// code). It returns false if a second interrupt ends the wait.
func (s *session) waitExecution(e *evaluation) bool {
	self := goroutineID()
	start := time.Now()
	for delay := 100 * time.Microsecond; executionRunning(self); delay = min(2*delay, 20*time.Millisecond) {
		if time.Since(start) > time.Second {
			e.mu.Lock()
			if !e.told {
				fmt.Fprintln(s.errw, "interrupted; waiting for the statement to return from compiled code (Ctrl-C again ends the session)")
				e.told = true
			}
			e.mu.Unlock()
		}
		select {
		case <-e.again:
			return false
		case <-time.After(delay):
		}
	}
	return true
}

// goroutineID returns the id of the calling goroutine, from its stack's
// header ("goroutine 7 [running]:").
func goroutineID() string {
	var b [64]byte
	n := runtime.Stack(b[:], false)
	f := strings.Fields(string(b[:n]))
	if len(f) < 2 {
		return ""
	}
	return f[1]
}

// executionRunning reports whether a goroutine that yaegi's
// ExecuteWithContext started from goroutine id is still running.
func executionRunning(id string) bool {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	return strings.Contains(string(buf), "created by github.com/traefik/yaegi/interp.(*Interpreter).ExecuteWithContext in goroutine "+id+"\n")
}

// eval evaluates src, prints the values of an expression or expression
// list, and reports errors with positions in src. It returns an error
// only when the session must end.
func (s *session) eval(src string) error {
	// The same check and rewrites as a script gets (replrules.go).
	k := kindOf(src)
	text, refused := s.prog.prepare(src, k)
	if refused != nil {
		refused.print(s)
		return nil
	}
	s.compiled = false
	err := s.evalText(text)
	if s.compiled {
		s.prog.accept(src, k)
	}
	return err
}

// evalText evaluates src as eval does, after the rules.
func (s *session) evalText(src string) error {
	s.panics.mu.Lock()
	s.panics.frames = nil
	s.panics.mu.Unlock()
	if list, ok := exprList(src); ok && !isPrintCall(list) {
		if _, isCall := list[0].(*ast.CallExpr); len(list) > 1 || isCall {
			// Several values, or a call that may return several.
			if prog, gated, _, err := s.compile(replValues + "(" + strings.TrimRight(src, "\n") + ")"); err == nil {
				v, err := s.execute(prog, gated)
				if err == errSessionEnded {
					return err
				}
				if s.report(src, err, 0) {
					return nil
				}
				if vals, ok := v.Interface().([]any); ok {
					parts := make([]string, len(vals))
					for k, x := range vals {
						parts[k] = summarize(reflect.ValueOf(x))
					}
					if len(parts) > 0 {
						fmt.Fprintln(s.out, strings.Join(parts, " "))
					}
				}
				return nil
			}
			// A call without results, or not a value: run it as a
			// statement.
			list = nil
		}
		if len(list) == 1 {
			v, err := s.evalStatement(src)
			if err == errSessionEnded {
				return err
			}
			if s.report(src, err, s.lastOffset) {
				return nil
			}
			if v.IsValid() {
				fmt.Fprintln(s.out, summarize(v))
			}
			return nil
		}
	}
	_, err := s.evalStatement(src)
	if err != errSessionEnded {
		s.report(src, err, s.lastOffset)
		err = nil
	}
	return err
}

// evalStatement compiles and runs src, and keeps the offset of its first
// line for report.
func (s *session) evalStatement(src string) (reflect.Value, error) {
	prog, gated, offset, err := s.compile(src)
	s.lastOffset = offset
	if err != nil {
		return reflect.Value{}, err
	}
	s.compiled = true
	return s.execute(prog, gated)
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

// wrapFor returns how the interpreter wraps src: the first wrapping
// that parses (or the first one, whose error it reports, if none does).
func wrapFor(src string) wrapping {
	ws := wrappings(src)
	for _, w := range ws {
		if parseWrapped(src, w) == nil {
			return w
		}
	}
	return ws[0]
}

// wrapOffset is the length of what the interpreter puts in front of the
// first line of src.
func wrapOffset(src string) int { return len(wrapFor(src).prefix) }

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
