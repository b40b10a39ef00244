package scripting

import (
	"bytes"
	"context"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"strconv"
	"strings"
	"testing"
	"time"
)

// replSession runs in through a REPL session and returns what it printed.
func replSession(t *testing.T, in string) (out, errs string) {
	t.Helper()
	var o, e bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := REPL(ctx, strings.NewReader(in), &o, &e); err != nil {
		t.Fatal(err)
	}
	return o.String(), e.String()
}

// TestREPLRules checks that REPL input goes through the rules a script
// goes through: it computes what Go computes, or is refused with the
// rule's message at a position in what was typed, and nothing of a
// refused input runs.
func TestREPLRules(t *testing.T) {
	tests := []struct {
		name, in string
		// out is the whole output Go gives. If refused is not empty, the
		// input may instead be refused with a message containing it, and
		// then out must not be printed.
		out, refused string
	}{
		{
			name: "parallel assignment of a constant and a call",
			in:   "f := func() int { return 7 }\na, b := 0, 0\na, b = 2, f()\nfmt.Println(a, b)\n",
			out:  "2 7\n",
		},
		{
			name: "parallel definition, twice (temporaries do not collide)",
			in:   "f := func() int { return 7 }\na, b := 1, f()\nc, d := 3, f()\nfmt.Println(a, b, c, d)\na, b = b, a\nfmt.Println(a, b)\n",
			out:  "1 7 3 7\n7 1\n",
		},
		{
			name: "parallel assignment in a loop, and a block as typed",
			in:   "f := func() int { return 7 }\na, b := 0, 0\nfor i := 0; i < 2; i++ { a, b = 2, f() }\nfmt.Println(a, b)\n{ t := 1; fmt.Println(t) }\n",
			out:  "2 7\n1\n",
		},
		{
			name: "named results called repeatedly",
			in:   "func acc(x []float64) (m float64) {\n\tfor _, v := range x {\n\t\tm += v\n\t}\n\treturn\n}\nacc([]float64{1, 2}), acc([]float64{1, 2}), acc([]float64{1, 2})\nfmt.Println(acc([]float64{1, 2}))\n",
			out:  "3 3 3\n3\n",
		},
		{
			name: "named results in a function literal",
			in:   "g := func() (n int) { n++; return }\ng(), g()\n",
			out:  "1 1\n",
		},
		{
			name: "defer in a loop in a function",
			in:   "func countdown() {\n\tfor i := 0; i < 3; i++ {\n\t\tdefer fmt.Println(i)\n\t}\n}\ncountdown()\ncountdown()\n",
			out:  "2\n1\n0\n2\n1\n0\n",
		},
		{
			name:    "defer in a loop in the session",
			in:      "for i := 0; i < 3; i++ {\n\tdefer fmt.Println(i)\n}\nfmt.Println(\"next\")\n",
			out:     "2\n1\n0\nnext\n", // never printed: Go has no such session
			refused: "2:2: defer outside a function",
		},
		{
			name:    "type switch with an interface case on a session type",
			in:      "type Namer interface{ Name() string }\ntype T struct{}\nfunc (T) Name() string { return \"t\" }\nvar x any = T{}\nswitch x.(type) {\ncase Namer:\n\tfmt.Println(\"namer\")\ndefault:\n\tfmt.Println(\"other\")\n}\n",
			out:     "namer\n",
			refused: "the interpreter does not match values of the script's own types against the interface",
		},
		{
			name:    "closures made in a loop in the session",
			in:      "var fs []func() int\nfor _, v := range []int{1, 2, 3} {\n\tfs = append(fs, func() int { return v * 10 })\n}\nfor _, f := range fs {\n\tfmt.Println(f())\n}\n",
			out:     "10\n20\n30\n",
			refused: "2:18: a function literal in a loop typed at the session's top level",
		},
		{
			name: "closures made in a loop in a function",
			in:   "func build() (fs []func() int) {\n\tfor _, v := range []int{1, 2, 3} {\n\t\tfs = append(fs, func() int { return v * 10 })\n\t}\n\treturn\n}\nfor _, f := range build() {\n\tfmt.Println(f())\n}\n",
			out:  "10\n20\n30\n",
		},
		{
			name: "constant expression with an untyped float constant",
			in:   "const freq = 10.0\n2 * math.Pi * freq\n",
			out:  "62.83185307179586\n",
		},
		{
			name: "ordinary input is not changed",
			in:   "x := 20\nx + 1\nfunc twice(a int) int { return 2 * a }\ntwice(x)\n",
			out:  "21\n40\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errs := replSession(t, tc.in)
			if tc.refused != "" && strings.Contains(errs, tc.refused) {
				if strings.Contains(out, tc.out) {
					t.Errorf("refused input ran: output %q", out)
				}
				// The message points into the line typed.
				if !strings.Contains(errs, "^\n") {
					t.Errorf("refusal without a caret: %q", errs)
				}
				return
			}
			if out != tc.out || errs != "" {
				t.Errorf("output %q, errors %q; want output %q (or a refusal containing %q)", out, errs, tc.out, tc.refused)
			}
		})
	}
}

