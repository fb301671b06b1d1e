package app

// QueueTicketView is a ticket as the queue screen shows it.
type QueueTicketView struct {
	ID        string `json:"id"`
	Label     string `json:"label"`
	Group     string `json:"group"`
	GroupName string `json:"groupName"`
	Number    int    `json:"number"`
	Priority  bool   `json:"priority"`
	Status    string `json:"status"`
	Counter   string `json:"counter"`
	IssuedAt  string `json:"issuedAt"` // the time of day, localised
	Ahead     int    `json:"ahead"`
	Offline   bool   `json:"offline"`
	CaseID    string `json:"caseId"`
	WaitMin   int    `json:"waitMin"`
}

// QueueGroupView is one matter group and its waiting tickets.
type QueueGroupView struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Waiting  int    `json:"waiting"`
	Priority int    `json:"priority"`
	Serves   bool   `json:"serves"` // this counter serves it
}

// QueueCounter is this computer's counter: its name and the groups it serves.
type QueueCounter struct {
	Name   string   `json:"name"`
	Groups []string `json:"groups"`
	Prefix string   `json:"prefix"` // what its offline labels begin with
}

// QueueStateView is the queue screen.
type QueueStateView struct {
	Day            string           `json:"day"`
	Groups         []QueueGroupView `json:"groups"`
	Waiting        int              `json:"waiting"`
	LongestWaitMin int              `json:"longestWaitMin"`
	MaxWaitMin     int              `json:"maxWaitMin"` // the office's threshold, 0: no warning
	// Warn: the longest wait passed the threshold and the person signed
	// in is a head or the admin, who is to be warned (Gostynin 26).
	Warn    bool             `json:"warn"`
	Current *QueueTicketView `json:"current"` // the ticket this counter called and has not marked
	Counter QueueCounter     `json:"counter"`
	// Shared: the device belongs to a registry, whose queue the hall shares;
	// Online: it answered just now. Shared and not online: tickets are
	// issued with this counter's own numbers.
	Shared         bool            `json:"shared"`
	Online         bool            `json:"online"`
	OfflineWaiting int             `json:"offlineWaiting"` // this counter's own tickets still waiting
	Calls          []QueueCallView `json:"calls"`          // the latest calls, newest first
}

// QueueCallView is one call of the board.
type QueueCallView struct {
	Label   string `json:"label"`
	Counter string `json:"counter"`
	At      string `json:"at"`
}

// QueueIssued is a ticket just issued and its printout.
type QueueIssued struct {
	Ticket   QueueTicketView `json:"ticket"`
	Printout Printout        `json:"printout"`
	// Printer is the printer the ticket went to, "" when none is chosen
	// (the viewer showed it) or printing failed.
	Printer string `json:"printer"`
	// PrintError says why the ticket did not print, in the interface's
	// language; the ticket stands, and PrintTicket prints it again.
	PrintError string `json:"printError"`
}
