package protocol

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

// TestEncodedPullResponseDecodesAsPullResponse: the registry's page of
// stored rows decodes, strictly, into the PullResponse a device expects, with odd
// strings escaped and deleted rows marked.
func TestEncodedPullResponseDecodesAsPullResponse(t *testing.T) {
	fields := `{"name":{"v":"Łucja \"Ola\" Nowak\n","h":"0000000000010000-a"},"n":{"v":7,"h":"0000000000010000-a"}}`
	page := EncodedPullResponse{Cursor: 42, More: true, Changes: []EncodedChange{
		{Seq: 41, Entity: "client", EntityID: "id-1", Fields: RowFields(fields)},
		{Seq: 42, Entity: "ca\"se</script>", EntityID: "id\u2028-2", Deleted: true, Fields: RowFields(`{}`)},
	}}
	raw, err := Encode(page, "")
	if err != nil {
		t.Fatal(err)
	}
	var got PullResponse
	if err := decode(raw, "", &got, true); err != nil {
		t.Fatalf("decoding %s: %v", raw, err)
	}
	want := PullResponse{Cursor: 42, More: true, Changes: []Change{
		{Seq: 41, Entity: "client", EntityID: "id-1", Fields: map[string]Field{
			"name": {V: json.RawMessage(`"Łucja \"Ola\" Nowak\n"`), H: "0000000000010000-a"},
			"n":    {V: json.RawMessage(`7`), H: "0000000000010000-a"}}},
		{Seq: 42, Entity: "ca\"se</script>", EntityID: "id\u2028-2", Deleted: true, Fields: map[string]Field{}},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("decoded %+v\nwant    %+v", got, want)
	}
	// The empty page too.
	raw, _ = Encode(EncodedPullResponse{Cursor: 7}, "")
	if err := decode(raw, "", &got, true); err != nil || len(got.Changes) != 0 || got.Cursor != 7 || got.More {
		t.Fatalf("empty page %s: %+v %v", raw, got, err)
	}
	if _, err := Encode(EncodedPullResponse{Changes: []EncodedChange{{Seq: 1, Entity: "client", EntityID: "x"}}}, ""); err == nil {
		t.Fatal("a change without fields was written")
	}
}

// TestRowStampsDecodeToEveryField: a page of row stamps, where fields set
// by the row's write leave their stamp out, decodes to the fields of the
// page with every stamp, leniently and strictly; a field with no stamp in a
// row with none is refused.
func TestRowStampsDecodeToEveryField(t *testing.T) {
	full := EncodedPullResponse{Cursor: 3, Changes: []EncodedChange{{Seq: 3, Entity: "client", EntityID: entityID,
		Fields: RowFields(`{"name":{"v":"Ola","h":"` + stampA + `"},"phone":{"v":"600","h":"` + stampB + `"},"id":{"v":"c1","h":"` + stampA + `"}}`)}}}
	rowStamps := EncodedPullResponse{Cursor: 3, Changes: []EncodedChange{{Seq: 3, Entity: "client", EntityID: entityID, H: stampA,
		Fields: RowFields(`{"name":{"v":"Ola"},"phone":{"v":"600","h":"` + stampB + `"},"id":{"v":"c1"}}`)}}}
	decoded := func(p EncodedPullResponse, strict bool) PullResponse {
		t.Helper()
		raw, err := Encode(p, "")
		if err != nil {
			t.Fatal(err)
		}
		var out PullResponse
		if err := decode(raw, "", &out, strict); err != nil {
			t.Fatal(err)
		}
		if err := out.Validate(); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		return out
	}
	want := decoded(full, false)
	for _, strict := range []bool{false, true} {
		got := decoded(rowStamps, strict)
		if got.Changes[0].H != stampA {
			t.Fatalf("row stamp %q", got.Changes[0].H)
		}
		got.Changes[0].H = ""
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("strict %v: %+v\nwant %+v", strict, got, want)
		}
	}
	var p PullResponse
	if err := DecodeLenient([]byte(`{"changes":[{"s":1,"e":"client","i":"`+entityID+`","f":{"name":{"v":"Ola"}}}],"cursor":1}`), "", &p); err != nil {
		t.Fatal(err)
	}
	if err := p.Validate(); !errors.Is(err, ErrInvalid) {
		t.Fatalf("a field without a stamp in a row without one: %v", err)
	}
}
