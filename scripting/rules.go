package scripting

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"
)

// The rules below rewrite a script, before the interpreter sees it, into
// a program that means the same in Go and that yaegi v0.16.1 runs as the
// Go compiler would. Each rule names the corpus program in
// testdata/difftest that shows the difference it removes; the package
// documentation lists them. They run after [Check] found nothing to
// refuse, on the same syntax tree, and use the types Check could know
// without the imported packages.

// rewriteScript applies every rule to f. It returns the problems it
// found that no rewrite can remove, to refuse the script with.
func rewriteScript(c *checker, f *ast.File) (errs []posErr) {
	defer func() {
		// A rule that fails on a script it did not foresee refuses the
		// script rather than taking the caller down.
		if v := recover(); v != nil {
			errs = []posErr{{f.Package, fmt.Sprintf("internal error while preparing the script for the interpreter (%v): run it with --native, and please report this", v)}}
		}
	}()
	r := &rewriter{c: c, file: f, made: map[ast.Stmt]bool{}, called: map[*ast.SelectorExpr]bool{}}
	ast.Inspect(f, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				r.called[sel] = true
			}
		}
		return true
	})
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		r.zeroNamedResults(fd.Type, fd.Body)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if fl, ok := n.(*ast.FuncLit); ok {
			r.zeroNamedResults(fl.Type, fl.Body)
		}
		return true
	})
	r.refusals(f)
	if len(r.errs) > 0 {
		return r.errs
	}
	r.foldConstants(f)
	r.floatDivisionByZero(f)
	r.copyIntoInterfaces(f)
	r.copyLoopVars()
	r.statementLists(f)
	r.runtimeChecks(f)
	r.explicitInstances(f)
	if r.needZero {
		f.Decls = append(f.Decls, &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{&ast.ValueSpec{
			Names: []*ast.Ident{ast.NewIdent(zeroName)}, Type: ast.NewIdent("float64"),
		}}})
	}
	if r.needUTF8 {
		f.Decls = append([]ast.Decl{&ast.GenDecl{Tok: token.IMPORT, Specs: []ast.Spec{&ast.ImportSpec{
			Name: ast.NewIdent(utf8Name), Path: &ast.BasicLit{Kind: token.STRING, Value: `"unicode/utf8"`},
		}}}}, f.Decls...)
	}
	if r.needRtcheck {
		f.Decls = append([]ast.Decl{&ast.GenDecl{Tok: token.IMPORT, Specs: []ast.Spec{&ast.ImportSpec{
			Name: ast.NewIdent(rtcheckName), Path: &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(rtcheckPath)},
		}}}}, f.Decls...)
	}
	return r.errs
}

// Rule "constant expressions" (corpus: strings_consts.txt, const_expr_map_value;
// found by the generator): yaegi v0.16.1 can fail on an untyped constant
// expression, e.g. m["k"] = (c >> 16) ^ (255 / (c|1)) with const c = -7
// panics with a nil dereference. The rewrite replaces every untyped
// constant expression made of operators (not a lone name or literal) by
// its exact value, as the type check computed it: what Go means by it.
func (r *rewriter) foldConstants(f *ast.File) {
	var fold func(e *ast.Expr)
	fold = func(e *ast.Expr) {
		switch (*e).(type) {
		case *ast.BinaryExpr, *ast.UnaryExpr, *ast.ParenExpr:
		default:
			return
		}
		tv, ok := r.c.info.Types[*e]
		if !ok || tv.Value == nil {
			return
		}
		if r.untypedOperands(*e) {
			if l := constantLiteral(tv.Value, (*e).Pos()); l != nil {
				*e = l
			}
			return
		}
		// A typed constant, such as float64(-5) * float64(0) (which is
		// 0, where yaegi computes -0 at run time): T(value).
		b, ok := tv.Type.Underlying().(*types.Basic)
		if !ok || b.Info()&types.IsUntyped != 0 || b.Kind() == types.UntypedRune {
			return
		}
		name := types.TypeString(tv.Type, func(*types.Package) string { return "" })
		t, err := parser.ParseExpr(name)
		if err != nil {
			return
		}
		l := constantLiteral(tv.Value, (*e).Pos())
		if l == nil {
			return
		}
		if id, ok := t.(*ast.Ident); ok {
			id.NamePos = (*e).Pos()
		}
		*e = &ast.CallExpr{Fun: t, Lparen: (*e).Pos(), Args: []ast.Expr{l}, Rparen: (*e).Pos()}
	}
	// foldAll folds every expression of a list in place.
	foldAll := func(xs []ast.Expr) {
		for k := range xs {
			fold(&xs[k])
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GenDecl:
			return n.Tok != token.CONST
		case *ast.BinaryExpr:
			fold(&n.X)
			fold(&n.Y)
		case *ast.UnaryExpr:
			fold(&n.X)
		case *ast.ParenExpr:
			fold(&n.X)
		case *ast.AssignStmt:
			foldAll(n.Rhs)
		case *ast.ValueSpec:
			foldAll(n.Values)
		case *ast.CallExpr:
			foldAll(n.Args)
		case *ast.ReturnStmt:
			foldAll(n.Results)
		case *ast.IndexExpr:
			fold(&n.Index)
		case *ast.KeyValueExpr:
			fold(&n.Value)
		case *ast.CompositeLit:
			foldAll(n.Elts)
		case *ast.IfStmt:
			fold(&n.Cond)
		case *ast.ForStmt:
			if n.Cond != nil {
				fold(&n.Cond)
			}
		case *ast.SwitchStmt:
			if n.Tag != nil {
				fold(&n.Tag)
			}
		case *ast.CaseClause:
			foldAll(n.List)
		case *ast.SendStmt:
			fold(&n.Value)
		case *ast.SliceExpr:
			for _, e := range []*ast.Expr{&n.Low, &n.High, &n.Max} {
				if *e != nil {
					fold(e)
				}
			}
		case *ast.ArrayType:
			if n.Len != nil {
				fold(&n.Len)
			}
		}
		return true
	})
}

// untypedOperands reports whether the operands of the constant expression
// e are untyped and not runes (whatever e was converted to afterwards,
// as in var x float64 = 7 / 2, which is 3).
func (r *rewriter) untypedOperands(e ast.Expr) bool {
	untyped := func(x ast.Expr) bool {
		tv, ok := r.c.info.Types[x]
		if !ok || tv.Value == nil {
			return false
		}
		b, ok := tv.Type.(*types.Basic)
		return ok && b.Info()&types.IsUntyped != 0 && b.Kind() != types.UntypedRune
	}
	switch e := e.(type) {
	case *ast.BinaryExpr:
		return untyped(e.X) && untyped(e.Y) && r.untypedOperands(ast.Unparen(e.X)) && r.untypedOperands(ast.Unparen(e.Y))
	case *ast.UnaryExpr:
		return untyped(e.X) && r.untypedOperands(ast.Unparen(e.X))
	case *ast.ParenExpr:
		return r.untypedOperands(e.X)
	}
	return untyped(e)
}

