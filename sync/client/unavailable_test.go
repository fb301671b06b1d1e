package client

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"okienko/sync/protocol"
)

// TestUnavailable: a 503 is ErrUnavailable (and ErrServer) carrying the
// registry's Retry-After, with a default for a missing or garbled one
// and a cap for an excessive one.
func TestUnavailable(t *testing.T) {
	for header, want := range map[string]time.Duration{
		"7":                             7 * time.Second,
		"":                              defaultUnavailableWait,
		"soon":                          defaultUnavailableWait,
		"Wed, 21 Oct 2026 07:28:00 GMT": defaultUnavailableWait,
		"-3":                            defaultUnavailableWait,
		"86400":                         maxUnavailableWait,
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if header != "" {
				w.Header().Set("Retry-After", header)
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(`{"error":"unavailable"}`))
		}))
		c := New(srv.URL, "token", "office", srv.Client())
		_, err := c.Push(context.Background(), protocol.PushRequest{BatchID: "b"})
		srv.Close()
		var ue *UnavailableError
		if !errors.As(err, &ue) || ue.RetryAfter != want || !errors.Is(err, ErrUnavailable) || !errors.Is(err, ErrServer) {
			t.Errorf("Retry-After %q: %v, want an UnavailableError after %s", header, err, want)
		}
	}
}
