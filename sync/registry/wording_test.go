package registry_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestPrintoutsWordedFromLocales: the registry's printouts (spis spraw,
// the retention list) take their words from app/i18n's locale files, as
// every other printout does: no string of the package's code is Polish.
func TestPrintoutsWordedFromLocales(t *testing.T) {
	polish := regexp.MustCompile(`[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]`)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && polish.MatchString(lit.Value) {
				t.Errorf("%s: Polish in the code, not a locale file: %s", fset.Position(lit.Pos()), lit.Value)
			}
			return true
		})
	}
}
