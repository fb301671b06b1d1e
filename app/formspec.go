package app

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"sync"

	"okienko/app/cases"
	"okienko/app/catalog"
	"okienko/app/charset"
	"okienko/app/daytext"
	"okienko/app/i18n"
	"okienko/app/ident"
)

// FormField is one field of a card's form, as the renderer needs it.
type FormField struct {
	Name      string             `json:"name"`
	Label     string             `json:"label"`
	Help      string             `json:"help"`
	Example   any                `json:"example"`
	Widget    string             `json:"widget"` // text, textarea, date, select, radio, checkbox, number, email, phone
	Type      string             `json:"type"`   // JSON Schema type
	Format    string             `json:"format"`
	Enum      []string           `json:"enum"`
	Required  bool               `json:"required"`
	MaxLength int                `json:"maxLength"`
	Section   string             `json:"section"`
	When      *catalog.Condition `json:"when"`
	// FromClient marks a field that repeats the client's data (the
	// applicant's name, PESEL, address), so the form never disagrees with
	// step 1: the client's field it is (its JSON name, edited as one with
	// it), or "*" for one made of several (a name, an address), which
	// changes only with the client's data.
	FromClient string `json:"fromClient"`
	// Tr is the field's label, help and example in each language the
	// card translates them into: the form shows them to a client (or a
	// clerk) who reads that language, beside the Polish ones the form is
	// filled and signed in.
	Tr map[string]FieldText `json:"tr"`
}

// FieldText is a form field's texts in one language; what the card does
// not translate is empty.
type FieldText struct {
	Label   string `json:"label"`
	Help    string `json:"help"`
	Example string `json:"example"`
}

// The limits of text fields whose card sets no maxLength.
const (
	defaultMaxText     = 200
	defaultMaxTextarea = 4000
)

// FormSpec is a card's form in field order.
type FormSpec struct {
	CardID string      `json:"cardId"`
	Title  string      `json:"title"`
	Fields []FormField `json:"fields"`
}

type propSchema struct {
	Type      any    `json:"type"`
	Format    string `json:"format"`
	Enum      []any  `json:"enum"`
	MaxLength int    `json:"maxLength"`
}

// formSpec derives the renderer's view of a card's form: the schema says
// types and rules, the UI hints say labels, order and examples.
func formSpec(v catalog.Version) FormSpec {
	var s struct {
		Properties map[string]propSchema `json:"properties"`
		Required   []string              `json:"required"`
	}
	_ = json.Unmarshal(v.Card.Form.Schema, &s) // validated at import
	spec := FormSpec{CardID: v.ID, Title: v.Card.Title, Fields: []FormField{}}
	for _, name := range v.Card.Form.UI.Order {
		ui := v.Card.Form.UI.Fields[name]
		p := s.Properties[name]
		f := FormField{Name: name, Label: ui.Label, Help: ui.Help, Example: ui.Example, Widget: ui.Widget,
			Format: p.Format, MaxLength: p.MaxLength, Section: ui.Section, When: ui.When,
			Required: slices.Contains(s.Required, name)}
		if t, ok := p.Type.(string); ok {
			f.Type = t
		}
		for _, e := range p.Enum {
			if str, ok := e.(string); ok {
				f.Enum = append(f.Enum, str)
			}
		}
		if f.Widget == "" {
			f.Widget = defaultWidget(f)
		}
		f.Tr = map[string]FieldText{}
		for l, tr := range v.Card.Translations {
			ft := FieldText{Label: tr.Fields[name], Help: tr.FieldHelp[name], Example: tr.FieldExamples[name]}
			if ft != (FieldText{}) {
				f.Tr[l] = ft
			}
		}
		if f.MaxLength == 0 && f.Type == "string" && len(f.Enum) == 0 && f.Format != "date" {
			// Every text field has a limit, shown as the clerk types and
			// held in Go: a card that sets none gets one by its widget.
			f.MaxLength = defaultMaxText
			if f.Widget == "textarea" {
				f.MaxLength = defaultMaxTextarea
			}
		}
		if _, ok := clientFields[name]; ok && f.Type == "string" {
			f.FromClient = "*"
			if direct, ok := directClient[name]; ok {
				f.FromClient = direct
			}
		}
		if ex, ok := f.Example.(string); ok && f.Format == "date" {
			if d, err := daytext.Parse(ex); err == nil {
				f.Example = d.Format("02.01.2006") // shown as a clerk types it, not as stored
			}
		}
		spec.Fields = append(spec.Fields, f)
	}
	return spec
}

