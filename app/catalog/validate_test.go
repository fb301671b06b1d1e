package catalog

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

var testEnv = Env{Units: map[string]bool{"SO": true, "OR": true}}

func loadValid(t *testing.T) map[string]any {
	t.Helper()
	raw, err := os.ReadFile("testdata/valid.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// at walks a decoded JSON document by path tokens (numbers index arrays).
func at(doc any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			doc = doc.(map[string]any)[k]
		case int:
			doc = doc.([]any)[k]
		}
	}
	return doc
}

func card0(doc map[string]any) map[string]any { return at(doc, "cards", 0).(map[string]any) }

func TestValidFileParses(t *testing.T) {
	raw, _ := os.ReadFile("testdata/valid.json")
	f, probs := Parse(raw, testEnv)
	if len(probs) > 0 {
		t.Fatalf("valid file has problems: %v", probs)
	}
	if len(f.Cards) != 2 || f.Cards[0].Fees[0].AmountGrosze != 1700 || f.Cards[0].Deadline.N != 7 {
		t.Fatalf("decoded file wrong: %+v", f.Cards)
	}
}

// TestDefects feeds one defect at a time and checks that it is reported
// with the right key, at the right place, naming the right card.
func TestDefects(t *testing.T) {
	cases := []struct {
		name    string
		mutate  func(doc map[string]any)
		raw     string // used instead of mutate when set
		key     string
		path    string
		card    string
		context string
	}{
		{name: "not JSON", raw: "{\n  \"format\": \"okienko.katalog\",\n  \"cards\": [\n}", key: "catalog.syntax"},
		{name: "wrong format marker", mutate: func(d map[string]any) { d["format"] = "inny.format" }, key: "schema.const", path: "/format"},
		{name: "missing title", mutate: func(d map[string]any) { delete(card0(d), "title") },
			key: "schema.required", path: "/cards/0/title", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "version is text", mutate: func(d map[string]any) { card0(d)["version"] = "1" },
			key: "schema.type", path: "/cards/0/version", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "negative fee", mutate: func(d map[string]any) { at(d, "cards", 0, "fees", 0).(map[string]any)["amountGrosze"] = -100 },
			key: "schema.minimum", path: "/cards/0/fees/0/amountGrosze", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "fee in zloty with decimals", mutate: func(d map[string]any) { at(d, "cards", 0, "fees", 0).(map[string]any)["amountGrosze"] = 17.5 },
			key: "schema.type", path: "/cards/0/fees/0/amountGrosze", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "bad NRB checksum", mutate: func(d map[string]any) {
			at(d, "cards", 0, "fees", 0).(map[string]any)["account"] = "38888800012026000000000000"
		}, key: "schema.format", path: "/cards/0/fees/0/account", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "fee paid with the application names no proof", mutate: func(d map[string]any) {
			at(d, "cards", 0, "fees", 0).(map[string]any)["due"] = "withApplication"
		}, key: "catalog.feeProof", path: "/cards/0/fees/0/proof", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "fee's proof is not a document", mutate: func(d map[string]any) {
			f := at(d, "cards", 0, "fees", 0).(map[string]any)
			f["due"], f["proof"] = "withApplication", "dowod-wplaty"
		}, key: "catalog.feeProof", path: "/cards/0/fees/0/proof", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "unknown fee due", mutate: func(d map[string]any) { at(d, "cards", 0, "fees", 0).(map[string]any)["due"] = "later" },
			key: "schema.enum", path: "/cards/0/fees/0/due", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "unknown unit", mutate: func(d map[string]any) { card0(d)["unit"] = "XYZ" },
			key: "catalog.unknownUnit", path: "/cards/0/unit", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "archival category mistyped", mutate: func(d map[string]any) { card0(d)["archival"] = "B05" },
			key: "schema.pattern", path: "/cards/0/archival", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "unknown identifiers", mutate: func(d map[string]any) { card0(d)["identifiers"] = "fingerprint" },
			key: "schema.enum", path: "/cards/0/identifiers", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "two categories for one JRWA class", mutate: func(d map[string]any) {
			card0(d)["archival"] = "B5"
			c := at(d, "cards", 1).(map[string]any)
			c["jrwa"], c["archival"] = card0(d)["jrwa"], "A"
		}, key: "catalog.archivalDiffers", path: "/cards/1/archival", card: "skarga"},
		{name: "card twice", mutate: func(d map[string]any) {
			c := at(d, "cards", 1).(map[string]any)
			c["code"], c["version"] = "zaswiadczenie-o-zameldowaniu", 1
		}, key: "catalog.duplicateCard", path: "/cards/1/version", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "days without n", mutate: func(d map[string]any) { delete(card0(d)["deadline"].(map[string]any), "n") },
			key: "schema.required", path: "/cards/0/deadline/n", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "n on kpa-1m", mutate: func(d map[string]any) { at(d, "cards", 1, "deadline").(map[string]any)["n"] = 30 },
			key: "schema.not", path: "/cards/1/deadline", card: "skarga"},
		{name: "unknown deadline kind", mutate: func(d map[string]any) { card0(d)["deadline"].(map[string]any)["kind"] = "fortnight" },
			key: "schema.enum", path: "/cards/0/deadline/kind", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "unknown supplement regime", mutate: func(d map[string]any) { card0(d)["supplementRegime"] = "kpc" },
			key: "schema.enum", path: "/cards/0/supplementRegime", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "supplement term below art. 64 § 2", mutate: func(d map[string]any) { card0(d)["supplementTermDays"] = 3 },
			key: "schema.minimum", path: "/cards/0/supplementTermDays", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "supplement term in days and in working days", mutate: func(d map[string]any) {
			card0(d)["supplementTermDays"], card0(d)["supplementTermWorkingDays"] = 14, 7
		}, key: "catalog.supplementTwoTerms", path: "/cards/0/supplementTermWorkingDays", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "notification without its act", mutate: func(d map[string]any) { card0(d)["supplementRegime"] = "notification" },
			key: "catalog.supplementNoBasis", path: "/cards/0/supplementBasis", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "working-day term without its act", mutate: func(d map[string]any) { card0(d)["supplementTermWorkingDays"] = 7 },
			key: "catalog.supplementNoBasis", path: "/cards/0/supplementBasis", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "typo in property name", mutate: func(d map[string]any) { card0(d)["titel"] = "x" },
			key: "schema.additional", path: "/cards/0/titel", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "bad presentation", mutate: func(d map[string]any) { at(d, "cards", 0, "documents", 0).(map[string]any)["presentation"] = "scan" },
			key: "schema.enum", path: "/cards/0/documents/0/presentation", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "condition with two tests", mutate: func(d map[string]any) {
			at(d, "cards", 0, "documents", 2, "when").(map[string]any)["in"] = []any{true}
		}, key: "schema.oneOf", path: "/cards/0/documents/2/when", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "form schema not a schema", mutate: func(d map[string]any) {
			at(d, "cards", 0, "form", "schema", "properties", "imie").(map[string]any)["type"] = "strnig"
		}, key: "schema.enum", path: "/cards/0/form/schema/properties/imie/type", card: "zaswiadczenie-o-zameldowaniu", context: "catalog.ctx.formSchema"},
		{name: "order names missing field", mutate: func(d map[string]any) {
			ui := at(d, "cards", 0, "form", "ui").(map[string]any)
			ui["order"] = append(ui["order"].([]any), "nrDomu")
		}, key: "catalog.unknownField", path: "/cards/0/form/ui/order/6", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "field without label", mutate: func(d map[string]any) {
			delete(at(d, "cards", 0, "form", "ui", "fields").(map[string]any), "nazwisko")
		}, key: "catalog.fieldUIMissing", path: "/cards/0/form/ui/fields", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "property not in order", mutate: func(d map[string]any) {
			ui := at(d, "cards", 0, "form", "ui").(map[string]any)
			ui["order"] = ui["order"].([]any)[:5]
		}, key: "catalog.orderMissing", path: "/cards/0/form/ui/order", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "example PESEL invalid", mutate: func(d map[string]any) {
			at(d, "cards", 0, "form", "ui", "fields", "pesel").(map[string]any)["example"] = "44051401459"
		}, key: "schema.format", path: "/cards/0/form/ui/fields/pesel/example", card: "zaswiadczenie-o-zameldowaniu", context: "catalog.ctx.example"},
		{name: "example of wrong type", mutate: func(d map[string]any) {
			at(d, "cards", 0, "form", "ui", "fields", "przezPelnomocnika").(map[string]any)["example"] = "nie"
		}, key: "schema.type", path: "/cards/0/form/ui/fields/przezPelnomocnika/example", card: "zaswiadczenie-o-zameldowaniu", context: "catalog.ctx.example"},
		{name: "condition on unknown field", mutate: func(d map[string]any) {
			at(d, "cards", 0, "documents", 2, "when").(map[string]any)["field"] = "pelnomocnictwo"
		}, key: "catalog.unknownField", path: "/cards/0/documents/2/when/field", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "condition on a yes/no field with a text", mutate: func(d map[string]any) {
			at(d, "cards", 0, "documents", 2, "when").(map[string]any)["equals"] = "tak"
		}, key: "catalog.conditionValue", path: "/cards/0/documents/2/when/equals", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "condition's list with a value the field cannot have", mutate: func(d map[string]any) {
			w := at(d, "cards", 0, "documents", 2, "when").(map[string]any)
			delete(w, "equals")
			w["in"] = []any{true, 3}
		}, key: "catalog.conditionValue", path: "/cards/0/documents/2/when/in/1", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "unknown step placeholder", mutate: func(d map[string]any) {
			at(d, "cards", 0, "steps", 0).(map[string]any)["text"] = "Zapłać {kwota}."
		}, key: "catalog.unknownPlaceholder", path: "/cards/0/steps/0/text", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "translation with a step too few", mutate: func(d map[string]any) {
			card0(d)["translations"] = map[string]any{"en": map[string]any{"steps": []any{"Pay {oplaty}."}}}
		}, key: "catalog.translationSteps", path: "/cards/0/translations/en/steps", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "translation of a document the card lacks", mutate: func(d map[string]any) {
			card0(d)["translations"] = map[string]any{"uk": map[string]any{"documents": map[string]any{"paszport-psa": "Паспорт собаки"}}}
		}, key: "catalog.translationUnknownID", path: "/cards/0/translations/uk/documents/paszport-psa", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "translated note of a document the card lacks", mutate: func(d map[string]any) {
			card0(d)["translations"] = map[string]any{"en": map[string]any{"documentNotes": map[string]any{"paszport-psa": "For the dog."}}}
		}, key: "catalog.translationUnknownID", path: "/cards/0/translations/en/documentNotes/paszport-psa", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "translated cashier of a fee the card lacks", mutate: func(d map[string]any) {
			card0(d)["translations"] = map[string]any{"uk": map[string]any{"cashiers": map[string]any{"oplata-psa": "Каса"}}}
		}, key: "catalog.translationUnknownID", path: "/cards/0/translations/uk/cashiers/oplata-psa", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "translated label of a field the form lacks", mutate: func(d map[string]any) {
			card0(d)["translations"] = map[string]any{"en": map[string]any{"fields": map[string]any{"imiePsa": "Dog's name"}}}
		}, key: "catalog.translationUnknownID", path: "/cards/0/translations/en/fields/imiePsa", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "translated step with an unknown placeholder", mutate: func(d map[string]any) {
			card0(d)["translations"] = map[string]any{"en": map[string]any{"steps": []any{"Pay {amount}.", "Collect it {termin}."}}}
		}, key: "catalog.unknownPlaceholder", path: "/cards/0/translations/en/steps/0", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "translated help of a field the form lacks", mutate: func(d map[string]any) {
			card0(d)["translations"] = map[string]any{"uk": map[string]any{"fieldHelp": map[string]any{"imiePsa": "Кличка собаки"}}}
		}, key: "catalog.translationUnknownID", path: "/cards/0/translations/uk/fieldHelp/imiePsa", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "translated example of a field with a format", mutate: func(d map[string]any) {
			card0(d)["translations"] = map[string]any{"en": map[string]any{"fieldExamples": map[string]any{"pesel": "44051401458"}}}
		}, key: "catalog.translationExampleKind", path: "/cards/0/translations/en/fieldExamples/pesel", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "translated example of a yes-or-no field", mutate: func(d map[string]any) {
			card0(d)["translations"] = map[string]any{"uk": map[string]any{"fieldExamples": map[string]any{"przezPelnomocnika": "так"}}}
		}, key: "catalog.translationExampleKind", path: "/cards/0/translations/uk/fieldExamples/przezPelnomocnika", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "empty translated help", mutate: func(d map[string]any) {
			card0(d)["translations"] = map[string]any{"en": map[string]any{"fieldHelp": map[string]any{"imie": ""}}}
		}, key: "schema.empty", path: "/cards/0/translations/en/fieldHelp/imie", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "translation into a language printouts lack", mutate: func(d map[string]any) {
			card0(d)["translations"] = map[string]any{"de": map[string]any{"title": "Meldebescheinigung"}}
		}, key: "schema.additional", path: "/cards/0/translations/de", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "cashier placeholder without a cashier", mutate: func(d map[string]any) {
			for _, f := range at(d, "cards", 0, "fees").([]any) {
				delete(f.(map[string]any), "cashier")
			}
			at(d, "cards", 0, "steps", 0).(map[string]any)["text"] = "Zapłać w kasie: {kasa}."
		}, key: "catalog.placeholderNoValue", path: "/cards/0/steps/0/text", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "document id twice", mutate: func(d map[string]any) {
			at(d, "cards", 0, "documents", 1).(map[string]any)["id"] = "wniosek"
		}, key: "catalog.duplicateID", path: "/cards/0/documents/1/id", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "empty title", mutate: func(d map[string]any) { card0(d)["title"] = "" },
			key: "schema.empty", path: "/cards/0/title", card: "zaswiadczenie-o-zameldowaniu"},
		{name: "bad card code", mutate: func(d map[string]any) { card0(d)["code"] = "Zaświadczenie" },
			key: "schema.pattern", path: "/cards/0/code", card: "Zaświadczenie"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			raw := []byte(c.raw)
			if c.raw == "" {
				doc := loadValid(t)
				c.mutate(doc)
				var err error
				if raw, err = json.Marshal(doc); err != nil {
					t.Fatal(err)
				}
			}
			f, probs := Parse(raw, testEnv)
			if f != nil {
				t.Fatal("a defective file was accepted")
			}
			for _, p := range probs {
				if p.Key == c.key && p.Path == c.path && p.Card == c.card && p.Context == c.context {
					return
				}
			}
			t.Fatalf("want %s %s %s (ctx %q), got:\n%s", c.card, c.path, c.key, c.context, dump(probs))
		})
	}
}

