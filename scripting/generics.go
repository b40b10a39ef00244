package scripting

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"strings"
)

// Rule "generic type arguments" (corpus: generics.txt, gen_map_any,
// gen_max_cmp): yaegi v0.16.1 infers a generic function's type
// arguments wrongly or not at all when a type parameter appears only in
// a function argument's result (Map(xs, strconv.Itoa) with
// func Map[T, U any](xs []T, f func(T) U): "undefined type for U", or U
// taken to be T) or in a variadic parameter (Max(3, 9, 2) with
// func Max[T cmp.Ordered](xs ...T): "undefined type for T"), while it
// handles explicit ones. Every use of a generic function of the script
// whose type arguments the type check inferred is given them explicitly
// (Map[int, string](xs, strconv.Itoa)). Where the check cannot know them
// (they involve a compiled package's types), the interpreter's error is
// completed with the same advice (genericHint).

// explicitInstances applies rule "generic type arguments" to f.
func (r *rewriter) explicitInstances(f *ast.File) {
	info := r.c.info
	r.genericRefusals(f)
	// Identifiers that already have all their type arguments written.
	explicit := map[*ast.Ident]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		var x ast.Expr
		var k int
		switch n := n.(type) {
		case *ast.IndexExpr:
			x, k = n.X, 1
		case *ast.IndexListExpr:
			x, k = n.X, len(n.Indices)
		default:
			return true
		}
		if id, ok := x.(*ast.Ident); ok {
			if inst, ok := info.Instances[id]; ok && inst.TypeArgs.Len() == k {
				explicit[id] = true
			}
		}
		return true
	})
	replace := map[ast.Expr]ast.Expr{}
	for id, inst := range info.Instances {
		fn, ok := info.Uses[id].(*types.Func)
		if !ok || explicit[id] || fn.Pkg() == nil || fn.Pkg().Path() != "main" {
			continue
		}
		args := make([]ast.Expr, inst.TypeArgs.Len())
		for k := range args {
			t := inst.TypeArgs.At(k)
			if !expressible(t) {
				args = nil
				break
			}
			args[k] = typeAST(t)
		}
		if args == nil {
			continue
		}
		if len(args) == 1 {
			replace[id] = &ast.IndexExpr{X: id, Lbrack: id.End(), Index: args[0], Rbrack: id.End()}
		} else {
			replace[id] = &ast.IndexListExpr{X: id, Lbrack: id.End(), Indices: args, Rbrack: id.End()}
		}
	}
	// Calls whose arguments' types the check does not know (a compiled
	// package's function's result, math.Sqrt(x)), found here instead.
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		id, ok := call.Fun.(*ast.Ident)
		if !ok {
			return true
		}
		if _, done := replace[id]; done || explicit[id] {
			return true
		}
		fn, ok := info.Uses[id].(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "main" {
			return true
		}
		if targs := r.inferTypeArgs(fn.Type().(*types.Signature), call); targs != nil {
			args := make([]ast.Expr, len(targs))
			for k, t := range targs {
				args[k] = typeAST(t)
			}
			if len(args) == 1 {
				replace[id] = &ast.IndexExpr{X: id, Lbrack: id.End(), Index: args[0], Rbrack: id.End()}
			} else {
				replace[id] = &ast.IndexListExpr{X: id, Lbrack: id.End(), Indices: args, Rbrack: id.End()}
			}
		}
		return true
	})
	// An explicit but partial list (Convert[int](x)) is completed.
	ast.Inspect(f, func(n ast.Node) bool {
		if ie, ok := n.(*ast.IndexExpr); ok {
			if id, ok := ie.X.(*ast.Ident); ok {
				if full, ok := replace[id]; ok {
					replace[ie] = full
				}
			}
		}
		return true
	})
	if len(replace) > 0 {
		replaceExprs(f, replace)
	}
	r.genericVarInits(f)
}

