package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"okienko/app/audit"
	"okienko/app/i18n"
	"okienko/app/printer"
	"okienko/db"
)

// Device-local settings naming this computer's printers: chosen once in
// Ustawienia, never synced (the printers are this computer's).
const (
	settingPrinterA4     = "printer.a4"
	settingPrinterTicket = "printer.ticket"
)

// PrintService prints the sealed printouts on the printers chosen for
// this computer (issue 16): the A4 printer for every printout, the
// receipt printer for queue tickets. The PDF is opened in memory and
// handed to app/printer, which pipes it to CUPS (no file) or, on Windows,
// spools a private temporary copy it removes at once. With no printer
// chosen, the viewer prints through the webview's print dialog as before.
type PrintService struct {
	c       *Core
	backend printer.Backend
}

// NewPrintService binds the service to the core and the print system.
func NewPrintService(c *Core, b printer.Backend) *PrintService {
	return &PrintService{c: c, backend: b}
}

// PrinterSettings is what Ustawienia shows: the system's printers and the
// two chosen ones ("" for none: the viewer's print dialog). ListError is
// the reason the list could not be read, in the interface's language.
type PrinterSettings struct {
	Printers  []printer.Printer `json:"printers"`
	A4        string            `json:"a4"`
	Ticket    string            `json:"ticket"`
	ListError string            `json:"listError"`
}

// PrintResult says what Print did: Printed on the named printer, or
// NoPrinter when none is chosen for this kind of printout (the viewer then
// prints itself).
type PrintResult struct {
	Printed   bool   `json:"printed"`
	NoPrinter bool   `json:"noPrinter"`
	Printer   string `json:"printer"`
}

// Printers lists the system's printers and the chosen ones. A print system
// that cannot be read is not an error: the list is empty and says why.
func (s *PrintService) Printers() (PrinterSettings, error) {
	ctx := context.Background()
	if _, err := s.c.require(ctx); err != nil {
		return PrinterSettings{}, err
	}
	return s.settings(ctx), nil
}

func (s *PrintService) settings(ctx context.Context) PrinterSettings {
	out := PrinterSettings{Printers: []printer.Printer{}}
	out.A4, _ = s.c.Store.LocalSetting(ctx, settingPrinterA4)
	out.Ticket, _ = s.c.Store.LocalSetting(ctx, settingPrinterTicket)
	ps, err := s.backend.List(ctx)
	if err != nil {
		s.c.Log.Warn("list printers", "err", err)
		key := "print.listFailed"
		if errors.Is(err, printer.ErrNoBackend) {
			key = "print.noSystem"
		}
		out.ListError = s.c.ui().T(key)
		return out
	}
	out.Printers = ps
	return out
}

// SetPrinters chooses this computer's A4 and receipt printers; "" chooses
// none. A name must be one the system lists now.
func (s *PrintService) SetPrinters(a4, ticket string) (PrinterSettings, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return PrinterSettings{}, err
	}
	for _, n := range []string{a4, ticket} {
		if n == "" {
			continue
		}
		if !printer.ValidName(n) {
			return PrinterSettings{}, i18n.E("print.unknownPrinter", fmt.Errorf("app: printer name"), "printer", n)
		}
		if err := printer.Check(ctx, s.backend, n); err != nil {
			if errors.Is(err, printer.ErrUnknownPrinter) {
				return PrinterSettings{}, i18n.E("print.unknownPrinter", err, "printer", n)
			}
			return PrinterSettings{}, i18n.E("print.listFailed", err)
		}
	}
	err = s.c.Store.InTx(ctx, func(tx *db.Tx) error {
		for k, v := range map[string]string{settingPrinterA4: a4, settingPrinterTicket: ticket} {
			if err := tx.SetLocalSetting(ctx, k, v); err != nil {
				return err
			}
		}
		tx.Emit(EventSettings, "printers")
		return tx.Audit(ctx, s.c.officeID, audit.Entry{StaffID: st.ID, Action: audit.SettingChange,
			ObjectType: "setting", ObjectID: "printers"})
	})
	if err != nil {
		return PrinterSettings{}, s.c.internal("save printers", err)
	}
	return s.settings(ctx), nil
}

// Print sends the printout at path to the printer chosen for its kind
// (a queue ticket on the 80 mm roll to the receipt printer, when one is
// chosen, else the A4 one). A printer that is off, missing or refusing gives
// print.printerFailed, which the viewer shows with "Spróbuj ponownie":
// nothing waits on it and the printout stays sealed on the disk.
func (s *PrintService) Print(path string) (PrintResult, error) {
	ctx := context.Background()
	if path == RecoverySheetPath {
		return s.sendRecovery(ctx)
	}
	st, err := s.c.require(ctx)
	if err != nil {
		return PrintResult{}, err
	}
	return s.send(ctx, st.ID, path)
}

// send prints the sealed printout at path for the signed-in staffID; the
// queue calls it directly when a ticket is issued (printed at once, no
// viewer in between).
func (s *PrintService) send(ctx context.Context, staffID, path string) (PrintResult, error) {
	label, err := printoutLabel(s.c.DataDir, path)
	if err != nil {
		return PrintResult{}, i18n.E("print.notFound", err)
	}
	ticket := strings.HasPrefix(label, "printout/kolejka/") && !strings.HasSuffix(label, "-a4.pdf")
	name := s.chosen(ctx, ticket)
	if name == "" {
		return PrintResult{NoPrinter: true}, nil
	}
	b, err := readPrintout(s.c.Store, s.c.DataDir, path)
	if err != nil {
		if _, ok := err.(*i18n.Error); ok {
			return PrintResult{}, err
		}
		return PrintResult{}, s.c.internal("open printout to print", err)
	}
	defer clear(b)
	if err := s.backend.Print(ctx, name, printoutName(path), b); err != nil {
		// The printer's name and the print system's words only: the
		// document's name may carry a case sign, never a client's data.
		s.c.Log.Warn("print failed", "err", err)
		return PrintResult{}, i18n.E("print.printerFailed", fmt.Errorf("app: print: %w", err), "printer", name)
	}
	s.c.auditDetail(ctx, staffID, audit.PrintoutPrint, "printout", "", strings.TrimPrefix(label, "printout/"))
	return PrintResult{Printed: true, Printer: name}, nil
}

// sendRecovery prints the recovery code's sheet, rendered in memory (it
// is shown right after enrolment, before anyone signs in, and is never a
// file), on the A4 printer; with none chosen the viewer prints it itself.
func (s *PrintService) sendRecovery(ctx context.Context) (PrintResult, error) {
	b, err := recoverySheetPDF(s.c)
	if err != nil {
		return PrintResult{}, err
	}
	defer clear(b)
	name := s.chosen(ctx, false)
	if name == "" {
		return PrintResult{NoPrinter: true}, nil
	}
	if err := s.backend.Print(ctx, name, "kod-odzyskiwania.pdf", b); err != nil {
		s.c.Log.Warn("print failed", "err", err)
		return PrintResult{}, i18n.E("print.printerFailed", fmt.Errorf("app: print: %w", err), "printer", name)
	}
	return PrintResult{Printed: true, Printer: name}, nil
}

// chosen is the printer for a printout: a ticket goes to the receipt
// printer when there is one, everything else (and a ticket without one)
// to the A4 printer.
func (s *PrintService) chosen(ctx context.Context, ticket bool) string {
	if ticket {
		if n, _ := s.c.Store.LocalSetting(ctx, settingPrinterTicket); n != "" {
			return n
		}
	}
	n, _ := s.c.Store.LocalSetting(ctx, settingPrinterA4)
	return n
}
