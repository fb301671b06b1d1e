package app

import (
	"encoding/json"
	"slices"
	"sync"

	"okienko/app/cases"
	"okienko/app/catalog"
	"okienko/app/daytext"
	"okienko/app/i18n"
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
}

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

// answerText is an answer as people read it: a date as 31.12.2026 r.,
// whatever form it was typed or stored in.
func answerText(c *Core, f FormField, v any) string {
	return answerTextIn(c.in(i18n.Default), f, v)
}

// answerTextIn is answerText in one language.
func answerTextIn(t tr, f FormField, v any) string {
	if s, ok := v.(string); ok && f.Format == "date" {
		if d, err := daytext.Parse(s); err == nil {
			return t.Day(d)
		}
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
