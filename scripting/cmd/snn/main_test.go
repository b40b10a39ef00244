package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gosnn/gosnn/scripting"
	"github.com/gosnn/gosnn/snn"
)

// asSnn marks a run of this test binary that is the snn command itself:
// main, with the command line after the test binary's name.
const asSnn = "SNN_TEST_AS_SNN"

func TestMain(m *testing.M) {
	// The test binary is also the child process of "snn run" (RunIsolated
	// starts os.Executable again), and snn itself for tests of main.
	if scripting.IsChild() || os.Getenv(asSnn) == "1" {
		main()
	}
	os.Exit(m.Run())
}

// snnProcess returns the command "snn args...", run by main in a process
// of its own (this test binary), killed if the test takes over a minute.
func snnProcess(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Env = append(os.Environ(), asSnn+"=1")
	return cmd
}

// The command table: unique names, each with a summary and a --help of
// its own; "snn help" lists them in the table's order, and "snn help
// NAME" is "snn NAME --help".
func TestCommandTable(t *testing.T) {
	var names []string
	for _, c := range commands {
		if c.name == "" || c.summary == "" || c.run == nil || slices.Contains(names, c.name) {
			t.Errorf("command %q: want a unique name, a summary and a function", c.name)
		}
		names = append(names, c.name)
		code, out, errOut := runCmd(t, c.name, "--help")
		if code != 0 || !strings.HasPrefix(out, "Usage: snn "+c.name) || errOut != "" {
			t.Errorf("snn %s --help: status %d, stdout %.40q, stderr %q; want 0 and its usage on stdout only", c.name, code, out, errOut)
		}
		code, out2, _ := runCmd(t, "help", c.name)
		if code != 0 || out2 != out {
			t.Errorf("snn help %s: status %d, want 0 and the output of snn %s --help", c.name, code, c.name)
		}
	}
	if want := []string{"simulate", "run", "repl"}; !slices.Equal(names[:len(want)], want) {
		t.Errorf("the table starts %v, want %v: the commands a newcomer uses first", names, want)
	}

	code, out, _ := runCmd(t, "help")
	var listed []string
	for line := range strings.SplitSeq(out, "\n") {
		if f := strings.Fields(line); strings.HasPrefix(line, "\t") && len(f) > 1 {
			if _, ok := lookup(f[0]); ok {
				listed = append(listed, f[0])
			}
		}
	}
	if code != 0 || !slices.Equal(listed, names) {
		t.Errorf("snn help: status %d, lists %v; want 0 and the table's order %v:\n%s", code, listed, names, out)
	}
	for _, args := range [][]string{nil, {"frobnicate"}} {
		code, out, errOut := runCmd(t, args...)
		if code != 2 || out != "" || !strings.Contains(errOut, "Commands:\n\tsimulate ") {
			t.Errorf("snn %v: status %d, stdout %q; want 2 and the usage on stderr", args, code, out)
		}
	}
}

// --scenario's help comes from the scenario table: every scenario that
// snn.LookupScenario accepts, with its weights.
func TestScenarioHelp(t *testing.T) {
	_, out, _ := runCmd(t, "simulate", "--help")
	i := strings.Index(out, "-scenario name")
	if i < 0 {
		t.Fatalf("simulate --help has no -scenario name:\n%s", out)
	}
	help := strings.Join(strings.Fields(out[i:min(len(out), i+400)]), " ")
	want := "-scenario name named weight scenario (name) setting we and wi: default (0.5, 1), S1 (0.6, 1.6), S2 (0.6, 0.6), S3 (0.3, 0.1), S4 (0.1, 0.1), S5 (0.3, 0.2)"
	if !strings.HasPrefix(help, want) {
		t.Errorf("--scenario help:\n%s\nwant:\n%s", help, want)
	}
	for _, s := range snn.Scenarios() {
		if _, err := snn.LookupScenario(s.Name); err != nil || !strings.Contains(help, " "+s.Name+" (") {
			t.Errorf("scenario %s: help lists it: %v, lookup error %v", s.Name, strings.Contains(help, s.Name), err)
		}
	}
}

