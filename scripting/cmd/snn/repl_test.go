package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

func TestRepl(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdin
	os.Stdin = r
	defer func() { os.Stdin = old }()
	go func() {
		w.WriteString("p := snn.RS.Params\np.A * 100\nmath.Sqrt(2) > 1\n")
		w.Close()
	}()
	var o, e bytes.Buffer
	if code := run(context.Background(), []string{"repl"}, &o, &e); code != 0 {
		t.Fatalf("status %d, stderr %q", code, e.String())
	}
	if o.String() != "2\ntrue\n" {
		t.Errorf("output %q, want the two expressions' values", o.String())
	}
	if code := run(context.Background(), []string{"repl", "x.go"}, &o, &e); code != 2 || !strings.Contains(e.String(), "repl takes no arguments") {
		t.Errorf("snn repl x.go: status %d, stderr %q", code, e.String())
	}
}
