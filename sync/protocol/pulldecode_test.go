package protocol

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// pullCases are pages the hand decoder must read exactly as
// encoding/json does, or refuse as it does.
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
	{"row stamp", `{"changes":[{"s":1,"h":"x","f":{"a":{"v":1},"b":{"v":2,"h":"y"}}},{"h":null,"H":"z"}]}`, true},
	{"row stamp a number", `{"changes":[{"h":1}]}`, false},
	{"row stamp after the fields", `{"changes":[{"f":{"a":{"v":1},"b":{"v":2,"h":"y"}},"h":"x"}]}`, true},
	{"row stamp twice", `{"changes":[{"h":"x","f":{"a":{"v":1},"b":{"v":2,"h":"x"}},"h":"z"}]}`, true},
	{"row stamp after, repeated changes", `{"changes":[{"f":{"a":{"v":1}}}],"changes":[{"f":{"b":{"v":1}},"h":"x"}]}`, true},
	{"null page", `null`, true},
	{"empty", `{}`, true},
	{"empty changes", `{"changes":[]}`, true},
	{"repeated f adds", `{"changes":[{"f":{"a":{"v":1,"h":"1"}},"f":{"b":{"v":2,"h":"2"}}}]}`, true},
	{"repeated field name replaces", `{"changes":[{"f":{"a":{"v":1,"h":"1"},"a":{"h":"2"}}}]}`, true},
	{"repeated changes reuse elements", `{"changes":[{"s":1,"e":"a","f":{"x":{"v":1}}},{"s":2}],"changes":[{"s":3,"f":{"y":{"v":2}}},null,{"i":"c"}]}`, true},
	{"repeated changes shrink", `{"changes":[{"s":1},{"s":2}],"changes":[{"e":"b"}]}`, true},
	{"row stamp only in repeated changes", `{"ChAnges":[{"f":{"":{}}}],"ChAnges":[{"h":"0"}]}`, true},
	{"row stamp changed by repeated changes", `{"changes":[{"f":{"a":{"v":1}}}],"changes":[{"h":"0"}],"changes":[{"h":"1"}]}`, true},
	{"keys in other cases", `{"CHANGES":[{"S":1,"\u017f":2,"E":"x","F":{"a":{"V":1,"H":"h"}}}],"Cursor":1,"cursor":2,"mORe":true}`, true},
	{"dotless i is not i", `{"changes":[{"\u0131":"x","\u212a":1}]}`, true},
	{"invalid utf8", "{\"changes\":[{\"e\":\"\xff\xfe\",\"f\":{\"\xc3\":{\"v\":\"\xff\",\"h\":\"\xe2\x82\"}}}]}", true},
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

// TestPullDecodeByHand: the hand decoder agrees with encoding/json on
// every case, in success, in failure and in what it decodes.
func TestPullDecodeByHand(t *testing.T) {
	for _, tc := range pullCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := handPull([]byte(tc.in))
			if (err == nil) != tc.ok {
				t.Fatalf("hand decoder: error %v, want ok=%v", err, tc.ok)
			}
			want, stdErr := stdPull([]byte(tc.in))
			if (stdErr == nil) != tc.ok {
				t.Fatalf("encoding/json: error %v, want ok=%v (the case is wrong)", stdErr, tc.ok)
			}
			if tc.ok && !reflect.DeepEqual(got, want) {
				t.Fatalf("decoded %#v\nencoding/json %#v", got, want)
			}
		})
	}
	// Nesting up to encoding/json's limit is accepted.
	deep := `{"x":` + strings.Repeat("[", 9998) + strings.Repeat("]", 9998) + `}`
	if _, err := handPull([]byte(deep)); err != nil {
		t.Fatalf("9,999 levels: %v", err)
	}
	if _, err := stdPull([]byte(deep)); err != nil {
		t.Fatalf("encoding/json, 9,999 levels: %v", err)
	}
}

