// Command snn simulates spiking networks of Izhikevich neurons from the
// shell and runs Go experiment scripts.
//
// Usage:
//
//	snn <command> [flags] [args]
//
// Run "snn help" for the list of commands and "snn <command> --help" for
// one command's flags.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/gosnn/gosnn/internal/cmdline"
	"github.com/gosnn/gosnn/scripting"
)

// A command is one subcommand of snn.
type command struct {
	name    string
	summary string
	// run executes the command with its arguments (without the command
	// name) and returns the process exit status: 0 success, 1 run
	// failure, 2 usage error. ctx is done when the user asks the command
	// to stop (Ctrl-C, SIGTERM); the command then stops its work, keeps
	// what the user made and returns.
	run func(ctx context.Context, args []string, stdout, stderr io.Writer) int
	// ownsCtrlC: the command handles Ctrl-C (SIGINT) itself, and its
	// context is done on SIGTERM only. The REPL does: Ctrl-C stops the
	// statement being evaluated, not the session.
	ownsCtrlC bool
}

// commands is every subcommand, in the order "snn help" lists them. To
// add one, write its function in a file of its own and add its line here.
var commands = []command{
	{name: "simulate", summary: "run the tutorial's network (or a variant) and report or save its spikes", run: simulate},
	{name: "run", summary: "run a Go experiment script (interpreted, or compiled with --native)", run: runScript},
	{name: "repl", summary: "interactive Go session with snn, snn/vec and plots imported", run: repl, ownsCtrlC: true},
	{name: "grade", summary: "run every student submission in its own sandbox and grade what it wrote with a check script", run: gradeCommand},
	{name: "spnet", summary: "Izhikevich's polychronization network (delays + STDP), exactly as published", run: spnetCommand},
	{name: "export", summary: "write the network of snn simulate's flags as a PyNN script (NEURON, MPI)", run: export},
	{name: "import", summary: "read the spikes of an exported PyNN run back for gosnn's analysis and figures", run: importSpikes},
}

func main() {
	// "snn run" executes interpreted scripts in a child process: this same
	// program, started again with a marker in its environment. The child
	// must take over before anything else happens.
	if scripting.IsChild() {
		os.Exit(scripting.ChildMain())
	}
	// One context for the whole run, done when the user asks snn to stop.
	args := os.Args[1:]
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals(args)...)
	code := run(ctx, args, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// stopSignals returns the signals that stop the command line args:
// SIGTERM, and Ctrl-C (SIGINT) unless the command handles it itself.
func stopSignals(args []string) []os.Signal {
	if len(args) > 0 {
		if c, ok := lookup(args[0]); ok && c.ownsCtrlC {
			return []os.Signal{syscall.SIGTERM}
		}
	}
	return []os.Signal{os.Interrupt, syscall.SIGTERM}
}

// lookup returns the command with the given name.
func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// run runs the command line args (without the program name) and returns
// the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if c, ok := lookup(args[1]); ok {
				return c.run(ctx, []string{"--help"}, stdout, stderr)
			}
		}
		usage(stdout)
		return 0
	}
	c, ok := lookup(args[0])
	if !ok {
		fmt.Fprintf(stderr, "snn: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	return c.run(ctx, args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "snn simulates spiking networks of Izhikevich neurons.")
	fmt.Fprintln(w, "\nUsage:\n\n\tsnn <command> [flags] [args]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "\t%-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun \"snn <command> --help\" for a command's flags.")
}

// parseFlags parses a command's flags: see [cmdline.ParseFlags].
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) (status int, done bool) {
	return cmdline.ParseFlags(fs, args, stdout)
}
