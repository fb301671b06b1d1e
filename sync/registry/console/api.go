package console

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"okienko/app/cases"
	"okienko/app/charset"
	"okienko/app/deadline"
	"okienko/app/office"
	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/registry/store"
)

// handler is one API route's work for a person already checked.
type handler func(w http.ResponseWriter, req *http.Request, who Who)

// api checks a route's person (and, for a change, the CSRF token and
// origin) and role, then runs it. Every refusal is audited; a change is
// audited by its handler with its target.
func (c *Console) api(action string, change bool, roles []office.Role, fn handler) http.HandlerFunc {
	return func(w http.ResponseWriter, req *http.Request) {
		who, err := c.person(req, change)
		if err != nil {
			c.fail(w, err)
			return
		}
		if who.MustChangePassword && !slices.Contains(whileMustChange, action) {
			c.audit(req.Context(), who.OfficeID, who.StaffID, action, "", false)
			c.fail(w, errMustChange)
			return
		}
		if !slices.Contains(roles, who.Role) {
			c.audit(req.Context(), who.OfficeID, who.StaffID, action, "", false)
			c.log.Warn("console role refused", "office", who.OfficeID, "staff", who.StaffID, "action", action)
			c.fail(w, errRole)
			return
		}
		if !change {
			c.audit(req.Context(), who.OfficeID, who.StaffID, action, "", true)
		}
		fn(w, req, who)
	}
}

var (
	everyone = []office.Role{office.RoleAdmin, office.RoleHead, office.RoleSecretary}
	deciders = []office.Role{office.RoleAdmin, office.RoleHead}
	admins   = []office.Role{office.RoleAdmin}
	readers  = []office.Role{office.RoleAdmin, office.RoleSecretary}
)

