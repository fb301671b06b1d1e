package merge

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"unicode/utf8"
)

// FuzzAppendJSON: a row is written as one JSON object that any JSON
// reader (the stores read rows with encoding/json) reads back to the same
// names, stamps and values; a row with a value that is not one valid JSON
// value, or with text that is not UTF-8, is refused.
func FuzzAppendJSON(f *testing.F) {
	f.Add("name", `"Ola"`, "0000000000010000-a", "n", `{"a":[1,2.5e3,null,true]}`, "h")
	f.Add("a", `"<b>&"`, "x", "b", `[1, 2]`, "y")
	f.Add("ł", `"\u2028"`, "x", "b", "\"\xe2\x80\xa8\"", `y"`)
	f.Add("a", `{`, "x", "b", `1`, "y")
	f.Add("a", ``, "x", "b", `1`, "y\x01")
	f.Add("a", "\"\xff\"", "x", "b", `1`, "y")
	f.Fuzz(func(t *testing.T, n1, v1, h1, n2, v2, h2 string) {
		row := Row{n1: {V: json.RawMessage(v1), H: h1}, n2: {V: json.RawMessage(v2), H: h2}}
		valid := true
		for name, fl := range row {
			valid = valid && utf8.ValidString(name) && utf8.ValidString(fl.H) && utf8.Valid(fl.V) && json.Valid(fl.V)
		}
		got, err := row.AppendJSON([]byte("prefix"))
		if (err == nil) != valid {
			t.Fatalf("%#v: error %v, valid %v", row, err, valid)
		}
		if err != nil {
			return
		}
		raw, ok := bytes.CutPrefix(got, []byte("prefix"))
		if !ok {
			t.Fatalf("prefix lost: %q", got)
		}
		var back Row
		if err := json.Unmarshal(raw, &back); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		if len(back) != len(row) {
			t.Fatalf("%s: %d fields, want %d", raw, len(back), len(row))
		}
		for name, fl := range row {
			var want, have any
			json.Unmarshal(fl.V, &want)
			json.Unmarshal(back[name].V, &have)
			if back[name].H != fl.H || !reflect.DeepEqual(have, want) {
				t.Fatalf("%s: field %q is %#v, want %#v", raw, name, back[name], fl)
			}
		}
	})
}
