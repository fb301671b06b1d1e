package registry_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/klauspost/compress/zstd"

	"okienko/app/auth"
	"okienko/app/cases"
	"okienko/app/demo"
	"okienko/app/office"
	"okienko/sync/client"
	"okienko/sync/hlc"
	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/registry/store"
	"okienko/sync/synctest"
	"okienko/sync/synctest/rows"
)

// ---- helpers ----

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// thisYear is a register year the registry leases whenever the tests run:
// its clock is the machine's, and it leases only the office's current
// years (the machine's year is one of them, whatever its zone).
var thisYear = time.Now().Year()

// request is one raw API call; zero fields take the defaults a current
// device sends.
type request struct {
	method, path string
	token        string
	body         any               // encoded with enc, unless []byte or io.Reader (sent as is)
	enc          string            // Content-Encoding of the body
	header       map[string]string // overrides; "" deletes the header
}

type answer struct {
	code   int
	header http.Header
	body   []byte
}

// send makes the call with the version headers set and asks for an
// uncompressed answer, so answers compare byte for byte.
func send(t testing.TB, r *synctest.Registry, rq request) answer {
	t.Helper()
	var body io.Reader
	switch b := rq.body.(type) {
	case nil:
	case io.Reader:
		body = b
	case []byte:
		body = bytes.NewReader(b)
	default:
		raw, err := protocol.Encode(b, rq.enc)
		if err != nil {
			t.Fatal(err)
		}
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(rq.method, r.URL+rq.path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set(protocol.HeaderProtocol, strconv.Itoa(protocol.ProtocolVersion))
	req.Header.Set(protocol.HeaderSchema, strconv.Itoa(protocol.SchemaVersion))
	req.Header.Set("Accept-Encoding", "identity")
	if rq.enc != "" {
		req.Header.Set("Content-Encoding", rq.enc)
	}
	if rq.token != "" {
		req.Header.Set(protocol.HeaderAuth, "Bearer "+rq.token)
	}
	for k, v := range rq.header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := r.Server.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", rq.method, rq.path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{code: resp.StatusCode, header: resp.Header, body: raw}
}

// decode decodes a 200 answer into v.
func (a answer) decode(t testing.TB, v any) {
	t.Helper()
	if a.code != http.StatusOK {
		t.Fatalf("status %d, want 200: %s", a.code, a.body)
	}
	if err := protocol.Decode(a.body, a.header.Get("Content-Encoding"), v); err != nil {
		t.Fatalf("answer %s: %v", a.body, err)
	}
}

// wantError checks an error answer's status and stable code.
func (a answer) wantError(t *testing.T, code int, errCode string) {
	t.Helper()
	var eb protocol.ErrorBody
	_ = protocol.DecodeLenient(a.body, a.header.Get("Content-Encoding"), &eb)
	if a.code != code || eb.Error != errCode {
		t.Fatalf("answer %d %q (%s), want %d %q", a.code, eb.Error, a.body, code, errCode)
	}
}

// device is an enrolled device as the registry knows it, with its own
// clock (which, like the engine, follows the registry's clock).
type device struct {
	id, token, office string
	clock             *hlc.Clock
	// people are the staff ids allowed on it (enrolFor): the first is
	// the registrar of the cases newCase pushes.
	people []string
}

// enrol enrols a new device to office through the API.
func enrol(t testing.TB, r *synctest.Registry, office string) *device {
	t.Helper()
	var people []string
	// The person refs names (the registrar of the cases newCase pushes)
	// may sign in on it, where the office has people: a case names its
	// registrar among the device's.
	var logins []string
	if login, id := refsPerson(t, r, office); login != "" {
		logins, people = []string{login}, []string{id}
	}
	code, _, err := r.NewEnrollment(context.Background(), office, "test", logins)
	if err != nil {
		t.Fatal(err)
	}
	id := newID()
	var out protocol.EnrollResponse
	send(t, r, request{method: "POST", path: "/v1/enroll", body: protocol.EnrollRequest{Code: code, DeviceName: "desk 1", DeviceID: id}}).decode(t, &out)
	if out.Token == "" || out.DeviceID != id || out.OfficeID != office {
		t.Fatalf("enrolment answer %+v", out)
	}
	return &device{id: id, token: out.Token, office: office, clock: hlc.New(id, nil), people: people}
}

// refsPerson is the login and id of the person refs names ("" if the
// office has no people).
func refsPerson(t testing.TB, r *synctest.Registry, office string) (login, id string) {
	t.Helper()
	rs, err := r.Store().RowsOf(context.Background(), office, "staff")
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) == 0 {
		return "", ""
	}
	if err := json.Unmarshal(rs[0].Fields["login"].V, &login); err != nil {
		t.Fatal(err)
	}
	return login, rs[0].EntityID
}

func (d *device) path(p string) string { return "/v1/offices/" + d.office + p }

// call is send as this device; the device observes the registry's clock.
func (d *device) call(t *testing.T, r *synctest.Registry, rq request) answer {
	t.Helper()
	rq.token = d.token
	a := send(t, r, rq)
	if ts, err := hlc.Parse(a.header.Get(protocol.HeaderHLC)); err == nil {
		_ = d.clock.Observe(ts)
	}
	return a
}

// op builds an op stamped now by the device's clock.
func (d *device) op(entity, id string, kind protocol.Kind, fields map[string]any) protocol.Op {
	f := make(map[string]json.RawMessage, len(fields))
	for k, v := range fields {
		f[k], _ = json.Marshal(v)
	}
	return protocol.Op{ID: newID(), Entity: entity, EntityID: id, Kind: kind, HLC: d.clock.Now().String(), Fields: f}
}

// clientOp is an upsert of a client row of the device's office.
// It carries the whole row, as a device's first write does, valid by the
// registry's checks.
func (d *device) clientOp(id, firstName string) protocol.Op {
	return protocol.Op{ID: newID(), Entity: "client", EntityID: id, Kind: protocol.Upsert, HLC: d.clock.Now().String(),
		Fields: rows.Client(d.office, id, firstName)}
}

// refs finds a staff member and a card of the seeded office, for cases.
func refs(t testing.TB, r *synctest.Registry, office string) rows.Refs {
	t.Helper()
	var out rows.Refs
	for _, ent := range []string{"staff", "service_card"} {
		rs, err := r.Store().RowsOf(context.Background(), office, ent)
		if err != nil || len(rs) == 0 {
			t.Fatalf("%s rows of the office: %d, %v", ent, len(rs), err)
		}
		if ent == "staff" {
			out.StaffID = rs[0].EntityID
			continue
		}
		out.CardID = rows.CardSettledLater(rs)
	}
	return out
}

// newCase pushes a client and a case of it registered on d, and returns
// the case op.
func (d *device) newCase(t *testing.T, r *synctest.Registry, id string) protocol.Op {
	t.Helper()
	client := newID()
	ref := refs(t, r, d.office)
	if len(d.people) > 0 {
		ref.StaffID = d.people[0] // a case names its registrar among the device's people
	}
	created := protocol.Op{ID: newID(), Entity: "case_file", EntityID: id, Kind: protocol.Upsert, HLC: d.clock.Now().String(),
		Fields: rows.Case(d.office, id, client, ref, d.id, cases.Registered)}
	if res := d.push(t, r, d.clientOp(client, "Anna"), created); res[0].Status != protocol.Applied || res[1].Status != protocol.Applied {
		t.Fatalf("a new case: %+v", res)
	}
	return created
}

// pushRaw sends a batch and returns the raw answer.
func (d *device) pushRaw(t *testing.T, r *synctest.Registry, req protocol.PushRequest) answer {
	t.Helper()
	return d.call(t, r, request{method: "POST", path: d.path("/push"), body: req})
}

// push sends ops in a new batch and returns the status of each.
func (d *device) push(t *testing.T, r *synctest.Registry, ops ...protocol.Op) []protocol.OpResult {
	t.Helper()
	req := protocol.PushRequest{BatchID: newID(), Ops: ops}
	var out protocol.PushResponse
	d.pushRaw(t, r, req).decode(t, &out)
	if out.BatchID != req.BatchID || len(out.Results) != len(ops) {
		t.Fatalf("push answer %+v for %d ops", out, len(ops))
	}
	for i, res := range out.Results {
		if res.ID != ops[i].ID {
			t.Fatalf("result %d is for op %s, want %s", i, res.ID, ops[i].ID)
		}
	}
	return out.Results
}

// pull fetches one page.
func (d *device) pull(t *testing.T, r *synctest.Registry, after int64, limit int) protocol.PullResponse {
	t.Helper()
	var out protocol.PullResponse
	d.call(t, r, request{method: "GET", path: d.path(fmt.Sprintf("/pull?after=%d&limit=%d", after, limit))}).decode(t, &out)
	if err := out.Validate(); err != nil {
		t.Fatal(err)
	}
	return out
}

// rows pulls everything and returns the rows by entity/id.
func (d *device) rows(t *testing.T, r *synctest.Registry) map[string]protocol.Change {
	t.Helper()
	out := map[string]protocol.Change{}
	for after := int64(0); ; {
		page := d.pull(t, r, after, protocol.MaxPullLimit)
		for _, c := range page.Changes {
			out[c.Entity+"/"+c.EntityID] = c
		}
		after = page.Cursor
		if !page.More {
			return out
		}
	}
}

// str decodes a string field value ("" when absent).
func str(c protocol.Change, field string) string {
	var s string
	_ = json.Unmarshal(c.Fields[field].V, &s)
	return s
}

func statuses(res []protocol.OpResult) []string {
	out := make([]string, len(res))
	for i, r := range res {
		out[i] = r.Status
	}
	return out
}

func seq(t *testing.T, r *synctest.Registry, office string) int64 {
	t.Helper()
	n, err := r.Store().Seq(context.Background(), office)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// secondOffice creates another office on the same registry.
func secondOffice(t *testing.T, r *synctest.Registry) string {
	t.Helper()
	id := newID()
	if err := r.Store().CreateOffice(context.Background(), store.Office{ID: id, Name: "Gmina Druga", TERYT: "0201011"}); err != nil {
		t.Fatal(err)
	}
	return id
}

// metric reads one series (name with labels) from /metrics; -1 if absent.
func metric(t *testing.T, r *synctest.Registry, series string) int64 {
	t.Helper()
	resp, err := r.Server.Client().Get(r.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	text, _ := io.ReadAll(resp.Body)
	for line := range strings.Lines(string(text)) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), series+" "); ok {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("metric line %q", line)
			}
			return int64(n)
		}
	}
	return -1
}

