package protocol

import (
	"encoding/json"
	"strings"
	"testing"
)

// validates runs a table of messages through Validate.
func validates(t *testing.T, tests []struct {
	name string
	msg  interface{ Validate() error }
	ok   bool
}) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.msg.Validate()
			if tt.ok {
				if err != nil {
					t.Fatalf("rejected a valid message: %v", err)
				}
				return
			}
			checkInvalid(t, err)
		})
	}
}

func TestLeaseResponseValidate(t *testing.T) {
	reg := RegisterRef{Unit: "SO", JRWA: "5352", Year: 2027}
	lease := Lease{RegisterRef: reg, First: 1, Last: 20}
	refused := LeaseRefusal{RegisterRef: reg, Reason: RefusedYear}
	many := make([]LeaseRefusal, 101)
	for i := range many {
		many[i] = refused
	}
	validates(t, []struct {
		name string
		msg  interface{ Validate() error }
		ok   bool
	}{
		{"a lease", LeaseResponse{Leases: []Lease{lease}}, true},
		{"nothing", LeaseResponse{}, true},
		{"a refusal", LeaseResponse{Refused: []LeaseRefusal{refused}}, true},
		{"closed", LeaseResponse{Refused: []LeaseRefusal{{RegisterRef: reg, Reason: RefusedClosed}}}, true},
		{"a reason this device does not know", LeaseResponse{Refused: []LeaseRefusal{{RegisterRef: reg, Reason: "some_later_rule"}}}, true},
		{"100 refusals", LeaseResponse{Refused: many[:100]}, true},

		{"101 refusals", LeaseResponse{Refused: many}, false},
		{"a refusal without a reason", LeaseResponse{Refused: []LeaseRefusal{{RegisterRef: reg}}}, false},
		{"a reason in words", LeaseResponse{Refused: []LeaseRefusal{{RegisterRef: reg, Reason: "Year not allowed"}}}, false},
		{"a refusal of no register", LeaseResponse{Refused: []LeaseRefusal{{Reason: RefusedYear}}}, false},
		{"a refusal of 1999", LeaseResponse{Refused: []LeaseRefusal{{RegisterRef: RegisterRef{Unit: "SO", JRWA: "5352", Year: 1999}, Reason: RefusedYear}}}, false},
		{"a lease of number 0", LeaseResponse{Leases: []Lease{{RegisterRef: reg, First: 0, Last: 19}}}, false},
		{"a lease backwards", LeaseResponse{Leases: []Lease{{RegisterRef: reg, First: 20, Last: 1}}}, false},
		{"a lease of no register", LeaseResponse{Leases: []Lease{{First: 1, Last: 20}}}, false},
	})
}

// TestLeaseResponseOlderDevice: the refusals are a field an older device
// decodes past, as the answer it knew.
func TestLeaseResponseOlderDevice(t *testing.T) {
	raw, _ := json.Marshal(LeaseResponse{Leases: []Lease{}, Refused: []LeaseRefusal{{RegisterRef: RegisterRef{Unit: "SO", JRWA: "5352", Year: 2031}, Reason: RefusedYear}}})
	var old struct {
		Leases []Lease `json:"leases"`
		Seq    int64   `json:"seq,omitempty"`
	}
	if err := DecodeLenient(raw, "", &old); err != nil || len(old.Leases) != 0 { // as devices decode answers
		t.Fatalf("an older device reads %s: %+v %v", raw, old, err)
	}
	if !strings.Contains(string(raw), `"refused":[{"unit":"SO","jrwa":"5352","year":2031,"reason":"year"}]`) {
		t.Fatalf("wire form %s", raw)
	}
}

func TestDateFlagsValidate(t *testing.T) {
	f := DateFlagView{ID: opID1, CaseID: opID1, Sign: "SO.5352.1.2026", SubmittedOn: "2026-12-13", RegistryDate: "2026-12-03", Reason: DateAhead,
		DeviceID: opID1, DeviceName: "Laptop SO", ArrivedAt: "2026-12-03T11:00:00+01:00"}
	with := func(change func(*DateFlagView)) DateFlagsResponse {
		g := f
		change(&g)
		return DateFlagsResponse{Flags: []DateFlagView{g}}
	}
	many := make([]DateFlagView, MaxDateFlags+1)
	for i := range many {
		many[i] = f
	}
	validates(t, []struct {
		name string
		msg  interface{ Validate() error }
		ok   bool
	}{
		{"a flag", DateFlagsResponse{Flags: []DateFlagView{f}}, true},
		{"none", DateFlagsResponse{}, true},
		{"no sign", with(func(g *DateFlagView) { g.Sign = "" }), true},
		{"no device name", with(func(g *DateFlagView) { g.DeviceName = "" }), true},
		{"behind", with(func(g *DateFlagView) { g.Reason = DateBehind }), true},
		{"as many as a list holds", DateFlagsResponse{Flags: many[:MaxDateFlags]}, true},

		{"too many", DateFlagsResponse{Flags: many}, false},
		{"a date typed by a person", with(func(g *DateFlagView) { g.SubmittedOn = "13.12.2026" }), false},
		{"no such day", with(func(g *DateFlagView) { g.RegistryDate = "2026-02-30" }), false},
		{"no reason", with(func(g *DateFlagView) { g.Reason = "" }), false},
		{"a case id that is not one", with(func(g *DateFlagView) { g.CaseID = "../etc" }), false},
		{"an arrival that is not a time", with(func(g *DateFlagView) { g.ArrivedAt = "yesterday" }), false},
		{"a long sign", with(func(g *DateFlagView) { g.Sign = strings.Repeat("S", 65) }), false},
		{"a sign that is not text", with(func(g *DateFlagView) { g.Sign = "SO\xff" }), false},
		{"a long device name", with(func(g *DateFlagView) { g.DeviceName = strings.Repeat("d", 101) }), false},
	})
}

func TestDateFlagCheckRequestValidate(t *testing.T) {
	many := make([]string, MaxDateFlags+1)
	for i := range many {
		many[i] = opID1
	}
	validates(t, []struct {
		name string
		msg  interface{ Validate() error }
		ok   bool
	}{
		{"one", DateFlagCheckRequest{IDs: []string{opID1}}, true},
		{"as many as a list holds", DateFlagCheckRequest{IDs: many[:MaxDateFlags]}, true},
		{"none", DateFlagCheckRequest{}, false},
		{"too many", DateFlagCheckRequest{IDs: many}, false},
		{"a v4 id", DateFlagCheckRequest{IDs: []string{uuidV4}}, false},
		{"not an id", DateFlagCheckRequest{IDs: []string{"1 OR 1=1"}}, false},
	})
}