// constantLiteral writes the exact value v as an expression: a literal,
// or for a float that is not an integer, a quotient of two float
// literals, which Go computes exactly as an untyped constant.
func constantLiteral(v constant.Value, pos token.Pos) ast.Expr {
	if (v.Kind() == constant.Int || v.Kind() == constant.Float) && constant.Sign(v) < 0 {
		x := constantLiteral(constant.UnaryOp(token.SUB, v, 0), pos)
		if x == nil {
			return nil
		}
		return &ast.ParenExpr{Lparen: pos, X: &ast.UnaryExpr{OpPos: pos, Op: token.SUB, X: x}, Rparen: pos}
	}
	switch v.Kind() {
	case constant.Int:
		return &ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: v.ExactString()}
	case constant.Float:
		num, den := constant.Num(constant.ToFloat(v)), constant.Denom(constant.ToFloat(v))
		if num.Kind() != constant.Int || den.Kind() != constant.Int {
			return nil
		}
		n := &ast.BasicLit{ValuePos: pos, Kind: token.FLOAT, Value: num.ExactString() + ".0"}
		if constant.Compare(den, token.EQL, constant.MakeInt64(1)) {
			return n
		}
		return &ast.ParenExpr{Lparen: pos, X: &ast.BinaryExpr{X: n, OpPos: pos, Op: token.QUO,
			Y: &ast.BasicLit{ValuePos: pos, Kind: token.FLOAT, Value: den.ExactString() + ".0"}}, Rparen: pos}
	case constant.String:
		return &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: v.ExactString()}
	case constant.Bool:
		return &ast.Ident{NamePos: pos, Name: v.ExactString()}
	}
	return nil
}

type rewriter struct {
	c    *checker
	file *ast.File
	errs []posErr
	tmp  int
	// made are the statements the rules made, not to be rewritten again.
	made map[ast.Stmt]bool
	// called are the selectors that are called, x.M(…), not method values.
	called map[*ast.SelectorExpr]bool
	// recoverDefs are the variables defined as x := recover().
	recoverDefs []types.Object
	// safeVars caches safeSwitchVars.
	safeVars map[types.Object]bool
	// needZero says that a rewrite uses the variable zeroName.
	needZero bool
	// lib caches libTypes.
	lib *libTypes
	// needRtcheck says that a rewrite uses rtcheck, as rtcheckName.
	needRtcheck bool
	// needUTF8 says that a rewrite uses unicode/utf8, as utf8Name.
	needUTF8 bool
	// namedNonStruct are the script's named types whose underlying type
	// is not a struct or interface.
	namedNonStruct []*types.Named
}

func (r *rewriter) errorf(pos token.Pos, format string, args ...any) {
	r.errs = append(r.errs, posErr{pos, fmt.Sprintf(format, args...)})
}

// temp returns a fresh variable name.
func (r *rewriter) temp(pos token.Pos) *ast.Ident {
	r.tmp++
	return &ast.Ident{NamePos: pos, Name: "snnTmp" + strconv.Itoa(r.tmp) + "__"}
}

// Rule "named results" (corpus: funcs.txt, named_results_*): yaegi
// v0.16.1 does not reset a function's named results when it is called
// again, so m in func f() (m float64) { m += 1; return } keeps counting
// across calls. The rewrite assigns every named result its zero value,
// *new(T), as the body's first statement.
func (r *rewriter) zeroNamedResults(ft *ast.FuncType, body *ast.BlockStmt) {
	if ft.Results == nil || body == nil {
		return
	}
	var lhs, rhs []ast.Expr
	for _, fld := range ft.Results.List {
		for _, n := range fld.Names {
			if n.Name == "_" {
				continue
			}
			lhs = append(lhs, &ast.Ident{NamePos: body.Lbrace, Name: n.Name})
			rhs = append(rhs, &ast.StarExpr{Star: body.Lbrace, X: &ast.CallExpr{
				Fun:  &ast.Ident{NamePos: body.Lbrace, Name: "new"},
				Args: []ast.Expr{fld.Type},
			}})
		}
	}
	if len(lhs) == 0 {
		return
	}
	// One assignment per result: a parallel assignment is what rule
	// "parallel assignment" works around.
	var zero []ast.Stmt
	for k := range lhs {
		zero = append(zero, &ast.AssignStmt{Lhs: lhs[k : k+1], TokPos: body.Lbrace, Tok: token.ASSIGN, Rhs: rhs[k : k+1]})
	}
	body.List = append(zero, body.List...)
}

