package registry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"okienko/app/officeclock"
	"okienko/app/queue"
	"okienko/sync/entity"
	"okienko/sync/registry/store"
)

// queueConfig is the office's queue settings: its matter groups
// (queue.groups, the default ones when unset) and the longest wait before
// the head is warned (queue.maxWaitMinutes, 0: never).
type queueConfig struct {
	groups  []queue.Group
	maxWait int
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

func officeDay(now time.Time, loc *time.Location) string {
	return officeclock.Day(now, loc).Format(time.DateOnly)
}

// settingRows finds the office's live setting rows of keys: each key's
// row id and value (absent when there is none).
func (r *Registry) settingRows(ctx context.Context, officeID string, keys ...string) (ids, values map[string]string, err error) {
	rows, err := r.st.RowsOf(ctx, officeID, "setting")
	if err != nil {
		return nil, nil, err
	}
	want := map[string]bool{}
	for _, k := range keys {
		want[k] = true
	}
	ids, values = map[string]string{}, map[string]string{}
	for _, row := range rows {
		var s entity.Setting
		if row.Deleted || decodeRow(row.Fields, &s) != nil || !want[s.Key] {
			continue
		}
		ids[s.Key], values[s.Key] = row.EntityID, s.Value
	}
	return ids, values, nil
}

// queueCache remembers each office's queue settings for refTTL, as
// zoneCache does its zone: every call and ticket asks for them, and a
// PostgreSQL read is a round trip a counter waits for. A setting changed
// through this registry takes effect at once, through another registry
// process on the same database within refTTL.
type queueCache struct {
	mu   sync.Mutex
	seen map[string]seenQueue
}

type seenQueue struct {
	qc queueConfig
	at time.Time
}

func (c *queueCache) forget(officeID string) {
	c.mu.Lock()
	delete(c.seen, officeID)
	c.mu.Unlock()
}

// queueSettings reads the office's queue settings. A groups setting the
// registry cannot read (written by hand) is an error the admin sees in
// the log; the counters are refused rather than numbered in groups the
// office did not set.
func (r *Registry) queueSettings(ctx context.Context, officeID string) (queueConfig, error) {
	now := time.Now()
	r.queueConf.mu.Lock()
	c, ok := r.queueConf.seen[officeID]
	r.queueConf.mu.Unlock()
	if ok && now.Sub(c.at) < refTTL {
		return c.qc, nil
	}
	var qc queueConfig
	_, values, err := r.settingRows(ctx, officeID, queue.SettingGroups, queue.SettingMaxWait)
	if err != nil {
		return qc, err
	}
	if qc.groups, err = queue.ParseGroups(values[queue.SettingGroups]); err != nil {
		r.log.Error("queue groups setting unreadable", "office", officeID, "err", err)
		return qc, fmt.Errorf("registry: office %s: %w", officeID, err)
	}
	if wait := values[queue.SettingMaxWait]; wait != "" {
		if qc.maxWait, err = strconv.Atoi(wait); err != nil || qc.maxWait < 0 {
			r.log.Warn("queue max wait setting unreadable; no warning given", "office", officeID)
			qc.maxWait = 0
		}
	}
	r.queueConf.mu.Lock()
	if r.queueConf.seen == nil || len(r.queueConf.seen) >= refCacheMax {
		r.queueConf.seen = map[string]seenQueue{}
	}
	r.queueConf.seen[officeID] = seenQueue{qc: qc, at: seenAt(now)}
	r.queueConf.mu.Unlock()
	return qc, nil
}

// setSetting writes an office setting as the registry's own write: the
// row of its key if there is one, so devices (which keep one row per key)
// take the new value.
func (r *Registry) setSetting(ctx context.Context, officeID, key, value string) error {
	if _, err := r.st.Office(ctx, officeID); err != nil {
		return err
	}
	ids, _, err := r.settingRows(ctx, officeID, key)
	if err != nil {
		return err
	}
	id, found := ids[key]
	if !found {
		id = newID()
	}
	defer r.queueConf.forget(officeID)
	return r.inTx(ctx, officeID, func(tx store.Tx) error {
		return r.write(ctx, tx, "setting", id, entity.Setting{ID: id, OfficeID: officeID, Key: key, Value: value})
	})
}

// SetQueueGroups sets the office's matter groups (checked by
// queue.ValidateGroups); devices receive the setting by pull.
func (r *Registry) SetQueueGroups(ctx context.Context, officeID string, gs []queue.Group) error {
	if err := queue.ValidateGroups(gs); err != nil {
		return err
	}
	raw, err := json.Marshal(gs)
	if err != nil {
		return err
	}
	if err := r.setSetting(ctx, officeID, queue.SettingGroups, string(raw)); err != nil {
		return err
	}
	r.log.Info("queue groups set", "office", officeID, "groups", len(gs))
	return nil
}

// QueueGroups are the office's matter groups (the default ones when unset).
func (r *Registry) QueueGroups(ctx context.Context, officeID string) ([]queue.Group, error) {
	if _, err := r.st.Office(ctx, officeID); err != nil {
		return nil, err
	}
	qc, err := r.queueSettings(ctx, officeID)
	return qc.groups, err
}

// MaxQueueWait bounds the threshold the admin may set (a whole day).
const MaxQueueWait = 24 * 60

// SetQueueMaxWait sets the longest wait, in minutes, before the head is
// warned (0: never).
func (r *Registry) SetQueueMaxWait(ctx context.Context, officeID string, minutes int) error {
	if minutes < 0 || minutes > MaxQueueWait {
		return fmt.Errorf("registry: max wait %d minutes, want 0-%d", minutes, MaxQueueWait)
	}
	if err := r.setSetting(ctx, officeID, queue.SettingMaxWait, strconv.Itoa(minutes)); err != nil {
		return err
	}
	r.log.Info("queue max wait set", "office", officeID, "minutes", minutes)
	return nil
}

// NewBoardKey makes the office's hall board a new key (the old one stops
// working) and returns it; only its hash is stored.
func (r *Registry) NewBoardKey(ctx context.Context, officeID string) (string, error) {
	if _, err := r.st.Office(ctx, officeID); err != nil {
		return "", err
	}
	key := randomToken(16) // 128 bits
	if err := r.st.SetBoardKey(ctx, officeID, HashSecret(key), r.now()); err != nil {
		return "", err
	}
	r.log.Info("board key made", "office", officeID)
	return key, nil
}
