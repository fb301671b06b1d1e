package registry

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"okienko/app/audit"
	"okienko/app/office"
	"okienko/sync/entity"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// The audit view (issue 13): devices sync their audit entries here, so
// the registry is where a head sees who viewed, printed, changed or
// exported a client's data on any device. It answers a head (the cases of
// their own unit) or the admin (the whole office), checked against the
// person session at every request; a clerk is refused (ErrRole).

// caseRef is what the audit view needs of a case row.
type caseRef struct {
	ClientID string `json:"clientId"`
	Unit     string `json:"unit"`
}

// AuditEntries answers an audit query for a person: the office's entries
// about a client or a case, newest first, narrowed by the query, and for a
// head only those whose case (or, for a client, one of whose cases) is of
// the head's unit; a client's art. 15 query gets every unit's, with a
// reason's words only where the person's own view would show them.
func (r *Registry) AuditEntries(ctx context.Context, officeID string, who Person, q protocol.AuditQuery) (protocol.AuditResponse, error) {
	out := protocol.AuditResponse{Entries: []protocol.AuditEntryView{}}
	var units []string
	everyUnit := who.Role == office.RoleAdmin || q.Purpose == protocol.AuditArt15
	if who.Role != office.RoleAdmin {
		u, err := r.unitOfStaff(ctx, officeID, who.StaffID)
		if err != nil {
			return out, err
		}
		if u != "" {
			units = []string{u}
		}
		if !everyUnit {
			out.Units = units
		}
	}
	caseRows, rows, err := r.auditRows(ctx, officeID, q.ClientID)
	if err != nil {
		return out, err
	}
	cases := make(map[string]caseRef, len(caseRows))
	clientUnits := map[string][]string{}
	for _, row := range caseRows {
		c := caseRef{ClientID: fieldString(row, "clientId"), Unit: fieldString(row, "unit")}
		cases[row.EntityID] = c
		clientUnits[c.ClientID] = append(clientUnits[c.ClientID], c.Unit)
	}
	ownView := func(unit, client string) bool {
		if unit != "" {
			return slices.Contains(units, unit)
		}
		return slices.ContainsFunc(clientUnits[client], func(u string) bool { return slices.Contains(units, u) })
	}
	visible := func(unit, client string) bool { return everyUnit || ownView(unit, client) }
	// A person's own words (a break-the-glass reason) are shown only to
	// whom the entry is shown in their own audit view: the admin, or the
	// head of its unit. An art. 15 query is for the accesses, which any
	// role may print for the client over every unit; it does not widen
	// who reads what a colleague wrote of why (a device of another unit
	// is not sent those entries either: holdsAudit).
	words := func(unit, client string) bool {
		return who.Role == office.RoleAdmin || who.Role == office.RoleHead && ownView(unit, client)
	}
	f := audit.Filter{ClientID: q.ClientID, StaffID: q.StaffID, Outside: q.Outside, Limit: q.Limit}
	f.From, _ = time.Parse(time.RFC3339, q.From)
	f.To, _ = time.Parse(time.RFC3339, q.To)
	for _, row := range rows {
		// Only the fields a filter needs are read before the entry is
		// kept: most entries are not about a client, or are filtered out.
		var a entity.Audit
		a.ID, a.ObjectType, a.ObjectID = row.EntityID, fieldString(row, "objectType"), fieldString(row, "objectId")
		if a.ObjectType != "case_file" && a.ObjectType != "client" {
			continue
		}
		a.StaffID, a.Action = fieldString(row, "staffId"), fieldString(row, "action")
		if f.StaffID != "" && a.StaffID != f.StaffID || f.Outside && a.Action != audit.CaseOutside {
			continue
		}
		_ = json.Unmarshal(row.Fields["at"].V, &a.At)
		a.Detail, a.Note = fieldString(row, "detail"), fieldString(row, "note")
		var client, unit string
		switch a.ObjectType {
		case "case_file":
			c := cases[a.ObjectID]
			client, unit = c.ClientID, c.Unit
		case "client":
			client = a.ObjectID
		default:
			continue
		}
		switch {
		case f.StaffID != "" && a.StaffID != f.StaffID, f.ClientID != "" && client != f.ClientID,
			f.Outside && a.Action != audit.CaseOutside, !f.Period(a.At), !visible(unit, client):
			continue
		}
		if !words(unit, client) {
			a.Note = ""
		}
		out.Entries = append(out.Entries, protocol.AuditEntryView{ID: a.ID, StaffID: a.StaffID, Action: a.Action, ObjectType: a.ObjectType,
			ObjectID: a.ObjectID, Detail: a.Detail, Note: a.Note, ClientID: client, Unit: unit, At: a.At.UTC().Format(time.RFC3339Nano)})
	}
	slices.SortFunc(out.Entries, func(a, b protocol.AuditEntryView) int {
		ta, _ := time.Parse(time.RFC3339Nano, a.At)
		tb, _ := time.Parse(time.RFC3339Nano, b.At)
		if c := tb.Compare(ta); c != 0 {
			return c
		}
		switch {
		case a.ID > b.ID:
			return -1
		case a.ID < b.ID:
			return 1
		}
		return 0
	})
	if n := f.Limited(); len(out.Entries) > n {
		out.Entries, out.More = out.Entries[:n], true
	}
	return out, nil
}

