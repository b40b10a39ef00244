package scripting

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestSymbolsUpToDate regenerates the yaegi symbols as go generate does
// and fails when the committed files differ: run
//
//	go generate ./scripting/...
//
// after changing the exported API of snn, snn/npy, snn/rng, snn/vec or plots.
func TestSymbolsUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs yaegi extract")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	src, err := os.ReadFile("symbols.go")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^//go:generate go tool yaegi extract (.+)$`).FindSubmatch(src)
	if m == nil {
		t.Fatal("symbols.go has no //go:generate go tool yaegi extract line")
	}
	pkgs := strings.Fields(string(m[1]))

	// yaegi extract writes into the working directory, which must be
	// inside the module to find the packages.
	dir, err := os.MkdirTemp("testdata", "extract-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	cmd := exec.Command("go", append([]string{"tool", "yaegi", "extract", "-name", "scripting"}, pkgs...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Fatalf("yaegi extract: %v\n%s", err, out)
	}
	fresh, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	committed, _ := filepath.Glob("github_com-gosnn-gosnn-*.go")
	names := func(l []string) []string {
		var n []string
		for _, f := range l {
			n = append(n, filepath.Base(f))
		}
		sort.Strings(n)
		return n
	}
	if a, b := names(fresh), names(committed); strings.Join(a, " ") != strings.Join(b, " ") {
		t.Fatalf("generated files %v, committed %v: run go generate ./scripting/... and commit", a, b)
	}
	for _, f := range fresh {
		want, _ := os.ReadFile(f)
		got, _ := os.ReadFile(filepath.Base(f))
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: the exported API changed; run go generate ./scripting/... and commit", filepath.Base(f))
		}
	}
}
