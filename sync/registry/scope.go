package registry

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"okienko/app/officeclock"
	"okienko/sync/entity"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// A device's scope (issue 13: a device carries only what its people
// need). A device of the whole office (the default, the BOM counter) is
// sent every row, as before, by the same path at the same cost. A device
// limited to some units is sent, of the office's cases, those of its
// units and those its people registered or handle, each while open or
// closed within the office's period (SettingClosedDays); a case's events
// and callbacks go with it, a client with any case of it the device is
// sent; entries of the correspondence register of its cases, of a clerk
// of its units, or of its people (holdsLetter); survey answers asked at
// its units' counters or typed in by its people (holdsSurvey); home
// visits and complaints of its units, of a handler of its units, of its
// cases or of its people (holdsPlaced); authorizations of a visit, unit
// or person it holds (holdsAuth); office
// rows (office, units, staff, cards, settings, the register's numbers,
// presence) always; audit entries by its people, about rows it holds, or
// about no row of a unit (holdsAudit). Cases, letters, survey answers,
// visits, authorizations and complaints of the page's stretch outside
// the scope are named in the page
// to forget (protocol.PullResponse.Forget), so one handed over to another
// unit leaves the device; a case that comes into the scope is sent with
// its client, events, callbacks, letters, visits and complaints, which
// the device was not sent before.
// The registry keeps everything.

// SettingClosedDays is the office setting of how many days a closed case
// stays on the devices limited to some units (90 when unset).
const SettingClosedDays = "scope.closedDays"

// DefaultClosedDays is the period when the office set none.
const DefaultClosedDays = 90

// scopeView is what a limited device is sent: its units, its people and
// the office's period; key is the fingerprint sent with its pages.
type scopeView struct {
	units, people map[string]bool
	closedDays    int
	key           string
}

// holds reports whether a case with attributes a, handled in unit, is in
// the view, closed cases counting until cutoff (Unix ms).
func (v *scopeView) holds(a caseAttrs, unit string, cutoff int64) bool {
	if a.deleted || a.closedAt != 0 && a.closedAt < cutoff {
		return false
	}
	return v.units[unit] || a.registrar != "" && v.people[a.registrar] || a.assignee != "" && v.people[a.assignee]
}

// scopeCache remembers each device's view for refTTL, as authCache does
// its device: every pull asks for it. A change made through this
// registry takes effect at once (forget), through another process on the
// same store within refTTL.
type scopeCache struct {
	mu   sync.Mutex
	seen map[string]seenScope
}

type seenScope struct {
	v  *scopeView // nil: the whole office
	at time.Time
}

func (c *scopeCache) forget(deviceID string) {
	c.mu.Lock()
	delete(c.seen, deviceID)
	c.mu.Unlock()
}

// deviceScope is the device's view, nil for a device of the whole office.
func (r *Registry) deviceScope(ctx context.Context, dev store.Device) (*scopeView, error) {
	now := time.Now()
	r.scopes.mu.Lock()
	s, ok := r.scopes.seen[dev.ID]
	r.scopes.mu.Unlock()
	if ok && now.Sub(s.at) < refTTL {
		return s.v, nil
	}
	sc, err := r.st.DeviceScope(ctx, dev.ID)
	if err != nil {
		return nil, err
	}
	var v *scopeView
	if sc.Limited {
		if v, err = r.viewOf(ctx, dev, sc); err != nil {
			return nil, err
		}
	}
	r.scopes.mu.Lock()
	if r.scopes.seen == nil || len(r.scopes.seen) >= refCacheMax {
		r.scopes.seen = map[string]seenScope{}
	}
	r.scopes.seen[dev.ID] = seenScope{v: v, at: seenAt(now)}
	r.scopes.mu.Unlock()
	return v, nil
}

// viewOf builds a limited device's view: its units, its people, the period.
func (r *Registry) viewOf(ctx context.Context, dev store.Device, sc store.Scope) (*scopeView, error) {
	people, err := r.st.DevicePeople(ctx, dev.ID)
	if err != nil {
		return nil, err
	}
	days, err := r.closedDays(ctx, dev.OfficeID)
	if err != nil {
		return nil, err
	}
	v := &scopeView{units: map[string]bool{}, people: map[string]bool{}, closedDays: days}
	for _, u := range sc.Units {
		v.units[u] = true
	}
	for _, p := range people {
		v.people[p] = true
	}
	sorted := slices.Sorted(slices.Values(people))
	sum := sha256.Sum256([]byte(strings.Join(sc.Units, ",") + "|" + strings.Join(sorted, ",") + "|" + strconv.Itoa(days)))
	v.key = "s1-" + hex.EncodeToString(sum[:8])
	return v, nil
}

