package scripting

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Limits bound the resources of a script run by [RunIsolated]. A zero
// field means no limit.
type Limits struct {
	// Memory is the child's address-space limit in bytes (RLIMIT_AS).
	Memory int64
	// CPU is the CPU time the child may use (RLIMIT_CPU), in whole
	// seconds, rounded up.
	CPU time.Duration
	// Stack is the largest goroutine stack in bytes; deeper recursion
	// stops the script.
	Stack int64
	// FileSize is the largest file the child may write (RLIMIT_FSIZE).
	FileSize int64
}

// SandboxLimits are the limits "snn run --sandbox" uses: 2 GiB of address
// space, 10 minutes of CPU time, a 64 MiB stack and 1 GiB files.
var SandboxLimits = Limits{Memory: 2 << 30, CPU: 10 * time.Minute, Stack: 64 << 20, FileSize: 1 << 30}

// childEnv marks a process started by RunIsolated; its value is the
// stage: "1" applies the Landlock rule and re-executes itself, "2" runs
// the script.
const childEnv = "SNN_SCRIPT_CHILD"

// childConfig is what the parent sends the child on file descriptor 3.
type childConfig struct {
	File    string
	Source  []byte
	Args    []string
	OutDir  string
	Sandbox bool
	Limits  Limits
	Timeout time.Duration
}

// IsChild reports whether this process was started by RunIsolated to run
// a script. A program that calls RunIsolated with its own executable must
// call ChildMain, as early as possible, when IsChild is true:
//
//	func init() {
//		if scripting.IsChild() {
//			os.Exit(scripting.ChildMain())
//		}
//	}
func IsChild() bool { return os.Getenv(childEnv) != "" }

// RunIsolated runs the script in a child process, the program exe (which
// calls [ChildMain]), so that nothing the script does — a panic in a
// goroutine it started, a memory bomb, runaway recursion — can take down
// the calling process. The child reports the script's errors on
// opts.Stderr itself; RunIsolated then returns an [*ExitError] with its
// status. The child's own crashes are summarised in one line (never as
// goroutine stacks), and when opts.Sandbox is set the child is also
// confined as the package documentation describes.
//
// When ctx is done the child is interrupted, and killed if it has not
// stopped two seconds later; timeout, if positive, is the run's time limit
// as the child should report it.
func RunIsolated(ctx context.Context, exe, filename string, src []byte, opts Options, lim Limits, timeout time.Duration) error {
	opts.defaults()
	name := displayName(filename)
	if err := Check(name, src, opts.Sandbox); err != nil {
		return err
	}
	if err := os.MkdirAll(opts.OutDir, 0o755); err != nil {
		return fmt.Errorf("output directory: %w", err)
	}
	out := opts.OutDir
	if abs, err := absDir(out); err == nil {
		out = abs
	}
	cfg, err := json.Marshal(childConfig{File: name, Source: src, Args: opts.Args, OutDir: out, Sandbox: opts.Sandbox, Limits: lim, Timeout: timeout})
	if err != nil {
		return err
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return err
	}
	cmd := exec.Command(exe)
	stage := "2"
	if opts.Sandbox {
		stage = "1"
	}
	cmd.Env = setEnv(setEnv(os.Environ(), childEnv, stage), "SNN_OUT", out)
	cmd.Stdin, cmd.Stdout = opts.Stdin, opts.Stdout
	crash := &crashFilter{w: opts.Stderr}
	cmd.Stderr = crash
	cmd.ExtraFiles = []*os.File{pr}
	if err := cmd.Start(); err != nil {
		pr.Close()
		pw.Close()
		return fmt.Errorf("starting the script's process: %w", err)
	}
	pr.Close()
	go func() {
		pw.Write(cfg)
		pw.Close()
	}()
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	var werr error
	stopped := false
	select {
	case werr = <-waited:
	case <-ctx.Done():
		stopped = true
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case werr = <-waited:
		case <-time.After(2 * time.Second):
			cmd.Process.Kill()
			werr = <-waited
		}
	}
	crash.flush()
	if werr == nil {
		return nil
	}
	if msg := crash.summary(lim); msg != "" {
		pos := crash.pos
		if pos == "" {
			pos = name
		}
		return &Error{Pos: pos, Msg: msg}
	}
	var ee *exec.ExitError
	if !errors.As(werr, &ee) {
		return werr
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		switch ws.Signal() {
		case syscall.SIGXCPU:
			return &Error{Pos: name, Msg: fmt.Sprintf("the script used up its CPU time limit of %v", lim.CPU)}
		case syscall.SIGXFSZ:
			return &Error{Pos: name, Msg: fmt.Sprintf("the script wrote a file larger than the limit of %d MiB", lim.FileSize>>20)}
		case syscall.SIGKILL:
			if stopped {
				return fmt.Errorf("script stopped: %w (it did not stop within 2 s and was killed)", context.Cause(ctx))
			}
			return &Error{Pos: name, Msg: "the script's process was killed (out of memory?)"}
		}
		return &Error{Pos: name, Msg: fmt.Sprintf("the script's process ended with signal %v", ws.Signal())}
	}
	return &ExitError{Code: ee.ExitCode()}
}

