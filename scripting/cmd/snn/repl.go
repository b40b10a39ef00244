package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gosnn/gosnn/scripting"
)

// repl runs "snn repl". Its context is done on SIGTERM only: Ctrl-C stops
// the statement being evaluated, which scripting.REPL handles.
func repl(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("repl", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: snn repl\n\nRepl reads Go statements and expressions from standard input, runs them and\nprints each expression's value. Already imported: %s.\nCtrl-C stops the current statement; Ctrl-D ends the session.\n", strings.Join(scripting.ReplImports, ", "))
	}
	if status, done := parseFlags(fs, args, stdout); done {
		return status
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "snn repl: unexpected argument %q: repl takes no arguments (use snn run to run a script)\n", fs.Arg(0))
		return 2
	}
	if err := scripting.REPL(ctx, os.Stdin, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "snn repl: %v\n", err)
		return 1
	}
	return 0
}
