package registry

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"okienko/sync/merge"
	"okienko/sync/protocol"
)

// TestAppendRowStampsAsRowStamps: the row-stamp form the registry makes
// from a row it wrote (merge.Row.AppendRowStamps, feed's encoder) is the
// one a page made from the row's stored JSON (protocol.RowStamps), byte
// for byte and stamp for stamp, refusals included: over rows of odd
// names, values and stamps, ties among stamps, and random rows.
func TestAppendRowStampsAsRowStamps(t *testing.T) {
	names := []string{"a", "b", "B", "id", "form", "ł", "\U0001F600", "\uff01", "a\"\\<>&\u2028", "zz"}
	values := []json.RawMessage{nil, json.RawMessage(`null`), json.RawMessage(`"Ola"`), json.RawMessage(`"Zażółć \u0041"`),
		json.RawMessage(`{"z":1,"a":[1,2.5e3,null,true]}`), json.RawMessage(` 1 `), json.RawMessage(`-0`), json.RawMessage(`1.5E+2`),
		json.RawMessage(`"a\/b\u00e9"`), json.RawMessage("\"\xe2\x80\xa8\""), json.RawMessage(`[1, 2]`), json.RawMessage(`"<b>&"`)}
	stamps := []string{"0000000000010000-a", "0000000000010001-b", "0000000000010000-c", "x", ""}
	rows := []merge.Row{
		{},
		{"a": {V: json.RawMessage(`1`), H: "x"}},
		{"a": {V: json.RawMessage(`1`), H: "x"}, "b": {V: json.RawMessage(`2`), H: "y"}},                                         // a tie: the newest
		{"a": {V: json.RawMessage(`1`), H: "y"}, "b": {V: json.RawMessage(`2`), H: "x"}, "c": {V: json.RawMessage(`3`), H: "x"}}, // the most common
		{"a": {V: json.RawMessage(`1`), H: ""}},
		{"a": {V: json.RawMessage(`{`), H: "x"}},
		{"a": {V: json.RawMessage("\"\xff\""), H: "x"}},
	}
	rng := rand.New(rand.NewPCG(5, 17))
	for range 3000 {
		r := merge.Row{}
		for range 1 + rng.IntN(6) {
			h := stamps[rng.IntN(len(stamps)-1)]
			if rng.IntN(40) == 0 {
				h = "" // now and then a field without a stamp
			}
			r[names[rng.IntN(len(names))]] = merge.Field{V: values[rng.IntN(len(values))], H: h}
		}
		rows = append(rows, r)
	}
	checked := 0
	for _, r := range rows {
		stamp, got, err := r.AppendRowStamps([]byte("p"))
		raw, jerr := r.AppendJSON(nil)
		if jerr != nil {
			if err == nil {
				t.Fatalf("%#v: AppendJSON refused it (%v), AppendRowStamps wrote %s", r, jerr, got)
			}
			continue
		}
		wantStamp, want, werr := protocol.RowStamps(raw)
		if (werr == nil) != (err == nil) {
			t.Fatalf("%#v: RowStamps %v, AppendRowStamps %v", r, werr, err)
		}
		if werr != nil {
			continue
		}
		if stamp != wantStamp || !bytes.Equal(got, append([]byte("p"), want...)) {
			t.Fatalf("%#v:\n got %q %s\nwant %q %s", r, stamp, got, wantStamp, want)
		}
		checked++
	}
	if checked < 2000 {
		t.Fatalf("only %d rows compared", checked)
	}
}
