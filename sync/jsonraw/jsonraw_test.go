package jsonraw

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzVerbatim: what Verbatim takes, encoding/json writes unchanged.
func FuzzVerbatim(f *testing.F) {
	for _, v := range []string{`"ul. Polna 3, Przykładowo"`, `{"adres":"ul. Polna 3","n":[1,2]}`, `"a \" < b"`, `{"a": 1}`, "[1,\n2]", `"<b>"`, "\"\u2028\"", `"\u003c"`, `{`, ``} {
		f.Add([]byte(v))
	}
	f.Fuzz(func(t *testing.T, v []byte) {
		out, err := json.Marshal(json.RawMessage(v))
		if Verbatim(v) && (err != nil || !bytes.Equal(out, v)) {
			t.Fatalf("%q taken as written as it is; encoding/json writes %q (%v)", v, out, err)
		}
	})
}

// TestVerbatim: values with spaces inside their strings, the common case
// (names, addresses), are written as they are; the others are not.
func TestVerbatim(t *testing.T) {
	for _, v := range []string{`"ul. Polna 3, Przykładowo"`, `{"adres":"ul. Polna 3","n":[1,2]}`, `"a \" b"`, `"\u003c"`} {
		if !Verbatim([]byte(v)) {
			t.Errorf("%s: not taken", v)
		}
	}
	for _, v := range []string{`{"a": 1}`, "[1,\n2]", `"<b>"`, `"a&b"`, "\"\u2028\"", `{`, ``} {
		if Verbatim([]byte(v)) {
			t.Errorf("%q taken as written as it is", v)
		}
	}
}

// FuzzPlainString: what PlainString takes, encoding/json writes quoted
// and otherwise unchanged.
func FuzzPlainString(f *testing.F) {
	for _, s := range []string{"case_file", "0000000000010000-dev", "a<b", "ł", "\x01", `"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, _ := json.Marshal(s)
		if PlainString(s) && string(out) != `"`+s+`"` {
			t.Fatalf("%q taken as plain; encoding/json writes %s", s, out)
		}
	})
}
