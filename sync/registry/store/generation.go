package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Generation is the store's generation: a random id that a restore
// changes, so devices notice that the registry lost what came after its
// backup, and the marks of what the restored copy held, so they know what
// to send again.
type Generation struct {
	ID string
	// RestoredAt is when the store was restored (zero if never): devices
	// enrolled before it must send again before the office leases numbers.
	RestoredAt time.Time
	// Marks are, per office, what the restored copy held.
	Marks map[string]OfficeMark
}

// OfficeMark is what a restored copy held of one office: its sequence and,
// per HLC node (a device id, or "registry"), the newest stamp of that
// node's writes in it.
type OfficeMark struct {
	Seq    int64             `json:"seq"`
	Stamps map[string]string `json:"stamps"`
}

// EncodeMarks writes marks as a store keeps them.
func EncodeMarks(m map[string]OfficeMark) (string, error) {
	if m == nil {
		m = map[string]OfficeMark{}
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("store: generation marks: %w", err)
	}
	return string(raw), nil
}

// DecodeMarks reads marks as a store keeps them.
func DecodeMarks(s string) (map[string]OfficeMark, error) {
	m := map[string]OfficeMark{}
	if s == "" {
		return m, nil
	}
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, fmt.Errorf("store: generation marks: %w", err)
	}
	return m, nil
}

// Generations is what a store keeps of its generation and of the devices
// that sent again what they hold after a restore.
type Generations interface {
	Generation(ctx context.Context) (Generation, error)
	SetGeneration(ctx context.Context, g Generation) error
	// MarkResent records that a device sent again everything the
	// generation's marks asked of it.
	MarkResent(ctx context.Context, deviceID, generation string, now time.Time) error
	// ResendPending lists the office's devices, active and enrolled before
	// since, that have not sent again for generation.
	ResendPending(ctx context.Context, officeID, generation string, since time.Time) ([]string, error)
	// NodeMarks is, per HLC node, the newest well-formed field stamp
	// among the office's rows: the marks of what a restored copy holds.
	// The store computes it where the rows are (a backup of 100,000 cases
	// once spent 20 s decoding every row in Go to find these).
	NodeMarks(ctx context.Context, officeID string) (map[string]string, error)
}
