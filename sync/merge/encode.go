package merge

import (
	"bytes"
	"slices"
	"sync"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// AppendJSON appends the row as the registry stores it: fields in name
// order, {"v": value, "h": stamp}, written by the wire codec
// (encoding/json v2, sync/protocol/WIRE.md), which checks every value is
// one JSON value and writes it as it is. It writes the tokens itself
// with the codec's encoder (jsontext), the bytes jsonv2.Marshal with
// Deterministic writes (marshalJSON, TestAppendJSONAsMarshal), without
// reflecting over the map: the registry writes every row it stores and
// every change it feeds through here.
func (r Row) AppendJSON(b []byte) ([]byte, error) {
	names := make([]string, 0, len(r))
	for name := range r {
		if !ascii(name) {
			// Deterministic orders names by UTF-16 code units, which
			// differs from byte order outside ASCII: the codec decides.
			return r.marshalJSON(b)
		}
		names = append(names, name)
	}
	slices.Sort(names)
	if out, ok := r.appendPlain(b, names); ok {
		return out, nil
	}
	w := encoders.Get().(*rowEncoder)
	defer encoders.Put(w)
	w.buf.Reset()
	w.enc.Reset(&w.buf)
	e := w.enc
	if err := e.WriteToken(jsontext.BeginObject); err != nil {
		return b, err
	}
	for _, name := range names {
		f := r[name]
		v := f.V
		if v == nil {
			v = null // as json.RawMessage's MarshalJSON gives it
		}
		if err := e.WriteToken(jsontext.String(name)); err != nil {
			return b, err
		}
		if err := e.WriteToken(jsontext.BeginObject); err != nil {
			return b, err
		}
		if err := e.WriteToken(jsontext.String("v")); err != nil {
			return b, err
		}
		if err := e.WriteValue(jsontext.Value(v)); err != nil {
			return b, err
		}
		if err := e.WriteToken(jsontext.String("h")); err != nil {
			return b, err
		}
		if err := e.WriteToken(jsontext.String(f.H)); err != nil {
			return b, err
		}
		if err := e.WriteToken(jsontext.EndObject); err != nil {
			return b, err
		}
	}
	if err := e.WriteToken(jsontext.EndObject); err != nil {
		return b, err
	}
	return append(b, bytes.TrimSuffix(w.buf.Bytes(), []byte("\n"))...), nil
}

var null = []byte("null")

// appendPlain writes the row with appends alone when every name, stamp
// and value is one the encoder would write unchanged: names and stamps
// of printable ASCII without quotes or backslashes, values that are a
// string without escapes or control characters (valid UTF-8), a number
// or a literal. That is nearly every row a device writes; the encoder's
// token checks cost the registry some 0.1 s of CPU a push of 10,000 ops.
// Anything else (objects, arrays, escapes) reports false, and the
// encoder writes the row (the same bytes: TestAppendJSONAsMarshal,
// FuzzAppendJSON).
func (r Row) appendPlain(b []byte, names []string) ([]byte, bool) {
	size := 2
	for _, name := range names {
		f := r[name]
		if !plainToken(name) || !plainToken(f.H) || !plainValue(f.V) {
			return b, false
		}
		size += len(name) + len(f.V) + len(f.H) + len(`"":{"v":null,"h":""},`)
	}
	b = slices.Grow(b, size)
	b = append(b, '{')
	for i, name := range names {
		f := r[name]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, name...)
		b = append(b, `":{"v":`...)
		if f.V == nil {
			b = append(b, null...)
		} else {
			b = append(b, f.V...)
		}
		b = append(b, `,"h":"`...)
		b = append(b, f.H...)
		b = append(b, `"}`...)
	}
	return append(b, '}'), true
}

// plainToken reports printable ASCII without a quote or a backslash.
func plainToken(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// plainValue reports a JSON value the encoder writes as it is: nil (null),
// a literal, a number, or a string of valid UTF-8 without escapes or
// control characters.
func plainValue(v []byte) bool {
	switch {
	case v == nil:
		return true
	case len(v) == 0:
		return false
	case v[0] == '"':
		if len(v) < 2 || v[len(v)-1] != '"' {
			return false
		}
		s := v[1 : len(v)-1]
		ascii := true
		for _, c := range s {
			if c < 0x20 || c == '"' || c == '\\' {
				return false
			}
			if c >= 0x80 {
				ascii = false
			}
		}
		return ascii || utf8.Valid(s)
	case v[0] == '-' || v[0] >= '0' && v[0] <= '9':
		return plainNumber(v)
	default:
		s := string(v)
		return s == "true" || s == "false" || s == "null"
	}
}

// plainNumber reports a JSON number by its grammar:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func plainNumber(v []byte) bool {
	i := 0
	if v[i] == '-' {
		i++
	}
	digits := func() int {
		j := i
		for i < len(v) && v[i] >= '0' && v[i] <= '9' {
			i++
		}
		return i - j
	}
	switch {
	case i < len(v) && v[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(v) && v[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(v) && (v[i] == 'e' || v[i] == 'E') {
		i++
		if i < len(v) && (v[i] == '+' || v[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(v)
}

// marshalJSON is AppendJSON through the codec's reflection.
func (r Row) marshalJSON(b []byte) ([]byte, error) {
	raw, err := jsonv2.Marshal(r, jsonv2.Deterministic(true))
	if err != nil {
		return b, err
	}
	return append(b, raw...), nil
}

type rowEncoder struct {
	buf bytes.Buffer
	enc *jsontext.Encoder
}

var encoders = sync.Pool{New: func() any {
	w := &rowEncoder{}
	w.enc = jsontext.NewEncoder(&w.buf)
	return w
}}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
