package registry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
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

// settingRow finds the office's live setting row of a key: its id and
// value ("" and false when there is none).
func (r *Registry) settingRow(ctx context.Context, officeID, key string) (id, value string, found bool, err error) {
	rows, err := r.st.RowsOf(ctx, officeID, "setting")
	if err != nil {
		return "", "", false, err
	}
	for _, row := range rows {
		var s entity.Setting
		if row.Deleted || decodeRow(row.Fields, &s) != nil || s.Key != key {
			continue
		}
		return row.EntityID, s.Value, true, nil
	}
	return "", "", false, nil
}

// queueSettings reads the office's queue settings. A groups setting the
// registry cannot read (written by hand) is an error the admin sees in
// the log; the counters are refused rather than numbered in groups the
// office did not set.
func (r *Registry) queueSettings(ctx context.Context, officeID string) (queueConfig, error) {
	var qc queueConfig
	_, raw, _, err := r.settingRow(ctx, officeID, queue.SettingGroups)
	if err != nil {
		return qc, err
	}
	if qc.groups, err = queue.ParseGroups(raw); err != nil {
		r.log.Error("queue groups setting unreadable", "office", officeID, "err", err)
		return qc, fmt.Errorf("registry: office %s: %w", officeID, err)
	}
	_, wait, _, err := r.settingRow(ctx, officeID, queue.SettingMaxWait)
	if err != nil {
		return qc, err
	}
	if wait != "" {
		if qc.maxWait, err = strconv.Atoi(wait); err != nil || qc.maxWait < 0 {
			r.log.Warn("queue max wait setting unreadable; no warning given", "office", officeID)
			qc.maxWait = 0
		}
	}
	return qc, nil
}

// setSetting writes an office setting as the registry's own write: the
// row of its key if there is one, so devices (which keep one row per key)
// take the new value.
func (r *Registry) setSetting(ctx context.Context, officeID, key, value string) error {
	if _, err := r.st.Office(ctx, officeID); err != nil {
		return err
	}
	id, _, found, err := r.settingRow(ctx, officeID, key)
	if err != nil {
		return err
	}
	if !found {
		id = newID()
	}
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
