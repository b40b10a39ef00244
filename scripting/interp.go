package scripting

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"

	"github.com/gosnn/gosnn/snn"
	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// Options configure a script run. The zero value runs a script with the
// process's standard streams, no arguments and output in ".".
type Options struct {
	// Args are the script's arguments: the script sees
	// os.Args = [script name, Args...].
	Args []string
	// Standard streams; nil means the process's own.
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// OutDir is the directory that snn.OutDir returns inside the script
	// (default "."). It is created if needed.
	OutDir string
	// Sandbox restricts the script to SandboxPackages, refuses imports
	// from disk and refuses file output outside OutDir. Use RunIsolated
	// to also confine the script with the operating system and limit
	// its resources.
	Sandbox bool
	// WeakSandbox lets RunIsolated run a sandboxed script where the
	// operating system cannot isolate it (no Linux, no Landlock, no user
	// namespaces...), with the interpreter's checks and the resource
	// limits only: that is not a security boundary.
	WeakSandbox bool

	// echoPanics passes the interpreter's panic-frame lines through to
	// Stderr too, so that a parent process can locate a panic that
	// crashes the child.
	echoPanics bool
}

func (o *Options) defaults() {
	if o.Stdin == nil {
		o.Stdin = os.Stdin
	}
	if o.Stdout == nil {
		o.Stdout = os.Stdout
	}
	if o.Stderr == nil {
		o.Stderr = os.Stderr
	}
	if o.OutDir == "" {
		o.OutDir = "."
	}
}

// An ExitError reports that the script called os.Exit with a non-zero
// code, or that a child process that already reported its error ended
// with that status.
type ExitError struct {
	Code int
	// Compile is set when a sandboxed script was refused by the
	// interpreter's compiler (its errors were reported).
	Compile bool
}

func (e *ExitError) Error() string { return fmt.Sprintf("script exited with status %d", e.Code) }

// Run checks the script src (named filename in messages) with [Check],
// then interprets it: its main function runs until it returns, panics,
// calls os.Exit or ctx is done. The error is an [ErrorList] for problems
// found before running, an [*Error] for a panic, an [*ExitError] for
// os.Exit(n ≠ 0), or wraps ctx.Err() when the script was stopped.
//
// When ctx is done Run returns at once. Interpreted code stops at its next
// statement; compiled code it called stops when it next checks the
// context (Network.Run does every step) or returns. To be sure that
// nothing of the script keeps running, use [RunIsolated].
func Run(ctx context.Context, filename string, src []byte, opts Options) error {
	opts.defaults()
	name := displayName(filename)
	panics := &panicCatcher{w: opts.Stderr, echo: opts.echoPanics}
	// prepare checks the script (as Check does) before anything runs or
	// the output directory is made.
	i, prog, err := prepare(ctx, name, src, opts, panics)
	if err != nil {
		return err
	}
	if _, err := opts.outDir(false); err != nil {
		return err
	}
	_, err = i.ExecuteWithContext(ctx, prog)
	if err == nil {
		return nil
	}
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return fmt.Errorf("script stopped: %w", err)
	}
	var p interp.Panic
	if errors.As(err, &p) {
		return panics.report(name, panicPos(i), p.Value)
	}
	return compileError(name, err)
}

