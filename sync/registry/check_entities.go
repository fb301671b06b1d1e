package registry

import (
	"encoding/json"
	"slices"
	"time"
	"unicode/utf8"

	"okienko/app/audit"
	"okienko/app/cases"
	"okienko/app/casesign"
	"okienko/app/daytext"
	"okienko/sync/entity"
	"okienko/sync/hlc"
	"okienko/sync/protocol"
)

// entityRules are the checks of one entity a device writes.
type entityRules struct {
	payload func() any // a fresh typed payload to decode into
	office  bool       // the row carries officeId, which must be the device's
	fixed   []string   // fields that never change once the row exists
	// authors are fields naming who did what the row records (created,
	// called back, answered, reported, typed in, issued): set by an op,
	// each must be a person allowed on the device, which speaks for its
	// own people only.
	authors []string
	// planned are its times, planned or done, that may not lie more than
	// a year ahead of the registry's clock (horizon).
	planned []string
	check   func(c *rowCheck) (string, error)
}

var entities = map[string]entityRules{
	"client": {payload: func() any { return new(entity.Client) }, office: true, check: checkClient},
	"case_file": {payload: func() any { return new(entity.Case) }, office: true,
		fixed: []string{"cardId", "registeredBy", "deviceId", "registeredAt", "submittedOn"}, authors: []string{"registeredBy"},
		planned: []string{"submittedOn"}, check: checkCase},
	"case_event":  {payload: func() any { return new(cases.Event) }, authors: []string{"staffId"}, planned: []string{"at"}, check: checkEvent},
	"case_number": {payload: func() any { return new(entity.Number) }, office: true, check: checkNumber},
	"audit_log":   {payload: func() any { return new(entity.Audit) }, office: true, planned: []string{"at"}, check: checkAudit},
	"callback": {payload: func() any { return new(entity.Callback) }, office: true,
		fixed: []string{"createdBy"}, authors: []string{"createdBy", "doneBy"},
		planned: []string{"from", "until", "doneAt"}, check: checkCallback},
	"presence": {payload: func() any { return new(entity.Presence) }, office: true, fixed: []string{"staffId"}, planned: []string{"until", "setAt"}, check: checkPresence},
	"visit": {payload: func() any { return new(entity.Visit) }, office: true,
		fixed: []string{"requestedBy", "requestedAt"}, authors: []string{"reportedBy", "requestedBy"},
		planned: []string{"day", "assignedAt", "reportedAt"}, check: checkVisit},
	"visit_auth": {payload: func() any { return new(entity.VisitAuth) }, office: true,
		// What the signed paper says stays what it said: only its return
		// or revocation is recorded later (app/visit_print.go).
		fixed: []string{"visitId", "series", "seq", "year", "deviceId", "issuedAt", "staffId", "unitId", "matter", "place",
			"validFrom", "validUntil", "issuedBy"}, authors: []string{"issuedBy", "closedBy"},
		planned: []string{"validFrom", "validUntil"}, check: checkVisitAuth},
	"complaint": {payload: func() any { return new(entity.Complaint) }, office: true,
		fixed: []string{"createdBy", "receivedOn", "kind", "anonymous", "concernsStaffId"}, authors: []string{"createdBy"}, check: checkComplaint},
	"letter": {payload: func() any { return new(entity.Letter) }, office: true,
		fixed: []string{"createdBy", "receivedAt", "rule", "caseId", "dueAt"}, authors: []string{"createdBy", "answeredBy", "assignedBy"},
		planned: []string{"dueAt", "assignedAt"}, check: checkLetter},
	"survey_answer": {payload: func() any { return new(entity.SurveyAnswer) }, office: true, authors: []string{"enteredBy"},
		planned: []string{"givenAt"}, check: checkSurveyAnswer},
}

// Sizes of text fields a person types, in bytes (UTF-8: a Polish letter
// takes two).
const (
	maxName   = 400
	maxDetail = 2000
)

// checkClient holds a client to the app's own validation
// (cases.Client.ValidateAny: PESEL, NIP, REGON, ID card, postal code…;
// without its card, a client some card could take: a complaint's needs
// no PESEL, and checkIdentifiers holds each case to its own card). A
// problem in a field this op does not change is the row's past, not this
// op's fault, and does not block an edit of another field.
func checkClient(c *rowCheck) (string, error) {
	cl, err := decodeAs[entity.Client](c)
	if err != nil {
		return refused("client: %v", err), nil
	}
	for _, s := range []string{cl.FirstName, cl.LastName, cl.BusinessName, cl.Street, cl.HouseNo, cl.FlatNo, cl.City,
		cl.Citizenship, cl.DocType, cl.DocNumber, cl.DocCountry, cl.PESEL, cl.NIP, cl.REGON, cl.BirthDate, cl.Sex,
		cl.PostalCode, cl.Phone, cl.Email, cl.Lang} {
		if !plainText(s, maxName) {
			return "client: a text field is too long or holds control characters", nil
		}
	}
	// The office's day may already be the next one where the registry's
	// clock still reads today (Warsaw is ahead of UTC): a day of slack
	// keeps a birth today at the counter from being refused as future.
	for _, fe := range cl.ValidateAny(c.r.now().AddDate(0, 0, 1)) {
		if !c.found || c.changed(fe.Field) {
			return refused("client field %s: %s", fe.Field, fe.Key), nil
		}
	}
	return "", nil
}