// Rule "struct values in interfaces" (corpus: misc.txt,
// interface_holding_struct_copy): yaegi v0.16.1 does not copy a struct or
// array variable when it converts it to an interface, so var c I = v;
// v.n = 9 changes what c holds. Where the check knows that a variable of
// a struct or array type becomes an interface value — in an assignment,
// a var declaration, a call of a script function, a composite literal or
// a return statement — the rewrite converts a copy instead:
// func() T { c := v; return c }().
func (r *rewriter) copyIntoInterfaces(f *ast.File) {
	info := r.c.info
	isIface := func(t types.Type) bool {
		if t == nil {
			return false
		}
		_, ok := t.Underlying().(*types.Interface)
		return ok
	}
	wrap := func(e *ast.Expr, target types.Type) {
		if !isIface(target) {
			return
		}
		switch ast.Unparen(*e).(type) {
		case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.StarExpr:
		default:
			return // a new value: nothing else refers to it
		}
		tv, ok := info.Types[*e]
		if !ok || tv.Type == nil || !tv.IsValue() {
			return
		}
		switch tv.Type.Underlying().(type) {
		case *types.Struct, *types.Array:
		default:
			return
		}
		name := types.TypeString(tv.Type, func(*types.Package) string { return "" })
		t, err := parser.ParseExpr(name)
		if err != nil {
			return
		}
		pos := (*e).Pos()
		c := r.temp(pos)
		*e = &ast.CallExpr{Fun: &ast.FuncLit{
			Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: t}}}},
			Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{
				&ast.AssignStmt{Lhs: []ast.Expr{c}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{*e}},
				&ast.ReturnStmt{Return: pos, Results: []ast.Expr{&ast.Ident{NamePos: pos, Name: c.Name}}},
			}, Rbrace: pos},
		}, Lparen: pos, Rparen: pos}
	}
	typeOf := func(e ast.Expr) types.Type {
		if tv, ok := info.Types[e]; ok {
			return tv.Type
		}
		return nil
	}
	var results []*types.Tuple // of the enclosing functions
	var walk func(n ast.Node) bool
	walk = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if o, ok := info.Defs[n.Name].(*types.Func); ok && n.Body != nil {
				results = append(results, o.Type().(*types.Signature).Results())
				ast.Inspect(n.Body, walk)
				results = results[:len(results)-1]
			}
			return false
		case *ast.FuncLit:
			if sig, ok := typeOf(n).(*types.Signature); ok {
				results = append(results, sig.Results())
				ast.Inspect(n.Body, walk)
				results = results[:len(results)-1]
			}
			return false
		case *ast.AssignStmt:
			if n.Tok == token.ASSIGN && len(n.Lhs) == len(n.Rhs) {
				for k := range n.Rhs {
					wrap(&n.Rhs[k], typeOf(n.Lhs[k]))
				}
			}
		case *ast.ValueSpec:
			if n.Type != nil {
				for k := range n.Values {
					wrap(&n.Values[k], typeOf(n.Type))
				}
			}
		case *ast.ReturnStmt:
			if len(results) > 0 && results[len(results)-1] != nil && results[len(results)-1].Len() == len(n.Results) {
				for k := range n.Results {
					wrap(&n.Results[k], results[len(results)-1].At(k).Type())
				}
			}
		case *ast.CallExpr:
			if tv, ok := info.Types[n.Fun]; ok && tv.IsType() && len(n.Args) == 1 {
				wrap(&n.Args[0], tv.Type) // a conversion I(v)
			} else if sig, ok := typeOf(n.Fun).(*types.Signature); ok {
				for k := range n.Args {
					var pt types.Type
					switch {
					case sig.Variadic() && k >= sig.Params().Len()-1 && !n.Ellipsis.IsValid():
						pt = sig.Params().At(sig.Params().Len() - 1).Type().(*types.Slice).Elem()
					case k < sig.Params().Len():
						pt = sig.Params().At(k).Type()
					}
					wrap(&n.Args[k], pt)
				}
			} else if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "append" && len(n.Args) > 1 && !n.Ellipsis.IsValid() {
				if st, ok := typeOf(n.Args[0]).(*types.Slice); ok {
					for k := 1; k < len(n.Args); k++ {
						wrap(&n.Args[k], st.Elem())
					}
				}
			}
		case *ast.CompositeLit:
			var et types.Type
			switch t := typeOf(n).(type) {
			case nil:
			default:
				switch u := t.Underlying().(type) {
				case *types.Slice:
					et = u.Elem()
				case *types.Array:
					et = u.Elem()
				case *types.Map:
					et = u.Elem()
				}
			}
			var st *types.Struct
			if t := typeOf(n); t != nil {
				st, _ = t.Underlying().(*types.Struct)
			}
			for k, e := range n.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					if et != nil {
						wrap(&kv.Value, et)
					} else if key, ok := kv.Key.(*ast.Ident); ok && st != nil {
						for i := 0; i < st.NumFields(); i++ {
							if st.Field(i).Name() == key.Name {
								wrap(&kv.Value, st.Field(i).Type())
							}
						}
					}
					continue
				}
				if st != nil && k < st.NumFields() {
					wrap(&n.Elts[k], st.Field(k).Type())
					continue
				}
				if et != nil {
					wrap(&n.Elts[k], et)
				}
			}
		}
		return true
	}
	ast.Inspect(f, walk)
}

// Rule "loop variables" (corpus: closures.txt, closure_loopvar_*): Go
// 1.22 gives each iteration of a loop its own loop variables, yaegi
// v0.16.1 shares one across iterations, so closures and pointers made in
// the loop all see the last value. Where the checker found that a copy
// means the same (see checker.loopVars), the rewrite declares the copy,
// v := v, as the loop body's first statement; a variable declared in the
// body is a new one in each iteration under yaegi too.
func (r *rewriter) copyLoopVars() {
	for _, lc := range r.c.loopCopies {
		var copies []ast.Stmt
		pos := lc.body.Lbrace
		for _, n := range lc.names {
			copies = append(copies, &ast.AssignStmt{
				Lhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: n}}, TokPos: pos, Tok: token.DEFINE,
				Rhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: n}},
			})
		}
		lc.body.List = append(copies, lc.body.List...)
	}
}

// statementLists applies the rules that replace one statement by several
// to every statement list of f.
func (r *rewriter) statementLists(f *ast.File) {
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			n.List = r.stmts(n.List)
		case *ast.CaseClause:
			n.Body = r.stmts(n.Body)
		case *ast.CommClause:
			n.Body = r.stmts(n.Body)
		case *ast.ForStmt:
			r.simpleStmt(n.Init)
			r.simpleStmt(n.Post)
		case *ast.IfStmt:
			r.simpleStmt(n.Init)
		case *ast.SwitchStmt:
			r.simpleStmt(n.Init)
		case *ast.TypeSwitchStmt:
			r.simpleStmt(n.Init)
		}
		return true
	})
}

// simpleStmt refuses, in the header of a for, if or switch, a statement
// that a rule would have to split: there is no room for several there.
func (r *rewriter) simpleStmt(s ast.Stmt) {
	if s == nil {
		return
	}
	if r.splitAssign(s) != nil {
		r.errorf(s.Pos(), "the interpreter gets this assignment wrong (yaegi assigns only some of the values of a parallel assignment with a function call, or keeps the old value where a comma-ok form finds nothing): write it as a separate statement before the loop or if, one variable at a time, or run with --native")
	}
}

func (r *rewriter) stmts(list []ast.Stmt) []ast.Stmt {
	var out []ast.Stmt
	for _, s := range list {
		if r.made[s] {
			out = append(out, s)
			continue
		}
		if b := r.splitAssign(s); b != nil {
			out = append(out, b)
			continue
		}
		if b := r.rangeString(s); b != nil {
			out = append(out, b)
			continue
		}
		if b := r.typeSwitch(s); b != nil {
			out = append(out, b)
			continue
		}
		if d, ok := s.(*ast.DeferStmt); ok {
			if b := r.hoistDeferArgs(d); b != nil {
				out = append(out, b)
				continue
			}
		}
		out = append(out, s)
	}
	return out
}

