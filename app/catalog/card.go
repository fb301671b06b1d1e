// Package catalog is the service catalogue (katalog kart usług): the card
// model, the catalogue file format with its published JSON Schema, the
// validation that lists every problem of a file, the import plan that turns a
// file into new card versions, and the diacritic-insensitive search index.
// It does no I/O of its own.
package catalog

import (
	"encoding/json"
	"time"
)

// Format and FormatVersion identify a catalogue file.
const (
	Format        = "okienko.katalog"
	FormatVersion = 1
)

// File is the catalogue exchange file: every card of an office in one JSON
// document, validated by schema/catalogue.schema.json.
type File struct {
	Schema        string    `json:"$schema,omitempty"`
	Format        string    `json:"format"`
	FormatVersion int       `json:"formatVersion"`
	Office        string    `json:"office,omitempty"`
	ExportedAt    time.Time `json:"exportedAt,omitzero"`
	Cards         []Card    `json:"cards"`
}

// Card is one version of a service card (karta usługi). Versions are
// immutable once stored: a change to a card is a new version, and a case
// keeps the version it was registered under.
type Card struct {
	Code       string   `json:"code"`
	Version    int      `json:"version"`
	Title      string   `json:"title"`
	Summary    string   `json:"summary"`
	Category   string   `json:"category"`
	Keywords   []string `json:"keywords,omitempty"`
	LegalBasis []string `json:"legalBasis"`
	Unit       string   `json:"unit"`
	JRWA       string   `json:"jrwa"`
	// Archival is the archival category the office's JRWA gives the
	// card's class (A, B5, B10, BE5, Bc…; app/retention reads it): how
	// long a closed case's file is kept and what happens to it then.
	// Cards of one class carry the same category.
	Archival string `json:"archival,omitempty"`
	// Identifiers says what identifies the client for this matter
	// (minimisation, RODO art. 5(1)(c)); empty means IdentPESEL.
	Identifiers Identifiers `json:"identifiers,omitempty"`
	// RodoBasis is the point of RODO art. 6(1) the office processes the
	// client's data under for this matter: "c" (a legal obligation, the
	// default) or "e" (a task in the public interest, where the client
	// may object, art. 21); the receipt's notice says which.
	RodoBasis string `json:"rodoBasis,omitempty"`
	// DataObligation says whether giving the data is a statutory
	// requirement ("statutory", the default) or, without being one, a
	// condition of dealing with the matter ("condition": a complaint,
	// a request for public information), as art. 13(2)(e) RODO asks.
	DataObligation string       `json:"dataObligation,omitempty"`
	Sample         bool         `json:"sample,omitempty"`
	WhoMayApply    string       `json:"whoMayApply"`
	WhereToFile    string       `json:"whereToFile"`
	Documents      []Document   `json:"documents"`
	Fees           []Fee        `json:"fees"`
	Deadline       DeadlineRule `json:"deadline"`
	Delivery       string       `json:"delivery"`
	Appeal         Appeal       `json:"appeal"`
	Steps          []Step       `json:"steps"`
	Form           Form         `json:"form"`
	Notes          string       `json:"notes,omitempty"`
	// SupplementRegime is the law a call to supplement is made under:
	// "kpa" (art. 64 § 2 KPA, the default), "op" (art. 169 § 1
	// Ordynacji podatkowej, for tax matters) or "notification" (a
	// zgłoszenie completed by postanowienie under its own act, e.g. art.
	// 83f ust. 7 ustawy o ochronie przyrody; SupplementBasis names it).
	SupplementRegime string `json:"supplementRegime,omitempty"`
	// SupplementBasis is the provision a call is made under when it is not
	// art. 64 § 2 KPA (the CEIDG act's working-day term, a notification's
	// act), written as it follows "Na podstawie" (genitive).
	SupplementBasis string `json:"supplementBasis,omitempty"`
	// SupplementTermDays is a call's term in calendar days when longer
	// than the statutory 7; 0 means 7.
	SupplementTermDays int `json:"supplementTermDays,omitempty"`
	// SupplementTermWorkingDays is a call's term in working days where the
	// act says so (the CEIDG act: 7 working days); 0 means calendar days.
	SupplementTermWorkingDays int `json:"supplementTermWorkingDays,omitempty"`
	// Translations are the client-facing texts in the other languages
	// printouts are made in ("en", "uk"); what is left out stays Polish.
	Translations map[string]Translation `json:"translations,omitempty"`
}

