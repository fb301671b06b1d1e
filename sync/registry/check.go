package registry

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"
	jsonv1 "github.com/go-json-experiment/json/v1"

	"okienko/sync/hlc"
	"okienko/sync/merge"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// deviceWritable reports whether a device may write the entity: what its
// people do at the counter (clients, cases and their events, the numbers
// leased to it, its audit entries), the entities with rules of their own
// (entities). The office, its units, staff, service cards and settings
// change only at the registry (registry admin, the console): a row every
// device obeys must never come from one device.
func deviceWritable(entity string) bool {
	_, ok := entities[entity]
	return ok
}

// MaxRowBytes bounds a stored row's JSON, far below a page's byte budget
// (protocol.MaxPageBytes) and the body limit: no row a device pushes can
// make a pull page unreadable.
const MaxRowBytes = 128 << 10

// Reasons of rejected ops a device shows in Synchronizacja. They name the
// rule, never a value (values may be personal data).
const (
	ReasonRegistryOnly = "registry-only entity: it changes at the registry, not on a device"
	ReasonNoDeletes    = "devices do not delete rows"
	ReasonForeignStamp = "stamp names another device"
	ReasonBaseStamp    = "malformed base stamp"
	ReasonTooLarge     = "row too large"
	ReasonUTF8         = "text is not valid UTF-8"
)

// checkShape refuses, before anything is looked up, an op no device of
// the office may push: an entity only the registry writes, a delete, a
// stamp of another node, a row too large, text that is not UTF-8.
func checkShape(dev store.Device, op protocol.Op, stamp hlc.Timestamp) string {
	if !deviceWritable(op.Entity) {
		return ReasonRegistryOnly
	}
	if op.Kind == protocol.Delete {
		return ReasonNoDeletes
	}
	// The stamp's node becomes every stored field's stamp: it must be the
	// device's own id (bounded), or a device could write a stamp of any
	// size, or one that outranks every other device's forever.
	if stamp.Node != dev.ID {
		return ReasonForeignStamp
	}
	for _, b := range op.Base {
		if b == "" {
			continue
		}
		ts, err := hlc.Parse(b)
		if err != nil || !validNode(ts.Node) {
			return ReasonBaseStamp
		}
	}
	size := 0
	for name, v := range op.Fields {
		size += len(name) + len(v) + 4
		if !utf8.Valid(v) || hasBadEscape(v) {
			return ReasonUTF8
		}
	}
	if size > MaxRowBytes {
		return ReasonTooLarge
	}
	return ""
}

// checkTypes decodes the op's own fields into the entity's typed
// payload: a value that loses the merge, or is set aside in a conflict a
// person may later choose, is checked as well as the row it makes.
func checkTypes(op protocol.Op) (reason string, typed any) {
	typed = entities[op.Entity].payload()
	if err := strictDecode(op.Fields, typed); err != nil {
		return refused("%s: %v", op.Entity, err), nil
	}
	return "", typed
}

// validNode is a stamp's node: a device id or the registry.
func validNode(n string) bool { return n == "registry" || protocol.ValidID(n) }

// hasBadEscape reports a \u escape of a lone surrogate, which decodes to
// U+FFFD: the value stored would not be the value sent.
func hasBadEscape(v []byte) bool {
	for i := bytes.Index(v, []byte(`\u`)); i >= 0; {
		if i+6 > len(v) {
			return false
		}
		// An escaped backslash before it makes it text, not an escape.
		if n := backslashesBefore(v, i); n%2 == 0 {
			cp, err := strconv.ParseUint(string(v[i+2:i+6]), 16, 16)
			if err == nil && cp >= 0xD800 && cp <= 0xDFFF {
				if cp >= 0xDC00 || i+12 > len(v) || v[i+6] != '\\' || v[i+7] != 'u' {
					return true
				}
				lo, err := strconv.ParseUint(string(v[i+8:i+12]), 16, 16)
				if err != nil || lo < 0xDC00 || lo > 0xDFFF {
					return true
				}
				i += 6
			}
		}
		j := bytes.Index(v[i+2:], []byte(`\u`))
		if j < 0 {
			return false
		}
		i += 2 + j
	}
	return false
}