func defaultWidget(f FormField) string {
	switch {
	case len(f.Enum) > 0 && len(f.Enum) <= 3:
		return "radio"
	case len(f.Enum) > 0:
		return "select"
	case f.Type == "boolean":
		return "checkbox"
	case f.Type == "number" || f.Type == "integer":
		return "number"
	case f.Format == "date":
		return "date"
	case f.Format == "email":
		return "email"
	case f.MaxLength > 200:
		return "textarea"
	}
	return "text"
}

// visibleAnswers drops answers to fields hidden by their condition, so a
// field the clerk filled and then hid by changing another answer is
// neither validated nor stored.
func visibleAnswers(card catalog.Card, answers map[string]any) map[string]any {
	out := make(map[string]any, len(answers))
	for name, v := range answers {
		ui, ok := card.Form.UI.Fields[name]
		if !ok || !ui.When.Holds(answers) {
			continue
		}
		if s, isStr := v.(string); isStr && s == "" {
			continue // an emptied text field is unanswered, not an empty answer
		}
		out[name] = v
	}
	return out
}

// typedDates reads the answers to the form's date fields as a clerk types
// them ("31.12.2026 r.") and keeps each as YYYY-MM-DD, the form the schema
// checks and the case stores. An answer that cannot be read stays as typed
// and is reported with its reason, in the form's field order.
func typedDates(spec FormSpec, answers map[string]any) []cases.FieldError {
	var bad []cases.FieldError
	for _, f := range spec.Fields {
		s, ok := answers[f.Name].(string)
		if f.Format != "date" || !ok {
			continue
		}
		iso, err := daytext.Normalize(s)
		if err != nil {
			bad = append(bad, cases.FieldError{Field: f.Name, Key: string(daytext.ReasonOf(err)),
				Args: map[string]string{"field": f.Label}})
			continue
		}
		answers[f.Name] = iso
	}
	return bad
}

// textKind is what a form field holds, read from its format, widget and
// name: identifiers, e-mail and phone by what they are; the applicant's
// names by the usual field names; all else free text.
func textKind(f FormField) charset.Kind {
	lower := strings.ToLower(f.Name)
	switch {
	case identFormats[f.Format] != nil:
		return charset.Ident
	case f.Format == "email" || f.Widget == "email":
		return charset.Email
	case f.Widget == "phone" || strings.HasPrefix(lower, "telefon"):
		return charset.Phone
	case (strings.Contains(lower, "imie") || strings.Contains(lower, "imiona") || strings.Contains(lower, "nazwisk")) &&
		!strings.Contains(lower, "nazwa"):
		return charset.Name
	}
	return charset.Text
}

// identFormats are the form formats checked by app/ident, found by name
// among the formats the form schema registers.
var identFormats = func() map[string]func(any) error {
	m := map[string]func(any) error{}
	for _, f := range catalog.Formats {
		m[f.Name] = f.Validate
	}
	return m
}()