func TestStopSignals(t *testing.T) {
	both := []os.Signal{os.Interrupt, syscall.SIGTERM}
	for _, tc := range []struct {
		args []string
		want []os.Signal
	}{
		{nil, both},
		{[]string{"simulate", "--T", "5"}, both},
		{[]string{"run", "x.go"}, both},
		{[]string{"help"}, both},
		{[]string{"repl"}, []os.Signal{syscall.SIGTERM}}, // Ctrl-C stops a statement, not the session
	} {
		if got := stopSignals(tc.args); !slices.Equal(got, tc.want) {
			t.Errorf("stopSignals(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}

// The context main passes reaches every command: when it is done, the
// command stops and says so.
func TestContextReachesCommand(t *testing.T) {
	dir := t.TempDir()
	forever := writeScript(t, dir, "forever.go", "package main\n\nfunc main() {\n\tfor {\n\t}\n}\n")
	pipe, keepOpen, err := os.Pipe() // a REPL whose input never ends
	if err != nil {
		t.Fatal(err)
	}
	defer keepOpen.Close()
	old := os.Stdin
	os.Stdin = pipe
	defer func() { os.Stdin = old }()
	for _, tc := range []struct {
		args   []string
		status int
		want   string
	}{
		{[]string{"simulate", "--T", "10000000"}, 1, "interrupted after"},
		{[]string{"run", forever}, 130, "interrupted"},
		{[]string{"run", "--native", forever}, 130, "interrupted"},
		{[]string{"repl"}, 0, ""},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(300*time.Millisecond, cancel)
		var o, e bytes.Buffer
		start := time.Now()
		code := run(ctx, tc.args, &o, &e)
		cancel()
		if code != tc.status || !strings.Contains(e.String(), tc.want) {
			t.Errorf("snn %v, context done after 0.3 s: status %d, stderr %q; want %d and %q", tc.args, code, e.String(), tc.status, tc.want)
		}
		if d := time.Since(start); d > 30*time.Second {
			t.Errorf("snn %v took %v to stop", tc.args, d)
		}
	}
}

// Ctrl-C (SIGINT) sent to the snn process stops "snn run" with status 130
// and keeps the file the script had already written.
func TestRunInterrupt(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	script := writeScript(t, dir, "slow.go", `package main

import (
	"context"
	"fmt"

	"github.com/gosnn/gosnn/snn"
)

func main() {
	net, _ := snn.New(snn.Tutorial(snn.TutorialOptions{Ne: 80, Ni: 20, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1}))
	res, _ := net.Run(context.Background(), 50, nil)
	if err := snn.WriteFile(snn.OutPath("first.csv"), res.Spikes.WriteCSV); err != nil {
		panic(err)
	}
	fmt.Println("first part written")
	for {
		net.Run(context.Background(), 1000, nil)
	}
}
`)
	cmd := snnProcess(t, "run", "--timeout", "50s", "--out", out, script)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		for range 600 {
			time.Sleep(50 * time.Millisecond)
			if _, err := os.Stat(filepath.Join(out, "first.csv")); err == nil {
				time.Sleep(100 * time.Millisecond)
				cmd.Process.Signal(syscall.SIGINT)
				return
			}
		}
	}()
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 || !strings.Contains(stderr.String(), "interrupted") || stdout.String() != "first part written\n" {
		t.Errorf("%v, stdout %q, stderr %q; want status 130 and interrupted", err, stdout.String(), stderr.String())
	}
	if b, err := os.ReadFile(filepath.Join(out, "first.csv")); err != nil || !strings.HasPrefix(string(b), "t,neuron\n") {
		t.Errorf("the file written before the interrupt: %v", err)
	}
}

// In the REPL, Ctrl-C (SIGINT) does not end the session; SIGTERM does.
// Ctrl-C lands anywhere — between statements, just before one starts,
// while one runs — many times, without pauses: the session never hangs,
// and every statement runs once or is reported interrupted.
func TestReplSignals(t *testing.T) {
	cmd := snnProcess(t, "repl")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	outPipe, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(outPipe)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	deadline := time.After(time.Minute)
	next := func() string {
		t.Helper()
		select {
		case l, ok := <-lines:
			if !ok {
				cmd.Wait()
				t.Fatalf("the session ended; stderr %q", stderr.String())
			}
			return l
		case <-deadline:
			cmd.Process.Kill()
			t.Fatal("the session hangs")
		}
		return ""
	}
	io.WriteString(in, "k := 0\n1 + 1\n")
	if l := next(); l != "2" {
		t.Fatalf("1 + 1 = %q", l)
	}
	// Ctrl-C, again and again, at random moments while the statements
	// are read, compiled, started and run.
	stop := make(chan struct{})
	interrupts := make(chan int)
	go func() {
		sent := 0
		defer func() { interrupts <- sent }()
		for {
			select {
			case <-stop:
				return
			default:
			}
			cmd.Process.Signal(syscall.SIGINT)
			sent++
			time.Sleep(time.Duration(rand.IntN(2000)) * time.Microsecond)
		}
	}()
	const n = 300
	for i := 0; i < n; i++ {
		io.WriteString(in, "for j := 0; j < 3000; j++ {}; k++\n")
	}
	io.WriteString(in, "\"done\"\n")
	for l := ""; l != "done"; {
		l = next()
	}
	close(stop)
	t.Logf("%d SIGINTs sent", <-interrupts)
	// Ask until an answer comes: the last interrupts may still stop the
	// first questions.
	var last string
	for q := 0; last == ""; q++ {
		fmt.Fprintf(in, "\"end\", %d, k\n", q)
		select {
		case l, ok := <-lines:
			if !ok {
				cmd.Wait()
				t.Fatalf("the session ended; stderr %q", stderr.String())
			}
			last = l
		case <-time.After(time.Second):
		case <-deadline:
			cmd.Process.Kill()
			t.Fatal("the session hangs")
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Errorf("after SIGTERM: %v, stderr %q; want status 0", err, stderr.String())
	}
	var q, k int
	if _, err := fmt.Sscanf(last, "end %d %d", &q, &k); err != nil {
		t.Fatalf("answer %q: %v", last, err)
	}
	interrupted := strings.Count(stderr.String(), "interrupted\n")
	if rest := strings.ReplaceAll(stderr.String(), "interrupted\n", ""); rest != "" {
		t.Errorf("stderr has more than interrupted lines: %q", rest)
	}
	t.Logf("%d statements, %d interrupted, k = %d", n, interrupted, k)
	if k > n || k < n-interrupted {
		t.Errorf("k = %d after %d statements k++ of which %d were reported interrupted", k, n, interrupted)
	}
}
