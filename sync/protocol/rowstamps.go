package protocol

import "fmt"

// RowStamps rewrites a row's fields as the registry stores them,
// {"name": {"v": value, "h": "stamp"}, …}, for a page of row stamps
// (QueryRowStamps): it returns the stamp most fields share and the fields
// with only the other stamps, values and names byte for byte as given.
// Ties go to the newest stamp.
func RowStamps(fields []byte) (string, []byte, error) {
	type field struct{ name, v, h []byte } // h quoted, as given
	var list []field
	counts := map[string]int{}
	s := scanner{b: fields}
	s.space()
	err := s.object(func(name []byte) error {
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
		counts[string(f.h)]++
		list = append(list, f)
		return nil
	})
	if s.space(); err == nil && s.i != len(s.b) {
		err = s.fail("trailing data")
	}
	if err != nil {
		return "", nil, fmt.Errorf("protocol: row stamps: %w", err)
	}
	best, n := "", 0
	for h, c := range counts {
		if c > n || c == n && h > best {
			best, n = h, c
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
		if string(f.h) != best {
			out = append(out, `,"h":`...)
			out = append(out, f.h...)
		}
		out = append(out, '}')
	}
	out = append(out, '}')
	if best == "" {
		return "", out, nil // no fields
	}
	stamp, err := unquote([]byte(best))
	return stamp, out, err
}
