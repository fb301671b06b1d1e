package report

// within keeps the items of the scope's units: all for the office-wide
// scope; for a head's, those whose unit (by unit) is theirs. An item of no
// unit (a ticket that led to no case) belongs to no head.
func within[T any](xs []T, sc Scope, unit func(T) string) []T {
	if sc.OfficeWide {
		return xs
	}
	out := xs[:0:0]
	for _, x := range xs {
		if sc.Has(unit(x)) {
			out = append(out, x)
		}
	}
	return out
}

// TicketsIn keeps the tickets whose case is in the scope's units.
func TicketsIn(ts []Ticket, sc Scope) []Ticket {
	return within(ts, sc, func(t Ticket) string { return t.Unit })
}

// CasesIn keeps the cases of the scope's units.
func CasesIn(cs []Case, sc Scope) []Case {
	return within(cs, sc, func(c Case) string { return c.Unit })
}

// NoticesIn keeps the notices of the scope's units.
func NoticesIn(ns []Notice, sc Scope) []Notice {
	return within(ns, sc, func(n Notice) string { return n.Unit })
}

// CallsIn keeps the calls to supplement of the scope's units.
func CallsIn(cs []Call, sc Scope) []Call {
	return within(cs, sc, func(c Call) string { return c.Unit })
}
