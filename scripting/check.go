package scripting

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/traefik/yaegi/stdlib"
	"github.com/traefik/yaegi/stdlib/generic"
)

// Check reports, before running, every problem in the script that the
// interpreter would crash on or silently get wrong and that Run does not
// rewrite (see the package documentation), and with sandbox every import
// outside [SandboxPackages]. It returns nil or an [ErrorList] in source
// order.
func Check(filename string, src []byte, sandbox bool) error {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filename, src, parser.ParseComments)
	if err != nil {
		return syntaxErrors(err)
	}
	c := checkFile(fset, f, sandbox, inlineBinaryConstants(f))
	if err := c.err(); err != nil {
		return err
	}
	// The constructs no rewrite repairs (rules.go) are refused too.
	c.errs = rewriteScript(c, f)
	return c.err()
}

// checkFile checks the parsed script f. The checker it returns holds
// the problems found and what the rewrites need: the import names and the
// types that could be known without the imported packages.
//
// used names imports that count as used although f no longer refers to
// them (see inlineBinaryConstants).
func checkFile(fset *token.FileSet, f *ast.File, sandbox bool, used map[string]bool) *checker {
	c := &checker{fset: fset, sandbox: sandbox, strictPaths: sandbox && landlockABI() == 0, alsoUsed: used}
	c.check(f)
	return c
}

// err returns the problems found as an ErrorList in source order, or nil.
func (c *checker) err() error {
	if len(c.errs) == 0 {
		return nil
	}
	sort.SliceStable(c.errs, func(i, j int) bool { return c.errs[i].pos < c.errs[j].pos })
	l := make(ErrorList, len(c.errs))
	for k, e := range c.errs {
		l[k] = &Error{Pos: c.fset.Position(e.pos).String(), Msg: e.msg}
	}
	return l
}

type checker struct {
	fset *token.FileSet
	// unknownRanges are range statements over an expression whose type
	// the check could not know (it depends on an imported package): if
	// the interpreter fails, they are the likely cause.
	unknownRanges []*ast.RangeStmt
	sandbox       bool
	strictPaths   bool // require snn.OutPath(…) for methods' paths
	info          *types.Info
	imports       map[string]string // local name → import path
	alsoUsed      map[string]bool   // import names used before a rewrite
	loopCopies    []loopCopy        // for rule "loop variables"
	errs          []posErr
}

type posErr struct {
	pos token.Pos
	msg string
}

func (c *checker) errorf(pos token.Pos, format string, args ...any) {
	c.errs = append(c.errs, posErr{pos, fmt.Sprintf(format, args...)})
}

const goSymbols = "github.com/gosnn/gosnn/"

// stdPackages is the interpreter's standard library: import path →
// exported names (nil for packages compiled from source, whose names are
// in sourceNames).
var stdPackages, sourceNames = func() (map[string]map[string]bool, map[string]map[string]bool) {
	std := map[string]map[string]bool{}
	for k, syms := range stdlib.Symbols {
		p := path.Dir(k)
		if p == "." || strings.HasPrefix(p, "github.com/traefik/") {
			continue
		}
		names := map[string]bool{}
		for n := range syms {
			names[n] = true
		}
		std[p] = names
	}
	src := map[string]map[string]bool{}
	for _, s := range generic.Sources {
		f, err := parser.ParseFile(token.NewFileSet(), "", s, 0)
		if err != nil {
			continue
		}
		p := f.Name.Name
		if src[p] == nil {
			src[p] = map[string]bool{}
		}
		for n, o := range f.Scope.Objects {
			if ast.IsExported(n) && o.Kind != ast.Bad {
				src[p][n] = true
			}
		}
	}
	return std, src
}()

// importName is the name a package is known by when its import has no
// name: the last element of its path, or the one before a major version
// suffix (math/rand/v2 is rand).
func importName(p string) string {
	base := path.Base(p)
	if len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" && path.Dir(p) != "." {
		return path.Base(path.Dir(p))
	}
	return base
}

// importNames maps each name a file's imports are known by to the import
// path. Blank and dot imports have no name and are left out.
func importNames(f *ast.File) map[string]string {
	m := map[string]string{}
	for _, spec := range f.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue
		}
		name := importName(p)
		if spec.Name != nil {
			name = spec.Name.Name
		}
		if name == "_" || name == "." {
			continue
		}
		m[name] = p
	}
	return m
}

// knownImport reports whether the interpreter can import path.
func knownImport(p string) bool {
	if _, ok := binaryPackages()[p]; ok {
		return true
	}
	_, ok := stdPackages[p]
	_, ok2 := sourceNames[p]
	return ok || ok2
}