// Translation is a card's client-facing text in one language. Steps, when
// given, has one text per step, in order; Documents and Fees map ids to
// names, DocumentNotes, FeeExemptions and Cashiers ids to those texts, and
// Fields form field names to their labels (conditions on paper name them).
type Translation struct {
	Title        string `json:"title,omitempty"`
	Category     string `json:"category,omitempty"`
	Summary      string `json:"summary,omitempty"`
	WhoMayApply  string `json:"whoMayApply,omitempty"`
	WhereToFile  string `json:"whereToFile,omitempty"`
	Delivery     string `json:"delivery,omitempty"`
	Appeal       string `json:"appeal,omitempty"`
	Notes        string `json:"notes,omitempty"`
	DeadlineNote string `json:"deadlineNote,omitempty"`
	// SupplementBasis is the card's SupplementBasis as the translation of
	// a call to supplement cites it.
	SupplementBasis string            `json:"supplementBasis,omitempty"`
	Steps           []string          `json:"steps,omitempty"`
	Documents       map[string]string `json:"documents,omitempty"`
	Fees            map[string]string `json:"fees,omitempty"`
	// DocumentNotes, FeeExemptions and Cashiers are the notes under the
	// documents and fees: without them a translated card would print
	// Polish sentences between English ones.
	DocumentNotes map[string]string `json:"documentNotes,omitempty"`
	FeeExemptions map[string]string `json:"feeExemptions,omitempty"`
	Cashiers      map[string]string `json:"cashiers,omitempty"`
	Fields        map[string]string `json:"fields,omitempty"`
	// FieldHelp and FieldExamples are form field names to their help
	// text and filled example in this language: the intake form shows
	// them beside the Polish ones to a client who reads this language.
	// An example is translated only for a free-text field (no format, no
	// options), where it is words rather than a value the form checks.
	FieldHelp     map[string]string `json:"fieldHelp,omitempty"`
	FieldExamples map[string]string `json:"fieldExamples,omitempty"`
	// Values are a form answer's Polish value to its text, for conditions
	// on paper ("when the kind of copy is 'short'"); the answers
	// themselves stay the card's own.
	Values map[string]string `json:"values,omitempty"`
}

// In is the card as a client reading lang sees it: each text the card
// translates replaced, the rest as written (Polish). The second result
// says whether the card has a translation into lang at all.
func (c Card) In(lang string) (Card, bool) {
	tr, ok := c.Translations[lang]
	if !ok {
		return c, false
	}
	set := func(dst *string, src string) {
		if src != "" {
			*dst = src
		}
	}
	set(&c.Title, tr.Title)
	set(&c.Category, tr.Category)
	set(&c.Summary, tr.Summary)
	set(&c.WhoMayApply, tr.WhoMayApply)
	set(&c.WhereToFile, tr.WhereToFile)
	set(&c.Delivery, tr.Delivery)
	set(&c.Appeal.Text, tr.Appeal)
	set(&c.Notes, tr.Notes)
	set(&c.Deadline.Note, tr.DeadlineNote)
	set(&c.SupplementBasis, tr.SupplementBasis)
	if len(tr.Steps) == len(c.Steps) {
		steps := make([]Step, len(c.Steps))
		for i, s := range c.Steps {
			s.Text = tr.Steps[i]
			steps[i] = s
		}
		c.Steps = steps
	}
	docs := make([]Document, len(c.Documents))
	for i, d := range c.Documents {
		set(&d.Name, tr.Documents[d.ID])
		set(&d.Note, tr.DocumentNotes[d.ID])
		docs[i] = d
	}
	c.Documents = docs
	fees := make([]Fee, len(c.Fees))
	for i, f := range c.Fees {
		set(&f.Name, tr.Fees[f.ID])
		set(&f.Exemptions, tr.FeeExemptions[f.ID])
		set(&f.Cashier, tr.Cashiers[f.ID])
		fees[i] = f
	}
	c.Fees = fees
	if len(tr.Fields) > 0 || len(tr.FieldHelp) > 0 || len(tr.FieldExamples) > 0 {
		// A new map: the stored card's labels stay Polish.
		fields := make(map[string]FieldUI, len(c.Form.UI.Fields))
		for name, f := range c.Form.UI.Fields {
			set(&f.Label, tr.Fields[name])
			set(&f.Help, tr.FieldHelp[name])
			if ex := tr.FieldExamples[name]; ex != "" {
				f.Example = ex
			}
			fields[name] = f
		}
		c.Form.UI.Fields = fields
	}
	return c, true
}

