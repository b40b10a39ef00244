package scripting

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSandboxRefusesWithoutIsolation simulates systems that lack each
// piece of the isolation: --sandbox must refuse, name what is missing and
// leave no output directory behind; with WeakSandbox it runs.
func TestSandboxRefusesWithoutIsolation(t *testing.T) {
	defer func(f func() []string) { probeSandbox = f }(probeSandbox)
	exe := testExe(t)
	for _, missing := range []string{
		"Landlock (the kernel's file-access sandbox) is not enabled",
		"user namespaces are disabled (/proc/sys/user/max_user_namespaces is 0)",
		"seccomp filters (CONFIG_SECCOMP_FILTER) are not available",
	} {
		probeSandbox = func() []string { return []string{missing} }
		out := filepath.Join(t.TempDir(), "out")
		var o, e bytes.Buffer
		_, err := RunIsolated(context.Background(), exe, "s.go", []byte("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"ran\") }\n"),
			Options{Sandbox: true, OutDir: out, Stdout: &o, Stderr: &e}, SandboxLimits)
		var se *StopError
		if !errors.As(err, &se) || se.Reason != Refused || !strings.Contains(se.Msg, missing) || !strings.Contains(se.Msg, "--weak-sandbox") || o.Len() > 0 {
			t.Errorf("%s: %v, stdout %q; want a refusal naming it", missing, err, o.String())
		}
		if se != nil && se.Reason.ExitStatus() != 3 {
			t.Errorf("refusal exits %d", se.Reason.ExitStatus())
		}
		if _, err := absDir(out); err == nil {
			t.Errorf("%s: the refused run made its output directory", missing)
		}
		// The weak mode keeps the interpreter's checks and resolves the
		// library's paths beneath the output directory, so a method
		// value still cannot write elsewhere.
		victim := filepath.Join(t.TempDir(), "victim")
		_, err = RunIsolated(context.Background(), exe, "s.go", []byte(`package main

import (
	"context"
	"fmt"

	"github.com/gosnn/gosnn/snn"
)

func main() {
	net, _ := snn.New(snn.Tutorial(snn.TutorialOptions{Ne: 8, Ni: 2, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1}))
	res, _ := net.Run(context.Background(), 5, nil)
	save := res.Save
	fmt.Println("ran", save(snn.OutPath("ok")) == nil)
	fmt.Println(save("`+victim+`"))
}
`), Options{Sandbox: true, WeakSandbox: true, OutDir: out, Stdout: &o, Stderr: &e}, SandboxLimits)
		if err != nil || !strings.HasPrefix(o.String(), "ran true\n") || !strings.Contains(o.String(), "outside the output directory") {
			t.Errorf("%s with WeakSandbox: %v, stdout %q, stderr %q", missing, err, o.String(), e.String())
		}
		if _, err := os.Stat(victim); err == nil {
			t.Errorf("%s with WeakSandbox: a method value wrote outside --out", missing)
		}
		o.Reset()
	}
}

func testExe(t *testing.T) string {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return exe
}
