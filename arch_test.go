package main

import (
	"go/build"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// allowed is the import table of ARCHITECTURE.md: for each package, the
// module's packages it may import. A package missing here fails the test,
// so a new package is placed in the table when it is written.
var allowed = map[string][]string{
	"okienko":                               {"app", "app/i18n", "app/keys", "app/paths", "app/printer", "db", "sync/engine"},
	"app":                                   {"app/*", "db", "db/keyfile", "sync/engine", "sync/client", "sync/protocol"},
	"app/audit":                             {},
	"app/auth":                              {},
	"app/keys":                              {"app/auth", "app/fold"},
	"app/casesign":                          {},
	"app/charset":                           {},
	"app/daytext":                           {},
	"app/deadline":                          {},
	"app/fold":                              {},
	"app/i18n":                              {},
	"app/ident":                             {},
	"app/paths":                             {},
	"app/pdf":                               {},
	"app/printer":                           {},
	"app/retention":                         {},
	"app/catalog":                           {"app/ident", "app/fold"},
	"app/office":                            {"app/ident", "app/officeclock"},
	"app/officeclock":                       {},
	"app/today":                             {},
	"app/report":                            {},
	"app/chart":                             {},
	"app/reportpdf":                         {"app/chart", "app/i18n", "app/pdf", "app/report"},
	"app/registerpdf":                       {"app/complaints", "app/i18n", "app/letters", "app/office", "app/pdf", "app/visits"},
	"app/queue":                             {},
	"app/callbacks":                         {"app/cases", "app/charset", "app/ident"},
	"app/complaints":                        {"app/charset", "app/deadline"},
	"app/presence":                          {"app/charset"},
	"app/visits":                            {"app/charset", "app/deadline", "app/ident"},
	"app/letters":                           {"app/charset", "app/deadline", "app/office"},
	"app/survey":                            {"app/charset"},
	"app/cases":                             {"app/catalog", "app/casesign", "app/charset", "app/daytext", "app/deadline", "app/ident", "app/fold"},
	"app/demo":                              {"app/office"},
	"app/synth":                             {"app/cases", "app/casesign", "app/catalog", "app/deadline", "db"},
	"app/cmd/synth":                         {"app", "app/auth", "app/demo", "app/i18n", "app/keys", "app/synth", "db", "db/keyfile"},
	"db":                                    {"app/keys", "app/office", "app/officeclock", "app/catalog", "app/cases", "app/casesign", "app/audit", "app/fold", "app/queue", "db/internal/dbq", "sync/hlc", "sync/merge", "sync/entity", "app/callbacks", "app/presence", "app/report", "app/visits", "app/complaints", "app/letters", "app/survey"},
	"db/internal/dbq":                       {},
	"db/keyfile":                            {"app/keys"},
	"db/dbtest":                             {"db"},
	"sync/hlc":                              {},
	"sync/merge":                            {},
	"sync/protocol":                         {"sync/hlc", "sync/merge"},
	"sync/entity":                           {"app/cases", "app/catalog", "app/office", "app/audit"},
	"sync/client":                           {"sync/protocol", "sync/hlc"},
	"sync/engine":                           {"app/keys", "db", "db/keyfile", "sync/client", "sync/protocol", "sync/merge", "sync/hlc", "app/cases", "app/casesign", "app/officeclock"},
	"sync/registry":                         {"sync/registry/store", "sync/protocol", "sync/entity", "sync/merge", "sync/hlc", "app/audit", "app/auth", "app/catalog", "app/cases", "app/casesign", "app/daytext", "app/deadline", "app/demo", "app/office", "app/officeclock", "app/pdf", "app/queue", "app/callbacks", "app/retention", "app/i18n", "app/report", "app/reportpdf", "app/registerpdf", "app/visits", "app/complaints", "app/letters", "app/survey", "app/charset"},
	"sync/registry/store":                   {"sync/merge", "sync/hlc"},
	"sync/registry/sqlitestore":             {"sync/registry/store", "sync/merge", "sync/registry/sqlitestore/internal/rq"},
	"sync/registry/pgstore":                 {"sync/registry/store", "sync/merge", "sync/registry/pgstore/internal/pq"},
	"sync/registry/sqlitestore/internal/rq": {},
	"sync/registry/pgstore/internal/pq":     {},
	"sync/snapshot":                         {"db", "sync/registry", "sync/registry/store", "sync/merge"},
	"sync/registry/backup":                  {"sync/registry", "sync/registry/store", "sync/registry/sqlitestore"},
	"sync/cmd/registry":                     {"sync/registry", "sync/registry/backup", "sync/protocol", "sync/registry/store", "sync/registry/sqlitestore", "sync/registry/pgstore", "sync/snapshot", "app/demo", "app/office", "app/officeclock", "app/queue", "app/retention", "app/report", "sync/registry/console"},
	"sync/registry/console":                 {"sync/registry", "sync/registry/store", "sync/protocol", "app", "app/charset", "app/i18n", "app/cases", "app/deadline", "app/office", "app/catalog", "app/demo", "app/visits", "app/complaints", "app/letters", "app/report"},
	// Test support and test-only packages may use anything.
	"sync/registry/storetest": {"*"},
	"sync/synctest":           {"*"},
	"sync/synctest/rows":      {"*"},
	"sync/sim":                {"*"},
	"sync/faults":             {"*"},
	"tests/leak":              {"app/fold"},
	"tests/wine":              {"*"},
}

func permitted(rules []string, imp string) bool {
	for _, r := range rules {
		if r == "*" || r == imp || strings.HasSuffix(r, "/*") && strings.HasPrefix(imp, strings.TrimSuffix(r, "*")) {
			return true
		}
	}
	return false
}

// TestImportsFollowArchitecture checks every Go package of the module
// against the table, with the build tags of every file (tests excluded).
func TestImportsFollowArchitecture(t *testing.T) {
	ctx := build.Default
	ctx.UseAllFiles = false
	ctx.BuildTags = []string{"desktop", "production", "dev", "bindings"}
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "frontend" || d.Name() == "build" || strings.HasPrefix(d.Name(), ".")) && path != "." {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			return nil
		}
		pkg, err := ctx.ImportDir(path, 0)
		if err != nil {
			return nil // no Go files, or only tests
		}
		name := "okienko"
		if path != "." {
			name = filepath.ToSlash(path)
		}
		rules, known := allowed[name]
		if !known {
			t.Errorf("package %s is not in the import table (ARCHITECTURE.md, arch_test.go)", name)
			return nil
		}
		for _, imp := range pkg.Imports {
			rel, ok := strings.CutPrefix(imp, "okienko/")
			if !ok {
				continue
			}
			if !permitted(rules, rel) {
				t.Errorf("%s imports %s, which ARCHITECTURE.md does not allow", name, rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The matcher itself: a pure package may not reach the store.
	if permitted(allowed["sync/merge"], "db") || !permitted(allowed["app"], "app/cases") {
		t.Fatal("the rule matcher is broken")
	}
}
