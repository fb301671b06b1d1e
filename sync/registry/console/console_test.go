package console_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"okienko/app/auth"
	"okienko/app/demo"
	"okienko/app/office"
	"okienko/sync/merge"
	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/registry/console"
	"okienko/sync/registry/store"
	"okienko/sync/synctest"
)

// Demo staff by role: the admin, the head of SO, a clerk; the secretary
// is added by the test.
const (
	admin     = "twisniewski"
	headSO    = "kzielinska"
	clerk     = "akowalska"
	secretary = "bsekretarz"
)

// office is a registry with the console over TLS (Secure cookies go only
// over https), and a clock the test can move.
type office_ struct {
	*synctest.Registry
	srv    *httptest.Server
	offset atomic.Int64
	st     store.Store
	devID  string // a device enrolled as "Laptop USC", whose stamps conflicts carry
}

func newOffice(t *testing.T, kind string) *office_ {
	t.Helper()
	return newOfficeWith(t, kind, registry.Options{})
}

// newOfficeWith is newOffice with the registry's options.
func newOfficeWith(t *testing.T, kind string, opt registry.Options) *office_ {
	t.Helper()
	st := synctest.OpenStore(t, kind)
	o := &office_{st: st}
	r := synctest.NewRegistry(t, st, opt)
	o.Registry = r
	h, _ := auth.Hash(demo.Password, synctest.Cheap)
	sec := demo.StaffAccount{Staff: office.Staff{ID: uuid.Must(uuid.NewV7()).String(), Login: secretary, FirstName: "Barbara", LastName: "Sekretarz",
		UnitID: "01a20102-030b-7041-9225-9c875e037e02", Role: office.RoleSecretary, Position: "sekretarz gminy", Competences: []string{}, Active: true}, PasswordHash: h}
	if _, err := r.ImportStaff(context.Background(), r.OfficeID, []demo.StaffAccount{sec}); err != nil {
		t.Fatal(err)
	}
	c := console.New(r.Registry, console.Options{Now: func() time.Time { return time.Now().Add(time.Duration(o.offset.Load())) }})
	o.srv = httptest.NewTLSServer(c.Mount(r.Handler()))
	t.Cleanup(o.srv.Close)
	code, _, err := r.NewEnrollment(context.Background(), r.OfficeID, "Laptop USC", []string{clerk})
	if err != nil {
		t.Fatal(err)
	}
	o.devID = uuid.Must(uuid.NewV7()).String()
	if _, err := r.Enroll(context.Background(), protocol.EnrollRequest{Code: code, DeviceID: o.devID, DeviceName: "Laptop USC"}); err != nil {
		t.Fatal(err)
	}
	return o
}

// browser is one person's browser: its cookies and CSRF header.
type browser struct {
	t    *testing.T
	o    *office_
	http *http.Client
	csrf bool // send the CSRF cookie's value in the header
}

func (o *office_) browser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	cl := *o.srv.Client() // a copy: each browser keeps its own cookies
	cl.Jar = jar
	return &browser{t: t, o: o, http: &cl, csrf: true}
}

type reply struct {
	code int
	body []byte
	hdr  http.Header
}

func (r reply) err() string {
	var e struct{ Error string }
	json.Unmarshal(r.body, &e)
	return e.Error
}

func (b *browser) do(method, path string, body any) reply {
	b.t.Helper()
	var rd io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	}
	req, _ := http.NewRequest(method, b.o.srv.URL+path, rd)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", b.o.srv.URL)
	if b.csrf {
		u, _ := url.Parse(b.o.srv.URL)
		for _, ck := range b.http.Jar.Cookies(u) {
			if ck.Name == console.CookieCSRF {
				req.Header.Set(console.HeaderCSRF, ck.Value)
			}
		}
	}
	res, err := b.http.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return reply{code: res.StatusCode, body: raw, hdr: res.Header}
}

func (b *browser) decode(r reply, v any) {
	b.t.Helper()
	if r.code != http.StatusOK {
		b.t.Fatalf("answer %d: %s", r.code, r.body)
	}
	if err := json.Unmarshal(r.body, v); err != nil {
		b.t.Fatal(err)
	}
}

