package protocol

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// pushCases are pushes the registry's strict decoding takes or refuses.
// What the hand decoder of protocol 1 refused (it read exactly what
// encoding/json with DisallowUnknownFields read) is refused still; the
// cases marked "stricter" it took and protocol 2 refuses: names in other
// cases, repeated names, text that is not UTF-8, anything after the push.
var pushCases = []struct {
	name, in string
	ok       bool
}{
	{"push", `{"batch":"b","ops":[{"id":"o","e":"client","i":"c","k":"upsert","h":"x","f":{"name":"Ola","n":[1,{"a":null}],"z":null},"b":{"status":"y","p":null}}]}`, true},
	{"spaces", " {\n\"batch\" : \"b\" , \"ops\" : [ { \"f\" : { \"a\" : 1 } } ] } \n", true},
	{"escapes", `{"b\u0061tch":"\"q\"","ops":[{"e":"cl\u0069ent","f":{"\u0142":"\ud83d\ude00"}}]}`, true},
	{"stricter: keys in other cases", `{"BATCH":"b","Ops":[{"ID":"o","K":"append","F":{"a":1},"B":{"s":"h"}}]}`, false},
	{"nulls", `{"batch":null,"ops":[null,{"id":null,"f":null,"b":null}]}`, true},
	{"null push", `null`, true},
	{"empty ops", `{"ops":[]}`, true},
	{"null ops", `{"ops":null}`, true},
	{"stricter: repeated ops", `{"ops":[{"id":"a","f":{"x":1}},{"id":"b"}],"ops":[{"e":"c","f":{"y":2}}]}`, false},
	{"stricter: repeated f", `{"ops":[{"f":{"a":1},"f":{"b":2}}]}`, false},
	{"stricter: repeated field", `{"ops":[{"f":{"a":1,"a":2}}]}`, false},
	{"stricter: invalid utf8", "{\"ops\":[{\"f\":{\"a\":\"\xff\"}}]}", false},
	{"stricter: closing bracket after", `{"batch":"b"}]`, false},
	{"stricter: closing brace after", `{"batch":"b"} }x`, false},
	{"lease", `{"batch":"b","ops":[],"lease":[{"unit":"SO","jrwa":"5352","year":2026},{"unit":"USC","year":2027}]}`, true},
	{"stricter: register keys in other cases", `{"lease":[{"UNIT":"USC","Year":2027}]}`, false},
	{"null lease", `{"lease":null}`, true},
	{"stricter: repeated lease", `{"lease":[{"unit":"SO","year":2026},{"unit":"X"}],"lease":[{"jrwa":"5352"}]}`, false},

	{"unknown key", `{"batch":"b","extra":1}`, false},
	{"unknown op key", `{"ops":[{"id":"o","x":1}]}`, false},
	{"unknown register key", `{"lease":[{"unit":"SO","floor":1}]}`, false},
	{"year a string", `{"lease":[{"year":"2026"}]}`, false},
	{"year a fraction", `{"lease":[{"year":2026.5}]}`, false},
	{"lease an object", `{"lease":{}}`, false},
	{"bad lease", `{"lease":[{"unit":SO}]}`, false},
	{"trailing value", `{"batch":"b"} {}`, false},
	{"trailing letter", `{"batch":"b"} x`, false},
	{"nothing", ``, false},
	{"array push", `[]`, false},
	{"number batch", `{"batch":1}`, false},
	{"ops an object", `{"ops":{}}`, false},
	{"op a string", `{"ops":["x"]}`, false},
	{"fields an array", `{"ops":[{"f":[]}]}`, false},
	{"base a number", `{"ops":[{"b":{"s":1}}]}`, false},
	{"kind a number", `{"ops":[{"k":1}]}`, false},
	{"bad value", `{"ops":[{"f":{"a":tru}}]}`, false},
	{"unterminated", `{"ops":[{"f":{"a":1}}]`, false},
	{"too deep", `{"ops":[{"f":{"a":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}}]}`, false},
}

// TestPushDecodeCases: the registry's decoding takes and refuses each
// case as listed, refusals wrapping ErrInvalid (400 bad_request); what
// it takes it reads as encoding/json did, and everything encoding/json
// (so the hand decoder of protocol 1) refused it refuses.
func TestPushDecodeCases(t *testing.T) {
	for _, tc := range pushCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := newPush([]byte(tc.in))
			if (err == nil) != tc.ok {
				t.Fatalf("error %v, want ok=%v", err, tc.ok)
			}
			if err != nil && !errors.Is(err, ErrInvalid) {
				t.Fatalf("%v does not wrap ErrInvalid", err)
			}
			want, oldErr := oldPush([]byte(tc.in))
			if oldErr != nil && err == nil {
				t.Fatalf("protocol 1 refused it (%v); protocol 2 took it", oldErr)
			}
			if tc.ok && !reflect.DeepEqual(got, want) {
				t.Fatalf("decoded %#v\nencoding/json %#v", got, want)
			}
		})
	}
}

func newPush(b []byte) (PushRequest, error) {
	var p PushRequest
	err := Decode(b, "", &p)
	return p, err
}

// oldPush is the decoding of protocol 1, which its hand decoder matched.
func oldPush(b []byte) (PushRequest, error) {
	var p PushRequest
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&p); err != nil {
		return p, err
	}
	if d.More() {
		return p, errors.New("trailing data")
	}
	return p, nil
}

// FuzzPushDecode holds the registry's decoding to what protocol 1
// refused: a push encoding/json (so the old hand decoder) refused is
// refused, with ErrInvalid; one taken decodes to what encoding/json
// read, and the device's encoding of it decodes back the same.
func FuzzPushDecode(f *testing.F) {
	for _, tc := range pushCases {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := newPush(data)
		want, oldErr := oldPush(data)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("%v does not wrap ErrInvalid", err)
			}
			return
		}
		if oldErr != nil {
			t.Fatalf("protocol 1 refused %q (%v); protocol 2 took it", data, oldErr)
		}
		if !reflect.DeepEqual(canonicalPush(t, got), canonicalPush(t, want)) {
			t.Fatalf("decoded %#v\nencoding/json %#v\ninput %q", got, want, data)
		}
		raw, err := Encode(got, "")
		if err != nil {
			t.Fatalf("%#v does not encode: %v", got, err)
		}
		back, err := newPush(raw)
		if err != nil || !reflect.DeepEqual(canonicalPush(t, back), canonicalPush(t, got)) {
			t.Fatalf("%s decoded back as %#v (%v)", raw, back, err)
		}
	})
}
