package app

import (
	"context"
	"strings"
	"testing"

	"okienko/app/cases"
)

// TestFormSignatureLine: a request the law lets be made unsigned (public
// information) prints no signature line; any other form keeps its
// declaration and signature.
func TestFormSignatureLine(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	o, err := e.store.Office(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		title string
		want  bool
	}{{"informacja publiczna", false}, {"zaswiadczenie o zameldowaniu", true}} {
		res := e.core.search(tc.title)
		if len(res) == 0 {
			t.Fatalf("no card %q", tc.title)
		}
		v, err := e.store.Card(ctx, res[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		sh := e.core.tr("pl").formSheet(o, v, cases.Client{Kind: cases.Person, FirstName: "Łucja", LastName: "Żółkiewska"}, map[string]any{}, "")
		signed := false
		for _, b := range sh.Blocks {
			signed = signed || b.Signature != ""
		}
		if signed != tc.want {
			t.Errorf("%s: signature line %v, want %v", tc.title, signed, tc.want)
		}
	}
}

// TestStepConditionIsASentence: a step that applies only sometimes says so
// in a sentence of its own after the step, never "…15:00). (gdy …)".
func TestStepConditionIsASentence(t *testing.T) {
	e := newEnv(t)
	e.signIn(t, "jnowak")
	res := e.core.search("zameldowanie")
	if len(res) == 0 {
		t.Fatal("no card")
	}
	d, err := NewCatalogService(e.core).Card(res[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range d.Steps {
		if strings.Contains(s, ". (") || strings.Contains(s, "(gdy ") {
			t.Errorf("condition glued on: %q", s)
		}
		found = found || strings.HasSuffix(s, " Dotyczy sytuacji, gdy zaznaczono „Sprawę załatwia pełnomocnik”.")
	}
	if !found {
		t.Errorf("no step says when it applies: %q", d.Steps)
	}
}

// TestFormNumbersAsWritten: the Polish form writes decimals with a comma
// and an account number in groups of four, as the client reads them.
func TestFormNumbersAsWritten(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	o, err := e.store.Office(ctx)
	if err != nil {
		t.Fatal(err)
	}
	res := e.core.search("dodatek mieszkaniowy")
	if len(res) == 0 {
		t.Fatal("no card")
	}
	v, err := e.store.Card(ctx, res[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	answers := map[string]any{"powierzchniaUzytkowa": 48.6, "lacznyDochod": 9150.75, "wydatkiNaMieszkanie": 1120.4, "rachunekBankowy": "37888800012026000000000000"}
	sh := e.core.tr("pl").formSheet(o, v, cases.Client{Kind: cases.Person, FirstName: "Łucja", LastName: "Żółkiewska"}, answers, "")
	got := map[string]bool{}
	for _, b := range sh.Blocks {
		for _, kv := range b.Pairs {
			got[kv[1]] = true
		}
	}
	// An amount in złoty keeps its grosze; an area is as typed.
	for _, want := range []string{"48,6", "9150,75", "1120,40", "37 8888 0001 2026 0000 0000 0000"} {
		if !got[want] {
			t.Errorf("form lacks %q: %v", want, got)
		}
	}
}
