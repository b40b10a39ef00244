package scripting

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
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

	"github.com/gosnn/gosnn/internal/outfs"
	"github.com/gosnn/gosnn/snn"
)

// Limits bound the resources of a script run by [RunIsolated]. A zero
// field means no limit.
type Limits struct {
	// Memory is the memory the script's process may use, in bytes: a
	// memory control group's limit where the system lets the runner make
	// one (so it counts what the script really uses), else a limit on
	// its data segment (RLIMIT_DATA), never on address space.
	Memory int64
	// CPU is the CPU time the child may use (RLIMIT_CPU), in whole
	// seconds, rounded up.
	CPU time.Duration
	// Stack is the largest goroutine stack in bytes; deeper recursion
	// stops the script.
	Stack int64
	// FileSize is the largest file the child may write (RLIMIT_FSIZE).
	FileSize int64
	// Time is the wall-clock time limit.
	Time time.Duration
	// Output is how many bytes of the script's standard output, and of
	// its standard error, are passed on (sandboxed runs only).
	Output int64
	// DiskBytes and Files bound the total size and number of the files
	// and directories in the output directory (sandboxed runs only).
	DiskBytes int64
	Files     int
}

// SandboxLimits are the limits "snn run --sandbox" uses: 2 GiB of memory
// (an 8000-neuron dense tutorial network, 512 MB of weights, fits with
// room to spare), 60 s of wall time, 10 minutes of CPU time, a 64 MiB
// stack, 8 MB of standard output and of standard error, and at most
// 1 GiB in 1000 files written.
var SandboxLimits = Limits{
	Memory: 2 << 30, Time: 60 * time.Second, CPU: 10 * time.Minute, Stack: 64 << 20,
	FileSize: 1 << 30, Output: 8 << 20, DiskBytes: 1 << 30, Files: 1000,
}

// maxThreads bounds the threads of a confined script's process (a pids
// control group, where the system has one): the Go runtime of an
// interpreted script needs a few dozen.
const maxThreads = 256

// childEnv marks a process started by RunIsolated; its value is the
// stage: "1" confines the process and re-executes it as "2i", the
// confined run of the script; "2" runs the script without confinement.
const childEnv = "SNN_SCRIPT_CHILD"

// Exit statuses of the child that the parent interprets.
const (
	// childCompileFailed: the interpreter refused the script.
	childCompileFailed = 3
	// childSetupFailed: the sandbox could not be set up (reported on the
	// ready pipe, before any of the script ran).
	childSetupFailed = 125
)

