package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// hostileRun runs src as a sandboxed script with extra flags, in a new
// output directory, and returns the status, streams and directory.
func hostileRun(t *testing.T, src string, flags ...string) (code int, stdout, stderr, out string) {
	t.Helper()
	dir := t.TempDir()
	out = filepath.Join(dir, "out")
	script := writeScript(t, dir, "student.go", src)
	code, stdout, stderr = snnRun(t, append(append([]string{"--sandbox", "--out", out}, flags...), script)...)
	return code, stdout, stderr, out
}

// TestSandboxHostile runs hostile scripts under --sandbox: each attack
// must fail, with the status and message the user sees.
func TestSandboxHostile(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		flags  []string
		code   int
		stdout string // substring of stdout ("" for any)
		stderr string // substring of stderr
		files  int    // files left in --out, or -1 for any
	}{
		{name: "panic imitating os.Exit(0)", src: "package main\n\nfunc main() {\n\tpanic(\"os.Exit(0)\")\n}\n",
			code: 1, stderr: "student.go:4:2: panic: os.Exit(0)", files: 0},
		{name: "imitating the runner", src: "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"snn run: all checks passed, score 100\")\n\tfmt.Print(\"snn run: no newline\")\n}\n",
			code: 0, stdout: "| snn run: all checks passed, score 100\n| snn run: no newline", files: 0},
		{name: "reading stdin", src: "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tvar s string\n\tn, err := fmt.Scanln(&s)\n\tfmt.Println(n, err, s)\n}\n",
			code: 0, stdout: "0 EOF \n", files: 0},
		{name: "sleeping forever", src: "package main\n\nimport \"time\"\n\nfunc main() {\n\ttime.Sleep(time.Hour)\n}\n", flags: []string{"--timeout", "1s"},
			code: 4, stderr: "snn run: time limit of 1s reached; the script was stopped (raise it with --timeout); files already written are kept\n", files: 0},
		{name: "busy forever in a goroutine", src: "package main\n\nfunc main() {\n\tgo func() {\n\t\tfor {\n\t\t}\n\t}()\n\tselect {}\n}\n", flags: []string{"--timeout", "1s"},
			code: 4, stderr: "snn run: time limit of 1s reached", files: 0},
		{name: "disk bomb", src: diskBomb, flags: []string{"--max-disk", "20"},
			code: 6, stderr: "snn run: the script wrote more than 20 MB (--max-disk; ", files: 0},
		{name: "stopped mid-write", src: "package main\n\nimport (\n\t\"io\"\n\t\"strings\"\n\t\"time\"\n\n\t\"github.com/gosnn/gosnn/snn\"\n)\n\nfunc main() {\n\tsnn.WriteFile(snn.OutPath(\"done.txt\"), func(w io.Writer) error { return nil })\n\tsnn.WriteFile(snn.OutPath(\"half.csv\"), func(w io.Writer) error {\n\t\tio.WriteString(w, strings.Repeat(\"1,2\\n\", 1<<18))\n\t\ttime.Sleep(time.Hour)\n\t\treturn nil\n\t})\n}\n", flags: []string{"--timeout", "2s"},
			code: 4, stderr: "snn run: time limit of 2s reached", files: 1},
		{name: "file bomb", src: fileBomb, flags: []string{"--max-files", "50"},
			code: 6, stderr: "snn run: the script created more than 50 files (--max-files); the script was stopped and its files removed\n", files: 0},
		{name: "output flood", src: "package main\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\nfunc main() {\n\tline := strings.Repeat(\"x\", 1<<20)\n\tfor {\n\t\tfmt.Print(line)\n\t}\n}\n", flags: []string{"--timeout", "5s"},
			code: 4, stdout: "\nsnn run: output truncated at 8 MB: the script wrote more than that\n", files: 0},
		{name: "escape codes in one long line", src: "package main\n\nfunc main() {\n\tfor i := 0; i < 1<<14; i++ {\n\t\tprint(\"yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\")\n\t}\n\tprint(\"\\x1b]52;c;cGF5bG9hZA==\\x07\")\n}\n",
			code: 0, stdout: "yyyy\x1b]52;c;cGF5bG9hZA==\a", files: 0},
		{name: "panic with an endless message", src: "package main\n\nimport \"strings\"\n\nfunc main() {\n\tpanic(strings.Repeat(\"w\", 32<<20))\n}\n",
			code: 1, stderr: "student.go:6:2: panic: wwww", files: 0},
		{name: "network", src: "package main\n\nimport \"net/http\"\n\nfunc main() {\n\thttp.Get(\"http://example.com\")\n}\n",
			code: 1, stderr: "import \"net/http\" is not allowed in --sandbox", files: -1},
		// The limit counts memory in use, not address space: 700 MB of
		// weights (more than the 512 MB of the 8000-neuron tutorial
		// network) fit the default.
		{name: "700 MB in use", src: "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tw := make([]float64, 700<<20/8)\n\tfor i := 0; i < len(w); i += 512 {\n\t\tw[i] = 1\n\t}\n\tfmt.Println(len(w))\n}\n",
			code: 0, stdout: "91750400\n", files: 0},
		{name: "compile error", src: "package main\n\nfunc main() {\n\tundefinedThing()\n}\n",
			code: 1, stderr: "student.go:4:2: undefined: undefinedThing", files: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr, out := hostileRun(t, tt.src, tt.flags...)
			if code != tt.code || !strings.Contains(stdout, tt.stdout) || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("status %d, stdout %.300q, stderr %.300q; want %d, stdout with %q, stderr with %q", code, stdout, stderr, tt.code, tt.stdout, tt.stderr)
			}
			if len(stdout) > 9<<20 || len(stderr) > 9<<20 {
				t.Errorf("output not capped: %d and %d bytes", len(stdout), len(stderr))
			}
			if tt.files >= 0 {
				if n := len(snapshot(t, out)); n != tt.files {
					t.Errorf("%d files left in --out, want %d", n, tt.files)
				}
			}
		})
	}
}

