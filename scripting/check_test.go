package scripting

import (
	"errors"
	"strings"
	"testing"
)

// prog wraps body in a main function of a script importing fmt and snn.
func prog(decls, body string) string {
	return "package main\n\nimport (\n\t\"fmt\"\n\n\t\"github.com/gosnn/gosnn/snn\"\n)\n\n" + decls + "var _ = fmt.Sprint\nvar _ = snn.DT\n\n\nfunc main() {\n" + body + "\n}\n"
}

// Declarations start at line 9 in prog, the body at line 14 plus the
// number of declaration lines.

func TestCheckUnsupported(t *testing.T) {
	tests := []struct {
		name, decls, body string
		sandbox           bool
		want              []string // "line:col: substring", in order
	}{
		{name: "range over int literal", body: "\tfor i := range 10 {\n\t\tfmt.Println(i)\n\t}",
			want: []string{"14:2: range over an integer (Go 1.22) is not supported by the interpreter: write for i := 0; i < 10; i++"}},
		{name: "range over int variable", body: "\tn := 3\n\tfor range n {\n\t}",
			want: []string{"15:2: range over an integer"}},
		{name: "range over len", body: "\ts := []int{1}\n\tfor k := range len(s) {\n\t\t_ = k\n\t}",
			want: []string{"15:2: range over an integer (Go 1.22) is not supported by the interpreter: write for k := 0; k < len(s); k++"}},
		{name: "range over func", decls: "func seq(yield func(int) bool) {}\n", body: "\tfor x := range seq {\n\t\t_ = x\n\t}",
			want: []string{"15:2: range over a function (Go 1.23 iterator)"}},
		{name: "min", body: "\tfmt.Println(min(1, 2))",
			want: []string{"14:14: the min builtin (Go 1.21) is not supported by the interpreter: use math.Min"}},
		{name: "max", body: "\tfmt.Println(max(1.0, 2))",
			want: []string{"14:14: the max builtin (Go 1.21) is not supported by the interpreter: use math.Max"}},
		{name: "clear", body: "\ts := []int{1}\n\tclear(s)",
			want: []string{"15:2: the clear builtin (Go 1.21) is not supported"}},
		{name: "own min is fine", decls: "func min(a, b int) int { return a }\n", body: "\tfmt.Println(min(1, 2))"},
		// Captured loop variables that a copy per iteration keeps right
		// are rewritten (rules.go), the others refused.
		{name: "closure captures loop variable", body: "\tvar fs []func()\n\tfor i := 0; i < 3; i++ {\n\t\tfs = append(fs, func() { fmt.Println(i) })\n\t}"},
		{name: "address of range variable", body: "\tvar ps []*int\n\tfor _, v := range []int{1, 2} {\n\t\tps = append(ps, &v)\n\t}"},
		{name: "closure captures loop variable the body changes", body: "\tvar fs []func()\n\tfor i := 0; i < 3; i++ {\n\t\ti++\n\t\tfs = append(fs, func() { fmt.Println(i) })\n\t}",
			want: []string{"17:40: a function literal captures the loop variable i, which the loop body also changes: Go 1.22 gives each iteration its own i but the interpreter shares one across iterations; copy it"}},
		{name: "address of counting loop variable", body: "\tvar ps []*int\n\tfor i := 0; i < 3; i++ {\n\t\tps = append(ps, &i)\n\t}",
			want: []string{"16:20: taking its address captures the loop variable i"}},
		{name: "copied loop variable is fine", body: "\tvar fs []func()\n\tfor i := 0; i < 3; i++ {\n\t\ti := i\n\t\tfs = append(fs, func() { fmt.Println(i) })\n\t}"},
		{name: "stdlib newer than 1.22", decls: "import \"slices\"\n", body: "\t_ = slices.Repeat([]int{1}, 2)\n\t_ = slices.Index([]int{1}, 1)",
			want: []string{"15:13: slices.Repeat is not in the interpreter's standard library, which has the Go 1.22 API"}},
		{name: "unknown package", decls: "import \"example.com/evil\"\n", body: "\tevil.Do()",
			want: []string{"9:8: import \"example.com/evil\": the interpreter has the Go 1.22 standard library and github.com/gosnn/gosnn/{notebooks/exercise, plots, snn, snn/npy, snn/rng, snn/spikestat, snn/spnet, snn/vec} only; run the script with --native"}},
		{name: "unused import", decls: "import \"strings\"\n", body: "",
			want: []string{"9:8: \"strings\" imported and not used"}},
		{name: "unused variable", body: "\tx := 1",
			want: []string{"14:2: declared and not used: x"}},
		{name: "sandbox os", decls: "import \"os\"\n", body: "\tos.Exit(0)", sandbox: true,
			want: []string{"9:8: import \"os\" is not allowed in --sandbox: a sandboxed script may import only bufio, bytes"}},
		{name: "os outside sandbox", decls: "import \"os\"\n", body: "\tos.Exit(0)"},
		{name: "several, in order", body: "\t_ = max(1, 2)\n\tfor range 3 {\n\t}",
			want: []string{"14:6: the max builtin", "15:2: range over an integer"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check("s.go", []byte(prog(tt.decls, tt.body)), tt.sandbox)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("Check: %v, want no error", err)
				}
				return
			}
			var l ErrorList
			if !errors.As(err, &l) {
				t.Fatalf("Check = %v, want an ErrorList", err)
			}
			if len(l) != len(tt.want) {
				t.Fatalf("Check found %d problems, want %d:\n%v", len(l), len(tt.want), err)
			}
			for k, w := range tt.want {
				if got := l[k].Error(); !strings.HasPrefix(got, "s.go:"+w[:strings.Index(w, " ")]) || !strings.Contains(got, w[strings.Index(w, " ")+1:]) {
					t.Errorf("problem %d = %q, want s.go:%s", k, got, w)
				}
			}
		})
	}
}

func TestCheckSyntaxError(t *testing.T) {
	err := Check("bad.go", []byte("package main\n\nfunc main() {\n\tx := \n}\n"), false)
	if err == nil || !strings.HasPrefix(err.Error(), "bad.go:5:1: expected operand") {
		t.Errorf("Check = %v, want bad.go:5:1: expected operand …", err)
	}
}

// TestCheckReportsRefusals checks that Check reports what Run would
// refuse after its rewrites, so that a script is refused before any
// process is started for it.
func TestCheckReportsRefusals(t *testing.T) {
	src := prog("type T struct{}\n\nfunc (T) String() string { return \"t\" }\n", "\tfor i := 0; i < 2; i++ {\n\t\tdefer fmt.Println(i)\n\t}")
	err := Check("s.go", []byte(src), false)
	var l ErrorList
	if !errors.As(err, &l) || len(l) != 1 || !strings.Contains(l[0].Error(), "s.go:11:10: the interpreter's fmt does not call the String method") {
		t.Errorf("Check = %v, want the String method refused (and the defer, which Run rewrites, not reported)", err)
	}
}