// childConfig is what the parent sends the child on file descriptor 3.
type childConfig struct {
	File    string
	Source  []byte
	Args    []string
	OutDir  string
	Sandbox bool
	Limits  Limits
	// CgroupMemory: the memory limit is a control group's, so the
	// child sets no RLIMIT_DATA.
	CgroupMemory bool
	Timeout      time.Duration
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

// Usage is what a script run by RunIsolated used.
type Usage struct {
	// Wall is the time from starting the child to its end.
	Wall time.Duration
	// PeakMemory is the most memory the script used, in bytes (the
	// control group's peak, else the peak resident set), or -1.
	PeakMemory int64
}

// A Reason says why the runner stopped or refused a script.
type Reason int

const (
	// Refused: the script was not run (the sandbox cannot be set up on
	// this system, or the output directory is not acceptable).
	Refused Reason = iota + 1
	// TimeLimit: the script ran out of wall time.
	TimeLimit
	// MemoryLimit: the script used more memory than its limit.
	MemoryLimit
	// DiskLimit: the script wrote more bytes or files than allowed.
	DiskLimit
	// Crashed: the script's process was killed by a signal or the Go
	// runtime stopped it.
	Crashed
	// Interrupted: the run was interrupted (Ctrl-C, or its context was
	// canceled).
	Interrupted
)

// ExitStatus is the status "snn run" exits with for the reason.
func (r Reason) ExitStatus() int {
	switch r {
	case Refused:
		return 3
	case TimeLimit:
		return 4
	case MemoryLimit:
		return 5
	case DiskLimit:
		return 6
	case Crashed:
		return 7
	case Interrupted:
		return 130
	}
	return 1
}

// A StopError is the runner's own verdict on a script it stopped or
// refused to run, decided from what the operating system reports, never
// from the script's output.
type StopError struct {
	Reason Reason
	Msg    string
}

func (e *StopError) Error() string { return e.Msg }

// RunIsolated runs the script in a child process, the program exe (which
// calls [ChildMain]), so that nothing the script does — a panic in a
// goroutine it started, a memory bomb, runaway recursion — can take down
// the calling process. The child reports the script's errors on
// opts.Stderr itself; RunIsolated then returns an [*ExitError] with its
// status. The runner's own verdicts (time, memory or disk limit, a crash,
// a refusal) are [*StopError]s.
//
// With opts.Sandbox the child is confined by the operating system as the
// package documentation describes; where the system cannot do that,
// RunIsolated refuses (a StopError with reason Refused that names what
// is missing) unless opts.WeakSandbox is set. The output directory must
// then be new or empty.
//
// When ctx is done the child is interrupted, and killed if it has not
// stopped two seconds later.
func RunIsolated(ctx context.Context, exe, filename string, src []byte, opts Options, lim Limits) (Usage, error) {
	usage := Usage{PeakMemory: -1}
	isolate := false
	if opts.Sandbox {
		if missing := probeSandbox(); len(missing) > 0 {
			if !opts.WeakSandbox {
				return usage, &StopError{Refused, "--sandbox cannot isolate the script on this system, so it was not run: " + strings.Join(missing, "; ") + ". (--weak-sandbox runs it with the interpreter's checks only, which is not a security boundary.)"}
			}
		} else {
			isolate = true
		}
	}
	opts.defaults()
	name := displayName(filename)
	// Refuse before a child is started.
	if err := Check(name, src, opts.Sandbox); err != nil {
		return usage, err
	}
	out, err := opts.outDir(opts.Sandbox)
	if err != nil {
		return usage, err
	}
	r := &isolatedRun{opts: opts, lim: lim, name: name, out: out, isolate: isolate}
	start := time.Now()
	err = r.run(ctx, exe, src)
	usage.Wall = time.Since(start)
	usage.PeakMemory = r.peak
	return usage, err
}

// probeSandbox lists what the system lacks for the sandbox; tests replace
// it to simulate a kernel without a feature.
var probeSandbox = probeIsolation

// outDir prepares the output directory, for Run and RunIsolated alike:
// with fresh it must be new or empty (checkSandboxOut). It returns the
// directory, absolute and without symbolic links.
func (o *Options) outDir(fresh bool) (string, error) {
	if fresh {
		if err := checkSandboxOut(o.OutDir); err != nil {
			return "", &StopError{Refused, err.Error()}
		}
	}
	if err := os.MkdirAll(o.OutDir, 0o755); err != nil {
		return "", fmt.Errorf("output directory: %w", err)
	}
	out, err := absDir(o.OutDir)
	if err != nil {
		return "", fmt.Errorf("output directory: %w", err)
	}
	return out, nil
}

// checkSandboxOut refuses an output directory that a sandboxed script
// could use to harm what is already there: the current directory or one
// above it, a symbolic link, or a directory that is not empty.
func checkSandboxOut(dir string) error {
	if dir == "" {
		return errors.New("--sandbox needs --out DIR, a new or empty directory for the script's files")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("--out %s: %w", dir, err)
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(abs, wd); err == nil && (rel == "." || !strings.HasPrefix(rel, "..")) {
			return fmt.Errorf("--out %s is the current directory or one above it: under --sandbox the script's files go to a new or empty directory of their own", dir)
		}
	}
	fi, err := os.Lstat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("--out %s: %w", dir, err)
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		return fmt.Errorf("--out %s is a symbolic link: under --sandbox give the directory itself, new or empty", dir)
	}
	if !fi.IsDir() {
		return fmt.Errorf("--out %s is not a directory", dir)
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return fmt.Errorf("--out %s: %w", dir, err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("--out %s is not empty (it holds %s): under --sandbox the script may find only the files it creates there; give a new or empty directory", dir, entries[0].Name())
	}
	return nil
}

// isolatedRun is one run of RunIsolated.
type isolatedRun struct {
	opts    Options
	lim     Limits
	name    string
	out     string
	isolate bool // confine the child with namespaces, Landlock and seccomp
	peak    int64
}

func (r *isolatedRun) run(ctx context.Context, exe string, src []byte) error {
	opts, lim := r.opts, r.lim
	cfg := childConfig{File: r.name, Source: src, Args: opts.Args, OutDir: r.out, Sandbox: opts.Sandbox, Limits: lim}
	if !opts.Sandbox {
		cfg.Timeout = lim.Time
	}
	var cg *cgroup
	if opts.Sandbox && lim.Memory > 0 {
		if c, err := newMemCgroup(lim.Memory); err == nil {
			cg = c
			defer cg.remove()
			cfg.CgroupMemory = true
		}
	}
	var pids *cgroup
	if r.isolate {
		if c, err := newPidsCgroup(maxThreads); err == nil {
			pids = c
			defer pids.remove()
		}
	}
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return err
	}
	cfgR, cfgW, err := os.Pipe()
	if err != nil {
		return err
	}
	defer cfgW.Close()
	cmd := exec.Command(exe)
	cmd.Dir = r.out
	cmd.ExtraFiles = []*os.File{cfgR}
	var readyR *os.File
	stage := "2"
	if opts.Sandbox {
		// The script gets nothing from the environment but its output
		// directory.
		var readyW *os.File
		if readyR, readyW, err = os.Pipe(); err != nil {
			cfgR.Close()
			return err
		}
		defer readyR.Close()
		cmd.ExtraFiles = append(cmd.ExtraFiles, readyW)
		defer readyW.Close()
		if r.isolate {
			stage = "1"
			cmd.SysProcAttr = isolationAttr()
		}
		cmd.Env = []string{childEnv + "=" + stage, snn.OutEnv + "=" + r.out}
	} else {
		cmd.Env = setEnv(setEnv(os.Environ(), childEnv, stage), snn.OutEnv, r.out)
	}
	cmd.Stdin = opts.Stdin
	stdout, stderr := opts.Stdout, opts.Stderr
	var outs []*scriptOutput
	if opts.Sandbox {
		o := newScriptOutput(stdout, lim.Output, isTerminal(stdout))
		e := newScriptOutput(stderr, lim.Output, isTerminal(stderr))
		outs = []*scriptOutput{o, e}
		stdout, stderr = o, e
	}
	crash := &crashFilter{w: stderr}
	cmd.Stdout, cmd.Stderr = stdout, crash
	if err := cmd.Start(); err != nil {
		cfgR.Close()
		if r.isolate {
			return &StopError{Refused, fmt.Sprintf("--sandbox could not start the script's process in new namespaces (are user namespaces allowed?): %v", err)}
		}
		return fmt.Errorf("starting the script's process: %w", err)
	}
	cfgR.Close()
	if len(cmd.ExtraFiles) > 1 {
		cmd.ExtraFiles[1].Close()
	}
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	if pids != nil {
		pids.add(cmd.Process.Pid)
	}
	if cg != nil {
		if err := cg.add(cmd.Process.Pid); err != nil {
			cmd.Process.Kill()
			<-waited
			return &StopError{Refused, fmt.Sprintf("could not put the script's process in its memory control group: %v", err)}
		}
	}
	go func() {
		cfgW.Write(cfgJSON)
		cfgW.Close()
	}()

	// Wait until the child says it is confined (sandbox only).
	if readyR != nil {
		ready := make(chan string, 1)
		go func() {
			l, _ := bufio.NewReader(io.LimitReader(readyR, 4096)).ReadString('\n')
			ready <- strings.TrimSpace(l)
		}()
		var msg string
		select {
		case msg = <-ready:
		case <-time.After(30 * time.Second):
			msg = "it did not report being confined within 30 s"
		case <-ctx.Done():
			cmd.Process.Kill()
			<-waited
			return &StopError{Interrupted, "interrupted before the script started"}
		}
		if msg != "ok" {
			cmd.Process.Kill()
			<-waited
			if msg == "" {
				msg = "the script's process ended before it was confined"
			}
			return &StopError{Refused, "--sandbox could not confine the script, so it was not run: " + msg}
		}
	}

	var stop *StopError
	stopped := false
	var timeout <-chan time.Time
	if opts.Sandbox && lim.Time > 0 {
		t := time.NewTimer(lim.Time)
		defer t.Stop()
		timeout = t.C
	}
	var quota <-chan string
	if opts.Sandbox && (lim.DiskBytes > 0 || lim.Files > 0) {
		q := make(chan string, 1)
		quota = q
		done := make(chan struct{})
		defer close(done)
		go watchQuota(r.out, lim, q, done)
	}
	var werr error
	select {
	case werr = <-waited:
	case <-timeout:
		cmd.Process.Kill()
		werr = <-waited
		stop = &StopError{TimeLimit, fmt.Sprintf("time limit of %v reached; the script was stopped (raise it with --timeout)", lim.Time)}
	case msg := <-quota:
		cmd.Process.Kill()
		werr = <-waited
		stop = &StopError{DiskLimit, msg + "; the script was stopped and its files removed"}
	case <-ctx.Done():
		stopped = true
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case werr = <-waited:
		case <-time.After(2 * time.Second):
			cmd.Process.Kill()
			werr = <-waited
		}
		if opts.Sandbox {
			stop = &StopError{Interrupted, fmt.Sprintf("script stopped: %v", context.Cause(ctx))}
			if errors.Is(context.Cause(ctx), context.Canceled) {
				stop.Msg = "script stopped: interrupted"
			}
		}
	}
	crash.flush()
	for _, o := range outs {
		o.Close()
	}
	r.peak = peakMemory(cg, cmd.ProcessState)
	if cg != nil && cg.oomKills() > 0 && (stop == nil || stop.Reason != DiskLimit) {
		stop = &StopError{MemoryLimit, fmt.Sprintf("the script used all of its memory limit of %d MiB (peak %d MiB) and was stopped; raise the limit with --memory MiB", lim.Memory>>20, r.peak>>20)}
	}
	if stop != nil {
		if opts.Sandbox {
			cleanOut(r.out, stop.Reason == DiskLimit)
			if stop.Reason != DiskLimit {
				stop.Msg += "; files already written are kept"
			}
		}
		return stop
	}
	if werr == nil {
		return nil
	}
	if opts.Sandbox {
		// Whatever the script does, a run that did not end normally never
		// exits 0, and partial files do not stay.
		cleanOut(r.out, false)
	}
	if msg := crash.summary(lim, cfg.CgroupMemory); msg != "" {
		pos := crash.pos
		if pos == "" {
			pos = r.name
		}
		if opts.Sandbox && strings.HasPrefix(msg, "the script ran out of memory") {
			return &StopError{MemoryLimit, pos + ": " + msg}
		}
		// A panic in a goroutine the script started ends it with status
		// 2, as it ends a compiled Go program.
		return &Error{Pos: pos, Msg: msg, Panic: strings.HasPrefix(msg, "panic: ")}
	}
	var ee *exec.ExitError
	if !errors.As(werr, &ee) {
		return werr
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		switch ws.Signal() {
		case syscall.SIGXCPU:
			return &StopError{Crashed, fmt.Sprintf("%s: the script used up its CPU time limit of %v", r.name, lim.CPU)}
		case syscall.SIGXFSZ:
			return &StopError{DiskLimit, fmt.Sprintf("%s: the script wrote a file larger than the limit of %d MiB", r.name, lim.FileSize>>20)}
		case syscall.SIGKILL:
			if stopped {
				return fmt.Errorf("script stopped: %w (it did not stop within 2 s and was killed)", context.Cause(ctx))
			}
			return &StopError{Crashed, fmt.Sprintf("%s: the script's process was killed", r.name)}
		}
		return &StopError{Crashed, fmt.Sprintf("%s: the script's process ended with signal %v", r.name, ws.Signal())}
	}
	if opts.Sandbox {
		// A sandboxed script cannot call os.Exit: any other status is
		// the child's report of a failure, shown on its standard error.
		return &ExitError{Code: 1, Compile: ee.ExitCode() == childCompileFailed}
	}
	return &ExitError{Code: ee.ExitCode()}
}

