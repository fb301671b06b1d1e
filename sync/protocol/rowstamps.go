package protocol

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// RowStamps rewrites a row's fields as the registry stores them,
// {"name": {"v": value, "h": "stamp"}, …}, for a page of row stamps
// (QueryRowStamps): it returns the stamp most fields share and the fields
// with only the other stamps, values and names byte for byte as given.
// Ties go to the newest stamp.
func RowStamps(fields []byte) (stamp string, compact []byte, err error) {
	type field struct{ name, v, h []byte } // h quoted, as given
	type count struct {
		h []byte
		n int
	}
	// A row has a few stamps at most: counted in a list, not a map.
	list, counts := make([]field, 0, 32), make([]count, 0, 4)
	s := scanner{b: fields}
	s.space()
	err = s.object(func(name []byte) error {
		f := field{name: name}
		err := s.object(func(k []byte) error {
			var err error
			switch string(k) {
			case "v":
				f.v, err = s.value()
			case "h":
				f.h, err = s.rawString()
			default:
				err = s.fail("unexpected key")
			}
			return err
		})
		if err != nil {
			return err
		}
		if f.v == nil || len(f.h) <= 2 {
			// An empty stamp would take the row's where it had none.
			return s.fail("a field without a value or a stamp")
		}
		i := 0
		for i < len(counts) && !bytes.Equal(counts[i].h, f.h) {
			i++
		}
		if i == len(counts) {
			counts = append(counts, count{h: f.h})
		}
		counts[i].n++
		list = append(list, f)
		return nil
	})
	if s.space(); err == nil && s.i != len(s.b) {
		err = s.fail("trailing data")
	}
	if err != nil {
		return "", nil, fmt.Errorf("protocol: row stamps: %w", err)
	}
	var best []byte
	n := 0
	for _, c := range counts {
		if c.n > n || c.n == n && bytes.Compare(c.h, best) > 0 {
			best, n = c.h, c.n
		}
	}
	out := make([]byte, 0, len(fields))
	out = append(out, '{')
	for i, f := range list {
		if i > 0 {
			out = append(out, ',')
		}
		out = appendString(out, string(f.name))
		out = append(out, `:{"v":`...)
		out = append(out, f.v...)
		if !bytes.Equal(f.h, best) {
			out = append(out, `,"h":`...)
			out = append(out, f.h...)
		}
		out = append(out, '}')
	}
	out = append(out, '}')
	if best == nil {
		return "", out, nil // no fields
	}
	if inner := best[1 : len(best)-1]; bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return string(inner), out, nil
	}
	stamp, err = unquote(best)
	return stamp, out, err
}
