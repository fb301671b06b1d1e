package protocol

import (
	"time"
	"unicode/utf8"
)

// DateFlagView is a case whose submission date lay far from the
// registry's own office date when the op that created it arrived: applied,
// and listed for a head to check (GET date-flags).
type DateFlagView struct {
	ID     string `json:"id"`
	CaseID string `json:"caseId"`
	// Sign is the case's sign as printed, as the registry holds it; ""
	// when it holds no case row.
	Sign         string `json:"sign,omitempty"`
	SubmittedOn  string `json:"submittedOn"`  // YYYY-MM-DD, as the device dated the case
	RegistryDate string `json:"registryDate"` // YYYY-MM-DD, the registry's office date at arrival
	Reason       string `json:"reason"`       // DateAhead or DateBehind
	DeviceID     string `json:"deviceId"`
	DeviceName   string `json:"deviceName"`
	ArrivedAt    string `json:"arrivedAt"` // RFC 3339
}

// Why a case's submission date was flagged (officeclock.SubmissionFlag).
const (
	DateAhead  = "ahead"  // later than the registry's office date
	DateBehind = "behind" // days before it
)

// DateFlagsResponse lists an office's open date flags.
type DateFlagsResponse struct {
	Flags []DateFlagView `json:"flags"`
}

// MaxDateFlags is how many open flags one answer lists.
const MaxDateFlags = 500

// Validate checks a list of date flags (devices validate what they
// receive).
func (r DateFlagsResponse) Validate() error {
	if len(r.Flags) > MaxDateFlags {
		return invalid("%d date flags", len(r.Flags))
	}
	for _, f := range r.Flags {
		if !ValidID(f.ID) || !ValidID(f.CaseID) || !ValidID(f.DeviceID) || !validEntity(f.Reason) {
			return invalid("date flag identity")
		}
		if !isDate(f.SubmittedOn) || !isDate(f.RegistryDate) {
			return invalid("date flag %s dates", f.ID)
		}
		if _, err := time.Parse(time.RFC3339, f.ArrivedAt); err != nil {
			return invalid("date flag %s arrival", f.ID)
		}
		if len(f.Sign) > 64 || !utf8.ValidString(f.Sign) || len(f.DeviceName) > 100 || !utf8.ValidString(f.DeviceName) {
			return invalid("date flag %s text", f.ID)
		}
	}
	return nil
}

func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// DateFlagCheckRequest marks date flags checked by the person whose
// session comes with it (a head or the admin).
type DateFlagCheckRequest struct {
	IDs []string `json:"ids"`
}

// Validate checks a request to mark flags checked.
func (r DateFlagCheckRequest) Validate() error {
	if len(r.IDs) == 0 || len(r.IDs) > MaxDateFlags {
		return invalid("%d date flags", len(r.IDs))
	}
	for _, id := range r.IDs {
		if !ValidUUIDv7(id) {
			return invalid("date flag id")
		}
	}
	return nil
}