// peakMemory returns the control group's peak, else the child's peak
// resident set, in bytes, or -1.
func peakMemory(cg *cgroup, ps *os.ProcessState) int64 {
	if cg != nil {
		if p := cg.peak(); p >= 0 {
			return p
		}
	}
	if ps != nil {
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			return int64(ru.Maxrss) * 1024
		}
	}
	return -1
}

// watchQuota checks the output directory every 50 ms and sends a message
// on q when it holds more bytes or files than the limits allow.
func watchQuota(dir string, lim Limits, q chan<- string, done <-chan struct{}) {
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return
		case <-tick.C:
		}
		var bytes int64
		files := 0
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || p == dir {
				return nil
			}
			files++
			if info, err := d.Info(); err == nil {
				bytes += info.Size()
			}
			return nil
		})
		switch {
		case lim.Files > 0 && files > lim.Files:
			q <- fmt.Sprintf("the script created more than %d files (--max-files)", lim.Files)
			return
		case lim.DiskBytes > 0 && bytes > lim.DiskBytes:
			q <- fmt.Sprintf("the script wrote more than %s (--max-disk; %s found)", mib(lim.DiskBytes), mib(bytes))
			return
		}
	}
}

// tempFile matches the temporary files that snn writes before renaming
// them into place: what is left of a file that was being written.
var tempFile = regexp.MustCompile(`^\..+\.tmp-[0-9a-z]+$`)