// Rule "parallel assignment" (corpus: assign.txt, assign_parallel_*):
// yaegi v0.16.1 loses values of an assignment a, b = x, y (not :=) when
// one of the values is a function call: a, b = 2, f() leaves a at 0. The
// rewrite evaluates, in Go's order, the operands of index expressions on
// the left and every value that is not a constant into new variables,
// then assigns one variable at a time, left to right:
//
//	{ t1 := f(); a = 2; b = t1 }
//
// Rule "comma-ok assignment" (corpus: assign_map_commaok): v, ok = m[k]
// (not :=) leaves v unchanged when k is missing, instead of setting it to
// the zero value. The rewrite is { t, tok := m[k]; v = t; ok = tok }.
func (r *rewriter) splitAssign(s ast.Stmt) ast.Stmt {
	a, ok := s.(*ast.AssignStmt)
	if !ok || a.Tok != token.ASSIGN || len(a.Lhs) < 2 {
		return nil
	}
	pos := a.Pos()
	var pre, post []ast.Stmt
	define := func(v ast.Expr) ast.Expr {
		t := r.temp(v.Pos())
		pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{t}, TokPos: v.Pos(), Tok: token.DEFINE, Rhs: []ast.Expr{v}})
		return &ast.Ident{NamePos: v.Pos(), Name: t.Name}
	}
	if len(a.Rhs) == 1 {
		// v, ok = m[k], x.(T) or <-c.
		switch ast.Unparen(a.Rhs[0]).(type) {
		case *ast.IndexExpr, *ast.TypeAssertExpr, *ast.UnaryExpr:
		default:
			return nil // a call with several results: yaegi gets it right
		}
		t1, t2 := r.temp(pos), r.temp(pos)
		pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{t1, t2}, TokPos: pos, Tok: token.DEFINE, Rhs: a.Rhs})
		for k, t := range []*ast.Ident{t1, t2} {
			if id, ok := a.Lhs[k].(*ast.Ident); ok && id.Name == "_" {
				post = append(post, &ast.AssignStmt{Lhs: []ast.Expr{a.Lhs[k]}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: t.Name}}})
				continue
			}
			post = append(post, &ast.AssignStmt{Lhs: []ast.Expr{r.hoistIndex(a.Lhs[k], define)}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: t.Name}}})
		}
		return &ast.BlockStmt{Lbrace: pos, List: append(pre, post...), Rbrace: a.End()}
	}
	if !hasCall(a.Rhs) {
		return nil // swaps and the like: yaegi gets them right
	}
	lhs := make([]ast.Expr, len(a.Lhs))
	for k, l := range a.Lhs {
		lhs[k] = r.hoistIndex(l, define)
	}
	for k, v := range a.Rhs {
		if !r.isConstant(v) {
			v = define(v)
		}
		if id, ok := lhs[k].(*ast.Ident); ok && id.Name == "_" {
			if r.isConstant(v) {
				continue
			}
		}
		post = append(post, &ast.AssignStmt{Lhs: []ast.Expr{lhs[k]}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{v}})
	}
	return &ast.BlockStmt{Lbrace: pos, List: append(pre, post...), Rbrace: a.End()}
}

// hoistIndex returns the left-hand side l with the operands of an index
// expression that are not constants evaluated now, into new variables.
func (r *rewriter) hoistIndex(l ast.Expr, define func(ast.Expr) ast.Expr) ast.Expr {
	ix, ok := ast.Unparen(l).(*ast.IndexExpr)
	if !ok || r.isConstant(ix.Index) {
		return l
	}
	c := *ix
	c.Index = define(ix.Index)
	return &c
}

func hasCall(l []ast.Expr) bool {
	found := false
	for _, e := range l {
		ast.Inspect(e, func(n ast.Node) bool {
			if _, ok := n.(*ast.CallExpr); ok {
				found = true
			}
			return !found
		})
	}
	return found
}

const utf8Name = "snnUTF8__"

// zeroName is a float64 variable that is always 0.
const zeroName = "snnFloatZero__"

// Rule "float division by constant zero" (corpus: misc.txt,
// float_div_zero; found by the generator): Go computes x / 0.0 for a
// float variable x (±Inf or NaN), yaegi v0.16.1 refuses it ("division by
// zero"). The rewrite divides by a variable that is 0 instead, converted
// to the division's type.
func (r *rewriter) floatDivisionByZero(f *ast.File) {
	ast.Inspect(f, func(n ast.Node) bool {
		b, ok := n.(*ast.BinaryExpr)
		if !ok || (b.Op != token.QUO) {
			return true
		}
		ty, ok := r.c.info.Types[b.Y]
		if !ok || ty.Value == nil || constant.Sign(ty.Value) != 0 {
			return true
		}
		if tx, ok := r.c.info.Types[b.X]; !ok || tx.Value != nil {
			return true // a constant division: Go refuses it too
		}
		tb, ok := r.c.info.Types[b]
		if !ok || tb.Type == nil {
			return true
		}
		basic, ok := tb.Type.Underlying().(*types.Basic)
		if !ok || basic.Info()&types.IsFloat == 0 {
			return true
		}
		name := types.TypeString(tb.Type, func(*types.Package) string { return "" })
		t, err := parser.ParseExpr(name)
		if err != nil {
			return true
		}
		r.needZero = true
		b.Y = &ast.CallExpr{Fun: t, Lparen: b.Y.Pos(), Args: []ast.Expr{&ast.Ident{NamePos: b.Y.Pos(), Name: zeroName}}, Rparen: b.Y.End()}
		return true
	})
}

