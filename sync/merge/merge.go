// Package merge decides, field by field, what a row becomes when a change
// arrives: the newer hybrid-logical-clock stamp wins, except for guarded
// fields (a case's status, deadline, assignee), which are never
// auto-resolved — a concurrent change to them becomes a conflict that
// keeps both values for a person to choose. Append-only rows never
// conflict. It is pure and table-tested; the registry and the devices
// both use it, so every replica converges the same way.
package merge

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
)

// Field is a value with the stamp of the write that set it. Stamps are
// hlc.Timestamp strings, whose string order is causal order.
type Field struct {
	V json.RawMessage `json:"v"`
	H string          `json:"h"`
}

// Row is a row's fields.
type Row map[string]Field

// Clone copies a row (never nil). maps.Clone copies the map's table as
// it is, several times faster than inserting each field again: the
// registry copies a row at every read and write of a push.
func (r Row) Clone() Row {
	if len(r) == 0 {
		return Row{}
	}
	return maps.Clone(r)
}

// Guarded lists, per entity, the fields never auto-resolved.
var Guarded = map[string]map[string]bool{
	"case_file": {"status": true, "dueOn": true, "supplementDue": true, "pauses": true, "assigneeId": true},
	// Two people may act on one callback at once: one marks it done while
	// another hands it to a colleague. Neither wins silently.
	"callback": {"status": true, "assigneeId": true},
	// A head reassigning a visit while its official reports it, or two
	// heads closing one authorization: a person decides.
	"visit":      {"status": true, "assigneeId": true, "day": true},
	"visit_auth": {"status": true},
	// A complaint settled on two devices at once, or assigned to two
	// people, is for a person to resolve.
	"complaint": {"status": true, "assigneeId": true, "outcome": true},
	// Two people may answer one letter at once, or one answers while the
	// head hands it to another: both values are kept for a person.
	"letter": {"status": true, "assigneeId": true},
}

// IsGuarded reports whether entity.field is guarded.
func IsGuarded(entity, field string) bool { return Guarded[entity][field] }

// Change is an incoming write of some fields, all with one stamp.
type Change struct {
	Entity string
	Fields map[string]json.RawMessage
	HLC    string
	// Base holds the stamps the writer saw for the guarded fields it
	// changed; "" means it saw no value (the field did not exist).
	Base   map[string]string
	Append bool // append-only: only the first write counts
}

// Result is the row after the change and what happened to its fields.
type Result struct {
	Row      Row
	Changed  []string // fields the change set
	Rejected Row      // guarded fields set aside as a conflict (the incoming values)
	Kept     Row      // the values in force for those fields, as they were
}

// Conflict reports whether the change conflicted.
func (r Result) Conflict() bool { return len(r.Rejected) > 0 }

// Apply merges ch into cur. Plain fields take the incoming value when its
// stamp is newer. A guarded field written with a base stamp takes it only
// when the writer saw the value in force (base equals the current stamp);
// otherwise every based guarded field of the change is set aside
// together, because they are decided together (a status and its
// deadline). A guarded field written without a base (a new row, or the
// registry's own write) is a plain field. A field absent from cur has
// stamp "", which every stamp beats.
func Apply(cur Row, ch Change) Result {
	if ch.Append && len(cur) > 0 {
		return Result{Row: cur.Clone()} // already recorded: appends never change
	}
	res := Result{Row: cur.Clone()}
	if len(cur) == 0 {
		res.Row = make(Row, len(ch.Fields)) // a new row: room for all its fields at once
	}
	conflict := false
	for name, base := range ch.Base {
		if !IsGuarded(ch.Entity, name) {
			continue
		}
		have := cur[name]
		if base != have.H && !bytes.Equal(have.V, ch.Fields[name]) {
			conflict = true
		}
	}
	names := make([]string, 0, len(ch.Fields))
	for name := range ch.Fields {
		names = append(names, name)
	}
	slices.Sort(names)
	res.Changed = make([]string, 0, len(names))
	for _, name := range names {
		v, have := ch.Fields[name], cur[name]
		if _, based := ch.Base[name]; conflict && based && IsGuarded(ch.Entity, name) {
			if res.Rejected == nil {
				res.Rejected, res.Kept = Row{}, Row{}
			}
			res.Rejected[name] = Field{V: v, H: ch.HLC}
			res.Kept[name] = have
			continue
		}
		if ch.HLC > have.H {
			res.Row[name] = Field{V: v, H: ch.HLC}
			res.Changed = append(res.Changed, name)
		}
	}
	return res
}

// Restamp gives the kept values of a conflict a fresh stamp, newer than
// the rejected ones, so every replica that applied the rejected write
// converges back to the values in force.
func Restamp(row Row, kept Row, stamp string) Row {
	out := row.Clone()
	for name, f := range kept {
		out[name] = Field{V: f.V, H: stamp}
	}
	return out
}

// Converge merges a full row received from the registry into a local row
// that may hold newer local writes not yet pushed: each field keeps the
// newer stamp. It never creates conflicts: the registry decided those.
func Converge(local, remote Row) (Row, bool) {
	out := local.Clone()
	changed := false
	for name, f := range remote {
		if f.H > local[name].H {
			out[name] = f
			changed = true
		}
	}
	return out, changed
}
