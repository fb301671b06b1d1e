package faults

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math/bits"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"okienko/sync/hlc"
	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/synctest"
)

// The attacks of issue 10, made by a hand-written client holding a stolen
// device token, against the real registry process on SQLite and on
// PostgreSQL. Each must be refused, the legitimate ops of the same batch
// must still apply, and another device must pull nothing hostile.

// registryStores starts one registry process per store: SQLite always,
// PostgreSQL when OKIENKO_TEST_PG names a server (CI sets it), and two
// processes on one PostgreSQL database behind a proxy that alternates
// (twice, so that each request goes to each).
func registryStores(t *testing.T) map[string]func(t *testing.T) *Registry {
	out := map[string]func(t *testing.T) *Registry{
		"sqlite": func(t *testing.T) *Registry { return StartRegistry(t, 20) },
	}
	if dsn := os.Getenv("OKIENKO_TEST_PG"); dsn != "" {
		out["postgres"] = func(t *testing.T) *Registry {
			return startRegistry(t, []string{"--db", synctest.FreshSchema(t, dsn)}, 20, "--snapshots", "none")
		}
		out["postgres, two registries"] = func(t *testing.T) *Registry { return startTwoRegistries(t, synctest.FreshSchema(t, dsn), 20, 0) }
		out["postgres, two registries, the other first"] = func(t *testing.T) *Registry { return startTwoRegistries(t, synctest.FreshSchema(t, dsn), 20, 1) }
	} else {
		t.Log("OKIENKO_TEST_PG not set: the PostgreSQL registry is not tested here")
	}
	return out
}

// intruder is a device token in the wrong hands, speaking the protocol
// by hand.
type intruder struct {
	r             *Registry
	id, token     string
	office        string
	clock         *hlc.Clock
	lastHTTPError string
}

func enrolIntruder(t *testing.T, r *Registry) *intruder {
	t.Helper()
	id := uuid.Must(uuid.NewV7()).String()
	var out protocol.EnrollResponse
	code := r.EnrollCode(t, "desk "+id[:8])
	if st := rawCall(t, r.URL, "", "POST", "/v1/enroll", protocol.EnrollRequest{Code: code, DeviceName: "desk", DeviceID: id}, &out); st != 200 {
		t.Fatalf("enrol: status %d", st)
	}
	return &intruder{r: r, id: id, token: out.Token, office: out.OfficeID, clock: hlc.New(id, nil)}
}

// rawCall sends a JSON (or, for []byte, as-is gzip) body and decodes a 200 answer.
func rawCall(t *testing.T, base, token, method, path string, in, out any) int {
	t.Helper()
	var body io.Reader
	enc := ""
	switch b := in.(type) {
	case nil:
	case []byte:
		var z bytes.Buffer
		w := gzip.NewWriter(&z)
		w.Write(b)
		w.Close()
		body, enc = &z, "gzip"
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		body = bytes.NewReader(raw)
	}
	req, _ := http.NewRequest(method, base+path, body)
	req.Header.Set(protocol.HeaderProtocol, strconv.Itoa(protocol.ProtocolVersion))
	req.Header.Set(protocol.HeaderSchema, strconv.Itoa(protocol.SchemaVersion))
	if enc != "" {
		req.Header.Set("Content-Encoding", enc)
	}
	if token != "" {
		req.Header.Set(protocol.HeaderAuth, "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == 200 && out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: answer %.200s: %v", method, path, raw, err)
		}
	}
	return resp.StatusCode
}

func (d *intruder) path(p string) string { return "/v1/offices/" + d.office + p }

// op builds an op stamped by this device, fields given as raw JSON.
func (d *intruder) op(entity, id string, fields map[string]string) protocol.Op {
	f := make(map[string]json.RawMessage, len(fields))
	for k, v := range fields {
		f[k] = json.RawMessage(v)
	}
	return protocol.Op{ID: uuid.Must(uuid.NewV7()).String(), Entity: entity, EntityID: id, Kind: protocol.Upsert, HLC: d.clock.Now().String(), Fields: f}
}

// push sends a batch (built by hand when raw is given) and returns each op's result.
func (d *intruder) push(t *testing.T, ops ...protocol.Op) []protocol.OpResult {
	t.Helper()
	req := protocol.PushRequest{BatchID: uuid.Must(uuid.NewV7()).String(), Ops: ops}
	var out protocol.PushResponse
	if st := rawCall(t, d.r.URL, d.token, "POST", d.path("/push"), req, &out); st != 200 {
		t.Fatalf("push: status %d", st)
	}
	if len(out.Results) != len(ops) {
		t.Fatalf("push: %d results for %d ops", len(out.Results), len(ops))
	}
	return out.Results
}