// prepare does everything before the script runs: a new interpreter,
// parsing, Check, the rewrites of rules.go and compiling.
func prepare(ctx context.Context, name string, src []byte, opts Options, panics *panicCatcher) (*interp.Interpreter, *interp.Program, error) {
	i, err := newInterp(ctx, opts, append([]string{name}, opts.Args...), panics)
	if err != nil {
		return nil, nil, err
	}
	fset := i.FileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		return nil, nil, syntaxErrors(err)
	}
	used := inlineBinaryConstants(f)
	c := checkFile(fset, f, opts.Sandbox, used)
	if err := c.err(); err != nil {
		return nil, nil, err
	}
	// What the checker found no reason to refuse is rewritten where
	// yaegi would run it differently (see rules.go).
	c.errs = rewriteScript(c, f)
	if err := c.err(); err != nil {
		return nil, nil, err
	}
	wrapInterfaceFields(f)
	trackPositions(f)
	prog, err := compile(i, f)
	if err != nil {
		var crash *compileCrash
		if errors.As(err, &crash) {
			msg := crash.Error()
			if s := rangeSuspects(name, src); len(s) > 0 {
				msg += "; the likely cause is a range over an integer (Go 1.22) or a function (Go 1.23), which the interpreter does not support: if that is what " + strings.Join(s, ", ") + " does, write a counting loop (for i := 0; i < n; i++) instead"
			}
			return nil, nil, ErrorList{{Pos: name, Msg: msg}}
		}
		return nil, nil, compileError(name, err)
	}
	return i, prog, nil
}

// panicPos returns the position of the statement that was running when
// the script panicked, or "". (yaegi v0.16.1's Globals can itself panic
// after some panics; then the position is unknown.)
func panicPos(i *interp.Interpreter) (pos string) {
	defer func() {
		if recover() != nil {
			pos = ""
		}
	}()
	if v, ok := i.Globals()[posVar]; ok && v.CanInt() && v.Int() > 0 {
		pos = i.FileSet().Position(token.Pos(v.Int())).String()
	}
	return pos
}

// compile compiles f, turning a crash of the interpreter's compiler into
// an error.
func compile(i *interp.Interpreter, f *ast.File) (prog *interp.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &compileCrash{r}
		}
	}()
	return i.CompileAST(f)
}

// compileCrash is a panic of the interpreter's compiler.
type compileCrash struct{ v any }

func (c *compileCrash) Error() string {
	return fmt.Sprintf("the interpreter failed on this script (%v): it uses a construct the interpreter does not support; run it with --native", c.v)
}

// displayName is the name a script's positions are reported with: the
// path as given, cleaned.
func displayName(filename string) string {
	if filename == "" {
		return "script.go"
	}
	return filepath.Clean(filename)
}

// newInterp returns an interpreter with the standard library (or the
// sandbox's part of it), the packages of this module that have yaegi
// symbols (projectPackages), and context.Background
// tied to ctx.
func newInterp(ctx context.Context, opts Options, args []string, stderr io.Writer) (*interp.Interpreter, error) {
	out := opts.OutDir
	if opts.Sandbox {
		abs, err := filepath.Abs(out)
		if err != nil {
			return nil, fmt.Errorf("output directory: %w", err)
		}
		out = abs
	}
	// The script sees the environment a native build would see, with
	// SNN_OUT set; in the sandbox, only SNN_OUT.
	env := []string{snn.OutEnv + "=" + out}
	if !opts.Sandbox {
		env = setEnv(os.Environ(), snn.OutEnv, out)
	}
	i := interp.New(interp.Options{
		Stdin:  opts.Stdin,
		Stdout: opts.Stdout,
		Stderr: stderr,
		Args:   args,
		Env:    env,
		// Only the script itself is source; nothing is imported from disk.
		SourcecodeFilesystem: emptyFS{},
	})
	std := stdlib.Symbols
	if opts.Sandbox {
		std = sandboxStdlib()
	}
	if err := i.Use(std); err != nil {
		return nil, fmt.Errorf("loading the standard library: %w", err)
	}
	if err := i.Use(rtcheckSymbols); err != nil {
		return nil, err
	}
	syms := Symbols
	if opts.Sandbox {
		syms = sandboxSymbols(out)
	}
	if err := i.Use(syms); err != nil {
		return nil, fmt.Errorf("loading snn: %w", err)
	}
	outPath := func(name string) string { return filepath.Join(out, name) }
	if opts.Sandbox {
		outPath = sandboxOutPath(out)
	}
	bg := func() context.Context { return ctx }
	overrides := interp.Exports{
		"context/context": {
			"Background": reflect.ValueOf(bg),
			"TODO":       reflect.ValueOf(bg),
		},
		"github.com/gosnn/gosnn/snn/snn": {
			"OutDir":  reflect.ValueOf(func() string { return out }),
			"OutPath": reflect.ValueOf(outPath),
		},
	}
	if !opts.Sandbox {
		// os.Exit panics with a value of a type no script can make, so
		// that panic("os.Exit(0)") is a panic, not a successful exit.
		overrides["os/os"] = map[string]reflect.Value{"Exit": reflect.ValueOf(func(code int) { panic(scriptExit(code)) })}
	}
	if err := i.Use(overrides); err != nil {
		return nil, err
	}
	return i, nil
}

