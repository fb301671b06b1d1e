// Package jsonraw tells when JSON may be written as it is: when
// encoding/json would write a string or a raw value byte for byte
// unchanged. The hand-written encoders of rows (merge) and pushes
// (protocol) write such text directly and leave the rest to
// encoding/json, so their output stays encoding/json's.
package jsonraw

import "encoding/json"

// PlainString reports whether encoding/json writes s quoted and
// otherwise unchanged: printable ASCII without quotes, backslashes or
// the characters it escapes for HTML.
func PlainString(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// Verbatim reports whether encoding/json writes the raw value v (a
// json.RawMessage) unchanged: valid JSON with no space outside its
// strings and nothing inside them it escapes for HTML (<, >, &, U+2028,
// U+2029).
func Verbatim(v []byte) bool {
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
