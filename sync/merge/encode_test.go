package merge

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzAppendJSON: a row is written byte for byte as json.Marshal writes
// it, or refused as json.Marshal refuses it.
func FuzzAppendJSON(f *testing.F) {
	f.Add("name", `"Ola"`, "0000000000010000-a", "n", `{"a":[1,2.5e3,null,true]}`, "h")
	f.Add("a", `"<b>&"`, "x", "b", `[1, 2]`, "y")
	f.Add("ł", `"\u2028"`, "x", "b", "\"\xe2\x80\xa8\"", `y"`)
	f.Add("a", `{`, "x", "b", `1`, "y")
	f.Add("a", ``, "x", "b", `1`, "y\x01")
	f.Fuzz(func(t *testing.T, n1, v1, h1, n2, v2, h2 string) {
		row := Row{n1: {V: json.RawMessage(v1), H: h1}, n2: {V: json.RawMessage(v2), H: h2}}
		want, wantErr := json.Marshal(row)
		got, err := row.AppendJSON([]byte("prefix"))
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("%#v: error %v, json.Marshal %v", row, err, wantErr)
		}
		if err == nil && !bytes.Equal(got, append([]byte("prefix"), want...)) {
			t.Fatalf("%#v:\n%s\njson.Marshal\n%s", row, got, want)
		}
	})
}

// TestAppendJSONWritesTextAsItIs: values with spaces inside their strings,
// the common case (names, addresses), are written without json.Marshal.
func TestAppendJSONWritesTextAsItIs(t *testing.T) {
	for _, v := range []string{`"ul. Polna 3, Przykładowo"`, `{"adres":"ul. Polna 3","n":[1,2]}`, `"a \" < b"`} {
		got := verbatim(json.RawMessage(v))
		if want := !bytes.ContainsAny([]byte(v), "<"); got != want {
			t.Errorf("%s: verbatim %v", v, got)
		}
	}
	for _, v := range []string{`{"a": 1}`, "[1,\n2]", `"<b>"`, "\"\u2028\""} {
		if verbatim(json.RawMessage(v)) {
			t.Errorf("%q taken as written as it is", v)
		}
	}
}
