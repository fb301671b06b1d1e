package db

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/go-json-experiment/json/jsontext"

	"okienko/app/keys"
	"okienko/sync/merge"
)

// row_clock keeps every synced field's value with the stamp of the write
// that set it. Stored as {"field": {"v": value, "h": stamp}}, a case took
// 2 KB, over half of it 53-byte stamps, nearly all the same one (a row is
// mostly written by one op), and most rows spilled to an overflow page:
// row_clock was 104 of a 10,000-case device's 126 MB. Rows are now
// written compact, the most common stamp once:
//
//	{"~":1,"h":stamp,"v":{"field":value,...},"s":{"field":other stamp,...}}
//
// and rows of the first form are still read (they are rewritten compact
// when next merged).

// clockRow is the compact form.
type clockRow struct {
	Format int                        `json:"~"`
	H      string                     `json:"h"`
	V      map[string]json.RawMessage `json:"v"`
	S      map[string]string          `json:"s,omitempty"`
}

var compactPrefix = []byte(`{"~":`)

// encodeClock writes a row in the compact form. Every row a device
// applies or writes passes here, so it writes the tokens itself with the
// wire codec's encoder (jsontext: no maps built, no reflection), fields
// in name order as encoding/json orders a map; a row the encoder refuses
// (a value that is not one JSON value, text that is not UTF-8) goes
// through encodeClockMarshal, the form's first writer, which says why or
// writes what encoding/json makes of it.
func encodeClock(row merge.Row) ([]byte, error) {
	type count struct {
		h string
		n int
	}
	counts := make([]count, 0, 4)
	names := make([]string, 0, len(row))
	for name, f := range row {
		names = append(names, name)
		i := 0
		for i < len(counts) && counts[i].h != f.H {
			i++
		}
		if i == len(counts) {
			counts = append(counts, count{h: f.H})
		}
		counts[i].n++
	}
	// The most common stamp, the least of equals.
	common, best := "", 0
	for _, c := range counts {
		if c.n > best || c.n == best && c.h < common {
			common, best = c.h, c.n
		}
	}
	slices.Sort(names)
	var buf bytes.Buffer
	e := jsontext.NewEncoder(&buf)
	err := e.WriteToken(jsontext.BeginObject)
	put := func(t jsontext.Token) {
		if err == nil {
			err = e.WriteToken(t)
		}
	}
	put(jsontext.String("~"))
	put(jsontext.Int(1))
	put(jsontext.String("h"))
	put(jsontext.String(common))
	put(jsontext.String("v"))
	put(jsontext.BeginObject)
	for _, name := range names {
		put(jsontext.String(name))
		if v := row[name].V; err == nil {
			if len(v) == 0 {
				v = json.RawMessage("null")
			}
			err = e.WriteValue(jsontext.Value(v))
		}
	}
	put(jsontext.EndObject)
	if len(counts) > 1 {
		put(jsontext.String("s"))
		put(jsontext.BeginObject)
		for _, name := range names {
			if h := row[name].H; h != common {
				put(jsontext.String(name))
				put(jsontext.String(h))
			}
		}
		put(jsontext.EndObject)
	}
	put(jsontext.EndObject)
	if err != nil {
		return encodeClockMarshal(row)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// encodeClockMarshal writes a row in the compact form with encoding/json.
func encodeClockMarshal(row merge.Row) ([]byte, error) {
	counts := make(map[string]int, 2)
	common, best := "", 0
	for _, f := range row {
		counts[f.H]++
		if n := counts[f.H]; n > best || n == best && f.H < common {
			common, best = f.H, n
		}
	}
	c := clockRow{Format: 1, H: common, V: make(map[string]json.RawMessage, len(row))}
	for name, f := range row {
		v := f.V
		if len(v) == 0 {
			v = json.RawMessage("null")
		}
		c.V[name] = v
		if f.H != common {
			if c.S == nil {
				c.S = map[string]string{}
			}
			c.S[name] = f.H
		}
	}
	raw, err := json.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("db: row clock: %w", err)
	}
	return raw, nil
}

// DecodeRowClock reads a stored row_clock row in either form (the
// simulation checks devices by it).
func DecodeRowClock(raw []byte) (merge.Row, error) {
	if !bytes.HasPrefix(raw, compactPrefix) {
		var row merge.Row
		if err := json.Unmarshal(raw, &row); err != nil {
			return nil, fmt.Errorf("db: row clock: %w", err)
		}
		if row == nil {
			row = merge.Row{}
		}
		return row, nil
	}
	var c clockRow
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, fmt.Errorf("db: row clock: %w", err)
	}
	if c.Format != 1 {
		return nil, fmt.Errorf("db: row clock: unknown form %d", c.Format)
	}
	row := make(merge.Row, len(c.V))
	for name, v := range c.V {
		h, ok := c.S[name]
		if !ok {
			h = c.H
		}
		row[name] = merge.Field{V: v, H: h}
	}
	for name := range c.S {
		if _, ok := c.V[name]; !ok {
			return nil, fmt.Errorf("db: row clock: stamp of %q without a value", name)
		}
	}
	return row, nil
}

// OpenRowClock reads a row_clock row as stored on a device: sealed to
// "entity/id" under the device's cipher (the simulation checks devices
// by it).
func OpenRowClock(c *keys.Cipher, entity, id string, sealed []byte) (merge.Row, error) {
	raw, err := c.Open("row_clock", "fields", entity+"/"+id, sealed)
	if err != nil {
		return nil, fmt.Errorf("db: row clock %s/%s: %w", entity, id, err)
	}
	return DecodeRowClock(raw)
}
