package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// snnRun runs "snn run args..." in this process; interpreted scripts run
// in a child process that is this test binary (see init in run.go).
func snnRun(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(context.Background(), append([]string{"run"}, args...), &o, &e)
	return code, o.String(), e.String()
}

// writeScript writes a script into dir and returns its path.
func writeScript(t *testing.T, dir, name, src string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// snapshot lists every file under dir with its contents.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			m[p] = string(b)
		}
		return nil
	})
	return m
}

func TestRunUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "missing the script to run"},
		{[]string{"--timeout", "-1s", "x.go"}, 2, "the time limit must be positive"},
		{[]string{"--sandbox", "--native", "x.go"}, 2, "--sandbox and --native cannot be combined"},
		{[]string{"--bogus", "x.go"}, 2, "flag provided but not defined: -bogus"},
		{[]string{"no-such-script.go"}, 1, "no-such-script.go: no such file or directory"},
	}
	for _, tt := range tests {
		code, _, stderr := snnRun(t, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("snn run %v: status %d, stderr %q; want %d and %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}
}

// Every command prints its usage once: on stdout for --help, on stderr
// after the complaint for a bad flag.
func TestCommandsUsageOnce(t *testing.T) {
	for _, c := range commands {
		cmd := c.name
		usage := "Usage: snn " + cmd
		code, stdout, stderr := runCmd(t, cmd, "--help")
		if code != 0 || strings.Count(stdout, usage) != 1 || stderr != "" {
			t.Errorf("snn %s --help: status %d, stdout has the usage %d times, stderr %q; want 0, once, nothing",
				cmd, code, strings.Count(stdout, usage), stderr)
		}
		code, stdout, stderr = runCmd(t, cmd, "--bogus")
		if code != 2 || stdout != "" || strings.Count(stderr, "flag provided but not defined: -bogus") != 1 || strings.Count(stderr, usage) != 1 {
			t.Errorf("snn %s --bogus: status %d, stdout %q, stderr %q; want 2, nothing, the complaint and the usage once", cmd, code, stdout, stderr)
		}
	}
}

func TestRunScript(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	script := writeScript(t, dir, "hello.go", `package main

import (
	"fmt"
	"io"
	"os"

	"github.com/gosnn/gosnn/snn"
)

func main() {
	fmt.Println("args:", os.Args[1:])
	err := snn.WriteFile(snn.OutPath("note.txt"), func(w io.Writer) error {
		_, err := io.WriteString(w, "written")
		return err
	})
	fmt.Println("write:", err)
}
`)
	code, stdout, stderr := snnRun(t, "--out", out, script, "a", "-b")
	if code != 0 || stdout != "args: [a -b]\nwrite: <nil>\n" {
		t.Fatalf("status %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if b, err := os.ReadFile(filepath.Join(out, "note.txt")); err != nil || string(b) != "written" {
		t.Errorf("--out file: %q, %v", b, err)
	}
}

func TestRunReportsErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, src string
		code      int
		want      string
	}{
		{"compile.go", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(y)\n}\n", 1, "compile.go:6:14: undefined: y\n"},
		{"builtin.go", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(min(2, 1))\n}\n", 1, "builtin.go:6:14: the min builtin (Go 1.21) is not supported by the interpreter"},
		{"panic.go", "package main\n\nfunc main() {\n\tvar s []int\n\t_ = s[3]\n}\n", 2, "panic.go:5:2: panic: runtime error: index out of range"},
		{"nil.go", "package main\n\ntype T struct{ x int }\n\nfunc main() {\n\tvar p *T\n\tp.x = 1\n}\n", 2, "nil.go:7:2: panic: runtime error: invalid memory address or nil pointer dereference"},
		{"goroutine.go", "package main\n\nfunc main() {\n\tdone := make(chan bool)\n\tgo func() {\n\t\tpanic(\"in goroutine\")\n\t}()\n\t<-done\n}\n", 2, "panic: in goroutine (in a goroutine the script started; the panic ended the script)"},
		{"rangecall.go", "package main\n\nimport (\n\t\"fmt\"\n\n\t\"github.com/gosnn/gosnn/snn\"\n)\n\nfunc main() {\n\tnet, _ := snn.New(snn.Tutorial(snn.TutorialOptions{Ne: 8, Ni: 2, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1, Seed: 0}))\n\tfor i := range net.Len() {\n\t\tfmt.Println(i)\n\t}\n}\n", 1,
			"the likely cause is a range over an integer (Go 1.22) or a function (Go 1.23), which the interpreter does not support: if that is what "},
		{"exit.go", "package main\n\nimport \"os\"\n\nfunc main() {\n\tos.Exit(4)\n}\n", 4, ""},
		{"recovered.go", "package main\n\nimport \"fmt\"\n\nfunc f() (err error) {\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\terr = fmt.Errorf(\"recovered: %v\", r)\n\t\t}\n\t}()\n\tpanic(\"inner\")\n}\n\nfunc main() {\n\t_ = f()\n}\n", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := snnRun(t, "--out", dir, writeScript(t, dir, tt.name, tt.src))
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("status %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.want)
			}
			if tt.want == "" && stderr != "" {
				t.Errorf("stderr %q, want nothing", stderr)
			}
			if strings.Contains(stderr, "goroutine 1 [") || strings.Contains(stderr, "runtime.") {
				t.Errorf("stderr shows host stacks:\n%s", stderr)
			}
		})
	}
}