// cleanOut removes what a stopped script left half-written in dir; with
// all, everything it wrote.
func cleanOut(dir string, all bool) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		switch {
		case all:
			os.RemoveAll(p)
		case e.IsDir():
			cleanOut(p, false)
		case tempFile.MatchString(e.Name()):
			os.Remove(p)
		}
	}
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

// maxLine is the longest line the filter holds back; a longer one is
// passed on in pieces, so that a script printing one endless line costs
// the parent linear time and bounded memory.
const maxLine = 64 << 10

var crashStart = regexp.MustCompile(`^(fatal error: |runtime: |runtime/cgo: |panic: |goroutine \d+ \[|unexpected fault|SIGSEGV)`)

func (c *crashFilter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := len(p)
	for len(p) > 0 {
		// Only the new bytes are searched for the end of the line.
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			c.partial = append(c.partial, p...)
			if len(c.partial) >= maxLine {
				c.line(c.partial)
				c.partial = c.partial[:0]
			}
			break
		}
		c.partial = append(c.partial, p[:i+1]...)
		c.line(c.partial)
		c.partial = c.partial[:0]
		p = p[i+1:]
	}
	return n, nil
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
			c.lines = append(c.lines, strings.TrimSpace(string(l[:min(len(l), 1000)])))
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
func (c *crashFilter) summary(lim Limits, cgroup bool) string {
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
	case strings.Contains(all, "pthread_create failed") || strings.Contains(all, "failed to create new OS thread"):
		return fmt.Sprintf("the script started too many threads (the sandbox allows %d)", maxThreads)
	case strings.Contains(all, "out of memory") || strings.Contains(all, "cannot allocate memory"):
		s := "the script ran out of memory"
		if lim.Memory > 0 {
			s += fmt.Sprintf(" (limit %d MiB", lim.Memory>>20)
			if !cgroup {
				s += " of data segment"
			}
			s += "; raise it with --memory MiB)"
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
	switch os.Getenv(childEnv) {
	case "1":
		// Stage 1: confine, then re-execute, so that the confinement
		// covers every thread of the process that runs the script.
		out := os.Getenv(snn.OutEnv)
		err := isolateStage1(out, []string{childEnv + "=2i", snn.OutEnv + "=" + out})
		return setupFailed(err, true)
	case "2i":
		if err := isolateStage2(); err != nil {
			return setupFailed(err, true)
		}
	}
	f := os.NewFile(3, "config")
	var cfg childConfig
	if err := json.NewDecoder(f).Decode(&cfg); err != nil {
		return setupFailed(fmt.Errorf("reading the script from the parent process: %w", err), os.Getenv(childEnv) != "2")
	}
	f.Close()
	// yaegi logs some internal failures with the standard logger before
	// panicking; the panic is reported, the log line would only be noise.
	log.SetOutput(io.Discard)
	if cfg.Sandbox {
		if err := outfs.Confine(cfg.OutDir); err != nil && os.Getenv(childEnv) == "2i" {
			return setupFailed(err, true)
		}
	}
	if err := setLimits(cfg.Limits, cfg.CgroupMemory); err != nil {
		return setupFailed(err, cfg.Sandbox)
	}
	if cfg.Sandbox {
		ready := os.NewFile(4, "ready")
		ready.WriteString("ok\n")
		ready.Close()
	}
	if hostileForTest != nil && strings.HasPrefix(filepath.Base(cfg.File), "hostile-") {
		return hostileForTest(cfg.Args, cfg.OutDir)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if cfg.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, cfg.Timeout, fmt.Errorf("time limit of %v (--timeout) reached", cfg.Timeout))
		defer cancel()
	}
	err := Run(ctx, cfg.File, cfg.Source, Options{Args: cfg.Args, OutDir: cfg.OutDir, Sandbox: cfg.Sandbox, echoPanics: true})
	if cfg.Sandbox && ctx.Err() != nil {
		// The runner stopped the script and says so itself.
		return Interrupted.ExitStatus()
	}
	var l ErrorList
	if cfg.Sandbox && errors.As(err, &l) {
		fmt.Fprintln(os.Stderr, err)
		return childCompileFailed
	}
	return ReportError(ctx, os.Stderr, err)
}

