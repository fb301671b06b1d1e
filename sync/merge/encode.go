package merge

import (
	"encoding/json"
	"slices"
)

// AppendJSON writes the row as json.Marshal does, byte for byte: fields
// in name order, {"v": value, "h": stamp}. Every row the registry writes
// is encoded, and encoding/json reflected on each field and rescanned
// each value. Values and names it would rewrite (spaces, HTML
// characters, escapes) are rare; a row with one goes through json.Marshal.
func (r Row) AppendJSON(b []byte) ([]byte, error) {
	names := make([]string, 0, len(r))
	for name, f := range r {
		if !plainString(name) || !plainString(f.H) || !verbatim(f.V) {
			raw, err := json.Marshal(r)
			return append(b, raw...), err
		}
		names = append(names, name)
	}
	slices.Sort(names)
	size := 2
	for name, f := range r {
		size += len(name) + len(f.V) + len(f.H) + 16
	}
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

// plainString reports whether json.Marshal writes s as it is, quoted.
func plainString(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// verbatim reports whether json.Marshal writes the raw value v as it is:
// valid JSON with no space outside its strings and nothing inside them
// it escapes for HTML (<, >, &, U+2028, U+2029).
func verbatim(v json.RawMessage) bool {
	if len(v) == 0 {
		return false
	}
	in := false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case in && c == '\\':
			i++
		case c == '"':
			in = !in
		case in && (c == '<' || c == '>' || c == '&'):
			return false
		case in && c == 0xe2 && i+2 < len(v) && v[i+1] == 0x80 && (v[i+2] == 0xa8 || v[i+2] == 0xa9):
			return false
		case !in && (c == ' ' || c == '\t' || c == '\r' || c == '\n'):
			return false
		}
	}
	return json.Valid(v)
}
