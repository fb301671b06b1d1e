package protocol

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// pullCases are pages a device's decoding takes or refuses. What the
// hand decoder of protocol 1 refused (it read exactly what encoding/json
// read) is refused still; the cases marked "stricter" it took and
// protocol 2 refuses: repeated names, text that is not UTF-8. Names in
// other cases are unknown names, which a device skips.
var pullCases = []struct {
	name, in string
	ok       bool
}{
	{"page", `{"changes":[{"s":1,"e":"client","i":"a","f":{"name":{"v":"Ola","h":"x"},"n":{"v":-1.5e3,"h":"y"}}},{"s":2,"e":"case_file","i":"b","d":true,"f":{}}],"cursor":2,"more":true}`, true},
	{"spaces", " \t\n{ \"changes\" : [ { \"s\" : 7 , \"f\" : { \"a\" : { \"v\" : [ 1 , { \"b\" : null } ] , \"h\" : \"h\" } } } ] , \"cursor\" : 7 }\r\n", true},
	{"escaped values", `{"changes":[{"s":1,"e":"cl\u0069ent","i":"\"q\"\\/\b\f\n\r\t","f":{"na\u0142me":{"v":"\ud83d\ude00\u2028","h":"\u0041"}}}]}`, true},
	{"escaped keys", `{"ch\u0061nges":[{"\u0073":3}],"curso\u0072":3}`, true},
	{"unknown keys", `{"x":{"changes":[1,2]},"changes":[{"s":1,"zz":[true,false,null,"s",{"f":1}],"f":{"a":{"v":1,"h":"h","w":{"v":2}}}}],"extra":-0.0e-0}`, true},
	{"nulls", `{"changes":[null,{"s":null,"e":null,"i":null,"d":null,"f":{"a":null,"b":{"v":null,"h":null}}}],"cursor":null,"more":null}`, true},
	{"null fields", `{"changes":[{"f":null}]}`, true},
	{"row stamp", `{"changes":[{"s":1,"h":"x","f":{"a":{"v":1},"b":{"v":2,"h":"y"}}},{"h":null}]}`, true},
	{"row stamp in another case skipped", `{"changes":[{"s":1,"h":"x","f":{"a":{"v":1}}},{"h":null,"H":"z"}]}`, true},
	{"row stamp a number", `{"changes":[{"h":1}]}`, false},
	{"row stamp after the fields", `{"changes":[{"f":{"a":{"v":1},"b":{"v":2,"h":"y"}},"h":"x"}]}`, true},
	{"stricter: row stamp twice", `{"changes":[{"h":"x","f":{"a":{"v":1},"b":{"v":2,"h":"x"}},"h":"z"}]}`, false},
	{"stricter: repeated changes", `{"changes":[{"f":{"a":{"v":1}}}],"changes":[{"f":{"b":{"v":1}},"h":"x"}]}`, false},
	{"null page", `null`, true},
	{"empty", `{}`, true},
	{"empty changes", `{"changes":[]}`, true},
	{"stricter: repeated f", `{"changes":[{"f":{"a":{"v":1,"h":"1"}},"f":{"b":{"v":2,"h":"2"}}}]}`, false},
	{"stricter: repeated field name", `{"changes":[{"f":{"a":{"v":1,"h":"1"},"a":{"h":"2"}}}]}`, false},
	{"stricter: repeated value in a value", `{"changes":[{"f":{"x":{"v":{"a":1,"a":2},"h":"h"}}}]}`, false},
	{"stricter: repeated unknown name", `{"x":1,"x":2}`, false},
	{"stricter: repeated name in another case", `{"ChAnges":[{"f":{"":{}}}],"ChAnges":[{"h":"0"}]}`, false},
	{"keys in another case are skipped", `{"Changes":[{"f":{"a":{"v":1}}}],"cursor":3}`, true},
	{"keys in other cases", `{"CHANGES":[{"S":1,"\u017f":2,"E":"x","F":{"a":{"V":1,"H":"h"}}}],"Cursor":1,"cursor":2,"mORe":true}`, true},
	{"dotless i is not i", `{"changes":[{"\u0131":"x","\u212a":1}]}`, true},
	{"stricter: invalid utf8", "{\"changes\":[{\"e\":\"\xff\xfe\",\"f\":{\"\xc3\":{\"v\":\"\xff\",\"h\":\"\xe2\x82\"}}}]}", false},
	{"stricter: invalid utf8 in a value", "{\"changes\":[{\"f\":{\"a\":{\"v\":\"\xff\",\"h\":\"h\"}}}]}", false},
	{"max int", `{"cursor":9223372036854775807}`, true},

	{"nothing", ``, false},
	{"only spaces", `  `, false},
	{"trailing data", `{"cursor":1} {}`, false},
	{"trailing bracket", `{"cursor":1}]`, false},
	{"array page", `[]`, false},
	{"string page", `"x"`, false},
	{"float seq", `{"changes":[{"s":1.5}]}`, false},
	{"exponent cursor", `{"cursor":1e3}`, false},
	{"int overflow", `{"cursor":9223372036854775808}`, false},
	{"string seq", `{"changes":[{"s":"1"}]}`, false},
	{"number entity", `{"changes":[{"e":1}]}`, false},
	{"string more", `{"more":"true"}`, false},
	{"field not an object", `{"changes":[{"f":{"a":"x"}}]}`, false},
	{"fields an array", `{"changes":[{"f":[]}]}`, false},
	{"changes an object", `{"changes":{}}`, false},
	{"change a number", `{"changes":[1]}`, false},
	{"stamp a number", `{"changes":[{"f":{"a":{"v":1,"h":2}}}]}`, false},
	{"missing value", `{"changes":[{"f":{"a":{"v":,"h":"x"}}}]}`, false},
	{"bad literal", `{"changes":[{"f":{"a":{"v":nul}}}]}`, false},
	{"leading zero", `{"x":01}`, false},
	{"bare minus", `{"x":-}`, false},
	{"bare dot", `{"x":1.}`, false},
	{"bare exponent", `{"x":1e}`, false},
	{"plus sign", `{"x":+1}`, false},
	{"control char", "{\"x\":\"a\x01\"}", false},
	{"bad escape", `{"x":"\q"}`, false},
	{"short unicode escape", `{"x":"\u12"}`, false},
	{"unterminated string", `{"x":"abc`, false},
	{"unterminated object", `{"x":1`, false},
	{"unterminated array", `{"x":[1,2`, false},
	{"trailing comma object", `{"x":1,}`, false},
	{"trailing comma array", `{"x":[1,]}`, false},
	{"missing colon", `{"x" 1}`, false},
	{"single quotes", `{'x':1}`, false},
	{"too deep", `{"x":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`, false},
}

