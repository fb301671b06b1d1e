package cases

import (
	"errors"
	"strings"
	"testing"
)

// TestParseDuty: each duty's detail as the device writes it passes, and
// what its kind cannot record is refused (on the registry too).
func TestParseDuty(t *testing.T) {
	for _, c := range []struct {
		desc, kind, detail string
		ok                 bool
	}{
		{"handover", EventHandedOver, `{"from":"a","to":"b","note":"urlop"}`, true},
		{"handover to nobody", EventHandedOver, `{"from":"a","note":"x"}`, false},
		{"handover to the same person", EventHandedOver, `{"from":"a","to":"a"}`, false},
		{"handover, note too long", EventHandedOver, `{"from":"a","to":"b","note":"` + strings.Repeat("ż", MaxDutyNote+1) + `"}`, false},
		{"handover, control character", EventHandedOver, `{"from":"a","to":"b","note":"a\u0007"}`, false},
		{"notice", EventNoticeArt36, `{"note":"opinia biegłego","oldDue":"2026-12-08","newDue":"2027-01-15","signer":"Anna Nowak","authorization":"nr 3/2026"}`, true},
		{"notice without reason", EventNoticeArt36, `{"note":" ","oldDue":"2026-12-08","newDue":"2027-01-15"}`, false},
		{"notice moving the date back", EventNoticeArt36, `{"note":"x","oldDue":"2026-12-08","newDue":"2026-12-08"}`, false},
		{"notice with a bad date", EventNoticeArt36, `{"note":"x","newDue":"2026-02-30"}`, false},
		{"interpreter", EventInterpreter, `{"visitOn":"2026-12-08","visitAt":"10:30"}`, true},
		{"interpreter at 24:00", EventInterpreter, `{"visitOn":"2026-12-08","visitAt":"24:00"}`, false},
		{"interpreter without a day", EventInterpreter, `{"visitAt":"10:30"}`, false},
		{"delivered by post", EventSupplementDelivered, `{"mode":"post","on":"2026-12-05","deliveredOn":"2026-12-05","termEnd":"2026-12-14"}`, true},
		{"sent by post, receipt awaited", EventSupplementDelivered, `{"mode":"post"}`, true},
		{"counter cannot wait", EventSupplementDelivered, `{"mode":"counter"}`, false},
		{"unknown mode", EventSupplementDelivered, `{"mode":"pigeon","on":"2026-12-05","deliveredOn":"2026-12-05","termEnd":"2026-12-14"}`, false},
		{"term before delivery", EventSupplementDelivered, `{"mode":"post","on":"2026-12-05","deliveredOn":"2026-12-05","termEnd":"2026-12-04"}`, false},
		{"unknown field", EventHandedOver, `{"from":"a","to":"b","pesel":"44051401458"}`, false},
		{"not a duty", EventPrinted, `{}`, false},
		{"not JSON", EventHandedOver, `to b`, false},
	} {
		_, err := ParseDuty(c.kind, c.detail)
		if (err == nil) != c.ok || err != nil && !errors.Is(err, ErrDuty) {
			t.Errorf("%s: err %v, want ok=%v", c.desc, err, c.ok)
		}
	}
}

// FuzzParseDuty: whatever detail arrives (the registry reads what any
// device sends), ParseDuty never panics, and a detail it accepts is
// written back by JSON into one it accepts again, unchanged.
func FuzzParseDuty(f *testing.F) {
	for _, s := range []string{`{"from":"a","to":"b","note":"urlop"}`, `{"note":"x","oldDue":"2026-12-08","newDue":"2027-01-15"}`,
		`{"visitOn":"2026-12-08","visitAt":"10:30"}`, `{"mode":"post"}`, `{"mode":"post","on":"2026-12-05","deliveredOn":"2026-12-05","termEnd":"2026-12-14"}`, `{`, `null`} {
		for k := range uint8(4) {
			f.Add(k, s)
		}
	}
	f.Fuzz(func(t *testing.T, k uint8, detail string) {
		kind := DutyKinds[int(k)%len(DutyKinds)]
		d, err := ParseDuty(kind, detail)
		if err != nil {
			return
		}
		again, err := ParseDuty(kind, d.JSON())
		if err != nil || again != d {
			t.Fatalf("%s %q accepted, its JSON %q is not: %v", kind, detail, d.JSON(), err)
		}
	})
}