// pushBytes sends a hand-written push body, gzipped.
func (d *intruder) pushBytes(t *testing.T, body []byte) (int, protocol.PushResponse) {
	t.Helper()
	var out protocol.PushResponse
	return rawCall(t, d.r.URL, d.token, "POST", d.path("/push"), body, &out), out
}

// rows pulls the whole office with the given page size.
func (d *intruder) rows(t *testing.T, limit int) map[string]protocol.Change {
	t.Helper()
	out := map[string]protocol.Change{}
	for after := int64(0); ; {
		var page protocol.PullResponse
		if st := rawCall(t, d.r.URL, d.token, "GET", d.path(fmt.Sprintf("/pull?after=%d&limit=%d", after, limit)), nil, &page); st != 200 {
			t.Fatalf("pull after %d: status %d", after, st)
		}
		for _, c := range page.Changes {
			out[c.Entity+"/"+c.EntityID] = c
		}
		after = page.Cursor
		if !page.More {
			return out
		}
	}
}

func field(c protocol.Change, name string) string {
	var s string
	_ = json.Unmarshal(c.Fields[name].V, &s)
	return s
}

func q(s string) string { b, _ := json.Marshal(s); return string(b) }

// office is what a device knows of its office after a pull.
type officeView struct {
	officeRow, admin, clerk protocol.Change
	card                    protocol.Change
}

func viewOffice(t *testing.T, rows map[string]protocol.Change) officeView {
	t.Helper()
	var v officeView
	for _, c := range rows {
		switch c.Entity {
		case "office":
			v.officeRow = c
		case "staff":
			switch field(c, "role") {
			case "admin":
				v.admin = c
			case "clerk":
				v.clerk = c
			}
		case "service_card":
			if v.card.EntityID == "" {
				v.card = c
			}
		}
	}
	if v.officeRow.EntityID == "" || v.admin.EntityID == "" || v.clerk.EntityID == "" || v.card.EntityID == "" {
		t.Fatal("the demo office lacks an office row, an admin, a clerk or a card")
	}
	return v
}

// validClient is a person a clerk would register.
func (d *intruder) validClient(id string) protocol.Op {
	return d.op("client", id, map[string]string{"id": q(id), "officeId": q(d.office), "kind": `"person"`,
		"firstName": `"Jan"`, "lastName": `"Kowalski"`, "pesel": `"44051401359"`, "birthDate": `"1944-05-14"`,
		"sex": `"M"`, "lang": `"pl"`, "street": `"Ogrodowa"`, "houseNo": `"5"`, "postalCode": `"00-950"`, "city": `"Przykładowo"`})
}

// caseOp is a registered case of the card, with the sign and number given.
func (d *intruder) caseOp(id, clientID, staffID string, card protocol.Change, no int, status string) protocol.Op {
	var c struct {
		Unit string `json:"unit"`
		JRWA string `json:"jrwa"`
	}
	_ = json.Unmarshal(card.Fields["card"].V, &c)
	unit := c.Unit
	year := time.Now().Year()
	sign := fmt.Sprintf("%s.%s.%d.%d", unit, c.JRWA, no, year)
	return d.op("case_file", id, map[string]string{"id": q(id), "officeId": q(d.office), "sign": q(sign), "unit": q(unit),
		"jrwa": q(c.JRWA), "year": strconv.Itoa(year), "no": strconv.Itoa(no), "provisional": "false", "cardId": q(card.EntityID),
		"clientId": q(clientID), "status": q(status), "submittedOn": q(time.Now().Format(time.DateOnly)), "dueOn": q(time.Now().Format(time.DateOnly)),
		"supplementDue": `""`, "form": "{}", "checklist": "[]", "pauses": "[]", "assigneeId": `""`, "registeredBy": q(staffID),
		"deviceId": q(d.id), "registeredAt": strconv.FormatInt(time.Now().UnixMilli(), 10)})
}

func wantRejected(t *testing.T, what string, res protocol.OpResult) {
	t.Helper()
	if res.Status != protocol.Rejected {
		t.Errorf("%s: %s (%s), want rejected", what, res.Status, res.Reason)
	} else if res.Reason == "" {
		t.Errorf("%s: rejected without a reason", what)
	}
}

