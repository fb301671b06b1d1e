package client

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"okienko/sync/protocol"
)

// TestQueueErrors: how the queue's answers reach a caller: a refusal as
// *QueueError with its code, a missing ticket as ErrTicketNotFound, a
// registry without the queue as ErrUnsupported, no registry as ErrOffline.
func TestQueueErrors(t *testing.T) {
	answer := func(code int, body string) *httptest.Server {
		return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(code)
			w.Write([]byte(body))
		}))
	}
	call := func(srv *httptest.Server) error {
		c := New(srv.URL, "token", "office", srv.Client())
		_, err := c.MarkTicket(context.Background(), protocol.QueueMarkRequest{TicketID: "x", Status: protocol.TicketServed})
		return err
	}
	srv := answer(http.StatusConflict, `{"error":"queue_done","hint":"ticket A001 is already served"}`)
	var qe *QueueError
	if err := call(srv); !errors.As(err, &qe) || qe.Code != protocol.QueueErrDone || !errors.Is(err, ErrRefused) {
		t.Fatalf("409: %v", err)
	}
	srv.Close()
	srv = answer(http.StatusNotFound, `{"error":"not_found"}`)
	if err := call(srv); !errors.Is(err, ErrTicketNotFound) {
		t.Fatalf("404 not_found: %v", err)
	}
	srv.Close()
	srv = answer(http.StatusNotFound, "404 page not found\n")
	if err := call(srv); !errors.Is(err, ErrUnsupported) {
		t.Fatalf("an older registry: %v", err)
	}
	srv.Close()
	if err := call(srv); !errors.Is(err, ErrOffline) {
		t.Fatalf("no registry: %v", err)
	}
	srv = answer(http.StatusOK, `{"id":"someone else's"}`)
	if err := call(srv); !errors.Is(err, protocol.ErrInvalid) {
		t.Fatalf("an answer for another ticket: %v", err)
	}
	srv.Close()
}
