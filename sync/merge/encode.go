package merge

import (
	jsonv2 "github.com/go-json-experiment/json"
)

// AppendJSON appends the row as the registry stores it: fields in name
// order, {"v": value, "h": stamp}, written by the wire codec
// (encoding/json v2, sync/protocol/WIRE.md), which checks every value is
// one JSON value and writes it as it is.
func (r Row) AppendJSON(b []byte) ([]byte, error) {
	raw, err := jsonv2.Marshal(r, jsonv2.Deterministic(true))
	if err != nil {
		return b, err
	}
	return append(b, raw...), nil
}