// typedText cleans the text answers as charset.Clean does (NFC, invisible
// marks dropped) and compacts identifiers typed in groups ("61 1090 1014
// …", "PL61…" for an account), so what is checked and stored is what
// prints; then it refuses, in the form's field order, what holds a
// character the printouts cannot draw, is longer than the field takes, or
// is a wrong identifier, each in a sentence naming the field by its label.
func typedText(spec FormSpec, answers map[string]any) []cases.FieldError {
	var bad []cases.FieldError
	for _, f := range spec.Fields {
		s, ok := answers[f.Name].(string)
		if !ok || f.Format == "date" || len(f.Enum) > 0 {
			continue
		}
		multi := f.Widget == "textarea"
		s = charset.Clean(s, multi)
		kind := textKind(f)
		// A postal code keeps its dash (NN-NNN is its form); other
		// identifiers are digits typed in groups.
		if kind == charset.Ident && f.Format != "postal-code" {
			s = ident.Compact(s)
			switch f.Format {
			case "nrb":
				s = strings.TrimPrefix(strings.ToUpper(s), "PL")
			case "id-card", "passport":
				s = strings.ToUpper(s)
			}
		}
		if s == "" {
			delete(answers, f.Name) // an emptied field is unanswered; required says so
			continue
		}
		answers[f.Name] = s
		if p := charset.Check(kind, s, f.MaxLength, multi); p != nil {
			bad = append(bad, cases.TextProblem(f.Name, f.Label, p))
			continue
		}
		if check := identFormats[f.Format]; check != nil {
			if err := check(s); err != nil {
				bad = append(bad, cases.IdentProblem(f.Name, f.Label, s, err))
			}
		}
	}
	return bad
}

// formProblem says a schema's refusal of a form answer as a whole
// sentence naming the field by its label, never by its JSON name or the
// schema's pattern: "Pole „Kod PKD” ma inną postać niż wymagana, np. „62.01.Z”."
func formProblem(spec FormSpec, c *Core, field string, p catalog.Problem) cases.FieldError {
	label, example := field, ""
	for _, f := range spec.Fields {
		if f.Name == field {
			label = f.Label
			if f.Example != nil {
				example = exampleText(c, f.Example)
			}
		}
	}
	args := map[string]string{"field": label}
	switch p.Key {
	case "schema.required":
		return cases.FieldError{Field: field, Key: "field.required", Args: args}
	case "schema.empty":
		return cases.FieldError{Field: field, Key: "field.empty", Args: args}
	case "schema.pattern", "schema.format":
		if example == "" {
			return cases.FieldError{Field: field, Key: "form.patternNoExample", Args: args}
		}
		args["example"] = example
		return cases.FieldError{Field: field, Key: "form.pattern", Args: args}
	case "schema.maxLength", "schema.minLength":
		args["count"] = p.Args["n"]
		return cases.FieldError{Field: field, Key: strings.Replace(p.Key, "schema.", "form.", 1), Args: args}
	}
	// Enum, type, minimum and the rest: the schema's own words, after the
	// field's label, with their arguments plain as nested messages take them.
	args["reason"] = "@" + p.Key
	for k, v := range p.Args {
		if k != "field" {
			args[k] = v
		}
	}
	return cases.FieldError{Field: field, Key: "form.invalid", Args: args}
}

// answerText is an answer as people read it: a date as 31.12.2026 r.,
// whatever form it was typed or stored in.
func answerText(c *Core, f FormField, v any) string {
	return answerTextIn(c.in(i18n.Default), f, v)
}

// answerTextIn is answerText in one language.
func answerTextIn(t tr, f FormField, v any) string {
	if s, ok := v.(string); ok {
		switch f.Format {
		case "date":
			if d, err := daytext.Parse(s); err == nil {
				return t.Day(d)
			}
		case "nrb":
			// An account is read and copied in groups of four.
			return ident.FormatNRB(s)
		}
	}
	if x, ok := v.(float64); ok && strings.HasSuffix(strings.TrimSpace(f.Label), "[zł]") {
		// An amount in złoty (the label gives the unit) is written with
		// its grosze: 1120,40, never 1120,4.
		n := strconv.FormatFloat(x, 'f', 2, 64)
		if t.loc != "en" {
			n = strings.Replace(n, ".", ",", 1)
		}
		return n
	}
	return t.example(v)
}

// formCache keeps compiled form schemas by card version id: versions never
// change, so a compiled schema is valid for the life of the process.
type formCache struct {
	mu sync.Mutex
	m  map[string]*catalog.FormSchema
}

func (fc *formCache) get(v catalog.Version) (*catalog.FormSchema, error) {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if fs, ok := fc.m[v.ID]; ok {
		return fs, nil
	}
	fs, err := catalog.CompileForm(v.Card.Form.Schema)
	if err != nil {
		return nil, err
	}
	if fc.m == nil {
		fc.m = map[string]*catalog.FormSchema{}
	}
	fc.m[v.ID] = fs
	return fs, nil
}