// Rule "range over a string" (corpus: misc.txt, string_invalid_utf8):
// yaegi v0.16.1 advances the index of for i, r := range s by the length
// of the rune it decoded re-encoded, 3 for an invalid byte, where Go
// advances by 1. When the index is used, the rewrite decodes the string
// itself:
//
//	{ s' := s; for i', w := 0, 0; i' < len(s'); i' += w { r, w' := utf8.DecodeRuneInString(s'[i':]); w = w'; i := i'; … } }
func (r *rewriter) rangeString(s ast.Stmt) ast.Stmt {
	var label *ast.Ident
	if ls, ok := s.(*ast.LabeledStmt); ok {
		label = ls.Label
		s = ls.Stmt
	}
	rs, ok := s.(*ast.RangeStmt)
	if !ok || rs.Key == nil {
		return nil
	}
	if id, ok := rs.Key.(*ast.Ident); ok && id.Name == "_" {
		return nil
	}
	tv, ok := r.c.info.Types[rs.X]
	if !ok || tv.Type == nil {
		return nil
	}
	if b, ok := tv.Type.Underlying().(*types.Basic); !ok || b.Info()&types.IsString == 0 {
		return nil
	}
	r.needUTF8 = true
	pos := rs.Pos()
	id := func(n string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: n} }
	str, idx, w, w2, rn := r.temp(pos).Name, r.temp(pos).Name, r.temp(pos).Name, r.temp(pos).Name, r.temp(pos).Name
	body := []ast.Stmt{
		&ast.AssignStmt{Lhs: []ast.Expr{id(rn), id(w2)}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.CallExpr{
			Fun:  &ast.SelectorExpr{X: id(utf8Name), Sel: id("DecodeRuneInString")},
			Args: []ast.Expr{&ast.SliceExpr{X: id(str), Low: id(idx)}},
		}}},
		&ast.AssignStmt{Lhs: []ast.Expr{id(w)}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{id(w2)}},
		&ast.AssignStmt{Lhs: []ast.Expr{rs.Key}, TokPos: pos, Tok: rs.Tok, Rhs: []ast.Expr{id(idx)}},
	}
	if rs.Value != nil {
		body = append(body, &ast.AssignStmt{Lhs: []ast.Expr{rs.Value}, TokPos: pos, Tok: rs.Tok, Rhs: []ast.Expr{id(rn)}})
	} else {
		body = append(body, &ast.AssignStmt{Lhs: []ast.Expr{id("_")}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{id(rn)}})
	}
	if rs.Tok == token.DEFINE {
		// A body that does not use the key: the Go compiler allows it.
		body = append(body, &ast.AssignStmt{Lhs: []ast.Expr{id("_")}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{rs.Key}})
	}
	loop := &ast.ForStmt{
		For:  rs.For,
		Init: &ast.AssignStmt{Lhs: []ast.Expr{id(idx), id(w)}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: "0"}, &ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: "0"}}},
		Cond: &ast.BinaryExpr{X: id(idx), OpPos: pos, Op: token.LSS, Y: &ast.CallExpr{Fun: id("len"), Args: []ast.Expr{id(str)}}},
		Post: &ast.AssignStmt{Lhs: []ast.Expr{id(idx)}, TokPos: pos, Tok: token.ADD_ASSIGN, Rhs: []ast.Expr{id(w)}},
		// The body stays a block of its own, where it may redeclare the
		// key and value (rule "loop variables" does).
		Body: &ast.BlockStmt{Lbrace: rs.Body.Lbrace, List: append(body, rs.Body), Rbrace: rs.Body.Rbrace},
	}
	var st ast.Stmt = loop
	if label != nil {
		st = &ast.LabeledStmt{Label: label, Colon: pos, Stmt: loop}
	}
	return &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{
		&ast.AssignStmt{Lhs: []ast.Expr{id(str)}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.CallExpr{Fun: id("string"), Args: []ast.Expr{rs.X}}}},
		st,
	}, Rbrace: rs.End()}
}

// Rule "type switch" (corpus: types.txt, typeswitch_method_types; found
// by the generator): yaegi v0.16.1 does not match case *T: in
// switch w := v.(type) when T has methods (the default case runs, with w
// an internal value), while the assertion v.(*T) works. The rewrite
// evaluates v once, tests every case's type with a comma-ok assertion,
// and switches on the results:
//
//	{ t := v; _, ok1 := t.(*T); switch { case ok1: w := t.(*T); …; default: w := t; … } }
//
// A labelled type switch keeps its label on the new switch.
func (r *rewriter) typeSwitch(s ast.Stmt) ast.Stmt {
	var label *ast.Ident
	if ls, ok := s.(*ast.LabeledStmt); ok {
		label = ls.Label
		s = ls.Stmt
	}
	ts, ok := s.(*ast.TypeSwitchStmt)
	if !ok {
		return nil
	}
	pos := ts.Pos()
	var bind *ast.Ident
	var x ast.Expr
	switch a := ts.Assign.(type) {
	case *ast.AssignStmt:
		bind = a.Lhs[0].(*ast.Ident)
		x = a.Rhs[0].(*ast.TypeAssertExpr).X
	case *ast.ExprStmt:
		x = a.X.(*ast.TypeAssertExpr).X
	default:
		return nil
	}
	var pre []ast.Stmt
	if ts.Init != nil {
		pre = append(pre, ts.Init)
	}
	v := r.temp(pos)
	pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{v}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{x}})
	vref := func() *ast.Ident { return &ast.Ident{NamePos: pos, Name: v.Name} }
	var clauses []ast.Stmt
	for _, c := range ts.Body.List {
		cc := c.(*ast.CaseClause)
		var conds []ast.Expr
		for _, t := range cc.List {
			if id, ok := t.(*ast.Ident); ok && id.Name == "nil" {
				conds = append(conds, &ast.BinaryExpr{X: vref(), OpPos: t.Pos(), Op: token.EQL, Y: &ast.Ident{NamePos: t.Pos(), Name: "nil"}})
				continue
			}
			ok := r.temp(t.Pos())
			pre = append(pre, &ast.AssignStmt{
				Lhs: []ast.Expr{&ast.Ident{NamePos: t.Pos(), Name: "_"}, ok}, TokPos: t.Pos(), Tok: token.DEFINE,
				Rhs: []ast.Expr{&ast.TypeAssertExpr{X: vref(), Lparen: t.Pos(), Type: t, Rparen: t.End()}},
			})
			conds = append(conds, &ast.Ident{NamePos: t.Pos(), Name: ok.Name})
		}
		var body []ast.Stmt
		if bind != nil {
			// In a clause with one type the variable has that type,
			// otherwise the switched expression's.
			var val ast.Expr = vref()
			if len(cc.List) == 1 {
				if id, ok := cc.List[0].(*ast.Ident); !ok || id.Name != "nil" {
					val = &ast.TypeAssertExpr{X: vref(), Lparen: cc.Case, Type: cc.List[0], Rparen: cc.Colon}
				}
			}
			body = append(body,
				&ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: cc.Case, Name: bind.Name}}, TokPos: cc.Case, Tok: token.DEFINE, Rhs: []ast.Expr{val}},
				&ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: cc.Case, Name: "_"}}, TokPos: cc.Case, Tok: token.ASSIGN, Rhs: []ast.Expr{&ast.Ident{NamePos: cc.Case, Name: bind.Name}}})
		}
		var cond []ast.Expr
		if len(conds) > 0 {
			e := conds[0]
			for _, c := range conds[1:] {
				e = &ast.BinaryExpr{X: e, OpPos: c.Pos(), Op: token.LOR, Y: c}
			}
			cond = []ast.Expr{e}
		}
		clauses = append(clauses, &ast.CaseClause{Case: cc.Case, List: cond, Colon: cc.Colon, Body: append(body, cc.Body...)})
	}
	var sw ast.Stmt = &ast.SwitchStmt{Switch: ts.Switch, Body: &ast.BlockStmt{Lbrace: ts.Body.Lbrace, List: clauses, Rbrace: ts.Body.Rbrace}}
	if label != nil {
		sw = &ast.LabeledStmt{Label: label, Colon: pos, Stmt: sw}
	}
	return &ast.BlockStmt{Lbrace: pos, List: append(pre, sw), Rbrace: ts.End()}
}

