package db

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"okienko/sync/merge"
)

func TestRowClockForms(t *testing.T) {
	const a, b = "01a22e22cc470000-registry", "01a22e22cca50003-01a22e22-cc1e-70cb-8071-6bad6a17b9c2"
	f := func(v, h string) merge.Field { return merge.Field{V: json.RawMessage(v), H: h} }
	for _, tc := range []struct {
		name string
		row  merge.Row
	}{
		{"empty", merge.Row{}},
		{"one stamp", merge.Row{"id": f(`"x"`, a), "no": f(`7`, a), "state": f(`"reserved"`, a)}},
		{"mostly one stamp", merge.Row{"id": f(`"x"`, a), "no": f(`7`, a), "state": f(`"used"`, b), "caseId": f(`"c"`, b), "unit": f(`"SO"`, a)}},
		{"null and objects", merge.Row{"assigneeId": f(`null`, a), "form": f(`{"adres":"ul. Polna 3"}`, b), "pauses": f(`[]`, a)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw, err := encodeClock(tc.row)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(raw), `{"~":1,`) {
				t.Fatalf("not the compact form: %s", raw)
			}
			got, err := DecodeRowClock(raw)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.row) {
				t.Fatalf("round trip\n got %v\nwant %v", got, tc.row)
			}
			// The older form reads the same.
			old, _ := json.Marshal(tc.row)
			if got, err := DecodeRowClock(old); err != nil || !reflect.DeepEqual(got, tc.row) {
				t.Fatalf("older form: %v %v", got, err)
			}
			// Each stamp is written once, unless a field differs.
			if n := strings.Count(string(raw), a); len(tc.row) > 0 && n != 1 {
				t.Fatalf("stamp %s written %d times: %s", a, n, raw)
			}
		})
	}
}

func TestRowClockCompactIsSmaller(t *testing.T) {
	row := merge.Row{}
	for _, name := range []string{"id", "officeId", "sign", "unit", "jrwa", "year", "no", "cardId", "clientId", "status"} {
		row[name] = merge.Field{V: json.RawMessage(`"value"`), H: "01a22e22cca50003-01a22e22-cc1e-70cb-8071-6bad6a17b9c2"}
	}
	compact, _ := encodeClock(row)
	old, _ := json.Marshal(row)
	if len(compact)*2 > len(old) {
		t.Fatalf("compact form %d bytes, older %d: want under half", len(compact), len(old))
	}
}

func TestRowClockRefusesBadInput(t *testing.T) {
	for _, raw := range []string{`{"~":2,"h":"x","v":{}}`, `{"~":1,"h":"x","v":{},"s":{"a":"y"}}`, `{"~":1,`, `[1]`} {
		if _, err := DecodeRowClock([]byte(raw)); err == nil {
			t.Errorf("%s: decoded", raw)
		}
	}
}

func FuzzDecodeRowClock(f *testing.F) {
	f.Add([]byte(`{"~":1,"h":"a","v":{"x":1},"s":{"x":"b"}}`))
	f.Add([]byte(`{"x":{"v":1,"h":"a"}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		row, err := DecodeRowClock(raw)
		if err != nil {
			return
		}
		// What decodes encodes and decodes to the same row (a null value
		// is the one normalisation).
		enc, err := encodeClock(row)
		if err != nil {
			t.Fatal(err)
		}
		again, err := DecodeRowClock(enc)
		if err != nil {
			t.Fatalf("re-decode %s: %v", enc, err)
		}
		for k, v := range row {
			if len(v.V) == 0 {
				v.V = json.RawMessage("null")
			}
			w := again[k]
			var x, y any
			if json.Unmarshal(v.V, &x) != nil || json.Unmarshal(w.V, &y) != nil || !reflect.DeepEqual(x, y) || v.H != w.H {
				t.Fatalf("field %s: %v became %v", k, v, w)
			}
		}
		if len(again) != len(row) {
			t.Fatalf("%d fields became %d", len(row), len(again))
		}
	})
}

// TestRowClockAsMarshal: the row clock written token by token reads as
// the one encoding/json wrote, and is the same bytes where encoding/json
// escapes nothing more (it escapes <, > and & in HTML's way).
func TestRowClockAsMarshal(t *testing.T) {
	const a, b = "01a22e22cc470000-registry", "01a22e22cca50003-01a22e22-cc1e-70cb-8071-6bad6a17b9c2"
	f := func(v, h string) merge.Field { return merge.Field{V: json.RawMessage(v), H: h} }
	for _, row := range []merge.Row{
		{},
		{"id": f(`"x"`, a)},
		{"id": f(`"x"`, a), "no": f(`7`, b)},
		{"id": f(`"x"`, b), "no": f(`7`, a), "z": f(` [1, 2] `, b), "a": f(``, a), "ł": f(`{"b":1,"a":"ó"}`, b)},
		{"x": f(`"<a&b>"`, a), "y": f(`{`, a)},
		{"x": f("\"\xff\"", a)},
	} {
		got, gerr := encodeClock(row)
		want, werr := encodeClockMarshal(row)
		if (gerr == nil) != (werr == nil) {
			t.Fatalf("%v: %v, encoding/json %v", row, gerr, werr)
		}
		if gerr != nil {
			continue
		}
		if !strings.ContainsAny(string(want), "\\") && string(got) != string(want) {
			t.Errorf("%v:\n got %s\nwant %s", row, got, want)
		}
		g, err1 := DecodeRowClock(got)
		w, err2 := DecodeRowClock(want)
		if err1 != nil || err2 != nil || len(g) != len(w) {
			t.Fatalf("%v: %v %v (%v %v)", row, g, w, err1, err2)
		}
		for name := range w {
			var gv, wv any
			json.Unmarshal(g[name].V, &gv)
			json.Unmarshal(w[name].V, &wv)
			if g[name].H != w[name].H || !reflect.DeepEqual(gv, wv) {
				t.Errorf("%v: field %q %v, want %v", row, name, g[name], w[name])
			}
		}
	}
}