// TestPullDecodeCases: a device's decoding takes and refuses each case
// as listed, refusals wrapping ErrInvalid; what it takes from a registry
// it reads as encoding/json did, and everything encoding/json (so the
// hand decoder of protocol 1) refused it refuses.
func TestPullDecodeCases(t *testing.T) {
	for _, tc := range pullCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := newPull([]byte(tc.in))
			if (err == nil) != tc.ok {
				t.Fatalf("error %v, want ok=%v", err, tc.ok)
			}
			if err != nil && !errors.Is(err, ErrInvalid) {
				t.Fatalf("%v does not wrap ErrInvalid", err)
			}
			want, oldErr := oldPull([]byte(tc.in))
			if oldErr != nil && err == nil {
				t.Fatalf("protocol 1 refused it (%v); protocol 2 took it", oldErr)
			}
			if tc.ok && !strings.Contains(strings.ToLower(tc.name), "case") && !reflect.DeepEqual(got, want) {
				t.Fatalf("decoded %#v\nencoding/json %#v", got, want)
			}
		})
	}
	// Nesting up to the limit is accepted.
	deep := `{"x":` + strings.Repeat("[", 9998) + strings.Repeat("]", 9998) + `}`
	if _, err := newPull([]byte(deep)); err != nil {
		t.Fatalf("9,999 levels: %v", err)
	}
}

// TestDecodeLenientSkipsUnknownNames: a device's pull page decodes in
// every encoding, skipping names it does not know, and its errors wrap
// ErrInvalid; the registry's strict decoding refuses the unknown name.
func TestDecodeLenientSkipsUnknownNames(t *testing.T) {
	page := []byte(`{"changes":[{"s":1,"e":"client","i":"a","f":{"n":{"v":1,"h":"x"}}}],"cursor":1,"unknown":true}`)
	for _, enc := range []string{"", EncodingZstd, EncodingGzip} {
		var p PullResponse
		if err := DecodeLenient(compress(t, page, enc), enc, &p); err != nil || p.Cursor != 1 || string(p.Changes[0].Fields["n"].V) != "1" {
			t.Fatalf("%q: %+v %v", enc, p, err)
		}
		if err := DecodeLenient(compress(t, []byte(`{"cursor":"1"}`), enc), enc, &p); !errors.Is(err, ErrInvalid) {
			t.Fatalf("%q: a bad page gave %v", enc, err)
		}
	}
	var p PullResponse
	if err := Decode(page, "", &p); !errors.Is(err, ErrInvalid) {
		t.Fatalf("strict decoding took an unknown key: %v", err)
	}
}

func newPull(b []byte) (PullResponse, error) {
	var p PullResponse
	err := DecodeLenient(b, "", &p)
	return p, err
}

// oldPull is the decoding of protocol 1, which its hand decoder matched.
func oldPull(b []byte) (PullResponse, error) {
	var p PullResponse
	err := json.Unmarshal(b, &p)
	p.inheritStamps()
	return p, err
}

