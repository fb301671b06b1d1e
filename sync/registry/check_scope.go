package registry

import (
	"context"
	"encoding/json"

	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// ReasonOutsideScope refuses a limited device's change of a row its view
// does not hold.
const ReasonOutsideScope = "outside the device's scope: a row it is not sent"

// outsideScope names the ops of a device limited to some units that touch
// rows its view does not hold: an existing case, client, callback, letter,
// home visit, authorization, complaint or survey answer it is not sent,
// or a new event or callback of such a case. It writes what it may read
// and no more: without it such a device could write to another unit's
// case (a handover to its own clerk included) and then be sent it whole,
// its client's PESEL with it. Decided before the transaction, from the
// index the pulls use, built up to the office's committed changes; a row
// the index does not know (made earlier in the same batch, or a moment
// ago by another device) is let through, as it would be sent.
func (r *Registry) outsideScope(ctx context.Context, dev store.Device, ops []protocol.Op) (map[string]bool, error) {
	v, o, cut, err := r.limitedView(ctx, dev)
	if err != nil || v == nil {
		return nil, err
	}
	out := map[string]bool{}
	o.mu.Lock()
	defer o.mu.Unlock()
	// A case, or a client of cases, the index knows and the view does not hold.
	caseOutside := func(id string) bool {
		info := o.cases[id]
		return id != "" && info != nil && !o.holds(v, info.caseAttrs, cut)
	}
	clientOutside := func(id string) bool { return len(o.clientCases[id]) > 0 && !o.holdsClient(v, id, cut) }
	for _, op := range ops {
		id, outside := op.EntityID, false
		switch op.Entity {
		case "case_file":
			outside = caseOutside(id)
		case "client":
			outside = clientOutside(id)
		case "callback":
			held, known := o.holdsCallback(v, id, cut)
			outside = known && !held
		case "letter":
			outside = knownOutside(o.letters, id, o.holdsLetter(v, id, cut))
		case "visit":
			outside = knownOutside(o.visits, id, o.holdsVisit(v, id, cut))
		case "visit_auth":
			outside = knownOutside(o.visitAuths, id, o.holdsAuth(v, id, cut))
		case "complaint":
			outside = knownOutside(o.complaints, id, o.holdsComplaint(v, id, cut))
		case "survey_answer":
			outside = knownOutside(o.surveys, id, o.holdsSurvey(v, id))
		}
		// A row pointing into a case or a client the view does not hold
		// (an event of another unit's case, its own case moved under
		// another unit's client, a callback or letter hung on another
		// unit's case) would bring them to the device: it writes only
		// what it is sent.
		if op.Entity != "case_number" && !outside {
			outside = caseOutside(opString(op, "caseId"))
		}
		if (op.Entity == "case_file" || op.Entity == "callback") && !outside {
			outside = clientOutside(opString(op, "clientId"))
		}
		if outside {
			out[op.ID] = true
		}
	}
	return out, nil
}

// knownOutside reports whether the index knows row id (in m) and the
// view does not hold it.
func knownOutside[T any](m map[string]T, id string, held bool) bool {
	_, known := m[id]
	return known && !held
}

// opString is an op's string field, "" when absent or not a string.
func opString(op protocol.Op, name string) string {
	var s string
	_ = json.Unmarshal(op.Fields[name], &s)
	return s
}

// conflictsFor lists the office's open conflicts a device may see: a
// device limited to some units only those of the cases and callbacks it
// is sent, as their values name who handles another unit's cases.
func (r *Registry) conflictsFor(ctx context.Context, dev store.Device) ([]protocol.ConflictView, error) {
	all, err := r.Conflicts(ctx, dev.OfficeID)
	if err != nil {
		return nil, err
	}
	v, o, cut, err := r.limitedView(ctx, dev)
	if err != nil || v == nil {
		return all, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	out := make([]protocol.ConflictView, 0, len(all))
	for _, c := range all {
		held := false
		switch c.Entity {
		case "case_file":
			held = o.holdsCase(v, c.EntityID, cut)
		case "callback":
			held, _ = o.holdsCallback(v, c.EntityID, cut)
		}
		if held {
			out = append(out, c)
		}
	}
	return out, nil
}

// dateFlagsFor is the office's open date flags as a device may see
// them: a device limited to some units only those of the cases it is
// sent, as with conflicts (another unit's case id and sign, and the
// computer that registered it, were listed to any device).
func (r *Registry) dateFlagsFor(ctx context.Context, dev store.Device) (protocol.DateFlagsResponse, error) {
	v, o, cut, err := r.limitedView(ctx, dev)
	if err != nil {
		return protocol.DateFlagsResponse{}, err
	}
	if v == nil {
		return r.DateFlags(ctx, dev.OfficeID)
	}
	return r.dateFlags(ctx, dev.OfficeID, func(ids []string) ([]bool, error) {
		o.mu.Lock()
		defer o.mu.Unlock()
		keep := make([]bool, len(ids))
		for i, id := range ids {
			keep[i] = o.holdsCase(v, id, cut)
		}
		return keep, nil
	})
}

// limitedView is a limited device's view, the office's scope index up to
// its committed changes and the cutoff of closed cases; v is nil for a
// device of the whole office.
func (r *Registry) limitedView(ctx context.Context, dev store.Device) (v *scopeView, o *officeIndex, cut int64, err error) {
	if v, err = r.deviceScope(ctx, dev); err != nil || v == nil {
		return nil, nil, 0, err
	}
	seq, err := r.st.Seq(ctx, dev.OfficeID)
	if err != nil {
		return nil, nil, 0, err
	}
	if o, err = r.index.office(ctx, r.st, dev.OfficeID, seq); err != nil {
		return nil, nil, 0, err
	}
	if cut, err = r.cutoff(ctx, dev.OfficeID, v.closedDays); err != nil {
		return nil, nil, 0, err
	}
	return v, o, cut, nil
}