// initialStatuses are the statuses a case is registered in: at once, or
// with a call to supplement (art. 64 § 2 KPA).
var initialStatuses = []cases.Status{cases.Registered, cases.AwaitingSupplement}

// checkCase holds a case to the status machine, its references and its
// sign: a final sign's number must have been leased to this device.
func checkCase(c *rowCheck) (string, error) {
	k, err := decodeAs[entity.Case](c)
	if err != nil {
		return refused("case: %v", err), nil
	}
	if !k.Status.Valid() {
		return "case: unknown status", nil
	}
	if c.changed("status") {
		if !c.found {
			if !slices.Contains(initialStatuses, k.Status) {
				return "case: a new case starts registered or awaiting documents", nil
			}
		} else if !c.setAside("status") {
			var from entity.Case
			if err := decodeRow(c.cur.Fields, &from); err == nil && !cases.CanMove(from.Status, k.Status) {
				return refused("case: status cannot move from %s to %s", from.Status, k.Status), nil
			}
		}
	}
	if !validDate(k.SubmittedOn, false) || !validDate(k.DueOn, true) || !validDate(k.SupplementDue, true) {
		return "case: a date is not a real YYYY-MM-DD", nil
	}
	for _, p := range k.Pauses {
		if !validDate(p.From, false) || !validDate(p.To, true) || p.To != "" && p.To < p.From {
			return "case: a pause of the deadline is not a real period", nil
		}
	}
	if c.changed("checklist") {
		// The device writes an expiry date as YYYY-MM-DD once it has read
		// it; any other text would pass as unexpired wherever it is
		// compared, so it never enters the office's rows.
		for _, it := range k.Checklist {
			if it.ValidUntil != "" && !daytext.IsISO(it.ValidUntil) {
				return "case: a document's expiry date is not a real YYYY-MM-DD", nil
			}
		}
	}
	if len(k.Form) > 0 && k.Form[0] != '{' && string(k.Form) != "null" {
		return "case: the form is not an object", nil
	}
	if !plainText(k.RegisteredBy, 64) || !plainText(k.AssigneeID, 64) {
		return "case: a reference is malformed", nil
	}
	if !c.found && k.DeviceID != c.dev.ID {
		return "case: registered on another device", nil
	}
	// References are checked when they are set: a client erased later
	// does not make every edit of its old cases fail.
	refs := []struct{ field, entity, id string }{{"clientId", "client", k.ClientID}, {"cardId", "service_card", k.CardID},
		{"registeredBy", "staff", k.RegisteredBy}, {"assigneeId", "staff", k.AssigneeID}}
	for _, ref := range refs {
		if !c.found && ref.field != "assigneeId" && ref.id == "" {
			return refused("case: %s missing", ref.field), nil
		}
		if ref.field == "assigneeId" && ref.id == "" || !c.changed(ref.field) {
			continue
		}
		ok, err := c.exists(ref.entity, ref.id)
		if err != nil {
			return "", err
		}
		if !ok {
			return refused("case: its %s does not exist", ref.entity), nil
		}
	}
	if why, err := checkIdentifiers(c, *k); why != "" || err != nil {
		return why, err
	}
	if why, err := checkCaseDue(c, k); why != "" || err != nil {
		return why, err
	}
	if !c.found || c.changed("unit") {
		if why, err := checkUnitInUse(c, k.Unit); why != "" || err != nil {
			return why, err
		}
	}
	for _, f := range []string{"sign", "unit", "jrwa", "year", "no", "provisional"} {
		if !c.found || c.changed(f) {
			return checkSign(c, *k)
		}
	}
	return "", nil
}

