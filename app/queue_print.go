package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"okienko/app/i18n"
	"okienko/app/pdf"
	"okienko/app/queue"
	"okienko/db"
	"okienko/sync/protocol"
)

// PrintTicket prints a ticket again, on the receipt printer's 80 mm roll
// ("80mm") or on A4 ("a4"), straight to the printer chosen in Ustawienia
// (the viewer only when none is). A failure is not an error of the call:
// PrintError says it, and the clerk may try again.
func (s *QueueService) PrintTicket(id, paper string) (QueueIssued, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return QueueIssued{}, err
	}
	if paper != pdf.PaperThermal80 && paper != pdf.PaperA4 {
		return QueueIssued{}, i18n.E("queue.badPaper", fmt.Errorf("app: queue: paper %q", paper))
	}
	gs := s.groups(ctx)
	cn := s.counter(ctx, gs)
	var t protocol.QueueTicket
	if k, err := s.c.Store.QueueTicket(ctx, id); err == nil {
		t = wireTicket(k)
	} else if !errors.Is(err, db.ErrNotFound) {
		return QueueIssued{}, s.c.internal("load ticket", err)
	} else {
		s.mu.Lock()
		kt, ok := s.known[id]
		s.mu.Unlock()
		if !ok {
			return QueueIssued{}, i18n.E("queue.notFound", fmt.Errorf("app: queue: print unknown ticket %s", id))
		}
		t = kt
	}
	out := QueueIssued{Ticket: s.view(t, gs)}
	s.printOut(ctx, st.ID, &out, t, gs, cn, paper)
	return out, nil
}

// printOut renders the ticket and sends it to the chosen printer, filling
// out's Printout, Printer or PrintError; with no printer chosen (or no
// print system bound) the app's viewer shows it, as before issue 16.
func (s *QueueService) printOut(ctx context.Context, staffID string, out *QueueIssued, t protocol.QueueTicket, gs []queue.Group, cn QueueCounter, paper string) {
	p, err := s.print(ctx, t, gs, cn, paper)
	out.Printout = p
	if err != nil {
		out.PrintError = s.c.userError(err).Message
		return
	}
	if s.printer != nil {
		r, err := s.printer.send(ctx, staffID, p.Path)
		if err != nil {
			out.PrintError = s.c.userError(err).Message
			return
		}
		if r.Printed {
			out.Printer = r.Printer
			return
		}
	}
	if err := s.c.Opener.Open(p.Path); err != nil {
		s.c.Log.Warn("open ticket", "err", err)
	}
}

// ticketSheet lays a ticket out in the interface's language: whole
// sentences, each its own key.
func (s *QueueService) ticketSheet(ctx context.Context, t protocol.QueueTicket, gs []queue.Group, cn QueueCounter) (pdf.Ticket, error) {
	o, err := s.c.Store.Office(ctx)
	if err != nil {
		return pdf.Ticket{}, s.c.internal("load office for ticket", err)
	}
	tr := s.c.tr(s.c.Locale())
	group := t.Group
	if g, ok := findGroup(gs, t.Group); ok {
		group = g.NameIn(tr.lang)
	}
	issued, err := time.Parse(time.RFC3339Nano, t.IssuedAt)
	if err != nil {
		return pdf.Ticket{}, s.c.internal("ticket time", err)
	}
	loc := s.c.Store.OfficeClock().Location()
	tk := pdf.Ticket{Office: o.Name, Group: group, Label: t.Label, Title: tr.T("queue.ticket.title", "label", t.Label)}
	tk.Lines = append(tk.Lines, tr.T("queue.ticket.issued", "date", i18n.Date(tr.lang, issued.In(loc)), "time", issued.In(loc).Format("15:04")))
	if t.Ahead == 0 {
		tk.Lines = append(tk.Lines, tr.T("queue.ticket.aheadNone"))
	} else {
		tk.Lines = append(tk.Lines, tr.T("queue.ticket.ahead", "count", strconv.Itoa(t.Ahead)))
	}
	if t.Priority {
		tk.Lines = append(tk.Lines, tr.T("queue.ticket.priority"))
	}
	if t.Offline {
		tk.Lines = append(tk.Lines, tr.T("queue.ticket.offline", "counter", cn.Name))
	}
	tk.Footer = tr.T("queue.ticket.footer")
	return tk, tr.err
}

// print renders the ticket, saves it under <data>/kolejka/<day>/ and
// opens it for the printer.
func (s *QueueService) print(ctx context.Context, t protocol.QueueTicket, gs []queue.Group, cn QueueCounter, paper string) (Printout, error) {
	tk, err := s.ticketSheet(ctx, t, gs, cn)
	if err != nil {
		return Printout{}, s.c.printError("ticket", err)
	}
	var buf bytes.Buffer
	if err := pdf.WriteTicket(&buf, tk, paper); err != nil {
		return Printout{}, s.c.printError("ticket", err)
	}
	name := t.Label
	if paper == pdf.PaperA4 {
		name += "-a4"
	}
	out, err := s.c.writeNewOutput("kolejka/"+t.Day, name, buf.Bytes())
	if err != nil {
		return Printout{}, saveFailed(err, "printout", "@printout.ticket")
	}
	return out, nil
}
