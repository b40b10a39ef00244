package scripting

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"regexp"
	"strconv"
	"strings"
)

// The REPL applies the same check and rewrites as Run (check.go,
// rules.go) to every input. The session keeps the inputs it accepted as
// one Go program: the imports, the top-level declarations, and the
// statements so far inside func main. A new input is appended to that
// program (as declarations or as statements, the way the interpreter
// wraps it) and the program is checked and rewritten whole, so that the
// rules see the types of what was typed before. Then a problem in the
// new input refuses it, with the rule's message and a position in what
// was typed; an input a rule rewrote is evaluated as rewritten; any other
// input is evaluated as typed.

// replProgram is the session's accepted inputs as one program.
type replProgram struct {
	imports []string // import declarations typed
	decls   []string // other top-level declarations
	stmts   []string // statements, in main
	temps   int      // temporary names given out so far
	// typedBlock says that the input being prepared is a block as typed.
	typedBlock bool
}

// An inputKind says where an input goes in the program.
type inputKind int

const (
	inputStmts inputKind = iota // statements in main
	inputDecls                  // top-level declarations
	inputExpr                   // one expression, whose value is printed
	inputExprs                  // several expressions, printed
)

// kindOf says where src goes in the program.
func kindOf(src string) inputKind {
	if wrapFor(src) != inMain {
		return inputDecls
	}
	if list, ok := exprList(src); ok {
		if len(list) > 1 {
			return inputExprs
		}
		return inputExpr
	}
	return inputStmts
}

// replRefusal is an input the rules refuse: the problems, with positions
// in the input.
type replRefusal struct {
	src  string
	errs []posErr
	fset *token.FileSet
	// line and column of the input's start in the program
	line int
}

// print writes the problems as the session reports errors: the line
// typed, a caret under the column, and line:column: message.
func (r *replRefusal) print(s *session) {
	lines := strings.Split(r.src, "\n")
	for _, e := range r.errs {
		p := r.fset.Position(e.pos)
		line, col := p.Line-r.line+1, p.Column
		if !e.pos.IsValid() || line < 1 || line > len(lines) {
			fmt.Fprintln(s.errw, e.msg)
			continue
		}
		text := lines[line-1]
		fmt.Fprintf(s.errw, "  %s\n  %s^\n", text, caretPad(text, col-1))
		fmt.Fprintf(s.errw, "%d:%d: %s\n", line, col, e.msg)
	}
}

// replIgnored are the checker's complaints that a program made of REPL
// inputs has by nature: a session need not use what it declares or
// imports.
func replIgnored(msg string) bool {
	return strings.Contains(msg, "declared and not used") || strings.Contains(msg, "imported and not used")
}

var tempName = regexp.MustCompile(`^snnTmp[0-9]+__$`)

// prepare checks and rewrites src of kind k as the next input of p. It
// returns the text to evaluate (src itself unless a rule rewrote it), or
// a refusal. When the program cannot be parsed (src has a syntax error)
// it returns src: the interpreter reports the error.
func (p *replProgram) prepare(src string, k inputKind) (text string, refused *replRefusal) {
	if wrapFor(src) == (wrapping{}) {
		return "", &replRefusal{src: src, fset: token.NewFileSet(), errs: []posErr{{token.NoPos, "a package clause cannot be typed in the session: type the declarations and statements, or put the program in a file and use snn run"}}}
	}
	var b strings.Builder
	b.WriteString("package main\n\nimport (\n")
	for _, imp := range ReplImports {
		fmt.Fprintf(&b, "\t%q\n", imp)
	}
	b.WriteString(")\n\n")
	for _, d := range p.imports {
		b.WriteString(d + "\n")
	}
	isImport := k == inputDecls && strings.HasPrefix(strings.TrimSpace(src), "import")
	var start, end int
	if isImport {
		b.WriteString("\n")
		start = b.Len()
		b.WriteString(src)
		end = b.Len()
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "func %s(v ...any) []any { return v }\n", replValues)
	for _, d := range p.decls {
		b.WriteString(d + "\n")
	}
	if k == inputDecls && !isImport {
		b.WriteString("\n")
		start = b.Len()
		b.WriteString(src)
		end = b.Len()
		b.WriteString("\n")
	}
	b.WriteString("func main() {\n")
	for _, st := range p.stmts {
		b.WriteString(st + "\n")
	}
	if k != inputDecls {
		b.WriteString("\n")
		start = b.Len()
		switch k {
		case inputExprs:
			// The expressions as the arguments of one call, the way
			// eval prints them.
			b.WriteString(replValues + "(" + strings.TrimRight(src, "\n") + "\n)")
		default:
			b.WriteString(src)
		}
		end = b.Len()
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	prog := b.String()

	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "repl.go", prog, parser.ParseComments)
	if err != nil {
		alone := src
		if k == inputExprs {
			alone = replValues + "(" + src + ")"
		}
		if parseWrapped(alone, inMain) != nil && parseWrapped(alone, inPackage) != nil {
			// A syntax error in src: the interpreter reports it.
			return src, nil
		}
		// Never evaluate what the rules have not seen.
		return "", &replRefusal{src: src, fset: fset, errs: []posErr{{token.NoPos, fmt.Sprintf("the session could not check this input (%v); type it differently, or put it in a file and use snn run", err)}}}
	}
	tf := fset.File(f.Pos())
	lo, hi := tf.Pos(start), tf.Pos(end)
	in := func(pos token.Pos) bool { return pos >= lo && pos <= hi }
	refusal := func(errs []posErr) *replRefusal {
		var mine []posErr
		for _, e := range errs {
			if in(e.pos) && !replIgnored(e.msg) {
				mine = append(mine, e)
			}
		}
		if len(mine) == 0 {
			return nil
		}
		return &replRefusal{src: src, errs: mine, fset: fset, line: tf.Line(lo)}
	}
	before := p.inputText(fset, f, k, in, nil)
	p.typedBlock = strings.HasPrefix(before, "{")
	if k != inputDecls {
		var defers []posErr
		var walk func(n ast.Node, loop bool)
		walk = func(n ast.Node, loop bool) {
			ast.Inspect(n, func(m ast.Node) bool {
				switch m := m.(type) {
				case *ast.FuncLit:
					if loop {
						defers = append(defers, posErr{m.Pos(), "a function literal in a loop typed at the session's top level: the interpreter does not give such a loop's variables one copy per iteration there (closures see the wrong values); put the loop inside a function and call it"})
					}
					return false
				case *ast.DeferStmt:
					defers = append(defers, posErr{m.Pos(), "defer outside a function: the session is not a function that returns, and the interpreter runs such deferred calls again after every later input; put the defer inside a function"})
				case *ast.ForStmt:
					if m != n {
						walk(m, true)
						return false
					}
				case *ast.RangeStmt:
					if m != n {
						walk(m, true)
						return false
					}
				}
				return true
			})
		}
		walk(f, false)
		if r := refusal(defers); r != nil {
			return "", r
		}
	}

	used := inlineBinaryConstants(f)
	c := checkFile(fset, f, false, used)
	if r := refusal(c.errs); r != nil {
		return "", r
	}
	if r := refusal(rewriteScript(c, f)); r != nil {
		return "", r
	}
	names := map[string]string{}
	after := p.inputText(fset, f, k, in, names)
	if after == before {
		return src, nil
	}
	return after, nil
}

