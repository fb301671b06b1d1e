package entity

import "github.com/google/uuid"

// visitAuthSpace is the namespace of VisitAuthID's name-based UUIDs.
var visitAuthSpace = uuid.MustParse("6f6b6965-6e6b-5f75-706f-776100000000")

// VisitAuthID is the row id of an authorization of the office numbered
// number: one number, one row, so two devices writing one number meet on
// one row at the registry, where its fixed deviceId refuses the second.
func VisitAuthID(officeID, number string) string {
	return uuid.NewSHA1(visitAuthSpace, []byte(officeID+"/"+number)).String()
}

// Visit is a home visit (Wizyty domowe, Piotrków §5.3). Instants are
// RFC 3339 ("" when not set); Day is the office's YYYY-MM-DD.
type Visit struct {
	ID          string `json:"id"`
	OfficeID    string `json:"officeId"`
	UnitID      string `json:"unitId"`
	CardID      string `json:"cardId"`
	Channel     string `json:"channel"`
	Requester   string `json:"requester"`
	Client      string `json:"client"`
	Address     string `json:"address"`
	Phone       string `json:"phone"`
	Matter      string `json:"matter"`
	Reason      string `json:"reason"`
	Preferred   string `json:"preferred"`
	RequestedBy string `json:"requestedBy"`
	RequestedAt string `json:"requestedAt"`
	Status      string `json:"status"`
	AssigneeID  string `json:"assigneeId"`
	Day         string `json:"day"`
	Time        string `json:"time"`
	AssignedBy  string `json:"assignedBy"`
	AssignedAt  string `json:"assignedAt"`
	Note        string `json:"note"`
	ReportedBy  string `json:"reportedBy"`
	ReportedAt  string `json:"reportedAt"`
	CaseID      string `json:"caseId"`
	Receipt     string `json:"receipt"`
}

// VisitAuth is an entry of the register of authorizations (rejestr
// upoważnień, Piotrków §5.3.6): its id is VisitAuthID of its number.
type VisitAuth struct {
	ID         string `json:"id"`
	OfficeID   string `json:"officeId"`
	VisitID    string `json:"visitId"`
	Series     string `json:"series"`
	Seq        int    `json:"seq"`
	Year       int    `json:"year"`
	StaffID    string `json:"staffId"`
	UnitID     string `json:"unitId"`
	Matter     string `json:"matter"`
	Place      string `json:"place"`
	ValidFrom  string `json:"validFrom"`
	ValidUntil string `json:"validUntil"`
	IssuedBy   string `json:"issuedBy"`
	IssuedAt   string `json:"issuedAt"`
	DeviceID   string `json:"deviceId"`
	Status     string `json:"status"`
	ClosedBy   string `json:"closedBy"`
	ClosedAt   string `json:"closedAt"`
}
