package cmdline

import (
	"bytes"
	"flag"
	"strings"
	"testing"
)

func TestParseFlags(t *testing.T) {
	for _, tc := range []struct {
		args           []string
		status         int
		done           bool
		stdout, stderr string // substrings; "" means the stream must be empty
	}{
		{args: []string{"-n", "3"}},
		{args: []string{"-h"}, done: true, stdout: "Usage of test"},
		{args: []string{"--help"}, done: true, stdout: "Usage of test"},
		{args: []string{"-help"}, done: true, stdout: "Usage of test"},
		{args: []string{"-bogus"}, status: 2, done: true, stderr: "flag provided but not defined: -bogus"},
		{args: []string{"-n", "x"}, status: 2, done: true, stderr: `invalid value "x"`},
	} {
		var stdout, stderr bytes.Buffer
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		fs.SetOutput(&stderr)
		n := fs.Int("n", 0, "a number")
		status, done := ParseFlags(fs, tc.args, &stdout)
		if status != tc.status || done != tc.done {
			t.Errorf("%q: status %d, done %v; want %d, %v", tc.args, status, done, tc.status, tc.done)
		}
		for _, s := range []struct {
			name, want string
			got        *bytes.Buffer
		}{{"stdout", tc.stdout, &stdout}, {"stderr", tc.stderr, &stderr}} {
			if s.want == "" && s.got.Len() > 0 || !strings.Contains(s.got.String(), s.want) {
				t.Errorf("%q: %s = %q, want it to hold %q", tc.args, s.name, s.got, s.want)
			}
		}
		if tc.stderr != "" && strings.Count(stderr.String(), "Usage of test") != 1 {
			t.Errorf("%q: the usage is printed %d times on stderr, want once", tc.args, strings.Count(stderr.String(), "Usage of test"))
		}
		if !done && *n != 3 {
			t.Errorf("%q: -n = %d, want 3", tc.args, *n)
		}
	}
}