// Identifiers is what a card asks of its client to identify them.
type Identifiers string

// What a card asks: a person's PESEL (a foreigner without one, an
// identity document; a business, its NIP), which is the default; an
// identity document's type and number instead of a PESEL; or a name and
// an address only, which is all a complaint, a motion or a request for
// public information may ask (art. 63 § 2 KPA, art. 10 u.d.i.p.).
const (
	IdentPESEL       Identifiers = "pesel"
	IdentDocument    Identifiers = "document"
	IdentNameAddress Identifiers = "nameAddress"
)

// Needs is what the card asks of its client: its Identifiers, or a PESEL
// where it says nothing.
func (c Card) Needs() Identifiers {
	if c.Identifiers == "" {
		return IdentPESEL
	}
	return c.Identifiers
}

// Presentation says how a document must be submitted.
type Presentation string

// Presentations of a document.
const (
	Original Presentation = "original" // oryginał, stays with the case
	Copy     Presentation = "copy"     // kopia (the clerk may certify it)
	Show     Presentation = "show"     // okazanie only, given back at once
)

// Check names the identifier check applied to a document.
type Check string

// Identifier checks a document may require.
const (
	CheckNone     Check = ""
	CheckPESEL    Check = "pesel"
	CheckNIP      Check = "nip"
	CheckREGON    Check = "regon"
	CheckIDCard   Check = "id-card"
	CheckPassport Check = "passport"
	CheckNRB      Check = "nrb"
)

// Document is one item of the card's checklist.
type Document struct {
	ID           string       `json:"id"`
	Name         string       `json:"name"`
	Presentation Presentation `json:"presentation"`
	Required     bool         `json:"required"`
	When         *Condition   `json:"when,omitempty"`
	Check        Check        `json:"check,omitempty"`
	MustBeValid  bool         `json:"mustBeValid,omitempty"`
	Note         string       `json:"note,omitempty"`
}

// Condition makes a document, fee, step or form field depend on a form
// answer. Exactly one of Equals, In or Filled is set.
type Condition struct {
	Field  string `json:"field"`
	Equals any    `json:"equals,omitempty"`
	In     []any  `json:"in,omitempty"`
	Filled *bool  `json:"filled,omitempty"`
}

// Fee is one payment the client makes, in grosze to avoid float money.
type Fee struct {
	ID           string     `json:"id"`
	Name         string     `json:"name"`
	AmountGrosze int64      `json:"amountGrosze"`
	LegalBasis   string     `json:"legalBasis"`
	Account      string     `json:"account,omitempty"` // NRB; empty means the office's fee account
	Cashier      string     `json:"cashier,omitempty"`
	When         *Condition `json:"when,omitempty"`
	Exemptions   string     `json:"exemptions,omitempty"`
	Due          FeeDue     `json:"due,omitempty"`
	// Proof is the id of the card's document that proves a fee due
	// withApplication was paid (dowód zapłaty opłaty skarbowej).
	Proof string `json:"proof,omitempty"`
	// Proportional marks a yearly amount of which only the part for the
	// validity in the year of issue is due then (the alcohol licence fee):
	// the office gives that amount at collection, a receipt never asks
	// for the full year.
	Proportional bool `json:"proportional,omitempty"`
}

// FeeDue is when a fee is paid.
type FeeDue string

// When fees are paid: on filing (the stamp duty on a power of attorney,
// paid at the cashier's or by transfer when the case is filed), before
// filing with its proof among the application's documents (the stamp duty
// on a certificate: the receipt asks for payment only while that proof is
// missing), or before the outcome is handed over (the yearly fee for an
// alcohol licence, paid before the licence is issued).
const (
	FeeAtFiling        FeeDue = "atFiling"
	FeeWithApplication FeeDue = "withApplication"
	FeeBeforeIssue     FeeDue = "beforeIssue"
)

// Supplement regimes a card may name.
const (
	SupplementKPA = "kpa" // art. 64 § 2 KPA
	SupplementOP  = "op"  // art. 169 § 1 Ordynacji podatkowej
	// SupplementNotification: a zgłoszenie completed by postanowienie; if
	// not completed the office lodges a sprzeciw (art. 83f u.o.p.).
	SupplementNotification = "notification"
)

// DeadlineKind is the shape of the deadline for settling the matter.
type DeadlineKind string