func backslashesBefore(v []byte, i int) int {
	n := 0
	for k := i - 1; k >= 0 && v[k] == '\\'; k-- {
		n++
	}
	return n
}

// rowCheck is one op checked by meaning: the row as it stood, the op, and
// the row it would become.
type rowCheck struct {
	r     *Registry
	ctx   context.Context
	tx    store.Tx
	dev   store.Device
	op    protocol.Op
	cur   store.Row
	found bool
	row   merge.Row // after the merge (with a conflict's set-aside values)
	// aside are the fields of a conflict's set-aside values: the op
	// changed guarded fields someone else changed meanwhile, from another
	// base, so for those fields alone the status machine is not held to
	// the value in force (a person chooses later). A field of the same op
	// that is applied is checked as any other (setAside).
	aside map[string]merge.Field
	typed any // the row decoded into its payload, when already done
}

// decodeAs is the row decoded into its typed payload T.
func decodeAs[T any](c *rowCheck) (*T, error) {
	if v, ok := c.typed.(*T); ok {
		return v, nil
	}
	v := new(T)
	return v, decodeRow(c.row, v)
}

// changed reports whether the op sets field to a value other than the one
// in force before it.
func (c *rowCheck) changed(field string) bool {
	v, ok := c.row[field]
	if !ok {
		return false
	}
	old, had := c.cur.Fields[field]
	return !had || !bytes.Equal(old.V, v.V)
}

// setAside reports whether field is one of a conflict's set-aside values:
// not applied now, and not held to the status machine's move from the
// value in force.
func (c *rowCheck) setAside(field string) bool {
	_, ok := c.aside[field]
	return ok
}

