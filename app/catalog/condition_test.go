package catalog

import (
	"encoding/json"
	"testing"
)

func TestConditionHolds(t *testing.T) {
	yes, no := true, false
	answers := map[string]any{"pelnomocnik": true, "rodzaj": "zupełny", "liczba": float64(3), "puste": "  ", "lista": []any{}}
	cases := []struct {
		c    *Condition
		want bool
	}{
		{nil, true},
		{&Condition{Field: "pelnomocnik", Equals: true}, true},
		{&Condition{Field: "pelnomocnik", Equals: false}, false},
		{&Condition{Field: "brak", Equals: false}, false}, // unanswered is not "false"
		{&Condition{Field: "rodzaj", Equals: "zupełny"}, true},
		{&Condition{Field: "rodzaj", In: []any{"skrócony", "zupełny"}}, true},
		{&Condition{Field: "rodzaj", In: []any{"skrócony"}}, false},
		{&Condition{Field: "liczba", Equals: 3}, true},
		{&Condition{Field: "liczba", Equals: json.Number("3")}, true},
		{&Condition{Field: "liczba", In: []any{1, 2}}, false},
		{&Condition{Field: "rodzaj", Filled: &yes}, true},
		{&Condition{Field: "puste", Filled: &yes}, false},
		{&Condition{Field: "puste", Filled: &no}, true},
		{&Condition{Field: "lista", Filled: &no}, true},
		{&Condition{Field: "brak", Filled: &no}, true},
	}
	for i, c := range cases {
		if got := c.c.Holds(answers); got != c.want {
			t.Errorf("case %d %+v: %v, want %v", i, c.c, got, c.want)
		}
	}
}