// ---- tests ----

func TestHealthz(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	resp, err := r.Server.Client().Get(r.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || strings.TrimSpace(string(body)) != "ok" {
		t.Fatalf("healthz: %d %q", resp.StatusCode, body)
	}
}

func TestMetricsMove(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	d := enrol(t, r, r.OfficeID)
	pushed := metric(t, r, "okienko_ops_pushed_total")
	okPushes := metric(t, r, `okienko_requests_total{route="push",code="200"}`)
	if pushed != 0 {
		t.Fatalf("ops pushed before any push: %d", pushed)
	}
	d.push(t, r, d.clientOp(newID(), "Anna"), d.clientOp(newID(), "Ewa"), d.clientOp(newID(), "Iga"))
	d.push(t, r, d.clientOp(newID(), "Ola"))
	d.pull(t, r, 0, 10)

	if got := metric(t, r, "okienko_ops_pushed_total"); got != pushed+4 {
		t.Errorf("okienko_ops_pushed_total = %d, want %d", got, pushed+4)
	}
	if got := metric(t, r, `okienko_requests_total{route="push",code="200"}`); got != max(okPushes, 0)+2 {
		t.Errorf("push 200 requests = %d, want %d", got, max(okPushes, 0)+2)
	}
	if got := metric(t, r, `okienko_request_seconds_bucket{route="push",le="+Inf"}`); got != 2 {
		t.Errorf("push latency +Inf bucket = %d, want 2", got)
	}
	if got := metric(t, r, `okienko_request_seconds_count{route="pull"}`); got != 1 {
		t.Errorf("pull latency count = %d, want 1", got)
	}
	if got := metric(t, r, "okienko_rows_pulled_total"); got <= 0 {
		t.Errorf("okienko_rows_pulled_total = %d after pulling the seeded office", got)
	}
	// An error answer is counted under its own code.
	send(t, r, request{method: "GET", path: d.path("/pull?after=0")})
	if got := metric(t, r, `okienko_requests_total{route="pull",code="401"}`); got != 1 {
		t.Errorf("pull 401 requests = %d, want 1", got)
	}
}

// TestEveryAnswerCarriesHLCAndFeatures: devices correct their clocks
// from every answer, errors included, so the stamp must always be there
// and move forward; and they learn from any answer what the registry
// takes (Okienko-Features).
func TestEveryAnswerCarriesHLCAndFeatures(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	d := enrol(t, r, r.OfficeID)
	calls := []request{
		{method: "POST", path: "/v1/enroll", body: protocol.EnrollRequest{Code: "WRONG-CODE-XX", DeviceID: newID()}},
		{method: "POST", path: "/v1/enroll", body: []byte("{")},
		{method: "GET", path: d.path("/pull?after=0"), token: d.token},
		{method: "GET", path: d.path("/pull?after=0"), token: "nope"},
		{method: "GET", path: d.path("/pull?after=0"), token: d.token, header: map[string]string{protocol.HeaderSchema: "1"}},
		{method: "GET", path: "/v1/offices/" + newID() + "/pull?after=0", token: d.token},
		{method: "POST", path: d.path("/push"), token: d.token, body: protocol.PushRequest{BatchID: newID(), Ops: []protocol.Op{d.clientOp(newID(), "Anna")}}},
		{method: "POST", path: d.path("/push"), token: d.token, body: []byte(`{}`)},
		{method: "POST", path: d.path("/lease"), token: d.token, body: protocol.LeaseRequest{Registers: []protocol.RegisterRef{{Unit: "SO", JRWA: "5352", Year: thisYear}}}},
		{method: "GET", path: d.path("/conflicts"), token: d.token},
		{method: "POST", path: d.path("/conflicts/resolve"), token: d.token, body: protocol.ResolveRequest{ID: newID(), Choice: "kept"}},
		{method: "GET", path: d.path("/snapshot"), token: d.token},
		{method: "GET", path: d.path("/credentials"), token: d.token},
		{method: "POST", path: d.path("/session"), token: d.token, body: protocol.SessionRequest{Login: "nobody", Password: "x"}},
	}
	var last hlc.Timestamp
	codes := map[int]bool{}
	for _, c := range calls {
		a := send(t, r, c)
		codes[a.code] = true
		h := a.header.Get(protocol.HeaderHLC)
		ts, err := hlc.Parse(h)
		if err != nil {
			t.Fatalf("%s %s (%d): %s header %q: %v", c.method, c.path, a.code, protocol.HeaderHLC, h, err)
		}
		if ts.Compare(last) <= 0 {
			t.Fatalf("%s %s: registry stamp %s not after %s", c.method, c.path, ts, last)
		}
		// A device learns what the registry takes from any answer.
		if f := a.header.Get(protocol.HeaderFeatures); f != protocol.FeaturePushLease {
			t.Fatalf("%s %s (%d): %s %q", c.method, c.path, a.code, protocol.HeaderFeatures, f)
		}
		last = ts
	}
	for _, code := range []int{200, 400, 401, 403, 404, 426} {
		if !codes[code] {
			t.Errorf("no call answered %d; the list should cover it", code)
		}
	}
}

func TestEnrolmentCodeWorksOnce(t *testing.T) {
	ctx := context.Background()
	r := synctest.NewRegistry(t, nil, registry.Options{})
	code, exp, err := r.NewEnrollment(ctx, r.OfficeID, "desk 1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Until(exp); d < 23*time.Hour || d > 25*time.Hour {
		t.Fatalf("code expires in %v, want 24 h", d)
	}
	id := newID()
	var out protocol.EnrollResponse
	send(t, r, request{method: "POST", path: "/v1/enroll", body: protocol.EnrollRequest{Code: code, DeviceName: "desk 1", DeviceID: id}}).decode(t, &out)
	if out.Token == "" || out.OfficeID != r.OfficeID || out.DeviceID != id || out.Office == "" {
		t.Fatalf("enrolment answer %+v", out)
	}
	// The credential works.
	send(t, r, request{method: "GET", path: "/v1/offices/" + r.OfficeID + "/pull?after=0", token: out.Token}).decode(t, &protocol.PullResponse{})
	// The code is spent, whatever the device.
	for _, dev := range []string{id, newID()} {
		send(t, r, request{method: "POST", path: "/v1/enroll", body: protocol.EnrollRequest{Code: code, DeviceID: dev}}).
			wantError(t, http.StatusUnauthorized, "code_invalid")
	}
	// A code never issued.
	send(t, r, request{method: "POST", path: "/v1/enroll", body: protocol.EnrollRequest{Code: "ABCD-EFGH-JKMN", DeviceID: newID()}}).
		wantError(t, http.StatusUnauthorized, "code_invalid")
	// A malformed request is no attempt at a code.
	send(t, r, request{method: "POST", path: "/v1/enroll", body: protocol.EnrollRequest{Code: "short", DeviceID: newID()}}).
		wantError(t, http.StatusBadRequest, "bad_request")
}

func TestEnrolmentCodeExpires(t *testing.T) {
	ctx := context.Background()
	// The registry's clock is a variable the test moves forward.
	var skew atomic.Int64
	now := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
	r := synctest.NewRegistry(t, nil, registry.Options{Now: now})
	early, _, err := r.NewEnrollment(ctx, r.OfficeID, "early", nil)
	if err != nil {
		t.Fatal(err)
	}
	late, _, err := r.NewEnrollment(ctx, r.OfficeID, "late", nil)
	if err != nil {
		t.Fatal(err)
	}
	enrolWith := func(code string) answer {
		return send(t, r, request{method: "POST", path: "/v1/enroll", body: protocol.EnrollRequest{Code: code, DeviceID: newID()}})
	}
	skew.Store(int64(23 * time.Hour))
	enrolWith(early).decode(t, &protocol.EnrollResponse{}) // still within 24 h
	skew.Store(int64(25 * time.Hour))
	enrolWith(late).wantError(t, http.StatusUnauthorized, "code_invalid")
}

func TestUnauthorized(t *testing.T) {
	ctx := context.Background()
	r := synctest.NewRegistry(t, nil, registry.Options{})
	d := enrol(t, r, r.OfficeID)
	pull := d.path("/pull?after=0")
	for name, hdr := range map[string]string{
		"none":       "",
		"garbage":    "Bearer not-a-token",
		"basic auth": "Basic " + d.token,
		"empty":      "Bearer ",
		"bare token": d.token,
	} {
		t.Run(name, func(t *testing.T) {
			send(t, r, request{method: "GET", path: pull, header: map[string]string{protocol.HeaderAuth: hdr}}).
				wantError(t, http.StatusUnauthorized, "unauthorized")
		})
	}
	// Working until revoked, refused after, on every route.
	d.push(t, r, d.clientOp(newID(), "Anna"))
	if n, err := r.Revoke(ctx, d.id); err != nil || n != 0 {
		t.Fatalf("revoke: %d numbers cancelled, %v", n, err)
	}
	before := seq(t, r, d.office)
	d.pushRaw(t, r, protocol.PushRequest{BatchID: newID(), Ops: []protocol.Op{d.clientOp(newID(), "Ewa")}}).
		wantError(t, http.StatusUnauthorized, "unauthorized")
	d.call(t, r, request{method: "GET", path: pull}).wantError(t, http.StatusUnauthorized, "unauthorized")
	d.call(t, r, request{method: "POST", path: d.path("/lease"), body: protocol.LeaseRequest{Registers: []protocol.RegisterRef{{Unit: "SO", JRWA: "5352", Year: thisYear}}}}).
		wantError(t, http.StatusUnauthorized, "unauthorized")
	if after := seq(t, r, d.office); after != before {
		t.Fatalf("a revoked device's push moved the sequence %d → %d", before, after)
	}
}

func TestOtherOfficeIsForbidden(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	officeB := secondOffice(t, r)
	a, b := enrol(t, r, r.OfficeID), enrol(t, r, officeB)
	for _, path := range []string{"/pull?after=0", "/conflicts", "/snapshot"} {
		b.call(t, r, request{method: "GET", path: a.path(path)}).wantError(t, http.StatusForbidden, "forbidden")
		a.call(t, r, request{method: "GET", path: b.path(path)}).wantError(t, http.StatusForbidden, "forbidden")
	}
	before := seq(t, r, r.OfficeID)
	b.call(t, r, request{method: "POST", path: a.path("/push"), body: protocol.PushRequest{BatchID: newID(), Ops: []protocol.Op{b.clientOp(newID(), "Intruz")}}}).
		wantError(t, http.StatusForbidden, "forbidden")
	b.call(t, r, request{method: "POST", path: a.path("/lease"), body: protocol.LeaseRequest{Registers: []protocol.RegisterRef{{Unit: "SO", JRWA: "5352", Year: thisYear}}}}).
		wantError(t, http.StatusForbidden, "forbidden")
	if after := seq(t, r, r.OfficeID); after != before {
		t.Fatalf("office A's sequence moved %d → %d on B's refused calls", before, after)
	}
}

// TestOpNamingAnotherOffice: a device may only write rows of its office;
// the op is refused (and quarantined by the device), not applied.
func TestOpNamingAnotherOffice(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	officeB := secondOffice(t, r)
	a := enrol(t, r, r.OfficeID)
	foreign, numeric, own := newID(), newID(), newID()
	before := seq(t, r, r.OfficeID)
	res := a.push(t, r,
		a.op("client", foreign, protocol.Upsert, map[string]any{"id": foreign, "officeId": officeB, "firstName": "Anna"}),
		a.op("client", numeric, protocol.Upsert, map[string]any{"id": numeric, "officeId": 42, "firstName": "Ewa"}),
		a.clientOp(own, "Iga"),
	)
	want := []string{protocol.Rejected, protocol.Rejected, protocol.Applied}
	if got := statuses(res); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("statuses %v, want %v", got, want)
	}
	if res[0].Reason != "office mismatch" || res[1].Reason != "office mismatch" {
		t.Fatalf("reasons %q, %q", res[0].Reason, res[1].Reason)
	}
	if after := seq(t, r, r.OfficeID); after != before+1 {
		t.Fatalf("sequence %d → %d, want one row written", before, after)
	}
	rows := a.rows(t, r)
	if _, ok := rows["client/"+foreign]; ok {
		t.Fatal("the op naming another office was stored in A")
	}
	if _, ok := rows["client/"+numeric]; ok {
		t.Fatal("the op with a non-string officeId was stored")
	}
	if got := str(rows["client/"+own], "firstName"); got != "Iga" {
		t.Fatalf("own client firstName %q", got)
	}
	if n := seq(t, r, officeB); n != 0 {
		t.Fatalf("office B's sequence is %d, want 0", n)
	}
}

