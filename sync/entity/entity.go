// Package entity defines the synced rows as they travel: one payload type
// per entity, shared by the device store (which writes and records them)
// and the registry (which seeds reference data), so both build the same
// fields. A payload's top-level JSON fields are what merges by HLC.
package entity

import (
	"encoding/json"

	"okienko/app/audit"
	"okienko/app/cases"
	"okienko/app/catalog"
	"okienko/app/office"
)

// Office is the office row (office.Office as is).
type Office = office.Office

// Unit is a unit row.
type Unit struct {
	office.Unit
	OfficeID string `json:"officeId"`
}

// Staff is the directory entry. PasswordHash is set only on a standalone
// device (the demo office), whose people sign in with the hashes of its
// own rows; a registry never stores or sends it (it keeps verifiers apart
// and gives each device only its people's), and refuses an op carrying it.
type Staff struct {
	office.Staff
	OfficeID     string `json:"officeId"`
	PasswordHash string `json:"passwordHash,omitempty"`
}

// Substitution is a period of absence with its stand-in (zastępstwo):
// written at the registry only, pulled by every device of the office.
type Substitution struct {
	office.Substitution
	OfficeID string `json:"officeId"`
}

// Card is one immutable card version.
type Card struct {
	ID       string       `json:"id"`
	OfficeID string       `json:"officeId"`
	UnitID   string       `json:"unitId"`
	Card     catalog.Card `json:"card"`
}

// Setting is an office setting.
type Setting struct {
	ID       string `json:"id"`
	OfficeID string `json:"officeId"`
	Key      string `json:"key"`
	Value    string `json:"value"`
}

// Audit is an audit entry (append-only).
type Audit struct {
	audit.Entry
	OfficeID string `json:"officeId"`
}

// Client is a client row.
type Client struct {
	cases.Client
	OfficeID string `json:"officeId"`
}

// Case is a case row; the sign is spelled out in its parts so a
// provisional sign (number 0) travels too.
type Case struct {
	ID            string          `json:"id"`
	OfficeID      string          `json:"officeId"`
	Sign          string          `json:"sign"`
	Unit          string          `json:"unit"`
	JRWA          string          `json:"jrwa"`
	Year          int             `json:"year"`
	No            int             `json:"no"`
	Provisional   bool            `json:"provisional"`
	CardID        string          `json:"cardId"`
	ClientID      string          `json:"clientId"`
	Status        cases.Status    `json:"status"`
	SubmittedOn   string          `json:"submittedOn"`
	DueOn         string          `json:"dueOn"`
	SupplementDue string          `json:"supplementDue"`
	Form          json.RawMessage `json:"form"`
	Checklist     []cases.Item    `json:"checklist"`
	Pauses        []cases.Pause   `json:"pauses"`
	AssigneeID    string          `json:"assigneeId"`
	RegisteredBy  string          `json:"registeredBy"`
	DeviceID      string          `json:"deviceId"`
	RegisteredAt  int64           `json:"registeredAt"`
}

// Number is an entry of a case register.
type Number struct {
	ID       string `json:"id"`
	OfficeID string `json:"officeId"`
	Unit     string `json:"unit"`
	JRWA     string `json:"jrwa"`
	Year     int    `json:"year"`
	No       int    `json:"no"`
	State    string `json:"state"`
	CaseID   string `json:"caseId,omitempty"`
	DeviceID string `json:"deviceId"`
	Note     string `json:"note,omitempty"`
}

// Fields flattens a payload into its top-level JSON fields.
func Fields(payload any) (map[string]json.RawMessage, error) {
	raw, err := json.Marshal(payload)
	if err != nil {
		return nil, err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, err
	}
	return fields, nil
}

// Callback is an agreed callback (Oddzwonienia). Times are RFC 3339
// instants; Until, DoneAt are "" when not set.
type Callback struct {
	ID         string `json:"id"`
	OfficeID   string `json:"officeId"`
	Name       string `json:"name"`
	Phone      string `json:"phone"`
	Topic      string `json:"topic"`
	From       string `json:"from"`
	Until      string `json:"until"`
	AssigneeID string `json:"assigneeId"`
	CaseID     string `json:"caseId"`
	ClientID   string `json:"clientId"`
	CreatedBy  string `json:"createdBy"`
	Status     string `json:"status"`
	Outcome    string `json:"outcome"`
	DoneAt     string `json:"doneAt"`
	DoneBy     string `json:"doneBy"`
	Reagreed   int    `json:"reagreed"`
}

// Presence is one person's word about their desk (Obecność); its id is
// the staff id, one row per person. Times are RFC 3339 instants.
type Presence struct {
	ID        string `json:"id"`
	OfficeID  string `json:"officeId"`
	StaffID   string `json:"staffId"`
	Away      bool   `json:"away"`
	Until     string `json:"until"`
	StandInID string `json:"standInId"`
	Note      string `json:"note"`
	SetAt     string `json:"setAt"`
	DeviceID  string `json:"deviceId"`
}

// Complaint is one entry of the register of complaints and motions
// (dział VIII KPA) or a remark at the counter. Days are YYYY-MM-DD, ""
// when not set. The answer's elements travel as art. 238 names them.
type Complaint struct {
	ID              string `json:"id"`
	OfficeID        string `json:"officeId"`
	Kind            string `json:"kind"`
	Channel         string `json:"channel"`
	ReceivedOn      string `json:"receivedOn"`
	Anonymous       bool   `json:"anonymous"`
	Name            string `json:"name"`
	Address         string `json:"address"`
	Contact         string `json:"contact"`
	Lang            string `json:"lang"` // the complainant's language (pl, en, uk); "" from a device before it was asked
	Subject         string `json:"subject"`
	Summary         string `json:"summary"`
	ConcernsStaffID string `json:"concernsStaffId"`
	UnitID          string `json:"unitId"`
	Competent       bool   `json:"competent"`
	ForwardTo       string `json:"forwardTo"`
	ForwardedOn     string `json:"forwardedOn"`
	ForwardLateNote string `json:"forwardLateNote"`
	AssigneeID      string `json:"assigneeId"`
	DueOn           string `json:"dueOn"`
	ExtendedTo      string `json:"extendedTo"`
	ExtendReason    string `json:"extendReason"`
	Status          string `json:"status"`
	Outcome         string `json:"outcome"`
	AnsweredOn      string `json:"answeredOn"`
	AnswerChannel   string `json:"answerChannel"`
	AnswerBody      string `json:"answerBody"`
	GroundsFact     string `json:"groundsFact"`
	GroundsLaw      string `json:"groundsLaw"`
	SignerName      string `json:"signerName"`
	SignerPost      string `json:"signerPost"`
	RepeatNote      string `json:"repeatNote"`
	AnswerText      string `json:"answerText"`
	CaseID          string `json:"caseId"`
	CreatedBy       string `json:"createdBy"`
	DecidedBy       string `json:"decidedBy"`
}
