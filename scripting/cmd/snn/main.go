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
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
)

// A command is one subcommand of snn. Each lives in its own file and
// registers itself in init.
type command struct {
	name    string
	summary string
	// run executes the command with its arguments (without the command
	// name) and returns the process exit status: 0 success, 1 run
	// failure, 2 usage error.
	run func(args []string, stdout, stderr io.Writer) int
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				return c.run([]string{"--help"}, stdout, stderr)
			}
		}
		usage(stdout)
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "snn: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	return c.run(args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "snn simulates spiking networks of Izhikevich neurons.")
	fmt.Fprintln(w, "\nUsage:\n\n\tsnn <command> [flags] [args]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "\t%-10s %s\n", name, commands[name].summary)
	}
	fmt.Fprintln(w, "\nRun \"snn <command> --help\" for a command's flags.")
}

// parseFlags parses a command's flags. When the command should stop there,
// it returns done and the exit status: 0 after --help, whose usage goes to
// stdout, and 2 after a bad flag, which the flag package has reported with
// the usage on the flag set's output.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) (status int, done bool) {
	// Parse prints its complaint and the usage itself, also for -help;
	// hold them back so that help goes to stdout only, once.
	stderr := fs.Output()
	var msg bytes.Buffer
	fs.SetOutput(&msg)
	err := fs.Parse(args)
	fs.SetOutput(stderr)
	if err == nil {
		return 0, false
	}
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stdout)
		fs.Usage()
		return 0, true
	}
	stderr.Write(msg.Bytes())
	return 2, true
}
