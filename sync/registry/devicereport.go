package registry

import (
	"context"
	"sync"
	"time"

	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// Each request of a device may carry its report of itself (the
// Okienko-Device header: app version, changes waiting and refused), which
// the console's Urządzenia shows. A report is written when it says
// something new: a new version, or a device caught up (nothing waiting or
// refused) at once, other changed counts at most once a minute, so a busy
// round adds no write to every request.

// reportEvery bounds the writes of a device whose counts keep changing.
const reportEvery = time.Minute

// reportWait bounds the write of a report: it rides on the device's
// request, and a frozen database must not hold that request past the
// store's own deadline (the push then answers 503 as it should).
const reportWait = 2 * time.Second

// reportCache remembers the last report written per device.
type reportCache struct {
	mu   sync.Mutex
	last map[string]store.DeviceReport
}

// noteReport records a device's report if it is well formed and new; a
// malformed one is ignored (it changes nothing the device may do).
func (r *Registry) noteReport(ctx context.Context, d store.Device, header string) {
	if header == "" {
		return
	}
	rep, err := protocol.ParseDeviceReport(header)
	if err != nil {
		r.log.Debug("device report ignored", "device", d.ID, "err", err)
		return
	}
	now := r.now()
	c := &r.reports
	c.mu.Lock()
	prev, ok := c.last[d.ID]
	same := ok && prev.Version == rep.Version && prev.Waiting == rep.Waiting && prev.Refused == rep.Refused
	caughtUp := rep.Waiting == 0 && rep.Refused == 0
	due := !ok || prev.Version != rep.Version || (!same && (caughtUp || now.Sub(prev.Reported) >= reportEvery))
	if due {
		if c.last == nil {
			c.last = map[string]store.DeviceReport{}
		}
		c.last[d.ID] = store.DeviceReport{Version: rep.Version, Waiting: rep.Waiting, Refused: rep.Refused, Reported: now}
	}
	c.mu.Unlock()
	if !due {
		return
	}
	wctx, cancel := context.WithTimeout(ctx, reportWait)
	defer cancel()
	if err := r.st.SetDeviceReport(wctx, d.ID, store.DeviceReport{Version: rep.Version, Waiting: rep.Waiting, Refused: rep.Refused, Reported: now}); err != nil {
		c.mu.Lock()
		delete(c.last, d.ID) // try again with the next request
		c.mu.Unlock()
		r.log.Warn("device report not stored", "device", d.ID, "err", err)
	}
}

// DeviceReports reads what the office's devices last said of themselves.
func (r *Registry) DeviceReports(ctx context.Context, officeID string) (map[string]store.DeviceReport, error) {
	return r.st.DeviceReports(ctx, officeID)
}
