package registry

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// ErrGeneration is a request naming a generation the registry no longer
// is: it was restored from a backup, and the device must first send
// again what it holds (409 generation).
var ErrGeneration = errors.New("registry: the registry was restored; send again what it lacks first")

// genState remembers the store's generation (it changes only while no
// registry serves the store: admin restore, admin generation new) and the
// offices whose devices have all sent again after a restore.
type genState struct {
	mu    sync.Mutex
	g     *store.Generation
	clear map[string]bool // office → every device enrolled before the restore sent again
}

// generation is the store's generation, read once.
func (r *Registry) generation(ctx context.Context) (store.Generation, error) {
	r.gen.mu.Lock()
	defer r.gen.mu.Unlock()
	if r.gen.g != nil {
		return *r.gen.g, nil
	}
	g, err := r.st.Generation(ctx)
	if err != nil {
		return store.Generation{}, fmt.Errorf("registry: generation: %w", err)
	}
	r.gen.g = &g
	return g, nil
}

// checkGeneration sets the answer's generation header and refuses a
// request that names another generation (a device that has not yet sent
// again what a restored registry lacks). A store that cannot be read now
// leaves both to the next request.
func (r *Registry) checkGeneration(ctx context.Context, c *call) error {
	g, err := r.generation(ctx)
	if err != nil {
		return nil
	}
	c.w.Header().Set(protocol.HeaderGeneration, g.ID)
	if asked := c.req.Header.Get(protocol.HeaderGeneration); asked != "" && asked != g.ID {
		return ErrGeneration
	}
	return nil
}

// NewGeneration gives the store a new generation, with the marks of what
// it holds now: run on a restored copy before any registry serves it
// (admin restore does; after a PostgreSQL restore, admin generation new).
func NewGeneration(ctx context.Context, st store.Store, now time.Time) (store.Generation, error) {
	offices, err := st.Offices(ctx)
	if err != nil {
		return store.Generation{}, fmt.Errorf("registry: new generation: %w", err)
	}
	g := store.Generation{ID: NewGenerationID(), RestoredAt: now, Marks: map[string]store.OfficeMark{}}
	for _, o := range offices {
		m, err := officeMark(ctx, st, o.ID)
		if err != nil {
			return store.Generation{}, err
		}
		g.Marks[o.ID] = m
	}
	if err := st.SetGeneration(ctx, g); err != nil {
		return store.Generation{}, err
	}
	return g, nil
}

// NewGenerationID is 128 random bits in hex (protocol.ValidGeneration).
func NewGenerationID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// officeMark reads the office's sequence and, per HLC node, the newest
// stamp among the fields it holds. A device's writes reach the registry
// in the order it stamped them (its outbox is pushed in order), so a
// node's writes up to its mark are all here, and those after it are not.
// The store finds the stamps where the rows are (store.NodeMarks).
func officeMark(ctx context.Context, st store.Store, officeID string) (store.OfficeMark, error) {
	m := store.OfficeMark{Stamps: map[string]string{}}
	seq, err := st.Seq(ctx, officeID)
	if err != nil {
		return m, fmt.Errorf("registry: mark %s: %w", officeID, err)
	}
	m.Seq = seq
	stamps, err := st.NodeMarks(ctx, officeID)
	if err != nil {
		return m, fmt.Errorf("registry: mark %s: %w", officeID, err)
	}
	m.Stamps = stamps
	return m, nil
}

// GenerationInfo tells a device what the restored registry holds of its
// office.
func (r *Registry) GenerationInfo(ctx context.Context, dev store.Device) (protocol.GenerationInfo, error) {
	g, err := r.generation(ctx)
	if err != nil {
		return protocol.GenerationInfo{}, err
	}
	info := protocol.GenerationInfo{Generation: g.ID, Restored: !g.RestoredAt.IsZero(), Marks: map[string]string{}}
	if m, ok := g.Marks[dev.OfficeID]; ok {
		info.Seq = m.Seq
		for node, s := range m.Stamps {
			info.Marks[node] = s
		}
	}
	return info, nil
}

// restoreRefusal is protocol.RefusedRestore while the office's devices
// enrolled before a restore have not all sent again what they hold (their
// numbers among it), or "". Once clear, an office stays clear.
func (r *Registry) restoreRefusal(ctx context.Context, officeID string) (string, error) {
	g, err := r.generation(ctx)
	if err != nil || g.RestoredAt.IsZero() {
		return "", err
	}
	r.gen.mu.Lock()
	done := r.gen.clear[officeID]
	r.gen.mu.Unlock()
	if done {
		return "", nil
	}
	pending, err := r.st.ResendPending(ctx, officeID, g.ID, g.RestoredAt)
	if err != nil {
		return "", err
	}
	if len(pending) > 0 {
		return protocol.RefusedRestore, nil
	}
	r.gen.mu.Lock()
	if r.gen.clear == nil {
		r.gen.clear = map[string]bool{}
	}
	r.gen.clear[officeID] = true
	r.gen.mu.Unlock()
	r.log.Info("every device sent again after the restore; leasing numbers again", "office", officeID)
	return "", nil
}