// Rule "defer arguments" (corpus: defer.txt, defer_loop_*): yaegi
// v0.16.1 keeps, for a defer statement, references to the variables its
// arguments name (and a function literal's variables as they are at the
// end), so for i := 0; i < 3; i++ { defer fmt.Println(i) } prints the
// last i three times. The rewrite evaluates the function literal and
// every argument that is not a constant into new variables first, as Go
// does at the defer statement:
//
//	{ t1 := i; defer fmt.Println(t1) }
func (r *rewriter) hoistDeferArgs(d *ast.DeferStmt) ast.Stmt {
	call := d.Call
	pos := d.Pos()
	var pre []ast.Stmt
	define := func(v ast.Expr) ast.Expr {
		t := r.temp(v.Pos())
		pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{t}, TokPos: v.Pos(), Tok: token.DEFINE, Rhs: []ast.Expr{v}})
		return &ast.Ident{NamePos: v.Pos(), Name: t.Name}
	}
	c := *call
	// The receiver of a method of a script type: a copy for a value
	// receiver, its address for a pointer receiver of an addressable
	// value.
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
		if s, ok := r.c.info.Selections[sel]; ok && s.Kind() == types.MethodVal && !isConstantOrType(r, sel.X) {
			_, recvPtr := s.Obj().Type().(*types.Signature).Recv().Type().(*types.Pointer)
			_, xPtr := s.Recv().Underlying().(*types.Pointer)
			x := sel.X
			if recvPtr && !xPtr {
				x = &ast.UnaryExpr{OpPos: x.Pos(), Op: token.AND, X: x}
			}
			c.Fun = &ast.SelectorExpr{X: define(x), Sel: sel.Sel}
		}
	}
	c.Args = make([]ast.Expr, len(call.Args))
	for k, a := range call.Args {
		if r.isConstant(a) {
			c.Args[k] = a
			continue
		}
		c.Args[k] = define(a)
	}
	if len(pre) == 0 {
		return nil
	}
	nd := &ast.DeferStmt{Defer: d.Defer, Call: &c}
	r.made[nd] = true
	return &ast.BlockStmt{Lbrace: pos, List: append(pre, nd), Rbrace: d.End()}
}

func isConstantOrType(r *rewriter, e ast.Expr) bool {
	if tv, ok := r.c.info.Types[e]; ok && tv.IsType() {
		return true
	}
	return r.isConstant(e)
}

// isConstant reports whether e is a constant: what the type check knows
// to be one, nil, or a constant of a compiled package.
func (r *rewriter) isConstant(e ast.Expr) bool {
	e = ast.Unparen(e)
	if tv, ok := r.c.info.Types[e]; ok && (tv.Value != nil || tv.IsNil()) {
		return true
	}
	switch e := e.(type) {
	case *ast.BasicLit:
		return true
	case *ast.Ident:
		_, ok := r.c.info.Uses[e].(*types.Const)
		return ok || e.Name == "nil" && r.c.info.Uses[e] == nil
	case *ast.SelectorExpr:
		_, ok := r.binaryConstant(e)
		return ok
	case *ast.UnaryExpr:
		return e.Op != token.ARROW && e.Op != token.AND && r.isConstant(e.X)
	case *ast.BinaryExpr:
		return r.isConstant(e.X) && r.isConstant(e.Y)
	}
	return false
}

// binaryConstant returns the value of pkg.Name when it names a constant
// of a compiled package.
func (r *rewriter) binaryConstant(sel *ast.SelectorExpr) (reflect.Value, bool) {
	return binaryConstant(r.c.imports, r.c.info, sel)
}

// binaryConstant returns the value of pkg.Name when it names a constant
// of a compiled package. info may be nil: then a name the parser resolved
// to a declaration of the script is not a package.
func binaryConstant(imports map[string]string, info *types.Info, sel *ast.SelectorExpr) (reflect.Value, bool) {
	x, ok := sel.X.(*ast.Ident)
	if !ok {
		return reflect.Value{}, false
	}
	if info != nil {
		if o := info.Uses[x]; o != nil {
			if _, ok := o.(*types.PkgName); !ok {
				return reflect.Value{}, false
			}
		}
	} else if x.Obj != nil {
		return reflect.Value{}, false
	}
	p, ok := imports[x.Name]
	if !ok {
		return reflect.Value{}, false
	}
	v, ok := binaryPackages()[p][sel.Sel.Name]
	if !ok || !v.IsValid() {
		return reflect.Value{}, false
	}
	switch v.Kind() {
	case reflect.Ptr, reflect.Func, reflect.Interface, reflect.Map, reflect.Slice, reflect.Chan:
		return reflect.Value{}, false
	}
	return v, true
}

// Rule "untyped constants of compiled packages" (corpus:
// strings_consts.txt, const_pi_freq; generated programs): yaegi v0.16.1
// refuses 2*math.Pi*freq with const freq = 10.0 ("mismatched types
// untyped float64 and untyped float"), which Go accepts, and computes
// 2*math.Pi/1.5 in float64 steps, one ulp off the exact constant. The
// rewrite replaces each untyped constant of a compiled package (math.Pi,
// math.MaxInt64, …) inside an expression by its exact value, written as
// a literal, before the type check, so that rule "constant expressions"
// then folds the whole expression exactly, as Go does.
//
// It returns the names of the packages whose constants it replaced, which
// the script uses even where no other reference to them is left.
func inlineBinaryConstants(f *ast.File) (used map[string]bool) {
	used = map[string]bool{}
	imports := importNames(f)
	var lit func(sel *ast.SelectorExpr) ast.Expr
	lit = func(sel *ast.SelectorExpr) ast.Expr {
		v, ok := binaryConstant(imports, nil, sel)
		if !ok {
			return nil
		}
		cv, ok := v.Interface().(constant.Value)
		if !ok {
			return nil
		}
		return constantLiteral(cv, sel.Pos())
	}
	replace := func(e *ast.Expr) {
		if sel, ok := (*e).(*ast.SelectorExpr); ok {
			if l := lit(sel); l != nil {
				*e = l
				used[sel.X.(*ast.Ident).Name] = true
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			replace(&n.X)
			replace(&n.Y)
		case *ast.UnaryExpr:
			replace(&n.X)
		case *ast.ParenExpr:
			replace(&n.X)
		}
		return true
	})
	return used
}