// inferTypeArgs infers the type arguments of a call of the generic
// function of signature sig from its arguments' types, where the check
// could not: those it knows, and those of compiled packages' values
// (libTypes) that the script can name (numbers, strings, slices and maps
// of them). It binds a type parameter that is a parameter's type, or its
// element type, and returns nil unless every one is bound, consistently.
func (r *rewriter) inferTypeArgs(sig *types.Signature, call *ast.CallExpr) []types.Type {
	tps := sig.TypeParams()
	if tps.Len() == 0 || call.Ellipsis.IsValid() {
		return nil
	}
	bound := map[*types.TypeParam]types.Type{}
	ok := true
	var unify func(p, a types.Type)
	unify = func(p, a types.Type) {
		switch p := p.(type) {
		case *types.TypeParam:
			if old, ok2 := bound[p]; ok2 && !types.Identical(old, a) {
				ok = false
			}
			bound[p] = a
		case *types.Slice:
			if a, isSlice := a.Underlying().(*types.Slice); isSlice {
				unify(p.Elem(), a.Elem())
			}
		case *types.Pointer:
			if a, isPtr := a.Underlying().(*types.Pointer); isPtr {
				unify(p.Elem(), a.Elem())
			}
		case *types.Map:
			if a, isMap := a.Underlying().(*types.Map); isMap {
				unify(p.Key(), a.Key())
				unify(p.Elem(), a.Elem())
			}
		}
	}
	params := sig.Params()
	var untyped []int
	for k, arg := range call.Args {
		var pt types.Type
		switch {
		case k < params.Len()-1 || (k < params.Len() && !sig.Variadic()):
			pt = params.At(k).Type()
		case sig.Variadic() && params.Len() > 0:
			pt = params.At(params.Len() - 1).Type().(*types.Slice).Elem()
		default:
			return nil
		}
		at := r.c.info.TypeOf(arg)
		if b, isBasic := at.(*types.Basic); isBasic && b.Info()&types.IsUntyped != 0 {
			untyped = append(untyped, k)
			continue
		}
		if at == nil || at == types.Typ[types.Invalid] {
			at = goType(r.libTypes().exprType(arg))
		}
		if at == nil {
			continue
		}
		unify(pt, at)
	}
	for _, k := range untyped {
		var pt types.Type
		if k < params.Len()-1 || !sig.Variadic() {
			pt = params.At(k).Type()
		} else {
			pt = params.At(params.Len() - 1).Type().(*types.Slice).Elem()
		}
		if tp, isParam := pt.(*types.TypeParam); isParam && bound[tp] == nil {
			bound[tp] = types.Default(r.c.info.TypeOf(call.Args[k]))
		}
	}
	out := make([]types.Type, tps.Len())
	for i := range out {
		out[i] = bound[tps.At(i)]
		if !ok || out[i] == nil || !expressible(out[i]) {
			return nil
		}
	}
	return out
}

// goType returns the go/types type of a compiled type that the script
// can name without an import, or nil.
func goType(t reflect.Type) types.Type {
	if t == nil || t.PkgPath() != "" {
		return nil
	}
	basic := map[reflect.Kind]types.BasicKind{
		reflect.Bool: types.Bool, reflect.Int: types.Int, reflect.Int8: types.Int8, reflect.Int16: types.Int16,
		reflect.Int32: types.Int32, reflect.Int64: types.Int64, reflect.Uint: types.Uint, reflect.Uint8: types.Uint8,
		reflect.Uint16: types.Uint16, reflect.Uint32: types.Uint32, reflect.Uint64: types.Uint64,
		reflect.Uintptr: types.Uintptr, reflect.Float32: types.Float32, reflect.Float64: types.Float64,
		reflect.Complex64: types.Complex64, reflect.Complex128: types.Complex128, reflect.String: types.String,
	}
	if k, ok := basic[t.Kind()]; ok {
		return types.Typ[k]
	}
	switch t.Kind() {
	case reflect.Slice:
		if e := goType(t.Elem()); e != nil {
			return types.NewSlice(e)
		}
	case reflect.Map:
		k, e := goType(t.Key()), goType(t.Elem())
		if k != nil && e != nil {
			return types.NewMap(k, e)
		}
	case reflect.Ptr:
		if e := goType(t.Elem()); e != nil {
			return types.NewPointer(e)
		}
	}
	return nil
}

