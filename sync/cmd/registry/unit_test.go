package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/google/uuid"

	apoffice "okienko/app/office"
	"okienko/sync/registry"
	"okienko/sync/registry/sqlitestore"
)

// TestAdminUnitRetire: registry admin retires a unit and restores it; a
// unit with active staff is refused, naming them and what to do.
func TestAdminUnitRetire(t *testing.T) {
	dir := t.TempDir()
	out := must(t, "admin", "--data", dir, "office", "create", "--demo")
	office := regexp.MustCompile(`(?m)^office\s+(\S+)`).FindStringSubmatch(out)[1]
	if out, err := runCLI(t, "admin", "--data", dir, "unit", "retire", "--office", office, "--unit", "SO"); err == nil ||
		!strings.Contains(out, "jnowak") || !strings.Contains(out, "move them to another unit") {
		t.Fatalf("retiring a staffed unit: %v %q", err, out)
	}
	if out, err := runCLI(t, "admin", "--data", dir, "unit", "retire", "--office", office, "--unit", "NOPE"); err == nil || !strings.Contains(out, "no unit") {
		t.Fatalf("retiring no unit: %v %q", err, out)
	}
	// A unit no one works in, added as the console adds one.
	st, err := sqlitestore.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := registry.New(st, registry.Options{}).SaveUnit(context.Background(), office, apoffice.Unit{ID: uuid.Must(uuid.NewV7()).String(), Symbol: "ARCH", Name: "Referat Archiwum"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	empty := "ARCH"
	if o := must(t, "admin", "--data", dir, "unit", "retire", "--office", office, "--unit", empty); !strings.Contains(o, "retired 20") {
		t.Fatalf("unit retire: %q", o)
	}
	if l := must(t, "admin", "--data", dir, "unit", "list", "--office", office); !regexp.MustCompile(`(?m)^` + empty + `\s.*retired 20`).MatchString(l) {
		t.Fatalf("unit list after retiring %s: %q", empty, l)
	}
	if o := must(t, "admin", "--data", dir, "unit", "restore", "--office", office, "--unit", empty); !strings.Contains(o, "in use") {
		t.Fatalf("unit restore: %q", o)
	}
	if l := must(t, "admin", "--data", dir, "unit", "list", "--office", office); strings.Contains(l, "retired") {
		t.Fatalf("unit list after restoring: %q", l)
	}
}
