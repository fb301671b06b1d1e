package db

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/go-json-experiment/json/jsontext"

	"okienko/app/keys"
	"okienko/db/internal/dbq"
	payload "okienko/sync/entity"
	"okienko/sync/merge"
)

func (t *Tx) rowClock(ctx context.Context, entity, id string) (merge.Row, error) {
	raw, found, err := t.aheadClock(entity, id)
	if !found {
		raw, err = t.q.RowClockGet(ctx, dbq.RowClockGetParams{Entity: entity, EntityID: id})
	}
	if errors.Is(err, sql.ErrNoRows) || found && raw == nil {
		return merge.Row{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("db: row clock %s/%s: %w", entity, id, err)
	}
	plain, err := t.lk.open("row_clock", "fields", entity+"/"+id, raw)
	if err != nil {
		return nil, err
	}
	row, err := DecodeRowClock(plain)
	if err != nil {
		return nil, fmt.Errorf("db: %s/%s: %w", entity, id, err)
	}
	return row, nil
}

// PrefetchRowClocks reads, in one statement, the row clocks of the rows a
// pulled page is about to apply, instead of one query per row (most of a
// first sync's rows have none). Each is used once, by the first
// ApplyRemote of its row; a row's own write drops it, and so does any
// other write of the transaction to the table (removing a case of the
// scope, a local write), so nothing stale is read.
func (t *Tx) PrefetchRowClocks(ctx context.Context, keys [][2]string) error {
	t.ahead = nil
	if len(keys) == 0 {
		return nil
	}
	list, err := json.Marshal(keys)
	if err != nil {
		return fmt.Errorf("db: row clocks: %w", err)
	}
	rows, err := t.q.RowClockGetMany(ctx, string(list))
	if err != nil {
		return wrap("row clocks", err)
	}
	ahead := make(map[string][]byte, len(keys))
	for _, k := range keys {
		ahead[k[0]+"/"+k[1]] = nil
	}
	for _, r := range rows {
		ahead[r.Entity+"/"+r.EntityID] = r.Fields
	}
	t.ahead = ahead
	return nil
}

// aheadClock takes a prefetched row clock (nil and found: none stored).
func (t *Tx) aheadClock(entity, id string) ([]byte, bool, error) {
	key := entity + "/" + id
	raw, found := t.ahead[key]
	if found {
		delete(t.ahead, key)
	}
	return raw, found, nil
}

func (t *Tx) putRowClock(ctx context.Context, entity, id string, row merge.Row) error {
	raw, err := encodeClock(row)
	if err != nil {
		return err
	}
	sealed, err := t.lk.seal("row_clock", "fields", entity+"/"+id, raw)
	if err != nil {
		return err
	}
	return t.putSealedClock(ctx, entity, id, sealed)
}

// putSealedClock stores a row clock already encoded and sealed.
func (t *Tx) putSealedClock(ctx context.Context, entity, id string, sealed []byte) error {
	delete(t.ahead, entity+"/"+id)
	return wrap("row clock", t.q.RowClockPut(ctx, dbq.RowClockPutParams{Entity: entity, EntityID: id, Fields: sealed}))
}

// insertSealedClock stores the sealed row clock of a row that has none
// (as the prefetch or RowClockGet just said): inserted, not upserted.
func (t *Tx) insertSealedClock(ctx context.Context, entity, id string, sealed []byte) error {
	delete(t.ahead, entity+"/"+id)
	n, err := t.q.RowClockInsert(ctx, dbq.RowClockInsertParams{Entity: entity, EntityID: id, Fields: sealed})
	if err != nil {
		return wrap("row clock", err)
	}
	if n == 0 { // it has one after all
		return t.putSealedClock(ctx, entity, id, sealed)
	}
	return nil
}

// record appends the outbox op for a write to a synced table. It is the
// only writer of the outbox. The op carries only the fields whose value
// changed, stamped with one HLC reading, and for guarded fields the stamp
// of the value they replace, so the registry can tell a concurrent change
// from a sequential one.
func (t *Tx) record(ctx context.Context, entity, id string, p any) error {
	kind, ok := SyncedTables[entity]
	if !ok {
		return fmt.Errorf("db: outbox: %q is not a synced table", entity)
	}
	fields, err := payload.Fields(p)
	if err != nil {
		return fmt.Errorf("db: outbox %s: %w", entity, err)
	}
	stamp := t.s.clock.Now().String()
	t.stamped = true
	changed, base := fields, map[string]string{}
	if kind != OpAppend {
		prev, err := t.rowClock(ctx, entity, id)
		if err != nil {
			return err
		}
		changed = map[string]json.RawMessage{}
		for name, v := range fields {
			p, had := prev[name]
			if had && bytes.Equal(p.V, v) {
				continue
			}
			changed[name] = v
			if had && merge.IsGuarded(entity, name) {
				base[name] = p.H
			}
			prev[name] = merge.Field{V: v, H: stamp}
		}
		if len(changed) == 0 {
			return nil // the row was saved unchanged: nothing to sync
		}
		if err := t.putRowClock(ctx, entity, id, prev); err != nil {
			return err
		}
	} else {
		// An appended row is kept in the row clock too: a registry restored
		// from a backup is sent it again from there (Store.ResendRows), even
		// when it was acknowledged and not yet pulled back.
		row := make(merge.Row, len(fields))
		for name, v := range fields {
			row[name] = merge.Field{V: v, H: stamp}
		}
		if err := t.putRowClock(ctx, entity, id, row); err != nil {
			return err
		}
	}
	payloadJSON, err := json.Marshal(changed)
	if err != nil {
		return fmt.Errorf("db: outbox %s: %w", entity, err)
	}
	baseJSON, _ := json.Marshal(base)
	opID := newID()
	sealed, err := t.lk.seal("outbox", "payload", opID, payloadJSON)
	if err != nil {
		return err
	}
	t.recorded = true
	if err := t.q.OutboxInsertOp(ctx, dbq.OutboxInsertOpParams{
		OpID: opID, Entity: entity, EntityID: id, Op: kind, Payload: sealed,
		Base: string(baseJSON), Hlc: stamp, CreatedAt: ms(t.now),
	}); err != nil {
		return fmt.Errorf("db: outbox %s: %w", entity, err)
	}
	return nil
}

// writers store a whole row of an entity from its payload JSON, without
// recording it: the path for rows that came from the registry.
var writers = map[string]func(t *Tx, ctx context.Context, raw []byte) error{
	"office":        writeOfficeJSON,
	"unit":          writeUnitJSON,
	"staff":         writeStaffJSON,
	"substitution":  writeSubstitutionJSON,
	"service_card":  writeCardJSON,
	"setting":       writeSettingJSON,
	"audit_log":     writeAuditJSON,
	"client":        writeClientJSON,
	"case_file":     writeCaseJSON,
	"case_event":    writeCaseEventJSON,
	"case_number":   writeNumberJSON,
	"callback":      writeCallbackJSON,
	"presence":      writePresenceJSON,
	"visit":         writeVisitJSON,
	"visit_auth":    writeVisitAuthJSON,
	"complaint":     writeComplaintJSON,
	"letter":        writeLetterJSON,
	"survey_answer": writeSurveyAnswerJSON,
}

// typedWriter is an entity's writer split in two: decode, which needs no
// transaction (PrepareRemote runs it off the writer), and write. seal, if
// set, also seals what decode gave with the store's cipher off the writer
// (a client's personal fields and blind index tokens, a case's form and
// checklist); write then takes what seal gave.
type typedWriter struct {
	decode func(raw []byte) (any, error)
	seal   func(k *keys.Cipher, v any) (any, error)
	write  func(t *Tx, ctx context.Context, v any) error
}

func typed[P any](w func(t *Tx, ctx context.Context, p P) error) typedWriter {
	return typedWriter{
		decode: func(raw []byte) (any, error) {
			var p P
			err := decodeInto(raw, &p)
			return p, err
		},
		write: func(t *Tx, ctx context.Context, v any) error { return w(t, ctx, v.(P)) },
	}
}

// sealedWriter is w whose decoded payloads PrepareRemote also seals (seal),
// written by write.
func sealedWriter[P, S any](w typedWriter, seal func(*keys.Cipher, P) (S, error), write func(t *Tx, ctx context.Context, s S) error) typedWriter {
	w.seal = func(k *keys.Cipher, v any) (any, error) { return seal(k, v.(P)) }
	w.write = func(t *Tx, ctx context.Context, v any) error { return write(t, ctx, v.(S)) }
	return w
}

// typedWriters are the writers of the entities an office has many rows
// of, whose payloads PrepareRemote decodes ahead.
var typedWriters = map[string]typedWriter{
	"client": sealedWriter(typed((*Tx).writeClient), sealClient, func(t *Tx, ctx context.Context, sc sealedClient) error {
		k, err := t.lk.cipher()
		if err != nil {
			return err
		}
		return t.writeSealedClient(ctx, k, sc)
	}),
	"case_file": sealedWriter(typed(func(t *Tx, ctx context.Context, p casePayload) error { return t.writeCase(ctx, p, "") }),
		sealCase, func(t *Tx, ctx context.Context, sc sealedCase) error { return t.writeSealedCase(ctx, sc, "") }),
	"case_event":  typed((*Tx).writeCaseEvent),
	"case_number": typed((*Tx).writeNumber),
	"audit_log":   typed((*Tx).writeAudit),
}

// RemoteRow is a row received from the registry, with what applying it
// to a device that holds no row clock for it needs and no transaction
// does: its row clock encoded and sealed, and its payload decoded. The
// engine prepares a page's rows while the writer applies the page before
// (PrepareRemote), so that work leaves the writer's single thread. A row
// the device already holds is merged and encoded in the transaction, as
// before; what was prepared is then not used.
type RemoteRow struct {
	Entity, ID string
	Row        merge.Row
	c          *keys.Cipher // the cipher clock was sealed with
	clock      []byte       // Row's row clock, sealed
	payload    any          // Row decoded by its typed writer (a client or case also sealed), or nil
}

// PrepareRemote makes a pulled row ready for ApplyRemoteRow. It needs no
// transaction and may run beside the writer; a locked store prepares
// nothing (ApplyRemoteRow then does all of it, or says the store is
// locked).
func (s *Store) PrepareRemote(entity, id string, row merge.Row) RemoteRow {
	r := RemoteRow{Entity: entity, ID: id, Row: row}
	c, err := s.lk.cipher()
	if err != nil || c == nil {
		return r
	}
	if raw, err := encodeClock(row); err == nil {
		r.c, r.clock = c, c.Seal("row_clock", "fields", entity+"/"+id, raw)
	}
	if w, ok := typedWriters[entity]; ok {
		v, err := w.decode(rowObject(row))
		if err == nil && w.seal != nil {
			v, err = w.seal(c, v)
		}
		if err == nil {
			r.payload = v
		}
	}
	return r
}

// ErrUnknownEntity is returned for a change of an entity this schema does
// not know (a newer registry); the engine quarantines the page.
var ErrUnknownEntity = errors.New("db: unknown entity")

// ApplyRemote merges a row received from the registry into the local row,
// field by field (newer stamp wins, so local writes not yet pushed
// survive), and stores the result. It writes no outbox row: the change
// came from the registry. It reports whether anything changed.
func (t *Tx) ApplyRemote(ctx context.Context, entity, id string, remote merge.Row) (bool, error) {
	return t.ApplyRemoteRow(ctx, RemoteRow{Entity: entity, ID: id, Row: remote})
}

// ApplyRemoteRow is ApplyRemote of a row PrepareRemote made ready: when
// the device holds no row clock for it, the merged row is the received
// one, and its prepared row clock and payload are stored as they are.
func (t *Tx) ApplyRemoteRow(ctx context.Context, r RemoteRow) (bool, error) {
	entity, id, remote := r.Entity, r.ID, r.Row
	write, ok := writers[entity]
	if !ok {
		return false, fmt.Errorf("%w: %s", ErrUnknownEntity, entity)
	}
	local, err := t.rowClock(ctx, entity, id)
	if err != nil {
		return false, err
	}
	if SyncedTables[entity] == OpAppend && len(local) > 0 {
		// An appended row never changes; its stamps are the registry's
		// (a push re-stamped for a clock off leaves the first stamp here).
		if sameStamps(local, remote) {
			return false, nil
		}
		return false, t.putRowClock(ctx, entity, id, remote)
	}
	merged, changed := merge.Converge(local, remote)
	if !changed {
		return false, nil
	}
	// The prepared work stands for the merged row when that is the
	// received row whole (nothing held locally, every field taken) and the
	// cipher it was sealed with is still the store's.
	prepared := len(local) == 0 && len(merged) == len(remote) && r.c != nil
	if prepared {
		c, err := t.lk.cipher()
		if err != nil {
			return false, err
		}
		prepared = c == r.c
	}
	if tw, ok := typedWriters[entity]; ok && prepared && r.payload != nil {
		err = tw.write(t, ctx, r.payload)
	} else {
		err = write(t, ctx, rowObject(merged))
	}
	if err != nil {
		return false, fmt.Errorf("db: apply %s %s: %w", entity, id, err)
	}
	// Stamps from the registry order later local writes after them. A
	// row's fields mostly share one stamp: each is observed once.
	var seen [4]string
	n := 0
	for _, f := range remote {
		if slices.Contains(seen[:n], f.H) {
			continue
		}
		if n < len(seen) {
			seen[n] = f.H
			n++
		}
		if ts, err := parseStamp(f.H); err == nil {
			_ = t.s.clock.Observe(ts)
		}
	}
	t.stamped = true
	if prepared {
		return true, t.insertSealedClock(ctx, entity, id, r.clock)
	}
	return true, t.putRowClock(ctx, entity, id, merged)
}

// sameStamps reports whether two rows hold the same fields at the same stamps.
func sameStamps(a, b merge.Row) bool {
	if len(a) != len(b) {
		return false
	}
	for name, f := range a {
		if g, ok := b[name]; !ok || g.H != f.H {
			return false
		}
	}
	return true
}

// rowObject writes a merged row as the JSON object its writer decodes:
// each field's value as it is held (a value the wire codec or the
// payload encoder already checked), no map built and none re-checked.
func rowObject(row merge.Row) []byte {
	n := 2
	for name, f := range row {
		n += len(name) + len(f.V) + 8
	}
	buf := make([]byte, 0, n)
	buf = append(buf, '{')
	first := true
	for name, f := range row {
		if !first {
			buf = append(buf, ',')
		}
		first = false
		buf, _ = jsontext.AppendQuote(buf, name)
		buf = append(buf, ':')
		if len(f.V) == 0 {
			buf = append(buf, "null"...)
		} else {
			buf = append(buf, f.V...)
		}
	}
	return append(buf, '}')
}
