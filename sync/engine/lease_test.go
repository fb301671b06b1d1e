package engine_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"okienko/app"
	"okienko/app/casesign"
	"okienko/sync/protocol"
	"okienko/sync/registry"
	"okienko/sync/synctest"
)

// registryLink is a device's link that counts requests by route and the
// pushes that asked for numbers. Set older, it plays a registry from
// before FeaturePushLease: its answers name no features, and it refuses
// a push with a lease (its decoder does not know the key).
type registryLink struct {
	mu          sync.Mutex
	routes      map[string]int
	leasePushes int
	older       bool
}

func (l *registryLink) RoundTrip(req *http.Request) (*http.Response, error) {
	route := req.URL.Path[strings.LastIndex(req.URL.Path, "/")+1:]
	var push protocol.PushRequest
	if route == "push" {
		raw, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(raw))
		if err := protocol.Decode(raw, req.Header.Get("Content-Encoding"), &push); err != nil {
			return nil, err
		}
	}
	l.mu.Lock()
	older := l.older
	l.routes[route]++
	if len(push.Lease) > 0 {
		l.leasePushes++
	}
	l.mu.Unlock()
	if older && len(push.Lease) > 0 {
		body, _ := protocol.Encode(protocol.ErrorBody{Error: "bad_request", Hint: `json: unknown field "lease"`}, "")
		return &http.Response{StatusCode: http.StatusBadRequest, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(bytes.NewReader(body)), Request: req}, nil
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err == nil && older {
		resp.Header.Del(protocol.HeaderFeatures)
	}
	return resp, err
}

func (l *registryLink) set(older bool) { l.mu.Lock(); l.older = older; l.mu.Unlock() }

// counts are the lease requests, the pushes, and the pushes that asked
// for numbers.
func (l *registryLink) counts() (leases, pushes, leasePushes int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.routes["lease"], l.routes["push"], l.leasePushes
}

// TestNumbersTopUpWithPush: a device that used up its numbers asks for
// more with the push of the cases that used them (one request, one
// transaction); against a registry that does not take that, from the
// start or put back to an older version since, it asks apart, and no
// case is set aside for it.
func TestNumbersTopUpWithPush(t *testing.T) {
	so := casesign.Register{Unit: "SO", JRWA: "5352", Year: time.Now().Year()}
	for _, tc := range []struct {
		name                     string
		olderAtStart, olderLater bool
		// what the round after the registrations sent: a registry put
		// back refuses the first push, which goes again whole, unsplit
		leases, pushes, leasePushes int
	}{
		{"current registry", false, false, 0, 1, 1},
		{"older registry", true, true, 1, 1, 0},
		{"registry put back", false, true, 1, 2, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			reg := synctest.NewRegistry(t, nil, registry.Options{LeaseSize: 6})
			link := &registryLink{routes: map[string]int{}, older: tc.olderAtStart}
			d := synctest.NewDevice(t, synctest.DeviceOptions{HTTP: &http.Client{Transport: link, Timeout: 10 * time.Second}})
			d.Enroll(t, reg)
			d.SignIn(t, "jnowak")
			link.set(tc.olderLater)
			free := func() int {
				n, err := d.Store.FreeNumbers(ctx, reg.OfficeID, d.Store.DeviceID())
				if err != nil {
					t.Fatal(err)
				}
				return n[so]
			}
			if n := free(); n != 6 {
				t.Fatalf("%d numbers after enrolment, want 6", n)
			}
			register(t, d, "Nowak")
			register(t, d, "Kowalska") // 4 left: fewer than 5
			leases0, pushes0, withLease0 := link.counts()
			d.Sync(t)
			leases, pushes, withLease := link.counts()
			if leases-leases0 != tc.leases || pushes-pushes0 != tc.pushes || withLease-withLease0 != tc.leasePushes {
				t.Fatalf("the round sent %d lease requests and %d pushes, %d with a lease; want %d, %d, %d",
					leases-leases0, pushes-pushes0, withLease-withLease0, tc.leases, tc.pushes, tc.leasePushes)
			}
			if n := free(); n != 10 {
				t.Fatalf("%d numbers after the round, want 4 + 6", n)
			}
			st, err := app.NewSyncService(d.Core).Status()
			if err != nil || st.Pending != 0 || st.Quarantined != 0 {
				t.Fatalf("status %+v %v", st, err)
			}
		})
	}
}