// TestOfficeIsolationOnPull: a device sees only its office's rows, even
// for a row whose id another office uses too.
func TestOfficeIsolationOnPull(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	officeB := secondOffice(t, r)
	a, b := enrol(t, r, r.OfficeID), enrol(t, r, officeB)
	if page := b.pull(t, r, 0, 100); len(page.Changes) != 0 || page.Cursor != 0 || page.More {
		t.Fatalf("a new office's first page: %+v", page)
	}
	shared, onlyA := newID(), newID()
	a.push(t, r, a.clientOp(shared, "Anna"), a.clientOp(onlyA, "Ewa"))
	a.call(t, r, request{method: "POST", path: a.path("/lease"), body: protocol.LeaseRequest{Registers: []protocol.RegisterRef{{Unit: "SO", JRWA: "5352", Year: thisYear}}}}).
		decode(t, &protocol.LeaseResponse{})
	if page := b.pull(t, r, 0, 100); len(page.Changes) != 0 {
		t.Fatalf("B sees %d of A's rows", len(page.Changes))
	}
	if res := b.push(t, r, b.clientOp(shared, "Beata")); res[0].Status != protocol.Applied {
		t.Fatalf("B's own row: %+v", res)
	}
	rowsB := b.rows(t, r)
	if len(rowsB) != 1 || str(rowsB["client/"+shared], "firstName") != "Beata" || str(rowsB["client/"+shared], "officeId") != officeB {
		t.Fatalf("B's rows: %+v", rowsB)
	}
	rowsA := a.rows(t, r)
	if str(rowsA["client/"+shared], "firstName") != "Anna" {
		t.Fatalf("B's write reached A's row: %+v", rowsA["client/"+shared])
	}
	for _, c := range rowsA {
		if o := str(c, "officeId"); o == officeB {
			t.Fatalf("A pulled a row of office B: %s/%s", c.Entity, c.EntityID)
		}
	}
}

