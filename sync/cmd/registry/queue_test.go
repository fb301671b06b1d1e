package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestQueueAdmin: the office's queue groups, the head's threshold and the
// board's address, as an admin types them.
func TestQueueAdmin(t *testing.T) {
	dir := t.TempDir()
	out := must(t, "admin", "--data", dir, "office", "create", "--demo")
	id := regexp.MustCompile(`(?m)^office\s+(\S+)`).FindStringSubmatch(out)[1]
	if out := must(t, "admin", "--data", dir, "queue", "groups", "--office", id, "--show"); !strings.Contains(out, "Meldunki i dowody osobiste") {
		t.Fatalf("default groups: %q", out)
	}
	file := filepath.Join(dir, "groups.json")
	os.WriteFile(file, []byte(`[{"code":"M","name":"Meldunki","in":{"en":"Registration"}},{"code":"P","name":"Podatki"}]`), 0o644)
	if out := must(t, "admin", "--data", dir, "queue", "groups", "--office", id, "--set", file); !strings.Contains(out, "Registration") || strings.Contains(out, "Meldunki i dowody") {
		t.Fatalf("groups set: %q", out)
	}
	for name, body := range map[string]string{
		"lowercase code": `[{"code":"m","name":"Meldunki"}]`,
		"unknown field":  `[{"code":"M","name":"Meldunki","colour":"red"}]`,
		"none":           `[]`,
	} {
		os.WriteFile(file, []byte(body), 0o644)
		if out, err := runCLI(t, "admin", "--data", dir, "queue", "groups", "--office", id, "--set", file); err == nil {
			t.Fatalf("%s accepted: %q", name, out)
		}
	}
	if out := must(t, "admin", "--data", dir, "queue", "groups", "--office", id); !strings.Contains(out, "Podatki") {
		t.Fatalf("a refused file changed the groups: %q", out)
	}
	if out := must(t, "admin", "--data", dir, "queue", "max-wait", "--office", id, "--minutes", "30"); !strings.Contains(out, "30 min") {
		t.Fatalf("max-wait: %q", out)
	}
	if out, err := runCLI(t, "admin", "--data", dir, "queue", "max-wait", "--office", id); err == nil || !strings.Contains(out, "--minutes") {
		t.Fatalf("max-wait without minutes: %v %q", err, out)
	}
	if out, err := runCLI(t, "admin", "--data", dir, "queue", "board-url", "--office", id); err == nil || !strings.Contains(out, "--base") {
		t.Fatalf("board-url without --base: %v %q", err, out)
	}
	out = must(t, "admin", "--data", dir, "queue", "board-url", "--office", id, "--base", "https://registry.gmina.local:8470/")
	if !regexp.MustCompile(`board\s+https://registry\.gmina\.local:8470/board/` + id + `#key=[A-Za-z0-9_-]{22}\n`).MatchString(out) {
		t.Fatalf("board-url: %q", out)
	}
}
