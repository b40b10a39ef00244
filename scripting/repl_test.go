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
