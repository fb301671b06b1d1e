package catalog

import (
	"fmt"
	"testing"
)

func testIndex(t *testing.T) *Index {
	f := validFile(t)
	return NewIndex([]Entry{
		{ID: "zas", Card: f.Cards[0], Extra: "Referat Spraw Obywatelskich"},
		{ID: "skarga", Card: f.Cards[1], Extra: "Referat Organizacyjny"},
	})
}

func ids(hits []Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.ID
	}
	return out
}

func TestSearch(t *testing.T) {
	ix := testIndex(t)
	cases := []struct {
		q    string
		want []string
	}{
		{"zaswiadczenie", []string{"zas"}},
		{"ZAŚWIADCZENIE", []string{"zas"}},
		{"zaświadczenie o zameldowaniu", []string{"zas"}},
		{"meldunek", []string{"zas"}}, // keyword
		{"lodz", []string{"skarga"}},  // "w Łodzi" in the summary: ł folds to l
		{"skarga", []string{"skarga"}},
		{"obywatelskich", []string{"zas"}},   // the unit's name
		{"dowod osobisty", []string{"zas"}},  // a document
		{"zaswiadczenie skarga", []string{}}, // every word must match
		{"", []string{"skarga", "zas"}},      // all, by title
		{"pelnomocnictwo", []string{"zas"}},
	}
	for _, c := range cases {
		got := ids(ix.Search(c.q))
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("Search(%q) = %v, want %v", c.q, got, c.want)
		}
	}
}

func TestSearchRanksTitleFirst(t *testing.T) {
	f := validFile(t)
	a, b := f.Cards[0], f.Cards[1]
	b.Summary = "Wniosek w sprawie zameldowania."
	ix := NewIndex([]Entry{{ID: "body", Card: b}, {ID: "title", Card: a}})
	if got := ids(ix.Search("zameld")); fmt.Sprint(got) != "[title body]" {
		t.Fatalf("ranking: %v", got)
	}
}
