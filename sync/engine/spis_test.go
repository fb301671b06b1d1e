package engine_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"okienko/sync/registry"
	"okienko/sync/synctest"
)

// TestSpisSprawAccountsForEveryNumber: numbers leased to devices end up
// used or cancelled — by revocation, or when the year is closed — and the
// printed spis spraw lists every one, with no unexplained gap.
func TestSpisSprawAccountsForEveryNumber(t *testing.T) {
	ctx := context.Background()
	reg := synctest.NewRegistry(t, nil, registry.Options{LeaseSize: 5})
	a, b := synctest.NewDevice(t, synctest.DeviceOptions{}), synctest.NewDevice(t, synctest.DeviceOptions{})
	a.Enroll(t, reg)
	b.Enroll(t, reg)
	a.SignIn(t, "jnowak")
	b.SignIn(t, "akowalska")
	var signs []string
	for _, name := range []string{"Adamska", "Bielska", "Cicha"} {
		signs = append(signs, register(t, a, name).Sign)
	}
	signs = append(signs, register(t, b, "Dudek").Sign)
	a.Sync(t)
	b.Sync(t)
	year := time.Now().Year()

	if n, err := reg.Revoke(ctx, b.Store.DeviceID()); err != nil || n == 0 {
		t.Fatalf("revoke B: %d cancelled, %v", n, err)
	}
	lines, _ := reg.Register(ctx, reg.OfficeID, "SO", "5352", year)
	reserved := 0
	for _, l := range lines {
		if l.State == "reserved" {
			reserved++
		}
	}
	if reserved == 0 {
		t.Fatal("A's unused numbers should still be reserved before the year is closed")
	}
	if n, err := reg.CloseYear(ctx, reg.OfficeID, year); err != nil || n == 0 {
		t.Fatalf("close year: %d cancelled, %v", n, err)
	}

	path := filepath.Join(t.TempDir(), "spis.pdf")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	lines, err = reg.WriteRegisterPDF(ctx, f, reg.OfficeID, "SO", "5352", year)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for i, l := range lines {
		if l.No != i+1 || !l.Explained {
			t.Fatalf("line %d: %+v", i+1, l)
		}
		count[l.State]++
	}
	if count["used"] != 4 || count["reserved"] != 0 || count["missing"] != 0 || count["cancelled"] != len(lines)-4 || len(lines) < 10 {
		t.Fatalf("states %v over %d numbers", count, len(lines))
	}
	text := strings.Join(strings.Fields(pdfText(t, nil, path)), " ")
	for _, want := range append(signs,
		fmt.Sprintf("Spis spraw SO.5352, rok %d", year),
		fmt.Sprintf("wykorzystane 4, anulowane %d, zarezerwowane 0, niewyjaśnione 0", len(lines)-4),
		"numer anulowany (cofnięto uprawnienia urządzenia)", "numer anulowany (koniec roku, rejestr zamknięty)",
		"Zaświadczenie o zameldowaniu", "Łucja Cicha") {
		if !strings.Contains(text, want) {
			t.Errorf("spis spraw lacks %q:\n%s", want, text)
		}
	}
	// Days as the office writes them, never as stored.
	if iso := regexp.MustCompile(`\b\d{4}-\d\d-\d\d\b`).FindString(text); iso != "" {
		t.Errorf("spis spraw writes the day %s as stored:\n%s", iso, text)
	}
	if !regexp.MustCompile(`wszczęto \d\d\.\d\d\.\d{4} r\.`).MatchString(text) {
		t.Errorf("spis spraw gives no day a case was started on:\n%s", text)
	}
}