func TestVersions(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	d := enrol(t, r, r.OfficeID)
	pull := d.path("/pull?after=0")
	for name, hdr := range map[string]map[string]string{
		"schema two behind":                {protocol.HeaderSchema: strconv.Itoa(protocol.SchemaVersion - 2)},
		"schema ahead":                     {protocol.HeaderSchema: strconv.Itoa(protocol.SchemaVersion + 1)},
		"schema missing":                   {protocol.HeaderSchema: ""},
		"schema not a number":              {protocol.HeaderSchema: "three"},
		"protocol ahead":                   {protocol.HeaderProtocol: strconv.Itoa(protocol.ProtocolVersion + 1)},
		"protocol 1 (before the v2 codec)": {protocol.HeaderProtocol: "1"},
		"protocol 0":                       {protocol.HeaderProtocol: "0"},
		"protocol missing":                 {protocol.HeaderProtocol: ""},
	} {
		t.Run(name, func(t *testing.T) {
			d.call(t, r, request{method: "GET", path: pull, header: hdr}).wantError(t, http.StatusUpgradeRequired, "upgrade")
		})
	}
	// Enrolment is versioned too: an old device cannot enrol.
	code, _, _ := r.NewEnrollment(context.Background(), r.OfficeID, "old", nil)
	send(t, r, request{method: "POST", path: "/v1/enroll", body: protocol.EnrollRequest{Code: code, DeviceID: newID()},
		header: map[string]string{protocol.HeaderSchema: strconv.Itoa(protocol.SchemaVersion - 2)}}).
		wantError(t, http.StatusUpgradeRequired, "upgrade")

	// A device one schema behind still syncs (an office updates its
	// devices one by one); this goes through the device's real client,
	// zstd both ways.
	old := client.New(r.URL, d.token, d.office, r.Server.Client()).WithSchema(protocol.SchemaVersion - 1)
	id := newID()
	op := d.clientOp(id, "Anna")
	resp, err := old.Push(context.Background(), protocol.PushRequest{BatchID: newID(), Ops: []protocol.Op{op}})
	if err != nil || resp.Results[0].Status != protocol.Applied {
		t.Fatalf("push from schema %d: %+v %v", protocol.SchemaVersion-1, resp, err)
	}
	if got := str(d.rows(t, r)["client/"+id], "firstName"); got != "Anna" {
		t.Fatalf("pushed row firstName %q", got)
	}
	if old.BytesReceived() == 0 {
		t.Fatal("client counted no answer bytes")
	}
}

// zeros is an endless stream of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func TestBodyTooLarge(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	d := enrol(t, r, r.OfficeID)
	before := seq(t, r, d.office)

	t.Run("compressed body over the limit", func(t *testing.T) {
		// Streamed: the registry must stop reading at the limit.
		body := io.LimitReader(zeros{}, registry.MaxCompressedBody+1<<20)
		d.call(t, r, request{method: "POST", path: d.path("/push"), body: body}).wantError(t, http.StatusRequestEntityTooLarge, "too_large")
	})
	// Bodies that stay small on the wire but decompress past MaxBodyBytes.
	plain := make([]byte, protocol.MaxBodyBytes+1<<20)
	t.Run("gzip bomb", func(t *testing.T) {
		var buf bytes.Buffer
		w, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
		w.Write(plain)
		w.Close()
		d.call(t, r, request{method: "POST", path: d.path("/push"), body: buf.Bytes(), enc: protocol.EncodingGzip}).
			wantError(t, http.StatusRequestEntityTooLarge, "too_large")
	})
	t.Run("zstd stream bomb", func(t *testing.T) {
		var buf bytes.Buffer
		w, _ := zstd.NewWriter(&buf, zstd.WithEncoderLevel(zstd.SpeedFastest))
		w.Write(plain)
		w.Close()
		d.call(t, r, request{method: "POST", path: d.path("/push"), body: buf.Bytes(), enc: protocol.EncodingZstd}).
			wantError(t, http.StatusRequestEntityTooLarge, "too_large")
	})
	t.Run("zstd single frame bomb", func(t *testing.T) {
		// EncodeAll (what protocol.Encode and so every device uses)
		// declares the content size in the frame header.
		enc, _ := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest))
		body := enc.EncodeAll(plain, nil)
		enc.Close()
		a := d.call(t, r, request{method: "POST", path: d.path("/push"), body: body, enc: protocol.EncodingZstd})
		if a.code == http.StatusBadRequest {
			t.Fatal("regression: protocol.decode turns zstd.ErrDecoderSizeExceeded into ErrInvalid when the frame declares its size, so the registry answers 400 bad_request instead of 413 too_large; the device then treats an oversized batch as invalid instead of splitting it")
		}
		a.wantError(t, http.StatusRequestEntityTooLarge, "too_large")
	})
	if after := seq(t, r, d.office); after != before {
		t.Fatalf("sequence moved %d → %d", before, after)
	}
}