// checkSign checks a case's sign: a provisional one (number 0, the mark
// from the case id) or a final one whose number this device was leased.
// A final sign never becomes provisional again.
func checkSign(c *rowCheck, k entity.Case) (string, error) {
	reg := casesign.Register{Unit: k.Unit, JRWA: k.JRWA, Year: k.Year}
	if err := reg.Validate(); err != nil {
		return "case: the register is malformed", nil
	}
	if k.Provisional {
		if c.found {
			var before entity.Case
			if err := decodeRow(c.cur.Fields, &before); err == nil && !before.Provisional {
				return "case: a final sign cannot become provisional", nil
			}
		}
		if k.No != 0 || k.Sign != cases.ProvisionalSign(reg, k.ID) {
			return "case: the provisional sign does not match the case", nil
		}
		return "", nil
	}
	sign, err := casesign.Parse(k.Sign)
	if err != nil || sign.Register != reg || sign.No != k.No {
		return "case: the sign does not match its register and number", nil
	}
	holder, leased, err := c.r.leaseHolder(c.ctx, c.tx, c.dev.OfficeID, k.Unit, k.JRWA, k.Year, k.No)
	if err != nil {
		return "", err
	}
	if !leased || holder != c.dev.ID {
		return "case: the sign's number was not leased to this device", nil
	}
	// The number's row says which case used it: one case per number. A
	// device spends the number (its own op, earlier in the same batch or
	// an earlier one) before the case takes the sign. Numbers leased
	// before rows had derived ids are found by lease only.
	num, found, err := c.tx.Row(c.ctx, "case_number", NumberID(c.dev.OfficeID, k.Unit, k.JRWA, k.Year, k.No))
	if err != nil {
		return "", err
	}
	if found {
		var n struct {
			State  string `json:"state"`
			CaseID string `json:"caseId"`
		}
		_ = json.Unmarshal(num.Fields["state"].V, &n.State)
		_ = json.Unmarshal(num.Fields["caseId"].V, &n.CaseID)
		if n.State != "used" || n.CaseID != k.ID {
			return "case: the sign's number is not recorded as used by this case", nil
		}
	}
	return "", nil
}

// eventKinds are the kinds of a case's history.
var eventKinds = []string{cases.EventRegistered, cases.EventStatus, cases.EventSupplementRequested,
	cases.EventSupplemented, cases.EventPrinted, cases.EventSignFinalized, cases.EventDateConfirmed,
	cases.EventHandedOver, cases.EventNoticeArt36, cases.EventInterpreter, cases.EventSupplementDelivered}

// maxDutyDetail bounds a duty event's detail in bytes: a note of
// cases.MaxDutyNote characters (up to 4 bytes each) and its other fields.
const maxDutyDetail = 4*cases.MaxDutyNote + 2000

// checkEvent checks an event of a case's history: its case exists, its
// kind and statuses are known.
func checkEvent(c *rowCheck) (string, error) {
	e, err := decodeAs[cases.Event](c)
	if err != nil {
		return refused("case event: %v", err), nil
	}
	if !slices.Contains(eventKinds, e.Kind) {
		return "case event: unknown kind", nil
	}
	if e.From != "" && !e.From.Valid() || e.To != "" && !e.To.Valid() {
		return "case event: unknown status", nil
	}
	duty := slices.Contains(cases.DutyKinds, e.Kind)
	limit := maxDetail
	if duty {
		limit = maxDutyDetail
	}
	if !plainText(e.StaffID, 64) || len(e.Detail) > limit || e.At.IsZero() {
		return "case event: malformed", nil
	}
	// A case's history says who did each thing: an entry of no one would
	// let a device write acts (a status, a notice) no person answers for.
	// Its person is one of the device's (entityRules.authors).
	if !c.found && e.StaffID == "" {
		return "case event: no person named", nil
	}
	ok, err := c.exists("case_file", e.CaseID)
	if err != nil || !ok {
		return "case event: its case does not exist", err
	}
	if duty {
		return checkDuty(c, e)
	}
	return "", nil
}

// checkDuty checks a duty's detail by meaning (cases.ParseDuty: dates
// real and in order, a reason given, texts bounded) and that a case is
// handed over to someone on the office's staff.
func checkDuty(c *rowCheck, e *cases.Event) (string, error) {
	d, err := cases.ParseDuty(e.Kind, e.Detail)
	if err != nil {
		return refused("case event: %v", err), nil
	}
	if e.Kind == cases.EventNoticeArt36 {
		// The notice moves its case's deadline (checkCaseDue): not past
		// the horizon, as nothing else planned at the counter is.
		if day, err := time.Parse(time.DateOnly, d.NewDue); err == nil && day.After(c.r.now().Add(horizon)) {
			return "case event: a notice's new date lies more than a year ahead", nil
		}
	}
	if e.Kind != cases.EventHandedOver {
		return "", nil
	}
	for _, id := range []string{d.From, d.To} {
		if id == "" {
			continue
		}
		ok, err := c.exists("staff", id)
		if err != nil {
			return "", err
		}
		if !ok {
			return "case event: handed over to or by someone not on the staff", nil
		}
	}
	return "", nil
}