// genericVarInits applies rule "generic function in a var declaration"
// (corpus: gen_func_in_map, gen_var_decl_instance): yaegi v0.16.1 makes
// var f = Double[int] (or var f func(int) int = Double[int]) a function
// that returns zero values, while f := Double[int] and an assignment
// work. Inside a function the declaration is split into var f T and
// f = Double[int]; at the package level it is refused.
func (r *rewriter) genericVarInits(f *ast.File) {
	info := r.c.info
	isInstance := func(e ast.Expr) bool {
		e = ast.Unparen(e)
		switch x := e.(type) {
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		}
		id, ok := e.(*ast.Ident)
		if !ok {
			return false
		}
		_, isFunc := info.Uses[id].(*types.Func)
		_, inst := info.Instances[id]
		return isFunc && inst
	}
	initialised := func(d *ast.GenDecl) bool {
		if d.Tok != token.VAR {
			return false
		}
		for _, sp := range d.Specs {
			for _, v := range sp.(*ast.ValueSpec).Values {
				if isInstance(v) {
					return true
				}
			}
		}
		return false
	}
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && initialised(g) {
			r.errorf(g.Pos(), "the interpreter makes a variable declared with a generic function's instance as its value (var f = Double[int]) a function that returns zero values: declare it here (var f func(int) int) and assign it in main or init, or run with --native")
		}
	}
	split := func(list []ast.Stmt) []ast.Stmt {
		var out []ast.Stmt
		for _, s := range list {
			ds, ok := s.(*ast.DeclStmt)
			if !ok {
				out = append(out, s)
				continue
			}
			g, ok := ds.Decl.(*ast.GenDecl)
			if !ok || !initialised(g) {
				out = append(out, s)
				continue
			}
			for _, sp := range g.Specs {
				vs := sp.(*ast.ValueSpec)
				if len(vs.Values) == 0 {
					out = append(out, &ast.DeclStmt{Decl: &ast.GenDecl{Tok: token.VAR, TokPos: g.TokPos, Specs: []ast.Spec{vs}}})
					continue
				}
				if len(vs.Values) != len(vs.Names) {
					r.errorf(vs.Pos(), "the interpreter gets a generic function's instance wrong as the value of a var declaration: write f := Double[int], or run with --native")
					continue
				}
				for k, name := range vs.Names {
					typ := vs.Type
					if typ == nil {
						t := info.TypeOf(vs.Values[k])
						if t == nil || !expressible(t) {
							r.errorf(vs.Pos(), "the interpreter gets a generic function's instance wrong as the value of a var declaration: write %s := …, or run with --native", name.Name)
							continue
						}
						typ = typeAST(t)
					}
					out = append(out,
						&ast.DeclStmt{Decl: &ast.GenDecl{Tok: token.VAR, TokPos: g.TokPos, Specs: []ast.Spec{&ast.ValueSpec{Names: []*ast.Ident{name}, Type: typ}}}},
						&ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: name.Pos(), Name: name.Name}}, TokPos: name.End(), Tok: token.ASSIGN, Rhs: []ast.Expr{vs.Values[k]}})
				}
			}
		}
		return out
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			n.List = split(n.List)
		case *ast.CaseClause:
			n.Body = split(n.Body)
		case *ast.CommClause:
			n.Body = split(n.Body)
		}
		return true
	})
}

// genericRefusals refuses the generic constructs that yaegi v0.16.1
// cannot compile, with what to write instead.
//
// Rule "pointer constraint" (corpus: gen_pointer_constraint): a
// constraint with a pointer term, interface{ *T; M() }, fails ("not a
// generic type", "undefined: *T"). Rule "fields of generic
// types" (corpus: gen_embedded, gen_named_generic_field): a struct that
// is not generic itself and has a field (or embeds one) of an instance
// of a generic type, Base[string], loses its fields ("unknown field name
// in struct literal", "undefined selector"); a generic struct works.
func (r *rewriter) genericRefusals(f *ast.File) {
	info := r.c.info
	// The structs of generic types may have fields of instances.
	inGeneric := map[*ast.StructType]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if ts, ok := n.(*ast.TypeSpec); ok && ts.TypeParams != nil {
			ast.Inspect(ts.Type, func(m ast.Node) bool {
				if st, ok := m.(*ast.StructType); ok {
					inGeneric[st] = true
				}
				return true
			})
		}
		return true
	})
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.InterfaceType:
			for _, fld := range n.Methods.List {
				if len(fld.Names) > 0 {
					continue
				}
				ast.Inspect(fld.Type, func(m ast.Node) bool {
					if st, ok := m.(*ast.StarExpr); ok {
						if _, isParam := info.TypeOf(st.X).(*types.TypeParam); isParam {
							r.errorf(st.Pos(), "the interpreter cannot compile a constraint with a pointer term (%s): pass a pointer instead (func F[T any](p *T)), or run with --native", types.ExprString(st))
						}
					}
					return true
				})
			}
		case *ast.StructType:
			if inGeneric[n] {
				break
			}
			for _, fld := range n.Fields.List {
				inst := false
				ast.Inspect(fld.Type, func(m ast.Node) bool {
					if e, ok := m.(ast.Expr); ok {
						if nt, ok := info.TypeOf(e).(*types.Named); ok && nt.TypeArgs().Len() > 0 {
							inst = true
						}
					}
					return !inst
				})
				if !inst {
					continue
				}
				if len(fld.Names) == 0 {
					r.errorf(fld.Pos(), "the interpreter loses the fields of a struct that embeds an instance of a generic type (%s): make the struct generic too (type S[T any] struct{ b Base[T] … }, used as S[string]), or run with --native", types.ExprString(fld.Type))
				} else {
					r.errorf(fld.Pos(), "the interpreter loses the fields of a struct with a field of a generic type's instance (%s %s): make the struct generic too (type S[T any] struct{ %s Base[T] … }, used as S[string]), or run with --native", fld.Names[0].Name, types.ExprString(fld.Type), fld.Names[0].Name)
				}
			}
		}
		return true
	})
}

