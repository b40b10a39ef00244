package scripting

import (
	"os/exec"
	"testing"
)

// TestGeneralFigures checks that a script draws plots' general figures
// from plain slices, interpreted as compiled, to the same bytes.
func TestGeneralFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the script with the Go toolchain")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command for the native run")
	}
	in, nat := runBoth(t, "testdata/figures.go")
	compareRuns(t, in, nat)
	for _, name := range []string{"lines.svg", "scatter.png", "histogram.svg", "map.png"} {
		if len(in.files[name]) == 0 {
			t.Errorf("the script wrote no %s (files: %d)", name, len(in.files))
		}
	}
	if want := "lines: series 2 (\"bad\") has 50 x values and 3 y values: each point needs one of each\n"; in.stdout != want {
		t.Errorf("output %q, want %q", in.stdout, want)
	}
}
