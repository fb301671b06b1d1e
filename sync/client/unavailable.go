package client

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// ErrUnavailable is the registry's 503: it runs, but its database does
// not answer for now (a restart, an outage). An *UnavailableError says
// when to try again.
var ErrUnavailable = errors.New("client: registry temporarily unavailable")

// UnavailableError is a 503 with the wait the registry asked for.
type UnavailableError struct{ RetryAfter time.Duration }

func (e *UnavailableError) Error() string {
	return fmt.Sprintf("client: registry temporarily unavailable, retry after %s", e.RetryAfter)
}

// Unwrap makes an UnavailableError both ErrUnavailable and ErrServer (a
// round failed at the registry, nothing the device did).
func (e *UnavailableError) Unwrap() []error { return []error{ErrUnavailable, ErrServer} }

// Bounds on the registry's Retry-After: a missing or garbled one waits
// the default, and no answer parks a device for more than a few minutes.
const (
	defaultUnavailableWait = 5 * time.Second
	maxUnavailableWait     = 5 * time.Minute
)

// unavailableError reads a 503's Retry-After (seconds; an HTTP date from
// a proxy is taken as the default).
func unavailableError(resp *http.Response) error {
	wait := defaultUnavailableWait
	if secs, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && secs > 0 {
		wait = min(time.Duration(secs)*time.Second, maxUnavailableWait)
	}
	return &UnavailableError{RetryAfter: wait}
}
