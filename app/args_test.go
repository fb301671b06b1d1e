package app

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"okienko/app/i18n"
)

// TestCallsGiveEveryArgument reads every call that renders a message by a
// literal key (x.T("key", "name", v, …), i18n.E("key", err, "name", v, …))
// in the Go sources, and every $t('key', { name: … }) in the Svelte and
// TypeScript sources, and fails when a placeholder of the message (in any
// locale, any plural form) is given no value: on screen it would show as
// "{name}".
func TestCallsGiveEveryArgument(t *testing.T) {
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	// needs lists the placeholders of key across locales and plural forms.
	needs := func(key string) map[string]bool {
		out := map[string]bool{}
		for _, loc := range b.Locales() {
			for _, k := range b.Keys(loc) {
				if k == key || strings.HasPrefix(k, key+"_") && !strings.Contains(k[len(key)+1:], ".") {
					msg, _ := b.Render(loc, k, nil)
					for _, p := range i18n.Placeholders(msg) {
						out[p] = true
					}
				}
			}
		}
		return out
	}
	check := func(where, key string, given map[string]bool) {
		for p := range needs(key) {
			if !given[p] {
				t.Errorf("%s: %q is given no {%s}", where, key, p)
			}
		}
	}
	calls := 0
	fset := token.NewFileSet()
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			first := 1
			switch {
			case sel.Sel.Name == "T":
			case sel.Sel.Name == "E" && isIdent(sel.X, "i18n"):
				first = 2
			default:
				return true
			}
			key, ok := literal(call.Args[0])
			if !ok || !b.Has(key) || call.Ellipsis.IsValid() {
				return true
			}
			given := map[string]bool{}
			for i := first; i < len(call.Args); i += 2 {
				name, ok := literal(call.Args[i])
				if !ok {
					return true // names computed at run time: not judged here
				}
				given[name] = true
			}
			calls++
			check(fset.Position(call.Pos()).String(), key, given)
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := regexp.MustCompile(`\$t\('([a-z][a-zA-Z0-9]*(?:\.[a-zA-Z0-9-]+)+)'(?:,\s*\{([^}]*)\})?\)`)
	argName := regexp.MustCompile(`^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(?::|$)`) // one entry: "name: value" or shorthand "name"
	err = filepath.WalkDir("../frontend/src", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".svelte") || strings.HasSuffix(path, ".ts")) {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range ts.FindAllStringSubmatch(string(src), -1) {
			if !b.Has(m[1]) {
				continue
			}
			given := map[string]bool{}
			for _, entry := range strings.Split(m[2], ",") {
				if a := argName.FindStringSubmatch(entry); a != nil {
					given[a[1]] = true
				}
			}
			calls++
			check(path, m[1], given)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls < 200 {
		t.Fatalf("only %d calls read: the scan is broken", calls)
	}
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

func literal(e ast.Expr) (string, bool) {
	bl, ok := e.(*ast.BasicLit)
	if !ok || bl.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(bl.Value)
	return s, err == nil
}
