package app

// ReasonOption is one reason the break-the-glass dialog offers.
type ReasonOption struct {
	Code string `json:"code"`
	Text string `json:"text"` // a whole sentence in the interface language
}

// AuditQueryInput narrows the audit view ("Rejestr dostępu"). Days are
// YYYY-MM-DD, both included; empty fields do not narrow.
type AuditQueryInput struct {
	ClientID string `json:"clientId"`
	StaffID  string `json:"staffId"`
	From     string `json:"from"`
	To       string `json:"to"`
	Outside  bool   `json:"outside"` // only "Dostęp spoza wydziału"
}

// AuditLine is one entry as the screen shows it: names, not ids.
type AuditLine struct {
	ID       string `json:"id"`
	At       string `json:"at"`
	Staff    string `json:"staff"`
	StaffID  string `json:"staffId"`
	Kind     string `json:"kind"` // view, print, change, export, other
	What     string `json:"what"` // the action, a whole sentence
	Sign     string `json:"sign"` // the case's sign; "" for the client's record
	CaseID   string `json:"caseId"`
	Client   string `json:"client"`
	ClientID string `json:"clientId"`
	Unit     string `json:"unit"`
	Reason   string `json:"reason"` // a break-the-glass record's reason, with the person's words
}

// AuditList is an answer of the audit view.
type AuditList struct {
	Lines []AuditLine `json:"lines"`
	// Partial: the registry could not be asked, so the list holds only
	// what this device has (its own entries and those it pulled); Notice
	// says why, in a sentence.
	Partial bool   `json:"partial"`
	Notice  string `json:"notice"`
	More    bool   `json:"more"` // the period holds more entries than listed
	// Units are the units a head's list is limited to ("" for the admin).
	Units string `json:"units"`
}

// AuditPerson is someone the filter may name.
type AuditPerson struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Art15Result says where the art. 15 RODO export was saved.
type Art15Result struct {
	PDF      string `json:"pdf"`
	JSON     string `json:"json"`
	Cases    int    `json:"cases"`
	Accesses int    `json:"accesses"`
	// Partial: the accesses are this device's only (the registry could
	// not be asked); the printout says so.
	Partial bool `json:"partial"`
}