// Deadline kinds (KPA art. 35, art. 217, or a special statute).
const (
	DeadlineImmediate DeadlineKind = "immediate" // niezwłocznie / od ręki
	DeadlineDays      DeadlineKind = "days"
	DeadlineWeeks     DeadlineKind = "weeks"
	DeadlineMonths    DeadlineKind = "months"
	DeadlineKPA1M     DeadlineKind = "kpa-1m" // art. 35 §3: sprawa wymagająca postępowania wyjaśniającego
	DeadlineKPA2M     DeadlineKind = "kpa-2m" // art. 35 §3: sprawa szczególnie skomplikowana
)

// DeadlineRule is the card's rule for the date by which the office settles
// the matter; the deadline engine turns it into a date.
type DeadlineRule struct {
	Kind  DeadlineKind `json:"kind"`
	N     int          `json:"n,omitempty"`
	Basis string       `json:"basis"`
	Note  string       `json:"note,omitempty"`
	// Subject is what the date is for when it is not the settling itself:
	// a notice to remove a tree sets the day of the inspection (art. 83f
	// ust. 6 ustawy o ochronie przyrody), and a receipt that called it
	// "the office will settle the case" would mislead.
	Subject DeadlineSubject `json:"subject,omitempty"`
}

// DeadlineSubject is what the card's deadline is the date of.
type DeadlineSubject string

// Deadline subjects: the settling of the matter (the default) or the
// inspection on site that must come first.
const (
	DeadlineSettlement DeadlineSubject = ""
	DeadlineInspection DeadlineSubject = "inspection"
)

// Appeal says whether and how the client may appeal the result.
type Appeal struct {
	Available bool   `json:"available"`
	Text      string `json:"text"`
}

// Step is one line of the client's numbered list of next steps. Text may
// hold placeholders from StepPlaceholders, filled by i18n.Fill from the
// card and office (on the card) or the case (on the receipt).
type Step struct {
	Text string     `json:"text"`
	When *Condition `json:"when,omitempty"`
	// AfterFiling marks a step that still concerns the client once the
	// case is filed and that the receipt's own numbered list does not say
	// (collecting the document, a yearly duty): the receipt prints these
	// only, so it never tells a client to file what they just filed.
	AfterFiling bool `json:"afterFiling,omitempty"`
}

// StepPlaceholders are the names a step template may use, in braces.
var StepPlaceholders = []string{
	"oplaty",              // the fees due, with amounts
	"rachunek",            // the payment account, grouped in fours
	"kasa",                // the cashier
	"termin",              // when the office settles the matter, a phrase: "do 10.12.2026 r." (a case), "w ciągu 7 dni" (the card)
	"jednostka",           // the responsible unit's name
	"pokoj",               // the unit's room
	"telefon",             // the unit's phone
	"znak",                // the case sign
	"braki",               // the documents still missing (on the card: those named in the call)
	"termin_uzupelnienia", // the date by which they must be brought (on the card: the call's term)
}

// Form is the card's form: a JSON Schema 2020-12 for the answers, plus the
// UI hints a schema cannot carry.
type Form struct {
	Schema json.RawMessage `json:"schema"`
	UI     FormUI          `json:"ui"`
}

// FormUI orders the fields and gives each its Polish label, help text and a
// filled example ("korzystaj z wypełnionych wzorów").
type FormUI struct {
	Order  []string           `json:"order"`
	Fields map[string]FieldUI `json:"fields"`
	// NoSignature marks a request the law lets be made without a
	// signature (art. 10 ustawy o dostępie do informacji publicznej): its
	// printout asks for none.
	NoSignature bool `json:"noSignature,omitempty"`
}

// FieldUI describes one form field to the clerk and the client.
type FieldUI struct {
	Label   string     `json:"label"`
	Help    string     `json:"help,omitempty"`
	Example any        `json:"example"`
	Widget  string     `json:"widget,omitempty"`
	Section string     `json:"section,omitempty"`
	When    *Condition `json:"when,omitempty"`
}

// Widgets the form renderer knows; empty means derived from the schema.
var Widgets = []string{"text", "textarea", "date", "select", "radio", "checkbox", "number", "email", "phone"}

// Version is a card version as stored: its id (a case points at it), the
// unit it resolved to, and when this device stored it.
type Version struct {
	ID       string
	UnitID   string
	Card     Card
	StoredAt time.Time
}
