package app

import "okienko/app/cases"

// DraftInput is an intake as the frontend holds it; it is what autosave
// stores and what registration reads back.
type DraftInput struct {
	ID        string         `json:"id"`
	CardID    string         `json:"cardId"`
	Step      string         `json:"step"`
	ClientID  string         `json:"clientId"`
	Client    cases.Client   `json:"client"`
	Answers   map[string]any `json:"answers"`
	Checklist []cases.Item   `json:"checklist"`
	// ConfirmedDate is the office date (YYYY-MM-DD) the clerk confirmed
	// when the check asked for it (IntakeCheck.ConfirmDate).
	ConfirmedDate string `json:"confirmedDate"`
}

// DraftSummary is an interrupted intake offered for resuming. It names
// the client by initials only, so the list shows no other client's data.
type DraftSummary struct {
	ID        string `json:"id"`
	CardTitle string `json:"cardTitle"`
	Initials  string `json:"initials"`
	SavedAt   string `json:"savedAt"` // localised date and time
	Step      string `json:"step"`
}

// DraftOpen is everything the intake screen needs to show a draft.
type DraftOpen struct {
	Draft DraftInput `json:"draft"`
	Card  CardDetail `json:"card"`
	Form  FormSpec   `json:"form"`
	// ClientLimits is the most characters each of the client's typed
	// fields takes (cases.ClientLimits), for the counters of step 1.
	ClientLimits map[string]int `json:"clientLimits"`
}

// DraftSaved acknowledges an autosave.
type DraftSaved struct {
	ID      string `json:"id"`
	SavedAt string `json:"savedAt"` // HH:MM:SS
}

// FieldProblem is a problem with one field, already in the office's language.
type FieldProblem struct {
	Field   string `json:"field"`
	Key     string `json:"key"`
	Message string `json:"message"`
}

// ChecklistLine is one document of the intake's checklist.
type ChecklistLine struct {
	cases.Item
	PresentationText string `json:"presentationText"`
	Problem          string `json:"problem"` // localised, "" if fine
	Missing          bool   `json:"missing"`
}

// ClientHit is a client found while typing, identifier masked.
type ClientHit struct {
	ID         string `json:"id"`
	Kind       string `json:"kind"`
	Name       string `json:"name"`
	IdentLabel string `json:"identLabel"`
	Ident      string `json:"ident"` // masked
	BirthYear  string `json:"birthYear"`
	City       string `json:"city"`
}

// IntakeCheck is the live verdict on an intake: what is wrong, what is
// missing, and when the case would be due if registered now.
type IntakeCheck struct {
	Client        []FieldProblem  `json:"client"`
	Form          []FieldProblem  `json:"form"`
	Checklist     []ChecklistLine `json:"checklist"`
	Complete      bool            `json:"complete"`
	Missing       []string        `json:"missing"`
	Duplicates    []ClientHit     `json:"duplicates"`
	SubmittedOn   string          `json:"submittedOn"`   // localised
	DueText       string          `json:"dueText"`       // localised date, or why there is none yet
	SupplementDue string          `json:"supplementDue"` // localised, when incomplete
	CanRegister   bool            `json:"canRegister"`
	// ConfirmDate asks the clerk to confirm the date of submission before
	// registering: the office's time is unknown or this computer's clock
	// disagrees with it. ConfirmWhy says so in a sentence; Today is the
	// date (YYYY-MM-DD) to send back as DraftInput.ConfirmedDate.
	ConfirmDate bool   `json:"confirmDate"`
	ConfirmWhy  string `json:"confirmWhy"`
	Today       string `json:"today"`
}

// RegisterResult is the outcome of registering an intake.
type RegisterResult struct {
	OK            bool           `json:"ok"`
	Problems      []FieldProblem `json:"problems"` // why registration was refused
	CaseID        string         `json:"caseId"`
	Sign          string         `json:"sign"`
	Provisional   bool           `json:"provisional"` // a provisional sign, replaced at the next sync
	Complete      bool           `json:"complete"`
	DueOn         string         `json:"dueOn"`         // localised; "" while waiting for documents
	SupplementDue string         `json:"supplementDue"` // localised
	Receipt       Printout       `json:"receipt"`
	Supplement    Printout       `json:"supplement"` // empty path when complete
	// PrintFailed: the case is registered but a printout could not be
	// made; Warning says why in a sentence, and the printout's path stays
	// empty. The done screen offers IntakeService.RetryPrint.
	PrintFailed bool   `json:"printFailed"`
	Warning     string `json:"warning"`
}
