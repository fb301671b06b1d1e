package catalog

import (
	"sort"
	"strings"

	"okienko/app/fold"
)

// Entry is what the search index needs of a card.
type Entry struct {
	ID    string // the stored card version id
	Card  Card
	Extra string // e.g. the unit's name, searched like the body
}

type indexed struct {
	id       string
	title    string // folded
	keywords string // folded
	body     string // folded
	sortKey  string
}

// Index is an immutable in-memory search index over the current card
// versions; a catalogue is small (tens to hundreds of cards), so a linear
// scan over folded strings answers in microseconds and needs no FTS.
type Index struct {
	items []indexed
}

// NewIndex builds an index.
func NewIndex(entries []Entry) *Index {
	ix := &Index{items: make([]indexed, 0, len(entries))}
	for _, e := range entries {
		c := e.Card
		var body strings.Builder
		for _, s := range []string{c.Summary, c.Category, c.Unit, c.JRWA, c.Code, e.Extra, c.WhoMayApply} {
			body.WriteString(s)
			body.WriteByte(' ')
		}
		for _, d := range c.Documents {
			body.WriteString(d.Name)
			body.WriteByte(' ')
		}
		for _, l := range c.LegalBasis {
			body.WriteString(l)
			body.WriteByte(' ')
		}
		title := fold.String(c.Title)
		ix.items = append(ix.items, indexed{
			id:       e.ID,
			title:    " " + title,
			keywords: " " + fold.String(strings.Join(c.Keywords, " ")),
			body:     " " + fold.String(body.String()),
			sortKey:  title,
		})
	}
	return ix
}

// Hit is one search result.
type Hit struct {
	ID    string
	Score int
}

// Search returns the cards matching every word of q, ignoring case and
// diacritics (ł included), best first. An empty query returns all cards in
// title order.
func (ix *Index) Search(q string) []Hit {
	toks := fold.Tokens(q)
	hits := make([]Hit, 0, len(ix.items))
	order := make(map[string]string, len(ix.items))
	for _, it := range ix.items {
		score, ok := 0, true
		for _, t := range toks {
			s := tokenScore(it, t)
			if s == 0 {
				ok = false
				break
			}
			score += s
		}
		if ok {
			hits = append(hits, Hit{ID: it.id, Score: score})
			order[it.id] = it.sortKey
		}
	}
	sort.SliceStable(hits, func(a, b int) bool {
		if hits[a].Score != hits[b].Score {
			return hits[a].Score > hits[b].Score
		}
		return order[hits[a].ID] < order[hits[b].ID]
	})
	return hits
}

// tokenScore weighs where a word occurs: a word start in the title counts
// most, anywhere in the body least; 0 means no match.
func tokenScore(it indexed, t string) int {
	switch {
	case strings.Contains(it.title, " "+t):
		return 20
	case strings.Contains(it.keywords, " "+t):
		return 12
	case strings.Contains(it.title, t):
		return 8
	case strings.Contains(it.keywords, t):
		return 6
	case strings.Contains(it.body, " "+t):
		return 3
	case strings.Contains(it.body, t):
		return 1
	}
	return 0
}