// closedDays is the office's period (SettingClosedDays); a value that is
// no whole number of days from 0 to 3650 is logged and the default used.
func (r *Registry) closedDays(ctx context.Context, officeID string) (int, error) {
	_, values, err := r.settingRows(ctx, officeID, SettingClosedDays)
	if err != nil {
		return 0, err
	}
	raw, ok := values[SettingClosedDays]
	if !ok {
		return DefaultClosedDays, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 0 || n > 3650 {
		r.log.Warn("scope closed days setting unreadable; the default used", "office", officeID)
		return DefaultClosedDays, nil
	}
	return n, nil
}

// cutoff is when a case must have been closed, at the latest, to leave
// the devices limited to some units: the office's day days ago (ms).
func (r *Registry) cutoff(ctx context.Context, officeID string, days int) (int64, error) {
	loc, err := r.OfficeZone(ctx, officeID)
	if err != nil {
		return 0, err
	}
	return officeclock.Day(r.now(), loc).AddDate(0, 0, -days).UnixMilli(), nil
}

// pullScoped cuts a page of the whole office down to a limited device's
// view: rows outside it are left out, its cases named to forget, and
// the rows of a case that came into the view since after sent with it.
func (r *Registry) pullScoped(ctx context.Context, dev store.Device, v *scopeView, after int64, page protocol.EncodedPullResponse, stamps bool) (protocol.EncodedPullResponse, error) {
	idx, err := r.index.office(ctx, r.st, dev.OfficeID, page.Cursor)
	if err != nil {
		return protocol.EncodedPullResponse{}, err
	}
	cutoff, err := r.cutoff(ctx, dev.OfficeID, v.closedDays)
	if err != nil {
		return protocol.EncodedPullResponse{}, err
	}
	out := protocol.EncodedPullResponse{Changes: make([]protocol.EncodedChange, 0, len(page.Changes)), Cursor: page.Cursor, More: page.More, Scope: v.key}
	var arrived []scopeArrival
	idx.mu.Lock()
	for _, c := range page.Changes {
		keep := true
		switch c.Entity {
		case "case_file":
			info := idx.cases[c.EntityID]
			if info == nil || !idx.holds(v, info.caseAttrs, cutoff) {
				out.Forget = append(out.Forget, c.EntityID)
				if info != nil && info.moved > after {
					out.Forget = idx.rowsLeaving(v, c.EntityID, cutoff, out.Forget)
				}
				continue
			}
			// A device whose cursor is older than the index may have
			// missed a move the index never saw (a registry restarted):
			// its cases of that stretch come with their rows, once.
			unsure := after > 0 && after < idx.builtAt && c.Seq <= idx.builtAt
			if unsure || info.moved > after && !idx.holds(v, info.prev, cutoff) {
				arrived = append(arrived, scopeArrival{at: len(out.Changes), seq: c.Seq, rows: idx.dependents(v, c.EntityID, cutoff)})
			}
		case "case_event":
			keep = idx.holdsCase(v, idx.owner[c.EntityID], cutoff)
		case "callback":
			keep, _ = idx.holdsCallback(v, c.EntityID, cutoff)
		case "client":
			keep = idx.holdsClient(v, c.EntityID, cutoff)
		case "letter":
			if keep = idx.holdsLetter(v, c.EntityID, cutoff); !keep {
				out.Forget = append(out.Forget, c.EntityID)
			}
		case "survey_answer":
			if keep = idx.holdsSurvey(v, c.EntityID); !keep {
				out.Forget = append(out.Forget, c.EntityID)
			}
		case "visit":
			if keep = idx.holdsVisit(v, c.EntityID, cutoff); !keep {
				out.Forget = append(out.Forget, c.EntityID)
			}
		case "visit_auth":
			if keep = idx.holdsAuth(v, c.EntityID, cutoff); !keep {
				out.Forget = append(out.Forget, c.EntityID)
			}
		case "complaint":
			if keep = idx.holdsComplaint(v, c.EntityID, cutoff); !keep {
				out.Forget = append(out.Forget, c.EntityID)
			}
		case "audit_log":
			keep = idx.holdsAudit(v, c.Fields, cutoff)
		}
		if keep {
			out.Changes = append(out.Changes, c)
		}
	}
	idx.mu.Unlock()
	if len(arrived) > 0 {
		if out.Changes, err = r.withArrivals(ctx, dev.OfficeID, out.Changes, arrived, stamps); err != nil {
			return protocol.EncodedPullResponse{}, err
		}
	}
	return out, nil
}

// scopeArrival is a case that came into a device's view: the rows to send
// before it (its client, events and callbacks), under its sequence.
type scopeArrival struct {
	at   int // its index in the page
	seq  int64
	rows []store.RowKey
}

// withArrivals puts each arrived case's rows, read from the store now,
// just before the case in the page. A handover into a unit is rare: the
// rows are read in one transaction, under the office's lock.
func (r *Registry) withArrivals(ctx context.Context, officeID string, changes []protocol.EncodedChange, arrived []scopeArrival, stamps bool) ([]protocol.EncodedChange, error) {
	extra := make([][]protocol.EncodedChange, len(arrived))
	err := r.st.InTx(ctx, officeID, func(tx store.Tx) error {
		for i, a := range arrived {
			extra[i] = extra[i][:0]
			for _, k := range a.rows {
				row, found, err := tx.Row(ctx, k.Entity, k.ID)
				if err != nil {
					return err
				}
				if !found {
					continue
				}
				raw, err := row.Fields.AppendJSON(nil)
				if err != nil {
					return fmt.Errorf("registry: row %s/%s: %w", k.Entity, k.ID, err)
				}
				e := protocol.EncodedChange{Seq: a.seq, Entity: k.Entity, EntityID: k.ID, Deleted: row.Deleted, Fields: raw}
				if stamps {
					if h, compact, err := row.Fields.AppendRowStamps(nil); err == nil {
						e.H, e.Fields = h, compact
					}
				}
				extra[i] = append(extra[i], e)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]protocol.EncodedChange, 0, len(changes)+len(arrived)*4)
	next := 0
	for i, c := range changes {
		for next < len(arrived) && arrived[next].at == i {
			out = append(out, extra[next]...)
			next++
		}
		out = append(out, c)
	}
	return out, nil
}

// DeviceScope is a device's scope as the admin set it.
func (r *Registry) DeviceScope(ctx context.Context, deviceID string) (store.Scope, error) {
	return r.st.DeviceScope(ctx, deviceID)
}

// DeviceScopes are the limited scopes of an office's devices, by device id.
func (r *Registry) DeviceScopes(ctx context.Context, officeID string) (map[string]store.Scope, error) {
	return r.st.DeviceScopes(ctx, officeID)
}

// SetDeviceScope changes a device's scope: its units (each a unit of the
// office), or the whole office. The device notices at its next pull that
// its scope changed, takes its rows again from the start, and forgets the
// cases no longer in it.
func (r *Registry) SetDeviceScope(ctx context.Context, deviceID string, sc store.Scope) error {
	d, err := r.st.Device(ctx, deviceID)
	if err != nil {
		return err
	}
	if err := r.checkUnits(ctx, d.OfficeID, sc); err != nil {
		return err
	}
	defer r.scopes.forget(deviceID)
	if err := r.st.SetDeviceScope(ctx, deviceID, sc); err != nil {
		return err
	}
	r.log.Info("device scope set", "office", d.OfficeID, "device", deviceID, "limited", sc.Limited, "units", len(sc.Units))
	return nil
}

// ErrUnknownUnit is a scope naming a unit the office does not have.
var ErrUnknownUnit = fmt.Errorf("registry: no such unit in the office: %w", store.ErrNotFound)

// checkUnits refuses a scope naming a unit the office has no live row of.
func (r *Registry) checkUnits(ctx context.Context, officeID string, sc store.Scope) error {
	if !sc.Limited {
		return nil
	}
	rows, err := r.st.RowsOf(ctx, officeID, "unit")
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, row := range rows {
		var u entity.Unit
		if !row.Deleted && decodeRow(row.Fields, &u) == nil {
			have[u.Symbol] = true
		}
	}
	for _, u := range sc.Units {
		if !have[u] {
			return fmt.Errorf("%w: %s", ErrUnknownUnit, u)
		}
	}
	return nil
}

// NewScopedEnrollment is NewEnrollment giving the device a scope (the
// zero Scope: the whole office).
func (r *Registry) NewScopedEnrollment(ctx context.Context, officeID, name string, people []string, sc store.Scope) (string, time.Time, error) {
	if err := r.checkUnits(ctx, officeID, sc); err != nil {
		return "", time.Time{}, err
	}
	return r.newEnrollment(ctx, officeID, name, people, sc)
}

// SetClosedDays sets how many days a closed case stays on the devices
// limited to some units (SettingClosedDays); devices take it by pull.
func (r *Registry) SetClosedDays(ctx context.Context, officeID string, days int) error {
	if days < 0 || days > 3650 {
		return fmt.Errorf("registry: closed days %d out of 0..3650: %w", days, protocol.ErrInvalid)
	}
	return r.setSetting(ctx, officeID, SettingClosedDays, strconv.Itoa(days))
}