func TestHostileDevice(t *testing.T) {
	t.Parallel()
	for name, start := range registryStores(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := start(t)
			evil := enrolIntruder(t, r)
			other := enrolIntruder(t, r)
			before := viewOffice(t, other.rows(t, 1000))

			t.Run("office rows change only at the registry", func(t *testing.T) {
				good := evil.validClient(uuid.Must(uuid.NewV7()).String())
				res := evil.push(t,
					// the clerk made admin, with the admin's password hash
					evil.op("staff", before.clerk.EntityID, map[string]string{"role": `"admin"`, "passwordHash": `"$argon2id$v=19$m=65536,t=2,p=2$c2FsdHNhbHQ$a2V5a2V5a2V5"`}),
					// a new admin login
					evil.op("staff", uuid.Must(uuid.NewV7()).String(), map[string]string{"login": `"evil"`, "role": `"admin"`, "active": "true", "officeId": q(evil.office)}),
					// the fee account printed on every receipt
					evil.op("office", before.officeRow.EntityID, map[string]string{"feeAccount": `"PL61109010140000071219812874"`}),
					evil.op("setting", uuid.Must(uuid.NewV7()).String(), map[string]string{"key": `"autoLockMinutes"`, "value": `"9999"`, "officeId": q(evil.office)}),
					evil.op("service_card", before.card.EntityID, map[string]string{"card": `{}`}),
					good)
				for i, what := range []string{"staff role", "new admin", "fee account", "setting", "service card"} {
					wantRejected(t, what, res[i])
				}
				if res[5].Status != protocol.Applied {
					t.Fatalf("the legitimate client in the same batch: %+v", res[5])
				}
				after := viewOffice(t, other.rows(t, 1000))
				if field(after.clerk, "role") != "clerk" || field(after.officeRow, "feeAccount") != field(before.officeRow, "feeAccount") {
					t.Fatal("another device pulled the hostile office rows")
				}
				if _, ok := other.rows(t, 1000)["client/"+good.EntityID]; !ok {
					t.Fatal("the legitimate client did not reach another device")
				}
			})

			t.Run("numbers of a year far off are refused", func(t *testing.T) {
				// A laptop whose clock ran years ahead, or a stolen token,
				// asks for numbers of 2031: the registry leases none, says
				// why, and no device pulls a number of that year.
				far := protocol.RegisterRef{Unit: "SO", JRWA: "5352", Year: 2031}
				var lease protocol.LeaseResponse
				if st := rawCall(t, r.URL, evil.token, "POST", evil.path("/lease"), protocol.LeaseRequest{Registers: []protocol.RegisterRef{far}}, &lease); st != 200 {
					t.Fatalf("lease: status %d", st)
				}
				if len(lease.Leases) != 0 || len(lease.Refused) != 1 || lease.Refused[0] != (protocol.LeaseRefusal{RegisterRef: far, Reason: protocol.RefusedYear}) {
					t.Fatalf("a lease of 2031 answered %+v", lease)
				}
				if err := lease.Validate(); err != nil {
					t.Fatalf("the answer does not validate: %v", err)
				}
				// The same with a push: the batch applies, the register is refused.
				good := evil.validClient(uuid.Must(uuid.NewV7()).String())
				var out protocol.PushResponse
				req := protocol.PushRequest{BatchID: uuid.Must(uuid.NewV7()).String(), Ops: []protocol.Op{good}, Lease: []protocol.RegisterRef{far}}
				if st := rawCall(t, r.URL, evil.token, "POST", evil.path("/push"), req, &out); st != 200 {
					t.Fatalf("push: status %d", st)
				}
				if out.Results[0].Status != protocol.Applied || len(out.Leases) != 0 || len(out.LeaseRefused) != 1 || out.LeaseRefused[0].Reason != protocol.RefusedYear {
					t.Fatalf("a push asking for 2031 answered %+v", out)
				}
				for key, c := range other.rows(t, 1000) {
					if c.Entity == "case_number" && string(c.Fields["year"].V) == "2031" {
						t.Fatalf("another device pulled a number of 2031: %s", key)
					}
				}
			})

			t.Run("a huge stamp is refused and pulls keep working", func(t *testing.T) {
				id := uuid.Must(uuid.NewV7()).String()
				stamp := evil.clock.Now()
				huge := fmt.Sprintf("%012x%04x-%s", stamp.Wall, stamp.Counter, strings.Repeat("A", 560<<10))
				body := fmt.Sprintf(`{"batch":%q,"ops":[{"id":%q,"e":"client","i":%q,"k":"upsert","h":%q,"f":{"id":%q,"officeId":%q,"firstName":"X"}}]}`,
					uuid.Must(uuid.NewV7()).String(), uuid.Must(uuid.NewV7()).String(), id, huge, id, evil.office)
				st, out := evil.pushBytes(t, []byte(body))
				if st == 200 && (len(out.Results) != 1 || out.Results[0].Status != protocol.Rejected) {
					t.Fatalf("a 560 KB stamp: %d %+v", st, out)
				}
				if st != 200 && st != 400 {
					t.Fatalf("a 560 KB stamp: status %d", st)
				}
				// another device's stamp is refused as well
				op := evil.validClient(uuid.Must(uuid.NewV7()).String())
				op.HLC = other.clock.Now().String()
				wantRejected(t, "another device's stamp", evil.push(t, op)[0])
				other.rows(t, 1)
			})

			t.Run("cases are checked by meaning", func(t *testing.T) {
				clientID := uuid.Must(uuid.NewV7()).String()
				var lease protocol.LeaseResponse
				var card struct {
					Unit string `json:"unit"`
					JRWA string `json:"jrwa"`
				}
				_ = json.Unmarshal(before.card.Fields["card"].V, &card)
				if st := rawCall(t, r.URL, evil.token, "POST", evil.path("/lease"), protocol.LeaseRequest{Registers: []protocol.RegisterRef{{Unit: card.Unit, JRWA: card.JRWA, Year: time.Now().Year()}}}, &lease); st != 200 || len(lease.Leases) != 1 {
					t.Fatalf("lease: %d %+v", st, lease)
				}
				no := lease.Leases[0].First
				// A device spends a number it has pulled, so its clock has seen
				// the lease's stamp: without that, an op stamped in the lease's
				// millisecond could sort before it, and the merge would keep
				// the number reserved (a flake seen in CI).
				for key, c := range evil.rows(t, 1000) {
					if c.Entity != "case_number" {
						continue
					}
					for name, f := range c.Fields {
						ts, err := hlc.Parse(f.H)
						if err != nil {
							t.Fatalf("%s.%s: stamp %q: %v", key, name, f.H, err)
						}
						if err := evil.clock.Observe(ts); err != nil {
							t.Fatal(err)
						}
					}
				}
				caseID := uuid.Must(uuid.NewV7()).String()
				// The number is spent on the case first, as a device's registration does.
				spend := evil.op("case_number", registry.NumberID(evil.office, card.Unit, card.JRWA, time.Now().Year(), no),
					map[string]string{"state": `"used"`, "caseId": q(caseID)})
				res := evil.push(t, spend,
					evil.caseOp(uuid.Must(uuid.NewV7()).String(), uuid.Must(uuid.NewV7()).String(), before.clerk.EntityID, before.card, no, "registered"),
					evil.caseOp(uuid.Must(uuid.NewV7()).String(), clientID, before.clerk.EntityID, before.card, lease.Leases[0].Last+500, "registered"),
					evil.validClient(clientID),
					evil.caseOp(caseID, clientID, before.clerk.EntityID, before.card, no, "bogus_status"),
					evil.caseOp(caseID, clientID, before.clerk.EntityID, before.card, no, "registered"))
				if res[0].Status != protocol.Applied {
					t.Fatalf("the device spends its number: %+v", res[0])
				}
				res = res[1:]
				wantRejected(t, "a case of a client that does not exist", res[0])
				wantRejected(t, "a sign never leased to the device", res[1])
				wantRejected(t, "a bogus status", res[3])
				if res[2].Status != protocol.Applied || res[4].Status != protocol.Applied {
					t.Fatalf("the legitimate client and case: %+v", res)
				}
				// A second case under the same sign: the number is the first case's.
				twin := uuid.Must(uuid.NewV7()).String()
				wantRejected(t, "a second case under a used sign", evil.push(t, evil.caseOp(twin, clientID, before.clerk.EntityID, before.card, no, "registered"))[0])
				got := other.rows(t, 1000)["case_file/"+caseID]
				stamp := got.Fields["status"].H
				settle := evil.op("case_file", caseID, map[string]string{"status": `"settled"`})
				settle.Base = map[string]string{"status": stamp}
				if res := evil.push(t, settle); res[0].Status != protocol.Applied {
					t.Fatalf("registered → settled: %+v", res[0])
				}
				back := evil.op("case_file", caseID, map[string]string{"status": `"registered"`})
				back.Base = map[string]string{"status": settle.HLC}
				due := evil.op("case_file", caseID, map[string]string{"dueOn": `{"y":2026}`})
				del := evil.op("case_file", caseID, nil)
				del.Kind = protocol.Delete
				res = evil.push(t, back, due, del)
				wantRejected(t, "settled → registered", res[0])
				wantRejected(t, "a dueOn that is an object", res[1])
				wantRejected(t, "a delete", res[2])
				got = other.rows(t, 1000)["case_file/"+caseID]
				if field(got, "status") != "settled" || got.Deleted {
					t.Fatalf("another device pulled status %q deleted %v", field(got, "status"), got.Deleted)
				}
			})

			t.Run("a batch id is the device's own", func(t *testing.T) {
				// The same batch id with other ops is refused whole, not
				// answered with the first batch's results (which would drop
				// the new ops); another device's batch of that id is its own.
				first := protocol.PushRequest{BatchID: uuid.Must(uuid.NewV7()).String(), Ops: []protocol.Op{evil.validClient(uuid.Must(uuid.NewV7()).String())}}
				var out protocol.PushResponse
				if st := rawCall(t, r.URL, evil.token, "POST", evil.path("/push"), first, &out); st != 200 || out.Results[0].Status != protocol.Applied {
					t.Fatalf("first batch: %d %+v", st, out)
				}
				other1 := evil.validClient(uuid.Must(uuid.NewV7()).String())
				reused := protocol.PushRequest{BatchID: first.BatchID, Ops: []protocol.Op{other1}}
				if st := rawCall(t, r.URL, evil.token, "POST", evil.path("/push"), reused, &out); st != 400 {
					t.Fatalf("the same batch id with other ops: status %d", st)
				}
				mine := other.validClient(uuid.Must(uuid.NewV7()).String())
				theirs := protocol.PushRequest{BatchID: first.BatchID, Ops: []protocol.Op{mine}}
				if st := rawCall(t, r.URL, other.token, "POST", other.path("/push"), theirs, &out); st != 200 || out.Results[0].Status != protocol.Applied {
					t.Fatalf("another device's batch of the same id: %d %+v", st, out)
				}
				if _, ok := other.rows(t, 1000)["client/"+mine.EntityID]; !ok {
					t.Fatal("another device's batch of a reused id was not stored")
				}
			})

			t.Run("wrong enrolment codes wait", func(t *testing.T) {
				limited := 0
				start := time.Now()
				for range 40 {
					st := rawCall(t, r.URL, "", "POST", "/v1/enroll", protocol.EnrollRequest{Code: "AAAA-BBBB-CCCC", DeviceName: "x", DeviceID: uuid.Must(uuid.NewV7()).String()}, nil)
					if st == http.StatusTooManyRequests {
						limited++
					} else if st != http.StatusUnauthorized {
						t.Fatalf("a wrong code: status %d", st)
					}
				}
				// Each registry process keeps its own count: 5 free tries, then
				// a wait from 1 s doubling, so a slow machine gets one more try
				// per registry each time a wait ran out while it was busy.
				registries := 1
				if strings.Contains(name, "two registries") {
					registries = 2
				}
				free := registries * (5 + 1 + bits.Len(uint(time.Since(start)/time.Second)))
				if passed := 40 - limited; passed > free {
					t.Fatalf("%d of 40 wrong codes were let through in %v (at most %d may be)", passed, time.Since(start).Round(time.Millisecond), free)
				}
			})

			t.Run("invalid UTF-8 is refused", func(t *testing.T) {
				// Raw bytes that are not UTF-8, and an escaped lone
				// surrogate, which decodes to U+FFFD: either way the text
				// stored would not be the text sent.
				for _, name := range []string{"Jan\xff\xfe", `Jan\ud800`} {
					id := uuid.Must(uuid.NewV7()).String()
					body := fmt.Sprintf(`{"batch":%q,"ops":[{"id":%q,"e":"client","i":%q,"k":"upsert","h":%q,"f":{"id":%q,"officeId":%q,"kind":"person","firstName":"%s","lastName":"Nowak","pesel":"44051401359"}}]}`,
						uuid.Must(uuid.NewV7()).String(), uuid.Must(uuid.NewV7()).String(), id, evil.clock.Now().String(), id, evil.office, name)
					st, out := evil.pushBytes(t, []byte(body))
					if st == 200 {
						wantRejected(t, "invalid UTF-8 "+strconv.Quote(name), out.Results[0])
					} else if st != 400 {
						t.Fatalf("invalid UTF-8: status %d", st)
					}
					if _, ok := other.rows(t, 1000)["client/"+id]; ok {
						t.Errorf("another device pulled a client with invalid UTF-8 %q", name)
					}
				}
			})
		})
	}
}
