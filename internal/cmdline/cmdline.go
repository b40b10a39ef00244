// Package cmdline holds what the project's commands (snn and the
// developers' snnbench) share in reading their command lines, so that they
// behave alike: --help prints the usage to standard output and exits 0, a
// bad flag prints the complaint and the usage to standard error and exits 2.
package cmdline

import (
	"bytes"
	"errors"
	"flag"
	"io"
)

// ParseFlags parses args with fs. When the command should stop there, it
// returns done and the exit status: 0 after -h, -help or --help, whose
// usage goes to stdout, and 2 after a bad flag, which the flag package has
// reported with the usage on fs's output (standard error by default).
func ParseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) (status int, done bool) {
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
