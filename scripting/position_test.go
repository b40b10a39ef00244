package scripting

import (
	"bytes"
	"context"
	"go/parser"
	"testing"
)

// TestTrackPositionsKeepsBehaviour runs a script with and without the
// position tracking and requires the same output: the inserted
// statements must not change what the script does (switch, type switch
// and select bodies hold clauses, not statements).
func TestTrackPositionsKeepsBehaviour(t *testing.T) {
	src := `package main

import (
	"fmt"

	"github.com/gosnn/gosnn/snn"
)

func kind(x interface{}) string {
	switch x.(type) {
	case int:
		return "int"
	default:
		return "other"
	}
}

func main() {
	cfg := snn.Tutorial(snn.TutorialOptions{Ne: 8, Ni: 2, Exc: snn.RS, Inh: snn.LTS, We: 0.5, Wi: 1.0, Seed: 0})
	m, x := "x", 0
	switch m {
	case "x":
		fmt.Print("")
		cfg.Populations[0].Name = "changed"
		x = 5
		fallthrough
	case "y":
		x++
	}
	ch := make(chan int, 1)
	ch <- 3
	select {
	case v := <-ch:
		x += v
	default:
		x = -1
	}
outer:
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if j == 1 {
				continue outer
			}
			x += 10
		}
	}
	fmt.Println(cfg.Populations[0].Name, x, kind(1), kind("s"))
}
`
	outputs := map[bool]string{}
	for _, track := range []bool{false, true} {
		var out bytes.Buffer
		i, err := newInterp(context.Background(), Options{Stdout: &out, Stderr: &out, OutDir: "."}, nil, &out)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(i.FileSet(), "s.go", src, 0)
		if err != nil {
			t.Fatal(err)
		}
		if track {
			trackPositions(f)
		}
		p, err := i.CompileAST(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := i.Execute(p); err != nil {
			t.Fatal(err)
		}
		outputs[track] = out.String()
	}
	if outputs[true] != outputs[false] {
		t.Errorf("with position tracking the script printed %q, without %q", outputs[true], outputs[false])
	}
	if outputs[false] == "" {
		t.Error("the script printed nothing")
	}
}