// auditRows reads what an audit query needs: the case rows that name
// clients and units, and the audit rows to filter. A query about one
// client (a client's art. 15 report, the view narrowed to a client) reads
// by index only that client's cases and the entries about the client or
// them (store.AccessLog); a query over the whole office reads every case
// and audit row of it.
func (r *Registry) auditRows(ctx context.Context, officeID, clientID string) (caseRows, auditRows []store.Row, err error) {
	if clientID == "" {
		if caseRows, err = r.st.RowsOf(ctx, officeID, "case_file"); err != nil {
			return nil, nil, err
		}
		auditRows, err = r.st.RowsOf(ctx, officeID, "audit_log")
		return caseRows, auditRows, err
	}
	if caseRows, err = r.st.CasesOfClient(ctx, officeID, clientID); err != nil {
		return nil, nil, err
	}
	ids := make([]string, 0, 1+len(caseRows))
	ids = append(ids, clientID)
	for _, c := range caseRows {
		ids = append(ids, c.EntityID)
	}
	auditRows, err = r.st.AuditOfObjects(ctx, officeID, ids)
	return caseRows, auditRows, err
}

// fieldString is a row's string field ("" when absent or not a string).
func fieldString(row store.Row, name string) string {
	var v string
	if f, ok := row.Fields[name]; ok {
		_ = json.Unmarshal(f.V, &v)
	}
	return v
}

// unitOfStaff is the symbol of a staff member's unit ("" when none).
func (r *Registry) unitOfStaff(ctx context.Context, officeID, staffID string) (string, error) {
	staff, err := r.rowsByID(ctx, officeID, "staff")
	if err != nil {
		return "", err
	}
	var s struct {
		UnitID string `json:"unitId"`
	}
	if row, ok := staff[staffID]; ok {
		decodeFields(row, &s)
	}
	if s.UnitID == "" {
		return "", nil
	}
	units, err := r.rowsByID(ctx, officeID, "unit")
	if err != nil {
		return "", err
	}
	var u struct {
		Symbol string `json:"symbol"`
	}
	if row, ok := units[s.UnitID]; ok {
		decodeFields(row, &u)
	}
	return u.Symbol, nil
}

// handleAudit answers an audit query for a head or the admin whose person
// session comes with the request.
func (r *Registry) handleAudit(c *call) (any, error) {
	var q protocol.AuditQuery
	if err := decodeBody(c, &q); err != nil {
		return nil, err
	}
	roles := []office.Role{office.RoleHead, office.RoleAdmin}
	if q.Purpose == protocol.AuditArt15 {
		// A client's own copy: whoever takes the request prints it, and
		// the device records the export.
		roles = append(roles, office.RoleClerk)
	}
	who, err := r.requirePerson(c, roles...)
	if err != nil {
		return nil, err
	}
	resp, err := r.AuditEntries(c.req.Context(), c.dev.OfficeID, who, q)
	if err != nil {
		return nil, err
	}
	r.log.Info("audit read", "office", c.dev.OfficeID, "device", c.dev.ID, "staff", who.StaffID, "purpose", q.Purpose, "entries", len(resp.Entries))
	return resp, nil
}
