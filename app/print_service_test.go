package app

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

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

func TestPrintServiceTicketGoesToReceiptPrinter(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	fp := &fakePrinters{}
	s := NewPrintService(e.core, fp)
	q := NewQueueService(e.core)
	tk, err := q.Issue("A", false)
	if err != nil {
		t.Fatal(err)
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
