package scripting

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
)

// libTypes finds the types of a script's expressions whose types come
// from the compiled packages (snn, plots, the standard library), which
// the script's type check does not know (it does not import them): from
// the packages' symbols, by reflection. It follows what scripts write —
// composite literals, calls of functions and methods, fields, elements
// and variables defined from those — and returns nil for the rest.
type libTypes struct {
	info    *types.Info
	imports map[string]string // local name → import path
	defs    map[types.Object]libDef
	memo    map[types.Object]reflect.Type
}

// A libDef is where a variable gets its type: a type expression, or the
// k-th value of an expression (k-th result of a call, or the element of
// a range when rangeElem).
type libDef struct {
	typ       ast.Expr
	value     ast.Expr
	k         int
	rangeElem bool
}

func newLibTypes(info *types.Info, imports map[string]string, f *ast.File) *libTypes {
	l := &libTypes{info: info, imports: imports, defs: map[types.Object]libDef{}, memo: map[types.Object]reflect.Type{}}
	def := func(id *ast.Ident, d libDef) {
		if o := info.Defs[id]; o != nil {
			l.defs[o] = d
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				return true
			}
			for k, lhs := range n.Lhs {
				id, ok := lhs.(*ast.Ident)
				if !ok {
					continue
				}
				if len(n.Rhs) == len(n.Lhs) {
					def(id, libDef{value: n.Rhs[k]})
				} else if len(n.Rhs) == 1 {
					def(id, libDef{value: n.Rhs[0], k: k})
				}
			}
		case *ast.ValueSpec:
			for k, id := range n.Names {
				switch {
				case n.Type != nil:
					def(id, libDef{typ: n.Type})
				case len(n.Values) == len(n.Names):
					def(id, libDef{value: n.Values[k]})
				case len(n.Values) == 1:
					def(id, libDef{value: n.Values[0], k: k})
				}
			}
		case *ast.Field:
			for _, id := range n.Names {
				def(id, libDef{typ: n.Type})
			}
		case *ast.RangeStmt:
			if n.Tok == token.DEFINE && n.Value != nil {
				if id, ok := n.Value.(*ast.Ident); ok {
					def(id, libDef{value: n.X, rangeElem: true})
				}
			}
		}
		return true
	})
	return l
}

// symbol returns the compiled package symbol pkg.Name that sel names.
func (l *libTypes) symbol(sel *ast.SelectorExpr) (reflect.Value, bool) {
	x, ok := sel.X.(*ast.Ident)
	if !ok {
		return reflect.Value{}, false
	}
	if _, isPkg := l.info.Uses[x].(*types.PkgName); !isPkg && l.info.Uses[x] != nil {
		return reflect.Value{}, false
	}
	p, ok := l.imports[x.Name]
	if !ok {
		return reflect.Value{}, false
	}
	v, ok := binaryPackages()[p][sel.Sel.Name]
	return v, ok && v.IsValid()
}

// typeExpr returns the compiled type that the type expression e names.
func (l *libTypes) typeExpr(e ast.Expr) reflect.Type {
	switch e := e.(type) {
	case *ast.SelectorExpr:
		v, ok := l.symbol(e)
		if !ok || v.Kind() != reflect.Ptr || !v.IsNil() {
			return nil
		}
		return v.Type().Elem()
	case *ast.StarExpr:
		if t := l.typeExpr(e.X); t != nil {
			return reflect.PointerTo(t)
		}
	case *ast.ArrayType:
		if t := l.typeExpr(e.Elt); t != nil {
			return reflect.SliceOf(t) // arrays print as slices do
		}
	case *ast.MapType:
		if t := l.typeExpr(e.Value); t != nil {
			return reflect.MapOf(reflect.TypeOf(""), t) // only the element type is used
		}
	case *ast.ParenExpr:
		return l.typeExpr(e.X)
	}
	return nil
}

// exprType returns the compiled type of the value of e, or nil.
func (l *libTypes) exprType(e ast.Expr) reflect.Type { return l.valueType(e, 0) }