func TestRunTimeout(t *testing.T) {
	dir := t.TempDir()
	tests := map[string]string{
		"loop.go": "package main\n\nfunc main() {\n\tfor {\n\t}\n}\n",
		"model.go": `package main

import (
	"context"

	"github.com/gosnn/gosnn/snn"
)

type Stuck struct{ v []float64 }

func (m *Stuck) Len() int                { return len(m.v) }
func (m *Stuck) State() (v, u []float64) { return m.v, nil }
func (m *Stuck) Step(I []float64, fired []int) []int {
	for {
	}
}

func main() {
	cfg := snn.Tutorial(snn.TutorialOptions{Ne: 8, Ni: 2, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1, Seed: 0})
	cfg.Populations = append(cfg.Populations, snn.PopulationConfig{Name: "stuck", Size: 1, Model: &Stuck{v: make([]float64, 1)}})
	net, err := snn.New(cfg)
	if err != nil {
		panic(err)
	}
	net.Run(context.Background(), 1000, nil)
}
`,
	}
	for name, src := range tests {
		for _, mode := range [][]string{nil, {"--sandbox"}, {"--native"}} {
			t.Run(name+strings.Join(mode, ""), func(t *testing.T) {
				out, code, msg := dir, 1, "time limit of 500ms (--timeout) reached"
				if len(mode) > 0 && mode[0] == "--sandbox" {
					out, code, msg = t.TempDir(), 4, "snn run: time limit of 500ms reached; the script was stopped (raise it with --timeout)"
				}
				args := append(append([]string{"--timeout", "500ms", "--out", out}, mode...), writeScript(t, dir, name, src))
				status, _, stderr := snnRun(t, args...)
				if status != code || !strings.Contains(stderr, msg) {
					t.Errorf("status %d, stderr %q; want %d and %q", status, stderr, code, msg)
				}
			})
		}
	}
}

