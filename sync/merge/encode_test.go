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
	f.Add("a", `-0.5e-7`, "x", "b", `"plain ł"`, "0000000000010000-a")
	f.Add("a", `01`, "x", "b", `"a\x7f"`, "y")
	f.Fuzz(func(t *testing.T, n1, v1, h1, n2, v2, h2 string) {
		row := Row{n1: {V: json.RawMessage(v1), H: h1}, n2: {V: json.RawMessage(v2), H: h2}}
		valid := true
		for name, fl := range row {
			valid = valid && utf8.ValidString(name) && utf8.ValidString(fl.H) && utf8.Valid(fl.V) && json.Valid(fl.V)
		}
		got, err := row.AppendJSON([]byte("prefix"))
		if want, werr := row.marshalJSON([]byte("prefix"), ""); (werr == nil) != (err == nil) || err == nil && !bytes.Equal(got, want) {
			t.Fatalf("%#v: %s (%v), the codec's reflection %s (%v)", row, got, err, want, werr)
		}
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

// TestAppendJSONAsMarshal: the row written token by token is the row the
// codec writes by reflection, byte for byte, refusals included.
func TestAppendJSONAsMarshal(t *testing.T) {
	rows := []Row{
		{},
		{"name": {V: json.RawMessage(`"Ola"`), H: "0000000000010000-a"}, "n": {V: json.RawMessage(`{"a":[1,2.5e3,null,true]}`), H: "h"}},
		{"a": {V: json.RawMessage(`"<b>&"`), H: "x"}, "b": {V: json.RawMessage(`[1, 2]`), H: "y"}, "B": {V: json.RawMessage(` 1 `), H: "z"}},
		{"ł": {V: json.RawMessage(`"\u2028"`), H: "x"}, "b": {V: json.RawMessage("\"\xe2\x80\xa8\""), H: `y"`}},
		{"a": {V: json.RawMessage(`{`), H: "x"}},
		{"a": {V: nil, H: "x"}, "b": {V: json.RawMessage(`1`), H: "y\x01"}},
		{"a": {V: json.RawMessage("\"\xff\""), H: "x"}},
		{"a": {V: json.RawMessage(`{"z":1,"a":2}`), H: "\u00e9\U0001F600"}, "\U0001F600": {V: json.RawMessage(`1`)}, "\uff01": {V: json.RawMessage(`2`)}},
		{"a": {V: json.RawMessage(`1 2`), H: "x"}},
		{"a\"\\<>&\u2028": {V: json.RawMessage(`"a\/b\u00e9"`), H: "x"}},
		// Plain rows and near misses (numbers, literals, control characters).
		{"a": {V: json.RawMessage(`"Zażółć \u0041"`), H: "0000000000010000-a"}, "b": {V: json.RawMessage(`-0`), H: "x"}, "c": {V: json.RawMessage(`1.5E+2`), H: "x"}},
		{"a": {V: json.RawMessage("\"a\x7fb\""), H: "x"}, "b": {V: json.RawMessage(`true`), H: "x"}, "c": {V: json.RawMessage(`null`), H: "x"}, "d": {V: nil, H: ""}},
		{"a": {V: json.RawMessage(`01`), H: "x"}},
		{"a": {V: json.RawMessage(`1.`), H: "x"}},
		{"a": {V: json.RawMessage(`.5`), H: "x"}},
		{"a": {V: json.RawMessage(`-`), H: "x"}},
		{"a": {V: json.RawMessage(`1e`), H: "x"}},
		{"a": {V: json.RawMessage(`"ab`), H: "x"}},
		{"a": {V: json.RawMessage(`"`), H: "x"}},
		{"a": {V: json.RawMessage(`tru`), H: "x"}},
		{"a": {V: json.RawMessage(`""`), H: "x\x7f"}, "b\x7f": {V: json.RawMessage(`"\u2029"`), H: "x"}},
		{"a": {V: json.RawMessage("\"\xed\xa0\x80\""), H: "x"}},
	}
	for _, r := range rows {
		want, werr := r.marshalJSON([]byte("p"), "")
		got, gerr := r.AppendJSON([]byte("p"))
		if (werr == nil) != (gerr == nil) || werr == nil && !bytes.Equal(got, want) {
			t.Errorf("%#v:\n got %s (%v)\nwant %s (%v)", r, got, gerr, want, werr)
		}
	}
}