func TestBadRequest(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	d := enrol(t, r, r.OfficeID)
	good := d.clientOp(newID(), "Anna")
	bad := good
	bad.ID = "not-a-uuid"
	for name, rq := range map[string]request{
		"truncated JSON":     {body: []byte(`{"batch":"`)},
		"not JSON":           {body: []byte(`hello`)},
		"unknown field":      {body: []byte(`{"batch":"` + newID() + `","ops":[],"extra":1}`)},
		"trailing data":      {body: append(mustJSON(t, protocol.PushRequest{BatchID: newID(), Ops: []protocol.Op{good}}), " {}"...)},
		"empty batch":        {body: protocol.PushRequest{BatchID: newID()}},
		"v4 batch id":        {body: protocol.PushRequest{BatchID: uuid.NewString(), Ops: []protocol.Op{good}}},
		"invalid op":         {body: protocol.PushRequest{BatchID: newID(), Ops: []protocol.Op{bad}}},
		"op twice":           {body: protocol.PushRequest{BatchID: newID(), Ops: []protocol.Op{good, good}}},
		"gzip label on JSON": {body: mustJSON(t, protocol.PushRequest{BatchID: newID(), Ops: []protocol.Op{good}}), enc: protocol.EncodingGzip},
		"unknown encoding":   {body: mustJSON(t, protocol.PushRequest{BatchID: newID(), Ops: []protocol.Op{good}}), enc: "br"},
	} {
		t.Run(name, func(t *testing.T) {
			rq.method, rq.path = "POST", d.path("/push")
			d.call(t, r, rq).wantError(t, http.StatusBadRequest, "bad_request")
		})
	}
	t.Run("bad lease", func(t *testing.T) {
		d.call(t, r, request{method: "POST", path: d.path("/lease"), body: protocol.LeaseRequest{Registers: []protocol.RegisterRef{{Unit: "SO", JRWA: "5352", Year: 1900}}}}).
			wantError(t, http.StatusBadRequest, "bad_request")
	})
	t.Run("bad resolution", func(t *testing.T) {
		d.call(t, r, request{method: "POST", path: d.path("/conflicts/resolve"), body: protocol.ResolveRequest{ID: newID(), Choice: "both"}}).
			wantError(t, http.StatusBadRequest, "bad_request")
	})
	// Nothing of the refused requests was applied: the good op is still new.
	if res := d.push(t, r, good); res[0].Status != protocol.Applied {
		t.Fatalf("good op after the refusals: %+v", res)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestIdempotentBatches(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	d := enrol(t, r, r.OfficeID)
	ids := []string{newID(), newID(), newID()}
	batch := protocol.PushRequest{BatchID: newID(), Ops: []protocol.Op{d.clientOp(ids[0], "Anna"), d.clientOp(ids[1], "Ewa"), d.clientOp(ids[2], "Iga")}}

	first := d.pushRaw(t, r, batch)
	var firstAns protocol.PushResponse
	first.decode(t, &firstAns)
	if got := statuses(firstAns.Results); fmt.Sprint(got) != "[applied applied applied]" {
		t.Fatalf("first push: %v", got)
	}
	seqAfter := seq(t, r, d.office)
	if firstAns.Seq != seqAfter {
		t.Fatalf("answer seq %d, office seq %d", firstAns.Seq, seqAfter)
	}

	// The connection dropped before the device read the answer: it sends
	// the same batch again and must get the same answer, applied once.
	replay := d.pushRaw(t, r, batch)
	if replay.code != http.StatusOK || !bytes.Equal(replay.body, first.body) {
		t.Fatalf("replayed batch answered\n %s\nwant\n %s", replay.body, first.body)
	}
	if n := seq(t, r, d.office); n != seqAfter {
		t.Fatalf("replay moved the sequence %d → %d", seqAfter, n)
	}

	// A new batch carrying an op already applied (the device re-batched
	// its outbox): that op is a duplicate, the new one applies.
	again := batch.Ops[1]
	again.Fields = map[string]json.RawMessage{"firstName": json.RawMessage(`"Changed"`)}
	again.HLC = d.clock.Now().String() // even newer: a second application would win the merge
	fresh := d.clientOp(newID(), "Ola")
	res := d.push(t, r, again, fresh)
	if got := statuses(res); fmt.Sprint(got) != "[duplicate applied]" {
		t.Fatalf("mixed batch: %v", got)
	}
	if n := seq(t, r, d.office); n != seqAfter+1 {
		t.Fatalf("sequence %d → %d, want only the fresh op written", seqAfter, n)
	}
	rows := d.rows(t, r)
	for i, want := range []string{"Anna", "Ewa", "Iga"} {
		if got := str(rows["client/"+ids[i]], "firstName"); got != want {
			t.Errorf("client %d firstName %q, want %q", i, got, want)
		}
	}
}

// TestAppendOnlyNeverChanges: case events and audit entries are records;
// once stored, a later op for the same id changes nothing.
func TestAppendOnlyNeverChanges(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	d := enrol(t, r, r.OfficeID)
	ev, caseID := newID(), newID()
	d.newCase(t, r, caseID)
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	first := d.op("case_event", ev, protocol.Append, map[string]any{"id": ev, "caseId": caseID, "kind": "registered", "to": "registered", "detail": "first", "at": at,
		"staffId": d.people[0]})
	if res := d.push(t, r, first); res[0].Status != protocol.Applied {
		t.Fatalf("first append: %+v", res)
	}
	before := seq(t, r, d.office)
	second := d.op("case_event", ev, protocol.Append, map[string]any{"id": ev, "caseId": caseID, "kind": "status", "to": "settled", "detail": "second", "at": at})
	res := d.push(t, r, second)
	if res[0].Status == protocol.Rejected || res[0].Status == protocol.Conflict {
		t.Fatalf("second append: %+v", res)
	}
	row := d.rows(t, r)["case_event/"+ev]
	if str(row, "detail") != "first" || str(row, "to") != "registered" || str(row, "kind") != "registered" {
		t.Fatalf("append row changed: %+v", row.Fields)
	}
	if row.Fields["detail"].H != first.HLC {
		t.Fatalf("detail stamp %s, want the first op's %s", row.Fields["detail"].H, first.HLC)
	}
	if n := seq(t, r, d.office); n != before {
		t.Fatalf("sequence %d → %d on an ignored append", before, n)
	}
	// The kinds are fixed per entity.
	upsert := d.op("case_event", newID(), protocol.Upsert, map[string]any{"note": "x"})
	appendClient := d.op("client", newID(), protocol.Append, map[string]any{"firstName": "x"})
	deleteEvent := d.op("case_event", ev, protocol.Delete, nil)
	unknown := d.op("secret_table", newID(), protocol.Upsert, map[string]any{"x": 1})
	for i, res := range d.push(t, r, upsert, appendClient, deleteEvent, unknown) {
		if res.Status != protocol.Rejected {
			t.Errorf("op %d: %+v, want rejected", i, res)
		}
	}
	if row := d.rows(t, r)["case_event/"+ev]; row.Deleted || str(row, "detail") != "first" {
		t.Fatalf("append row after a delete attempt: %+v", row)
	}
}

func TestClockSkew(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	d := enrol(t, r, r.OfficeID)
	id := newID()
	op := d.clientOp(id, "Anna")
	op.HLC = hlc.Timestamp{Wall: time.Now().Add(10 * time.Minute).UnixMilli(), Node: d.id}.String()
	before := seq(t, r, d.office)
	res := d.push(t, r, op)
	if res[0].Status != protocol.ClockSkew {
		t.Fatalf("op 10 min ahead: %+v", res)
	}
	if _, ok := d.rows(t, r)["client/"+id]; ok || seq(t, r, d.office) != before {
		t.Fatal("an op stamped in the future was applied")
	}
	// The registry's clock did not jump to the refused stamp either.
	if reg := r.Clock().Last(); reg.Wall > time.Now().Add(time.Minute).UnixMilli() {
		t.Fatalf("registry clock dragged to %s", reg)
	}
	// Re-stamped with a corrected clock, the same op id goes through.
	op.HLC = d.clock.Now().String()
	if res := d.push(t, r, op); res[0].Status != protocol.Applied {
		t.Fatalf("re-stamped op: %+v", res)
	}
	if got := str(d.rows(t, r)["client/"+id], "firstName"); got != "Anna" {
		t.Fatalf("re-stamped op not stored: %q", got)
	}
}

func TestCaseNumbers(t *testing.T) {
	ctx := context.Background()
	r := synctest.NewRegistry(t, nil, registry.Options{})
	a, b := enrol(t, r, r.OfficeID), enrol(t, r, r.OfficeID)
	so := protocol.RegisterRef{Unit: "SO", JRWA: "5352", Year: thisYear}
	lease := func(d *device) protocol.Lease {
		var out protocol.LeaseResponse
		d.call(t, r, request{method: "POST", path: d.path("/lease"), body: protocol.LeaseRequest{Registers: []protocol.RegisterRef{so}}}).decode(t, &out)
		if len(out.Leases) != 1 || out.Leases[0].RegisterRef != so {
			t.Fatalf("lease answer %+v", out)
		}
		return out.Leases[0]
	}
	if l := lease(a); l.First != 1 || l.Last != 20 {
		t.Fatalf("A's lease %d..%d, want 1..20", l.First, l.Last)
	}
	if l := lease(b); l.First != 21 || l.Last != 40 {
		t.Fatalf("B's lease %d..%d, want 21..40", l.First, l.Last)
	}

	// The numbers arrive as case_number rows: A's are reserved for A.
	// numbersOf lists, as viewer pulls them, the numbers leased to owner.
	numbersOf := func(viewer, owner *device) map[int]protocol.Change {
		out := map[int]protocol.Change{}
		for _, c := range viewer.rows(t, r) {
			if c.Entity != "case_number" || str(c, "deviceId") != owner.id {
				continue
			}
			var no int
			_ = json.Unmarshal(c.Fields["no"].V, &no)
			out[no] = c
		}
		return out
	}
	mine, theirs := numbersOf(a, a), numbersOf(a, b)
	if len(mine) != 20 || len(theirs) != 20 {
		t.Fatalf("A holds %d numbers, B %d; want 20 each", len(mine), len(theirs))
	}
	for no := 1; no <= 20; no++ {
		c, ok := mine[no]
		if !ok || str(c, "state") != "reserved" || str(c, "unit") != "SO" || str(c, "jrwa") != "5352" || str(c, "officeId") != a.office {
			t.Fatalf("A's number %d: %+v", no, c.Fields)
		}
	}

	// A may not touch B's numbers, nor invent numbers.
	caseID := newID()
	useOf := func(d *device, c protocol.Change) protocol.Op {
		return d.op("case_number", c.EntityID, protocol.Upsert, map[string]any{"state": "used", "caseId": caseID})
	}
	invented := newID()
	res := a.push(t, r,
		useOf(a, theirs[21]),
		a.op("case_number", invented, protocol.Upsert, map[string]any{"id": invented, "officeId": a.office, "unit": "SO", "jrwa": "5352", "year": thisYear, "no": 41, "state": "used", "deviceId": a.id}),
		a.op("case_number", mine[2].EntityID, protocol.Upsert, map[string]any{"no": 99}),        // fixed field
		a.op("case_number", mine[3].EntityID, protocol.Upsert, map[string]any{"state": "lost"}), // unknown state
	)
	for i, s := range res {
		if s.Status != protocol.Rejected {
			t.Errorf("number op %d: %+v, want rejected", i, s)
		}
	}
	// Its own number it marks used.
	if res := a.push(t, r, useOf(a, mine[1])); res[0].Status != protocol.Applied {
		t.Fatalf("marking own number used: %+v", res)
	}
	mine, theirs = numbersOf(a, a), numbersOf(a, b)
	if c := mine[1]; str(c, "state") != "used" || str(c, "caseId") != caseID {
		t.Fatalf("number 1 after use: %+v", c.Fields)
	}
	if c := theirs[21]; str(c, "state") != "reserved" || str(c, "caseId") != "" {
		t.Fatalf("B's number 21 changed: %+v", c.Fields)
	}
	// A used number stays used.
	if res := a.push(t, r, a.op("case_number", mine[1].EntityID, protocol.Upsert, map[string]any{"state": "cancelled"})); res[0].Status != protocol.Rejected {
		t.Fatalf("cancelling a used number: %+v", res)
	}

	// Revoking A cancels its 19 unused numbers; the register accounts for
	// every number 1..40.
	n, err := r.Revoke(ctx, a.id)
	if err != nil || n != 19 {
		t.Fatalf("revoke: %d cancelled, %v; want 19", n, err)
	}
	mine = numbersOf(b, a) // A is revoked: B pulls the office's rows
	for no := 2; no <= 20; no++ {
		if c := mine[no]; str(c, "state") != "cancelled" || str(c, "note") != "revoked" {
			t.Fatalf("A's number %d after revoke: %+v", no, c.Fields)
		}
	}
	if str(mine[1], "state") != "used" {
		t.Fatalf("A's used number after revoke: %+v", mine[1].Fields)
	}
	lines, err := r.Register(ctx, r.OfficeID, "SO", "5352", thisYear)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for i, l := range lines {
		if l.No != i+1 {
			t.Fatalf("line %d has number %d", i, l.No)
		}
		count[l.State]++
	}
	if len(lines) != 40 || count["missing"] != 0 || count["used"] != 1 || count["cancelled"] != 19 || count["reserved"] != 20 {
		t.Fatalf("register: %d lines, states %v", len(lines), count)
	}
}

func TestPullPaging(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	d := enrol(t, r, r.OfficeID)
	d.push(t, r, d.clientOp(newID(), "Anna"), d.clientOp(newID(), "Ewa"), d.clientOp(newID(), "Iga"))
	officeSeq := seq(t, r, d.office)

	// One big page is the reference.
	all := d.pull(t, r, 0, protocol.MaxPullLimit)
	if all.More || len(all.Changes) < 10 || all.Cursor != officeSeq {
		t.Fatalf("whole feed: %d changes, cursor %d (office seq %d), more %v", len(all.Changes), all.Cursor, officeSeq, all.More)
	}
	var walked []protocol.Change
	after, pages := int64(0), 0
	for {
		page := d.pull(t, r, after, 2)
		pages++
		if page.More && len(page.Changes) != 2 {
			t.Fatalf("page %d has %d changes and more", pages, len(page.Changes))
		}
		if len(page.Changes) > 0 && (page.Changes[0].Seq <= after || page.Cursor != page.Changes[len(page.Changes)-1].Seq) {
			t.Fatalf("page %d after %d: seqs %d.., cursor %d", pages, after, page.Changes[0].Seq, page.Cursor)
		}
		walked = append(walked, page.Changes...)
		after = page.Cursor
		if !page.More {
			break
		}
		if pages > len(all.Changes) {
			t.Fatal("paging does not end")
		}
	}
	if len(walked) != len(all.Changes) || after != officeSeq {
		t.Fatalf("walked %d changes to cursor %d; want %d to %d", len(walked), after, len(all.Changes), officeSeq)
	}
	for i := range walked {
		if walked[i].Seq != all.Changes[i].Seq || walked[i].EntityID != all.Changes[i].EntityID {
			t.Fatalf("change %d: paged %d %s, whole %d %s", i, walked[i].Seq, walked[i].EntityID, all.Changes[i].Seq, all.Changes[i].EntityID)
		}
	}
	// At the head: an empty page that keeps the cursor.
	if page := d.pull(t, r, officeSeq, 2); len(page.Changes) != 0 || page.More || page.Cursor != officeSeq {
		t.Fatalf("page at the head: %+v", page)
	}

	// A cursor the office never reached (a registry restored from an
	// older backup) makes the device start over.
	d.call(t, r, request{method: "GET", path: d.path(fmt.Sprintf("/pull?after=%d", officeSeq+1))}).wantError(t, http.StatusGone, "must_refetch")
	for _, q := range []string{"after=-1", "after=abc", "after=", "", "after=1.5"} {
		d.call(t, r, request{method: "GET", path: d.path("/pull?" + q)}).wantError(t, http.StatusBadRequest, "bad_request")
	}
}

// TestConflicts walks a status conflict from the push that makes it to
// the person who resolves it.
func TestConflicts(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	a, b := enrol(t, r, r.OfficeID), enrolFor(t, r, r.OfficeID, head)
	x := newID()
	created := a.newCase(t, r, x)
	seen := b.rows(t, r)["case_file/"+x].Fields["status"].H
	if seen != created.HLC {
		t.Fatalf("B sees status stamp %s, want A's %s", seen, created.HLC)
	}
	// B settles the case, having seen A's value: no conflict.
	settle := b.op("case_file", x, protocol.Upsert, map[string]any{"status": "settled"})
	settle.Base = map[string]string{"status": seen}
	if res := b.push(t, r, settle); res[0].Status != protocol.Applied {
		t.Fatalf("B's settle: %+v", res)
	}
	// A, offline meanwhile, moves it on from the value it saw.
	progress := a.op("case_file", x, protocol.Upsert, map[string]any{"status": "in_progress"})
	progress.Base = map[string]string{"status": created.HLC}
	if res := a.push(t, r, progress); res[0].Status != protocol.Conflict {
		t.Fatalf("A's stale change: %+v, want conflict", res)
	}
	if n := metric(t, r, "okienko_conflicts_total"); n != 1 {
		t.Errorf("okienko_conflicts_total = %d", n)
	}

	var open []protocol.ConflictView
	b.call(t, r, request{method: "GET", path: b.path("/conflicts")}).decode(t, &open)
	if len(open) != 1 {
		t.Fatalf("%d open conflicts, want 1: %+v", len(open), open)
	}
	c := open[0]
	if c.Entity != "case_file" || c.EntityID != x || c.DeviceID != a.id ||
		string(c.Kept["status"].V) != `"settled"` || string(c.Rejected["status"].V) != `"in_progress"` || c.Rejected["status"].H != progress.HLC {
		t.Fatalf("conflict %+v", c)
	}
	if _, err := time.Parse(time.RFC3339, c.At); err != nil {
		t.Fatalf("conflict time %q: %v", c.At, err)
	}
	// The value in force is re-stamped past the set-aside one, so a
	// replica that applied A's write locally converges back.
	row := a.rows(t, r)["case_file/"+x]
	if str(row, "status") != "settled" || row.Fields["status"].H <= progress.HLC {
		t.Fatalf("row after conflict: %+v (rejected stamp %s)", row.Fields["status"], progress.HLC)
	}

	// A person (a head, signed in on B) takes the set-aside value.
	var left []protocol.ConflictView
	hb := as(b.person(t, r, head))
	b.call(t, r, request{method: "POST", path: b.path("/conflicts/resolve"), body: protocol.ResolveRequest{ID: c.ID, Choice: "rejected"}, header: hb}).decode(t, &left)
	if len(left) != 0 {
		t.Fatalf("conflicts left after resolving: %+v", left)
	}
	after := a.rows(t, r)["case_file/"+x]
	if str(after, "status") != "in_progress" || after.Fields["status"].H <= row.Fields["status"].H {
		t.Fatalf("row after resolution: %+v (before %+v)", after.Fields["status"], row.Fields["status"])
	}
	b.call(t, r, request{method: "GET", path: b.path("/conflicts")}).decode(t, &left)
	if len(left) != 0 {
		t.Fatalf("conflicts listed after resolving: %+v", left)
	}
	// Deciding twice is refused and changes nothing.
	again := b.call(t, r, request{method: "POST", path: b.path("/conflicts/resolve"), body: protocol.ResolveRequest{ID: c.ID, Choice: "kept"}, header: hb})
	if again.code == http.StatusOK {
		t.Fatalf("second resolution accepted: %s", again.body)
	}
	again.wantError(t, http.StatusConflict, "exists")
	if final := a.rows(t, r)["case_file/"+x]; str(final, "status") != "in_progress" || final.Fields["status"].H != after.Fields["status"].H {
		t.Fatalf("row changed by the refused resolution: %+v", final.Fields["status"])
	}
	b.call(t, r, request{method: "POST", path: b.path("/conflicts/resolve"), body: protocol.ResolveRequest{ID: newID(), Choice: "kept"}, header: hb}).
		wantError(t, http.StatusNotFound, "not_found")
}

// TestConflictOfAnotherOffice: a device cannot see nor decide another
// office's conflicts, even knowing the id.
func TestConflictOfAnotherOffice(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	a1, a2 := enrol(t, r, r.OfficeID), enrol(t, r, r.OfficeID)
	// The other office's head, signed in on its own device.
	second := secondOffice(t, r)
	hash, _ := auth.Hash(demo.Password, synctest.Cheap)
	boss := demo.StaffAccount{Staff: office.Staff{ID: newID(), Login: "szefowa", FirstName: "Ewa", LastName: "Druga", Role: office.RoleHead, Active: true},
		PasswordHash: hash}
	if _, err := r.ImportStaff(context.Background(), second, []demo.StaffAccount{boss}); err != nil {
		t.Fatal(err)
	}
	other := enrolFor(t, r, second, boss.Login)
	var otherHead protocol.SessionResponse
	other.signIn(t, r, boss.Login, demo.Password).decode(t, &otherHead)
	x := newID()
	created := a1.newCase(t, r, x)
	s1 := a2.op("case_file", x, protocol.Upsert, map[string]any{"status": "settled"})
	s1.Base = map[string]string{"status": created.HLC}
	a2.push(t, r, s1)
	s2 := a1.op("case_file", x, protocol.Upsert, map[string]any{"status": "in_progress"})
	s2.Base = map[string]string{"status": created.HLC}
	if res := a1.push(t, r, s2); res[0].Status != protocol.Conflict {
		t.Fatalf("setup: %+v", res)
	}
	var open []protocol.ConflictView
	other.call(t, r, request{method: "GET", path: other.path("/conflicts")}).decode(t, &open)
	if len(open) != 0 {
		t.Fatalf("office B lists A's conflicts: %+v", open)
	}
	a1.call(t, r, request{method: "GET", path: a1.path("/conflicts")}).decode(t, &open)
	if len(open) != 1 {
		t.Fatalf("office A: %+v", open)
	}
	other.call(t, r, request{method: "POST", path: other.path("/conflicts/resolve"), body: protocol.ResolveRequest{ID: open[0].ID, Choice: "rejected"},
		header: as(otherHead.Token)}).wantError(t, http.StatusNotFound, "not_found")
	if row := a1.rows(t, r)["case_file/"+x]; str(row, "status") != "settled" {
		t.Fatalf("B's resolution reached A's row: %+v", row.Fields["status"])
	}
}

// TestDevicesDoNotDelete: a device never deletes a row (a client's data
// is erased at the registry, by a person with that authority); a
// tombstone the registry wrote stays, whatever a device pushes later.
func TestDevicesDoNotDelete(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	d := enrol(t, r, r.OfficeID)
	id := newID()
	d.push(t, r, d.clientOp(id, "Anna"))
	before := seq(t, r, d.office)
	res := d.push(t, r, d.op("client", id, protocol.Delete, nil))
	if res[0].Status != protocol.Rejected || res[0].Reason != registry.ReasonNoDeletes {
		t.Fatalf("a device's delete: %+v", res)
	}
	if row := d.rows(t, r)["client/"+id]; row.Deleted || seq(t, r, d.office) != before {
		t.Fatalf("a refused delete changed the row: deleted %v", row.Deleted)
	}
	// The registry erases it: a tombstone every device pulls.
	err := r.Store().InTx(context.Background(), d.office, func(tx store.Tx) error {
		cur, _, err := tx.Row(context.Background(), "client", id)
		if err != nil {
			return err
		}
		_, err = tx.PutRow(context.Background(), "client", id, cur.Fields, true)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if res := d.push(t, r, d.clientOp(id, "Ewa")); res[0].Status != protocol.Rejected {
		t.Fatalf("an edit of an erased client: %+v", res)
	}
	if row := d.rows(t, r)["client/"+id]; !row.Deleted || str(row, "firstName") != "Anna" {
		t.Fatalf("row after the registry's delete: deleted %v, %q", row.Deleted, str(row, "firstName"))
	}
}

// TestBatchIDBelongsToItsDevice: a batch id is the idempotency key of one
// device's batch; another device (here of another office) sending the same
// id is not a replay and must not receive the first device's answer.
func TestBatchIDBelongsToItsDevice(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	a, b := enrol(t, r, r.OfficeID), enrol(t, r, secondOffice(t, r))
	batchID := newID()
	var first protocol.PushResponse
	a.pushRaw(t, r, protocol.PushRequest{BatchID: batchID, Ops: []protocol.Op{a.clientOp(newID(), "Anna")}}).decode(t, &first)

	id := newID()
	op := b.clientOp(id, "Beata")
	ans := b.pushRaw(t, r, protocol.PushRequest{BatchID: batchID, Ops: []protocol.Op{op}})
	if ans.code != http.StatusOK {
		return // refusing the reused id is fine too
	}
	var got protocol.PushResponse
	ans.decode(t, &got)
	if len(got.Results) == 1 && got.Results[0].ID == first.Results[0].ID {
		t.Fatal("regression: the batches table is keyed by batch id alone (Tx.Batch ignores office and device), so a device of office B sending a batch id used in office A gets A's stored answer (A's op ids and outcomes) and its own ops are silently not applied")
	}
	if len(got.Results) != 1 || got.Results[0].ID != op.ID || got.Results[0].Status != protocol.Applied {
		t.Fatalf("answer %+v", got)
	}
	if str(b.rows(t, r)["client/"+id], "firstName") != "Beata" {
		t.Fatal("B's op not stored")
	}
}

// TestUsedNumberKeepsItsCase: a number spent on a case is part of the
// register; the device may not re-point it to another case.
func TestUsedNumberKeepsItsCase(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{})
	d := enrol(t, r, r.OfficeID)
	var lease protocol.LeaseResponse
	d.call(t, r, request{method: "POST", path: d.path("/lease"), body: protocol.LeaseRequest{Registers: []protocol.RegisterRef{{Unit: "SO", JRWA: "5352", Year: thisYear}}}}).decode(t, &lease)
	var number string
	for _, c := range d.rows(t, r) {
		if c.Entity == "case_number" && string(c.Fields["no"].V) == "1" {
			number = c.EntityID
		}
	}
	first, second := newID(), newID()
	if res := d.push(t, r, d.op("case_number", number, protocol.Upsert, map[string]any{"state": "used", "caseId": first})); res[0].Status != protocol.Applied {
		t.Fatalf("use: %+v", res)
	}
	res := d.push(t, r, d.op("case_number", number, protocol.Upsert, map[string]any{"caseId": second}))
	row := d.rows(t, r)["case_number/"+number]
	if res[0].Status == protocol.Applied && str(row, "caseId") == second {
		t.Fatal("regression: numberRule checks state transitions only when the op carries \"state\"; an op with just caseId (or note) re-points a used or cancelled number to another case")
	}
	if res[0].Status != protocol.Rejected || str(row, "caseId") != first {
		t.Fatalf("re-pointing a used number: %+v, caseId %q", res, str(row, "caseId"))
	}
}

// TestNumberUsedAfterYearClosed: the registry closed the year while a laptop,
// offline since December, registered a case under its leased number. The
// late use wins over the closing's cancellation (the register shows the
// case, not a cancelled number); a number cancelled for another reason,
// or leased to another device, stays as it is.
func TestNumberUsedAfterYearClosed(t *testing.T) {
	ctx := context.Background()
	r := synctest.NewRegistry(t, nil, registry.Options{})
	a, b := enrol(t, r, r.OfficeID), enrol(t, r, r.OfficeID)
	so := protocol.RegisterRef{Unit: "SO", JRWA: "5352", Year: thisYear}
	numbers := map[string]map[int]string{} // device -> no -> number id
	for _, d := range []*device{a, b} {
		d.call(t, r, request{method: "POST", path: d.path("/lease"), body: protocol.LeaseRequest{Registers: []protocol.RegisterRef{so}}})
	}
	// The late op is stamped before the closing.
	lateUse := a.op("case_number", "", protocol.Upsert, nil)
	for _, c := range a.rows(t, r) {
		if c.Entity != "case_number" {
			continue
		}
		owner := str(c, "deviceId")
		if numbers[owner] == nil {
			numbers[owner] = map[int]string{}
		}
		var no int
		_ = json.Unmarshal(c.Fields["no"].V, &no)
		numbers[owner][no] = c.EntityID
	}
	caseID := newID()
	lateUse.EntityID = numbers[a.id][1]
	lateUse.Fields = map[string]json.RawMessage{"state": json.RawMessage(`"used"`), "caseId": mustJSON(t, caseID)}
	// A cancelled number 3 itself, for its own reason, before the closing.
	if res := a.push(t, r, a.op("case_number", numbers[a.id][3], protocol.Upsert, map[string]any{"state": "cancelled", "note": "printer jam"})); res[0].Status != protocol.Applied {
		t.Fatalf("cancelling number 3: %+v", res)
	}
	if n, err := r.CloseYear(ctx, r.OfficeID, thisYear); err != nil || n != 39 {
		t.Fatalf("close year: %d cancelled, %v; want 39", n, err)
	}
	// Used late, but on B's case: held to what any use is, so refused
	// (before, the late path skipped the checks and the register printed
	// B's case at A's number).
	theirCase := b.newCase(t, r, newID())
	if res := a.push(t, r, a.op("case_number", numbers[a.id][4], protocol.Upsert, map[string]any{"state": "used", "caseId": theirCase.EntityID})); res[0].Status != protocol.Rejected || !strings.Contains(res[0].Reason, "another device") {
		t.Fatalf("a late use on another device's case: %+v", res)
	}
	res := a.push(t, r, lateUse,
		a.op("case_number", numbers[b.id][21], protocol.Upsert, map[string]any{"state": "used", "caseId": newID()}),
		a.op("case_number", numbers[a.id][3], protocol.Upsert, map[string]any{"state": "used", "caseId": newID()}))
	if statuses(res)[0] != protocol.Applied || res[1].Status != protocol.Rejected || res[2].Status != protocol.Rejected {
		t.Fatalf("late use, use of B's number, use of a number A cancelled: %v; want applied, rejected, rejected", statuses(res))
	}
	rows := b.rows(t, r)
	if c := rows["case_number/"+numbers[a.id][1]]; str(c, "state") != "used" || str(c, "caseId") != caseID || str(c, "note") != "" {
		t.Fatalf("number 1 after its late use: %+v", c.Fields)
	}
	if c := rows["case_number/"+numbers[a.id][2]]; str(c, "state") != "cancelled" || str(c, "note") != registry.NoteYearEnd {
		t.Fatalf("number 2, never used: %+v", c.Fields)
	}
	// The same op again is a duplicate, not a second change.
	if res := a.push(t, r, lateUse); res[0].Status != protocol.Duplicate {
		t.Fatalf("late use replayed: %+v", res)
	}
	lines, err := r.Register(ctx, r.OfficeID, "SO", "5352", thisYear)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, l := range lines {
		count[l.State]++
	}
	if len(lines) != 40 || count["used"] != 1 || count["cancelled"] != 39 || count["missing"] != 0 {
		t.Fatalf("register after the late use: %d lines, %v", len(lines), count)
	}
}

// TestMetricsForTheOperatorOnly: /metrics names every office and device,
// so it answers this computer (not through a proxy) or, with a token
// set, whoever sends the token; anyone else gets 403 or 401.
func TestMetricsForTheOperatorOnly(t *testing.T) {
	get := func(h http.Handler, remote string, header ...string) int {
		req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		req.RemoteAddr = remote
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code == http.StatusOK && !strings.Contains(rec.Body.String(), "okienko_ops_pushed_total") {
			t.Errorf("metrics answered without them: %q", rec.Body.String())
		}
		if rec.Code != http.StatusOK && strings.Contains(rec.Body.String(), "okienko_") {
			t.Errorf("a refusal carries metrics: %q", rec.Body.String())
		}
		return rec.Code
	}
	open := registry.New(synctest.OpenStore(t, "sqlite"), registry.Options{}).Handler()
	for _, c := range []struct {
		remote string
		header []string
		want   int
	}{
		{"127.0.0.1:5000", nil, http.StatusOK},
		{"[::1]:5000", nil, http.StatusOK},
		{"192.0.2.7:5000", nil, http.StatusForbidden},
		{"10.0.0.3:5000", nil, http.StatusForbidden},
		{"127.0.0.1:5000", []string{"X-Forwarded-For", "203.0.113.9"}, http.StatusForbidden},
		{"127.0.0.1:5000", []string{"Forwarded", "for=203.0.113.9"}, http.StatusForbidden},
		{"127.0.0.1:5000", []string{"X-Forwarded-For", ""}, http.StatusForbidden},
		{"127.0.0.1:5000", []string{"Via", "1.1 proxy"}, http.StatusForbidden},
		{"127.0.0.1:5000", []string{"X-Forwarded-Proto", "https"}, http.StatusForbidden},
	} {
		if got := get(open, c.remote, c.header...); got != c.want {
			t.Errorf("no token, from %s %v: %d, want %d", c.remote, c.header, got, c.want)
		}
	}
	const token = "f3a9c1d8e2b7a6c5d4e3f2a1b0c9d8e7"
	guarded := registry.New(synctest.OpenStore(t, "sqlite"), registry.Options{MetricsToken: token}).Handler()
	for _, c := range []struct {
		remote string
		header []string
		want   int
	}{
		{"192.0.2.7:5000", []string{"Authorization", "Bearer " + token}, http.StatusOK},
		{"192.0.2.7:5000", nil, http.StatusUnauthorized},
		{"127.0.0.1:5000", nil, http.StatusUnauthorized},
		{"192.0.2.7:5000", []string{"Authorization", "Bearer " + token[:len(token)-1]}, http.StatusUnauthorized},
		{"192.0.2.7:5000", []string{"Authorization", "Basic " + token}, http.StatusUnauthorized},
	} {
		if got := get(guarded, c.remote, c.header...); got != c.want {
			t.Errorf("with a token, from %s %v: %d, want %d", c.remote, c.header, got, c.want)
		}
	}
}

// TestUsedNumberNamesItsOwnCase: a device spends its numbers on its own
// cases only. Marking a number of its lease used by a case registered on
// another device would print that case, its client and matter, at this
// number of the register (spis spraw) beside its own sign elsewhere.
func TestUsedNumberNamesItsOwnCase(t *testing.T) {
	forEachStore(t, registry.Options{}, func(t *testing.T, r *synctest.Registry) {
		a, b := enrol(t, r, r.OfficeID), enrol(t, r, r.OfficeID)
		var lease protocol.LeaseResponse
		a.call(t, r, request{method: "POST", path: a.path("/lease"), body: protocol.LeaseRequest{Registers: []protocol.RegisterRef{{Unit: "SO", JRWA: "5352", Year: thisYear}}}}).decode(t, &lease)
		numbers := map[string]string{}
		for _, c := range a.rows(t, r) {
			if c.Entity == "case_number" && str(c, "deviceId") == a.id {
				numbers[string(c.Fields["no"].V)] = c.EntityID
			}
		}
		theirs, own := newID(), newID()
		b.newCase(t, r, theirs)
		a.newCase(t, r, own)
		use := func(no, caseID string) protocol.OpResult {
			return a.push(t, r, a.op("case_number", numbers[no], protocol.Upsert, map[string]any{"state": "used", "caseId": caseID}))[0]
		}
		if res := use("1", theirs); res.Status != protocol.Rejected {
			t.Errorf("a number used by another device's case: %+v", res)
		}
		if c := a.rows(t, r)["case_number/"+numbers["1"]]; str(c, "state") != "reserved" || str(c, "caseId") != "" {
			t.Fatalf("number 1 after the refusal: %+v", c.Fields)
		}
		// Its own provisional case, and a case it registers next, take one.
		if res := use("2", own); res.Status != protocol.Applied {
			t.Errorf("a number used by its own provisional case: %+v", res)
		}
		if res := use("3", newID()); res.Status != protocol.Applied {
			t.Errorf("a number used by a case registered next: %+v", res)
		}
	})
}
