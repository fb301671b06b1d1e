package merge

import (
	"bytes"
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
// valid JSON with no insignificant space and nothing it escapes for HTML.
func verbatim(v json.RawMessage) bool {
	if len(v) == 0 || bytes.ContainsAny(v, " \t\r\n<>&") {
		return false
	}
	if bytes.IndexByte(v, 0xe2) >= 0 && (bytes.Contains(v, []byte("\u2028")) || bytes.Contains(v, []byte("\u2029"))) {
		return false // U+2028 and U+2029, which encoding/json escapes
	}
	return json.Valid(v)
}