func (b *browser) signIn(login string) reply {
	return b.do("POST", "/console/api/session", map[string]string{"login": login, "password": demo.Password})
}

// as signs a browser in and checks it worked.
func (o *office_) as(t *testing.T, login string) *browser {
	t.Helper()
	b := o.browser(t)
	var who console.Who
	b.decode(b.signIn(login), &who)
	if who.Login != login {
		t.Fatalf("signed in as %+v", who)
	}
	return b
}

const stamp = "0000000000010000-registry"

func field(v any) merge.Field {
	raw, _ := json.Marshal(v)
	return merge.Field{V: raw, H: stamp}
}

// seedCase puts a case of a unit with a deadline, and (when conflict) a
// status conflict on it; it returns the case's and conflict's ids.
func (o *office_) seedCase(t *testing.T, unit, status, due string, conflict bool) (string, string) {
	t.Helper()
	ctx := context.Background()
	id, cid := uuid.Must(uuid.NewV7()).String(), uuid.Must(uuid.NewV7()).String()
	row := merge.Row{"id": field(id), "officeId": field(o.OfficeID), "unit": field(unit), "status": field(status), "dueOn": field(due),
		"sign": field(unit + ".5360.1.2026"), "cardId": field("card")}
	err := o.st.InTx(ctx, o.OfficeID, func(tx store.Tx) error {
		if _, err := tx.PutRow(ctx, "case_file", id, row, false); err != nil {
			return err
		}
		if !conflict {
			return nil
		}
		rej := merge.Row{"status": merge.Field{V: json.RawMessage(`"settled"`), H: "0000000000020000-" + o.devID}}
		// As the registry records one: the disputed fields only.
		kept := merge.Row{"status": row["status"]}
		return tx.AddConflict(ctx, store.Conflict{ID: cid, OfficeID: o.OfficeID, Entity: "case_file", EntityID: id, Kept: kept, Rejected: rej,
			DeviceID: "dev", CreatedAt: time.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
	return id, cid
}

func forEachStore(t *testing.T, fn func(t *testing.T, o *office_)) {
	for _, kind := range synctest.StoreKinds() {
		t.Run(kind, func(t *testing.T) { fn(t, newOffice(t, kind)) })
	}
}

// TestClerkCannotOpen: a clerk's right password opens no console; a wrong
// password is refused alike for everyone and then throttled; without a
// session every API call is refused.
func TestClerkCannotOpen(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		b := o.browser(t)
		if r := b.signIn(clerk); r.code != http.StatusForbidden || r.err() != "role" {
			t.Fatalf("clerk sign-in: %d %s", r.code, r.body)
		}
		if r := b.do("GET", "/console/api/dashboard", nil); r.code != http.StatusUnauthorized {
			t.Fatalf("clerk's dashboard: %d %s", r.code, r.body)
		}
		for i := 0; i <= auth.FreeAttempts; i++ {
			bad := b.do("POST", "/console/api/session", map[string]string{"login": admin, "password": "zle"})
			if bad.code != http.StatusForbidden || bad.err() != "wrong_password" {
				t.Fatalf("wrong password: %d %s", bad.code, bad.body)
			}
		}
		if r := b.signIn(admin); r.code != http.StatusForbidden || !strings.Contains(string(r.body), `"wait"`) {
			t.Fatalf("a sign-in inside the back-off: %d %s, want refused with a wait", r.code, r.body)
		}
		for _, p := range []string{"/console/api/dashboard", "/console/api/devices", "/console/api/conflicts", "/console/api/audit", "/console/api/cases"} {
			if r := b.do("GET", p, nil); r.code != http.StatusUnauthorized {
				t.Fatalf("%s without a session: %d", p, r.code)
			}
		}
	})
}

// TestKnownBrowserNotLockedOut: wrong guesses under the admin's login
// from anywhere hold back every browser but the one the admin signed in
// on before (its known-browser cookie: HttpOnly, Secure, SameSite=Strict,
// __Host-, naming no one); that browser's own wrong passwords hold back
// that browser alone, and its cookie is worth nothing for another login.
func TestKnownBrowserNotLockedOut(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		mine := o.browser(t)
		r := mine.signIn(admin)
		var known *http.Cookie
		for _, ck := range (&http.Response{Header: r.hdr}).Cookies() {
			if ck.Name == console.CookieKnown {
				known = ck
			}
		}
		if r.code != http.StatusOK || known == nil || !known.HttpOnly || !known.Secure || known.SameSite != http.SameSiteStrictMode ||
			known.Path != "/" || known.MaxAge < 30*24*3600 || strings.Contains(known.Value, admin) {
			t.Fatalf("sign-in: %d, known-browser cookie %+v", r.code, known)
		}
		if r := mine.do("DELETE", "/console/api/session", nil); r.code != http.StatusNoContent {
			t.Fatalf("sign-out: %d", r.code)
		}
		guess := func(b *browser, login string) {
			t.Helper()
			for i := 0; i <= auth.FreeAttempts; i++ {
				if bad := b.do("POST", "/console/api/session", map[string]string{"login": login, "password": "zle"}); bad.code != http.StatusForbidden {
					t.Fatalf("wrong password: %d %s", bad.code, bad.body)
				}
			}
		}
		throttled := func(r reply) bool {
			return r.code == http.StatusForbidden && strings.Contains(string(r.body), `"wait"`)
		}
		evil := o.browser(t)
		guess(evil, admin)
		if r := evil.signIn(admin); !throttled(r) {
			t.Fatalf("the right password from the guessing browser: %d %s, want held back", r.code, r.body)
		}
		if r := o.browser(t).signIn(admin); !throttled(r) {
			t.Fatalf("the right password from a browser never used: %d %s, want held back", r.code, r.body)
		}
		if r := mine.signIn(admin); r.code != http.StatusOK {
			t.Fatalf("the right password from the admin's own browser: %d %s, want signed in", r.code, r.body)
		}
		// The known browser's own guesses hold it back, and nobody else.
		guess(mine, admin)
		if r := mine.signIn(admin); !throttled(r) {
			t.Fatalf("the known browser after its own wrong passwords: %d %s, want held back", r.code, r.body)
		}
		// Its cookie does not carry over to another login.
		guess(evil, headSO)
		if r := mine.signIn(headSO); !throttled(r) {
			t.Fatalf("the head's login from the admin's known browser: %d %s, want held back", r.code, r.body)
		}
	})
}