func (c *checker) check(f *ast.File) {
	c.imports = importNames(f)
	for _, spec := range f.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue
		}
		switch {
		case c.sandbox && !sandboxAllowed(p):
			c.errorf(spec.Pos(), "import %q is not allowed in --sandbox: a sandboxed script may import only %s", p, strings.Join(SandboxPackages(), ", "))
		case !knownImport(p):
			c.errorf(spec.Pos(), "import %q: the interpreter has the Go 1.22 standard library and %s only; run the script with --native to use other packages", p, projectPackages())
		}
	}

	// Type-check what can be checked without the imported packages:
	// imports fail on purpose, and expressions that depend on them have
	// invalid types, which the checks below skip.
	c.info = &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{},
		Defs:  map[*ast.Ident]types.Object{},
		Uses:  map[*ast.Ident]types.Object{},
		// The rewrites need to know methods' receivers.
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Implicits:  map[ast.Node]types.Object{},
		// Rule "generic type arguments" writes the inferred ones.
		Instances: map[*ast.Ident]types.Instance{},
	}
	conf := types.Config{
		Importer:  failImporter{},
		GoVersion: "go1.22",
		Error: func(err error) {
			var te types.Error
			if errors.As(err, &te) && strings.Contains(te.Msg, "declared and not used") {
				c.errorf(te.Pos, "%s (the Go compiler refuses this; remove it or use it)", te.Msg)
			}
		},
	}
	conf.Check("main", c.fset, []*ast.File{f}, c.info)

	used := map[string]bool{}
	for n := range c.alsoUsed {
		used[n] = true
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if x, ok := n.X.(*ast.Ident); ok {
				used[x.Name] = true
			}
		}
		return true
	})
	for _, spec := range f.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil || (spec.Name != nil && (spec.Name.Name == "_" || spec.Name.Name == ".")) {
			continue
		}
		for name, q := range c.imports {
			if q == p && !used[name] {
				c.errorf(spec.Pos(), "%q imported and not used (the Go compiler refuses this; remove the import)", p)
			}
		}
	}

	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			c.builtin(n)
			if c.strictPaths {
				c.pathMethod(n)
			}
		case *ast.SelectorExpr:
			c.stdlibName(n)
		case *ast.RangeStmt:
			c.rangeStmt(n)
			c.loopVars(n, n.Body, n.Key, n.Value)
		case *ast.ForStmt:
			if init, ok := n.Init.(*ast.AssignStmt); ok && init.Tok == token.DEFINE {
				c.loopVars(n, n.Body, init.Lhs...)
			}
		}
		return true
	})
}

// rangeSuspects returns the positions and text of the range statements
// whose range expression Check could not type (see checker.unknownRanges).
func rangeSuspects(filename string, src []byte) []string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filename, src, parser.ParseComments)
	if err != nil {
		return nil
	}
	c := &checker{fset: fset}
	c.check(f)
	var l []string
	for _, r := range c.unknownRanges {
		l = append(l, fmt.Sprintf("%s: range over %s", fset.Position(r.For), types.ExprString(r.X)))
	}
	return l
}

// landlockABI is LandlockABI, replaceable by tests.
var landlockABI = LandlockABI

// pathMethod requires, in a sandbox without Landlock, that the path given
// to a method that writes files be snn.OutPath(…) itself: the method
// cannot be intercepted, so the path is checked here, before running.
func (c *checker) pathMethod(call *ast.CallExpr) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return
	}
	idx, ok := sandboxPathMethods[sel.Sel.Name]
	if !ok || idx >= len(call.Args) {
		return
	}
	if x, ok := sel.X.(*ast.Ident); ok {
		if _, isPkg := c.info.Uses[x].(*types.PkgName); isPkg {
			return // a package function: the symbol map guards it
		}
	}
	if arg, ok := call.Args[idx].(*ast.CallExpr); ok {
		if f, ok := arg.Fun.(*ast.SelectorExpr); ok && f.Sel.Name == "OutPath" {
			if x, ok := f.X.(*ast.Ident); ok && c.imports[x.Name] == "github.com/gosnn/gosnn/snn" {
				return
			}
		}
	}
	c.errorf(call.Args[idx].Pos(), "in --sandbox on this system (no Landlock in the kernel) the path given to %s must be written as snn.OutPath(name), so that it stays in the output directory", sel.Sel.Name)
}

type failImporter struct{}

func (failImporter) Import(p string) (*types.Package, error) {
	return nil, fmt.Errorf("not type-checked")
}

// builtin reports min, max and clear, which yaegi v0.16.1 lacks.
func (c *checker) builtin(call *ast.CallExpr) {
	id, ok := call.Fun.(*ast.Ident)
	if !ok {
		return
	}
	if _, ok := c.info.Uses[id].(*types.Builtin); !ok {
		return
	}
	switch id.Name {
	case "min", "max":
		c.errorf(id.Pos(), "the %s builtin (Go 1.21) is not supported by the interpreter: use math.%s for float64 values or an if statement for integers, or run with --native", id.Name, strings.ToUpper(id.Name[:1])+id.Name[1:])
	case "clear":
		c.errorf(id.Pos(), "the clear builtin (Go 1.21) is not supported by the interpreter: set the elements to zero in a loop (for i := range s { s[i] = 0 }) or delete a map's keys in a loop, or run with --native")
	}
}

