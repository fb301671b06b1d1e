package cases

import (
	"time"

	"okienko/app/catalog"
	"okienko/app/daytext"
	"okienko/app/ident"
)

// Mark is how a document was submitted, as the clerk records it.
type Mark string

// Marks for a checklist item.
const (
	Unmarked  Mark = ""
	Presented Mark = "presented" // okazany (shown and given back)
	Original  Mark = "original"  // oryginał dołączony
	Copy      Mark = "copy"      // kopia dołączona
	Missing   Mark = "missing"   // brak
	NA        Mark = "na"        // nie dotyczy
)

// Item is one document of a case's checklist.
type Item struct {
	DocID        string               `json:"docId"`
	Name         string               `json:"name"`
	Presentation catalog.Presentation `json:"presentation"`
	Required     bool                 `json:"required"`
	Applies      bool                 `json:"applies"` // the card's condition holds for the answers
	Check        catalog.Check        `json:"check,omitempty"`
	MustBeValid  bool                 `json:"mustBeValid,omitempty"`
	Mark         Mark                 `json:"mark"`
	Number       string               `json:"number,omitempty"`     // the document's number, checked by Check
	ValidUntil   string               `json:"validUntil,omitempty"` // YYYY-MM-DD once read; as typed while it cannot be
}

// WithMarks takes what the clerk recorded of a document (its mark, number
// and expiry date) from m, as it is stored. An expiry date typed in a form
// the clerk uses ("31.12.2026 r.") is kept as YYYY-MM-DD; one that cannot
// be read is kept as typed, and Evaluate refuses it. it.WithMarks(it) is
// the item as stored.
func (it Item) WithMarks(m Item) Item {
	it.Mark, it.Number, it.ValidUntil = m.Mark, m.Number, m.ValidUntil
	if iso, err := daytext.Normalize(m.ValidUntil); err == nil {
		it.ValidUntil = iso
	}
	return it
}

// BuildChecklist lists the card's documents for the answers given, keeping
// what the clerk already marked on items that still exist.
func BuildChecklist(card catalog.Card, answers map[string]any, prev []Item) []Item {
	old := map[string]Item{}
	for _, it := range prev {
		old[it.DocID] = it
	}
	out := make([]Item, 0, len(card.Documents))
	for _, d := range card.Documents {
		it := Item{DocID: d.ID, Name: d.Name, Presentation: d.Presentation, Required: d.Required,
			Applies: d.When.Holds(answers), Check: d.Check, MustBeValid: d.MustBeValid}
		if o, ok := old[d.ID]; ok {
			it.Mark, it.Number, it.ValidUntil = o.Mark, o.Number, o.ValidUntil // as typed: the clerk is still typing
		}
		out = append(out, it)
	}
	return out
}

// ItemProblem is a problem with one checklist item.
type ItemProblem struct {
	DocID string            `json:"docId"`
	Key   string            `json:"key"`
	Args  map[string]string `json:"args,omitempty"`
}

// Result is the outcome of the document check.
type Result struct {
	Complete bool          `json:"complete"`
	Missing  []Item        `json:"missing"`  // required documents not (properly) submitted
	Problems []ItemProblem `json:"problems"` // data to correct before registering
}

// satisfies reports whether a mark meets the presentation the card asks
// for: an original always does, a copy does where a copy or a showing is
// enough, and a showing only where a showing is enough.
func satisfies(m Mark, p catalog.Presentation) bool {
	switch m {
	case Original, NA:
		return true
	case Copy:
		return p == catalog.Copy || p == catalog.Show
	case Presented:
		return p == catalog.Show
	}
	return false
}

// Evaluate checks the checklist as of the submission day. Unmarked required
// items are missing; documents that must be valid need their expiry date,
// and one that expired before the submission day counts as missing. An
// expiry date that cannot be read is a problem to correct, and until it is
// the document counts as missing too: a date nobody can read proves
// nothing, so it never passes as unexpired.
func Evaluate(items []Item, submitted time.Time) Result {
	res := Result{Missing: []Item{}, Problems: []ItemProblem{}}
	y, m, d := submitted.Date() // the day in the zone it was taken in
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	for _, it := range items {
		if !it.Applies {
			continue
		}
		present := it.Mark != Unmarked && it.Mark != Missing && it.Mark != NA
		if present && it.Number != "" {
			var err error
			switch it.Check {
			case catalog.CheckIDCard:
				err = ident.IDCard(it.Number)
			case catalog.CheckPassport:
				err = ident.Passport(it.Number)
			case catalog.CheckPESEL:
				_, err = ident.PESEL(it.Number)
			case catalog.CheckNIP:
				err = ident.NIP(it.Number)
			case catalog.CheckREGON:
				err = ident.REGON(it.Number)
			case catalog.CheckNRB:
				err = ident.NRB(it.Number)
			}
			if err != nil {
				// A whole sentence naming the field and, for a wrong length,
				// the count expected and typed (never "{detail}" left over).
				fe := IdentProblem("number", "@intake.docNumber", it.Number, err)
				res.Problems = append(res.Problems, ItemProblem{DocID: it.DocID, Key: fe.Key, Args: fe.Args})
			}
		}
		if present && it.MustBeValid && it.ValidUntil == "" {
			res.Problems = append(res.Problems, ItemProblem{DocID: it.DocID, Key: "checklist.validUntilMissing"})
		} else if present && it.MustBeValid {
			until, err := daytext.Parse(it.ValidUntil)
			switch {
			case err != nil:
				res.Problems = append(res.Problems, ItemProblem{DocID: it.DocID, Key: string(daytext.ReasonOf(err)),
					Args: map[string]string{"field": "@intake.validUntil"}})
				res.Missing = append(res.Missing, it)
				continue
			case until.Before(day):
				res.Problems = append(res.Problems, ItemProblem{DocID: it.DocID, Key: "checklist.expired",
					Args: map[string]string{"date": daytext.ISO(until)}})
				res.Missing = append(res.Missing, it)
				continue
			}
		}
		if !it.Required {
			continue
		}
		if it.Mark == Unmarked {
			res.Problems = append(res.Problems, ItemProblem{DocID: it.DocID, Key: "checklist.unmarked"})
			continue
		}
		if !satisfies(it.Mark, it.Presentation) {
			if present {
				res.Problems = append(res.Problems, ItemProblem{DocID: it.DocID, Key: "checklist.wrongForm",
					Args: map[string]string{"form": "@presentation." + string(it.Presentation)}})
			}
			res.Missing = append(res.Missing, it)
		}
	}
	res.Complete = len(res.Missing) == 0 && len(res.Blocking()) == 0
	return res
}

// Blocking reports problems that stop registration: unmarked items and bad
// data. An expired or wrong-form document does not block: it is missing,
// and the call to supplement asks for it.
func (r Result) Blocking() []ItemProblem {
	var out []ItemProblem
	for _, p := range r.Problems {
		switch p.Key {
		case "checklist.expired", "checklist.wrongForm":
		default:
			out = append(out, p)
		}
	}
	return out
}
