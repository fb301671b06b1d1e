package faults

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"okienko/sync/client"
	"okienko/sync/hlc"
	"okienko/sync/protocol"
	"okienko/sync/synctest/rows"
)

// outageBound is the longest a push may wait for its answer while the
// database is down or hung: the registry's write-group deadline (the
// store's 10 s transaction deadline and 2 s more) with a margin for a
// loaded machine.
const outageBound = 15 * time.Second

// TestPostgresOutage stops, then freezes, a PostgreSQL server of the
// test's own under a serving registry. Every push meanwhile is answered
// 503 with Retry-After (never 500) within the write deadline; the
// registry's log has one line when each outage starts and one when it
// ends, with the count, and the registry serves again by itself.
func TestPostgresOutage(t *testing.T) {
	t.Parallel()
	pg := startOwnPostgres(t)
	reg := startRegistry(t, []string{"--db", pg.DSN}, 20, "--snapshots", "none")
	ctx := context.Background()
	hc := &http.Client{Timeout: time.Minute}
	deviceID := uuid.Must(uuid.NewV7()).String()
	enr, err := client.New(reg.URL, "", "", hc).Enroll(ctx, protocol.EnrollRequest{Code: reg.EnrollCode(t, "desk 1"), DeviceName: "desk 1", DeviceID: deviceID})
	if err != nil {
		t.Fatal(err)
	}
	c := client.New(reg.URL, enr.Token, enr.OfficeID, hc)
	clock := hlc.New(deviceID, nil)
	push := func() (time.Duration, error) {
		id := uuid.Must(uuid.NewV7()).String()
		op := protocol.Op{ID: uuid.Must(uuid.NewV7()).String(), Entity: "client", EntityID: id, Kind: protocol.Upsert,
			HLC: clock.Now().String(), Fields: rows.Client(enr.OfficeID, id, "Anna")}
		start := time.Now()
		_, err := c.Push(ctx, protocol.PushRequest{BatchID: uuid.Must(uuid.NewV7()).String(), Ops: []protocol.Op{op}})
		return time.Since(start), err
	}
	if _, err := push(); err != nil {
		t.Fatalf("push before the outage: %v", err)
	}
	refused := 0
	// refusedPushes sends n pushes at once and checks each is refused as
	// an outage, in time; it returns the longest wait.
	refusedPushes := func(what string, n int) time.Duration {
		t.Helper()
		var mu sync.Mutex
		var longest time.Duration
		var wg sync.WaitGroup
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				took, err := push()
				var ue *client.UnavailableError
				mu.Lock()
				defer mu.Unlock()
				longest = max(longest, took)
				if !errors.As(err, &ue) || ue.RetryAfter != 5*time.Second {
					t.Errorf("%s: push answered %v, want 503 with Retry-After 5", what, err)
				}
				if took > outageBound {
					t.Errorf("%s: push answered after %s, want within %s", what, took, outageBound)
				}
			}()
		}
		wg.Wait()
		refused += n
		return longest
	}
	// backUp pushes until the registry takes a push again.
	backUp := func(what string) time.Duration {
		t.Helper()
		start := time.Now()
		for {
			_, err := push()
			if err == nil {
				return time.Since(start)
			}
			var ue *client.UnavailableError
			if !errors.As(err, &ue) {
				t.Fatalf("%s: push after the database came back: %v", what, err)
			}
			refused++
			if time.Since(start) > 30*time.Second {
				t.Fatalf("%s: the registry did not serve again within 30 s: %v", what, err)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}

	pg.Stop(t)
	stopped := refusedPushes("database stopped", 8)
	if resp, err := http.Get(reg.URL + "/healthz"); err != nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("/healthz while the database is stopped: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	pg.Start(t)
	back1 := backUp("after the stop")

	pg.Freeze()
	// Past the registry's token cache (2 s), so that the frozen pushes
	// must look their device up: one gets the pool's idle connection to
	// the frozen server, where only a deadline ends its wait.
	time.Sleep(3 * time.Second)
	frozen := refusedPushes("database frozen", 4)
	pg.Thaw()
	back2 := backUp("after the freeze")
	t.Logf("answer during the outage: at most %s with the database stopped, %s with it frozen; serving again %s and %s after it came back",
		stopped.Round(time.Millisecond), frozen.Round(time.Millisecond), back1.Round(time.Millisecond), back2.Round(time.Millisecond))

	// The registry's stderr reaches the test through a pipe, after its answers.
	log := reg.log.String()
	for deadline := time.Now().Add(5 * time.Second); strings.Count(log, "store available again") < 2 && time.Now().Before(deadline); log = reg.log.String() {
		time.Sleep(20 * time.Millisecond)
	}
	if n := strings.Count(log, "store unavailable: answering 503"); n != 2 {
		t.Errorf("%d outage-start lines for 2 outages:\n%s", n, tail(log, 4000))
	}
	if n := strings.Count(log, "store available again"); n != 2 {
		t.Errorf("%d outage-end lines for 2 outages:\n%s", n, tail(log, 4000))
	}
	if strings.Contains(log, `"request failed"`) {
		t.Errorf("outage requests logged one by one as failures:\n%s", tail(log, 4000))
	}
	if got := reg.Metric(t, "okienko_unavailable_total"); got < int64(refused) {
		t.Errorf("okienko_unavailable_total %d, want at least %d", got, refused)
	}
	if got := reg.Metric(t, `okienko_requests_total{route="push",code="500"}`); got != 0 {
		t.Errorf("%d pushes answered 500", got)
	}
}
