package protocol

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// HeaderBoardKey carries the hall board's key (registry admin queue
// board-url); the page takes it from its address's fragment, which no
// server and no log ever sees.
const HeaderBoardKey = "X-Okienko-Board-Key"

// Error codes of the queue's refusals (ErrorBody.Error, HTTP 409), which a
// device shows in Polish.
const (
	QueueErrNotCalled    = "queue_not_called"    // marking a ticket nobody called
	QueueErrDone         = "queue_done"          // the ticket was already served, absent
	QueueErrTaken        = "queue_taken"         // another counter called it
	QueueErrOtherCounter = "queue_other_counter" // marking a ticket another counter holds
	QueueErrGroup        = "queue_group"         // a group the office does not have (HTTP 400)
)

// Limits of the queue's messages.
const (
	MaxQueueReport   = 500  // tickets in one report
	MaxCounterLen    = 40   // a counter's name ("Stanowisko 2")
	MaxTicketNumber  = 9999 // tickets of one group in one day
	MaxBoardCalls    = 10   // calls the board shows
	maxQueueGroupsIn = 26
)

// OnlineLabel is the label of a ticket the registry numbered: the group's
// letter and the number, three digits at least ("A007").
func OnlineLabel(group string, n int) string { return fmt.Sprintf("%s%03d", group, n) }

// OfflineLabel is the label of a ticket a counter numbered on its own,
// when it could not reach the registry: its mark (one to three capital
// letters or digits, set per counter), "L", a dash, the group and number
// ("2L-A007"). The counter numbers them from 1 each office day; marks
// differ between counters, so no two tickets in the hall read the same.
func OfflineLabel(mark, group string, n int) string {
	return fmt.Sprintf("%sL-%s%03d", mark, group, n)
}

// ParseOfflineLabel splits an OfflineLabel into its mark, group and number.
func ParseOfflineLabel(label string) (mark, group string, n int, ok bool) {
	head, tail, found := strings.Cut(label, "L-")
	if !found || len(head) < 1 || len(head) > 3 || len(tail) < 4 || len(tail) > 5 {
		return "", "", 0, false
	}
	for _, c := range head {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return "", "", 0, false
		}
	}
	if !ValidGroupCode(tail[:1]) {
		return "", "", 0, false
	}
	n, err := strconv.Atoi(tail[1:])
	if err != nil || n < 1 || n > MaxTicketNumber || OfflineLabel(head, tail[:1], n) != label {
		return "", "", 0, false // only the form OfflineLabel writes: no sign, no extra zeros
	}
	return head, tail[:1], n, true
}

// ValidGroupCode reports whether s is a group's code: one letter A-Z.
func ValidGroupCode(s string) bool { return len(s) == 1 && s[0] >= 'A' && s[0] <= 'Z' }

// validCounter checks a counter's name: UTF-8 (no replaced bytes), no
// control characters, 1 to MaxCounterLen characters, not blank.
func validCounter(s string) bool {
	if strings.TrimSpace(s) == "" || !utf8.ValidString(s) || utf8.RuneCountInString(s) > MaxCounterLen {
		return false
	}
	for _, c := range s {
		if c == utf8.RuneError || unicode.IsControl(c) {
			return false
		}
	}
	return true
}

func isTime(s string) bool {
	_, err := time.Parse(time.RFC3339, s)
	return err == nil
}

func validTicketStatus(s string) bool {
	switch s {
	case TicketWaiting, TicketCalled, TicketServed, TicketAbsent, TicketTransferred:
		return true
	}
	return false
}

// Validate checks an issue request.
func (r QueueIssueRequest) Validate() error {
	if !ValidUUIDv7(r.ID) {
		return invalid("ticket id")
	}
	if !ValidGroupCode(r.Group) {
		return invalid("ticket group")
	}
	return nil
}

// Validate checks a call: a counter, and the groups it serves (at least
// one unless a ticket is named), each once.
func (r QueueCallRequest) Validate() error {
	if !validCounter(r.Counter) {
		return invalid("counter")
	}
	if r.TicketID != "" && !ValidUUIDv7(r.TicketID) {
		return invalid("ticket id")
	}
	if len(r.Groups) > maxQueueGroupsIn || len(r.Groups) == 0 && r.TicketID == "" {
		return invalid("%d groups", len(r.Groups))
	}
	seen := map[string]bool{}
	for _, g := range r.Groups {
		if !ValidGroupCode(g) || seen[g] {
			return invalid("group")
		}
		seen[g] = true
	}
	return nil
}

