package protocol

import (
	"errors"
	"fmt"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// storedField is a field as the registry stores it and as a page of row
// stamps sends it: a field with the row's stamp leaves "h" out.
type storedField struct {
	V jsontext.Value `json:"v"`
	H string         `json:"h,omitzero"`
}

// RowStamps rewrites a row's fields as the registry stores them,
// {"name": {"v": value, "h": "stamp"}, …}, for a page of row stamps
// (QueryRowStamps): it returns the stamp most fields share and the fields
// with only the other stamps, values as given, names in order. Ties go
// to the newest stamp.
func RowStamps(fields []byte) (stamp string, compact []byte, err error) {
	var row map[string]storedField
	if err := jsonv2.Unmarshal(fields, &row, strictOpts); err != nil {
		return "", nil, fmt.Errorf("protocol: row stamps: %w", err)
	}
	// A row has a few stamps at most: counted in a list, not a map.
	type count struct {
		h string
		n int
	}
	counts := make([]count, 0, 4)
	for _, f := range row {
		if len(f.V) == 0 || f.H == "" {
			// An empty stamp would take the row's where it had none.
			return "", nil, errors.New("protocol: row stamps: a field without a value or a stamp")
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
	for name, f := range row {
		if f.H == stamp {
			f.H = ""
			row[name] = f
		}
	}
	compact, err = jsonv2.Marshal(row, encodeOpts)
	if err != nil {
		return "", nil, fmt.Errorf("protocol: row stamps: %w", err)
	}
	return stamp, compact, nil
}
