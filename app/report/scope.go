package report

// TicketsIn keeps the tickets within the scope: office-wide all; a head's,
// those whose case is in their units (a ticket that led to no case belongs
// to no unit).
func TicketsIn(ts []Ticket, sc Scope) []Ticket {
	if sc.OfficeWide {
		return ts
	}
	out := ts[:0:0]
	for _, t := range ts {
		if sc.Has(t.Unit) {
			out = append(out, t)
		}
	}
	return out
}

// CasesIn keeps the cases of the scope's units.
func CasesIn(cs []Case, sc Scope) []Case {
	if sc.OfficeWide {
		return cs
	}
	out := cs[:0:0]
	for _, c := range cs {
		if sc.Has(c.Unit) {
			out = append(out, c)
		}
	}
	return out
}

// NoticesIn keeps the notices of the scope's units.
func NoticesIn(ns []Notice, sc Scope) []Notice {
	if sc.OfficeWide {
		return ns
	}
	out := ns[:0:0]
	for _, n := range ns {
		if sc.Has(n.Unit) {
			out = append(out, n)
		}
	}
	return out
}

// CallsIn keeps the calls to supplement of the scope's units.
func CallsIn(cs []Call, sc Scope) []Call {
	if sc.OfficeWide {
		return cs
	}
	out := cs[:0:0]
	for _, c := range cs {
		if sc.Has(c.Unit) {
			out = append(out, c)
		}
	}
	return out
}
