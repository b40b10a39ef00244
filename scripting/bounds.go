package scripting

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"

	"github.com/gosnn/gosnn/scripting/internal/rtcheck"
	"github.com/traefik/yaegi/interp"
)

// Rule "run-time errors" (corpus: panics.txt, panic_index_*,
// panic_slice_*, panic_recovered_*): yaegi v0.16.1 reports an index out
// of range as reflect's panic, without the index and the length, and a
// nil dereference as a reflect call on a zero Value; a script that
// recovers and prints the value prints those. x[i], x[lo:hi], x[lo:] and
// x[:hi] on a slice, array or string whose type the check knows become
// x[rtcheck.Index(i, len(x))] and the like (internal/rtcheck), whose
// panics are the Go runtime's own; recover() becomes
// rtcheck.Recovered(recover()), which turns the interpreter's remaining
// panics into Go's. The operand x is evaluated twice, so only operands
// without effects are rewritten (names, fields, elements, constants),
// and likewise hi in x[lo:hi].

// rtcheckName is the name the rewritten script imports rtcheck as;
// rtcheckPath is its import path, known only to the interpreter.
const (
	rtcheckName = "rtcheck__"
	rtcheckPath = "github.com/gosnn/gosnn/scripting/internal/rtcheck"
)

// rtcheckSymbols are rtcheck's functions for the interpreter.
var rtcheckSymbols = interp.Exports{rtcheckPath + "/rtcheck": {
	"Index":      reflect.ValueOf(rtcheck.Index),
	"SliceLoHi":  reflect.ValueOf(rtcheck.SliceLoHi),
	"SliceFrom":  reflect.ValueOf(rtcheck.SliceFrom),
	"SliceTo":    reflect.ValueOf(rtcheck.SliceTo),
	"StringLoHi": reflect.ValueOf(rtcheck.StringLoHi),
	"StringFrom": reflect.ValueOf(rtcheck.StringFrom),
	"StringTo":   reflect.ValueOf(rtcheck.StringTo),
	"Recovered":  reflect.ValueOf(rtcheck.Recovered),
}}

// runtimeChecks applies rule "run-time errors" to f.
func (r *rewriter) runtimeChecks(f *ast.File) {
	info := r.c.info
	inRange := inRangeIndexes(info, f)
	// kind returns how x[…] is checked: 's' a slice, 'l' a string or an
	// array (or pointer to one), 0 not at all.
	kind := func(x ast.Expr) byte {
		tv, ok := info.Types[x]
		if !ok || tv.Type == nil || !pure(info, x) {
			return 0
		}
		t := tv.Type.Underlying()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem().Underlying()
			if _, ok := t.(*types.Array); !ok {
				return 0
			}
		}
		switch t := t.(type) {
		case *types.Slice:
			return 's'
		case *types.Array:
			return 'l'
		case *types.Basic:
			if t.Info()&types.IsString != 0 {
				return 'l'
			}
		}
		return 0
	}
	// intIndex reports whether e is an index of type int, and constant.
	intIndex := func(e ast.Expr) (ok, isConst bool) {
		tv, found := info.Types[e]
		if !found || tv.Type == nil {
			// An untyped constant that rule "constant expressions"
			// wrote as its value.
			x := ast.Unparen(e)
			if u, ok := x.(*ast.UnaryExpr); ok && (u.Op == token.SUB || u.Op == token.ADD) {
				x = ast.Unparen(u.X)
			}
			lit, ok := x.(*ast.BasicLit)
			return ok && lit.Kind == token.INT, ok
		}
		b, isBasic := tv.Type.(*types.Basic)
		if !isBasic || (b.Kind() != types.Int && b.Kind() != types.UntypedInt) {
			return false, false
		}
		return true, tv.Value != nil
	}
	call := func(name string, pos token.Pos, args ...ast.Expr) ast.Expr {
		r.needRtcheck = true
		return &ast.CallExpr{
			Fun:    &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: rtcheckName}, Sel: &ast.Ident{NamePos: pos, Name: name}},
			Lparen: pos, Args: args, Rparen: pos,
		}
	}
	builtin := func(name string, x ast.Expr) ast.Expr {
		return &ast.CallExpr{Fun: &ast.Ident{NamePos: x.Pos(), Name: name}, Lparen: x.Pos(), Args: []ast.Expr{cloneExpr(x)}, Rparen: x.End()}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IndexExpr:
			k := kind(n.X)
			ok, isConst := intIndex(n.Index)
			if k == 0 || !ok || (isConst && k == 'l') || inRange[n] {
				return true
			}
			n.Index = call("Index", n.Index.Pos(), n.Index, builtin("len", n.X))
		case *ast.SliceExpr:
			k := kind(n.X)
			if k == 0 || n.Slice3 || (n.Low == nil && n.High == nil) {
				return true
			}
			for _, e := range []ast.Expr{n.Low, n.High} {
				if e == nil {
					continue
				}
				if ok, _ := intIndex(e); !ok {
					return true
				}
			}
			switch {
			case n.Low != nil && n.High != nil:
				if !pure(info, n.High) {
					return true
				}
				if k == 's' {
					n.Low = call("SliceLoHi", n.Low.Pos(), n.Low, cloneExpr(n.High), builtin("len", n.X), builtin("cap", n.X))
				} else {
					n.Low = call("StringLoHi", n.Low.Pos(), n.Low, cloneExpr(n.High), builtin("len", n.X))
				}
			case n.Low != nil:
				if k == 's' {
					n.Low = call("SliceFrom", n.Low.Pos(), n.Low, builtin("len", n.X), builtin("cap", n.X))
				} else {
					n.Low = call("StringFrom", n.Low.Pos(), n.Low, builtin("len", n.X))
				}
			default:
				if k == 's' {
					n.High = call("SliceTo", n.High.Pos(), n.High, builtin("len", n.X), builtin("cap", n.X))
				} else {
					n.High = call("StringTo", n.High.Pos(), n.High, builtin("len", n.X))
				}
			}
		case *ast.CallExpr:
			if isRecoverCall(info, n) {
				fun, args := n.Fun, n.Args
				inner := &ast.CallExpr{Fun: fun, Lparen: n.Lparen, Args: args, Rparen: n.Rparen}
				n.Fun = &ast.SelectorExpr{X: &ast.Ident{NamePos: n.Pos(), Name: rtcheckName}, Sel: &ast.Ident{NamePos: n.Pos(), Name: "Recovered"}}
				n.Args = []ast.Expr{inner}
				r.needRtcheck = true
				return false
			}
		}
		return true
	})
}

