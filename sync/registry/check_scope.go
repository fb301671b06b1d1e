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
	v, err := r.deviceScope(ctx, dev)
	if err != nil || v == nil {
		return nil, err
	}
	seq, err := r.st.Seq(ctx, dev.OfficeID)
	if err != nil {
		return nil, err
	}
	o, err := r.index.office(ctx, r.st, dev.OfficeID, seq)
	if err != nil {
		return nil, err
	}
	cut, err := r.cutoff(ctx, dev.OfficeID, v.closedDays)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	o.mu.Lock()
	defer o.mu.Unlock()
	// A case the index knows and the view does not hold.
	caseOutside := func(id string) bool {
		info := o.cases[id]
		return id != "" && info != nil && !o.holds(v, info.caseAttrs, cut)
	}
	for _, op := range ops {
		id, outside := op.EntityID, false
		switch op.Entity {
		case "case_file":
			outside = caseOutside(id)
		case "client":
			outside = len(o.clientCases[id]) > 0 && !o.holdsClient(v, id, cut)
		case "case_event":
			outside = caseOutside(opString(op, "caseId"))
		case "callback":
			if cb, ok := o.callbacks[id]; ok {
				outside = !(o.holdsCase(v, cb.caseID, cut) || cb.caseID == "" && o.holdsClient(v, cb.clientID, cut) ||
					v.people[cb.assignee] || v.people[cb.createdBy])
			} else {
				outside = caseOutside(opString(op, "caseId"))
			}
		case "letter":
			_, known := o.letters[id]
			outside = known && !o.holdsLetter(v, id, cut)
		case "visit":
			_, known := o.visits[id]
			outside = known && !o.holdsVisit(v, id, cut)
		case "visit_auth":
			_, known := o.visitAuths[id]
			outside = known && !o.holdsAuth(v, id, cut)
		case "complaint":
			_, known := o.complaints[id]
			outside = known && !o.holdsComplaint(v, id, cut)
		case "survey_answer":
			_, known := o.surveys[id]
			outside = known && !o.holdsSurvey(v, id)
		}
		if outside {
			out[op.ID] = true
		}
	}
	return out, nil
}

// opString is an op's string field, "" when absent or not a string.
func opString(op protocol.Op, name string) string {
	var s string
	_ = json.Unmarshal(op.Fields[name], &s)
	return s
}