const diskBomb = `package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/gosnn/gosnn/snn"
)

func main() {
	chunk := strings.Repeat("z", 1<<20)
	for i := 0; ; i++ {
		err := snn.WriteFile(snn.OutPath(fmt.Sprintf("big%d.txt", i)), func(w io.Writer) error {
			for {
				if _, err := io.WriteString(w, chunk); err != nil {
					return err
				}
			}
		})
		fmt.Println(err)
	}
}
`

const fileBomb = `package main

import (
	"fmt"
	"io"

	"github.com/gosnn/gosnn/snn"
)

func main() {
	for i := 0; ; i++ {
		snn.WriteFile(snn.OutPath(fmt.Sprintf("f%d.txt", i)), func(w io.Writer) error { return nil })
	}
}
`

// TestSandboxOutDir checks that --sandbox accepts only a new or empty
// output directory of the script's own.
func TestSandboxOutDir(t *testing.T) {
	dir := t.TempDir()
	script := writeScript(t, dir, "s.go", "package main\n\nfunc main() {}\n")
	full := filepath.Join(dir, "full")
	os.Mkdir(full, 0o755)
	os.WriteFile(filepath.Join(full, "grading.sh"), []byte("#!/bin/sh\n"), 0o755)
	withLink := filepath.Join(dir, "link")
	os.Mkdir(withLink, 0o755)
	os.Symlink("/etc/passwd", filepath.Join(withLink, "spikes.csv"))
	os.Symlink(t.TempDir(), filepath.Join(dir, "dirlink"))
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir(dir)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--sandbox", script}, 2, "snn run: --sandbox needs --out DIR, a new or empty directory"},
		{[]string{"--sandbox", "--out", ".", script}, 3, "snn run: --out . is the current directory or one above it"},
		{[]string{"--sandbox", "--out", "..", script}, 3, "is the current directory or one above it"},
		{[]string{"--sandbox", "--out", full, script}, 3, "is not empty (it holds grading.sh)"},
		{[]string{"--sandbox", "--out", withLink, script}, 3, "is not empty (it holds spikes.csv)"},
		{[]string{"--sandbox", "--out", filepath.Join(dir, "dirlink"), script}, 3, "is a symbolic link"},
		{[]string{"--sandbox", "--out", script, script}, 3, "is not a directory"},
		{[]string{"--stdin", "x", script}, 2, "--stdin applies only with --sandbox"},
		{[]string{"--sandbox", "--memory", "0", "--out", "new", script}, 2, "must be positive"},
	}
	for _, tt := range tests {
		code, _, stderr := snnRun(t, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: status %d, stderr %q; want %d and %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(full, "grading.sh")); string(b) != "#!/bin/sh\n" {
		t.Error("the refused directory's file changed")
	}
	if code, _, stderr := snnRun(t, "--sandbox", "--out", "new", script); code != 0 {
		t.Errorf("a new directory: status %d, stderr %q", code, stderr)
	}
}

// TestSandboxStdin checks that a sandboxed script reads /dev/null, not the
// runner's standard input, unless --stdin names a file.
func TestSandboxStdin(t *testing.T) {
	r, w, _ := os.Pipe()
	w.WriteString("secret-from-the-teacher\n")
	w.Close()
	old := os.Stdin
	os.Stdin = r
	defer func() { os.Stdin = old }()
	// fmt.Scan reads os.Stdin, the only way to standard input that a
	// sandboxed script has.
	src := "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfor {\n\t\tvar s string\n\t\tif _, err := fmt.Scanln(&s); err != nil {\n\t\t\tfmt.Println(\"end\", err)\n\t\t\treturn\n\t\t}\n\t\tfmt.Println(\"got\", s)\n\t}\n}\n"
	code, stdout, stderr, _ := hostileRun(t, src)
	if code != 0 || stdout != "end EOF\n" {
		t.Errorf("status %d, stdout %q, stderr %q; want the script to read nothing", code, stdout, stderr)
	}
	if rest := make([]byte, 100); true {
		n, _ := r.Read(rest)
		if string(rest[:n]) != "secret-from-the-teacher\n" {
			t.Errorf("the runner's stdin was consumed: %q left", rest[:n])
		}
	}
	in := filepath.Join(t.TempDir(), "in.txt")
	os.WriteFile(in, []byte("given\n"), 0o644)
	code, stdout, stderr, _ = hostileRun(t, src, "--stdin", in)
	if code != 0 || stdout != "got given\nend EOF\n" {
		t.Errorf("--stdin: status %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// TestSandboxInterrupt sends SIGINT during a sandboxed run: the runner
// stops the script and says so once, with status 130.
func TestSandboxInterrupt(t *testing.T) {
	// Ctrl-C reaches snn, not the test: run snn as a process of its own
	// (main's signal context) and interrupt it there.
	dir := t.TempDir()
	script := writeScript(t, dir, "student.go", "package main\n\nimport \"time\"\n\nfunc main() {\n\ttime.Sleep(time.Hour)\n}\n")
	cmd := snnProcess(t, "run", "--sandbox", "--out", filepath.Join(dir, "out"), script)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second)
	cmd.Process.Signal(syscall.SIGINT)
	cmd.Wait()
	code := cmd.ProcessState.ExitCode()
	if code != 130 || stdout.String() != "" || stderr.String() != "snn run: script stopped: interrupted; files already written are kept\n" {
		t.Errorf("status %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
}
