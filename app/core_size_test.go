package app

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"testing"
)

// maxCoreMethods holds the Core to the session and shared state: an area's
// logic goes on its own service type (QueueService, CaseService, …). Lower
// it when methods move out; never raise it.
const maxCoreMethods = 60

func TestCoreStaysSmall(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	n := 0
	for _, f := range files {
		af, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 {
				continue
			}
			if st, ok := fd.Recv.List[0].Type.(*ast.StarExpr); ok {
				if id, ok := st.X.(*ast.Ident); ok && id.Name == "Core" {
					n++
				}
			}
		}
	}
	if n > maxCoreMethods {
		t.Errorf("app.Core has %d methods, at most %d: put an area's methods on its own service type", n, maxCoreMethods)
	}
}
