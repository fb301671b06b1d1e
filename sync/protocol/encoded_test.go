package protocol

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestEncodedPullResponseDecodesAsPullResponse: the registry's hand-written
// page decodes, strictly, into the PullResponse a device expects, with odd
// strings escaped and deleted rows marked.
func TestEncodedPullResponseDecodesAsPullResponse(t *testing.T) {
	fields := `{"name":{"v":"Łucja \"Ola\" Nowak\n","h":"0000000000010000-a"},"n":{"v":7,"h":"0000000000010000-a"}}`
	page := EncodedPullResponse{Cursor: 42, More: true, Changes: []EncodedChange{
		{Seq: 41, Entity: "client", EntityID: "id-1", Fields: json.RawMessage(fields)},
		{Seq: 42, Entity: "ca\"se</script>", EntityID: "id\u2028-2", Deleted: true, Fields: json.RawMessage(`{}`)},
	}}
	raw, err := page.AppendJSON(nil)
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
	raw, _ = EncodedPullResponse{Cursor: 7}.AppendJSON(nil)
	if err := decode(raw, "", &got, true); err != nil || len(got.Changes) != 0 || got.Cursor != 7 || got.More {
		t.Fatalf("empty page %s: %+v %v", raw, got, err)
	}
	if _, err := (EncodedPullResponse{Changes: []EncodedChange{{Seq: 1, Entity: "client", EntityID: "x"}}}).AppendJSON(nil); err == nil {
		t.Fatal("a change without fields was written")
	}
}
