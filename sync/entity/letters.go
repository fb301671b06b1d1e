package entity

// Letter is an entry of the Dziennik korespondencji. Times are RFC 3339
// instants; AnsweredAt is "" while it waits.
type Letter struct {
	ID            string `json:"id"`
	OfficeID      string `json:"officeId"`
	ReceivedAt    string `json:"receivedAt"`
	Channel       string `json:"channel"`
	Sender        string `json:"sender"`
	SenderAddress string `json:"senderAddress"`
	Subject       string `json:"subject"`
	AssigneeID    string `json:"assigneeId"`
	CaseID        string `json:"caseId"`
	Rule          string `json:"rule"`
	DueAt         string `json:"dueAt"`
	Status        string `json:"status"`
	AnsweredAt    string `json:"answeredAt"`
	AnswerChannel string `json:"answerChannel"`
	AnsweredBy    string `json:"answeredBy"`
	Note          string `json:"note"`
	CreatedBy     string `json:"createdBy"`
	AssignedBy    string `json:"assignedBy"` // who last handed it to another official (a head or an admin); "" while never
	AssignedAt    string `json:"assignedAt"` // when, RFC 3339; "" while never
}

// SurveyAnswer is one anonymous client's answers to the satisfaction
// survey (append-only). Scores map a question to 1–5.
type SurveyAnswer struct {
	ID        string         `json:"id"`
	OfficeID  string         `json:"officeId"`
	GivenAt   string         `json:"givenAt"`
	Source    string         `json:"source"`
	ScreenID  string         `json:"screenId"`
	Lang      string         `json:"lang"`
	UnitID    string         `json:"unitId"`
	EnteredBy string         `json:"enteredBy"`
	Scores    map[string]int `json:"scores"`
	Remark    string         `json:"remark"`
}