// TestSessionCookie: the session cookie is HttpOnly, Secure,
// SameSite=Strict, __Host-; the store keeps only its hash; answers carry
// the CSP and the usual headers.
func TestSessionCookie(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		b := o.browser(t)
		r := b.signIn(admin)
		var session *http.Cookie
		for _, ck := range (&http.Response{Header: r.hdr}).Cookies() {
			if ck.Name == console.CookieSession {
				session = ck
			}
		}
		if session == nil || !session.HttpOnly || !session.Secure || session.SameSite != http.SameSiteStrictMode || session.Path != "/" || len(session.Value) < 43 {
			t.Fatalf("session cookie %+v", session)
		}
		if _, err := o.st.ConsoleSession(context.Background(), session.Value); err == nil {
			t.Fatal("the store found the session by its plain token")
		}
		if _, err := o.st.ConsoleSession(context.Background(), registry.HashSecret(session.Value)); err != nil {
			t.Fatalf("session by its hash: %v", err)
		}
		for _, p := range []string{"/console/", "/console/api/dashboard"} {
			h := b.do("GET", p, nil).hdr
			if !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") || h.Get("X-Frame-Options") != "DENY" ||
				h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" || h.Get("Strict-Transport-Security") == "" {
				t.Fatalf("%s headers %v", p, h)
			}
		}
	})
}

