package app

// CaseQuery filters the case list.
type CaseQuery struct {
	Text   string `json:"text"`   // sign, client name (no diacritics needed) or an exact PESEL
	Status string `json:"status"` // "" for any
	Due    string `json:"due"`    // "", "soon" (due within 3 working days) or "overdue"
	Limit  int    `json:"limit"`
	Mine   bool   `json:"mine"` // only the signed-in person's cases ("moje"); a typed text searches everyone's
	// assignee is the staff id Mine stands for, set by Search.
	assignee string
}

// CaseRow is one line of the case list; the client's identifier is masked.
type CaseRow struct {
	ID         string `json:"id"`
	Sign       string `json:"sign"`
	Status     string `json:"status"`
	StatusText string `json:"statusText"`
	Service    string `json:"service"`
	// ServiceTr is the service's title in the interface language when its
	// card is translated into it, else "" (as the catalogue's list).
	ServiceTr string `json:"serviceTr"`
	Client    string `json:"client"`
	Ident     string `json:"ident"` // masked
	DueOn     string `json:"dueOn"` // localised, or "wstrzymany"
	DaysLeft  int    `json:"daysLeft"`
	Flag      string `json:"flag"` // "", "soon", "overdue", "paused"
}

// CaseEventLine is one entry of a case's history.
type CaseEventLine struct {
	At     string `json:"at"`
	Text   string `json:"text"`
	Staff  string `json:"staff"`
	Detail string `json:"detail"`
}

// StatusOption is a status the case may move to.
type StatusOption struct {
	Status string `json:"status"`
	Text   string `json:"text"`
}

// CaseDetail is one case for the clerk.
type CaseDetail struct {
	ID          string `json:"id"`
	Sign        string `json:"sign"`
	Provisional bool   `json:"provisional"` // the sign awaits a leased number (next sync)
	// ReprintDue: the sign became final after the client's receipt was
	// printed with the provisional one (OldSign); print a corrected one.
	ReprintDue bool   `json:"reprintDue"`
	OldSign    string `json:"oldSign"`
	Status     string `json:"status"`
	StatusText string `json:"statusText"`
	Service    string `json:"service"`
	// ServiceTr is the card's title in the interface language when its
	// version is translated into it, else "".
	ServiceTr     string          `json:"serviceTr"`
	CardVersion   int             `json:"cardVersion"`
	CardID        string          `json:"cardId"`
	Client        string          `json:"client"`
	ClientID      string          `json:"clientId"` // a callback made from the case links it
	ClientKind    string          `json:"clientKind"`
	IdentLabel    string          `json:"identLabel"`
	Ident         string          `json:"ident"` // masked
	Address       string          `json:"address"`
	Phone         string          `json:"phone"`
	Email         string          `json:"email"`
	SubmittedOn   string          `json:"submittedOn"`
	DueOn         string          `json:"dueOn"`
	DaysLeft      int             `json:"daysLeft"`
	Flag          string          `json:"flag"`
	SupplementDue string          `json:"supplementDue"`
	Answers       []AnswerLine    `json:"answers"`
	Checklist     []ChecklistLine `json:"checklist"`
	Events        []CaseEventLine `json:"events"`
	Next          []StatusOption  `json:"next"`
	RegisteredBy  string          `json:"registeredBy"`
	// Assignee is who handles the case now (after a handover, not the
	// person who accepted it); "" when nobody does.
	Assignee string `json:"assignee"`
	// Noticed: an art. 36 notice was recorded; it may be printed again.
	Noticed bool `json:"noticed"`
}

// AnswerLine is one answered form field.
type AnswerLine struct {
	Label string `json:"label"`
	Value string `json:"value"`
}
