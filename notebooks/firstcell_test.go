package notebooks

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestFirstCellStandIn builds, the way GoNB builds a cell, a program that
// imports the notebooks' packages without the workspace that the first
// cell sets up, with the kernel's GOPROXY as setup.sh writes it: the build
// must fail with the stand-in's message that says to run the first cell,
// not with a module proxy's "403 Forbidden".
func TestFirstCellStandIn(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 is needed to write the stand-in proxy (setup.sh runs internal/firstcell/make_proxy.py with it)")
	}
	dir := t.TempDir()
	proxy := filepath.Join(dir, "proxy")
	if out, err := exec.Command(python, "internal/firstcell/make_proxy.py", proxy).CombinedOutput(); err != nil {
		t.Fatalf("make_proxy.py: %v\n%s", err, out)
	}
	cell := filepath.Join(dir, "cell")
	if err := os.MkdirAll(cell, 0o755); err != nil {
		t.Fatal(err)
	}
	main := "package main\n\nimport (\n\t\"github.com/gosnn/gosnn/notebooks/nb\"\n\t\"github.com/gosnn/gosnn/snn\"\n)\n\nfunc main() { _ = nb.Tutorial; _ = snn.RS }\n"
	if err := os.WriteFile(filepath.Join(cell, "main.go"), []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=file://"+proxy+",off",
		"GONOSUMDB=github.com/gosnn/gosnn", "GOMODCACHE="+filepath.Join(dir, "modcache"))
	run := func(args ...string) (string, error) {
		cmd := exec.Command("go", args...)
		cmd.Dir, cmd.Env = cell, env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := run("mod", "init", "gonb_cell"); err != nil {
		t.Fatalf("go mod init: %v\n%s", err, out)
	}
	if out, err := run("get"); err != nil { // what GoNB runs after each cell
		t.Fatalf("go get: %v\n%s", err, out)
	}
	out, err := run("build", "-o", os.DevNull, ".")
	if err == nil || !strings.Contains(out, "RunTheFirstCodeCellOfThisNotebookFirst") {
		t.Errorf("building a cell before the first cell: err %v, output\n%s\nwant a build error naming RunTheFirstCodeCellOfThisNotebookFirst", err, out)
	}
	// The module cache is read-only; let TempDir remove it.
	_ = exec.Command("chmod", "-R", "u+w", filepath.Join(dir, "modcache")).Run()
}