func dump(ps []Problem) string {
	var sb strings.Builder
	for _, p := range ps {
		sb.WriteString("  " + p.String() + "\n")
	}
	return sb.String()
}

func TestSyntaxErrorHasLine(t *testing.T) {
	_, probs := Parse([]byte("{\n  \"format\": \"okienko.katalog\",\n  \"cards\": [,]\n}"), testEnv)
	if len(probs) != 1 || probs[0].Args["line"] != "3" {
		t.Fatalf("got %v", probs)
	}
}

// TestEveryProblemListed: defects in two cards are all reported, not only
// the first.
func TestEveryProblemListed(t *testing.T) {
	doc := loadValid(t)
	card0(doc)["unit"] = "XYZ"
	at(doc, "cards", 0, "steps", 0).(map[string]any)["text"] = "{nieznane}"
	delete(at(doc, "cards", 1).(map[string]any), "summary")
	raw, _ := json.Marshal(doc)
	_, probs := Parse(raw, testEnv)
	want := map[string]bool{"catalog.unknownUnit": false, "catalog.unknownPlaceholder": false, "schema.required": false}
	for _, p := range probs {
		if _, ok := want[p.Key]; ok {
			want[p.Key] = true
		}
	}
	for k, seen := range want {
		if !seen {
			t.Errorf("problem %s not reported; got:\n%s", k, dump(probs))
		}
	}
}