// refused builds a reason.
func refused(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// checkMeaning decodes the op and the row it makes into the entity's
// typed payload and checks it with the app's own domain rules:
// references that must exist, the status machine, case signs and the
// numbers leased to the device, dates, sizes. It returns the reason to
// reject, or "".
func (r *Registry) checkMeaning(ctx context.Context, tx store.Tx, dev store.Device, op protocol.Op, cur store.Row, found bool, m merge.Result, typed any) (string, error) {
	row := m.Row
	if m.Conflict() {
		row = row.Clone()
		for name, f := range m.Rejected {
			row[name] = f
		}
	}
	c := &rowCheck{r: r, ctx: ctx, tx: tx, dev: dev, op: op, cur: cur, found: found, row: row, aside: m.Rejected}
	if !found {
		c.typed = typed // a new row is the op's fields: decoded once
	}
	ent := entities[op.Entity]
	if found && cur.Deleted {
		return "row was deleted at the registry", nil
	}
	if f := factsFrom(ctx); f != nil && f.outside[op.ID] {
		return ReasonOutsideScope, nil
	}
	if size := rowSize(row); size > MaxRowBytes {
		return ReasonTooLarge, nil
	}
	if raw, ok := row["id"]; !ok || string(raw.V) != strconv.Quote(op.EntityID) {
		return "row id missing or not the op's", nil
	}
	if ent.office {
		if raw, ok := row["officeId"]; !ok || string(raw.V) != strconv.Quote(dev.OfficeID) {
			return "office mismatch", nil
		}
	}
	for _, f := range ent.fixed {
		if found && c.changed(f) {
			return refused("field %s is fixed once written", f), nil
		}
	}
	for _, f := range ent.planned {
		if c.beyondHorizon(f) {
			return refused("%s: %s lies more than a year ahead", op.Entity, f), nil
		}
	}
	for _, f := range ent.authors {
		if reason, err := c.byDevicePerson(f); reason != "" || err != nil {
			return reason, err
		}
	}
	return ent.check(c)
}

// horizon is how far past the registry's clock a planned time may lie (a
// callback's window, a presence's return, a home visit's day, an
// authorization's validity) and how far an act may be dated ahead of it:
// nothing at the counter is planned a year ahead, and a date in 2199
// skews every report that counts on time.
const horizon = 366 * 24 * time.Hour

// beyondHorizon reports whether the op sets field to a time (RFC 3339 or
// a day) more than horizon after the registry's clock.
func (c *rowCheck) beyondHorizon(field string) bool {
	if !c.changed(field) {
		return false
	}
	var s string
	if json.Unmarshal(c.row[field].V, &s) != nil || s == "" {
		return false
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		if t, err = time.Parse(time.DateOnly, s); err != nil {
			return false // the entity's own check names a malformed time
		}
	}
	return t.After(c.r.now().Add(horizon))
}

// byDevicePerson refuses an op that names in field, as who did it,
// someone not allowed on the device (a callback "done" by the head of
// another unit, a letter "answered" by the admin).
func (c *rowCheck) byDevicePerson(field string) (string, error) {
	if !c.changed(field) {
		return "", nil
	}
	var id string
	if json.Unmarshal(c.row[field].V, &id) != nil || id == "" {
		return "", nil // the typed checks say what is wrong with it
	}
	people, err := c.devicePeople()
	if err != nil {
		return "", err
	}
	if !slices.Contains(people, id) {
		return refused("%s: %s is not a person of this device", c.op.Entity, field), nil
	}
	return "", nil
}

// rowSize is the size of a row's JSON, near enough for a limit.
func rowSize(row merge.Row) int {
	n := 2
	for name, f := range row {
		n += len(name) + len(f.V) + len(f.H) + 16
	}
	return n
}

// The typed checks decode with encoding/json's rules and messages (the
// last of a repeated name kept, unknown fields named), run by the wire
// codec's library (encoding/json v2 with its v1 options, which keep those
// rules): about three times faster than encoding/json on a client row, and
// every op a device pushes is decoded once or twice. An op's own fields
// must carry the entity's exact names: matched regardless of case, a
// pushed "Status" beside "status" would be checked in place of the
// "status" every reader takes, or pass unchecked alone
// (TestFieldNamesExact).
var (
	typedOpts  = jsonv1.DefaultOptionsV1()
	strictOpts = jsonv2.JoinOptions(jsonv1.DefaultOptionsV1(), jsonv2.RejectUnknownMembers(true), jsonv2.MatchCaseInsensitiveNames(false))
)

// strictDecode decodes fields into v, refusing unknown fields and values
// of the wrong type.
func strictDecode(fields map[string]json.RawMessage, v any) error {
	return decodeErr(jsonv2.Unmarshal(objectJSON(len(fields), func(add func(string, []byte)) {
		for name, raw := range fields {
			add(name, raw)
		}
	}), v, strictOpts))
}

// decodeRow decodes a merged row into v. Its fields were each checked on
// the way in (an op's by checkTypes, strictly), so a field a row kept from
// an older version does not block an edit of another; a value of the
// wrong type still fails.
func decodeRow(row merge.Row, v any) error {
	return decodeErr(jsonv2.Unmarshal(objectJSON(len(row), func(add func(string, []byte)) {
		for name, f := range row {
			add(name, f.V)
		}
	}), v, typedOpts))
}

// decodeErr keeps encoding/json's message, which names the field and the
// type, never the value.
func decodeErr(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "json: "))
}

// objectJSON writes a JSON object of the members each gives to add.
func objectJSON(n int, each func(add func(name string, raw []byte))) []byte {
	b := make([]byte, 0, 64*n+2)
	b = append(b, '{')
	each(func(name string, raw []byte) {
		if len(b) > 1 {
			b = append(b, ',')
		}
		if plainName(name) {
			b = append(b, '"')
			b = append(b, name...)
			b = append(b, '"')
		} else {
			b = strconv.AppendQuote(b, name)
		}
		b = append(b, ':')
		b = append(b, raw...)
	})
	return append(b, '}')
}

// plainName is a field name JSON writes as it is (protocol's field names).
func plainName(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// exists reports whether a live row of entity id is in the office.
func (c *rowCheck) exists(entity, id string) (bool, error) {
	if !protocol.ValidID(id) {
		return false, nil
	}
	return c.r.rowLive(c.ctx, c.tx, c.dev.OfficeID, entity, id)
}

// validDate is "" (when allowed) or a real YYYY-MM-DD between 2000 and 2200.
func validDate(s string, empty bool) bool {
	if s == "" {
		return empty
	}
	t, err := time.Parse(time.DateOnly, s)
	return err == nil && t.Year() >= 2000 && t.Year() <= 2200
}

// plainText bounds a short text field (names, symbols, ids).
func plainText(s string, max int) bool {
	if len(s) > max {
		return false
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return false
		}
	}
	return true
}
