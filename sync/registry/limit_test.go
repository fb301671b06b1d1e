package registry_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"okienko/sync/client"
	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/synctest"
)

// fromAddr is an HTTP client whose connections come from the loopback
// address ip (127.0.0.2 is another client to the registry).
func fromAddr(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	return &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DialContext: d.DialContext}}
}

// enrolAttempt posts an enrolment code as the client hc, with extra headers.
func enrolAttempt(t *testing.T, r *synctest.Registry, hc *http.Client, code string, header map[string]string) answer {
	t.Helper()
	raw, err := protocol.Encode(protocol.EnrollRequest{Code: code, DeviceName: "desk", DeviceID: newID()}, "")
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("POST", r.URL+"/v1/enroll", bytes.NewReader(raw))
	req.Header.Set(protocol.HeaderProtocol, strconv.Itoa(protocol.ProtocolVersion))
	req.Header.Set(protocol.HeaderSchema, strconv.Itoa(protocol.SchemaVersion))
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	return answer{code: resp.StatusCode, header: resp.Header}
}

// TestEnrolmentAttemptsLimited: over real HTTP, 200 wrong codes from one
// address are mostly refused with 429 before they are read; the wait
// holds by the registry's clock and doubles; a valid code during the
// wait waits too, and enrolling does not reset the count; another
// address is unaffected; X-Forwarded-For is not believed unless
// TrustProxy says so; the device's client reads the wait.
func TestEnrolmentAttemptsLimited(t *testing.T) {
	var clock atomic.Int64
	clock.Store(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC).UnixNano())
	now := func() time.Time { return time.Unix(0, clock.Load()) }
	advance := func(d time.Duration) { clock.Add(int64(d)) }
	r := synctest.NewRegistry(t, nil, registry.Options{Now: now})
	one, two := fromAddr("127.0.0.1"), fromAddr("127.0.0.2")

	counts := map[int]int{}
	for range 200 {
		a := enrolAttempt(t, r, one, "ABCD-EFGH-JKMN", nil)
		counts[a.code]++
		if a.code == http.StatusTooManyRequests {
			if s, err := strconv.Atoi(a.header.Get("Retry-After")); err != nil || s < 1 {
				t.Fatalf("429 with Retry-After %q", a.header.Get("Retry-After"))
			}
		}
	}
	if counts[http.StatusUnauthorized] != 6 || counts[http.StatusTooManyRequests] != 194 {
		t.Fatalf("200 wrong codes at once answered %v, want 6 read (401) and 194 refused (429)", counts)
	}

	// Another address is another client; a forged X-Forwarded-For is not.
	if a := enrolAttempt(t, r, two, "ABCD-EFGH-JKMN", nil); a.code != http.StatusUnauthorized {
		t.Fatalf("a second address answered %d, want 401", a.code)
	}
	if a := enrolAttempt(t, r, one, "ABCD-EFGH-JKMN", map[string]string{"X-Forwarded-For": "203.0.113.9"}); a.code != http.StatusTooManyRequests {
		t.Fatalf("X-Forwarded-For believed without TrustProxy: %d", a.code)
	}

	// The wait is by the registry's clock: 1 s after the sixth failure,
	// then 2 s, then 4 s.
	advance(999 * time.Millisecond)
	if a := enrolAttempt(t, r, one, "ABCD-EFGH-JKMN", nil); a.code != http.StatusTooManyRequests {
		t.Fatalf("before the wait ended: %d", a.code)
	}
	for _, wait := range []int{1, 2, 4} {
		if wait > 1 {
			advance(time.Duration(wait-1) * time.Second)
			if a := enrolAttempt(t, r, one, "ABCD-EFGH-JKMN", nil); a.code != http.StatusTooManyRequests {
				t.Fatalf("%d s wait: answered %d a second early", wait, a.code)
			}
		}
		advance(time.Second)
		if a := enrolAttempt(t, r, one, "ABCD-EFGH-JKMN", nil); a.code != http.StatusUnauthorized {
			t.Fatalf("after the %d s wait: %d, want the code read", wait, a.code)
		}
		a := enrolAttempt(t, r, one, "ABCD-EFGH-JKMN", nil)
		if want := strconv.Itoa(wait * 2); a.code != http.StatusTooManyRequests || a.header.Get("Retry-After") != want {
			t.Fatalf("after a failure past the wait: %d, Retry-After %q, want 429 and %s", a.code, a.header.Get("Retry-After"), want)
		}
	}

	// A valid code waits like any other, and enrolling resets nothing.
	code, _, err := r.NewEnrollment(context.Background(), r.OfficeID, "desk", nil)
	if err != nil {
		t.Fatal(err)
	}
	c := client.New(r.URL, "", "", one)
	_, err = c.Enroll(context.Background(), protocol.EnrollRequest{Code: code, DeviceName: "desk", DeviceID: newID()})
	var retry *client.RetryError
	if !errors.As(err, &retry) || !errors.Is(err, client.ErrRateLimited) || retry.After != 8*time.Second {
		t.Fatalf("the device's client during the wait: %v, want a RetryError of 8 s", err)
	}
	advance(8 * time.Second)
	if _, err := c.Enroll(context.Background(), protocol.EnrollRequest{Code: code, DeviceName: "desk", DeviceID: newID()}); err != nil {
		t.Fatalf("a valid code after the wait: %v", err)
	}
	if a := enrolAttempt(t, r, one, "ABCD-EFGH-JKMN", nil); a.code != http.StatusTooManyRequests {
		t.Fatalf("an enrolment reset the address's count: %d", a.code)
	}
	// The second address still has its own free attempts.
	for i := range 4 {
		if a := enrolAttempt(t, r, two, "ABCD-EFGH-JKMN", nil); a.code != http.StatusUnauthorized {
			t.Fatalf("second address, attempt %d: %d", i+2, a.code)
		}
	}
	// An hour of quiet and the address starts afresh.
	advance(time.Hour)
	for i := range 6 {
		if a := enrolAttempt(t, r, one, "ABCD-EFGH-JKMN", nil); a.code != http.StatusUnauthorized {
			t.Fatalf("after an hour, attempt %d: %d", i+1, a.code)
		}
	}
}

// TestEnrolmentLimitBehindProxy: with TrustProxy the last X-Forwarded-For
// entry is the client, so two clients behind one proxy are two addresses.
func TestEnrolmentLimitBehindProxy(t *testing.T) {
	r := synctest.NewRegistry(t, nil, registry.Options{TrustProxy: true})
	hc := fromAddr("127.0.0.1")
	xff := func(ip string) map[string]string { return map[string]string{"X-Forwarded-For": "198.51.100.1, " + ip} }
	for range 20 {
		enrolAttempt(t, r, hc, "ABCD-EFGH-JKMN", xff("203.0.113.9"))
	}
	if a := enrolAttempt(t, r, hc, "ABCD-EFGH-JKMN", xff("203.0.113.9")); a.code != http.StatusTooManyRequests {
		t.Fatalf("the limited client behind the proxy: %d", a.code)
	}
	if a := enrolAttempt(t, r, hc, "ABCD-EFGH-JKMN", xff("203.0.113.10")); a.code != http.StatusUnauthorized {
		t.Fatalf("another client behind the proxy: %d", a.code)
	}
}
