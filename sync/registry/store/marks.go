package store

import (
	"okienko/sync/hlc"
	"okienko/sync/merge"
)

// NoteMarks raises marks (HLC node → stamp) to the newest well-formed
// stamp among fields: what a store keeps as it writes rows, so that a
// restored copy's marks (NodeMarks) are read, not found by decoding every
// row. Stamps compare as strings, as everywhere else; a stamp that does
// not parse names no node and counts for nothing.
func NoteMarks(marks map[string]string, fields merge.Row) {
	for _, f := range fields {
		ts, err := hlc.Parse(f.H)
		if err != nil {
			continue
		}
		if f.H > marks[ts.Node] {
			marks[ts.Node] = f.H
		}
	}
}