// TestCSRF: a change without the CSRF header, with another value, or from
// another origin is refused and changes nothing.
func TestCSRF(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		b := o.as(t, admin)
		enrol := map[string]any{"name": "Laptop 1", "people": []string{clerk}}
		b.csrf = false
		if r := b.do("POST", "/console/api/devices", enrol); r.code != http.StatusForbidden || r.err() != "csrf" {
			t.Fatalf("without the header: %d %s", r.code, r.body)
		}
		req, _ := http.NewRequest("POST", o.srv.URL+"/console/api/devices", strings.NewReader(`{"name":"x","people":["akowalska"]}`))
		req.Header.Set(console.HeaderCSRF, "forged")
		res, err := b.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("forged header: %d", res.StatusCode)
		}
		b.csrf = true
		req, _ = http.NewRequest("POST", o.srv.URL+"/console/api/devices", strings.NewReader(`{"name":"x","people":["akowalska"]}`))
		u, _ := url.Parse(o.srv.URL)
		for _, ck := range b.http.Jar.Cookies(u) {
			if ck.Name == console.CookieCSRF {
				req.Header.Set(console.HeaderCSRF, ck.Value)
			}
		}
		req.Header.Set("Origin", "https://evil.example")
		if res, err = b.http.Do(req); err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("another origin: %d", res.StatusCode)
		}
		var devs []console.DeviceItem
		b.decode(b.do("GET", "/console/api/devices", nil), &devs)
		if r := b.do("POST", "/console/api/devices", enrol); r.code != http.StatusOK {
			t.Fatalf("the right token: %d %s", r.code, r.body)
		}
	})
}

// TestIdleTimeout: a session unused for the idle timeout is ended.
func TestIdleTimeout(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		b := o.as(t, admin)
		if r := b.do("GET", "/console/api/dashboard", nil); r.code != http.StatusOK {
			t.Fatalf("fresh session: %d", r.code)
		}
		o.offset.Store(int64(console.IdleTimeout + time.Second))
		if r := b.do("GET", "/console/api/dashboard", nil); r.code != http.StatusUnauthorized || r.err() != "signed_out" {
			t.Fatalf("idle session: %d %s", r.code, r.body)
		}
	})
}

// TestSecretaryReadsOnly: the secretary sees the whole office and can
// change nothing.
func TestSecretaryReadsOnly(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		o.seedCase(t, "SO", "in_progress", "2020-01-01", false)
		_, cid := o.seedCase(t, "USC", "registered", "2020-01-01", true)
		b := o.as(t, secretary)
		var d console.Dashboard
		b.decode(b.do("GET", "/console/api/dashboard", nil), &d)
		if d.Open != 2 || d.Overdue != 2 || d.Conflicts != 1 || len(d.ByUnit) != 2 {
			t.Fatalf("secretary's dashboard %+v", d)
		}
		for _, ch := range []struct{ method, path string }{
			{"POST", "/console/api/devices"}, {"POST", "/console/api/conflicts/" + cid + "/resolve"}, {"POST", "/console/api/devices/x/revoke"},
		} {
			if r := b.do(ch.method, ch.path, map[string]any{"choice": "kept", "name": "x", "people": []string{clerk}}); r.code != http.StatusForbidden || r.err() != "role" {
				t.Fatalf("secretary %s %s: %d %s", ch.method, ch.path, r.code, r.body)
			}
		}
		if r := b.do("GET", "/console/api/staff", nil); r.code != http.StatusForbidden {
			t.Fatalf("secretary's staff list for enrolment: %d", r.code)
		}
		var open []console.ConflictItem
		b.decode(b.do("GET", "/console/api/conflicts", nil), &open)
		if len(open) != 1 {
			t.Fatalf("the conflict was changed: %+v", open)
		}
	})
}

