package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"okienko/app/officeclock"
	"okienko/db/internal/dbq"
)

// The office clock's reading, kept in device_meta so a restart does not
// forget what the registry taught the device about its own clock.
const (
	metaClockOffset  = "clock_offset_ms"
	metaClockLearned = "clock_learned_ms"
)

// OfficeClock is the office's clock on this device: every legal date is
// read from it (app), it stamps rows and ops (the HLC's physical time) and
// the sync engine corrects it from the registry's clock.
func (s *Store) OfficeClock() *officeclock.Clock { return s.office }

// LearnClock takes the offset measured against the registry's clock and
// keeps it across restarts. Every answer brings one: it is written when it
// changed, or every ten minutes (how old it is shows as "not checked for
// days"), so a round with nothing to do writes nothing.
func (s *Store) LearnClock(ctx context.Context, offset time.Duration) error {
	s.office.Learn(offset)
	r := s.office.Reading()
	s.clockMu.Lock()
	defer s.clockMu.Unlock()
	if s.clockKept.Known && (r.Offset-s.clockKept.Offset).Abs() < time.Second && r.LearnedAt.Sub(s.clockKept.LearnedAt) < s.clockSaved {
		return nil
	}
	err := s.InTx(ctx, func(tx *Tx) error {
		if err := tx.setMeta(ctx, metaClockOffset, strconv.FormatInt(r.Offset.Milliseconds(), 10)); err != nil {
			return err
		}
		return tx.setMeta(ctx, metaClockLearned, strconv.FormatInt(r.LearnedAt.UnixMilli(), 10))
	})
	if err == nil {
		s.clockKept = r
	}
	return err
}

// LinkClock tells the office clock whether this device belongs to a
// registry (enrolled): the registry's clock is then the office's.
func (s *Store) LinkClock(linked bool) { s.office.SetLinked(linked) }

// initClock restores the office clock: its zone from the office row, the
// offset learned before, whether the device has a registry, and the latest
// office time it gave (the last stamp), so a clock set back is noticed.
func (s *Store) initClock(ctx context.Context) error {
	q := dbq.New(s.w)
	if o, err := q.OfficeGet(ctx); err == nil {
		s.setZone(o.TimeZone)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("db: office zone: %w", err)
	}
	var r officeclock.Reading
	off, err1 := q.DeviceMetaGet(ctx, metaClockOffset)
	at, err2 := q.DeviceMetaGet(ctx, metaClockLearned)
	if err1 == nil && err2 == nil {
		o, e1 := strconv.ParseInt(off, 10, 64)
		a, e2 := strconv.ParseInt(at, 10, 64)
		if e1 == nil && e2 == nil {
			r = officeclock.Reading{Known: true, Offset: time.Duration(o) * time.Millisecond, LearnedAt: time.UnixMilli(a)}
		} else {
			s.log.Warn("office clock: unreadable offset kept; taken as unknown")
		}
	}
	s.office.Restore(r)
	s.clockKept = r
	if url, err := q.DeviceMetaGet(ctx, metaRegistry); err == nil && url != "" {
		s.office.SetLinked(true)
	}
	if last := s.clock.Last(); last.Wall > 0 && last.Node == s.deviceID {
		s.office.Observe(time.UnixMilli(last.Wall))
	}
	return nil
}

// setZone sets the office clock's zone from an office row; a name that is
// no zone keeps Europe/Warsaw, which every Polish office has.
func (s *Store) setZone(name string) {
	loc, err := officeclock.LoadZone(name)
	if err != nil {
		s.log.Warn("office clock: unknown time zone in the office row; Europe/Warsaw kept", "err", err)
		loc = officeclock.MustZone(officeclock.DefaultZone)
	}
	s.office.SetLocation(loc)
}