// refusals reports the constructs that yaegi v0.16.1 runs differently
// and that no rewrite here repairs. Each message says what to write.
func (r *rewriter) refusals(f *ast.File) {
	info := r.c.info
	ast.Inspect(f, func(n ast.Node) bool {
		if a, ok := n.(*ast.AssignStmt); ok && a.Tok == token.DEFINE && len(a.Lhs) == 1 && len(a.Rhs) == 1 && isRecoverCall(info, a.Rhs[0]) {
			if id, ok := a.Lhs[0].(*ast.Ident); ok && info.Defs[id] != nil {
				r.recoverDefs = append(r.recoverDefs, info.Defs[id])
			}
		}
		return true
	})
	hasMethods := false
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil {
			hasMethods = true
		}
	}
	for _, o := range info.Defs {
		if tn, ok := o.(*types.TypeName); ok && !tn.IsAlias() {
			if n, ok := tn.Type().(*types.Named); ok {
				switch n.Underlying().(type) {
				case *types.Struct, *types.Interface:
				default:
					r.namedNonStruct = append(r.namedNonStruct, n)
				}
			}
		}
	}
	var loops []ast.Node // enclosing loops of the function being walked
	var walk func(n ast.Node) bool
	walk = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			saved := loops
			loops = nil
			ast.Inspect(n.Body, walk)
			loops = saved
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			loops = append(loops, n)
			var body *ast.BlockStmt
			if fs, ok := n.(*ast.ForStmt); ok {
				body = fs.Body
			} else {
				body = n.(*ast.RangeStmt).Body
			}
			for _, c := range []ast.Node{forInit(n), body} {
				if c != nil {
					ast.Inspect(c, walk)
				}
			}
			loops = loops[:len(loops)-1]
			return false
		case *ast.DeferStmt:
			// Rule "deferred function literal in a loop" (corpus:
			// defer_loop_closure_local).
			if fl, ok := n.Call.Fun.(*ast.FuncLit); ok && len(loops) > 0 {
				outer := loops[0]
				ast.Inspect(fl.Body, func(m ast.Node) bool {
					id, ok := m.(*ast.Ident)
					if !ok {
						return true
					}
					if v, ok := info.Uses[id].(*types.Var); ok && v.Pos() >= outer.Pos() && v.Pos() < outer.End() && (v.Pos() < fl.Pos() || v.Pos() >= fl.End()) {
						r.errorf(id.Pos(), "a deferred function literal inside a loop uses %s, declared in the loop: the interpreter runs it with %s as it is at the end of the loop, not as Go does; pass it as an argument (defer func(%s T) { … }(%s)), or run with --native", id.Name, id.Name, id.Name, id.Name)
						return false
					}
					return true
				})
			}
			// Rule "deferred variadic call" (corpus: defer_variadic).
			if n.Call.Ellipsis.IsValid() {
				r.errorf(n.Call.Ellipsis, "the interpreter passes the slice of a deferred call f(xs...) as one argument: write defer func() { f(xs...) }() with xs not changed afterwards, or run with --native")
			}
		case *ast.SelectorExpr:
			r.methodValue(n)
		case *ast.TypeAssertExpr:
			if n.Type != nil {
				r.interfaceAssertion(n.Type)
				r.basicNamedAssertion(n.Type)
			}
		case *ast.TypeSwitchStmt:
			for _, cl := range n.Body.List {
				for _, t := range cl.(*ast.CaseClause).List {
					r.interfaceAssertion(t)
					r.basicNamedAssertion(t)
				}
			}
		case *ast.FuncDecl:
			r.formatMethod(n)
		case *ast.CallExpr:
			r.formatVerbs(n)
			if hasMethods {
				r.printInterface(n)
			}
		}
		return true
	}
	ast.Inspect(f, walk)
}

func forInit(n ast.Node) ast.Node {
	if fs, ok := n.(*ast.ForStmt); ok && fs.Init != nil {
		return fs.Init
	}
	return nil
}

// methodValue refuses method expressions (T.M) and method values of value
// receivers (x.M not called) of script types.
//
// Rule "method expression" (corpus: method_expression): yaegi v0.16.1
// panics when the function is called. Rule "method value" (corpus:
// method_value_bound): x.M binds x when it is called, not when x.M is
// evaluated.
func (r *rewriter) methodValue(sel *ast.SelectorExpr) {
	s, ok := r.c.info.Selections[sel]
	if !ok {
		return
	}
	switch s.Kind() {
	case types.MethodExpr:
		r.errorf(sel.Pos(), "the interpreter cannot call a method expression such as %s: write a function literal, func(x %s, …) { return x.%s(…) }, or run with --native", types.ExprString(sel), types.ExprString(sel.X), sel.Sel.Name)
	case types.MethodVal:
		if r.called[sel] {
			return
		}
		sig := s.Obj().Type().(*types.Signature)
		if _, ptr := sig.Recv().Type().(*types.Pointer); ptr {
			return
		}
		if _, ok := s.Recv().Underlying().(*types.Interface); ok {
			return
		}
		r.errorf(sel.Pos(), "the method value %s takes %s as it is when the method is called, not as it is now as Go does: copy it first (c := %s; f := c.%s), or run with --native", types.ExprString(sel), types.ExprString(sel.X), types.ExprString(sel.X), sel.Sel.Name)
	}
}

// basicNamedAssertion refuses a type assertion or type switch case that
// names a script type whose underlying type is not a struct (type
// celsius float64), or the underlying type of such a type.
//
// Rule "named basic types" (corpus: typeswitch_named_basic): yaegi
// v0.16.1 represents celsius as float64, so v.(celsius) holds for a
// float64 in v and v.(float64) for a celsius.
func (r *rewriter) basicNamedAssertion(t ast.Expr) {
	tv, ok := r.c.info.Types[t]
	if !ok || tv.Type == nil {
		return
	}
	for _, n := range r.namedNonStruct {
		if types.Identical(tv.Type, n) || types.Identical(tv.Type, n.Underlying()) {
			r.errorf(t.Pos(), "the interpreter cannot tell %s from %s in a type assertion or type switch (it represents %s as %s): declare %s as a struct (type %s struct{ … }), or run with --native", n.Obj().Name(), types.TypeString(n.Underlying(), nil), n.Obj().Name(), types.TypeString(n.Underlying(), nil), n.Obj().Name(), n.Obj().Name())
			return
		}
	}
}

// interfaceAssertion refuses a type assertion or type switch case to an
// interface type with methods.
//
// Rule "interface assertion" (corpus: typeswitch_stringer): yaegi v0.16.1
// does not see that a script type has the interface's methods, so
// v.(fmt.Stringer) fails (and case fmt.Stringer: does not match) for a
// script type with a String method.
func (r *rewriter) interfaceAssertion(t ast.Expr) {
	if id, ok := t.(*ast.Ident); ok && id.Name == "nil" {
		return
	}
	tv, ok := r.c.info.Types[t]
	var iface *types.Interface
	switch {
	case ok && tv.Type != nil && tv.Type != types.Typ[types.Invalid]:
		i, isIface := tv.Type.Underlying().(*types.Interface)
		if !isIface || i.NumMethods() == 0 {
			return
		}
		iface = i
	default:
		// A type of a compiled package: an interface?
		sel, ok := t.(*ast.SelectorExpr)
		if !ok {
			return
		}
		x, ok := sel.X.(*ast.Ident)
		if !ok {
			return
		}
		v, ok := binaryPackages()[r.c.imports[x.Name]][sel.Sel.Name]
		if !ok || !v.IsValid() || v.Kind() != reflect.Ptr || !v.IsNil() || v.Type().Elem().Kind() != reflect.Interface || v.Type().Elem().NumMethod() == 0 {
			return
		}
	}
	_ = iface
	if id, ok := t.(*ast.Ident); ok && id.Name == "error" {
		return
	}
	r.errorf(t.Pos(), "the interpreter does not match values of the script's own types against the interface %s in a type assertion or type switch: assert to the concrete types instead (case *MyType:), or run with --native", types.ExprString(t))
}

