package registry

import (
	"context"
	"encoding/json"
	"sync"

	"okienko/app/cases"
	"okienko/sync/hlc"
	"okienko/sync/merge"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// scopeIndex keeps, per office with a device limited to some units, what
// deciding a row's scope needs: each case's unit, people and closing, its
// events and callbacks, each client's cases. It is built from the
// office's changes at the first limited pull and kept at or past each
// page it serves by reading the changes since (one query when any), so
// an event is never judged before its case is known. Offices whose
// devices are all of the whole office never build one.
type scopeIndex struct {
	mu      sync.Mutex
	offices map[string]*officeIndex
}

// officeIndex is one office's.
type officeIndex struct {
	mu   sync.Mutex // held while catching up and while a page is cut
	upTo int64      // every change up to here is applied
	// builtAt is where the first catch-up ended: it read each row once,
	// at its latest change, so moves before it are not known (moved is 0).
	builtAt     int64
	cases       map[string]*caseInfo
	clientCases map[string][]string       // client id -> its cases
	owner       map[string]string         // case_event id -> its case
	callbacks   map[string]callbackInfo   // callback id -> what places it
	deps        map[string][]store.RowKey // case id -> its events and callbacks
	unitSymbol  map[string]string         // unit id -> its symbol
	staffUnit   map[string]string         // staff id -> their unit's id
	letters     map[string]letterInfo     // letter id -> what places it
	surveys     map[string]surveyInfo     // survey answer id -> what places it
	visits      map[string]placed         // home visit id -> what places it
	complaints  map[string]placed         // complaint id -> what places it
	visitAuths  map[string]authInfo       // authorization id -> what places it
}

// caseAttrs is what places a case in or out of a device's view.
type caseAttrs struct {
	unit, registrar, assignee, client string
	closedAt                          int64 // Unix ms of the closing status's stamp; 0 while open
	deleted                           bool
}

// caseInfo is a case's attributes now, and before the last change that
// moved it (another unit, people, closed or reopened): moved is that
// change's sequence, 0 when none since the case arrived.
type caseInfo struct {
	caseAttrs
	prev  caseAttrs
	moved int64
}

// callbackInfo is what places a callback.
type callbackInfo struct{ caseID, clientID, assignee, createdBy string }

// letterInfo is what places an entry of the correspondence register: its
// case, if any, and the people who answer, registered and answered it.
type letterInfo struct{ caseID, assignee, createdBy, answeredBy string }

// surveyInfo is what places a survey answer: the unit whose counter asked
// (a unit id, "" when unknown) and the clerk who typed in a paper one.
type surveyInfo struct{ unitID, enteredBy string }

// placed is what places a home visit or an entry of the register of
// complaints and motions: the unit it belongs to (a unit id, "" when
// none), its case, if any, the person who handles it and the people who
// took, assigned, reported or decided it.
type placed struct {
	unitID, caseID, assignee string
	people                   [3]string
}

// authInfo is what places an authorization of the register of
// authorizations: its visit, unit, the official and the head who signed
// it. The device that numbered it holds it through that head, a person of
// the device (checkVisitAuth), and numbers its series from the rows it
// holds; the device itself does not place it, so a page stays a function
// of the scope alone and devices of one scope share it (pagecache.go).
type authInfo struct{ visitID, unitID, staffID, issuedBy string }

// auditFields are what place an entry of the audit log: who did it and
// the row it is about, read from the change itself (an entry never
// changes, so the index keeps nothing of the log, which grows with every
// view). A field arrives as {"v": …} with or without its own stamp.
type auditFields struct {
	StaffID    struct{ V string } `json:"staffId"`
	ObjectType struct{ V string } `json:"objectType"`
	ObjectID   struct{ V string } `json:"objectId"`
}

// indexPage is how many changes one catch-up query reads.
const indexPage = 5000

// office returns the office's index, caught up at least to seq.
func (s *scopeIndex) office(ctx context.Context, st store.Store, officeID string, seq int64) (*officeIndex, error) {
	s.mu.Lock()
	if s.offices == nil {
		s.offices = map[string]*officeIndex{}
	}
	o := s.offices[officeID]
	if o == nil {
		o = &officeIndex{cases: map[string]*caseInfo{}, clientCases: map[string][]string{}, owner: map[string]string{},
			callbacks: map[string]callbackInfo{}, deps: map[string][]store.RowKey{}, unitSymbol: map[string]string{}, staffUnit: map[string]string{},
			letters: map[string]letterInfo{}, surveys: map[string]surveyInfo{}, visits: map[string]placed{}, complaints: map[string]placed{},
			visitAuths: map[string]authInfo{}}
		s.offices[officeID] = o
	}
	s.mu.Unlock()
	o.mu.Lock()
	defer o.mu.Unlock()
	for o.upTo < seq {
		rows, err := st.ChangesEncoded(ctx, officeID, o.upTo, indexPage)
		if err != nil {
			return nil, err
		}
		for _, row := range rows {
			o.apply(row)
			o.upTo = row.Seq
		}
		if len(rows) < indexPage {
			o.upTo = max(o.upTo, seq)
		}
	}
	if o.builtAt == 0 {
		o.builtAt = o.upTo
	}
	return o, nil
}

// str reads a string field of a stored row ("" when absent or not one).
func str(f map[string]merge.Field, name string) string {
	var s string
	_ = json.Unmarshal(f[name].V, &s)
	return s
}

// apply takes one change into the index; rows of other entities pass.
func (o *officeIndex) apply(row store.Row) {
	switch row.Entity {
	case "case_file", "case_event", "callback", "unit", "staff", "letter", "survey_answer", "visit", "visit_auth", "complaint":
	default:
		return
	}
	var f map[string]merge.Field
	if json.Unmarshal(row.Encoded, &f) != nil {
		return
	}
	switch row.Entity {
	case "unit":
		o.unitSymbol[row.EntityID] = str(f, "symbol")
	case "staff":
		o.staffUnit[row.EntityID] = str(f, "unitId")
	case "case_file":
		a := caseAttrs{unit: str(f, "unit"), registrar: str(f, "registeredBy"), assignee: str(f, "assigneeId"), client: str(f, "clientId"), deleted: row.Deleted}
		if cases.Status(str(f, "status")).Closed() {
			if h, err := hlc.Parse(f["status"].H); err == nil {
				a.closedAt = h.Wall
			}
		}
		info := o.cases[row.EntityID]
		if info == nil {
			o.cases[row.EntityID] = &caseInfo{caseAttrs: a}
			o.addClientCase(a.client, row.EntityID)
			return
		}
		if info.unit != a.unit || info.registrar != a.registrar || info.assignee != a.assignee || (info.closedAt == 0) != (a.closedAt == 0) || info.deleted != a.deleted {
			info.prev, info.moved = info.caseAttrs, row.Seq
		}
		if info.client != a.client {
			o.addClientCase(a.client, row.EntityID)
		}
		info.caseAttrs = a
	case "case_event":
		id := str(f, "caseId")
		if _, seen := o.owner[row.EntityID]; !seen && id != "" {
			o.deps[id] = append(o.deps[id], store.RowKey{Entity: "case_event", ID: row.EntityID})
		}
		o.owner[row.EntityID] = id
	case "callback":
		cb := callbackInfo{caseID: str(f, "caseId"), clientID: str(f, "clientId"), assignee: str(f, "assigneeId"), createdBy: str(f, "createdBy")}
		if old, seen := o.callbacks[row.EntityID]; (!seen || old.caseID != cb.caseID) && cb.caseID != "" {
			o.deps[cb.caseID] = append(o.deps[cb.caseID], store.RowKey{Entity: "callback", ID: row.EntityID})
		}
		o.callbacks[row.EntityID] = cb
	case "letter":
		l := letterInfo{caseID: str(f, "caseId"), assignee: str(f, "assigneeId"), createdBy: str(f, "createdBy"), answeredBy: str(f, "answeredBy")}
		if old, seen := o.letters[row.EntityID]; (!seen || old.caseID != l.caseID) && l.caseID != "" {
			o.deps[l.caseID] = append(o.deps[l.caseID], store.RowKey{Entity: "letter", ID: row.EntityID})
		}
		o.letters[row.EntityID] = l
	case "survey_answer":
		o.surveys[row.EntityID] = surveyInfo{unitID: str(f, "unitId"), enteredBy: str(f, "enteredBy")}
	case "visit":
		p := placed{unitID: str(f, "unitId"), caseID: str(f, "caseId"), assignee: str(f, "assigneeId"),
			people: [3]string{str(f, "requestedBy"), str(f, "assignedBy"), str(f, "reportedBy")}}
		o.visits[row.EntityID] = o.caseDep(row, o.visits[row.EntityID].caseID, p)
	case "complaint":
		p := placed{unitID: str(f, "unitId"), caseID: str(f, "caseId"), assignee: str(f, "assigneeId"),
			people: [3]string{str(f, "createdBy"), str(f, "decidedBy")}}
		o.complaints[row.EntityID] = o.caseDep(row, o.complaints[row.EntityID].caseID, p)
	case "visit_auth":
		o.visitAuths[row.EntityID] = authInfo{visitID: str(f, "visitId"), unitID: str(f, "unitId"), staffID: str(f, "staffId"),
			issuedBy: str(f, "issuedBy")}
	}
}

// caseDep notes a visit or complaint among its case's rows when it gets
// a case, so it comes with the case into a view and leaves with it.
func (o *officeIndex) caseDep(row store.Row, before string, p placed) placed {
	if p.caseID != "" && p.caseID != before {
		o.deps[p.caseID] = append(o.deps[p.caseID], store.RowKey{Entity: row.Entity, ID: row.EntityID})
	}
	return p
}

// inUnits reports whether a unit id, or the unit of a person, is one of
// the view's units.
func (o *officeIndex) inUnits(v *scopeView, unitID, person string) bool {
	if u, ok := o.unitSymbol[unitID]; ok && unitID != "" && v.units[u] {
		return true
	}
	u, ok := o.unitSymbol[o.staffUnit[person]]
	return ok && person != "" && v.units[u]
}

// holdsPlaced reports whether the view holds a home visit or a complaint
// placed by p: one of its units, one whose handler is of its units, one
// of a case it holds, or one its people handle, took, assigned, reported
// or decided. The client's name and address, the complaint's author and
// what it says are personal data: a device of another unit is not sent
// them.
func (o *officeIndex) holdsPlaced(v *scopeView, p placed, cutoff int64) bool {
	if o.inUnits(v, p.unitID, p.assignee) || p.assignee != "" && v.people[p.assignee] {
		return true
	}
	for _, who := range p.people {
		if who != "" && v.people[who] {
			return true
		}
	}
	return p.caseID != "" && o.holdsCase(v, p.caseID, cutoff)
}

// holdsVisit reports whether the view holds a home visit (unknown: no).
func (o *officeIndex) holdsVisit(v *scopeView, id string, cutoff int64) bool {
	p, ok := o.visits[id]
	return ok && o.holdsPlaced(v, p, cutoff)
}

// holdsComplaint reports whether the view holds a complaint (unknown: no).
func (o *officeIndex) holdsComplaint(v *scopeView, id string, cutoff int64) bool {
	p, ok := o.complaints[id]
	return ok && o.holdsPlaced(v, p, cutoff)
}

// holdsAuth reports whether the view holds an authorization: one of a
// visit it holds, of its units, or of its people (the official or the
// head who signed).
func (o *officeIndex) holdsAuth(v *scopeView, id string, cutoff int64) bool {
	a, ok := o.visitAuths[id]
	if !ok {
		return false
	}
	if o.inUnits(v, a.unitID, a.staffID) || v.people[a.staffID] || v.people[a.issuedBy] {
		return true
	}
	return a.visitID != "" && o.holdsVisit(v, a.visitID, cutoff)
}

// holdsDep reports whether the view holds a row that goes with a case.
func (o *officeIndex) holdsDep(v *scopeView, k store.RowKey, cutoff int64) bool {
	switch k.Entity {
	case "letter":
		return o.holdsLetter(v, k.ID, cutoff)
	case "visit":
		return o.holdsVisit(v, k.ID, cutoff)
	case "complaint":
		return o.holdsComplaint(v, k.ID, cutoff)
	}
	return true // events and callbacks leave with the case on the device
}

// holdsLetter reports whether the view holds an entry of the
// correspondence register: one of a case it holds, one a clerk of its
// units answers, or one its people answer, registered or answered. A
// letter's sender and address are personal data: a device of another
// unit is not sent them.
func (o *officeIndex) holdsLetter(v *scopeView, id string, cutoff int64) bool {
	l, ok := o.letters[id]
	if !ok {
		return false
	}
	if l.caseID != "" && o.holdsCase(v, l.caseID, cutoff) {
		return true
	}
	if u, ok := o.unitSymbol[o.staffUnit[l.assignee]]; ok && l.assignee != "" && v.units[u] {
		return true
	}
	return v.people[l.assignee] || v.people[l.createdBy] || l.answeredBy != "" && v.people[l.answeredBy]
}

// rowsLeaving adds to forget the letters, home visits and complaints of a
// case that just left the view and that the view does not hold by their
// own units or people: their rows did not change, so no page would name
// them. A page names at most protocol.MaxPullLimit rows to forget; past
// that a row stays until its own next change.
func (o *officeIndex) rowsLeaving(v *scopeView, caseID string, cutoff int64, forget []string) []string {
	for _, k := range o.deps[caseID] {
		own := k.Entity == "letter" || k.Entity == "visit" || k.Entity == "complaint"
		if own && len(forget) < protocol.MaxPullLimit && !o.holdsDep(v, k, cutoff) {
			forget = append(forget, k.ID)
		}
	}
	return forget
}

// holdsAudit reports whether the view holds an entry of the audit log:
// one by its people, one about a row it holds, or one about no row of a
// unit (the catalogue, a setting, a staff account, a failed sign-in). An
// entry about another unit's case, client or register entry tells who
// looked at whose data, and why (a reason in a person's words): a device
// of another unit is not sent it. The registry keeps the whole log, and
// the access log is read from it (ARCHITECTURE.md, "Rights").
func (o *officeIndex) holdsAudit(v *scopeView, fields []byte, cutoff int64) bool {
	var f auditFields
	if json.Unmarshal(fields, &f) != nil {
		return false
	}
	if f.StaffID.V != "" && v.people[f.StaffID.V] {
		return true
	}
	id := f.ObjectID.V
	switch f.ObjectType.V {
	case "case_file":
		return o.holdsCase(v, id, cutoff)
	case "client":
		return o.holdsClient(v, id, cutoff)
	case "callback":
		held, _ := o.holdsCallback(v, id, cutoff)
		return held
	case "letter", "visit", "complaint":
		return o.holdsDep(v, store.RowKey{Entity: f.ObjectType.V, ID: id}, cutoff)
	case "visit_auth":
		return o.holdsAuth(v, id, cutoff)
	case "survey_answer":
		return o.holdsSurvey(v, id)
	}
	return true
}

// holdsSurvey reports whether the view holds a survey answer: one asked
// at a counter of its units, or typed in by its people. An answer of no
// known unit (the hall's tablet) goes to the devices of the whole office
// only: its remark is a client's own words.
func (o *officeIndex) holdsSurvey(v *scopeView, id string) bool {
	a, ok := o.surveys[id]
	if !ok {
		return false
	}
	if u, ok := o.unitSymbol[a.unitID]; ok && a.unitID != "" && v.units[u] {
		return true
	}
	return a.enteredBy != "" && v.people[a.enteredBy]
}

func (o *officeIndex) addClientCase(client, caseID string) {
	if client != "" {
		o.clientCases[client] = append(o.clientCases[client], caseID)
	}
}

// handling is the unit a case is handled in: its handler's (a case
// handed over to another unit's clerk moves with them), or, with no
// handler or one of no known unit, the unit of its sign.
func (o *officeIndex) handling(a caseAttrs) string {
	if u, ok := o.unitSymbol[o.staffUnit[a.assignee]]; ok && a.assignee != "" && u != "" {
		return u
	}
	return a.unit
}

// holds reports whether the view holds a case of attributes a.
func (o *officeIndex) holds(v *scopeView, a caseAttrs, cutoff int64) bool {
	return v.holds(a, o.handling(a), cutoff)
}

// holdsCase reports whether the view holds the case (unknown: no).
func (o *officeIndex) holdsCase(v *scopeView, caseID string, cutoff int64) bool {
	info := o.cases[caseID]
	return info != nil && o.holds(v, info.caseAttrs, cutoff)
}

// holdsCallback reports whether the view holds a callback: one of a case
// it holds, of a client it holds when the callback has no case, or one
// its people take or made; known says whether the index knows it.
func (o *officeIndex) holdsCallback(v *scopeView, id string, cutoff int64) (held, known bool) {
	cb, ok := o.callbacks[id]
	if !ok {
		return false, false
	}
	return o.holdsCase(v, cb.caseID, cutoff) || cb.caseID == "" && o.holdsClient(v, cb.clientID, cutoff) ||
		v.people[cb.assignee] || v.people[cb.createdBy], true
}

// holdsClient reports whether the view holds any case of the client.
func (o *officeIndex) holdsClient(v *scopeView, clientID string, cutoff int64) bool {
	for _, id := range o.clientCases[clientID] {
		if info := o.cases[id]; info != nil && info.client == clientID && o.holds(v, info.caseAttrs, cutoff) {
			return true
		}
	}
	return false
}

// dependents are the rows a case that came into a view is sent with:
// its client, its events, its callbacks, its letters, home visits and
// complaints. deps keeps every case a row was ever of (a visit linked to
// another case, a callback moved), so each row is sent only when the
// view holds it now: a visit since linked to another unit's case once
// came along with the case it left.
func (o *officeIndex) dependents(v *scopeView, caseID string, cutoff int64) []store.RowKey {
	out := make([]store.RowKey, 0, 1+len(o.deps[caseID]))
	if info := o.cases[caseID]; info != nil && info.client != "" {
		out = append(out, store.RowKey{Entity: "client", ID: info.client})
	}
	for _, k := range o.deps[caseID] {
		held := false
		switch k.Entity {
		case "case_event":
			held = o.holdsCase(v, o.owner[k.ID], cutoff)
		case "callback":
			held, _ = o.holdsCallback(v, k.ID, cutoff)
		default:
			held = o.holdsDep(v, k, cutoff)
		}
		if held {
			out = append(out, k)
		}
	}
	return out
}
