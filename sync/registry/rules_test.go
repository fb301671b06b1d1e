package registry_test

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"okienko/sync/registry"
	"okienko/sync/synctest"
)

// rulesFile is the alerts' file, from this package's directory.
var rulesFile = filepath.Join("..", "..", "build", "prometheus", "okienko-rules.yml")

// notYet are metrics the rules name before the registry has them, each
// with the step of issue 19 that adds it.
var notYet = map[string]string{
	"okienko_backup_age_seconds": "registry serve --backup-dir (backups)",
}

// TestAlertRulesNameRealMetrics: every okienko_ metric an alert watches
// is one the registry exposes at /metrics (a renamed metric would leave
// its alert silent for ever), and promtool, when installed, finds the
// file valid and its unit tests passing.
func TestAlertRulesNameRealMetrics(t *testing.T) {
	rules, err := os.ReadFile(rulesFile)
	if err != nil {
		t.Fatal(err)
	}
	r := synctest.NewRegistry(t, nil, registry.Options{})
	d := enrol(t, r, r.OfficeID)
	d.push(t, r, d.clientOp(newID(), "Anna"))
	resp, err := r.Server.Client().Get(r.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	exposed := map[string]bool{}
	for line := range strings.Lines(string(body)) {
		if name, ok := strings.CutPrefix(line, "# TYPE "); ok {
			exposed[strings.Fields(name)[0]] = true
		}
	}
	named := regexp.MustCompile(`okienko_[a-z_]+`).FindAllString(string(rules), -1)
	if len(named) < 5 {
		t.Fatalf("the rules name %d okienko metrics: %v", len(named), named)
	}
	for _, m := range named {
		if !exposed[m] && notYet[m] == "" {
			t.Errorf("the rules watch %s, which the registry does not expose", m)
		}
	}
	if !exposed["okienko_device_last_contact_age_seconds"] || !strings.Contains(string(body), `device="`+d.id+`"`) {
		t.Errorf("no last-contact age for the device that just pushed:\n%s", body)
	}
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		t.Log("promtool not installed: the file's syntax and its unit tests are not checked")
		return
	}
	for _, args := range [][]string{{"check", "rules", "okienko-rules.yml"}, {"test", "rules", "okienko-rules.test.yml"}} {
		cmd := exec.Command(promtool, args...)
		cmd.Dir = filepath.Dir(rulesFile)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}