// formatMethod refuses String and Error methods on script types.
//
// Rule "String and Error methods" (corpus: method_string_fmt): fmt does
// not call a script type's String or Error method under yaegi v0.16.1
// (it prints the fields, and %d can print garbage), and an error value of
// a script type panics in errors.Is.
func (r *rewriter) formatMethod(fd *ast.FuncDecl) {
	if fd.Recv == nil || (fd.Name.Name != "String" && fd.Name.Name != "Error" && fd.Name.Name != "Format" && fd.Name.Name != "GoString") {
		return
	}
	if fd.Type.Params.NumFields() != 0 && fd.Name.Name != "Format" {
		return
	}
	r.errorf(fd.Name.Pos(), "the interpreter's fmt does not call the %s method of a script type (it prints the fields instead, and such an error value breaks errors.Is): name the method differently (e.g. Describe) and call it where you print, or run with --native", fd.Name.Name)
}

// formatVerbs refuses %T, %+v and %#v in a constant format string.
//
// Rule "type names and field names" (corpus: any_slice_printing): the
// interpreter's struct types have no name and its unexported fields are
// renamed, so %T, %+v and %#v print something else than Go does.
func (r *rewriter) formatVerbs(call *ast.CallExpr) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return
	}
	if x, ok := sel.X.(*ast.Ident); !ok || r.c.imports[x.Name] != "fmt" || !strings.HasSuffix(sel.Sel.Name, "f") {
		return
	}
	for _, a := range call.Args {
		lit, ok := a.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			continue
		}
		for _, v := range []string{"%T", "%+v", "%#v"} {
			if strings.Contains(lit.Value, v) {
				r.errorf(lit.Pos(), "the interpreter prints %s differently from Go (its struct types have no name, unexported fields are renamed): print the values or fields you need with %%v, or run with --native", v)
				return
			}
		}
		return
	}
}

// printInterface refuses, in a script that declares methods, printing a
// value whose type is an interface (other than error) with fmt.
//
// Rule "script values in interfaces printed" (corpus: misc.txt,
// print_any_with_methods): a value of a script type with methods, held
// in an interface, is printed by fmt under yaegi v0.16.1 as the
// interpreter's internal representation ({0xc000… {…}}).
func (r *rewriter) printInterface(call *ast.CallExpr) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return
	}
	x, ok := sel.X.(*ast.Ident)
	if !ok || r.c.imports[x.Name] != "fmt" {
		return
	}
	switch {
	case strings.HasPrefix(sel.Sel.Name, "Print"), strings.HasPrefix(sel.Sel.Name, "Sprint"),
		strings.HasPrefix(sel.Sel.Name, "Fprint"), sel.Sel.Name == "Errorf", sel.Sel.Name == "Appendf", strings.HasPrefix(sel.Sel.Name, "Append"):
	default:
		return
	}
	printed := call.Args
	if (strings.HasPrefix(sel.Sel.Name, "Fprint") || strings.HasPrefix(sel.Sel.Name, "Append")) && len(printed) > 0 {
		printed = printed[1:] // the writer or buffer
	}
	for _, a := range printed {
		tv, ok := r.c.info.Types[a]
		if !ok || tv.Type == nil || tv.Type == types.Typ[types.Invalid] {
			// A value of a compiled package's type (rule "script values
			// in library interfaces", corpus: iface_fields.txt).
			if t := r.libTypes().exprType(a); t != nil {
				if path, ok := heldInterface(t); ok {
					where := "held in the interface " + t.String()
					if path != "" {
						where = fmt.Sprintf("held in an interface (%s%s) of %s", types.ExprString(a), path, t)
					}
					r.errorf(a.Pos(), "the interpreter prints a value of the script's own types %s as its internal representation: print the fields you need (or the concrete value, after a type assertion), or run with --native", where)
					return
				}
			}
			continue
		}
		if id, ok := a.(*ast.Ident); ok && r.safeSwitchVars()[r.c.info.Uses[id]] {
			continue
		}
		if isRecoverCall(r.c.info, a) {
			continue
		}
		t := tv.Type
		if s, ok := t.Underlying().(*types.Slice); ok && call.Ellipsis.IsValid() && a == call.Args[len(call.Args)-1] {
			t = s.Elem()
		}
		it, ok := t.Underlying().(*types.Interface)
		if !ok || types.Identical(t, types.Universe.Lookup("error").Type()) || it == nil {
			continue
		}
		r.errorf(a.Pos(), "the interpreter prints a value of the script's own types held in an interface (here %s) as its internal representation: print the concrete value (after a type assertion or switch) or the fields you need, or run with --native", types.ExprString(a))
		return
	}
}

// libTypes returns the types of the script's expressions of compiled
// packages' types.
func (r *rewriter) libTypes() *libTypes {
	if r.lib == nil {
		r.lib = newLibTypes(r.c.info, r.c.imports, r.file)
	}
	return r.lib
}

// safeSwitchVars returns the variables of type switch clauses that list
// only types that are not the script's own (case int, string:): their
// values cannot be of a script type.
func (r *rewriter) safeSwitchVars() map[types.Object]bool {
	if r.safeVars != nil {
		return r.safeVars
	}
	r.safeVars = map[types.Object]bool{}
	// What recover returned: a panic value, in practice a string, an
	// error or a runtime error, not a script type with methods.
	for _, a := range r.recoverDefs {
		r.safeVars[a] = true
	}
	for n, o := range r.c.info.Implicits {
		cc, ok := n.(*ast.CaseClause)
		if !ok || len(cc.List) == 0 {
			continue
		}
		safe := true
		for _, t := range cc.List {
			tv, ok := r.c.info.Types[t]
			if !ok || tv.Type == nil {
				safe = false
				break
			}
			typ := tv.Type
			if p, ok := typ.(*types.Pointer); ok {
				typ = p.Elem()
			}
			if nt, ok := typ.(*types.Named); ok && nt.Obj().Pkg() != nil {
				safe = false // a script type
			}
			if _, ok := typ.Underlying().(*types.Interface); ok && !tv.IsNil() {
				safe = false
			}
		}
		if safe {
			r.safeVars[o] = true
		}
	}
	return r.safeVars
}

func isRecoverCall(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	id, ok := call.Fun.(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == "recover"
}
