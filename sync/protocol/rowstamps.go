package protocol

import (
	"errors"
	"fmt"

	jsonv2 "github.com/go-json-experiment/json"

	"okienko/sync/merge"
)

// RowStamps rewrites a row's fields as the registry stores them,
// {"name": {"v": value, "h": "stamp"}, …}, for a page of row stamps
// (QueryRowStamps): it returns the stamp most fields share and the fields
// with only the other stamps, values as given, names in order. Ties go
// to the newest stamp. The rule and the bytes are merge.Row's
// (AppendRowStamps), which the registry uses on rows it holds decoded.
func RowStamps(fields []byte) (stamp string, compact []byte, err error) {
	var row merge.Row
	if err := jsonv2.Unmarshal(fields, &row, strictOpts); err != nil {
		return "", nil, fmt.Errorf("protocol: row stamps: %w", err)
	}
	if row == nil {
		return "", []byte("null"), nil // no fields at all: null, as the codec writes a nil map
	}
	for _, f := range row {
		if len(f.V) == 0 || f.H == "" {
			// An empty stamp would take the row's where it had none.
			return "", nil, errors.New("protocol: row stamps: a field without a value or a stamp")
		}
	}
	stamp, compact, err = row.AppendRowStamps(nil)
	if err != nil {
		return "", nil, fmt.Errorf("protocol: row stamps: %w", err)
	}
	return stamp, compact, nil
}
