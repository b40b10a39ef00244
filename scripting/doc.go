// Package scripting runs Go experiment scripts with the yaegi interpreter.
//
// A script is an ordinary Go program: package main with a func main that
// imports github.com/gosnn/gosnn/snn (and snn/npy, snn/rng, snn/vec, plots) and the standard
// library. The same file builds unchanged with the Go toolchain; [RunNative]
// does that for full speed. "snn run" and "snn repl" are the command-line
// front ends.
//
// # Where files go
//
// A script writes its files into [snn.OutDir] (or [snn.OutPath](name)),
// which is the --out directory of "snn run" in every mode: interpreted, the
// directory is given to the interpreter directly; natively and in the
// sandbox's child process, through the SNN_OUT environment variable.
//
// # What the interpreter does not support
//
// yaegi v0.16.1 implements Go 1.21 semantics and the Go 1.22 standard
// library. [Check] finds the constructs it would crash on or silently
// run differently, before the script runs: range over an integer or a
// function, the min, max and clear builtins, a closure or pointer that
// captures a loop variable (Go 1.22 gives each iteration its own
// variable; the interpreter shares one), and standard library functions
// newer than Go 1.22. Each report names the line and what to write
// instead, or suggests --native.
//
// # Rewrites and refusals
//
// yaegi v0.16.1 runs some ordinary Go differently from the Go compiler,
// silently. Run rewrites a script before the interpreter sees it so that
// it means the same (rules.go; each rule names the program of
// testdata/difftest that shows the difference):
//
//   - named results are set to their zero value on entry (yaegi keeps
//     them from the previous call);
//   - a, b = x, f() is split into one assignment at a time after
//     evaluating the values in Go's order (yaegi drops values), and
//     v, ok = m[k] likewise (yaegi keeps the old v);
//   - a defer statement's arguments and receiver are evaluated at the
//     defer (yaegi reads them when the deferred call runs);
//   - a loop variable that a closure or pointer captures is copied at the
//     start of each iteration (Go 1.22 semantics; yaegi shares one);
//   - a type switch becomes comma-ok assertions and a switch on their
//     results (yaegi's case *T: misses when T has methods);
//   - a struct or array variable converted to an interface is copied
//     first (yaegi keeps a reference, so later changes show through);
//   - a range over a string whose index is used decodes the string
//     itself (yaegi advances the index by 3 over an invalid byte);
//   - x / 0.0 with a float x divides by a zero variable (yaegi refuses
//     what Go computes as ±Inf or NaN);
//   - constant expressions, and untyped constants of compiled packages
//     such as math.Pi, are written as their exact values (yaegi refuses
//     2*math.Pi*freq, panics on some, computes var x float64 = 7 / 2 as
//     3.5 and float64(-5) * float64(0) as -0);
//   - x[i], x[lo:hi], x[lo:] and x[:hi] on a slice, array or string are
//     checked by internal/rtcheck, whose panics are the Go runtime's own
//     ("index out of range [5] with length 3"), and recover() turns the
//     interpreter's other panics into Go's (yaegi reports reflect's
//     panics, without index and length); loops over a slice by its
//     index skip the check;
//   - the inferred type arguments of the script's generic functions are
//     written out (yaegi infers them wrongly or not at all through a
//     function argument's result or a variadic parameter), and
//     var f = G[int] becomes var f T; f = G[int] (yaegi makes f return
//     zero values).
//
// It refuses, naming the line and what to write instead, what it cannot
// rewrite: a counting loop's variable captured while the body changes it
// or takes its address, a deferred function literal in a loop that uses
// the loop's variables, a deferred f(xs...), method expressions T.M,
// method values of value receivers, assertions to interfaces with
// methods, assertions between a named non-struct type and its underlying
// type, String, Error, Format and GoString methods (fmt ignores them),
// %T, %+v and %#v in format strings, and, in a script that declares
// methods, printing a value held in an interface (yaegi prints its
// internal representation), and, in such a script, printing a value of a
// compiled package's type that holds an interface (an snn.PopulationConfig
// whose Model is the script's own, an snn.Stimulus: yaegi keeps such a
// value in a wrapper struct, which fmt prints), a constraint with a
// pointer term (interface{ *T; M() }) and a struct that is not generic
// with a field of a generic type's instance (yaegi loses its fields).
// The differential tests
// (difftest_test.go) run a corpus of hand-written programs and 2000
// generated ones both ways, and find such differences.
//
// A run-time error that ends a script is reported with the message of
// the first line of Go's panic report and exit status 2, at the script's
// position (Go prints goroutine stacks instead). What remains different:
// an index into, or a slice of, an operand whose type comes from a
// compiled package (res.Spikes[i]) or that has effects (f()[i]), and a
// three-index slice, are not checked, and their error says "index out of
// range" without the index and length; Go's panic value for a failed
// type assertion is a *runtime.TypeAssertionError, the interpreter's an
// error with the same text. A generic function whose type arguments
// involve a compiled package's types and that yaegi cannot infer is
// refused with yaegi's message and the advice to write them.
//
// Scripts define their own neuron types and stimuli by implementing
// snn.Model and snn.Stimulus (or adapting a func with snn.StimulusFunc);
// the simulator calls them once per population per step. yaegi v0.16.1
// fails to put a value of a script's type into an interface field of a
// compiled struct inside a composite literal (snn.PopulationConfig{Model:
// m} panics with "reflect.Set: … not assignable"); Run rewrites such field
// values to func() snn.Model { return m }(), which it handles, so scripts
// are written exactly as for the Go compiler.
//
// # The REPL
//
// [REPL] input goes through the same check and rewrites (replrules.go).
// The session keeps the inputs it accepted as one program (imports,
// declarations, and statements in main); each new input is appended,
// the program is checked and rewritten whole, and the input is then
// refused with the rule's message at a line:column of what was typed,
// evaluated as rewritten, or evaluated as typed. Two more refusals hold
// only at the session's top level, where yaegi v0.16.1 differs again: a
// defer (its deferred calls run again after every later input) and a
// function literal inside a loop (the loop's variables are shared by
// its iterations there).
//
// # Errors
//
// Every error about the script names its position as file:line:col. A
// panic in the script, including one inside a scripted model or stimulus
// that the simulator called, is reported as the position of the statement
// that panicked, the message and the script functions that led there,
// never with the host's goroutine stacks. (Run tracks the statement being
// run itself: yaegi's own panic positions can name an earlier statement.)
// os.Exit(n) in a script ends it with status n.
//
// # Stopping
//
// The context given to [Run] stops the script: interpreted loops check it
// on every branch, and context.Background and context.TODO inside the
// script return it, so a script's call to Network.Run, which checks its
// context on every step, stops too.
//
// # Sandbox
//
// With Options.Sandbox a script may import only the packages in
// [SandboxPackages] (no os, os/exec, net, syscall, unsafe or reflect) and
// nothing from disk; every function of snn and plots that takes a file
// path refuses one outside Options.OutDir, and snn.OutPath keeps any name
// inside it. Those checks are conveniences: a script that corrupts memory
// through a data race runs arbitrary code, so the boundary is the
// operating system's. [RunIsolated] with Options.Sandbox, on Linux, runs
// the script in a child process that
//
//   - is started in new user, mount, PID, network, IPC and UTS namespaces,
//     with an empty environment apart from SNN_OUT ([snn.OutEnv]) and
//     every capability dropped;
//   - is restricted by Landlock to reading and executing the program and
//     the shared libraries it was started from and reading and writing
//     the output directory (no TCP; signals and abstract sockets scoped);
//   - loads a seccomp filter: no execve, new processes, ptrace,
//     process_vm_*, sockets, mounts, namespaces, links or io_uring;
//   - resolves every path the library opens beneath the output directory
//     (internal/outfs: openat2 with RESOLVE_BENEATH and no symbolic links);
//   - gets /dev/null or a given file as standard input, a memory limit
//     that counts what it uses (a memory cgroup, else RLIMIT_DATA), a wall
//     time limit, and quotas on the bytes and files it writes and on its
//     output ([SandboxLimits]).
//
// The output directory must be new or empty. The child tells the parent
// when it is confined; only then does the script run. The parent's
// verdicts ([*StopError]: time, memory or disk limit, crash, refusal) come
// from the operating system, never from the script's output, and its
// messages start with [RunnerPrefix]. Where the system lacks any of these
// pieces, RunIsolated refuses, naming what is missing, unless
// Options.WeakSandbox asks for the interpreter's checks alone (not a
// security boundary). The sandbox does not hide the program and its
// libraries, does not bound CPU share, and measures the disk quota every
// 50 ms (each file is also limited by RLIMIT_FSIZE). A memory bomb or a
// runaway recursion kills only the child, and is reported in one line.
package scripting
