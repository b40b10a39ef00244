package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/gosnn/gosnn/scripting"
)

const runUsage = `Usage: snn run [--out DIR] [--timeout D] [--sandbox] [--native] script.go [args...]

Run runs a Go experiment script: a package main with a func main that
imports github.com/gosnn/gosnn/snn (and snn/vec, plots). The file builds
unchanged with the Go toolchain. Arguments after the script go to the
script (os.Args[1:]). The script writes its files to snn.OutDir(), which
is --out.

By default the script is interpreted (yaegi), in a child process. Problems
the interpreter cannot handle are reported before running, with the line
and what to write instead.

Flags:
`

// runScript runs "snn run". Interpreted scripts run in a child process,
// this program again, which main starts as the child (scripting.IsChild).
func runScript(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", ".", "directory for the script's files (snn.OutDir() in the script); created if needed")
	timeout := fs.Duration("timeout", 0, "stop the script after this long, e.g. 30s or 5m (0: no limit)")
	sandbox := fs.Bool("sandbox", false, "for untrusted scripts: vetted standard packages only, no imports from disk, files only under --out, a child process with memory and CPU limits")
	native := fs.Bool("native", false, "compile the script with the Go toolchain against this gosnn checkout and run it at full speed")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), runUsage)
		fs.PrintDefaults()
	}
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	if fs.NArg() < 1 {
		fmt.Fprintln(stderr, "snn run: missing the script to run")
		fs.Usage()
		return 2
	}
	if *timeout < 0 {
		fmt.Fprintf(stderr, "snn run: --timeout %v: the time limit must be positive (or 0 for none)\n", *timeout)
		return 2
	}
	if *sandbox && *native {
		fmt.Fprintln(stderr, "snn run: --sandbox and --native cannot be combined: a compiled program is not confined; run untrusted scripts with --sandbox alone")
		return 2
	}
	file := fs.Arg(0)
	src, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(stderr, "snn run: %v\n", err)
		return 1
	}
	opts := scripting.Options{Args: fs.Args()[1:], Stdin: os.Stdin, Stdout: stdout, Stderr: stderr, OutDir: *out, Sandbox: *sandbox}

	if *native {
		if *timeout > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeoutCause(ctx, *timeout, fmt.Errorf("time limit of %v (--timeout) reached", *timeout))
			defer cancel()
		}
		return scripting.ReportError(stderr, ctx, scripting.RunNative(ctx, file, src, opts))
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "snn run: cannot start the script's process: %v\n", err)
		return 1
	}
	var lim scripting.Limits
	if *sandbox {
		lim = scripting.SandboxLimits
	}
	if *timeout > 0 {
		// The child stops the script at the time limit and says so; this
		// later deadline only kills a child that did not stop.
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, *timeout+3*time.Second, fmt.Errorf("time limit of %v (--timeout) reached", *timeout))
		defer cancel()
	}
	return scripting.ReportError(stderr, ctx, scripting.RunIsolated(ctx, exe, file, src, opts, lim, *timeout))
}