// Validate checks a mark: served, absent, or transferred to a counter.
func (r QueueMarkRequest) Validate() error {
	if !ValidUUIDv7(r.TicketID) {
		return invalid("ticket id")
	}
	switch r.Status {
	case TicketServed, TicketAbsent:
		if r.Counter != "" {
			return invalid("counter given for %s", r.Status)
		}
	case TicketTransferred:
		if !validCounter(r.Counter) {
			return invalid("counter")
		}
	default:
		return invalid("status")
	}
	if r.CaseID != "" && (!ValidID(r.CaseID) || r.Status != TicketServed) {
		return invalid("case id")
	}
	if r.From != "" && !validCounter(r.From) {
		return invalid("from counter")
	}
	return nil
}

// Validate checks a report of tickets a counter took offline: each is
// Offline, labelled OfflineLabel with its own group and number, and its
// times in order.
func (r QueueReportRequest) Validate() error {
	if len(r.Tickets) == 0 || len(r.Tickets) > MaxQueueReport {
		return invalid("%d tickets", len(r.Tickets))
	}
	seen := make(map[string]bool, len(r.Tickets))
	for i, t := range r.Tickets {
		if err := t.validate(); err != nil {
			return fmt.Errorf("%w (ticket %d)", err, i)
		}
		if !t.Offline {
			return invalid("ticket %d not offline", i)
		}
		if _, g, n, ok := ParseOfflineLabel(t.Label); !ok || g != t.Group || n != t.Number {
			return invalid("ticket %d label", i)
		}
		if seen[t.ID] {
			return invalid("ticket %d twice", i)
		}
		seen[t.ID] = true
	}
	return nil
}

// validate checks one ticket's fields and the order of its times.
func (t QueueTicket) validate() error {
	if !ValidUUIDv7(t.ID) || !isDate(t.Day) || !ValidGroupCode(t.Group) || !validTicketStatus(t.Status) {
		return invalid("ticket identity")
	}
	if t.Number < 1 || t.Number > MaxTicketNumber || t.Ahead < 0 || t.Ahead > 100*MaxTicketNumber || t.WaitSec < 0 || t.ServiceSec < 0 {
		return invalid("ticket numbers")
	}
	if len(t.Label) < 2 || len(t.Label) > 12 || !validCounter(t.Label) {
		return invalid("ticket label")
	}
	if t.Counter != "" && !validCounter(t.Counter) || t.CaseID != "" && !ValidID(t.CaseID) || t.DeviceID != "" && !ValidID(t.DeviceID) {
		return invalid("ticket references")
	}
	issued, err := time.Parse(time.RFC3339, t.IssuedAt)
	if err != nil {
		return invalid("ticket issued at")
	}
	last := issued
	for _, s := range []string{t.CalledAt, t.DoneAt} {
		if s == "" {
			continue
		}
		at, err := time.Parse(time.RFC3339, s)
		if err != nil || at.Before(last) {
			return invalid("ticket times")
		}
		last = at
	}
	return nil
}

// Validate checks a ticket (devices validate what they receive).
func (t QueueTicket) Validate() error { return t.validate() }

// Validate checks a call's answer: no ticket, or a valid one.
func (r QueueCallResponse) Validate() error {
	if r.Ticket == nil {
		return nil
	}
	return r.Ticket.validate()
}

// Validate checks a report's answer.
func (r QueueReportResponse) Validate() error {
	if r.Accepted < 0 || r.Accepted > MaxQueueReport {
		return invalid("accepted")
	}
	return nil
}

// Validate checks the board's calls.
func (b QueueBoard) Validate() error {
	if b.Day != "" && !isDate(b.Day) || len(b.Calls) > MaxBoardCalls {
		return invalid("board")
	}
	for _, c := range b.Calls {
		if !validCounter(c.Label) || !validCounter(c.Counter) || !isTime(c.At) {
			return invalid("board call")
		}
	}
	return nil
}

// Validate checks the queue's state.
func (s QueueState) Validate() error {
	if !isDate(s.Day) || len(s.Groups) > maxQueueGroupsIn || s.LongestWaitMin < 0 || s.MaxWaitMin < 0 {
		return invalid("queue state")
	}
	for _, g := range s.Groups {
		if !ValidGroupCode(g.Group) || g.Waiting < 0 || g.Priority < 0 || g.Priority > g.Waiting || g.OldestIssuedAt != "" && !isTime(g.OldestIssuedAt) {
			return invalid("queue group")
		}
	}
	return s.Board.Validate()
}
