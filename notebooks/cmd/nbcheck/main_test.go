package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	const failures = "../../internal/ipynb/testdata/failures.ipynb"
	tests := []struct {
		name   string
		args   []string
		status int
		out    string // substring of stdout+stderr
	}{
		{"no notebook", nil, 2, "no notebook given"},
		{"bad images flag", []string{"-images", "pixels", failures}, 2, `-images "pixels": allowed values are exact and size`},
		{"unknown flag", []string{"-x", failures}, 2, "flag provided but not defined"},
		{"missing file", []string{"nope.ipynb"}, 1, "nope.ipynb"},
		{"failing cells", []string{failures}, 1, "FAIL  failures.ipynb\n  cell 2 (%%): the cell's program failed (panic:)"},
		{"same as committed but failing", []string{"-committed", "../../internal/ipynb/testdata", failures}, 1, "1 of 1 notebooks have problems (if only outputs are stale, regenerate them: make notebooks)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			status := run(tt.args, &stdout, &stderr)
			out := stdout.String() + stderr.String()
			if status != tt.status || !strings.Contains(out, tt.out) {
				t.Errorf("status %d, output:\n%s\nwant status %d and output containing %q", status, out, tt.status, tt.out)
			}
		})
	}
}
