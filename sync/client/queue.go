package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"okienko/sync/protocol"
)

// ErrTicketNotFound is a ticket the office's queue does not hold (another
// office's, or never issued).
var ErrTicketNotFound = errors.New("client: no such ticket in the office's queue")

// QueueError is the queue's refusal of a call or mark: Code is one of
// protocol.QueueErr* (a ticket another counter called, one not called,
// one already done, a group the office does not have), for the clerk in
// Polish; nothing was changed.
type QueueError struct {
	Code string
	Hint string
}

func (e *QueueError) Error() string { return "client: queue refused: " + e.Code + ": " + e.Hint }

// Unwrap makes a queue refusal an ErrRefused too.
func (e *QueueError) Unwrap() error { return ErrRefused }

// notFoundError is the registry's answer that what was asked for does
// not exist; it is an ErrServer, as any other 404 was before.
type notFoundError struct{}

func (notFoundError) Error() string { return "client: registry: not found" }
func (notFoundError) Unwrap() error { return ErrServer }

// queueDo runs a queue request: the queue's refusals come as *QueueError
// (statusError), a missing ticket as ErrTicketNotFound, and a registry
// without the queue's routes as ErrUnsupported.
func (c *Client) queueDo(ctx context.Context, method, path string, in, out any) error {
	code, _, err := c.doHeader(ctx, method, c.officePath(path), nil, in, out)
	switch {
	case err == nil:
		return nil
	case errors.As(err, new(notFoundError)):
		return ErrTicketNotFound
	case code == http.StatusNotFound || code == http.StatusMethodNotAllowed:
		return ErrUnsupported
	}
	return err
}

// IssueTicket takes a ticket for a group. The id (UUIDv7) is the
// device's: a retry after ErrOffline is the same ticket.
func (c *Client) IssueTicket(ctx context.Context, req protocol.QueueIssueRequest) (protocol.QueueTicket, error) {
	var out protocol.QueueTicket
	if err := c.queueDo(ctx, http.MethodPost, "/queue/tickets", req, &out); err != nil {
		return out, err
	}
	if out.ID != req.ID {
		return out, fmt.Errorf("%w: ticket answer for %s", protocol.ErrInvalid, out.ID)
	}
	return out, out.Validate()
}

// CallNext calls the next ticket for a counter; Ticket is nil when nobody
// waits for its groups.
func (c *Client) CallNext(ctx context.Context, req protocol.QueueCallRequest) (protocol.QueueCallResponse, error) {
	var out protocol.QueueCallResponse
	if err := c.queueDo(ctx, http.MethodPost, "/queue/call", req, &out); err != nil {
		return out, err
	}
	return out, out.Validate()
}

// MarkTicket records a called ticket served, absent or sent to another
// counter.
func (c *Client) MarkTicket(ctx context.Context, req protocol.QueueMarkRequest) (protocol.QueueTicket, error) {
	var out protocol.QueueTicket
	if err := c.queueDo(ctx, http.MethodPost, "/queue/mark", req, &out); err != nil {
		return out, err
	}
	if out.ID != req.TicketID {
		return out, fmt.Errorf("%w: mark answer for %s", protocol.ErrInvalid, out.ID)
	}
	return out, out.Validate()
}

// ReportTickets hands the registry the tickets taken while it could not
// be reached; sending the same ones again is harmless.
func (c *Client) ReportTickets(ctx context.Context, req protocol.QueueReportRequest) (protocol.QueueReportResponse, error) {
	var out protocol.QueueReportResponse
	if err := c.queueDo(ctx, http.MethodPost, "/queue/report", req, &out); err != nil {
		return out, err
	}
	return out, out.Validate()
}

// QueueState is the office's queue today.
func (c *Client) QueueState(ctx context.Context) (protocol.QueueState, error) {
	var out protocol.QueueState
	if err := c.queueDo(ctx, http.MethodGet, "/queue", nil, &out); err != nil {
		return out, err
	}
	return out, out.Validate()
}
