package printer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeCUPS writes lp and lpstat scripts that behave like CUPS's: lpstat -e
// lists "Biuro_A4", "Bilety 80mm" and "Wylaczona", lpstat -d names
// Biuro_A4, and lp copies its stdin into dir/<printer>.pdf with its
// arguments in dir/<printer>.args; the printer "Wylaczona" refuses jobs
// as an unreachable one does.
func fakeCUPS(t *testing.T) (CUPS, string) {
	t.Helper()
	dir := t.TempDir()
	lpstat := filepath.Join(dir, "lpstat")
	lp := filepath.Join(dir, "lp")
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(lpstat, `#!/bin/sh
case "$1" in
-e) printf 'Wylaczona\nBiuro_A4\nBilety 80mm\n' ;;
-d) echo "system default destination: Biuro_A4" ;;
esac
`)
	write(lp, `#!/bin/sh
dest=""
while [ $# -gt 0 ]; do
  case "$1" in -d) dest="$2"; shift ;; esac
  shift
done
if [ "$dest" = "Wylaczona" ]; then echo "lp: Printer Wylaczona is not accepting jobs" >&2; exit 1; fi
cat > "`+dir+`/$dest.pdf"
`)
	return CUPS{LP: lp, LPStat: lpstat}, dir
}

func TestCUPSListsPrintersWithDefault(t *testing.T) {
	c, _ := fakeCUPS(t)
	ps, err := c.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []Printer{{Name: "Bilety 80mm"}, {Name: "Biuro_A4", Default: true}, {Name: "Wylaczona"}}
	if len(ps) != len(want) {
		t.Fatalf("printers %v, want %v", ps, want)
	}
	for i := range want {
		if ps[i] != want[i] {
			t.Fatalf("printers %v, want %v", ps, want)
		}
	}
}

func TestCUPSPipesThePDF(t *testing.T) {
	c, dir := fakeCUPS(t)
	pdf := []byte("%PDF-1.4 potwierdzenie Żółkiewska\n%%EOF\n")
	if err := c.Print(context.Background(), "Bilety 80mm", "A012", pdf); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "Bilety 80mm.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, pdf) {
		t.Fatalf("printed %q, want %q", got, pdf)
	}
}

func TestCUPSFailureSaysWhy(t *testing.T) {
	c, _ := fakeCUPS(t)
	err := c.Print(context.Background(), "Wylaczona", "x", []byte("%PDF"))
	if err == nil || !strings.Contains(err.Error(), "not accepting jobs") {
		t.Fatalf("err %v, want lp's reason", err)
	}
}

func TestCUPSRefusesOptionLikeNames(t *testing.T) {
	c, _ := fakeCUPS(t)
	for _, n := range []string{"", "-oraw", "a\nb", strings.Repeat("x", 128)} {
		if err := c.Print(context.Background(), n, "x", []byte("%PDF")); !errors.Is(err, ErrUnknownPrinter) {
			t.Errorf("%q: err %v, want ErrUnknownPrinter", n, err)
		}
	}
}

func TestCUPSMissingIsNoBackend(t *testing.T) {
	c := CUPS{LP: "/nonexistent/lp", LPStat: "/nonexistent/lpstat"}
	if _, err := c.List(context.Background()); !errors.Is(err, ErrNoBackend) {
		t.Fatalf("list: %v, want ErrNoBackend", err)
	}
	if err := c.Print(context.Background(), "A4", "x", []byte("%PDF")); !errors.Is(err, ErrNoBackend) {
		t.Fatalf("print: %v, want ErrNoBackend", err)
	}
}

func TestCheck(t *testing.T) {
	c, _ := fakeCUPS(t)
	if err := Check(context.Background(), c, "Biuro_A4"); err != nil {
		t.Fatal(err)
	}
	if err := Check(context.Background(), c, "Nie ma"); !errors.Is(err, ErrUnknownPrinter) {
		t.Fatalf("err %v, want ErrUnknownPrinter", err)
	}
}

func TestParseDefault(t *testing.T) {
	for in, want := range map[string]string{
		"system default destination: Biuro_A4\n": "Biuro_A4",
		"no system default destination\n":        "",
		"":                                       "",
	} {
		if got := parseDefault(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// TestRealCUPSPDFPrinter prints through a real CUPS scheduler onto the
// cups-pdf printer (build/scripts/deps.sh installs printer-driver-cups-pdf)
// and waits for the printed file. It runs when OKIENKO_TEST_CUPS names
// that printer (e.g. PDF) and its output directory as NAME:DIR.
func TestRealCUPSPDFPrinter(t *testing.T) {
	spec := os.Getenv("OKIENKO_TEST_CUPS")
	if spec == "" {
		t.Skip("OKIENKO_TEST_CUPS (PRINTER:OUTDIR) not set: no real CUPS printer to print on")
	}
	name, out, ok := strings.Cut(spec, ":")
	if !ok {
		t.Fatalf("OKIENKO_TEST_CUPS=%q, want PRINTER:OUTDIR", spec)
	}
	if _, err := exec.LookPath("lp"); err != nil {
		t.Skip("no lp")
	}
	c := CUPS{}
	if err := Check(context.Background(), c, name); err != nil {
		t.Fatal(err)
	}
	before, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
	pdf, err := os.ReadFile("testdata/test.pdf")
	if err != nil {
		t.Fatal(err)
	}
	// A title of its own: cups-pdf names the file after it.
	title := fmt.Sprintf("okienko-test-%d", time.Now().UnixNano())
	if err := c.Print(context.Background(), name, title, pdf); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range before {
		seen[f] = true
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		after, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
		for _, f := range after {
			if seen[f] {
				continue
			}
			time.Sleep(500 * time.Millisecond) // cups-pdf may still be writing it
			text, err := exec.Command("pdftotext", f, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext %s: %v", f, err)
			}
			if !strings.Contains(string(text), "Okienko test print") {
				t.Fatalf("printed %s reads %q", f, text)
			}
			return
		}
		time.Sleep(300 * time.Millisecond)
	}
	t.Fatalf("no printed file appeared in %s within 30 s", out)
}
