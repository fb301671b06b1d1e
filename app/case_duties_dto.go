package app

// Colleague is a person a case may be handed over to.
type Colleague struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Position string `json:"position"`
}

// NoticeResult is a recorded art. 36 notice: the case as it stands now
// (deadline moved) and the printed notice.
type NoticeResult struct {
	Case     CaseDetail `json:"case"`
	Printout Printout   `json:"printout"`
}

// InterpreterResult is a recorded interpreter request; Warning is set
// when the visit is under the statutory 3 working days' notice.
type InterpreterResult struct {
	Case    CaseDetail `json:"case"`
	Warning string     `json:"warning"`
}