// TestHeadSeesOwnUnit: a head's figures, lists and conflicts are of their
// unit only; another unit's conflict cannot be resolved by them, their
// own can; enrolment is the admin's.
func TestHeadSeesOwnUnit(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		o.seedCase(t, "SO", "in_progress", "2020-01-01", false)
		o.seedCase(t, "SO", "awaiting_supplement", "", false)
		uscCase, uscConflict := o.seedCase(t, "USC", "registered", "2020-01-01", true)
		_, soConflict := o.seedCase(t, "SO", "registered", "2999-01-01", true)
		b := o.as(t, headSO)
		var d console.Dashboard
		b.decode(b.do("GET", "/console/api/dashboard", nil), &d)
		if d.Unit != "SO" || d.Open != 3 || d.Overdue != 1 || d.SupplementWaiting != 1 || d.Conflicts != 1 || len(d.ByUnit) != 1 || d.ByUnit[0].Key != "SO" {
			t.Fatalf("head's dashboard %+v", d)
		}
		var list struct {
			Total int                `json:"total"`
			Cases []console.CaseItem `json:"cases"`
		}
		b.decode(b.do("GET", "/console/api/cases?list=overdue&unit=USC", nil), &list)
		if list.Total != 0 {
			t.Fatalf("head sees USC's overdue cases: %+v", list)
		}
		b.decode(b.do("GET", "/console/api/cases?list=open", nil), &list)
		for _, c := range list.Cases {
			if c.Unit != "SO" || c.ID == uscCase {
				t.Fatalf("head's list holds %+v", c)
			}
		}
		var mine []console.ConflictItem
		b.decode(b.do("GET", "/console/api/conflicts", nil), &mine)
		if len(mine) != 1 || mine[0].ID != soConflict || mine[0].Sign != "SO.5360.1.2026" || len(mine[0].Fields) != 1 ||
			mine[0].Fields[0].RejectedBy != "Laptop USC" || mine[0].Fields[0].KeptBy != "registry" {
			t.Fatalf("head's conflicts %+v", mine)
		}
		if r := b.do("POST", "/console/api/conflicts/"+uscConflict+"/resolve", map[string]string{"choice": "kept"}); r.code != http.StatusNotFound {
			t.Fatalf("head resolving USC's conflict: %d %s", r.code, r.body)
		}
		var left []console.ConflictItem
		b.decode(b.do("POST", "/console/api/conflicts/"+soConflict+"/resolve", map[string]string{"choice": "rejected"}), &left)
		if len(left) != 0 {
			t.Fatalf("after resolving: %+v", left)
		}
		all, _ := o.st.Conflicts(context.Background(), o.OfficeID, false)
		for _, c := range all {
			if c.ID == soConflict && (c.Choice != "rejected" || c.ResolvedBy == "") {
				t.Fatalf("resolved conflict %+v", c)
			}
			if c.ID == uscConflict && !c.ResolvedAt.IsZero() {
				t.Fatal("USC's conflict was resolved by SO's head")
			}
		}
		if r := b.do("POST", "/console/api/devices", map[string]any{"name": "x", "people": []string{clerk}}); r.code != http.StatusForbidden {
			t.Fatalf("head enrolling: %d", r.code)
		}
		if r := b.do("GET", "/console/api/audit", nil); r.code != http.StatusForbidden {
			t.Fatalf("head reading the audit log: %d", r.code)
		}
	})
}

