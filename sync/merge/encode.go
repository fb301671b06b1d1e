package merge

import (
	"bytes"
	"encoding/json"
	"errors"
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
	return r.appendJSON(b, "")
}

// AppendRowStamps appends the row as a page of row stamps sends it
// (protocol.QueryRowStamps): the stamp most of its fields share, the
// newest of those that tie, is returned, and a field with that stamp is
// written without its "h". protocol.RowStamps is this of a row's stored
// JSON; the registry calls it on rows it holds decoded, with no parse
// (TestAppendRowStampsAsRowStamps: the same from the row and from its
// JSON). A field without a stamp is refused.
func (r Row) AppendRowStamps(b []byte) (stamp string, out []byte, err error) {
	// A row has a few stamps at most: counted in a list, not a map.
	type count struct {
		h string
		n int
	}
	counts := make([]count, 0, 4)
	for _, f := range r {
		if f.H == "" {
			return "", b, errNoStamp
		}
		i := 0
		for i < len(counts) && counts[i].h != f.H {
			i++
		}
		if i == len(counts) {
			counts = append(counts, count{h: f.H})
		}
		counts[i].n++
	}
	n := 0
	for _, c := range counts {
		if c.n > n || c.n == n && c.h > stamp {
			stamp, n = c.h, c.n
		}
	}
	out, err = r.appendJSON(b, stamp)
	return stamp, out, err
}

var errNoStamp = errors.New("merge: a field without a stamp")

// appendJSON is AppendJSON with the "h" of fields stamped omit left out
// (none when omit is "").
func (r Row) appendJSON(b []byte, omit string) ([]byte, error) {
	names := make([]string, 0, len(r))
	for name := range r {
		if !ascii(name) {
			// Deterministic orders names by UTF-16 code units, which
			// differs from byte order outside ASCII: the codec decides.
			return r.marshalJSON(b, omit)
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
		if omit == "" || f.H != omit {
			if err := e.WriteToken(jsontext.String("h")); err != nil {
				return b, err
			}
			if err := e.WriteToken(jsontext.String(f.H)); err != nil {
				return b, err
			}
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
func (r Row) marshalJSON(b []byte, omit string) ([]byte, error) {
	var raw []byte
	var err error
	if omit == "" {
		raw, err = jsonv2.Marshal(r, jsonv2.Deterministic(true))
	} else {
		// As a page of row stamps sends it: "h" left out where it is empty.
		type rowStamped struct {
			V json.RawMessage `json:"v"`
			H string          `json:"h,omitzero"`
		}
		m := make(map[string]rowStamped, len(r))
		for name, f := range r {
			if f.H == omit {
				f.H = ""
			}
			if f.V == nil {
				f.V = null
			}
			m[name] = rowStamped{V: f.V, H: f.H}
		}
		raw, err = jsonv2.Marshal(m, jsonv2.Deterministic(true))
	}
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