func (c *Console) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /console/api/offices", c.offices)
	mux.HandleFunc("POST /console/api/session", c.signIn)
	mux.HandleFunc("GET /console/api/session", c.api("session", false, everyone, func(w http.ResponseWriter, _ *http.Request, who Who) {
		answer(w, http.StatusOK, who)
	}))
	mux.HandleFunc("DELETE /console/api/session", c.api("signout", true, everyone, c.signOut))
	mux.HandleFunc("POST /console/api/session/password", c.api("password.own", true, everyone, c.ownPassword))
	mux.HandleFunc("GET /console/api/dashboard", c.api("view.dashboard", false, everyone, c.dashboard))
	mux.HandleFunc("GET /console/api/cases", c.api("view.cases", false, everyone, c.caseList))
	mux.HandleFunc("GET /console/api/devices", c.api("view.devices", false, everyone, c.devices))
	mux.HandleFunc("GET /console/api/staff", c.api("view.staff", false, admins, c.staffList))
	mux.HandleFunc("POST /console/api/devices", c.api("device.enrol", true, admins, c.enrol))
	mux.HandleFunc("POST /console/api/devices/{id}/revoke", c.api("device.revoke", true, admins, c.revoke))
	mux.HandleFunc("GET /console/api/conflicts", c.api("view.conflicts", false, everyone, c.conflicts))
	mux.HandleFunc("POST /console/api/conflicts/{id}/resolve", c.api("conflict.resolve", true, deciders, c.resolve))
	mux.HandleFunc("GET /console/api/people", c.api("view.people", false, everyone, c.people))
	mux.HandleFunc("POST /console/api/people", c.api("person.add", true, admins, c.addPerson))
	mux.HandleFunc("POST /console/api/people/{id}", c.api("person.change", true, admins, c.changePerson))
	mux.HandleFunc("POST /console/api/people/{id}/password", c.api("person.password", true, admins, c.resetPassword))
	mux.HandleFunc("POST /console/api/units", c.api("unit.add", true, admins, c.addUnit))
	mux.HandleFunc("POST /console/api/units/{id}", c.api("unit.change", true, admins, c.changeUnit))
	mux.HandleFunc("POST /console/api/units/{id}/retire", c.api("unit.retire", true, admins, c.retireUnit))
	mux.HandleFunc("POST /console/api/units/{id}/restore", c.api("unit.restore", true, admins, c.restoreUnit))
	mux.HandleFunc("POST /console/api/people/{id}/devices", c.api("person.devices", true, admins, c.personDevices))
	mux.HandleFunc("GET /console/api/substitutions", c.api("view.substitutions", false, everyone, c.substitutions))
	mux.HandleFunc("POST /console/api/substitutions", c.api("substitution.add", true, deciders, c.addSubstitution))
	mux.HandleFunc("POST /console/api/substitutions/{id}", c.api("substitution.change", true, deciders, c.changeSubstitution))
	mux.HandleFunc("POST /console/api/substitutions/{id}/cancel", c.api("substitution.cancel", true, deciders, c.cancelSubstitution))
	mux.HandleFunc("GET /console/api/catalogue", c.api("view.catalogue", false, everyone, c.catalogue))
	mux.HandleFunc("GET /console/api/catalogue/{code}", c.api("view.card", false, everyone, c.card))
	mux.HandleFunc("POST /console/api/catalogue/{code}/check", c.api("card.check", true, admins, c.checkCard))
	mux.HandleFunc("POST /console/api/catalogue/{code}", c.api("card.publish", true, admins, c.publishCard))
	mux.HandleFunc("POST /console/api/catalogue/{code}/preview", c.api("card.preview", true, everyone, c.previewCard))
	mux.HandleFunc("GET /console/api/registers", c.api("view.registers", false, everyone, c.registers))
	mux.HandleFunc("GET /console/api/registers/pdf", c.api("print.register", false, everyone, c.registerPDF))
	for _, k := range yearKinds {
		mux.HandleFunc("GET /console/api/registers/"+k, c.api("view.register."+k, false, everyone, c.yearRegister(k)))
		mux.HandleFunc("GET /console/api/registers/"+k+"/pdf", c.api("print.register."+k, false, everyone, c.yearRegisterPDF(k)))
	}
	mux.HandleFunc("GET /console/api/report", c.api("view.report", false, everyone, c.monitoringReport))
	mux.HandleFunc("GET /console/api/report/pdf", c.api("print.report", false, everyone, c.monitoringReportPDF))
	mux.HandleFunc("GET /console/api/audit", c.api("view.audit", false, readers, c.auditLog))
	mux.HandleFunc("GET /console/api/", func(w http.ResponseWriter, _ *http.Request) {
		answer(w, http.StatusNotFound, apiError{Error: "not_found"})
	})
}

// OfficeItem is an office one may sign in to.
type OfficeItem struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// offices lists the offices for the sign-in form (their public names).
func (c *Console) offices(w http.ResponseWriter, req *http.Request) {
	os, err := c.st.Offices(req.Context())
	if err != nil {
		c.fail(w, err)
		return
	}
	out := make([]OfficeItem, len(os))
	for i, o := range os {
		out[i] = OfficeItem{ID: o.ID, Name: o.Name}
	}
	answer(w, http.StatusOK, out)
}

// Count is one bar of a chart: a key, its label and how many.
type Count struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	N     int    `json:"n"`
}

// DeviceSeen is a device on the dashboard: how long since it synced.
type DeviceSeen struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	LastSeen string `json:"lastSeen"` // RFC 3339, "" never
	// People who may sign in on it, and the end of its id: what tells two
	// devices of one host name apart.
	People []string `json:"people"`
	Short  string   `json:"short"`
	// Hours since the last sync, -1 never.
	Hours int `json:"hours"`
}

// Dashboard is the Pulpit's figures.
type Dashboard struct {
	Today string `json:"today"`
	// Unit is the head's unit: every case figure is of it alone.
	Unit              string                     `json:"unit"`
	Open              int                        `json:"open"`
	ByUnit            []Count                    `json:"byUnit"`
	ByCard            []Count                    `json:"byCard"`
	DueSoon           int                        `json:"dueSoon"`
	Overdue           int                        `json:"overdue"`
	SupplementWaiting int                        `json:"supplementWaiting"`
	SupplementPast    int                        `json:"supplementPast"`
	Queue             []protocol.QueueGroupState `json:"queue"`
	QueueLongestMin   int                        `json:"queueLongestMin"`
	QueueWarn         bool                       `json:"queueWarn"`
	Devices           []DeviceSeen               `json:"devices"`
	Conflicts         int                        `json:"conflicts"`
}