// inputText prints the nodes of f that are the input: those within in,
// and those a rewrite made for them. Temporary names the rewrites gave
// are renamed (through names) to ones the session has not used.
func (p *replProgram) inputText(fset *token.FileSet, f *ast.File, k inputKind, in func(token.Pos) bool, names map[string]string) string {
	var nodes []ast.Node
	if k == inputDecls {
		for _, d := range f.Decls {
			if in(d.Pos()) {
				nodes = append(nodes, d)
			}
		}
	} else {
		var main *ast.FuncDecl
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "main" && fd.Recv == nil {
				main = fd
			}
		}
		if main == nil {
			return ""
		}
		list := main.Body.List
		j := len(list)
		for j > 0 && (in(list[j-1].Pos()) || !list[j-1].Pos().IsValid()) {
			j--
		}
		for _, st := range list[j:] {
			nodes = append(nodes, st)
		}
		if b, ok := nodes0(nodes).(*ast.BlockStmt); ok && names != nil && !p.typedBlock {
			// A block a rewrite made to hold its temporaries: yaegi
			// v0.16.1 does not find variables defined in a block at
			// the session's top level, and the temporaries' names are
			// the session's own, so its statements go in as they are.
			nodes = nodes[:0]
			for _, st := range b.List {
				nodes = append(nodes, st)
			}
		}
		if k == inputExprs && len(nodes) == 1 {
			// Only the arguments of the call.
			if es, ok := nodes[0].(*ast.ExprStmt); ok {
				if call, ok := es.X.(*ast.CallExpr); ok {
					if id, ok := call.Fun.(*ast.Ident); ok && id.Name == replValues {
						nodes = nil
						for _, a := range call.Args {
							nodes = append(nodes, a)
						}
					}
				}
			}
		}
	}
	if names != nil {
		for _, n := range nodes {
			ast.Inspect(n, func(n ast.Node) bool {
				id, ok := n.(*ast.Ident)
				if !ok || !tempName.MatchString(id.Name) {
					return true
				}
				if _, ok := names[id.Name]; !ok {
					p.temps++
					names[id.Name] = "snnReplTmp" + strconv.Itoa(p.temps) + "__"
				}
				id.Name = names[id.Name]
				return true
			})
		}
	}
	var parts []string
	for _, n := range nodes {
		var buf bytes.Buffer
		if err := printer.Fprint(&buf, fset, n); err != nil {
			return ""
		}
		parts = append(parts, buf.String())
	}
	sep := "\n"
	if k == inputExprs {
		sep = ", "
	}
	return strings.Join(parts, sep)
}

// accept adds src of kind k, evaluated, to the program.
func (p *replProgram) accept(src string, k inputKind) {
	switch {
	case k == inputDecls && strings.HasPrefix(strings.TrimSpace(src), "import"):
		p.imports = append(p.imports, src)
	case k == inputDecls:
		p.decls = append(p.decls, src)
	case k == inputStmts:
		p.stmts = append(p.stmts, src)
	}
	// Expressions declare nothing the rules need later.
}

// replHelpers declares in the session what rewritten inputs use.
var replHelpers = []string{
	fmt.Sprintf("import (\n\t%s %q\n\t%s %q\n)", utf8Name, "unicode/utf8", rtcheckName, rtcheckPath),
	"var " + zeroName + " float64",
}

// nodes0 returns the only node of nodes, or nil.
func nodes0(nodes []ast.Node) ast.Node {
	if len(nodes) != 1 {
		return nil
	}
	return nodes[0]
}