// inRangeIndexes returns the index expressions x[i] that cannot be out
// of range, in the loops that experiment scripts write to go over a
// slice, so that they cost nothing: in
//
//	for i := range x { … x[i] … }
//	for i := 0; i < len(x); i++ { … x[i] … }
//
// where x and i are local variables that the loop's body does not
// assign, that no function literal assigns and whose address is never
// taken.
func inRangeIndexes(info *types.Info, f *ast.File) map[*ast.IndexExpr]bool {
	// Variables whose address is taken, or that a function literal
	// assigns: a call could change them.
	unsafe := map[types.Object]bool{}
	assigned := func(n ast.Node, into map[types.Object]bool) {
		mark := func(e ast.Expr) {
			if id, ok := ast.Unparen(e).(*ast.Ident); ok {
				if o := info.ObjectOf(id); o != nil {
					into[o] = true
				}
			}
		}
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					mark(l)
				}
			case *ast.IncDecStmt:
				mark(n.X)
			case *ast.RangeStmt:
				if n.Tok == token.ASSIGN {
					mark(n.Key)
					if n.Value != nil {
						mark(n.Value)
					}
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					mark(n.X)
				}
			}
			return true
		})
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			assigned(n.Body, unsafe)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
					if o := info.ObjectOf(id); o != nil {
						unsafe[o] = true
					}
				}
			}
		}
		return true
	})
	local := func(id *ast.Ident) types.Object {
		v, ok := info.ObjectOf(id).(*types.Var)
		if !ok || v.Parent() == nil || v.Parent() == v.Pkg().Scope() || unsafe[v] {
			return nil
		}
		return v
	}
	safe := map[*ast.IndexExpr]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		var idx, over *ast.Ident
		var body *ast.BlockStmt
		switch n := n.(type) {
		case *ast.RangeStmt:
			key, ok1 := n.Key.(*ast.Ident)
			x, ok2 := ast.Unparen(n.X).(*ast.Ident)
			if !ok1 || !ok2 || n.Tok != token.DEFINE {
				return true
			}
			idx, over, body = key, x, n.Body
		case *ast.ForStmt:
			init, ok := n.Init.(*ast.AssignStmt)
			if !ok || init.Tok != token.DEFINE || len(init.Lhs) != 1 || len(init.Rhs) != 1 {
				return true
			}
			i, ok := init.Lhs[0].(*ast.Ident)
			tv := info.Types[init.Rhs[0]]
			if !ok || tv.Value == nil || constant.Sign(tv.Value) < 0 {
				return true
			}
			post, ok := n.Post.(*ast.IncDecStmt)
			if !ok || post.Tok != token.INC || !sameVar(info, post.X, i) {
				return true
			}
			cond, ok := n.Cond.(*ast.BinaryExpr)
			if !ok || cond.Op != token.LSS || !sameVar(info, cond.X, i) {
				return true
			}
			l, ok := cond.Y.(*ast.CallExpr)
			if !ok || len(l.Args) != 1 {
				return true
			}
			if b, ok := l.Fun.(*ast.Ident); !ok || info.Uses[b] != types.Universe.Lookup("len") {
				return true
			}
			x, ok := ast.Unparen(l.Args[0]).(*ast.Ident)
			if !ok {
				return true
			}
			idx, over, body = i, x, n.Body
		default:
			return true
		}
		iv, xv := local(idx), local(over)
		if iv == nil || xv == nil {
			return true
		}
		changed := map[types.Object]bool{}
		assigned(body, changed)
		if changed[iv] || changed[xv] {
			return true
		}
		ast.Inspect(body, func(m ast.Node) bool {
			if ie, ok := m.(*ast.IndexExpr); ok && sameVar(info, ie.X, over) && sameVar(info, ie.Index, idx) {
				safe[ie] = true
			}
			return true
		})
		return true
	})
	return safe
}