// TestSandboxEscapes tries each way out of --sandbox and checks that it is
// refused with a clear message and that nothing outside --out changed.
func TestSandboxEscapes(t *testing.T) {
	root := t.TempDir()
	victim := filepath.Join(root, "victim")
	os.MkdirAll(victim, 0o755)
	os.WriteFile(filepath.Join(victim, "keep.txt"), []byte("precious"), 0o644)
	// A package on disk that a script might try to import as source.
	gopath := filepath.Join(root, "gopath", "src", "evil")
	os.MkdirAll(gopath, 0o755)
	os.WriteFile(filepath.Join(gopath, "evil.go"), []byte("package evil\n\nfunc Do() {}\n"), 0o644)
	t.Setenv("GOPATH", filepath.Join(root, "gopath"))

	const pre = "package main\n\nimport (\n\t\"fmt\"\n\t\"context\"\n\n\t\"github.com/gosnn/gosnn/snn\"\n\t\"github.com/gosnn/gosnn/plots\"\n)\n\nvar _ = fmt.Sprint\nvar _ = context.Background\nvar _ = plots.Save\nvar _ = snn.DT\n\n"
	run1 := "\tnet, _ := snn.New(snn.Tutorial(snn.TutorialOptions{Ne: 8, Ni: 2, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1, Seed: 0}))\n\tres, _ := net.Run(context.Background(), 20, nil)\n"
	tests := []struct {
		name, src string
		code      int
		stderr    string // substring of stderr
		stdout    string // substring of stdout
	}{
		{name: "os", src: "package main\n\nimport \"os\"\n\nfunc main() {\n\tos.Remove(\"" + victim + "/keep.txt\")\n}\n", code: 1,
			stderr: "os.go:3:8: import \"os\" is not allowed in --sandbox: a sandboxed script may import only"},
		{name: "exec", src: "package main\n\nimport \"os/exec\"\n\nfunc main() {\n\texec.Command(\"rm\", \"-rf\", \"" + victim + "\").Run()\n}\n", code: 1,
			stderr: "import \"os/exec\" is not allowed in --sandbox"},
		{name: "net", src: "package main\n\nimport \"net\"\n\nfunc main() {\n\tnet.Dial(\"tcp\", \"127.0.0.1:1\")\n}\n", code: 1,
			stderr: "import \"net\" is not allowed in --sandbox"},
		{name: "syscall", src: "package main\n\nimport \"syscall\"\n\nfunc main() {\n\tsyscall.Write(1, []byte(\"x\"))\n}\n", code: 1,
			stderr: "import \"syscall\" is not allowed in --sandbox"},
		{name: "unsafe", src: "package main\n\nimport \"unsafe\"\n\nfunc main() {\n\t_ = unsafe.Pointer(nil)\n}\n", code: 1,
			stderr: "import \"unsafe\" is not allowed in --sandbox"},
		{name: "reflect", src: "package main\n\nimport \"reflect\"\n\nfunc main() {\n\t_ = reflect.TypeOf(0)\n}\n", code: 1,
			stderr: "import \"reflect\" is not allowed in --sandbox"},
		{name: "source import", src: "package main\n\nimport \"evil\"\n\nfunc main() {\n\tevil.Do()\n}\n", code: 1,
			stderr: "import \"evil\" is not allowed in --sandbox"},
		{name: "WriteFile outside", src: pre + "func main() {\n\terr := snn.WriteFile(\"" + victim + "/keep.txt\", nil)\n\tfmt.Println(err)\n}\n",
			stdout: "refused by --sandbox: a sandboxed script reads and writes only inside the output directory"},
		{name: "OutPath dotdot", src: pre + "func main() {\n\tfmt.Println(snn.OutPath(\"../victim/new.txt\"))\n}\n",
			stdout: filepath.Join("out", "victim", "new.txt")},
		{name: "Result.Save outside", src: pre + "func main() {\n" + run1 + "\tfmt.Println(res.Save(\"" + victim + "\"))\n}\n",
			stdout: "outside the output directory"},
		{name: "plots Save outside", src: pre + "func main() {\n" + run1 + "\tr, err := plots.NewRaster(res)\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\tfmt.Println(r.Save(\"" + victim + "/r.png\"))\n}\n",
			stdout: "outside the output directory"},
		{name: "method value", src: pre + "func main() {\n" + run1 + "\tsave := res.Save\n\tfmt.Println(save(\"" + victim + "\"))\n}\n",
			stdout: "outside the output directory"},
		{name: "ReadSpikeFile outside", src: pre + "func main() {\n\t_, err := snn.ReadSpikeFile(\"/etc/passwd\")\n\tfmt.Println(err)\n}\n",
			stdout: "refused by --sandbox"},
		{name: "memory bomb", src: "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tb := make([]byte, 1<<40)\n\tfmt.Println(len(b))\n}\n", code: 5,
			stderr: "the script ran out of memory (limit 2048 MiB; raise it with --memory MiB)"},
		{name: "memory growth", src: "package main\n\nfunc main() {\n\tvar keep [][]byte\n\tfor {\n\t\tb := make([]byte, 64<<20)\n\t\tfor i := 0; i < len(b); i += 4096 {\n\t\t\tb[i] = 1\n\t\t}\n\t\tkeep = append(keep, b)\n\t}\n}\n", code: 5,
			stderr: "snn run: the script used all of its memory limit of 2048 MiB (peak 20"},
		{name: "recursion", src: "package main\n\nimport \"fmt\"\n\nfunc f(n int) int { return f(n+1) + 1 }\n\nfunc main() {\n\tfmt.Println(f(0))\n}\n", code: 1,
			stderr: "stack overflow: the script's recursion is too deep for the 64 MiB stack limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := snapshot(t, victim)
			dir := t.TempDir()
			code, stdout, stderr := snnRun(t, "--sandbox", "--timeout", "60s", "--out", filepath.Join(dir, "out"), writeScript(t, dir, strings.ReplaceAll(tt.name, " ", "_")+".go", tt.src))
			if code != tt.code || !strings.Contains(stderr, tt.stderr) || !strings.Contains(stdout, tt.stdout) {
				t.Errorf("status %d, stdout %q, stderr %q; want status %d, stdout with %q, stderr with %q", code, stdout, stderr, tt.code, tt.stdout, tt.stderr)
			}
			if strings.Contains(stderr, "goroutine ") {
				t.Errorf("stderr shows goroutine stacks:\n%s", stderr)
			}
			after := snapshot(t, victim)
			if len(after) != len(before) || after[filepath.Join(victim, "keep.txt")] != "precious" {
				t.Errorf("the directory outside --out changed: %v", after)
			}
		})
	}
}

