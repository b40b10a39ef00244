package scripting

import (
	"go/ast"
	"go/token"
	"strconv"
)

// posVar is the script variable that holds the position of the statement
// being run. The interpreter's own notion of where a panic happened is not
// reliable in yaegi v0.16.1: it finds the node by the address of its
// handler function, which every node of the same kind shares, so it can
// point at an earlier statement of the same kind.
const posVar = "snnScriptPos__"

// trackPositions inserts, before every statement of f, an assignment of
// the statement's position to posVar, so that a panic can be reported at
// the statement that raised it. It costs one interpreted assignment per
// statement run.
func trackPositions(f *ast.File) {
	f.Decls = append(f.Decls, &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{
		&ast.ValueSpec{Names: []*ast.Ident{ast.NewIdent(posVar)}, Type: ast.NewIdent("int")},
	}})
	mark := func(list []ast.Stmt) []ast.Stmt {
		out := make([]ast.Stmt, 0, 2*len(list))
		for _, s := range list {
			p := s.Pos()
			out = append(out, &ast.AssignStmt{
				Lhs:    []ast.Expr{&ast.Ident{NamePos: p, Name: posVar}},
				TokPos: p,
				Tok:    token.ASSIGN,
				Rhs:    []ast.Expr{&ast.BasicLit{ValuePos: p, Kind: token.INT, Value: strconv.Itoa(int(p))}},
			}, s)
		}
		return out
	}
	// The body of a switch or select holds clauses, not statements.
	clauses := map[*ast.BlockStmt]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SwitchStmt:
			clauses[n.Body] = true
		case *ast.TypeSwitchStmt:
			clauses[n.Body] = true
		case *ast.SelectStmt:
			clauses[n.Body] = true
		case *ast.BlockStmt:
			if !clauses[n] {
				n.List = mark(n.List)
			}
		case *ast.CaseClause:
			n.Body = mark(n.Body)
		case *ast.CommClause:
			n.Body = mark(n.Body)
		case *ast.AssignStmt:
			if len(n.Lhs) == 1 {
				if id, ok := n.Lhs[0].(*ast.Ident); ok && id.Name == posVar {
					return false
				}
			}
		}
		return true
	})
}
