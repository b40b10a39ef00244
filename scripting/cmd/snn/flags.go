package main

import (
	"flag"
	"fmt"
	"io"
)

// setUsage makes fs's usage the text of the command's help followed by its
// flags and their defaults, written to fs's output.
func setUsage(fs *flag.FlagSet, text string) {
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), text)
		fs.PrintDefaults()
	}
}

// parseOnlyFlags is parseFlags for a command that takes flags only: an
// argument left over after the flags is a usage error (status 2), reported
// on fs's output with the command's name, fs.Name().
func parseOnlyFlags(fs *flag.FlagSet, args []string, stdout io.Writer) (status int, done bool) {
	if status, done := parseFlags(fs, args, stdout); done {
		return status, true
	}
	if fs.NArg() > 0 {
		name := fs.Name()
		fmt.Fprintf(fs.Output(), "snn %s: unexpected argument %q: %s takes only flags (see snn %s --help)\n", name, fs.Arg(0), name, name)
		return 2, true
	}
	return 0, false
}

// noteWeightFlags records in cfg whether the command line set --we or --wi
// itself, after fs parsed it: --scenario refuses explicit weights.
func (cfg *simulateConfig) noteWeightFlags(fs *flag.FlagSet) {
	cfg.setWeights = flagSet(fs, "we") || flagSet(fs, "wi")
}

// flagSet reports whether the flag was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}