// scope is what a person sees of an office's cases: a head their unit's.
type scope struct {
	today, soon string
	unit        string
	titles      map[string]string // card id → title
}

func (c *Console) scopeOf(ctx context.Context, who Who) (scope, error) {
	now, err := c.reg.OfficeNow(ctx, who.OfficeID)
	if err != nil {
		return scope{}, err
	}
	day := deadline.Day(now)
	s := scope{today: day.Format(time.DateOnly), soon: deadline.AddWorkingDays(day, 3).Format(time.DateOnly), titles: map[string]string{}}
	if who.Role == office.RoleHead {
		s.unit = who.Unit
		if s.unit == "" {
			s.unit = "\x00" // a head without a unit sees no unit's cases
		}
	}
	return s, nil
}

// kind sorts an open case into the dashboard's figures.
func (s scope) kind(k store.CaseBrief) (dueSoon, overdue, supplement, supplementPast bool) {
	stopped := cases.Status(k.Status).ClockStopped()
	if k.DueOn != "" && !stopped {
		overdue = k.DueOn < s.today
		dueSoon = !overdue && k.DueOn <= s.soon
	}
	if stopped {
		supplement = true
		supplementPast = k.SupplementDue != "" && k.SupplementDue < s.today
	}
	return
}

// openCases answers the open cases the person sees that keep (nil: all)
// accepts: only those are copied out of the office's index.
func (c *Console) openCases(ctx context.Context, who Who, keep func(store.CaseBrief) bool) (scope, []store.CaseBrief, error) {
	s, err := c.scopeOf(ctx, who)
	if err != nil {
		return s, nil, err
	}
	mine, titles, err := c.openCasesOf(ctx, who.OfficeID, func(k store.CaseBrief) bool {
		return (s.unit == "" || k.Unit == s.unit) && (keep == nil || keep(k))
	})
	s.titles = titles
	return s, mine, err
}

