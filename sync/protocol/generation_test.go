package protocol

import (
	"encoding/json"
	"testing"
)

func TestValidGeneration(t *testing.T) {
	for s, want := range map[string]bool{
		"0123456789abcdef0123456789abcdef":  true,
		"0123456789ABCDEF0123456789abcdef":  false,
		"0123456789abcdef0123456789abcde":   false,
		"0123456789abcdef0123456789abcdef0": false,
		"":                                  false,
		"0123456789abcdef0123456789abcdeg":  false,
	} {
		if ValidGeneration(s) != want {
			t.Errorf("ValidGeneration(%q) = %v", s, !want)
		}
	}
}

func TestResendRequestValidate(t *testing.T) {
	gen := "0123456789abcdef0123456789abcdef"
	stamp := "0000018f00000000-registry"
	ok := ResendRequest{Generation: gen, Rows: []ResendRow{{Entity: "case_file", EntityID: "01a20102-0714-7339-af88-47962f533b9a",
		Fields: map[string]Field{"status": {V: json.RawMessage(`"registered"`), H: stamp}}}}}
	if err := ok.Validate(); err != nil {
		t.Fatalf("a sound request refused: %v", err)
	}
	bad := []func(r *ResendRequest){
		func(r *ResendRequest) { r.Generation = "x" },
		func(r *ResendRequest) { r.Rows[0].Entity = "Case" },
		func(r *ResendRequest) { r.Rows[0].EntityID = "1" },
		func(r *ResendRequest) { r.Rows[0].Fields = nil },
		func(r *ResendRequest) { r.Rows[0].Fields["status"] = Field{V: json.RawMessage(`{`), H: stamp} },
		func(r *ResendRequest) { r.Rows[0].Fields["status"] = Field{V: json.RawMessage(`1`), H: "later"} },
		func(r *ResendRequest) { r.Rows[0].Fields["1x"] = Field{V: json.RawMessage(`1`), H: stamp} },
	}
	for i, f := range bad {
		r := ResendRequest{Generation: gen, Rows: []ResendRow{{Entity: ok.Rows[0].Entity, EntityID: ok.Rows[0].EntityID,
			Fields: map[string]Field{"status": ok.Rows[0].Fields["status"]}}}}
		f(&r)
		if r.Validate() == nil {
			t.Errorf("bad request %d accepted", i)
		}
	}
}

// FuzzResendRequest: whatever arrives, decoding and validation never
// panic, and what validates has a generation and bounded rows.
func FuzzResendRequest(f *testing.F) {
	f.Add([]byte(`{"generation":"0123456789abcdef0123456789abcdef","rows":[],"done":true}`))
	f.Add([]byte(`{"generation":"0123456789abcdef0123456789abcdef","rows":[{"e":"client","i":"01a20102-0714-7339-af88-47962f533b9a","f":{"a":{"v":1,"h":"x"}}}]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var r ResendRequest
		if json.Unmarshal(raw, &r) != nil {
			return
		}
		if r.Validate() == nil && (!ValidGeneration(r.Generation) || len(r.Rows) > MaxResendRows) {
			t.Fatalf("validated %+v", r)
		}
		var g GenerationInfo
		if json.Unmarshal(raw, &g) == nil && g.Validate() == nil && !ValidGeneration(g.Generation) {
			t.Fatalf("validated %+v", g)
		}
	})
}
