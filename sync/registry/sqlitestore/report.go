package sqlitestore

import (
	"context"

	"okienko/sync/registry/sqlitestore/internal/rq"
	"okienko/sync/registry/store"
)

// ReportCounts counts an office's report records of a period: the plain
// columns report_cases and report_events keep, grouped here as pgstore's
// statement groups them in SQL (the shared suite holds both to the same
// counts); the registers of issue 14 are grouped in SQL (ReportRegisters).
func (s *Store) ReportCounts(ctx context.Context, officeID string, q store.ReportQuery) ([]store.ReportCount, error) {
	cases, err := s.qr.ReportCases(ctx, officeID)
	if err != nil {
		return nil, wrap("report cases", err)
	}
	events, err := s.qr.ReportEvents(ctx, officeID)
	if err != nil {
		return nil, wrap("report events", err)
	}
	tickets, err := s.qr.ReportTickets(ctx, rq.ReportTicketsParams{OfficeID: officeID, FromDay: q.From, ToDay: q.To})
	if err != nil {
		return nil, wrap("report tickets", err)
	}
	byID := make(map[string]*rq.ReportCasesRow, len(cases))
	for i := range cases {
		byID[cases[i].CaseID] = &cases[i]
	}
	closedAt := map[string]int64{}
	supplementedAt, leftAt := map[string]int64{}, map[string]int64{}
	for _, e := range events {
		switch e.ToStatus {
		case "settled", "left_unexamined", "forwarded":
			if at, ok := closedAt[e.CaseID]; !ok || e.AtMs < at {
				closedAt[e.CaseID] = e.AtMs
			}
		}
		inKinds := e.Kind == "supplement_requested" || e.Kind == "supplemented" || e.Kind == "notice_art36" || e.Kind == "status"
		if e.Kind == "supplemented" {
			if at, ok := supplementedAt[e.CaseID]; !ok || e.AtMs > at {
				supplementedAt[e.CaseID] = e.AtMs
			}
		}
		if e.ToStatus == "left_unexamined" && inKinds {
			if at, ok := leftAt[e.CaseID]; !ok || e.AtMs > at {
				leftAt[e.CaseID] = e.AtMs
			}
		}
	}
	g := grouper{at: map[store.ReportCount]int{}}
	dayEnd := make(map[string]int64, len(q.Days))
	for i, d := range q.Days {
		dayEnd[d] = q.DayEnds[i]
	}
	for _, c := range cases {
		// Closed at its first closing event only while its status is
		// closed: an event a device sends saying an open case was settled
		// does not make it kept (a closed case is never reopened).
		at, closed := closedAt[c.CaseID]
		closed = closed && closedStatus(c.Status)
		if c.SubmittedOn >= q.From && c.SubmittedOn <= q.To {
			var n2 int64
			if closed {
				n2 = 1
			}
			g.add(store.ReportCount{Part: "case", Unit: c.Unit, A: c.CardID}, 1, n2)
		}
		if end, ok := dayEnd[c.DueOn]; ok {
			state := int64(2)
			switch {
			case closed && at < end:
				state = 0
			case closed || c.DueOn < q.Today:
				state = 1
			}
			g.add(store.ReportCount{Part: "deadline", Unit: c.Unit, Code: state}, 1, 0)
		}
	}
	noticed := map[string]bool{}
	for _, e := range events {
		c, ok := byID[e.CaseID]
		if !ok || e.AtMs < q.FromMs || e.AtMs >= q.ToMs {
			continue
		}
		switch e.Kind {
		case "notice_art36":
			var first int64
			if !noticed[e.CaseID] {
				noticed[e.CaseID], first = true, 1
			}
			g.add(store.ReportCount{Part: "notice", Unit: c.Unit}, 1, first)
		case "supplement_requested":
			outcome := int64(3)
			if at, ok := supplementedAt[e.CaseID]; ok && at >= e.AtMs {
				outcome = 0
			} else if at, ok := leftAt[e.CaseID]; ok && at >= e.AtMs {
				outcome = 1
			} else if c.Status == "awaiting_supplement" && c.SupplementDue != "" && c.SupplementDue < q.Today {
				outcome = 2
			}
			g.add(store.ReportCount{Part: "call", Unit: c.Unit, Code: outcome}, 1, 0)
		}
	}
	for _, t := range tickets {
		unit := ""
		if c, ok := byID[t.CaseID]; ok && t.CaseID != "" {
			unit = c.Unit
		}
		called := t.FirstCalledAt
		if called == 0 {
			called = t.CalledAt
		}
		g.add(store.ReportCount{Part: "ticket", Unit: unit, A: t.Status, B: t.Counter, C: t.Grp}, 1, 0)
		if called > 0 && called >= t.IssuedAt {
			g.add(store.ReportCount{Part: "wait", Unit: unit, Code: called - t.IssuedAt}, 1, 0)
		}
		if t.Status == "served" && t.DoneAt > 0 && called > 0 && t.DoneAt >= called {
			g.add(store.ReportCount{Part: "service", Unit: unit, Code: t.DoneAt - called}, 1, 0)
		}
	}
	regs, err := s.qr.ReportRegisters(ctx, rq.ReportRegistersParams{OfficeID: officeID, FromDay: q.From, ToDay: q.To,
		FromMs: q.FromMs, ToMs: q.ToMs, NowMs: q.NowMs})
	if err != nil {
		return nil, wrap("report registers", err)
	}
	for _, x := range regs {
		g.out = append(g.out, store.ReportCount{Part: x.Part, Unit: x.Unit, A: x.A, B: x.B, Code: x.Code, N: x.N, N2: x.N2})
	}
	return g.out, nil
}

// grouper sums counts by their grouping (a ReportCount with N and N2 zero).
type grouper struct {
	at  map[store.ReportCount]int
	out []store.ReportCount
}

func (g *grouper) add(key store.ReportCount, n, n2 int64) {
	i, ok := g.at[key]
	if !ok {
		i = len(g.out)
		g.at[key] = i
		g.out = append(g.out, key)
	}
	g.out[i].N += n
	g.out[i].N2 += n2
}

// closedStatus reports a case status that closes it (app/cases.Closed,
// which this store does not import).
func closedStatus(s string) bool { return s == "settled" || s == "left_unexamined" || s == "forwarded" }