// checkNumber checks a register entry's shape; who may change it and how
// is numberRule's.
func checkNumber(c *rowCheck) (string, error) {
	n, err := decodeAs[entity.Number](c)
	if err != nil {
		return refused("number: %v", err), nil
	}
	if n.CaseID != "" && !protocol.ValidID(n.CaseID) || len(n.Note) > 100 {
		return "number: malformed", nil
	}
	if n.CaseID != "" && c.changed("caseId") {
		return numberOfOwnCase(c, n)
	}
	return "", nil
}

// numberOfOwnCase holds the case a number is spent on to the device's own:
// one it registers with this number (not stored yet: its op follows the
// number's), or one it registered that still has a provisional sign, or
// already has this number's. The register prints the named case's sign,
// client and matter at the number, so another device's case named there
// would stand in the register twice.
func numberOfOwnCase(c *rowCheck, n *entity.Number) (string, error) {
	row, found, err := c.tx.Row(c.ctx, "case_file", n.CaseID)
	if err != nil || !found {
		return "", err
	}
	var k entity.Case
	if err := decodeRow(row.Fields, &k); err != nil {
		return "number: its case is unreadable", nil
	}
	if k.DeviceID != c.dev.ID {
		return "number: spent on a case registered on another device", nil
	}
	if !k.Provisional && (k.Unit != n.Unit || k.JRWA != n.JRWA || k.Year != n.Year || k.No != n.No) {
		return "number: spent on a case that has another number", nil
	}
	return "", nil
}

// checkAudit checks an audit entry: ids and an action name, never
// personal data; its author, when named, is on the staff.
func checkAudit(c *rowCheck) (string, error) {
	a, err := decodeAs[entity.Audit](c)
	if err != nil {
		return refused("audit: %v", err), nil
	}
	if !validAction(a.Action) || !plainText(a.ObjectType, 64) || !plainText(a.ObjectID, 100) || len(a.Detail) > maxDetail || a.At.IsZero() ||
		!plainText(a.Note, 4*audit.MaxNote) || utf8.RuneCountInString(a.Note) > audit.MaxNote {
		return "audit: malformed entry", nil
	}
	if a.StaffID == "" && (!staffless[a.Action] || a.ObjectType != "" && a.ObjectType != "staff" || a.Note != "") {
		// An entry of nobody is what the device itself records before
		// anyone signs in, about no client or case and with no one's
		// words; any other in nobody's name would put in the log an act
		// no one can be asked about.
		return "audit: an entry of nobody for an action a person takes", nil
	}
	if a.StaffID != "" {
		ok, err := c.exists("staff", a.StaffID)
		if err != nil || !ok {
			return "audit: its staff member does not exist", err
		}
		// An entry records what a person did on this device: only its
		// people sign in there, so an entry in anyone else's name (the
		// admin's "catalogue.import" from a clerk's laptop) is forged.
		people, err := c.devicePeople()
		if err != nil {
			return "", err
		}
		if !slices.Contains(people, a.StaffID) {
			return "audit: its person is not allowed on this device", nil
		}
	}
	return "", nil
}

// staffless are the actions a device records with no person: a failed
// sign-in by an unknown login, a screen locked with no one signed in, the
// demo office loaded at the first start (app/auth_service.go, app.go,
// bootstrap.go).
var staffless = map[string]bool{audit.SignInFailed: true, audit.AutoLock: true, audit.DemoLoaded: true}

// validAction is an action name such as "case.register": dotted lower
// case words. A newer app may record actions this registry does not list.
func validAction(s string) bool {
	if len(s) < 3 || len(s) > 64 {
		return false
	}
	dot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z', c == '_':
		case c == '.' && i > 0 && i < len(s)-1:
			dot = true
		default:
			return false
		}
	}
	return dot
}

// checkUnitInUse refuses a case registered in (or moved to) a unit the
// registry retired, unless the op says it was made before the retirement:
// its unit field's stamp, the device's own clock, earlier than the
// retirement time. A laptop offline across the retirement that registers
// in the unit afterwards is refused (ARCHITECTURE.md, "Retired units").
func checkUnitInUse(c *rowCheck, unit string) (string, error) {
	retired, err := c.retiredUnits()
	if err != nil {
		return "", err
	}
	at, ok := retired[unit]
	if !ok {
		return "", nil
	}
	if st, err := hlc.Parse(c.row["unit"].H); err == nil && time.UnixMilli(st.Wall).Before(at) {
		return "", nil
	}
	return "case: its unit is retired", nil
}