// crashFilter passes the child's standard error through until the Go
// runtime starts printing a crash (a fatal error or an unrecovered panic
// with goroutine stacks); it keeps that, to summarise, instead.
type crashFilter struct {
	w       io.Writer
	mu      sync.Mutex
	partial []byte
	crashed bool
	lines   []string
	pos     string // innermost script position of a panic, if any
}

var crashStart = regexp.MustCompile(`^(fatal error: |runtime: |panic: |goroutine \d+ \[|unexpected fault|SIGSEGV)`)

func (c *crashFilter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.partial = append(c.partial, p...)
	for {
		i := strings.IndexByte(string(c.partial), '\n')
		if i < 0 {
			break
		}
		c.line(c.partial[:i+1])
		c.partial = c.partial[i+1:]
	}
	return len(p), nil
}

func (c *crashFilter) line(l []byte) {
	if m := panicLine.FindSubmatch(l); m != nil {
		if c.pos == "" {
			c.pos = string(m[1])
		}
		return
	}
	if !c.crashed && crashStart.Match(l) {
		c.crashed = true
	}
	if c.crashed {
		if len(c.lines) < 20 {
			c.lines = append(c.lines, strings.TrimSpace(string(l)))
		}
		return
	}
	c.w.Write(l)
}

func (c *crashFilter) flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.partial) > 0 {
		c.line(c.partial)
		c.partial = nil
	}
}

// summary describes the child's crash in one line, or returns "".
func (c *crashFilter) summary(lim Limits) string {
	if !c.crashed {
		return ""
	}
	all := strings.Join(c.lines, "\n")
	switch {
	case strings.Contains(all, "stack overflow") || strings.Contains(all, "stack exceeds") || strings.Contains(all, "runtime.newstack"):
		s := "stack overflow: the script's recursion is too deep"
		if lim.Stack > 0 {
			s += fmt.Sprintf(" for the %d MiB stack limit", lim.Stack>>20)
		}
		return s
	case strings.Contains(all, "out of memory") || strings.Contains(all, "cannot allocate memory"):
		s := "the script ran out of memory"
		if lim.Memory > 0 {
			s += fmt.Sprintf(" (limit %d MiB)", lim.Memory>>20)
		}
		return s
	}
	for _, l := range c.lines {
		if strings.HasPrefix(l, "panic: ") {
			l = strings.TrimSuffix(strings.TrimSuffix(l, " [recovered, repanicked]"), " [recovered]")
			return l + " (in a goroutine the script started; the panic ended the script)"
		}
	}
	for _, l := range c.lines {
		if strings.HasPrefix(l, "fatal error: ") {
			return "the interpreter stopped: " + strings.TrimPrefix(l, "fatal error: ")
		}
	}
	return "the script's process crashed: " + c.lines[0]
}

