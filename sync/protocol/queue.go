package protocol

// The shared queue of the office's hall: it lives at the registry on the
// office network, so several counters call from one queue and the same
// ticket is never called twice. Routes (device token, office scope):
//   POST /v1/offices/{office}/queue/tickets  QueueIssueRequest  -> QueueTicket
//   POST /v1/offices/{office}/queue/call     QueueCallRequest   -> QueueCallResponse
//   POST /v1/offices/{office}/queue/mark     QueueMarkRequest   -> QueueTicket
//   POST /v1/offices/{office}/queue/report   QueueReportRequest -> QueueReportResponse
//   GET  /v1/offices/{office}/queue          -> QueueState
// The hall's board reads QueueBoard, which holds no personal data:
//   GET  /board/{office}          the board's page (HTML, no data in it)
//   GET  /board/{office}/calls    QueueBoard, with the board's key in the
//                                 HeaderBoardKey header (no device token)
// A ticket taken while its counter cannot reach the registry is labelled
// OfflineLabel (the counter's mark, "L", the group and number: "2L-A007"),
// so it never looks like one of the registry's (OnlineLabel, "A007"), and
// reported later (QueueReportRequest) for the reports.

// Ticket statuses.
const (
	TicketWaiting     = "waiting"
	TicketCalled      = "called"
	TicketServed      = "served"
	TicketAbsent      = "absent"
	TicketTransferred = "transferred" // sent to another counter: waits again for it
)

// QueueTicket is a ticket as the registry keeps it. Times are RFC 3339.
type QueueTicket struct {
	ID       string `json:"id"`    // UUIDv7 chosen by the issuing device: a retried issue is the same ticket
	Day      string `json:"day"`   // the office day (YYYY-MM-DD)
	Group    string `json:"group"` // the group's code (queue.Group.Code)
	Number   int    `json:"number"`
	Label    string `json:"label"` // as printed and shown on the board ("A012")
	Priority bool   `json:"priority"`
	Status   string `json:"status"`
	Counter  string `json:"counter,omitempty"` // the counter that called it, or that it is sent to
	IssuedAt string `json:"issuedAt"`
	CalledAt string `json:"calledAt,omitempty"`
	DoneAt   string `json:"doneAt,omitempty"`
	CaseID   string `json:"caseId,omitempty"` // the case registered for it
	Ahead    int    `json:"ahead"`            // tickets ahead of it when issued
	Offline  bool   `json:"offline,omitzero"` // issued by a counter that could not reach the registry
	DeviceID string `json:"deviceId,omitempty"`
	// WaitSec is the wait from taking the ticket to its first call, and
	// ServiceSec from the first call to the end of service (the reports).
	WaitSec    int `json:"waitSec,omitzero"`
	ServiceSec int `json:"serviceSec,omitzero"`
}

// QueueIssueRequest takes a ticket for a group.
type QueueIssueRequest struct {
	ID       string `json:"id"`
	Group    string `json:"group"`
	Priority bool   `json:"priority"`
}

// QueueCallRequest calls the next ticket for a counter, among the groups
// it serves: priority tickets first, then by the time they were taken.
// With TicketID it calls that ticket: again at the counter that called it
// (the board shows it anew), or a waiting one out of turn; a ticket
// another counter called is refused (QueueErrTaken), so two counters
// never call the same ticket.
type QueueCallRequest struct {
	Counter  string   `json:"counter"`
	Groups   []string `json:"groups"`
	TicketID string   `json:"ticketId,omitempty"`
}

// QueueCallResponse is the called ticket, or none when nobody waits.
type QueueCallResponse struct {
	Ticket *QueueTicket `json:"ticket,omitempty"`
}

// QueueMarkRequest records what became of a called ticket: served (with
// the case registered for it, if any), absent, or sent to another counter.
type QueueMarkRequest struct {
	TicketID string `json:"ticketId"`
	Status   string `json:"status"`
	CaseID   string `json:"caseId,omitempty"`
	Counter  string `json:"counter,omitempty"` // the counter it is sent to (transferred)
	// From is the counter marking it: a ticket another counter holds is
	// refused (QueueErrOtherCounter). Empty: not checked.
	From string `json:"from,omitempty"`
}

// QueueReportRequest hands the registry the tickets a counter issued and
// served while it could not reach it, for the reports.
type QueueReportRequest struct {
	Tickets []QueueTicket `json:"tickets"`
}

// QueueReportResponse says how many reported tickets were taken.
type QueueReportResponse struct {
	Accepted int `json:"accepted"`
}

// QueueGroupState is one group's waiting tickets.
type QueueGroupState struct {
	Group          string `json:"group"`
	Waiting        int    `json:"waiting"`
	Priority       int    `json:"priority"`
	OldestIssuedAt string `json:"oldestIssuedAt,omitempty"`
}

// QueueCall is one call shown on the hall's board.
type QueueCall struct {
	Label   string `json:"label"`
	Counter string `json:"counter"`
	At      string `json:"at"`
}

// QueueBoard is what the hall's screen shows: the latest calls, newest first.
type QueueBoard struct {
	Day   string      `json:"day"`
	Calls []QueueCall `json:"calls"`
}

// QueueState is the queue for the counters: each group's waiting tickets,
// the longest wait in minutes, and the board.
type QueueState struct {
	Day            string            `json:"day"`
	Groups         []QueueGroupState `json:"groups"`
	LongestWaitMin int               `json:"longestWaitMin"`
	// MaxWaitMin is the office's threshold (queue.maxWaitMinutes, 0 when
	// unset); Warn is set when the longest wait has passed it, for the head.
	MaxWaitMin int        `json:"maxWaitMin,omitzero"`
	Warn       bool       `json:"warn,omitzero"`
	Board      QueueBoard `json:"board"`
}
