package catalog

import (
	"os"
	"testing"
)

func validFile(t *testing.T) *File {
	t.Helper()
	raw, err := os.ReadFile("testdata/valid.json")
	if err != nil {
		t.Fatal(err)
	}
	f, probs := Parse(raw, testEnv)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	return f
}

func TestPlanImport(t *testing.T) {
	f := validFile(t)
	zas, skarga := f.Cards[0], f.Cards[1]

	p := PlanImport(f, nil)
	if len(p.New) != 2 || len(p.Problems) != 0 {
		t.Fatalf("empty store: %+v", p)
	}

	stored := map[string][]Stored{zas.Code: {{Version: 1, Hash: Hash(zas)}}, skarga.Code: {{Version: 2, Hash: Hash(skarga)}}}
	if p := PlanImport(f, stored); len(p.New) != 0 || len(p.Unchanged) != 2 {
		t.Fatalf("re-import: %+v", p)
	}

	changed := *f
	changed.Cards = append([]Card{}, f.Cards...)
	changed.Cards[0].Title = "Zaświadczenie o zameldowaniu (nowe)"
	p = PlanImport(&changed, stored)
	if len(p.Problems) != 1 || p.Problems[0].Key != "catalog.versionChanged" || p.Problems[0].Args["next"] != "2" {
		t.Fatalf("changed without new version: %+v", p.Problems)
	}
	changed.Cards[0].Version = 2
	if p := PlanImport(&changed, stored); len(p.New) != 1 || p.New[0].Version != 2 {
		t.Fatalf("changed with new version: %+v", p)
	}

	old := map[string][]Stored{skarga.Code: {{Version: 5, Hash: "x"}}}
	p = PlanImport(f, old)
	if len(p.Problems) != 1 || p.Problems[0].Key != "catalog.versionOld" || p.Problems[0].Card != "skarga" {
		t.Fatalf("older version: %+v", p.Problems)
	}
}

func TestHashIgnoresFormatting(t *testing.T) {
	f := validFile(t)
	a := f.Cards[0]
	b := a
	b.Form.Schema = []byte(`{ "type":"object",
	  "properties": {"imie": {"type":"string","minLength":1,"maxLength":60}, "pesel": {"format":"pesel","type":"string"}} }`)
	a.Form.Schema = []byte(`{"properties":{"pesel":{"type":"string","format":"pesel"},"imie":{"maxLength":60,"minLength":1,"type":"string"}},"type":"object"}`)
	if Hash(a) != Hash(b) {
		t.Fatal("key order or whitespace changed the hash")
	}
	b.Title += "!"
	if Hash(a) == Hash(b) {
		t.Fatal("a content change kept the hash")
	}
}
