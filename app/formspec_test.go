package app

import (
	"encoding/json"
	"testing"

	"okienko/app/catalog"
)

// TestFormSpecTranslatedHelp: the intake form carries each field's label,
// help and example in the languages the card translates them into, and a
// field the card does not translate carries none.
func TestFormSpecTranslatedHelp(t *testing.T) {
	v := catalog.Version{ID: "k1", Card: catalog.Card{
		Form: catalog.Form{
			Schema: json.RawMessage(`{"type":"object","properties":{"cel":{"type":"string"},"data":{"type":"string","format":"date"}}}`),
			UI: catalog.FormUI{Order: []string{"cel", "data"}, Fields: map[string]catalog.FieldUI{
				"cel":  {Label: "Cel", Help: "Po co zaświadczenie.", Example: "do banku"},
				"data": {Label: "Data", Example: "2026-01-02"},
			}},
		},
		Translations: map[string]catalog.Translation{
			"uk": {Fields: map[string]string{"cel": "Мета"}, FieldHelp: map[string]string{"cel": "Для чого довідка."}, FieldExamples: map[string]string{"cel": "для банку"}},
			"en": {FieldHelp: map[string]string{"cel": "What the certificate is for."}},
		},
	}}
	spec := formSpec(v)
	cel, data := spec.Fields[0], spec.Fields[1]
	if got := cel.Tr["uk"]; got != (FieldText{Label: "Мета", Help: "Для чого довідка.", Example: "для банку"}) {
		t.Fatalf("uk: %+v", got)
	}
	if got := cel.Tr["en"]; got != (FieldText{Help: "What the certificate is for."}) {
		t.Fatalf("en: %+v", got)
	}
	if cel.Help != "Po co zaświadczenie." || cel.Example != "do banku" {
		t.Fatalf("the Polish texts changed: %+v", cel)
	}
	if len(data.Tr) != 0 {
		t.Fatalf("untranslated field has texts: %+v", data.Tr)
	}
}
