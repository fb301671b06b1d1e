package protocol

import (
	"time"
	"unicode/utf8"
)

// AuditQuery asks the registry for the audit entries about clients' data
// (POST audit), for a head (their units' cases) or the admin (all),
// whose person session comes with the request. Empty fields do not narrow.
type AuditQuery struct {
	ClientID string `json:"clientId,omitempty"`
	StaffID  string `json:"staffId,omitempty"`
	From     string `json:"from,omitempty"` // RFC 3339, inclusive
	To       string `json:"to,omitempty"`   // RFC 3339, exclusive
	// Outside asks for break-the-glass records only (a case opened
	// outside the person's units, with the reason given).
	Outside bool `json:"outside,omitzero"`
	Limit   int  `json:"limit,omitzero"`
	// Purpose AuditArt15 asks, for one client, every access to their
	// data, for their art. 15 RODO copy: any role may ask it (a clerk
	// takes the client's request), over every unit.
	Purpose string `json:"purpose,omitempty"`
}

// AuditArt15 is the purpose of a query for a client's art. 15 RODO copy.
const AuditArt15 = "art15"

// MaxAuditEntries is the most entries one answer lists.
const MaxAuditEntries = 500

// Validate checks a query (the registry validates what it receives).
func (q AuditQuery) Validate() error {
	if q.ClientID != "" && !ValidID(q.ClientID) || q.StaffID != "" && !ValidID(q.StaffID) {
		return invalid("audit query ids")
	}
	for _, t := range []string{q.From, q.To} {
		if t == "" {
			continue
		}
		if _, err := time.Parse(time.RFC3339, t); err != nil {
			return invalid("audit query period")
		}
	}
	if q.Limit < 0 || q.Limit > MaxAuditEntries {
		return invalid("audit query limit %d", q.Limit)
	}
	if q.Purpose != "" && (q.Purpose != AuditArt15 || q.ClientID == "") {
		return invalid("audit query purpose")
	}
	return nil
}

// AuditEntryView is one audit entry as the registry holds it: ids only
// (and the reason's words of a break-the-glass record); the device puts
// names to them.
type AuditEntryView struct {
	ID         string `json:"id"`
	StaffID    string `json:"staffId,omitempty"`
	Action     string `json:"action"`
	ObjectType string `json:"objectType"`
	ObjectID   string `json:"objectId"`
	Detail     string `json:"detail,omitempty"`
	Note       string `json:"note,omitempty"`
	// ClientID and Unit are the client and the unit (sign symbol) the
	// object belongs to, as the registry's rows say.
	ClientID string `json:"clientId,omitempty"`
	Unit     string `json:"unit,omitempty"`
	At       string `json:"at"` // RFC 3339
}

// AuditResponse is the answer to an AuditQuery.
type AuditResponse struct {
	Entries []AuditEntryView `json:"entries"`
	// Units are the unit symbols a head's answer was limited to; empty
	// for the admin (the whole office).
	Units []string `json:"units,omitempty"`
	// More says the period holds more entries than the answer lists.
	More bool `json:"more,omitzero"`
}

// Validate checks an answer (devices validate what they receive).
func (r AuditResponse) Validate() error {
	if len(r.Entries) > MaxAuditEntries || len(r.Units) > 100 {
		return invalid("%d audit entries", len(r.Entries))
	}
	for _, e := range r.Entries {
		if !ValidID(e.ID) || e.StaffID != "" && !ValidID(e.StaffID) || e.ClientID != "" && !ValidID(e.ClientID) {
			return invalid("audit entry identity")
		}
		if !validEntity(e.ObjectType) || len(e.Action) > 64 || len(e.ObjectID) > 100 || len(e.Unit) > 16 {
			return invalid("audit entry %s", e.ID)
		}
		if len(e.Detail) > 2000 || len(e.Note) > 1000 || !utf8.ValidString(e.Detail) || !utf8.ValidString(e.Note) ||
			!utf8.ValidString(e.Action) || !utf8.ValidString(e.ObjectID) || !utf8.ValidString(e.Unit) {
			return invalid("audit entry %s text", e.ID)
		}
		if _, err := time.Parse(time.RFC3339Nano, e.At); err != nil {
			return invalid("audit entry %s time", e.ID)
		}
	}
	for _, u := range r.Units {
		if len(u) > 16 || !utf8.ValidString(u) {
			return invalid("audit units")
		}
	}
	return nil
}