func TestFormSchemaValidatesAnswers(t *testing.T) {
	raw, _ := os.ReadFile("testdata/valid.json")
	f, _ := Parse(raw, testEnv)
	fs, err := CompileForm(f.Cards[0].Form.Schema)
	if err != nil {
		t.Fatal(err)
	}
	good := map[string]any{"pesel": "02070803628", "imie": "Ewa", "nazwisko": "Nowak", "kodPocztowy": "99-300", "przezPelnomocnika": false}
	if p := fs.Validate(good); len(p) != 0 {
		t.Fatalf("good answers rejected: %v", p)
	}
	bad := map[string]any{"pesel": "02070803627", "imie": "Ewa", "kodPocztowy": "99300", "przezPelnomocnika": false}
	probs := fs.Validate(bad)
	got := map[string]string{}
	for _, p := range probs {
		got[p.Path] = p.Key
	}
	if got["/pesel"] != "schema.format" || got["/kodPocztowy"] != "schema.format" || got["/nazwisko"] != "schema.required" {
		t.Fatalf("got %v", dump(probs))
	}
}

func FuzzParse(f *testing.F) {
	raw, _ := os.ReadFile("testdata/valid.json")
	f.Add(raw)
	f.Add([]byte(`{"format":"okienko.katalog","formatVersion":1,"cards":[{}]}`))
	f.Add([]byte(`[1,2`))
	f.Fuzz(func(t *testing.T, b []byte) {
		file, probs := Parse(b, testEnv)
		if file == nil && len(probs) == 0 {
			t.Fatal("rejected without a problem")
		}
		if file != nil && len(probs) > 0 {
			t.Fatal("accepted with problems")
		}
	})
}