// FuzzPullDecode holds a device's decoding to what protocol 1 refused:
// a page encoding/json (so the old hand decoder) refused is refused,
// with ErrInvalid, unless only a name protocol 1 took in another case
// made it refuse (such a name is unknown now, and skipped).
func FuzzPullDecode(f *testing.F) {
	for _, tc := range pullCases {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := newPull(data)
		_, oldErr := oldPull(data)
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Fatalf("%v does not wrap ErrInvalid", err)
		}
		if err == nil && oldErr != nil {
			// Protocol 1 folded case: {"CHANGES":true} was its "changes",
			// refused; to protocol 2 it is an unknown name, skipped. Read
			// with unknown names refused, the page must be refused.
			var strict PullResponse
			if Decode(data, "", &strict) == nil {
				t.Fatalf("protocol 1 refused %q (%v); protocol 2 took it", data, oldErr)
			}
		}
	})
}

// BenchmarkPullDecode decodes a page of 100 case-sized rows (25 fields
// each, about 2 KB), as a device does (encoding/json v2) and with
// encoding/json for comparison.
func BenchmarkPullDecode(b *testing.B) {
	page := PullResponse{Cursor: 100}
	for n := range 100 {
		c := validChange(int64(n + 1))
		c.Fields = map[string]Field{}
		for f := range 25 {
			name := "field" + string(rune('a'+f))
			c.Fields[name] = Field{V: json.RawMessage(`"Wartość pola ` + name + ` sprawy, z polskimi znakami: zażółć gęślą jaźń"`), H: stampA}
		}
		c.Fields["form"] = Field{V: json.RawMessage(`{"adres":"ul. Polna 3, Przykładowo","cel":"do pracodawcy","n":[1,2,3.5]}`), H: stampB}
		page.Changes = append(page.Changes, c)
	}
	raw := mustJSON(page)
	b.SetBytes(int64(len(raw)))
	b.Run("json-v2", func(b *testing.B) {
		for b.Loop() {
			if _, err := newPull(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		for b.Loop() {
			if _, err := oldPull(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestPullDecodeStringsAtEveryOffset: an escape, a control character or
// a byte beyond ASCII at every offset of strings up to three words long,
// in a value, a stamp and a key, is refused where protocol 1 refused it
// and otherwise read as encoding/json read it (bar invalid UTF-8, which
// protocol 2 refuses).
func TestPullDecodeStringsAtEveryOffset(t *testing.T) {
	for _, odd := range []string{`\"`, `\\`, `\u00e9`, `\n`, "\x01", "\x1f", "é", "\xff", "\u2028", `"`, `\`, "\x7f"} {
		for n := range 24 {
			for at := 0; at <= n; at++ {
				str := strings.Repeat("a", at) + odd + strings.Repeat("b", n-at)
				for _, in := range []string{
					`{"changes":[{"f":{"x":{"v":"` + str + `","h":"h"}}}]}`,
					`{"changes":[{"f":{"x":{"v":1,"h":"` + str + `"}}}]}`,
					`{"changes":[{"f":{"` + str + `":{"v":1}}}]}`,
					`{"changes":[{"e":"` + str + `"}]}`,
				} {
					got, err := newPull([]byte(in))
					want, stdErr := oldPull([]byte(in))
					if stdErr != nil && err == nil || err == nil && !reflect.DeepEqual(got, want) || err != nil && utf8.ValidString(in) && stdErr == nil {
						t.Fatalf("%q: hand %#v %v\nencoding/json %#v %v", in, got, err, want, stdErr)
					}
				}
			}
		}
	}
}

// TestPullDecodeScope: a limited device's page (its scope and the cases
// to forget) decodes by hand as encoding/json reads it, and validates;
// ids to forget without a scope, or not ids, do not.
func TestPullDecodeScope(t *testing.T) {
	id := "0190a0b0-0000-7000-8000-000000000001"
	for _, in := range []string{
		`{"changes":[],"cursor":3,"more":false,"scope":"u1:abc","forget":["` + id + `"]}`,
		`{"scope":null,"forget":[]}`,
	} {
		got, err := newPull([]byte(in))
		want, stdErr := oldPull([]byte(in))
		if err != nil || stdErr != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: hand %#v %v\nencoding/json %#v %v", in, got, err, want, stdErr)
		}
		if err := got.Validate(); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
	}
	for _, in := range []string{`{"forget":["` + id + `"]}`, `{"scope":"s","forget":["../x"]}`, `{"scope":"a b"}`} {
		p, err := newPull([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if p.Validate() == nil {
			t.Fatalf("%s: accepted", in)
		}
	}
	for _, in := range []string{`{"scope":1}`, `{"forget":"x"}`, `{"forget":[1]}`, `{"scope":"x","forget":null,"forget":["` + id + `"]}`} {
		if _, err := newPull([]byte(in)); err == nil {
			t.Fatalf("%s: decoded", in)
		}
	}
	// A page cut for a scope reads back the same.
	enc := EncodedPullResponse{Changes: []EncodedChange{}, Cursor: 9, Scope: "u1:abc", Forget: []string{id}}
	raw, err := Encode(enc, "")
	if err != nil {
		t.Fatal(err)
	}
	back, err := newPull(raw)
	if err != nil || back.Scope != "u1:abc" || !reflect.DeepEqual(back.Forget, []string{id}) || back.Cursor != 9 {
		t.Fatalf("%s read back as %#v %v", raw, back, err)
	}
}
