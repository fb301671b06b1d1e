package app

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"okienko/app/cases"
	"okienko/app/catalog"
	"okienko/app/i18n"
	"okienko/app/ident"
	"okienko/app/office"
)

// TestKeysUsedExist scans the Go and Svelte sources for i18n keys and
// checks each is defined, so a typo shows up here and not as a raw key on a
// clerk's screen.
func TestKeysUsedExist(t *testing.T) {
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	goKey := regexp.MustCompile(`(?:i18n\.E\(|\.T\(|\bT\(|Key:\s*|Context\s*=\s*|Context:\s*|p\(|add\([^,]+,\s*)"([a-z][a-zA-Z0-9]*(?:\.[a-zA-Z0-9-]+)+)"`)
	tsKey := regexp.MustCompile(`(?:\$t\(|\bt\(|labelKey:\s*|translate\([^,]+,\s*)'([a-z][a-zA-Z0-9]*(?:\.[a-zA-Z0-9-]+)+)'`)
	seen := 0
	check := func(root string, re *regexp.Regexp, exts ...string) {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "wailsjs" || d.Name() == "dist") {
				return filepath.SkipDir
			}
			ok := false
			for _, e := range exts {
				ok = ok || strings.HasSuffix(path, e)
			}
			if !ok || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range re.FindAllStringSubmatch(string(src), -1) {
				seen++
				if !b.Has(m[1]) {
					t.Errorf("%s uses undefined key %q", path, m[1])
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	check(".", goKey, ".go")
	check("../frontend/src", tsKey, ".ts", ".svelte")
	if seen < 150 {
		t.Fatalf("only %d key uses found: the scan is broken", seen)
	}

	// Keys built at run time from a prefix and a value.
	dynamic := []string{}
	for _, p := range []catalog.Presentation{catalog.Original, catalog.Copy, catalog.Show} {
		dynamic = append(dynamic, "presentation."+string(p))
	}
	for _, f := range catalog.Formats {
		dynamic = append(dynamic, "format."+f.Name)
	}
	for _, ty := range []string{"string", "number", "integer", "boolean", "object", "array", "null"} {
		dynamic = append(dynamic, "type."+ty)
	}
	for _, r := range []ident.Reason{ident.ReasonEmpty, ident.ReasonLength, ident.ReasonChars, ident.ReasonChecksum, ident.ReasonBirthDate, ident.ReasonFormat, ident.ReasonBirthMismatch, ident.ReasonSexMismatch} {
		dynamic = append(dynamic, string(r))
	}
	for _, r := range office.Roles {
		dynamic = append(dynamic, "role."+string(r))
	}
	for _, s := range cases.Statuses {
		dynamic = append(dynamic, "status."+string(s))
	}
	for _, k := range []cases.Kind{cases.Person, cases.Business, cases.Foreigner} {
		dynamic = append(dynamic, "client.kind."+string(k))
	}
	for _, f := range []string{"firstName", "lastName", "businessName", "pesel", "nip", "regon", "birthDate", "sex", "citizenship",
		"docType", "docNumber", "docCountry", "street", "houseNo", "flatNo", "postalCode", "city", "phone", "email", "lang"} {
		dynamic = append(dynamic, "client.field."+f)
	}
	for _, d := range []string{"id-card", "passport", "residence-card", "other"} {
		dynamic = append(dynamic, "client.doc."+d)
	}
	for _, m := range []cases.Mark{cases.Presented, cases.Original, cases.Copy, cases.Missing, cases.NA} {
		dynamic = append(dynamic, "mark."+string(m))
	}
	for _, k := range []string{PrintReceipt, PrintSupplement, PrintForm} {
		dynamic = append(dynamic, "printout."+k)
	}
	for _, s := range []string{"client", "form", "documents", "register"} {
		dynamic = append(dynamic, "intake.step."+s)
	}
	for _, k := range []string{"intake", "case", "backToIntake", "backToCase", "putAway", "closeCase"} {
		dynamic = append(dynamic, "guard."+k)
	}
	for _, k := range []string{"dueAll", "dueSoon", "overdue"} {
		dynamic = append(dynamic, "cases."+k)
	}
	dynamic = append(dynamic, "mark.unmarked")
	for _, l := range b.Locales() {
		dynamic = append(dynamic, "locale."+l)
	}
	for _, k := range dynamic {
		if !b.Has(k) {
			t.Errorf("dynamic key %q undefined", k)
		}
	}
}

// TestEventsMirrored keeps frontend/src/events.ts in step with events.go.
func TestEventsMirrored(t *testing.T) {
	src, err := os.ReadFile("../frontend/src/events.ts")
	if err != nil {
		t.Fatal(err)
	}
	for name, value := range map[string]string{"EventSession": EventSession, "EventCatalog": EventCatalog, "EventSettings": EventSettings, "EventCases": EventCases, "EventSync": EventSync, "EventPrintoutShow": EventPrintoutShow} {
		if !strings.Contains(string(src), "export const "+name+" = '"+value+"';") {
			t.Errorf("events.ts lacks %s = '%s'", name, value)
		}
	}
}

// TestOneFileTouchesRuntime: only runtime.go may import the Wails runtime.
func TestOneFileTouchesRuntime(t *testing.T) {
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "frontend" || d.Name() == ".git") {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || path == filepath.Join("..", "app", "runtime.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(src), `"github.com/wailsapp/wails/v2/pkg/runtime"`) {
			t.Errorf("%s imports the Wails runtime; only app/runtime.go may", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