// hostileForTest, set only by this package's tests, runs instead of the
// interpreter for a script named hostile-*.go, once the process is
// confined: native code standing for a script that has taken over its
// process (through a data race, say) and tries every way out.
var hostileForTest func(args []string, out string) int

// setupFailed reports an error in setting up the child, before the script
// runs: on the ready pipe (file descriptor 4) of a sandbox's child, else
// on standard error.
func setupFailed(err error, readyPipe bool) int {
	if err == nil {
		err = errors.New("unknown error")
	}
	if readyPipe {
		ready := os.NewFile(4, "ready")
		if _, werr := ready.WriteString(strings.ReplaceAll(err.Error(), "\n", " ") + "\n"); werr == nil {
			return childSetupFailed
		}
	}
	fmt.Fprintf(os.Stderr, "snn: %v\n", err)
	return childSetupFailed
}

// ReportError prints err as "snn run" does and returns the exit status:
// 0 for nil, the script's status for os.Exit, the reason's status for a
// [*StopError], 130 after an interrupt and 1 otherwise.
func ReportError(ctx context.Context, w io.Writer, err error) int {
	if err == nil {
		return 0
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	var se *StopError
	if errors.As(err, &se) {
		fmt.Fprintln(w, RunnerPrefix+se.Msg)
		return se.Reason.ExitStatus()
	}
	var pe *Error
	if errors.As(err, &pe) && pe.Panic {
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

func setLimits(lim Limits, cgroupMemory bool) error {
	if lim.Stack > 0 {
		debug.SetMaxStack(int(lim.Stack))
	}
	set := func(res int, v uint64) error {
		if v == 0 {
			return nil
		}
		return syscall.Setrlimit(res, &syscall.Rlimit{Cur: v, Max: v})
	}
	if lim.Memory > 0 && !cgroupMemory {
		if err := set(syscall.RLIMIT_DATA, uint64(lim.Memory)); err != nil {
			return fmt.Errorf("memory limit: %w", err)
		}
	}
	if lim.CPU > 0 {
		if err := set(syscall.RLIMIT_CPU, uint64((lim.CPU+time.Second-1)/time.Second)); err != nil {
			return fmt.Errorf("CPU limit: %w", err)
		}
	}
	if err := set(syscall.RLIMIT_FSIZE, uint64(lim.FileSize)); err != nil {
		return fmt.Errorf("file size limit: %w", err)
	}
	syscall.Setrlimit(syscall.RLIMIT_CORE, &syscall.Rlimit{})
	if lim.Memory > 0 {
		// Let the garbage collector work hard before the hard limit.
		debug.SetMemoryLimit(lim.Memory / 10 * 9)
	}
	runtime.GC()
	return nil
}
