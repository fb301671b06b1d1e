package merge

import (
	"encoding/json"
	"slices"

	"okienko/sync/jsonraw"
)

// AppendJSON writes the row as json.Marshal does, byte for byte: fields
// in name order, {"v": value, "h": stamp}. Every row the registry writes
// is encoded, and encoding/json reflected on each field and rescanned
// each value. What it would rewrite (space between tokens, HTML
// characters, escapes) is rare; a row with any goes through json.Marshal.
func (r Row) AppendJSON(b []byte) ([]byte, error) {
	names := make([]string, 0, len(r))
	size := 2
	for name, f := range r {
		if !jsonraw.PlainString(name) || !jsonraw.PlainString(f.H) || !jsonraw.Verbatim(f.V) {
			raw, err := json.Marshal(r)
			return append(b, raw...), err
		}
		names = append(names, name)
		size += len(name) + len(f.V) + len(f.H) + 16
	}
	slices.Sort(names)
	b = slices.Grow(b, size)
	b = append(b, '{')
	for i, name := range names {
		if i > 0 {
			b = append(b, ',')
		}
		f := r[name]
		b = append(b, '"')
		b = append(b, name...)
		b = append(b, `":{"v":`...)
		b = append(b, f.V...)
		b = append(b, `,"h":"`...)
		b = append(b, f.H...)
		b = append(b, `"}`...)
	}
	return append(b, '}'), nil
}