// stdlibName reports a standard library name newer than Go 1.22.
func (c *checker) stdlibName(sel *ast.SelectorExpr) {
	x, ok := sel.X.(*ast.Ident)
	if !ok {
		return
	}
	if _, ok := c.info.Uses[x].(*types.PkgName); !ok {
		return
	}
	p := c.imports[x.Name]
	names, ok := stdPackages[p]
	src, ok2 := sourceNames[p]
	if !ok && !ok2 {
		return
	}
	if !names[sel.Sel.Name] && !src[sel.Sel.Name] {
		c.errorf(sel.Sel.Pos(), "%s.%s is not in the interpreter's standard library, which has the Go 1.22 API: write it without %s.%s or run with --native", x.Name, sel.Sel.Name, x.Name, sel.Sel.Name)
	}
}

// rangeStmt reports range over an integer or a function (Go 1.22, 1.23),
// which crash the interpreter.
func (c *checker) rangeStmt(r *ast.RangeStmt) {
	t := c.info.Types[r.X].Type
	if t == nil || t == types.Typ[types.Invalid] {
		c.unknownRanges = append(c.unknownRanges, r)
		return
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		if u.Info()&types.IsInteger != 0 {
			v := "i"
			if id, ok := r.Key.(*ast.Ident); ok {
				v = id.Name
			}
			c.errorf(r.For, "range over an integer (Go 1.22) is not supported by the interpreter: write for %s := 0; %s < %s; %s++ { … }, or run with --native", v, v, exprString(c.fset, r.X), v)
		}
	case *types.Signature:
		c.errorf(r.For, "range over a function (Go 1.23 iterator) is not supported by the interpreter: collect the values into a slice and range over it, or run with --native")
	}
}

// loopVars finds closures and pointers that capture a loop variable: Go
// 1.22 gives each iteration its own variable, the interpreter shares one
// across iterations. Where a copy made at the start of each iteration
// means the same (a range loop's variables; a counting loop's variable
// that the body does not change), rule "loop variables" (rules.go)
// makes that copy; otherwise the capture is reported.
func (c *checker) loopVars(loop ast.Node, body *ast.BlockStmt, vars ...ast.Expr) {
	objs := map[types.Object]bool{}
	for _, v := range vars {
		if id, ok := v.(*ast.Ident); ok && id.Name != "_" {
			if o := c.info.Defs[id]; o != nil {
				objs[o] = true
			}
		}
	}
	if len(objs) == 0 || body == nil {
		return
	}
	_, isRange := loop.(*ast.RangeStmt)
	// What the body does to the variables.
	written := map[types.Object]bool{}
	addressed := map[types.Object]*ast.Ident{}
	captured := map[types.Object]*ast.Ident{}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && objs[c.info.Uses[id]] {
					written[c.info.Uses[id]] = true
				}
			}
		case *ast.IncDecStmt:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && objs[c.info.Uses[id]] {
				written[c.info.Uses[id]] = true
			}
		case *ast.FuncLit:
			ast.Inspect(n.Body, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok && objs[c.info.Uses[id]] && captured[c.info.Uses[id]] == nil {
					captured[c.info.Uses[id]] = id
				}
				return true
			})
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && objs[c.info.Uses[id]] && addressed[c.info.Uses[id]] == nil {
					addressed[c.info.Uses[id]] = id
				}
			}
		}
		return true
	})
	var copies []string
	for _, v := range vars {
		id, ok := v.(*ast.Ident)
		if !ok {
			continue
		}
		o := c.info.Defs[id]
		if o == nil || (captured[o] == nil && addressed[o] == nil) {
			continue
		}
		if isRange || (!written[o] && addressed[o] == nil) {
			copies = append(copies, id.Name)
			continue
		}
		use, how := captured[o], "a function literal"
		if a := addressed[o]; a != nil && (use == nil || a.Pos() < use.Pos()) {
			use, how = a, "taking its address"
		}
		c.errorf(use.Pos(), "%s captures the loop variable %s, which the loop body also changes: Go 1.22 gives each iteration its own %s but the interpreter shares one across iterations; copy it into a new variable declared in the body (v := %s) and use that, or run with --native", how, id.Name, id.Name, id.Name)
	}
	if len(copies) > 0 {
		c.loopCopies = append(c.loopCopies, loopCopy{body, copies})
	}
}

// A loopCopy asks rule "loop variables" to copy the named loop variables
// at the start of each iteration of body.
type loopCopy struct {
	body  *ast.BlockStmt
	names []string
}

func exprString(fset *token.FileSet, e ast.Expr) string {
	return types.ExprString(e)
}
