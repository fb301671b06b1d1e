package cases

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"okienko/app/casesign"
	"okienko/app/fold"
)

// SearchText is what the case list search matches: the sign and the
// client's name, folded (ł → l) so typing without diacritics finds them.
func SearchText(sign, clientName string) string {
	return fold.String(sign + " " + clientName)
}

// ProvisionalSign is the sign of a case registered when the device had no
// leased number left: its register and a mark from the case id instead of
// the number, e.g. SO.5352.T-3F9A2C.2026. It is replaced by the final
// sign when the device gets numbers, and the receipt is printed again.
func ProvisionalSign(reg casesign.Register, caseID string) string {
	tail := caseID
	if len(tail) > 6 {
		tail = tail[len(tail)-6:]
	}
	return fmt.Sprintf("%s.%s.T-%s.%d", reg.Unit, reg.JRWA, strings.ToUpper(tail), reg.Year)
}

// SignText is the sign as printed: the final one, or the provisional one.
func (c Case) SignText() string {
	if c.Provisional {
		return ProvisionalSign(c.Sign.Register, c.ID)
	}
	return c.Sign.String()
}

// Pause is a period when the KPA clock stopped (art. 35 § 5): from the
// call to supplement to the day the documents arrived (empty while open).
type Pause struct {
	From string `json:"from"` // YYYY-MM-DD
	To   string `json:"to"`   // YYYY-MM-DD, "" while the office still waits
}

// Case is a registered case.
type Case struct {
	ID            string
	Sign          casesign.Sign // No is 0 while Provisional
	Provisional   bool          // registered without a leased number; see ProvisionalSign
	CardID        string        // the card version it was registered under
	ClientID      string
	Status        Status
	SubmittedOn   string // YYYY-MM-DD
	DueOn         string // YYYY-MM-DD; "" while the clock is stopped
	SupplementDue string // YYYY-MM-DD while awaiting documents
	Form          json.RawMessage
	Checklist     []Item
	Pauses        []Pause
	AssigneeID    string
	RegisteredBy  string
	DeviceID      string // the device it was registered on
	DraftID       string
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Row is a case in a list: enough to show and sort it. Client holds only
// the name and identifiers, for display (masked) in the list.
type Row struct {
	ID            string
	Sign          string
	Status        Status
	SubmittedOn   string
	DueOn         string
	SupplementDue string
	CardID        string
	CardTitle     string
	Client        Client
}

// Event is one entry of a case's append-only history.
type Event struct {
	ID      string    `json:"id"`
	CaseID  string    `json:"caseId"`
	Kind    string    `json:"kind"`
	From    Status    `json:"from"`
	To      Status    `json:"to"`
	StaffID string    `json:"staffId"`
	Detail  string    `json:"detail"`
	At      time.Time `json:"at"`
}

// Draft is an intake in progress, saved as the clerk types so that a
// crash or a closed window loses nothing.
type Draft struct {
	ID      string
	StaffID string
	CardID  string
	Body    DraftBody
	SavedAt time.Time
}

// DraftBody is everything typed so far.
type DraftBody struct {
	Step      string         `json:"step"`
	ClientID  string         `json:"clientId"` // an existing client chosen from the search, or ""
	Client    Client         `json:"client"`
	Answers   map[string]any `json:"answers"`
	Checklist []Item         `json:"checklist"`
}
