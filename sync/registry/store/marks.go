package store

import (
	"slices"

	"okienko/sync/hlc"
	"okienko/sync/merge"
)

// NoteMarks raises marks (HLC node → stamp) to the newest well-formed
// stamp among fields: what a store keeps as it writes rows, so that a
// restored copy's marks (NodeMarks) are read, not found by decoding every
// row. Stamps compare as strings, as everywhere else; a stamp that does
// not parse names no node and counts for nothing.
func NoteMarks(marks map[string]string, fields merge.Row) {
	// A row's fields share the stamps of the few writes that made them:
	// each of the first few is parsed once, not once a field.
	var seen [4]string
	n := 0
	for _, f := range fields {
		if slices.Contains(seen[:n], f.H) {
			continue
		}
		if n < len(seen) {
			seen[n] = f.H
			n++
		}
		ts, err := hlc.Parse(f.H)
		if err != nil {
			continue
		}
		if f.H > marks[ts.Node] {
			marks[ts.Node] = f.H
		}
	}
}