// panicCatcher passes the script's standard error through, except the
// lines the interpreter writes while a panic unwinds the script's frames
// ("pos: panic: main.f(...)"), which it keeps to report the panic.
type panicCatcher struct {
	w      io.Writer
	echo   bool
	mu     sync.Mutex
	frames []frame
}

type frame struct{ pos, fn string }

var panicLine = regexp.MustCompile(`^(\S*): panic: (.*)\(\.\.\.\)\n?$`)

func (c *panicCatcher) Write(p []byte) (int, error) {
	if m := panicLine.FindSubmatch(p); m != nil {
		c.mu.Lock()
		c.frames = append(c.frames, frame{string(m[1]), string(m[2])})
		c.mu.Unlock()
		if c.echo {
			return c.w.Write(p)
		}
		return len(p), nil
	}
	return c.w.Write(p)
}

// scriptExit is the value os.Exit panics with in a script.
type scriptExit int

// report turns the value of a panic that ended the script into an error.
// pos, if known, is where the panic happened.
func (c *panicCatcher) report(name, pos string, v any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if code, ok := v.(scriptExit); ok {
		if code == 0 {
			return nil
		}
		return &ExitError{Code: int(code)}
	}
	e := &Error{Msg: "panic: " + panicMessage(v), Panic: true}
	for k, f := range c.frames {
		if k == 0 {
			e.Pos = f.pos
			e.Msg += " (in " + f.fn + ")"
			continue
		}
		// The interpreter's positions of the calling frames are not
		// reliable (they can point at a neighbouring statement), so only
		// the functions are named.
		e.Trace = append(e.Trace, f.fn)
	}
	if pos != "" {
		e.Pos = pos
	}
	if e.Pos == "" {
		e.Pos = name
	}
	return e
}

func panicMessage(v any) string {
	var s string
	switch v := v.(type) {
	case error:
		s = v.Error()
	case string:
		s = v
	default:
		s = fmt.Sprintf("%v", v)
	}
	// yaegi v0.16.1 puts a position in front of some runtime errors (the
	// error's position is reported apart), and reports others as the
	// reflect package's panics: say what Go would.
	if m := posPrefix.FindStringSubmatch(s); m != nil {
		s = m[2]
	}
	for _, m := range runtimeMessages {
		if strings.Contains(s, m.yaegi) {
			return m.goMsg
		}
	}
	return s
}

var runtimeMessages = []struct{ yaegi, goMsg string }{
	{"on zero Value", "runtime error: invalid memory address or nil pointer dereference"},
	{"reflect: slice index out of range", "runtime error: index out of range"},
	{"reflect: array index out of range", "runtime error: index out of range"},
	{"reflect: string index out of range", "runtime error: index out of range"},
	{"reflect.Value.Slice: slice index out of bounds", "runtime error: slice bounds out of range"},
}

// emptyFS is a file system with no files: the interpreter finds no source
// package on disk to import.
type emptyFS struct{}

func (emptyFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// userHint is appended to errors about missing packages.
func userHint(msg string) string {
	msg = genericHint(msg)
	if strings.Contains(msg, "unable to find source related to") {
		return msg + " (a script can import the standard library and " + projectPackages() + "; for anything else run it with --native)"
	}
	return msg
}