// TestDecodeLenientUsesHandDecoder: a device's pull page goes through the
// hand decoder, in every encoding, and its errors wrap ErrInvalid.
func TestDecodeLenientUsesHandDecoder(t *testing.T) {
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
	// Strict decoding still refuses the unknown key: it is encoding/json's.
	var p PullResponse
	if err := Decode(page, "", &p); !errors.Is(err, ErrInvalid) {
		t.Fatalf("strict decoding took an unknown key: %v", err)
	}
}

func handPull(b []byte) (PullResponse, error) {
	var p PullResponse
	err := p.decodeJSON(b)
	return p, err
}

// stdPull is encoding/json's reading of a page, the stamps inherited after.
func stdPull(b []byte) (PullResponse, error) {
	var p PullResponse
	err := json.Unmarshal(b, &p)
	p.inheritStamps()
	return p, err
}

// FuzzPullDecodeByHand holds the hand decoder to encoding/json: the same
// pages accepted, and the same result from each.
func FuzzPullDecodeByHand(f *testing.F) {
	for _, tc := range pullCases {
		f.Add([]byte(tc.in))
	}
	f.Add(mustJSON(PullResponse{Changes: []Change{validChange(1), validChange(2)}, Cursor: 2, More: true}))
	f.Add([]byte(`{"changes":[],"cursor":2,"more":false,"scope":"s1-ab","forget":["0190a0b0-0000-7000-8000-000000000001"]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := handPull(data)
		want, stdErr := stdPull(data)
		if (err == nil) != (stdErr == nil) {
			t.Fatalf("hand decoder: %v; encoding/json: %v; input %q", err, stdErr, data)
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("decoded %#v\nencoding/json %#v\ninput %q", got, want, data)
		}
	})
}

// BenchmarkPullDecode decodes a page of 100 case-sized rows (25 fields
// each, about 2 KB), by hand and by encoding/json.
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
	b.Run("hand", func(b *testing.B) {
		for b.Loop() {
			if _, err := handPull(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		for b.Loop() {
			if _, err := stdPull(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestPullDecodeStringsAtEveryOffset: strings are scanned a word at a
// time, so an escape, a control character or a byte beyond ASCII is
// tried at every offset of strings up to three words long, in a value, a
// stamp and a key.
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
					got, err := handPull([]byte(in))
					want, stdErr := stdPull([]byte(in))
					if (err == nil) != (stdErr == nil) || err == nil && !reflect.DeepEqual(got, want) {
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
		`{"Scope":"x","FORGET":["` + id + `"],"forget":null,"forget":["` + id + `","` + id + `"]}`,
		`{"scope":null,"forget":[]}`,
	} {
		got, err := handPull([]byte(in))
		want, stdErr := stdPull([]byte(in))
		if err != nil || stdErr != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: hand %#v %v\nencoding/json %#v %v", in, got, err, want, stdErr)
		}
		if err := got.Validate(); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
	}
	for _, in := range []string{`{"forget":["` + id + `"]}`, `{"scope":"s","forget":["../x"]}`, `{"scope":"a b"}`} {
		p, err := handPull([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if p.Validate() == nil {
			t.Fatalf("%s: accepted", in)
		}
	}
	for _, in := range []string{`{"scope":1}`, `{"forget":"x"}`, `{"forget":[1]}`} {
		if _, err := handPull([]byte(in)); err == nil {
			t.Fatalf("%s: decoded", in)
		}
	}
	// A page cut for a scope written by hand reads back the same.
	enc := EncodedPullResponse{Changes: []EncodedChange{}, Cursor: 9, Scope: "u1:abc", Forget: []string{id}}
	raw, err := enc.AppendJSON(nil)
	if err != nil {
		t.Fatal(err)
	}
	back, err := handPull(raw)
	if err != nil || back.Scope != "u1:abc" || !reflect.DeepEqual(back.Forget, []string{id}) || back.Cursor != 9 {
		t.Fatalf("%s read back as %#v %v", raw, back, err)
	}
}
