package scripting

import (
	"go/ast"
	"go/token"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/traefik/yaegi/stdlib"
)

// binaryPackages maps an import path to its compiled symbols.
// It is built on first use: Symbols is filled by init functions.
var binaryPackages = sync.OnceValue(func() map[string]map[string]reflect.Value {
	m := map[string]map[string]reflect.Value{}
	for _, syms := range []map[string]map[string]reflect.Value{stdlib.Symbols, Symbols} {
		for k, v := range syms {
			m[path.Dir(k)] = v
		}
	}
	return m
})

// projectPackages lists, sorted, the packages of this module that a
// script can import (the ones with yaegi symbols), for messages.
var projectPackages = sync.OnceValue(func() string {
	var l []string
	for k := range Symbols {
		if p := path.Dir(k); strings.HasPrefix(p, "github.com/gosnn/gosnn/") {
			l = append(l, strings.TrimPrefix(p, "github.com/gosnn/gosnn/"))
		}
	}
	slices.Sort(l)
	return "github.com/gosnn/gosnn/{" + strings.Join(slices.Compact(l), ", ") + "}"
})

// wrapInterfaceFields works around a yaegi v0.16.1 bug: a value of a
// type declared in the script, put into an interface-typed field of a
// compiled struct inside a composite literal, as in
//
//	snn.PopulationConfig{Name: "lif", Size: n, Model: m}
//
// panics with "reflect.Set: value of type *struct{…} is not assignable
// to type snn.Model", while assigning it to a variable of type snn.Model
// first works. The rewrite turns each such field value v into
// func() snn.Model { return v }(), which the interpreter converts
// correctly, so scripts can be written as the Go compiler accepts them.
func wrapInterfaceFields(f *ast.File) {
	paths := importNames(f)      // local name → import path
	local := map[string]string{} // import path → local name
	for name, p := range paths {
		local[p] = name
	}
	var typeOf func(e ast.Expr) reflect.Type
	typeOf = func(e ast.Expr) reflect.Type {
		switch e := e.(type) {
		case *ast.SelectorExpr:
			x, ok := e.X.(*ast.Ident)
			if !ok {
				return nil
			}
			v, ok := binaryPackages()[paths[x.Name]][e.Sel.Name]
			if !ok || !v.IsValid() || v.Kind() != reflect.Ptr || !v.IsNil() {
				return nil
			}
			return v.Type().Elem()
		case *ast.StarExpr:
			if t := typeOf(e.X); t != nil {
				return reflect.PointerTo(t)
			}
		case *ast.ArrayType:
			if t := typeOf(e.Elt); t != nil {
				return reflect.SliceOf(t)
			}
		case *ast.MapType:
			if t := typeOf(e.Value); t != nil {
				return reflect.MapOf(reflect.TypeOf(0), t) // only the element type is used
			}
		}
		return nil
	}
	elided := map[*ast.CompositeLit]reflect.Type{}
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok {
			return true
		}
		t := elided[lit]
		if lit.Type != nil {
			t = typeOf(lit.Type)
		}
		if t == nil {
			return true
		}
		switch t.Kind() {
		case reflect.Slice, reflect.Array, reflect.Map:
			et := t.Elem()
			for _, e := range lit.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					e = kv.Value
				}
				if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
					e = u.X
					if et.Kind() == reflect.Ptr {
						et = et.Elem()
					}
				}
				if inner, ok := e.(*ast.CompositeLit); ok && inner.Type == nil {
					elided[inner] = et
				}
			}
		case reflect.Ptr:
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return true
		}
		for _, e := range lit.Elts {
			kv, ok := e.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			key, ok := kv.Key.(*ast.Ident)
			if !ok {
				continue
			}
			fld, ok := t.FieldByName(key.Name)
			if !ok || fld.Type.Kind() != reflect.Interface || fld.Type.Name() == "" {
				continue
			}
			pkg, ok := local[fld.Type.PkgPath()]
			if !ok {
				continue
			}
			if id, ok := kv.Value.(*ast.Ident); ok && id.Name == "nil" {
				continue
			}
			kv.Value = wrapIn(kv.Value, pkg, fld.Type.Name())
		}
		return true
	})
}

// wrapIn returns func() pkg.name { return v }().
func wrapIn(v ast.Expr, pkg, name string) ast.Expr {
	pos := v.Pos()
	ident := func(s string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: s} }
	return &ast.CallExpr{
		Fun: &ast.FuncLit{
			Type: &ast.FuncType{
				Func:    pos,
				Params:  &ast.FieldList{Opening: pos, Closing: pos},
				Results: &ast.FieldList{List: []*ast.Field{{Type: &ast.SelectorExpr{X: ident(pkg), Sel: ident(name)}}}},
			},
			Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{v}}}, Rbrace: pos},
		},
		Lparen: pos,
		Rparen: pos,
	}
}