// TestFieldHelpTranslated: a card's translated help and example of a form
// field are valid for a free-text field and read by In in that language,
// while the stored card keeps its Polish ones.
func TestFieldHelpTranslated(t *testing.T) {
	doc := loadValid(t)
	card0(doc)["translations"] = map[string]any{"en": map[string]any{
		"fieldHelp":     map[string]any{"pelnomocnik": "The attorney's full name.", "pesel": "11 digits."},
		"fieldExamples": map[string]any{"pelnomocnik": "Anna Nowak (attorney)"},
	}}
	raw, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	f, probs := Parse(raw, testEnv)
	if len(probs) > 0 {
		t.Fatalf("problems: %s", dump(probs))
	}
	en, ok := f.Cards[0].In("en")
	if !ok {
		t.Fatal("no English")
	}
	if got := en.Form.UI.Fields["pelnomocnik"]; got.Help != "The attorney's full name." || got.Example != "Anna Nowak (attorney)" {
		t.Fatalf("english field: %+v", got)
	}
	if got := en.Form.UI.Fields["pesel"]; got.Help != "11 digits." || got.Example != "44051401458" {
		t.Fatalf("english pesel: %+v", got)
	}
	if got := f.Cards[0].Form.UI.Fields["pelnomocnik"]; got.Help != "" || got.Example != "Anna Nowak" {
		t.Fatalf("stored card changed: %+v", got)
	}
}
