package protocol

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
)

// FuzzRowStamps: a row rewritten for a page of row stamps decodes, with
// its row stamp, to the same fields as the row as stored; and the stamp
// most fields share is sent once.
func FuzzRowStamps(f *testing.F) {
	f.Add([]byte(`{"a":{"v":1,"h":"x"},"b":{"v":"\u0041<","h":"x"},"c":{"v":[1,{"d":2}],"h":"y"}}`))
	f.Add([]byte(`{"a":{"v":null,"h":"y"},"b":{"v":true,"h":"x"}}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"ł":{"v":1,"h":"\u0078"}}`))
	f.Add([]byte(`{"a":{"v":1}}`))
	f.Add([]byte(`{"":{"v":0,"h":"x"},"":{"v":"","h":"x"},"":{"v":[],"h":"0"}}`))
	f.Fuzz(func(t *testing.T, fields []byte) {
		stamp, compact, err := RowStamps(fields)
		if err != nil {
			return
		}
		full, err := newPull([]byte(`{"changes":[{"f":` + string(fields) + `}]}`))
		if err != nil {
			t.Fatalf("RowStamps took %q, which does not decode: %v", fields, err)
		}
		var rowPage PullResponse
		quoted, _ := jsontext.AppendQuote(nil, stamp)
		if err := DecodeLenient([]byte(`{"changes":[{"h":`+string(quoted)+`,"f":`+string(compact)+`}]}`), "", &rowPage); err != nil {
			t.Fatalf("%q gave %q, which does not decode: %v", fields, compact, err)
		}
		// Values are compared as JSON: the codec writes a string's
		// needless escapes out ("\u0041" as "A").
		want, got := full.Changes[0].Fields, rowPage.Changes[0].Fields
		for _, m := range []map[string]Field{want, got} {
			for name, f := range m {
				m[name] = Field{V: canonical(t, f.V), H: f.H}
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: row stamps %q %q decode to %+v\nwant %+v", fields, stamp, compact, got, want)
		}
		// The share is counted as sent; a repeated name or an escaped
		// stamp makes the decoded fields count otherwise.
		if topLevelKeys(fields) != len(want) || bytes.Contains(fields, []byte(`\\`)) {
			return
		}
		shared := 0
		for _, f := range want {
			if f.H == stamp {
				shared++
			}
		}
		for _, f := range want {
			n := 0
			for _, g := range want {
				if g.H == f.H {
					n++
				}
			}
			if n > shared {
				t.Fatalf("%q: stamp %q is shared by %d fields, %q by %d", fields, stamp, shared, f.H, n)
			}
		}
	})
}

// topLevelKeys counts the keys of a JSON object as sent, repeats included.
func topLevelKeys(data []byte) int {
	d := json.NewDecoder(bytes.NewReader(data))
	if _, err := d.Token(); err != nil {
		return -1
	}
	n := 0
	for d.More() {
		if _, err := d.Token(); err != nil {
			return -1
		}
		var v json.RawMessage
		if err := d.Decode(&v); err != nil {
			return -1
		}
		n++
	}
	return n
}

// TestRowStampsHalveAPage: a case row set by one write sends its stamp once.
func TestRowStampsHalveAPage(t *testing.T) {
	full := []byte(`{"a":{"v":"1","h":"` + stampA + `"},"b":{"v":"2","h":"` + stampA + `"},"c":{"v":"3","h":"` + stampB + `"}}`)
	stamp, compact, err := RowStamps(full)
	if err != nil || stamp != stampA || string(compact) != `{"a":{"v":"1"},"b":{"v":"2"},"c":{"v":"3","h":"`+stampB+`"}}` {
		t.Fatalf("%q %s %v", stamp, compact, err)
	}
}
