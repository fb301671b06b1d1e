// Package retention is the archival side of a closed case: the archival
// category its JRWA class carries (kategoria archiwalna: A, Bn, BEn, Bc)
// and when its period ends, counted as the JRWA and the instrukcja
// archiwalna count it (brief, "Domain rules": the period counts from
// 1 January of the year after the case was closed). Pure, table-tested.
package retention

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Kind is what happens to a case's file when its period ends.
type Kind string

// Kinds of archival category.
const (
	// Archival (A): materiały archiwalne, kept for ever; a gmina hands
	// them to the state archive once TransferYears have passed.
	Archival Kind = "A"
	// Destroy (Bn): dokumentacja niearchiwalna, kept n years, then
	// destroyed (brakowanie) with the state archive's consent.
	Destroy Kind = "B"
	// Expertise (BEn): kept n years, then the state archive's expertise
	// decides whether it becomes archival or is destroyed.
	Expertise Kind = "BE"
	// ShortLived (Bc): of short practical use; destroyed, with the
	// archive's consent, once used (here: from the year after closing).
	ShortLived Kind = "Bc"
)

// MaxYears bounds n in Bn and BEn: the JRWA's longest is B50; anything
// past a century is a typo.
const MaxYears = 100

// TransferYears is how long a gmina keeps category A files in its own
// archive (archiwum zakładowe) before handing them to the state archive:
// 25 years, counted like every other period.
const TransferYears = 25

// Category is a parsed archival category.
type Category struct {
	Kind  Kind
	Years int // n of Bn and BEn; TransferYears for A; 0 for Bc
}

// ErrCategory is the error of every category that does not parse.
var ErrCategory = errors.New("retention: not an archival category")

// Parse reads a category exactly as the JRWA writes it: "A", "Bc",
// "B5", "B10", "BE5", "BE50" (n from 1 to MaxYears, no leading zero).
// Nothing is guessed: "b5", "B 5" and "B05" are refused, so what a card
// holds is what the office's JRWA says.
func Parse(s string) (Category, error) {
	switch {
	case s == "A":
		return Category{Kind: Archival, Years: TransferYears}, nil
	case s == "Bc":
		return Category{Kind: ShortLived}, nil
	case strings.HasPrefix(s, "BE"):
		n, err := years(s[2:])
		if err != nil {
			return Category{}, fmt.Errorf("%w: %q", ErrCategory, s)
		}
		return Category{Kind: Expertise, Years: n}, nil
	case strings.HasPrefix(s, "B"):
		n, err := years(s[1:])
		if err != nil {
			return Category{}, fmt.Errorf("%w: %q", ErrCategory, s)
		}
		return Category{Kind: Destroy, Years: n}, nil
	}
	return Category{}, fmt.Errorf("%w: %q", ErrCategory, s)
}

func years(s string) (int, error) {
	if s == "" || len(s) > 3 || s[0] == '0' {
		return 0, ErrCategory
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, ErrCategory
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxYears {
		return 0, ErrCategory
	}
	return n, nil
}

// String writes the category as Parse reads it.
func (c Category) String() string {
	switch c.Kind {
	case Archival:
		return "A"
	case ShortLived:
		return "Bc"
	}
	return string(c.Kind) + strconv.Itoa(c.Years)
}

// Ends is the first day after the case's period: 1 January of the year
// after closing, plus the category's years. A case closed on any day of
// 2026 under B5 ends on 1 January 2032 (2027 + 5): from that day it may be
// destroyed. For A it is the day the file is due at the state archive;
// for Bc, 1 January of the year after closing. closed is the office's day
// the case was closed; only its year counts.
func (c Category) Ends(closed time.Time) time.Time {
	return time.Date(closed.Year()+1+c.Years, time.January, 1, 0, 0, 0, 0, time.UTC)
}

// Due reports whether the period of a case closed on closed has ended on
// the office's day asOf.
func (c Category) Due(closed, asOf time.Time) bool {
	end := c.Ends(closed)
	y, m, d := asOf.Date()
	return !time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Before(end)
}

// Action is what the office does with a case's file once its period has
// ended: hand it to the state archive (A), ask the archive's consent to
// destroy it (B, Bc), or ask for the archive's expertise (BE).
type Action string

// Actions on a file whose period has ended.
const (
	ActTransfer  Action = "transfer"
	ActDestroy   Action = "destroy"
	ActExpertise Action = "expertise"
)

// Action is what the category's end calls for.
func (c Category) Action() Action {
	switch c.Kind {
	case Archival:
		return ActTransfer
	case Expertise:
		return ActExpertise
	}
	return ActDestroy
}
