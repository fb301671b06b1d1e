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

// PrintTicket prints a ticket again, on the ticket printer's 80 mm roll
// ("80mm") or on A4 ("a4") when there is none.
func (s *QueueService) PrintTicket(id, paper string) (Printout, error) {
	ctx := context.Background()
	if _, err := s.c.require(ctx); err != nil {
		return Printout{}, err
	}
	if paper != pdf.PaperThermal80 && paper != pdf.PaperA4 {
		return Printout{}, i18n.E("queue.badPaper", fmt.Errorf("app: queue: paper %q", paper))
	}
	gs := s.groups(ctx)
	cn := s.counter(ctx, gs)
	var t protocol.QueueTicket
	if k, err := s.c.Store.QueueTicket(ctx, id); err == nil {
		t = wireTicket(k)
	} else if !errors.Is(err, db.ErrNotFound) {
		return Printout{}, s.c.internal("load ticket", err)
	} else {
		s.mu.Lock()
		kt, ok := s.known[id]
		s.mu.Unlock()
		if !ok {
			return Printout{}, i18n.E("queue.notFound", fmt.Errorf("app: queue: print unknown ticket %s", id))
		}
		t = kt
	}
	return s.print(ctx, t, gs, cn, paper)
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
	if err := s.c.Opener.Open(out.Path); err != nil {
		s.c.Log.Warn("open ticket", "err", err)
	}
	return out, nil
}
