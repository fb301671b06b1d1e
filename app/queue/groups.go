// Package queue is the hall's queue (Kolejka): matter groups, tickets
// numbered per office day, priority service without a reason asked
// (Gostynin 2a/2b, Piotrków §5.1), the order in which a counter calls, and
// waiting and service times. Pure: the device and the registry both use it.
package queue

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// Setting keys of the queue, office-wide rows changed only at the registry.
const (
	SettingGroups  = "queue.groups"         // JSON array of Group
	SettingMaxWait = "queue.maxWaitMinutes" // the longest wait before the head is warned
)

// Limits of a group.
const (
	MaxGroups   = 12
	MaxGroupLen = 80
)

// Group is one matter group a ticket is taken for ("Meldunki i dowody").
// Its code is the letter a ticket's label begins with (A012).
type Group struct {
	Code string            `json:"code"`         // one capital letter A–Z
	Name string            `json:"name"`         // in Polish, as the office names it
	In   map[string]string `json:"in,omitempty"` // the name in other languages (en, uk)
}

// NameIn returns the group's name in lang, or the Polish one.
func (g Group) NameIn(lang string) string {
	if n := g.In[lang]; n != "" {
		return n
	}
	return g.Name
}

// DefaultGroups are the groups of an office that has set none.
func DefaultGroups() []Group {
	return []Group{
		{Code: "A", Name: "Meldunki i dowody osobiste", In: map[string]string{"en": "Residence registration and ID cards", "uk": "Реєстрація місця проживання та посвідчення особи"}},
		{Code: "B", Name: "Podatki i opłaty", In: map[string]string{"en": "Taxes and fees", "uk": "Податки та збори"}},
		{Code: "C", Name: "Urząd Stanu Cywilnego", In: map[string]string{"en": "Civil Registry Office", "uk": "Відділ реєстрації актів цивільного стану"}},
		{Code: "D", Name: "Pozostałe sprawy", In: map[string]string{"en": "Other matters", "uk": "Інші справи"}},
	}
}

// ParseGroups reads the groups setting; an empty value is DefaultGroups.
func ParseGroups(s string) ([]Group, error) {
	if s == "" {
		return DefaultGroups(), nil
	}
	var gs []Group
	if err := json.Unmarshal([]byte(s), &gs); err != nil {
		return nil, fmt.Errorf("queue: groups: %w", err)
	}
	if err := ValidateGroups(gs); err != nil {
		return nil, err
	}
	return gs, nil
}

// ValidateGroups checks a list of groups: 1–MaxGroups, codes one distinct
// capital letter, names given and short.
func ValidateGroups(gs []Group) error {
	if len(gs) == 0 || len(gs) > MaxGroups {
		return fmt.Errorf("queue: %d groups, want 1–%d", len(gs), MaxGroups)
	}
	seen := map[string]bool{}
	for i, g := range gs {
		if len(g.Code) != 1 || g.Code[0] < 'A' || g.Code[0] > 'Z' {
			return fmt.Errorf("queue: group %d: code must be one letter A-Z", i)
		}
		if seen[g.Code] {
			return fmt.Errorf("queue: group %d: code %s twice", i, g.Code)
		}
		seen[g.Code] = true
		if g.Name == "" {
			return fmt.Errorf("queue: group %s: no name", g.Code)
		}
		for _, n := range append([]string{g.Name}, values(g.In)...) {
			if !utf8.ValidString(n) || utf8.RuneCountInString(n) > MaxGroupLen {
				return fmt.Errorf("queue: group %s: name too long or not UTF-8", g.Code)
			}
		}
	}
	return nil
}

func values(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// GroupLabel returns what a report names a group code by: the group's
// name in lang, as format puts code and name together; false for a code
// not among groups (a group since removed).
func GroupLabel(groups []Group, format func(code, name string) string, lang string) func(code string) (string, bool) {
	return func(code string) (string, bool) {
		for _, g := range groups {
			if g.Code == code {
				return format(code, g.NameIn(lang)), true
			}
		}
		return "", false
	}
}
