package merge

import (
	"bytes"
	"slices"
	"sync"

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