func (c *Console) dashboard(w http.ResponseWriter, req *http.Request, who Who) {
	ctx := req.Context()
	s, open, err := c.openCases(ctx, who, nil)
	if err != nil {
		c.fail(w, err)
		return
	}
	d := Dashboard{Today: s.today, Unit: s.unit, Open: len(open), ByUnit: []Count{}, ByCard: []Count{}, Devices: []DeviceSeen{}}
	units, cards := map[string]int{}, map[string]int{}
	for _, k := range open {
		units[k.Unit]++
		cards[k.CardID]++
		soon, over, sup, past := s.kind(k)
		d.DueSoon += b2i(soon)
		d.Overdue += b2i(over)
		d.SupplementWaiting += b2i(sup)
		d.SupplementPast += b2i(past)
	}
	for u, n := range units {
		d.ByUnit = append(d.ByUnit, Count{Key: u, Label: u, N: n})
	}
	for id, n := range cards {
		d.ByCard = append(d.ByCard, Count{Key: id, Label: s.titles[id], N: n})
	}
	byN := func(a, b Count) int {
		if a.N != b.N {
			return b.N - a.N
		}
		return strings.Compare(a.Key, b.Key)
	}
	slices.SortFunc(d.ByUnit, byN)
	slices.SortFunc(d.ByCard, byN)
	q, err := c.reg.QueueState(ctx, who.OfficeID)
	if err != nil {
		c.fail(w, err)
		return
	}
	d.Queue, d.QueueLongestMin, d.QueueWarn = q.Groups, q.LongestWaitMin, q.Warn
	if d.Queue == nil {
		d.Queue = []protocol.QueueGroupState{}
	}
	devs, err := c.st.Devices(ctx, who.OfficeID)
	if err != nil {
		c.fail(w, err)
		return
	}
	now := c.now()
	for _, dv := range devs {
		if dv.Revoked() {
			continue
		}
		people, err := c.reg.DevicePeople(ctx, dv.ID)
		if err != nil {
			c.fail(w, err)
			return
		}
		if people == nil {
			people = []string{}
		}
		ds := DeviceSeen{ID: dv.ID, Name: dv.Name, People: people, Short: shortID(dv.ID), Hours: -1}
		if !dv.LastSeenAt.IsZero() {
			ds.LastSeen, ds.Hours = dv.LastSeenAt.UTC().Format(time.RFC3339), int(now.Sub(dv.LastSeenAt)/time.Hour)
		}
		d.Devices = append(d.Devices, ds)
	}
	cs, err := c.visibleConflicts(ctx, who)
	if err != nil {
		c.fail(w, err)
		return
	}
	d.Conflicts = len(cs)
	answer(w, http.StatusOK, d)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// CaseItem is a case in a list behind a figure: no client's data.
type CaseItem struct {
	ID            string `json:"id"`
	Sign          string `json:"sign"`
	Unit          string `json:"unit"`
	Card          string `json:"card"`
	Status        string `json:"status"`
	DueOn         string `json:"dueOn"`
	SupplementDue string `json:"supplementDue"`
}

// maxList bounds a list page.
const maxList = 500

// caseList is the list behind a figure: ?list=open|soon|overdue|
// supplement, narrowed by ?unit= and ?card=.
func (c *Console) caseList(w http.ResponseWriter, req *http.Request, who Who) {
	q := req.URL.Query()
	list, unit, card := q.Get("list"), q.Get("unit"), q.Get("card")
	if !slices.Contains([]string{"", "open", "soon", "overdue", "supplement"}, list) {
		answer(w, http.StatusBadRequest, apiError{Error: "bad_request"})
		return
	}
	s, open, err := c.openCases(req.Context(), who, func(k store.CaseBrief) bool {
		return (unit == "" || k.Unit == unit) && (card == "" || k.CardID == card)
	})
	if err != nil {
		c.fail(w, err)
		return
	}
	out := []CaseItem{}
	for _, k := range open {
		soon, over, sup, _ := s.kind(k)
		if (list == "soon" && !soon) || (list == "overdue" && !over) || (list == "supplement" && !sup) ||
			(unit != "" && k.Unit != unit) || (card != "" && k.CardID != card) {
			continue
		}
		out = append(out, CaseItem{ID: k.ID, Sign: k.Sign, Unit: k.Unit, Card: s.titles[k.CardID], Status: k.Status, DueOn: k.DueOn, SupplementDue: k.SupplementDue})
	}
	slices.SortFunc(out, func(a, b CaseItem) int {
		if a.DueOn != b.DueOn {
			if a.DueOn == "" {
				return 1
			}
			if b.DueOn == "" {
				return -1
			}
			return strings.Compare(a.DueOn, b.DueOn)
		}
		return strings.Compare(a.Sign, b.Sign)
	})
	total := len(out)
	if len(out) > maxList {
		out = out[:maxList]
	}
	answer(w, http.StatusOK, map[string]any{"total": total, "cases": out})
}

// DeviceItem is a device in Urządzenia.
type DeviceItem struct {
	ID         string   `json:"id"`
	Short      string   `json:"short"` // the end of its id
	Name       string   `json:"name"`
	EnrolledAt string   `json:"enrolledAt"`
	LastSeen   string   `json:"lastSeen"`
	RevokedAt  string   `json:"revokedAt"`
	People     []string `json:"people"`
	Units      []string `json:"units"` // empty: the whole office
	// What the device last said of itself: "" and zeros before its first
	// report (an app older than the report).
	Version    string `json:"version"`
	Waiting    int    `json:"waiting"`
	Refused    int    `json:"refused"`
	ReportedAt string `json:"reportedAt"`
}

// shortID is the end of a device's id, as the devices' page shows it.
func shortID(id string) string {
	if len(id) > 6 {
		return id[len(id)-6:]
	}
	return id
}

func rfc(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func (c *Console) devices(w http.ResponseWriter, req *http.Request, who Who) {
	ctx := req.Context()
	devs, err := c.st.Devices(ctx, who.OfficeID)
	if err != nil {
		c.fail(w, err)
		return
	}
	scopes, err := c.reg.DeviceScopes(ctx, who.OfficeID)
	if err != nil {
		c.fail(w, err)
		return
	}
	reports, err := c.reg.DeviceReports(ctx, who.OfficeID)
	if err != nil {
		c.fail(w, err)
		return
	}
	out := make([]DeviceItem, 0, len(devs))
	for _, d := range devs {
		people, err := c.reg.DevicePeople(ctx, d.ID)
		if err != nil {
			c.fail(w, err)
			return
		}
		units := []string{}
		if sc, ok := scopes[d.ID]; ok && sc.Limited {
			units = sc.Units
		}
		rep := reports[d.ID]
		out = append(out, DeviceItem{ID: d.ID, Short: shortID(d.ID), Name: d.Name, EnrolledAt: rfc(d.EnrolledAt), LastSeen: rfc(d.LastSeenAt), RevokedAt: rfc(d.RevokedAt),
			People: people, Units: units, Version: rep.Version, Waiting: rep.Waiting, Refused: rep.Refused, ReportedAt: rfc(rep.Reported)})
	}
	answer(w, http.StatusOK, out)
}

// StaffItem is a person the admin may allow on a device.
type StaffItem struct {
	Login string      `json:"login"`
	Name  string      `json:"name"`
	Role  office.Role `json:"role"`
	Unit  string      `json:"unit"`
}

func (c *Console) staffList(w http.ResponseWriter, req *http.Request, who Who) {
	staff, units, err := c.reg.StaffRows(req.Context(), who.OfficeID)
	if err != nil {
		c.fail(w, err)
		return
	}
	sym := map[string]string{}
	for _, u := range units {
		sym[u.ID] = u.Symbol
	}
	out := []StaffItem{}
	for _, s := range staff {
		if s.Active {
			out = append(out, StaffItem{Login: s.Login, Name: s.FirstName + " " + s.LastName, Role: s.Role, Unit: sym[s.UnitID]})
		}
	}
	answer(w, http.StatusOK, map[string]any{"staff": out, "units": units})
}

// enrolRequest is POST /console/api/devices.
type enrolRequest struct {
	Name   string   `json:"name"`
	People []string `json:"people"`
	Units  []string `json:"units"`
}

// Enrolment is a one-time code for a new device, with what its QR code
// carries: the registry's address and the code (with the certificate's
// fingerprint when the registry serves TLS).
type Enrolment struct {
	Code       string `json:"code"`
	Registry   string `json:"registry"`
	Link       string `json:"link"` // okienko://enrol?registry=…&code=…, the QR code's text
	ValidUntil string `json:"validUntil"`
}

func (c *Console) enrol(w http.ResponseWriter, req *http.Request, who Who) {
	var in enrolRequest
	if !decode(w, req, &in) {
		return
	}
	in.Name = charset.Clean(in.Name, false)
	// A login left blank names nobody: a code for a device no one may
	// sign in on is refused, not issued.
	in.People = slices.DeleteFunc(in.People, func(l string) bool { return strings.TrimSpace(l) == "" })
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 80 || !fieldText(charset.Text, in.Name) || len(in.People) == 0 || len(in.People) > 200 {
		c.audit(req.Context(), who.OfficeID, who.StaffID, "device.enrol", "", false)
		answer(w, http.StatusBadRequest, apiError{Error: "invalid"})
		return
	}
	sc := store.Scope{}
	if len(in.Units) > 0 {
		sc = store.Scope{Limited: true, Units: in.Units}
	}
	code, exp, err := c.reg.NewScopedEnrollment(req.Context(), who.OfficeID, in.Name, in.People, sc)
	if err != nil {
		c.audit(req.Context(), who.OfficeID, who.StaffID, "device.enrol", "", false)
		if errors.Is(err, protocol.ErrInvalid) || errors.Is(err, registry.ErrUnknownUnit) || errors.Is(err, registry.ErrUnknownLogin) {
			answer(w, http.StatusBadRequest, apiError{Error: "invalid"})
			return
		}
		c.fail(w, err)
		return
	}
	base := c.opt.PublicURL
	if base == "" {
		scheme := "http"
		if req.TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + req.Host
	}
	full := protocol.FormatEnrolCode(code, c.opt.CertDER)
	c.audit(req.Context(), who.OfficeID, who.StaffID, "device.enrol", "", true)
	c.log.Info("console enrolment code", "office", who.OfficeID, "staff", who.StaffID)
	answer(w, http.StatusOK, Enrolment{Code: full, Registry: base, ValidUntil: rfc(exp),
		Link: "okienko://enrol?registry=" + url.QueryEscape(base) + "&code=" + url.QueryEscape(full)})
}

func (c *Console) revoke(w http.ResponseWriter, req *http.Request, who Who) {
	id := req.PathValue("id")
	d, err := c.st.Device(req.Context(), id)
	if err != nil || d.OfficeID != who.OfficeID {
		c.audit(req.Context(), who.OfficeID, who.StaffID, "device.revoke", id, false)
		c.fail(w, store.ErrNotFound) // another office's device is not there
		return
	}
	if d.Revoked() {
		answer(w, http.StatusConflict, apiError{Error: "already_done"})
		return
	}
	n, err := c.reg.Revoke(req.Context(), id)
	if err != nil {
		c.fail(w, err)
		return
	}
	c.audit(req.Context(), who.OfficeID, who.StaffID, "device.revoke", id, true)
	answer(w, http.StatusOK, map[string]int{"cancelled": n})
}

// ConflictItem is a conflict with both values side by side.
type ConflictItem struct {
	ID       string        `json:"id"`
	Entity   string        `json:"entity"`
	EntityID string        `json:"entityId"`
	Sign     string        `json:"sign"`
	Unit     string        `json:"unit"`
	Device   string        `json:"device"`
	At       string        `json:"at"`
	Fields   []ConflictRow `json:"fields"`
}

// ConflictRow is one field whose values differ: in force (kept) and set
// aside, each with the device that wrote it.
type ConflictRow struct {
	Field      string          `json:"field"`
	Kept       json.RawMessage `json:"kept"`
	KeptBy     string          `json:"keptBy"`
	Rejected   json.RawMessage `json:"rejected"`
	RejectedBy string          `json:"rejectedBy"`
}

// visibleConflicts are the office's open conflicts the person may see: a
// head only those of their unit's cases.
func (c *Console) visibleConflicts(ctx context.Context, who Who) ([]ConflictItem, error) {
	cs, err := c.st.Conflicts(ctx, who.OfficeID, true)
	if err != nil {
		return nil, err
	}
	devs, err := c.st.Devices(ctx, who.OfficeID)
	if err != nil {
		return nil, err
	}
	names := map[string]string{} // the registry's own stamps say "registry", which the page words
	for _, d := range devs {
		names[d.ID] = d.Name
	}
	node := func(stamp string) string {
		// A stamp is "WALLCOUNTER-NODE", the node a device's id (a UUID,
		// itself with dashes) or "registry".
		_, n, ok := strings.Cut(stamp, "-")
		if !ok {
			return ""
		}
		if name, ok := names[n]; ok {
			return name
		}
		return n
	}
	str := func(v json.RawMessage) string {
		var s string
		json.Unmarshal(v, &s)
		return s
	}
	out := []ConflictItem{}
	for _, k := range cs {
		it := ConflictItem{ID: k.ID, Entity: k.Entity, EntityID: k.EntityID, Device: names[k.DeviceID], At: rfc(k.CreatedAt), Fields: []ConflictRow{}}
		if k.Entity == "case_file" {
			// A conflict keeps only the fields in dispute: the case's sign
			// and unit are read from its row.
			if err := c.st.InTx(ctx, who.OfficeID, func(tx store.Tx) error {
				row, ok, err := tx.Row(ctx, k.Entity, k.EntityID)
				if ok {
					it.Sign, it.Unit = str(row.Fields["sign"].V), str(row.Fields["unit"].V)
				}
				return err
			}); err != nil {
				return nil, err
			}
		}
		if who.Role == office.RoleHead && (it.Unit == "" || it.Unit != who.Unit) {
			continue
		}
		for f, rej := range k.Rejected {
			kept := k.Kept[f]
			if string(kept.V) == string(rej.V) {
				continue
			}
			it.Fields = append(it.Fields, ConflictRow{Field: f, Kept: kept.V, KeptBy: node(kept.H), Rejected: rej.V, RejectedBy: node(rej.H)})
		}
		slices.SortFunc(it.Fields, func(a, b ConflictRow) int { return strings.Compare(a.Field, b.Field) })
		out = append(out, it)
	}
	return out, nil
}

func (c *Console) conflicts(w http.ResponseWriter, req *http.Request, who Who) {
	cs, err := c.visibleConflicts(req.Context(), who)
	if err != nil {
		c.fail(w, err)
		return
	}
	answer(w, http.StatusOK, cs)
}

// resolve settles a conflict the person may see, as the desktop's
// Konflikty does, recorded as theirs.
func (c *Console) resolve(w http.ResponseWriter, req *http.Request, who Who) {
	var in struct {
		Choice string `json:"choice"`
	}
	if !decode(w, req, &in) {
		return
	}
	id := req.PathValue("id")
	if in.Choice != "kept" && in.Choice != "rejected" {
		answer(w, http.StatusBadRequest, apiError{Error: "bad_request"})
		return
	}
	cs, err := c.visibleConflicts(req.Context(), who)
	if err != nil {
		c.fail(w, err)
		return
	}
	if !slices.ContainsFunc(cs, func(k ConflictItem) bool { return k.ID == id }) {
		c.audit(req.Context(), who.OfficeID, who.StaffID, "conflict.resolve", id, false)
		c.fail(w, store.ErrNotFound) // resolved already, another office's, or another unit's
		return
	}
	if err := c.reg.Resolve(req.Context(), who.OfficeID, who.StaffID, protocol.ResolveRequest{ID: id, Choice: in.Choice}); err != nil {
		c.fail(w, err)
		return
	}
	c.audit(req.Context(), who.OfficeID, who.StaffID, "conflict.resolve", id, true)
	c.conflicts(w, req, who)
}

// AuditItem is an act in the console's audit log.
type AuditItem struct {
	ID      int64  `json:"id"`
	At      string `json:"at"`
	Who     string `json:"who"`
	Action  string `json:"action"`
	Target  string `json:"target"`
	Outcome string `json:"outcome"`
}

// auditPage is how many entries of the audit log one read gives.
const auditPage = 200

// auditLog lists the newest auditPage entries, or with ?before=ID those
// older than that entry: a burst of refused sign-ins pushes nothing out
// of reach.
func (c *Console) auditLog(w http.ResponseWriter, req *http.Request, who Who) {
	var before int64
	if v := req.URL.Query().Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			answer(w, http.StatusBadRequest, apiError{Error: "invalid"})
			return
		}
		before = n
	}
	es, err := c.st.ConsoleAudit(req.Context(), who.OfficeID, before, auditPage)
	if err != nil {
		c.fail(w, err)
		return
	}
	staff, _, err := c.reg.StaffRows(req.Context(), who.OfficeID)
	if err != nil {
		c.fail(w, err)
		return
	}
	logins := map[string]string{}
	for _, s := range staff {
		logins[s.ID] = s.Login
	}
	out := make([]AuditItem, len(es))
	for i, e := range es {
		out[i] = AuditItem{ID: e.ID, At: rfc(e.At), Who: logins[e.StaffID], Action: e.Action, Target: e.Target, Outcome: e.Outcome}
	}
	answer(w, http.StatusOK, out)
}
