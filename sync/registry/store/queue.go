package store

import (
	"context"
	"time"
)

// Ticket is a ticket of the hall's shared queue (protocol.QueueTicket as
// stored). Times are zero when not yet.
type Ticket struct {
	ID       string
	OfficeID string
	Day      string // the office day, YYYY-MM-DD
	Group    string
	Number   int
	Label    string
	Priority bool
	Status   string
	Counter  string // the counter that called it, or that it is sent to
	IssuedAt time.Time
	// FirstCalledAt ends its wait (the reports); CalledAt is its latest
	// call (the board shows it again when it is called again).
	FirstCalledAt time.Time
	CalledAt      time.Time
	DoneAt        time.Time
	CaseID        string
	Ahead         int
	Offline       bool
	DeviceID      string
}

// QueueTx is what a transaction on one office does with its tickets. The
// office's lock InTx holds makes a number and a call each given once.
type QueueTx interface {
	// Ticket returns a ticket of the office (ErrNotFound).
	Ticket(ctx context.Context, id string) (Ticket, error)
	// NextTicketNumber is the next number of a group on a day: one more
	// than the registry's last, offline tickets apart.
	NextTicketNumber(ctx context.Context, day, group string) (int, error)
	// AddTicket stores a ticket; false if the office has one of its id.
	AddTicket(ctx context.Context, t Ticket) (bool, error)
	// OfflineTicketByNumber returns the id of the offline ticket a device
	// reported with a group's number on a day (found false if none).
	OfflineTicketByNumber(ctx context.Context, deviceID, day, group string, number int) (id string, found bool, err error)
	// OpenTickets lists a day's tickets waiting or sent to a counter,
	// in the order they were taken.
	OpenTickets(ctx context.Context, day string) ([]Ticket, error)
	// UpdateTicket stores a ticket's status, counter, times and case.
	UpdateTicket(ctx context.Context, t Ticket) error
}

// QueueStore is what the store reads and keeps of the queue outside a
// transaction.
type QueueStore interface {
	// Tickets lists an office's tickets of a day in the order taken.
	Tickets(ctx context.Context, officeID, day string) ([]Ticket, error)
	// SetBoardKey replaces the hash of the office's hall board key.
	SetBoardKey(ctx context.Context, officeID, keyHash string, now time.Time) error
	// BoardKey is the hash of the office's board key (ErrNotFound).
	BoardKey(ctx context.Context, officeID string) (string, error)
}
