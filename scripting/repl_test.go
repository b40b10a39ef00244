package scripting

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestREPL(t *testing.T) {
	in := strings.Join([]string{
		"x := 20",
		"x + 1",
		"func twice(a int) int {", // continued on the next lines
		"\treturn 2 * a",
		"}",
		"twice(x)",
		"net, err := snn.New(snn.Tutorial(snn.DefaultTutorial()))",
		"res, err := net.Run(context.Background(), 1000, nil)",
		"len(res.Spikes)",
		"var s []int",
		"s[3]",
		"undefinedName",
		"math.Sqrt(16)",
	}, "\n") + "\n"
	var out, errw bytes.Buffer
	if err := REPL(context.Background(), strings.NewReader(in), &out, &errw); err != nil {
		t.Fatal(err)
	}
	// 7648: the tutorial's spike count for seed 0, from the NumPy code.
	if got, want := out.String(), "21\n40\n7648\n4\n"; got != want {
		t.Errorf("output %q, want %q", got, want)
	}
	e := errw.String()
	if !strings.Contains(e, "panic: ") || !strings.Contains(e, "undefined: undefinedName") || strings.Contains(e, "goroutine ") {
		t.Errorf("errors %q: want the panic and the undefined name, without stacks", e)
	}
}

// TestREPLFeatures checks, without a terminal, what the session prints:
// several values, summaries of large values, continued input, error
// columns in what was typed, the nil-dereference message and :help.
func TestREPLFeatures(t *testing.T) {
	tests := []struct {
		name, in      string
		out, errs     []string // substrings, in order
		noOut, noErrs bool
	}{
		{name: "several values", in: "x := 6\nx * 7, x - 1, \"s\"\n", out: []string{"42 5 s\n"}},
		{name: "call with two results", in: "func f() (int, string) { return 1, \"a\" }\nf()\n", out: []string{"1 a\n"}},
		{name: "print call shows no results", in: "fmt.Println(\"hi\")\n", out: []string{"hi\n"}, noErrs: true},
		{name: "continued expression", in: "y := 1 +\n  2\ny\n", out: []string{"3\n"}, noErrs: true},
		{name: "continued function", in: "func sq(a int) int {\n\treturn a * a\n}\nsq(12)\n", out: []string{"144\n"}, noErrs: true},
		{name: "empty line ends unfinished input", in: "z := (1 +\n\nz\n", errs: []string{"undefined: z"}},
		{name: "error column", in: "x := 1\nx + undefinedName\n", errs: []string{"  x + undefinedName\n      ^\n1:5: undefined: undefinedName"}},
		{name: "error column in a declaration", in: "var v int = \"s\"\n", errs: []string{"              ^\n1:13: cannot convert"}},
		{name: "large slice", in: "make([]float64, 5000)\n", out: []string{"[0 0 0 0 0 0 0 0 0 0 …] (5000 elements"}},
		{name: "large map", in: "m := map[int]int{}\nfor i := 0; i < 50; i++ {\n\tm[i] = i\n}\nm\n", out: []string{"map[int]int with 50 entries"}},
		{name: "result summary", in: "net, _ := snn.New(snn.Tutorial(snn.TutorialOptions{Ne: 80, Ni: 20, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1}))\nres, _ := net.Run(context.Background(), 100, nil)\nres\n", out: []string{"snn.Result: 100 neurons, 100 ms, "}},
		{name: "nil dereference", in: "var res *snn.Result\nres.N\n", errs: []string{"panic: runtime error: invalid memory address or nil pointer dereference (a nil pointer"}},
		{name: "help", in: ":help\n", out: []string{":quit"}},
		{name: "quit", in: ":quit\n1 + 1\n", noOut: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errw bytes.Buffer
			if err := REPL(context.Background(), strings.NewReader(tt.in), &out, &errw); err != nil {
				t.Fatal(err)
			}
			check := func(what, got string, want []string) {
				rest := got
				for _, w := range want {
					k := strings.Index(rest, w)
					if k < 0 {
						t.Errorf("%s %q: want %q", what, got, w)
						return
					}
					rest = rest[k+len(w):]
				}
			}
			check("output", out.String(), tt.out)
			check("errors", errw.String(), tt.errs)
			if tt.noOut && out.Len() > 0 {
				t.Errorf("output %q, want none", out.String())
			}
			if tt.noErrs && errw.Len() > 0 {
				t.Errorf("errors %q, want none", errw.String())
			}
		})
	}
}