func TestRunNative(t *testing.T) {
	dir := t.TempDir()
	script := writeScript(t, dir, "n.go", "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n\t\"github.com/gosnn/gosnn/snn\"\n)\n\nfunc main() {\n\tfmt.Println(os.Args[1:], snn.OutDir())\n\tx := min(1, 2)\n\tfmt.Println(x)\n}\n")
	out := filepath.Join(dir, "o")
	code, stdout, stderr := snnRun(t, "--native", "--out", out, script, "z")
	if code != 0 || stdout != "[z] "+out+"\n1\n" {
		t.Errorf("--native: status %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	bad := writeScript(t, dir, "bad.go", "package main\n\nfunc main() {\n\tx := 1\n}\n")
	if code, _, stderr := snnRun(t, "--native", bad); code != 1 || !strings.HasPrefix(stderr, bad+":4:2: declared and not used: x") {
		t.Errorf("--native compile error: status %d, stderr %q", code, stderr)
	}
}

// TestSandboxExercise checks a student's submission, the exercise solved,
// as a teacher would: sandboxed, with a time limit.
func TestSandboxExercise(t *testing.T) {
	for file, want := range map[string]string{
		"../../examples/exercise/main.go":     "0 of 3 checks pass; keep going\n",
		"../../testdata/exercise_solution.go": "all checks passed: your model is the Izhikevich neuron\n",
	} {
		code, stdout, stderr := snnRun(t, "--sandbox", "--timeout", "2m", "--out", t.TempDir(), file)
		if code != 0 || !strings.HasSuffix(stdout, want) {
			t.Errorf("%s: status %d, stdout %q, stderr %q; want it to end with %q", file, code, stdout, stderr, want)
		}
	}
}
