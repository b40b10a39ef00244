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
imports github.com/gosnn/gosnn/snn (and snn/npy, snn/rng, snn/vec, plots). The file builds
unchanged with the Go toolchain. Arguments after the script go to the
script (os.Args[1:]). The script writes its files to snn.OutDir(), which
is --out.

By default the script is interpreted (yaegi), in a child process. Problems
the interpreter cannot handle are reported before running, with the line
and what to write instead.

--sandbox is for untrusted scripts (students' submissions). The script
runs confined by the operating system: new user, mount, PID, network, IPC
and UTS namespaces, Landlock (it reads and writes only --out), seccomp (no
programs, no ptrace, no sockets) and file names resolved beneath --out.
Where the system cannot do that, snn run refuses and says what is
missing; --weak-sandbox runs anyway with the interpreter's checks only,
which is not a security boundary. Under --sandbox, --out is required and
must be new or empty; stdin is /dev/null unless --stdin FILE; time (60 s),
memory (2048 MiB), output (8 MB per stream) and files written (1 GiB in
1000 files) are limited. Lines starting "snn run: " are the runner's;
a script's line that imitates one is shown with "| " in front. Exit
status: 0 the script finished, 1 it failed (its error is shown), 2 it
panicked (as a compiled Go program does) or bad usage, 3 refused, 4 time limit, 5 memory limit, 6 disk or file limit,
7 crashed, 130 interrupted.

Flags:
`

// runScript runs "snn run". Interpreted scripts run in a child process,
// this program again, which main starts as the child (scripting.IsChild).
func runScript(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "directory for the script's files (snn.OutDir() in the script); created if needed (default \".\", required with --sandbox)")
	timeout := fs.Duration("timeout", 0, "stop the script after this long, e.g. 30s or 5m (default: no limit, 60s with --sandbox)")
	sandbox := fs.Bool("sandbox", false, "for untrusted scripts: confined by the operating system to --out, with time, memory and disk limits (see above)")
	weak := fs.Bool("weak-sandbox", false, "with --sandbox: run even where the operating system cannot isolate the script (interpreter checks and limits only; NOT a security boundary)")
	stdinFile := fs.String("stdin", "", "with --sandbox: file to give the script as standard input (default /dev/null)")
	memory := fs.Int64("memory", scripting.SandboxLimits.Memory>>20, "with --sandbox: memory limit in MiB (what the script really uses)")
	maxDisk := fs.Int64("max-disk", scripting.SandboxLimits.DiskBytes>>20, "with --sandbox: total MiB the script may write in --out")
	maxFiles := fs.Int("max-files", scripting.SandboxLimits.Files, "with --sandbox: number of files and directories the script may create in --out")
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
	if !*sandbox {
		for _, f := range []string{"weak-sandbox", "stdin", "memory", "max-disk", "max-files"} {
			if flagSet(fs, f) {
				fmt.Fprintf(stderr, "snn run: --%s applies only with --sandbox\n", f)
				return 2
			}
		}
	}
	if *sandbox {
		if *out == "" {
			fmt.Fprintln(stderr, "snn run: --sandbox needs --out DIR, a new or empty directory for the script's files")
			return 2
		}
		if *memory <= 0 || *maxDisk <= 0 || *maxFiles <= 0 {
			fmt.Fprintln(stderr, "snn run: --memory, --max-disk and --max-files must be positive")
			return 2
		}
	}
	if *out == "" {
		*out = "."
	}
	file := fs.Arg(0)
	src, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(stderr, "snn run: %v\n", err)
		return 1
	}
	opts := scripting.Options{Args: fs.Args()[1:], Stdin: os.Stdin, Stdout: stdout, Stderr: stderr, OutDir: *out, Sandbox: *sandbox, WeakSandbox: *weak}

	if *native {
		if *timeout > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeoutCause(ctx, *timeout, fmt.Errorf("time limit of %v (--timeout) reached", *timeout))
			defer cancel()
		}
		return scripting.ReportError(ctx, stderr, scripting.RunNative(ctx, file, src, opts))
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "snn run: cannot start the script's process: %v\n", err)
		return 1
	}
	lim := scripting.Limits{Time: *timeout}
	if *sandbox {
		lim = scripting.SandboxLimits
		lim.Memory, lim.DiskBytes, lim.Files = *memory<<20, *maxDisk<<20, *maxFiles
		if flagSet(fs, "timeout") {
			lim.Time = *timeout
		}
		in := *stdinFile
		if in == "" {
			in = os.DevNull
		}
		f, err := os.Open(in)
		if err != nil {
			fmt.Fprintf(stderr, "snn run: --stdin: %v\n", err)
			return 1
		}
		defer f.Close()
		opts.Stdin = f
		_, err = scripting.RunIsolated(ctx, exe, file, src, opts, lim)
		return scripting.ReportError(ctx, stderr, err)
	}
	if *timeout > 0 {
		// The child stops the script at the time limit and says so; this
		// later deadline only kills a child that did not stop.
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, *timeout+3*time.Second, fmt.Errorf("time limit of %v (--timeout) reached", *timeout))
		defer cancel()
	}
	_, err = scripting.RunIsolated(ctx, exe, file, src, opts, lim)
	return scripting.ReportError(ctx, stderr, err)
}
