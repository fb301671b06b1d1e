package registry

import (
	"container/list"
	"context"
	"fmt"
	"sort"
	"sync"

	"okienko/sync/hlc"
	"okienko/sync/merge"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// When an office's devices sync together, each pulls what the others
// just pushed: the same few rows, read from the store once per device.
// feed keeps each office's latest changes in memory as the registry
// wrote them, so a pull of recent changes needs only the office's
// sequence from the store. It holds one contiguous stretch of the
// office's sequence, (from, to]: every change committed in it, and only
// those, so a page cut from it is the page the store would give. A
// change written outside the stretch (another registry process, an admin
// command, the registry restarted) starts a new stretch; a pull from
// before it goes to the store.
type feed struct {
	mu       sync.Mutex
	offices  map[string]*officeFeed
	lru      *list.List // office ids, most recently written first
	bytes    int        // fields held, over all offices
	maxBytes int        // the budget: the least recently written offices go first
	maxRows  int        // changes kept per office
}

// officeFeed is one office's stretch.
type officeFeed struct {
	from, to int64 // the stretch: changes with from < seq <= to
	changes  []feedChange
	latest   map[store.RowKey]int64 // each row's newest change held
	bytes    int
	elem     *list.Element
}

// feedChange is a change as sent: with every field's stamp, and for a
// page of row stamps with the row's stamp and the others (nil if the
// row could not be rewritten: then it goes as it is). The row-stamp form
// is made with the row's JSON by the transaction's encoder on a store
// that takes rows' JSON late (encodeStamped: from the row, no parse),
// else when a page of row stamps first takes the change (stamped).
type feedChange struct {
	protocol.EncodedChange
	stamped bool
	stamp   string
	compact []byte
}

func (c feedChange) size() int { return len(c.Fields) + len(c.compact) }

// written is a row a committed transaction wrote, its fields encoded.
// superseded: the transaction wrote the row again later, and that later
// write is the row's change (a page gives each row once, in its newest).
type written struct {
	key        store.RowKey
	fields     []byte
	deleted    bool
	seq        int64
	superseded bool
	row        merge.Row // to encode into fields (recordingTx's encoder), until it is
	// The row-stamp form (feedChange's), made with fields by the encoder
	// from row itself rather than later from a parse of fields.
	stamped bool
	stamp   string
	compact []byte
}

// Feed limits: a day of a busy office's changes (about 1 KB each).
const (
	feedRowsPerOffice = 4096
	feedBytes         = 128 << 20
)

func newFeed(maxRows, maxBytes int) *feed {
	return &feed{offices: map[string]*officeFeed{}, lru: list.New(), maxRows: maxRows, maxBytes: maxBytes}
}

// publish adds what a committed transaction wrote: rows numbered
// after..last, in order, the sequence being at after when it began.
func (f *feed) publish(officeID string, after int64, rows []written) {
	if len(rows) == 0 {
		return
	}
	last := rows[len(rows)-1].seq
	f.mu.Lock()
	defer f.mu.Unlock()
	o := f.offices[officeID]
	if o == nil || o.to != after {
		// Changes between the stretch and these are not here: start anew.
		if o != nil {
			f.drop(officeID, o)
		}
		o = &officeFeed{from: after, to: after, latest: map[store.RowKey]int64{}}
		o.elem = f.lru.PushFront(officeID)
		f.offices[officeID] = o
	}
	f.lru.MoveToFront(o.elem)
	for _, w := range rows {
		if w.superseded {
			continue
		}
		c := feedChange{EncodedChange: protocol.EncodedChange{Seq: w.seq, Entity: w.key.Entity, EntityID: w.key.ID, Deleted: w.deleted, Fields: w.fields},
			stamped: w.stamped, stamp: w.stamp, compact: w.compact}
		o.changes = append(o.changes, c)
		o.latest[w.key] = c.Seq
		o.bytes += c.size()
		f.bytes += c.size()
	}
	o.to = last
	for len(o.changes) > f.maxRows || (len(o.changes) > 1 && o.bytes > f.maxBytes/4) {
		f.trim(o)
	}
	for f.bytes > f.maxBytes && f.lru.Len() > 1 {
		id := f.lru.Back().Value.(string)
		f.drop(id, f.offices[id])
	}
}

// trim forgets an office's oldest change.
func (f *feed) trim(o *officeFeed) {
	c := o.changes[0]
	o.changes = o.changes[1:]
	o.from = c.Seq
	k := store.RowKey{Entity: c.Entity, ID: c.EntityID}
	if o.latest[k] == c.Seq {
		delete(o.latest, k)
	}
	o.bytes -= c.size()
	f.bytes -= c.size()
}

func (f *feed) drop(officeID string, o *officeFeed) {
	f.bytes -= o.bytes
	f.lru.Remove(o.elem)
	delete(f.offices, officeID)
}

// page is the page of changes after `after`, the office's sequence being
// seq, as the store would give it: each row once, in its newest change,
// at most limit of them; with rowStamps, a page of row stamps. ok is
// false when the stretch does not cover (after, seq].
func (f *feed) page(officeID string, after, seq int64, limit int, rowStamps bool) (page protocol.EncodedPullResponse, ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	o := f.offices[officeID]
	if o == nil || after < o.from || seq > o.to {
		return page, false
	}
	page.Cursor = seq
	size := 0
	i := sort.Search(len(o.changes), func(i int) bool { return o.changes[i].Seq > after })
	// Room for the stretch at once: a page grown change by change was
	// copied seven times over for a round's 64 rows.
	end := i + sort.Search(len(o.changes)-i, func(j int) bool { return o.changes[i+j].Seq > seq })
	page.Changes = make([]protocol.EncodedChange, 0, max(0, min(limit, end-i)))
	for ; i < len(o.changes) && o.changes[i].Seq <= seq; i++ {
		c := o.changes[i]
		if o.latest[store.RowKey{Entity: c.Entity, ID: c.EntityID}] != c.Seq {
			continue // the row changed again later; that change is its page entry
		}
		if rowStamps && !c.stamped {
			c.stamped = true
			if stamp, compact, err := protocol.RowStamps(c.Fields); err == nil {
				c.stamp, c.compact = stamp, compact
				o.bytes += len(compact)
				f.bytes += len(compact)
			}
			o.changes[i] = c
		}
		e := c.EncodedChange
		if rowStamps && c.compact != nil {
			e.H, e.Fields = c.stamp, c.compact
		}
		page.Changes = append(page.Changes, e)
		size += len(e.Fields) + len(e.H) + len(e.Entity) + 80
		if len(page.Changes) == limit || size >= protocol.MaxPageBytes {
			page.Cursor, page.More = c.Seq, true
			break
		}
	}
	if page.Changes == nil {
		page.Changes = []protocol.EncodedChange{}
	}
	return page, true
}

// recordingTx notes the rows a transaction writes, for the feed, and has
// the registry's clock observe the rows it reads (observeRow). On a store
// that takes a row's JSON late (store.DeferredPutter), the JSON is made
// on a goroutine of its own while the transaction applies the ops after
// (encodeRows), and only for a row's last write in it: the one core
// applying ops in the office's single writer no longer encodes rows.
type recordingTx struct {
	store.Tx
	clock *hlc.Clock
	rows  []written
	at    map[store.RowKey]int // each row's latest write in rows
	after int64                // the office's sequence before the first row

	mu   sync.Mutex    // guards rows while the encoder runs
	todo chan int      // writes in rows to encode; nil until the first deferred one
	done chan struct{} // closed when the encoder has stopped
}

// encodeAhead bounds the writes waiting for the encoder: a transaction
// that writes faster than one core encodes then waits for it.
const encodeAhead = 4096

func (t *recordingTx) Row(ctx context.Context, entity, id string) (store.Row, bool, error) {
	row, found, err := t.Tx.Row(ctx, entity, id)
	if found {
		observeRow(t.clock, row.Fields)
	}
	return row, found, err
}

func (t *recordingTx) PutRow(ctx context.Context, entity, id string, fields merge.Row, deleted bool) (int64, error) {
	var raw []byte
	var seq int64
	var err error
	d, deferred := t.Tx.(store.DeferredPutter)
	if deferred {
		fields = fields.Clone() // encoded later, whatever the caller does with its map
		seq, err = d.PutRowDeferred(ctx, entity, id, fields, deleted)
	} else {
		if raw, err = fields.AppendJSON(nil); err != nil {
			return 0, fmt.Errorf("registry: row %s/%s: %w", entity, id, err)
		}
		if p, ok := t.Tx.(store.EncodedPutter); ok {
			seq, err = p.PutRowEncoded(ctx, entity, id, fields, raw, deleted)
		} else {
			seq, err = t.Tx.PutRow(ctx, entity, id, fields, deleted)
		}
	}
	if err != nil {
		return seq, err
	}
	t.mu.Lock()
	if len(t.rows) == 0 {
		t.after = seq - 1
	}
	k := store.RowKey{Entity: entity, ID: id}
	if i, again := t.at[k]; again {
		t.rows[i].superseded = true
	} else if t.at == nil {
		t.at = map[store.RowKey]int{}
	}
	t.at[k] = len(t.rows)
	w := written{key: k, fields: raw, deleted: deleted, seq: seq}
	if deferred {
		w.row = fields
	}
	t.rows = append(t.rows, w)
	t.mu.Unlock()
	if deferred {
		if t.todo == nil {
			t.todo, t.done = make(chan int, encodeAhead), make(chan struct{})
			go t.encoder()
		}
		t.todo <- len(t.rows) - 1
	}
	return seq, nil
}

// encoder makes the JSON of the rows written with PutRowDeferred, as
// they come, skipping a write the transaction has since written again,
// and with it the row-stamp form pages will send (encodeStamped). A row
// it cannot encode is left to encodeRows, which says why.
func (t *recordingTx) encoder() {
	defer close(t.done)
	for i := range t.todo {
		t.mu.Lock()
		w := t.rows[i]
		t.mu.Unlock()
		if w.superseded {
			continue
		}
		raw, err := w.row.AppendJSON(nil)
		if err != nil {
			continue
		}
		encodeStamped(&w)
		t.mu.Lock()
		t.rows[i].fields = raw
		t.rows[i].stamped, t.rows[i].stamp, t.rows[i].compact = true, w.stamp, w.compact
		t.mu.Unlock()
	}
}

// encodeStamped makes a written row's row-stamp form from the row, as
// protocol.RowStamps would from its JSON, which a page of row stamps
// otherwise parses when it first takes the change (feed.page): a row on
// every device's next page, rewritten here off the office's writer. A
// row that has none (a field without a stamp) goes with every stamp, as
// from RowStamps.
func encodeStamped(w *written) {
	w.stamped = true
	if stamp, compact, err := w.row.AppendRowStamps(nil); err == nil {
		w.stamp, w.compact = stamp, compact
	}
}

// stopEncoder waits for the encoder to finish what it was given.
func (t *recordingTx) stopEncoder() {
	if t.todo != nil {
		close(t.todo)
		<-t.done
		t.todo = nil
	}
}

// encodeRows gives the store the JSON of each row's last write, made by
// the encoder or now, once the transaction's writes are done (before its
// commit).
func (t *recordingTx) encodeRows() error {
	if t.todo == nil {
		return nil
	}
	t.stopEncoder()
	d := t.Tx.(store.DeferredPutter)
	for i := range t.rows {
		w := &t.rows[i]
		if w.superseded || w.row == nil {
			w.row = nil
			continue
		}
		if w.fields == nil {
			raw, err := w.row.AppendJSON(nil)
			if err != nil {
				return fmt.Errorf("registry: row %s/%s: %w", w.key.Entity, w.key.ID, err)
			}
			w.fields = raw
			encodeStamped(w)
		}
		w.row = nil
		d.SetRowJSON(w.key.Entity, w.key.ID, w.fields)
	}
	return nil
}
