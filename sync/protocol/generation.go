package protocol

import (
	"encoding/json"

	"okienko/sync/hlc"
)

// HeaderGeneration is the registry's generation on every answer, and on a
// device's request the generation it last synced with: a registry restored
// from a backup has a new one, and refuses a request naming another
// (ErrorGeneration) until the device has sent again what it holds.
const HeaderGeneration = "Okienko-Generation"

// ErrorGeneration is the error code of a 409 answering a request that
// names a generation the registry no longer is.
const ErrorGeneration = "generation"

// RefusedRestore: the registry was restored and leases no numbers of the
// office until every device enrolled before the restore has sent again
// what it holds, its numbers with it (none is leased twice).
const RefusedRestore = "restore"

// MaxResendRows bounds one resend request.
const MaxResendRows = 2000

// ValidGeneration reports whether s is a generation id: 32 lower-case hex
// digits (128 random bits).
func ValidGeneration(s string) bool {
	if len(s) != 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// GenerationInfo is what a restored registry held of the device's office:
// the device sends again every field stamped after its node's mark (all
// of a node without one), and pulls again from Seq.
type GenerationInfo struct {
	Generation string            `json:"generation"`
	Restored   bool              `json:"restored"`
	Seq        int64             `json:"seq"`
	Marks      map[string]string `json:"marks"` // HLC node → newest stamp of its writes the registry holds
}

// Validate checks a generation answer.
func (g GenerationInfo) Validate() error {
	if !ValidGeneration(g.Generation) {
		return invalid("generation id")
	}
	if g.Seq < 0 {
		return invalid("generation seq")
	}
	if len(g.Marks) > 100000 {
		return invalid("generation has %d marks", len(g.Marks))
	}
	for node, s := range g.Marks {
		ts, err := hlc.Parse(s)
		if err != nil || ts.Node != node {
			return invalid("generation mark of %q", node)
		}
	}
	return nil
}

// ResendRow is a row as the device holds it, each field with its stamp:
// sent again to a restored registry, which merges it by HLC.
type ResendRow struct {
	Entity   string           `json:"e"`
	EntityID string           `json:"i"`
	Fields   map[string]Field `json:"f"`
}

// ResendRequest carries rows the restored registry no longer has. The
// last request of a device's resend says Done: the registry then counts
// the device as whole again (its numbers re-established).
type ResendRequest struct {
	Generation string      `json:"generation"`
	Rows       []ResendRow `json:"rows"`
	Done       bool        `json:"done,omitzero"`
}

// ResendResponse says what became of each row, in order.
type ResendResponse struct {
	Results []OpResult `json:"results"`
}

// Validate checks a resend request's shape.
func (r ResendRequest) Validate() error {
	if !ValidGeneration(r.Generation) {
		return invalid("resend generation")
	}
	if len(r.Rows) > MaxResendRows {
		return invalid("resend has %d rows", len(r.Rows))
	}
	for i, row := range r.Rows {
		if !validEntity(row.Entity) || !ValidID(row.EntityID) {
			return invalid("resend row %d names no row", i)
		}
		if len(row.Fields) == 0 || len(row.Fields) > MaxFields {
			return invalid("resend row %d has %d fields", i, len(row.Fields))
		}
		for name, f := range row.Fields {
			if !validField(name) || len(f.V) > MaxFieldBytes || !json.Valid(f.V) {
				return invalid("resend row %d field", i)
			}
			if _, err := hlc.Parse(f.H); err != nil {
				return invalid("resend row %d stamp", i)
			}
		}
	}
	return nil
}

// Validate checks a resend answer against nothing but its own shape.
func (r ResendResponse) Validate() error {
	for _, res := range r.Results {
		switch res.Status {
		case Applied, Rejected, Duplicate, Conflict, ClockSkew:
		default:
			return invalid("resend result %q", res.Status)
		}
	}
	return nil
}