// valueType returns the compiled type of the k-th value of e.
func (l *libTypes) valueType(e ast.Expr, k int) reflect.Type {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return l.valueType(e.X, k)
	case *ast.CompositeLit:
		if e.Type != nil {
			return l.typeExpr(e.Type)
		}
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			if t := l.exprType(e.X); t != nil {
				return reflect.PointerTo(t)
			}
		}
	case *ast.StarExpr:
		if t := l.exprType(e.X); t != nil && t.Kind() == reflect.Ptr {
			return t.Elem()
		}
	case *ast.IndexExpr:
		t := l.exprType(e.X)
		if t != nil && t.Kind() == reflect.Ptr {
			t = t.Elem()
		}
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map) && k == 0 {
			return t.Elem()
		}
	case *ast.SelectorExpr:
		if v, ok := l.symbol(e); ok {
			if v.Kind() == reflect.Ptr && !v.IsNil() {
				return v.Type().Elem() // a variable
			}
			return nil
		}
		t := l.exprType(e.X)
		if t == nil {
			return nil
		}
		if t.Kind() == reflect.Ptr && t.Elem().Kind() == reflect.Struct {
			t = t.Elem()
		}
		if t.Kind() == reflect.Struct {
			if f, ok := t.FieldByName(e.Sel.Name); ok {
				return f.Type
			}
		}
	case *ast.CallExpr:
		if t := l.typeExpr(e.Fun); t != nil {
			return t // a conversion
		}
		var ft reflect.Type
		switch fun := ast.Unparen(e.Fun).(type) {
		case *ast.SelectorExpr:
			if v, ok := l.symbol(fun); ok {
				if v.Kind() == reflect.Func {
					ft = v.Type()
				}
				break
			}
			if t := l.exprType(fun.X); t != nil {
				if m, ok := t.MethodByName(fun.Sel.Name); ok {
					ft = m.Type
				} else if t.Kind() != reflect.Ptr && t.Kind() != reflect.Interface {
					if m, ok := reflect.PointerTo(t).MethodByName(fun.Sel.Name); ok {
						ft = m.Type
					}
				}
			}
		}
		if ft != nil && k < ft.NumOut() {
			return ft.Out(k)
		}
	case *ast.Ident:
		o := l.info.Uses[e]
		if o == nil {
			o = l.info.Defs[e]
		}
		if o == nil {
			return nil
		}
		if t, ok := l.memo[o]; ok {
			return t
		}
		l.memo[o] = nil // no cycles
		d, ok := l.defs[o]
		var t reflect.Type
		switch {
		case !ok:
		case d.typ != nil:
			t = l.typeExpr(d.typ)
		case d.rangeElem:
			if x := l.exprType(d.value); x != nil && (x.Kind() == reflect.Slice || x.Kind() == reflect.Array || x.Kind() == reflect.Map) {
				t = x.Elem()
			}
		default:
			t = l.valueType(d.value, d.k)
		}
		l.memo[o] = t
		return t
	}
	return nil
}

// heldInterface returns the path to an interface-typed part of a value
// of type t that fmt prints with its contents (a field, an element; not
// what a pointer below the top points to), and whether there is one.
func heldInterface(t reflect.Type) (string, bool) {
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type, top bool) (string, bool)
	walk = func(t reflect.Type, top bool) (string, bool) {
		if seen[t] {
			return "", false
		}
		seen[t] = true
		defer delete(seen, t)
		switch t.Kind() {
		case reflect.Interface:
			// Not error: a script type cannot be one (rule "String
			// and Error methods" refuses the method).
			return "", t != errorType
		case reflect.Ptr:
			if top {
				return walk(t.Elem(), false)
			}
		case reflect.Slice, reflect.Array:
			if p, ok := walk(t.Elem(), false); ok {
				return "[i]" + p, true
			}
		case reflect.Map:
			if p, ok := walk(t.Elem(), false); ok {
				return "[key]" + p, true
			}
		case reflect.Struct:
			for i := 0; i < t.NumField(); i++ {
				f := t.Field(i)
				if p, ok := walk(f.Type, false); ok {
					return "." + f.Name + p, true
				}
			}
		}
		return "", false
	}
	return walk(t, true)
}