// typeAST returns an expression that names t, an expressible type.
func typeAST(t types.Type) ast.Expr {
	e, err := parser.ParseExpr(types.TypeString(t, func(*types.Package) string { return "" }))
	if err != nil {
		panic(fmt.Sprintf("type %s: %v", t, err)) // rewriteScript refuses the script
	}
	return e
}

// expressible reports whether t can be written in the script: it
// involves no type of an imported package, which the check does not know,
// and no type parameter.
func expressible(t types.Type) bool {
	ok := true
	var walk func(t types.Type)
	walk = func(t types.Type) {
		if !ok {
			return
		}
		switch t := t.(type) {
		case *types.Basic:
			if t.Kind() == types.Invalid || t.Info()&types.IsUntyped != 0 {
				ok = false
			}
		case *types.Named:
			if t.Obj().Pkg() != nil && t.Obj().Pkg().Path() != "main" {
				ok = false
				return
			}
			if t.Obj().Parent() != nil && t.Obj().Parent() != t.Obj().Pkg().Scope() {
				ok = false // a type declared inside a function
				return
			}
			for i := 0; i < t.TypeArgs().Len(); i++ {
				walk(t.TypeArgs().At(i))
			}
		case *types.Pointer:
			walk(t.Elem())
		case *types.Slice:
			walk(t.Elem())
		case *types.Array:
			walk(t.Elem())
		case *types.Map:
			walk(t.Key())
			walk(t.Elem())
		case *types.Chan:
			walk(t.Elem())
		case *types.Signature:
			for i := 0; i < t.Params().Len(); i++ {
				walk(t.Params().At(i).Type())
			}
			for i := 0; i < t.Results().Len(); i++ {
				walk(t.Results().At(i).Type())
			}
		case *types.Struct:
			for i := 0; i < t.NumFields(); i++ {
				walk(t.Field(i).Type())
			}
		case *types.Interface:
			if t.NumMethods() > 0 || !t.IsMethodSet() {
				ok = t.Empty()
			}
		default:
			ok = false
		}
	}
	walk(t)
	return ok
}

// replaceExprs replaces, anywhere in n, each expression that is a key of
// m by its value.
func replaceExprs(n ast.Node, m map[ast.Expr]ast.Expr) {
	exprType := reflect.TypeOf((*ast.Expr)(nil)).Elem()
	ast.Inspect(n, func(n ast.Node) bool {
		v := reflect.ValueOf(n)
		if !v.IsValid() || v.Kind() != reflect.Ptr || v.Elem().Kind() != reflect.Struct {
			return true
		}
		s := v.Elem()
		for i := 0; i < s.NumField(); i++ {
			f := s.Field(i)
			switch {
			case f.Type() == exprType && !f.IsNil():
				if r, ok := m[f.Interface().(ast.Expr)]; ok && r != n {
					f.Set(reflect.ValueOf(r))
				}
			case f.Kind() == reflect.Slice && f.Type().Elem() == exprType:
				for j := 0; j < f.Len(); j++ {
					if e := f.Index(j); !e.IsNil() {
						if r, ok := m[e.Interface().(ast.Expr)]; ok {
							e.Set(reflect.ValueOf(r))
						}
					}
				}
			}
		}
		return true
	})
}

// genericHint completes the interpreter's message when it could not
// infer a generic function's type arguments.
func genericHint(msg string) string {
	if strings.HasPrefix(msg, "undefined type for ") {
		return msg + " (the interpreter could not infer the type arguments of a generic function: write them, as in Map[int, string](xs, f), or run with --native)"
	}
	return msg
}