// TestAdminEnrolsAndRevokes: the admin's code enrols a device through the
// device protocol; the device is listed with its people; revoking it
// withdraws its token; every act is in the audit log.
func TestAdminEnrolsAndRevokes(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		b := o.as(t, admin)
		var e console.Enrolment
		b.decode(b.do("POST", "/console/api/devices", map[string]any{"name": "Laptop USC", "people": []string{clerk, headSO}, "units": []string{"USC"}}), &e)
		if e.Code == "" || e.Registry != o.srv.URL || !strings.HasPrefix(e.Link, "okienko://enrol?registry=") {
			t.Fatalf("enrolment %+v", e)
		}
		if r := b.do("POST", "/console/api/devices", map[string]any{"name": "x", "people": []string{"nobody"}}); r.code != http.StatusBadRequest {
			t.Fatalf("an unknown login: %d %s", r.code, r.body)
		}
		devID := uuid.Must(uuid.NewV7()).String()
		raw, _ := json.Marshal(protocol.EnrollRequest{Code: e.Code, DeviceID: devID, DeviceName: "Laptop USC"})
		req, _ := http.NewRequest("POST", o.URL+"/v1/enroll", bytes.NewReader(raw))
		req.Header.Set(protocol.HeaderProtocol, strconv.Itoa(protocol.ProtocolVersion))
		req.Header.Set(protocol.HeaderSchema, strconv.Itoa(protocol.SchemaVersion))
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var enrolled protocol.EnrollResponse
		json.NewDecoder(res.Body).Decode(&enrolled)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || enrolled.Token == "" {
			t.Fatalf("enrolment with the console's code: %d %+v", res.StatusCode, enrolled)
		}
		var devs []console.DeviceItem
		b.decode(b.do("GET", "/console/api/devices", nil), &devs)
		devs = slices.DeleteFunc(devs, func(d console.DeviceItem) bool { return d.ID == o.devID })
		if len(devs) != 1 || devs[0].ID != devID || strings.Join(devs[0].People, ",") != clerk+","+headSO || strings.Join(devs[0].Units, ",") != "USC" {
			t.Fatalf("devices %+v", devs)
		}
		if r := b.do("POST", "/console/api/devices/"+devID+"/revoke", struct{}{}); r.code != http.StatusOK {
			t.Fatalf("revoke: %d %s", r.code, r.body)
		}
		if _, err := o.Authenticate(context.Background(), enrolled.Token); err == nil {
			t.Fatal("the revoked device's token still works")
		}
		b.decode(b.do("GET", "/console/api/devices", nil), &devs)
		devs = slices.DeleteFunc(devs, func(d console.DeviceItem) bool { return d.ID == o.devID })
		if devs[0].RevokedAt == "" {
			t.Fatalf("revoked device listed as %+v", devs[0])
		}
		var log []console.AuditItem
		b.decode(b.do("GET", "/console/api/audit", nil), &log)
		acts := []string{}
		for _, a := range log {
			acts = append(acts, a.Action+":"+a.Outcome)
		}
		got := strings.Join(acts, " ")
		for _, want := range []string{"device.revoke:ok", "device.enrol:ok", "device.enrol:refused", "signin:ok", "view.devices:ok"} {
			if !strings.Contains(got, want) {
				t.Fatalf("audit log %q lacks %s", got, want)
			}
		}
		if r := b.do("DELETE", "/console/api/session", nil); r.code != http.StatusNoContent {
			t.Fatalf("sign-out: %d", r.code)
		}
		if r := b.do("GET", "/console/api/dashboard", nil); r.code != http.StatusUnauthorized {
			t.Fatalf("after sign-out: %d", r.code)
		}
	})
}

// TestSignInCSRF: a sign-in sent by another site's form (another origin,
// or a body that is not declared JSON) sets no session: the browser is
// not signed in as someone else's account.
func TestSignInCSRF(t *testing.T) {
	forEachStore(t, func(t *testing.T, o *office_) {
		body := `{"login":"` + admin + `","password":"` + demo.Password + `"}`
		for name, h := range map[string]map[string]string{
			"another origin":       {"Content-Type": "application/json", "Origin": "https://evil.example"},
			"a cross-site request": {"Content-Type": "application/json", "Sec-Fetch-Site": "cross-site"},
			"a text/plain form":    {"Content-Type": "text/plain", "Origin": o.srv.URL},
			"no content type":      {"Origin": o.srv.URL},
		} {
			req, _ := http.NewRequest("POST", o.srv.URL+"/console/api/session", strings.NewReader(body))
			for k, v := range h {
				req.Header.Set(k, v)
			}
			res, err := o.srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusForbidden || len(res.Cookies()) != 0 {
				t.Errorf("%s: %d, cookies %v, want 403 and none", name, res.StatusCode, res.Cookies())
			}
		}
		// Behind a TLS proxy the browser's origin is not this server's
		// scheme and Host, and the browser says the request is its own.
		req, _ := http.NewRequest("POST", o.srv.URL+"/console/api/session", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", "https://registry.gmina.example")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		res, err := o.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("a same-origin sign-in behind a proxy: %d", res.StatusCode)
		}
		// The console's own page signs in.
		b := o.as(t, admin)
		if r := b.do("GET", "/console/api/session", nil); r.code != http.StatusOK {
			t.Fatalf("the console's own sign-in: %d %s", r.code, r.body)
		}
	})
}
