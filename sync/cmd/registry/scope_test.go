package main

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"okienko/sync/registry"
	"okienko/sync/registry/sqlitestore"
	"okienko/sync/registry/store"
)

// TestAdminScope: a code made with --units gives its device that scope,
// one without the whole office; device list shows each device's scope;
// device scope shows, narrows and widens it, and refuses a unit the
// office does not have or --units with --all; scope closed-days sets the
// period.
func TestAdminScope(t *testing.T) {
	dir := t.TempDir()
	out := must(t, "admin", "--data", dir, "office", "create", "--demo")
	office := regexp.MustCompile(`(?m)^office\s+(\S+)`).FindStringSubmatch(out)[1]
	code := regexp.MustCompile(`enrolment code\s+(\S+)`)
	limited := must(t, "admin", "--data", dir, "device", "enroll", "--office", office, "--name", "Laptop SO", "--people", "jnowak", "--units", "SO")
	if !strings.Contains(limited, "units: SO") {
		t.Fatalf("device enroll --units: %q", limited)
	}
	whole := must(t, "admin", "--data", dir, "device", "enroll", "--office", office, "--name", "BOM", "--people", "akowalska")
	if !strings.Contains(whole, "all units") {
		t.Fatalf("device enroll without --units: %q", whole)
	}
	if out, err := runCLI(t, "admin", "--data", dir, "device", "enroll", "--office", office, "--name", "X", "--people", "jnowak", "--units", "XYZ"); err == nil || !strings.Contains(out, "no such unit") {
		t.Fatalf("a unit the office lacks: %v %q", err, out)
	}
	// The codes are used as a device would use them.
	ctx := context.Background()
	st, err := sqlitestore.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	laptop, bom := "0190a0b0-0000-7000-8000-0000000000a1", "0190a0b0-0000-7000-8000-0000000000b1"
	for id, text := range map[string]string{laptop: limited, bom: whole} {
		if _, err := st.Enroll(ctx, registry.HashSecret(code.FindStringSubmatch(text)[1]), store.Device{ID: id, TokenHash: id}, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	list := must(t, "admin", "--data", dir, "device", "list", "--office", office)
	if !regexp.MustCompile(laptop+`.*units: SO`).MatchString(list) || !regexp.MustCompile(bom+`.*all units`).MatchString(list) {
		t.Fatalf("device list: %q", list)
	}
	if out := must(t, "admin", "--data", dir, "device", "scope", "--device", bom, "--units", "SO,USC"); !strings.Contains(out, "units: SO,USC") {
		t.Fatalf("device scope --units: %q", out)
	}
	if out := must(t, "admin", "--data", dir, "device", "scope", "--device", bom); !strings.Contains(out, "units: SO,USC") {
		t.Fatalf("device scope: %q", out)
	}
	if out := must(t, "admin", "--data", dir, "device", "scope", "--device", bom, "--all"); !strings.Contains(out, "all units") {
		t.Fatalf("device scope --all: %q", out)
	}
	if out, err := runCLI(t, "admin", "--data", dir, "device", "scope", "--device", bom, "--all", "--units", "SO"); err == nil || !strings.Contains(out, "not both") {
		t.Fatalf("--all with --units: %v %q", err, out)
	}
	if out := must(t, "admin", "--data", dir, "scope", "closed-days", "--office", office, "--days", "30"); !strings.Contains(out, "30 days") {
		t.Fatalf("scope closed-days: %q", out)
	}
}
