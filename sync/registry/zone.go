package registry

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"okienko/app/office"
	"okienko/app/officeclock"
	"okienko/sync/registry/store"
)

// zoneCache remembers each office's time zone, read from its office row,
// for refTTL: every push that registers a case and every lease asks for
// the office's date, and inside the office's lock a read is a round trip
// the office's other writes wait for. A zone the admin changes takes
// effect within refTTL, as a deleted card does.
type zoneCache struct {
	mu     sync.Mutex
	zones  map[string]seenZone
	warned map[string]string // office → the bad name already logged
}

type seenZone struct {
	loc  *time.Location
	seen time.Time
}

// OfficeZone is the time zone every date of the office is taken in: the
// office row's timeZone, Europe/Warsaw when it names none. A name that
// names no zone (an office row older than the check, or written by hand)
// falls back to Europe/Warsaw and is logged once, so a bad row never
// stops the registry from leasing or taking pushes.
func (r *Registry) OfficeZone(ctx context.Context, officeID string) (*time.Location, error) {
	return r.officeZone(ctx, nil, officeID)
}

// officeZone is OfficeZone, read inside tx when one is given (the
// office's lock is held, and SQLite has one writer).
func (r *Registry) officeZone(ctx context.Context, tx store.Tx, officeID string) (*time.Location, error) {
	now := time.Now()
	r.zones.mu.Lock()
	z, ok := r.zones.zones[officeID]
	r.zones.mu.Unlock()
	if ok && now.Sub(z.seen) < refTTL {
		return z.loc, nil
	}
	var row store.Row
	if tx != nil {
		var err error
		if row, _, err = tx.Row(ctx, "office", officeID); err != nil {
			return nil, fmt.Errorf("registry: office zone: %w", err)
		}
	} else {
		rows, err := r.st.RowsOf(ctx, officeID, "office")
		if err != nil {
			return nil, fmt.Errorf("registry: office zone: %w", err)
		}
		for _, x := range rows {
			if x.EntityID == officeID {
				row = x
			}
		}
	}
	var name string
	if f, ok := row.Fields["timeZone"]; ok && string(f.V) != "null" {
		if json.Unmarshal(f.V, &name) != nil {
			// Not a string: a bad name, never taken as "" (the default).
			name = string(f.V)
		}
	}
	loc, err := officeclock.LoadZone(name)
	r.zones.mu.Lock()
	defer r.zones.mu.Unlock()
	if err != nil {
		if r.zones.warned == nil {
			r.zones.warned = map[string]string{}
		}
		if r.zones.warned[officeID] != name {
			r.zones.warned[officeID] = name
			r.log.Warn("office time zone unknown; dates are taken in "+officeclock.DefaultZone, "office", officeID, "zone", name)
		}
		loc = officeclock.MustZone(officeclock.DefaultZone)
	}
	if r.zones.zones == nil || len(r.zones.zones) >= refCacheMax {
		r.zones.zones = map[string]seenZone{}
	}
	r.zones.zones[officeID] = seenZone{loc: loc, seen: seenAt(now)}
	return loc, nil
}

// OfficeNow is the registry's time in the office's zone: what the office's
// printouts and the admin's listings show.
func (r *Registry) OfficeNow(ctx context.Context, officeID string) (time.Time, error) {
	loc, err := r.OfficeZone(ctx, officeID)
	if err != nil {
		return time.Time{}, err
	}
	return r.now().In(loc), nil
}

// officeToday is the registry's office date (officeclock.Day).
func (r *Registry) officeToday(ctx context.Context, tx store.Tx, officeID string) (time.Time, error) {
	loc, err := r.officeZone(ctx, tx, officeID)
	if err != nil {
		return time.Time{}, err
	}
	return officeclock.Day(r.now(), loc), nil
}

// SetOfficeZone sets the office's time zone (an IANA name, checked by
// office.Validate); devices take it with the office row.
func (r *Registry) SetOfficeZone(ctx context.Context, officeID, zone string) error {
	if _, err := r.st.Office(ctx, officeID); err != nil {
		return err
	}
	err := r.inTx(ctx, officeID, func(tx store.Tx) error {
		row, found, err := tx.Row(ctx, "office", officeID)
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("registry: office row %s: %w", officeID, store.ErrNotFound)
		}
		var o office.Office
		if err := decodeRow(row.Fields, &o); err != nil {
			return fmt.Errorf("registry: office row %s: %w", officeID, err)
		}
		o.TimeZone = zone
		if err := o.Validate(); err != nil {
			return fmt.Errorf("registry: office: %w", err)
		}
		return r.write(ctx, tx, "office", officeID, o)
	})
	if err != nil {
		return err
	}
	r.zones.mu.Lock()
	delete(r.zones.zones, officeID)
	r.zones.mu.Unlock()
	r.log.Info("office time zone set", "office", officeID, "zone", zone)
	return nil
}