// sameVar reports whether e is the variable named by id.
func sameVar(info *types.Info, e ast.Expr, id *ast.Ident) bool {
	x, ok := ast.Unparen(e).(*ast.Ident)
	return ok && info.ObjectOf(x) != nil && info.ObjectOf(x) == info.ObjectOf(id)
}

// pure reports whether evaluating e twice is the same as once: e has no
// calls other than len and cap, no receives and no assignments.
func pure(info *types.Info, e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return true
	case *ast.BasicLit:
		return true
	case *ast.ParenExpr:
		return pure(info, e.X)
	case *ast.SelectorExpr:
		if s, ok := info.Selections[e]; ok && s.Kind() != types.FieldVal {
			return false // a method value
		}
		return pure(info, e.X)
	case *ast.StarExpr:
		return pure(info, e.X)
	case *ast.IndexExpr:
		if tv, ok := info.Types[e.X]; ok && tv.Type != nil {
			if _, isMap := tv.Type.Underlying().(*types.Map); isMap {
				return false // may be rewritten; keep it simple
			}
		}
		return pure(info, e.X) && pure(info, e.Index)
	case *ast.UnaryExpr:
		return (e.Op == token.SUB || e.Op == token.ADD || e.Op == token.XOR) && pure(info, e.X)
	case *ast.BinaryExpr:
		switch e.Op {
		case token.ADD, token.SUB, token.MUL, token.AND, token.OR, token.XOR, token.SHL, token.SHR, token.AND_NOT:
			return pure(info, e.X) && pure(info, e.Y)
		}
	case *ast.CallExpr:
		if id, ok := e.Fun.(*ast.Ident); ok && len(e.Args) == 1 {
			if b, ok := info.Uses[id].(*types.Builtin); ok && (b.Name() == "len" || b.Name() == "cap") {
				return pure(info, e.Args[0])
			}
		}
	}
	return false
}

// cloneExpr copies a pure expression (see pure).
func cloneExpr(e ast.Expr) ast.Expr {
	switch e := e.(type) {
	case *ast.Ident:
		c := *e
		c.Obj = nil
		return &c
	case *ast.BasicLit:
		c := *e
		return &c
	case *ast.ParenExpr:
		return &ast.ParenExpr{Lparen: e.Lparen, X: cloneExpr(e.X), Rparen: e.Rparen}
	case *ast.SelectorExpr:
		return &ast.SelectorExpr{X: cloneExpr(e.X), Sel: cloneExpr(e.Sel).(*ast.Ident)}
	case *ast.StarExpr:
		return &ast.StarExpr{Star: e.Star, X: cloneExpr(e.X)}
	case *ast.IndexExpr:
		return &ast.IndexExpr{X: cloneExpr(e.X), Lbrack: e.Lbrack, Index: cloneExpr(e.Index), Rbrack: e.Rbrack}
	case *ast.UnaryExpr:
		return &ast.UnaryExpr{OpPos: e.OpPos, Op: e.Op, X: cloneExpr(e.X)}
	case *ast.BinaryExpr:
		return &ast.BinaryExpr{X: cloneExpr(e.X), OpPos: e.OpPos, Op: e.Op, Y: cloneExpr(e.Y)}
	case *ast.CallExpr:
		args := make([]ast.Expr, len(e.Args))
		for k, a := range e.Args {
			args[k] = cloneExpr(a)
		}
		return &ast.CallExpr{Fun: cloneExpr(e.Fun), Lparen: e.Lparen, Args: args, Rparen: e.Rparen}
	}
	panic("cloneExpr: not a pure expression")
}
