package registry

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// A lease request is the device's word for what it needs, so the registry
// holds it to what a counter could need: registers of the office's cards
// only (a made-up unit or class would open a register of nobody, whose
// numbers every device then pulls), and a day's blocks of each register
// bounded. Without these one request took 2,000 numbers, and any number
// of made-up registers could be opened.
const (
	// leaseBlocksPerDay is how many blocks of one register a device may
	// take in an office day: 25 blocks of 20 is 500 cases of one kind in
	// a day at one laptop, far past any counter's.
	leaseBlocksPerDay = 25
)

// Why a register is refused numbers, beside protocol's own reasons.
const (
	refusedUnknown = "unknown" // no card of the office files into it
	refusedPlenty  = "plenty"  // the device took its day's blocks of it
)

// registerKey is a register without its year: a unit and a JRWA class.
type registerKey struct{ unit, jrwa string }

// cardRegisters is the office's registers its cards file into (every
// version's unit and class), remembered; want's registers not among
// those remembered have the cards read again once (a card published
// since).
type cardRegisters struct {
	mu  sync.Mutex
	set map[string]map[registerKey]bool // office → registers
}

func (r *Registry) knownRegisters(ctx context.Context, officeID string, want []protocol.RegisterRef) (map[registerKey]bool, error) {
	r.cardRegs.mu.Lock()
	set := r.cardRegs.set[officeID]
	r.cardRegs.mu.Unlock()
	fresh := set != nil
	for _, w := range want {
		if !set[registerKey{w.Unit, w.JRWA}] {
			fresh = false
		}
	}
	if fresh {
		return set, nil
	}
	rows, err := r.st.RowsOfEncoded(ctx, officeID, "service_card")
	if err != nil {
		return nil, fmt.Errorf("registry: card registers: %w", err)
	}
	set = map[registerKey]bool{}
	for _, row := range rows {
		var c struct {
			Card storedField[struct{ Unit, JRWA string }]
		}
		if json.Unmarshal(row.Encoded, &c) == nil && c.Card.V.Unit != "" {
			set[registerKey{c.Card.V.Unit, c.Card.V.JRWA}] = true
		}
	}
	r.cardRegs.mu.Lock()
	if r.cardRegs.set == nil || len(r.cardRegs.set) >= refCacheMax {
		r.cardRegs.set = map[string]map[registerKey]bool{}
	}
	r.cardRegs.set[officeID] = set
	r.cardRegs.mu.Unlock()
	return set, nil
}

// leaseDay is how many blocks a device took of one register on one
// office day.
type leaseDay struct {
	day    string
	blocks int
}

type leaseDayKey struct {
	office, device, unit, jrwa string
	year                       int
}

// leaseDays are the blocks each device took today, per register (in
// memory: a restart forgets them, which gives a device a day's blocks
// more at most).
type leaseDays struct {
	mu sync.Mutex
	m  map[leaseDayKey]leaseDay
}

// plenty reports whether dev took its day's blocks of reg already (today
// is the office's day).
func (r *Registry) plenty(dev store.Device, reg protocol.RegisterRef, today time.Time) bool {
	k := leaseDayKey{dev.OfficeID, dev.ID, reg.Unit, reg.JRWA, reg.Year}
	r.leaseDays.mu.Lock()
	defer r.leaseDays.mu.Unlock()
	d := r.leaseDays.m[k]
	return d.day == today.Format(time.DateOnly) && d.blocks >= leaseBlocksPerDay
}

// tookBlock remembers a block dev took on the office's day today.
func (r *Registry) tookBlock(l store.Lease, officeID string, today time.Time) {
	k := leaseDayKey{officeID, l.DeviceID, l.Unit, l.JRWA, l.Year}
	day := today.Format(time.DateOnly)
	r.leaseDays.mu.Lock()
	defer r.leaseDays.mu.Unlock()
	if r.leaseDays.m == nil || len(r.leaseDays.m) >= refCacheMax {
		r.leaseDays.m = map[leaseDayKey]leaseDay{}
	}
	d := r.leaseDays.m[k]
	if d.day != day {
		d = leaseDay{day: day}
	}
	d.blocks++
	r.leaseDays.m[k] = d
}