// setEnv returns env with the variable key set to value, replacing any
// earlier setting.
func setEnv(env []string, key, value string) []string {
	out := make([]string, 0, len(env)+1)
	for _, kv := range env {
		if !strings.HasPrefix(kv, key+"=") {
			out = append(out, kv)
		}
	}
	return append(out, key+"="+value)
}

func absDir(d string) (string, error) {
	abs, err := filepath.Abs(d)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// ChildMain runs the script that RunIsolated sent to this process and
// returns the exit status. It must only be called when IsChild is true.
func ChildMain() int {
	if os.Getenv(childEnv) == "1" {
		// Stage 1: confine writes to the output directory, then
		// re-execute, so that the rule covers every thread of the
		// process that runs the script.
		if err := confine(os.Getenv("SNN_OUT")); err != nil {
			fmt.Fprintf(os.Stderr, "snn: sandbox: %v\n", err)
			return 1
		}
		return 1 // confine only returns on error
	}
	f := os.NewFile(3, "config")
	var cfg childConfig
	if err := json.NewDecoder(f).Decode(&cfg); err != nil {
		fmt.Fprintf(os.Stderr, "snn: reading the script from the parent process: %v\n", err)
		return 1
	}
	f.Close()
	// yaegi logs some internal failures with the standard logger before
	// panicking; the panic is reported, the log line would only be noise.
	log.SetOutput(io.Discard)
	if err := setLimits(cfg.Limits); err != nil {
		fmt.Fprintf(os.Stderr, "snn: sandbox: %v\n", err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if cfg.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, cfg.Timeout, fmt.Errorf("time limit of %v (--timeout) reached", cfg.Timeout))
		defer cancel()
	}
	err := Run(ctx, cfg.File, cfg.Source, Options{Args: cfg.Args, OutDir: cfg.OutDir, Sandbox: cfg.Sandbox, echoPanics: true})
	return ReportError(os.Stderr, ctx, err)
}

// ReportError prints err as "snn run" does and returns the exit status:
// 0 for nil, the script's status for os.Exit, 130 after an interrupt and
// 1 otherwise.
func ReportError(w io.Writer, ctx context.Context, err error) int {
	if err == nil {
		return 0
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	var se *Error
	if errors.As(err, &se) && se.Panic {
		// A Go program that panics ends with status 2.
		fmt.Fprintln(w, err)
		return 2
	}
	if ctx.Err() != nil {
		cause := context.Cause(ctx)
		if errors.Is(cause, context.Canceled) {
			fmt.Fprintln(w, "script stopped: interrupted; files already written are kept")
			return 130
		}
		fmt.Fprintf(w, "script stopped: %v; files already written are kept\n", cause)
		return 1
	}
	fmt.Fprintln(w, err)
	return 1
}

func setLimits(lim Limits) error {
	if lim.Stack > 0 {
		debug.SetMaxStack(int(lim.Stack))
	}
	set := func(res int, v uint64) error {
		if v == 0 {
			return nil
		}
		return syscall.Setrlimit(res, &syscall.Rlimit{Cur: v, Max: v})
	}
	if err := set(syscall.RLIMIT_AS, uint64(lim.Memory)); err != nil {
		return fmt.Errorf("memory limit: %w", err)
	}
	if lim.CPU > 0 {
		if err := set(syscall.RLIMIT_CPU, uint64((lim.CPU+time.Second-1)/time.Second)); err != nil {
			return fmt.Errorf("CPU limit: %w", err)
		}
	}
	if err := set(syscall.RLIMIT_FSIZE, uint64(lim.FileSize)); err != nil {
		return fmt.Errorf("file size limit: %w", err)
	}
	if lim.Memory > 0 {
		// Let the garbage collector work hard before the hard limit.
		debug.SetMemoryLimit(lim.Memory / 2)
	}
	runtime.GC()
	return nil
}
