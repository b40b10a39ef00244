package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gosnn/gosnn/internal/testenv"
)

// tmuxSession is snn repl running in a terminal of tmux.
type tmuxSession struct {
	t      *testing.T
	socket string
}

func (s *tmuxSession) tmux(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// send types keys (tmux key names such as Enter, Left, C-a).
func (s *tmuxSession) send(keys ...string) {
	s.t.Helper()
	s.tmux(append([]string{"send-keys", "-t", "repl"}, keys...)...)
}

func (s *tmuxSession) screen() string { return s.tmux("capture-pane", "-p", "-t", "repl") }

// waitFor waits until the screen shows want, and fails after 20 s.
func (s *tmuxSession) waitFor(want string) {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		sc := s.screen()
		if strings.Contains(sc, want) {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the terminal does not show %q:\n%s", want, sc)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestReplTerminal runs snn repl in a real terminal (tmux) and types into
// it: line editing, history, Ctrl-L, several values, multi-line input,
// error columns and the nil-dereference message.
func TestReplTerminal(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		testenv.Missing(t, "tmux is not installed (.ci/run installs it)")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	s := &tmuxSession{t: t, socket: fmt.Sprintf("snntest%d", os.Getpid())}
	cmd := fmt.Sprintf("env "+asSnn+"=1 HOME=%s TERM=xterm %s repl", home, exe)
	s.tmux("new-session", "-d", "-s", "repl", "-x", "120", "-y", "40", cmd)
	defer exec.Command("tmux", "-L", s.socket, "kill-server").Run()
	s.waitFor("snn>")

	// Ctrl-A goes to the start of the line: 10*2+3.
	s.send("2 + 3", "C-a", "10 * ", "Enter")
	s.waitFor("23")
	// Arrow keys move the cursor: 91 + 1.
	s.send("1 + 1", "Left", "Left", "Left", "Left", "Left", "9", "Enter")
	s.waitFor("92")
	// Up recalls the previous line; Ctrl-E goes to its end: 91 + 10.
	s.send("Up", "C-e", "0", "Enter")
	s.waitFor("101")
	// Several values, and a multi-line function.
	s.send("x := 6", "Enter")
	s.send("x * 7, x - 1", "Enter")
	s.waitFor("42 5")
	s.send("func sq(a int) int {", "Enter", "return a * a", "Enter", "}", "Enter", "sq(12)", "Enter")
	s.waitFor("144")
	// An error points into what was typed.
	s.send("x + undefinedName", "Enter")
	s.waitFor("1:5: undefined: undefinedName")
	// A large value is summarised.
	s.send("make([]float64, 5000)", "Enter")
	s.waitFor("(5000 elements")
	// A nil dereference says what happened.
	s.send("var res *snn.Result", "Enter", "res.N", "Enter")
	s.waitFor("nil pointer dereference (a nil pointer")
	s.send(":help", "Enter")
	s.waitFor(":quit")
	// Ctrl-L clears the screen.
	s.send("C-l")
	deadline := time.Now().Add(20 * time.Second)
	for strings.Contains(s.screen(), "144") {
		if time.Now().After(deadline) {
			t.Fatalf("Ctrl-L did not clear the screen:\n%s", s.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.send(":quit", "Enter")
	deadline = time.Now().Add(20 * time.Second)
	for {
		b, err := os.ReadFile(filepath.Join(home, ".snn_history"))
		if err == nil && strings.Contains(string(b), "sq(12)") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("history file: %q, %v", b, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
