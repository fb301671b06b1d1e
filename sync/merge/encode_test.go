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