// TestREPLRefusalKeepsSession checks that a refused input leaves the
// session as it was: nothing of it ran, and later input runs.
func TestREPLRefusalKeepsSession(t *testing.T) {
	out, errs := replSession(t, "n := 1\nfor i := 0; i < 2; i++ { n++; defer fmt.Println(i) }\nn\n")
	if out != "1\n" {
		t.Errorf("output %q, want %q (the refused loop must not run)", out, "1\n")
	}
	if !strings.Contains(errs, "1:31: defer outside a function") {
		t.Errorf("errors %q, want the refusal at 1:31", errs)
	}
}

// TestREPLCorpusLineByLine feeds corpus programs (testdata/difftest) to a
// session as a user would type them, one declaration or top-level
// statement of main at a time, and compares the output with the
// program's interpreted run, which TestDiffCorpus shows equal to its
// native build. The programs are the corpus ones whose main is only
// statements that make sense one at a time (no defer, return or label at
// its top level, no expression statement whose results the session
// would print).
func TestREPLCorpusLineByLine(t *testing.T) {
	progs := loadCorpus(t)
	want := map[string]bool{}
	for _, n := range replCorpus {
		want[n] = true
	}
	ran := 0
	for _, p := range progs {
		if !want[p.name] {
			continue
		}
		delete(want, p.name)
		t.Run(p.name, func(t *testing.T) {
			in, ok := replInput(p.src)
			if !ok {
				t.Fatalf("%s cannot be typed line by line", p.name)
			}
			r := interpret(p, time.Minute)
			if r.refused || r.status != 0 {
				t.Fatalf("%s: interpreted run refused or failed: %v %s", p.name, r.err, r.stderr)
			}
			out, errs := replSession(t, in)
			if out != r.stdout || errs != "" {
				t.Errorf("session output %q, errors %q; the program prints %q\ninput:\n%s", out, errs, r.stdout, in)
			}
		})
		ran++
	}
	for n := range want {
		t.Errorf("corpus program %s not found", n)
	}
	if ran == 0 {
		t.Fatal("no corpus program ran")
	}
}

// replCorpus are the corpus programs TestREPLCorpusLineByLine types.
var replCorpus = []string{
	"named_results_mean_std.go",
	"named_results_sum_explicit_return.go",
	"named_results_slice.go",
	"assign_parallel_const_call.go", "assign_parallel_call_const.go", "assign_parallel_two_calls.go",
	"assign_swap.go", "assign_index_order.go", "assign_define_mixed.go", "assign_op.go",
	"assign_incdec_index.go", "assign_struct_fields.go", "assign_blank.go",
	"assign_parallel_const_call_float.go", "assign_parallel_three.go",
	"assign_parallel_struct_field_call.go", "assign_var_block.go", "assign_pointer.go",
	"assign_parallel_global.go", "closure_counter.go",
	"closure_recursive.go", "closure_generator.go",
}

// replInput turns the program src into what a user types in a session:
// its imports not already imported, its declarations other than main,
// and then main's statements, each input complete on its lines and
// without blank lines. ok is false if main has something at its top
// level that a session cannot mean the same way.
func replInput(src []byte) (in string, ok bool) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		return "", false
	}
	have := map[string]bool{}
	for _, p := range ReplImports {
		have[p] = true
	}
	var b strings.Builder
	print := func(n any) {
		var buf bytes.Buffer
		printer.Fprint(&buf, fset, n)
		for _, l := range strings.Split(buf.String(), "\n") {
			if strings.TrimSpace(l) != "" {
				b.WriteString(l + "\n")
			}
		}
	}
	var main *ast.FuncDecl
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		if !have[p] || imp.Name != nil {
			print(&ast.GenDecl{Tok: token.IMPORT, Specs: []ast.Spec{imp}})
		}
	}
	for _, d := range f.Decls {
		if gd, isGen := d.(*ast.GenDecl); isGen && gd.Tok == token.IMPORT {
			continue
		}
		if fd, isFunc := d.(*ast.FuncDecl); isFunc && fd.Name.Name == "main" && fd.Recv == nil {
			main = fd
			continue
		}
		print(d)
	}
	if main == nil {
		return "", false
	}
	for _, st := range main.Body.List {
		switch st := st.(type) {
		case *ast.DeferStmt, *ast.ReturnStmt, *ast.LabeledStmt, *ast.BranchStmt:
			return "", false
		case *ast.ExprStmt:
			if list := []ast.Expr{st.X}; !isPrintCall(list) {
				return "", false
			}
		}
		print(st)
	}
	return b.String(), true
}
