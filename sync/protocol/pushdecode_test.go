package protocol

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// pushCases are pushes the hand decoder must read exactly as the
// decoding it replaces did, or refuse as it did.
var pushCases = []struct {
	name, in string
	ok       bool
}{
	{"push", `{"batch":"b","ops":[{"id":"o","e":"client","i":"c","k":"upsert","h":"x","f":{"name":"Ola","n":[1,{"a":null}],"z":null},"b":{"status":"y","p":null}}]}`, true},
	{"spaces", " {\n\"batch\" : \"b\" , \"ops\" : [ { \"f\" : { \"a\" : 1 } } ] } \n", true},
	{"escapes", `{"b\u0061tch":"\"q\"","ops":[{"e":"cl\u0069ent","f":{"\u0142":"\ud83d\ude00"}}]}`, true},
	{"keys in other cases", `{"BATCH":"b","Ops":[{"ID":"o","K":"append","F":{"a":1},"B":{"s":"h"}}]}`, true},
	{"nulls", `{"batch":null,"ops":[null,{"id":null,"f":null,"b":null}]}`, true},
	{"null push", `null`, true},
	{"empty ops", `{"ops":[]}`, true},
	{"null ops", `{"ops":null}`, true},
	{"repeated ops reuse elements", `{"ops":[{"id":"a","f":{"x":1}},{"id":"b"}],"ops":[{"e":"c","f":{"y":2}}]}`, true},
	{"repeated f adds", `{"ops":[{"f":{"a":1},"f":{"b":2}}]}`, true},
	{"closing bracket after", `{"batch":"b"}]`, true},
	{"closing brace after", `{"batch":"b"} }x`, true},
	{"lease", `{"batch":"b","ops":[],"lease":[{"unit":"SO","jrwa":"5352","year":2026},{"UNIT":"USC","Year":2027}]}`, true},
	{"null lease", `{"lease":null}`, true},
	{"repeated lease reuses elements", `{"lease":[{"unit":"SO","year":2026},{"unit":"X"}],"lease":[{"jrwa":"5352"}]}`, true},

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

// TestPushDecodeByHand: the hand decoder agrees with the decoding it
// replaces on every case.
func TestPushDecodeByHand(t *testing.T) {
	for _, tc := range pushCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := handPush([]byte(tc.in))
			want, stdErr := stdPush([]byte(tc.in))
			if (err == nil) != tc.ok || (stdErr == nil) != tc.ok {
				t.Fatalf("hand decoder: %v; encoding/json: %v; want ok=%v", err, stdErr, tc.ok)
			}
			if tc.ok && !reflect.DeepEqual(got, want) {
				t.Fatalf("decoded %#v\nencoding/json %#v", got, want)
			}
		})
	}
	// Decode, as the registry calls it, takes the hand decoder.
	var p PushRequest
	if err := Decode([]byte(`{"batch":"b","ops":[{"f":{"a":1}}],"x":1}`), "", &p); err == nil {
		t.Fatal("an unknown key was taken")
	}
}

func handPush(b []byte) (PushRequest, error) {
	var p PushRequest
	err := p.decodeStrict(b)
	return p, err
}

// stdPush is the decoding the hand decoder replaced.
func stdPush(b []byte) (PushRequest, error) {
	var p PushRequest
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&p); err != nil {
		return p, err
	}
	if d.More() {
		return p, errSyntax
	}
	return p, nil
}

// FuzzPushDecodeByHand holds the hand decoder to the decoding it
// replaced: the same pushes accepted, the same result from each.
func FuzzPushDecodeByHand(f *testing.F) {
	for _, tc := range pushCases {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := handPush(data)
		want, stdErr := stdPush(data)
		if (err == nil) != (stdErr == nil) {
			t.Fatalf("hand decoder: %v; encoding/json: %v; input %q", err, stdErr, data)
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("decoded %#v\nencoding/json %#v\ninput %q", got, want, data)
		}
	})
}

// FuzzPushAppendJSON: a device writes a push byte for byte as
// json.Marshal does.
func FuzzPushAppendJSON(f *testing.F) {
	f.Add("b", "o", "client", "c", "upsert", "h", "name", `"Ola Nowak"`, "status", "x", true)
	f.Add("b", "o", "ca<se", "c\u2028", "append", "", "n", `{"a": [1, 2]}`, "", "", false)
	f.Add("", "", "", "", "", "", "ł", `"<&>"`, "s", "\x01", true)
	f.Fuzz(func(t *testing.T, batch, id, entity, entityID, kind, stamp, name, value, baseName, baseStamp string, withOps bool) {
		p := PushRequest{BatchID: batch}
		if len(baseStamp)%2 == 1 {
			p.Lease = []RegisterRef{{Unit: entity, JRWA: kind, Year: len(name) - 3}, {}}
		}
		if withOps {
			op := Op{ID: id, Entity: entity, EntityID: entityID, Kind: Kind(kind), HLC: stamp,
				Fields: map[string]json.RawMessage{name: json.RawMessage(value), "z": json.RawMessage(`1`)}}
			if baseName != "" {
				op.Base = map[string]string{baseName: baseStamp}
			}
			p.Ops = []Op{op, {ID: id}}
		}
		want, wantErr := json.Marshal(p)
		got, err := p.AppendJSON(nil)
		if (err == nil) != (wantErr == nil) || err == nil && !bytes.Equal(got, want) {
			t.Fatalf("%s (%v)\njson.Marshal %s (%v)", got, err, want, wantErr)
		}
	})
}
