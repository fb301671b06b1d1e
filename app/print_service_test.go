package app

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"okienko/app/keys"
	"okienko/app/printer"
)

// fakePrinters is a print system of two printers, one of them off.
type fakePrinters struct {
	mu      sync.Mutex
	jobs    map[string][][]byte
	listErr error
}

func (f *fakePrinters) List(context.Context) ([]printer.Printer, error) {
	if f.listErr != nil {
		return nil, f.listErr
	}
	return []printer.Printer{{Name: "Biuro A4", Default: true}, {Name: "Bilety"}, {Name: "Wyłączona"}}, nil
}

func (f *fakePrinters) Print(_ context.Context, name, _ string, pdf []byte) error {
	if name == "Wyłączona" {
		return errors.New("lp: printer not accepting jobs")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.jobs == nil {
		f.jobs = map[string][][]byte{}
	}
	f.jobs[name] = append(f.jobs[name], bytes.Clone(pdf))
	return nil
}

func TestPrintServiceChoosesAndPrints(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	fp := &fakePrinters{}
	s := NewPrintService(e.core, fp)

	cards, err := e.catalog.Search("zameldowaniu")
	if err != nil || len(cards) == 0 {
		t.Fatalf("cards %v, %v", cards, err)
	}
	out, err := e.catalog.PrintCard(cards[0].ID)
	if err != nil {
		t.Fatal(err)
	}

	// No printer chosen: the viewer prints itself.
	r, err := s.Print(out.Path)
	if err != nil || !r.NoPrinter || r.Printed {
		t.Fatalf("no printer chosen: %+v, %v", r, err)
	}

	if _, err := s.SetPrinters("Nie ma takiej", ""); keyOf(t, err) != "print.unknownPrinter" {
		t.Fatalf("unknown printer: %v", err)
	}
	ps, err := s.SetPrinters("Biuro A4", "Bilety")
	if err != nil {
		t.Fatal(err)
	}
	if ps.A4 != "Biuro A4" || ps.Ticket != "Bilety" || len(ps.Printers) != 3 {
		t.Fatalf("settings %+v", ps)
	}
	r, err = s.Print(out.Path)
	if err != nil || !r.Printed || r.Printer != "Biuro A4" {
		t.Fatalf("print: %+v, %v", r, err)
	}
	want, err := readPrintout(e.store, e.dir, out.Path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fp.jobs["Biuro A4"]; len(got) != 1 || !bytes.Equal(got[0], want) || !bytes.HasPrefix(got[0], []byte("%PDF")) {
		t.Fatalf("the printer got %d jobs, not the printout's PDF", len(got))
	}
	if len(fp.jobs["Bilety"]) != 0 {
		t.Fatal("an A4 printout went to the ticket printer")
	}

	// A printer that is off: a user error naming it, to retry.
	if _, err := s.SetPrinters("Wyłączona", ""); err != nil {
		t.Fatal(err)
	}
	_, err = s.Print(out.Path)
	if keyOf(t, err) != "print.printerFailed" {
		t.Fatalf("printer off: %v", err)
	}
	if msg := e.core.userError(err).Message; !strings.Contains(msg, "Wyłączona") || !strings.Contains(msg, "spróbuj ponownie") {
		t.Fatalf("message %q names neither the printer nor the retry", msg)
	}
}

// TestPrintServiceRecoverySheet: the recovery code's sheet, shown before
// anyone signs in and never written to a file, goes to the A4 printer
// from memory; once its code is dismissed it is not printed.
func TestPrintServiceRecoverySheet(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	fp := &fakePrinters{}
	s := NewPrintService(e.core, fp)
	if _, err := s.SetPrinters("Biuro A4", ""); err != nil {
		t.Fatal(err)
	}
	e.core.mu.Lock()
	e.core.session.SignOut()
	e.core.mu.Unlock()
	e.core.Keys.mu.Lock()
	e.core.Keys.recovery, e.core.Keys.recoveryOpen = keys.NewRecoveryCode().String(), true
	e.core.Keys.mu.Unlock()
	r, err := s.Print(RecoverySheetPath)
	if err != nil || !r.Printed || r.Printer != "Biuro A4" {
		t.Fatalf("print: %+v, %v", r, err)
	}
	if got := fp.jobs["Biuro A4"]; len(got) != 1 || !bytes.HasPrefix(got[0], []byte("%PDF")) {
		t.Fatalf("the printer got %d jobs, not the sheet's PDF", len(got))
	}
	if _, err := NewKeysService(e.core).DismissRecovery(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Print(RecoverySheetPath); keyOf(t, err) != "keys.noRecovery" {
		t.Fatalf("after dismissal: %v", err)
	}
}

func TestPrintServiceTicketGoesToReceiptPrinter(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	fp := &fakePrinters{}
	s := NewPrintService(e.core, fp)
	q := NewQueueService(e.core, s)
	opened := func() int { return openedCount(e.opener) }
	// No printer chosen: the ticket shows in the viewer, as before.
	tk, err := q.Issue("A", false)
	if err != nil || tk.Printer != "" || tk.PrintError != "" || opened() != 1 {
		t.Fatalf("no printer: %+v, %v, opened %d", tk, err, opened())
	}
	if _, err := s.SetPrinters("Biuro A4", "Bilety"); err != nil {
		t.Fatal(err)
	}
	if r, err := s.Print(tk.Printout.Path); err != nil || r.Printer != "Bilety" {
		t.Fatalf("ticket: %+v, %v", r, err)
	}
	if len(fp.jobs["Bilety"]) != 1 {
		t.Fatalf("ticket printer jobs %d", len(fp.jobs["Bilety"]))
	}

	// Issued with a receipt printer chosen: printed at once on it, byte
	// for byte the sealed ticket, and no viewer.
	tk, err = q.Issue("A", false)
	if err != nil || tk.Printer != "Bilety" || tk.PrintError != "" {
		t.Fatalf("issue: %+v, %v", tk, err)
	}
	if len(fp.jobs["Bilety"]) != 2 || opened() != 1 {
		t.Fatalf("ticket printer jobs %d, viewer opened %d", len(fp.jobs["Bilety"]), opened())
	}
	want, err := readPrintout(e.core.Store, e.core.DataDir, tk.Printout.Path)
	if err != nil || !bytes.Equal(fp.jobs["Bilety"][1], want) {
		t.Fatalf("printed bytes differ from the ticket (%v)", err)
	}
	// A4 copy again: to the A4 printer.
	if a4, err := q.PrintTicket(tk.Ticket.ID, "a4"); err != nil || a4.Printer != "Biuro A4" || len(fp.jobs["Biuro A4"]) != 1 {
		t.Fatalf("a4 copy: %+v, %v", a4, err)
	}

	// The receipt printer is off: the ticket is still issued, the failure
	// is said in Polish, nothing opens; a retry on a printer back on prints.
	if _, err := s.SetPrinters("Biuro A4", "Wyłączona"); err != nil {
		t.Fatal(err)
	}
	off, err := q.Issue("B", false)
	if err != nil || off.Ticket.Label == "" || off.Printer != "" || opened() != 1 {
		t.Fatalf("printer off: %+v, %v, opened %d", off, err, opened())
	}
	if !strings.Contains(off.PrintError, "Nie udało się wydrukować na drukarce „Wyłączona”") {
		t.Fatalf("print error %q", off.PrintError)
	}
	if st, err := q.State(); err != nil || st.Waiting < 3 {
		t.Fatalf("tickets waiting after a failed print: %+v, %v", st.Waiting, err)
	}
	if _, err := s.SetPrinters("Biuro A4", "Bilety"); err != nil {
		t.Fatal(err)
	}
	again, err := q.PrintTicket(off.Ticket.ID, "80mm")
	if err != nil || again.Printer != "Bilety" || again.PrintError != "" || len(fp.jobs["Bilety"]) != 3 {
		t.Fatalf("retry: %+v, %v", again, err)
	}
}

func TestPrintServiceListFailureIsSaid(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	s := NewPrintService(e.core, &fakePrinters{listErr: printer.ErrNoBackend})
	ps, err := s.Printers()
	if err != nil {
		t.Fatal(err)
	}
	if len(ps.Printers) != 0 || !strings.Contains(ps.ListError, "nie ma usługi drukowania") {
		t.Fatalf("settings %+v", ps)
	}
}

// TestQueueTicketPrintsOnRealCUPSPDF issues a ticket with a real CUPS
// printer (cups-pdf, build/scripts/cups-pdf.sh) chosen as the receipt
// printer and waits for the printed ticket: cups-pdf writes a one-page
// PDF titled with the ticket's name. It runs when OKIENKO_TEST_CUPS names PRINTER:OUTDIR.
func TestQueueTicketPrintsOnRealCUPSPDF(t *testing.T) {
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
	e := newEnv(t)
	e.signIn(t, "jnowak")
	s := NewPrintService(e.core, printer.CUPS{})
	if _, err := s.SetPrinters("", name); err != nil {
		t.Fatal(err)
	}
	before, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
	seen := map[string]bool{}
	for _, f := range before {
		seen[f] = true
	}
	tk, err := NewQueueService(e.core, s).Issue("A", false)
	if err != nil || tk.Printer != name || tk.PrintError != "" {
		t.Fatalf("issue: %+v, %v", tk, err)
	}
	if n := openedCount(e.opener); n != 0 {
		t.Fatalf("the viewer opened %d times", n)
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		after, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
		for _, f := range after {
			if seen[f] {
				continue
			}
			time.Sleep(500 * time.Millisecond) // cups-pdf may still be writing it
			// cups-pdf redraws the page through Ghostscript, which loses the
			// text of embedded fonts: the job's title names the ticket.
			info, err := exec.Command("pdfinfo", f).Output()
			if err != nil {
				t.Fatalf("pdfinfo %s: %v", f, err)
			}
			if !strings.Contains(string(info), "("+tk.Printout.Name+")") || !strings.Contains(string(info), "Pages:           1") {
				seen[f] = true // another test's print
				continue
			}
			_ = os.Remove(f)
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("no printed ticket %s appeared in %s", tk.Ticket.Label, out)
}
