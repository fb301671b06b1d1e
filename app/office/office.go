// Package office models the gmina running Okienko: the office itself, its
// organisational units and its staff directory. Pure types and checks.
package office

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"okienko/app/ident"
	"okienko/app/officeclock"
)

// Office is the gmina's office (urząd gminy).
type Office struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Street       string `json:"street"`
	PostalCode   string `json:"postalCode"`
	City         string `json:"city"`
	TERYT        string `json:"teryt"`
	Phone        string `json:"phone"`
	Email        string `json:"email"`
	EPUAP        string `json:"epuap"`
	Website      string `json:"website"`
	FeeAccount   string `json:"feeAccount"` // NRB, 26 digits, for fees (opłata skarbowa)
	FeeBank      string `json:"feeBank"`
	OpeningHours string `json:"openingHours"`
	Sample       bool   `json:"sample"`
	// TimeZone is the IANA zone every legal date of the office is taken
	// in; "" means Europe/Warsaw (app/officeclock.DefaultZone).
	TimeZone string `json:"timeZone,omitempty"`
}

// Unit is an organisational unit (referat, USC) with its symbol used in
// case signs.
type Unit struct {
	ID     string `json:"id"`
	Symbol string `json:"symbol"`
	Name   string `json:"name"`
	Room   string `json:"room"`
	Phone  string `json:"phone"`
	Email  string `json:"email"`
	// RetiredAt is when the registry retired the unit (RFC 3339, UTC);
	// "" while it is in use. A retired unit takes no new cases, numbers
	// or staff; its cases, signs and registers stay, and it can be
	// restored. Never deleted: cases and registers refer to it.
	RetiredAt string `json:"retiredAt"`
}

// Retired reports whether the unit was retired.
func (u Unit) Retired() bool { return u.RetiredAt != "" }

// Role is what a staff member may do in Okienko.
type Role string

// Roles.
const (
	RoleClerk Role = "clerk" // pracownik merytoryczny / BOM
	RoleHead  Role = "head"  // kierownik referatu
	RoleAdmin Role = "admin" // administrator (sekretarz, informatyk)
	// RoleSecretary reads the whole office in the registry's console and
	// changes nothing there; on a device it works as a clerk.
	RoleSecretary Role = "secretary" // sekretarz (podgląd)
)

// Roles lists the valid roles.
var Roles = []Role{RoleClerk, RoleHead, RoleAdmin, RoleSecretary}

// Staff is a member of the staff directory.
type Staff struct {
	ID        string `json:"id"`
	Login     string `json:"login"`
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
	UnitID    string `json:"unitId"`
	Role      Role   `json:"role"`
	Position  string `json:"position"`
	// PositionIn is the job title in the languages printouts are made in
	// ("en", "uk"); a language left out prints Position, in Polish.
	PositionIn   map[string]string `json:"positionIn,omitempty"`
	PhoneExt     string            `json:"phoneExt"`
	Email        string            `json:"email"`
	Room         string            `json:"room"`
	Competences  []string          `json:"competences"` // card codes this person handles
	SubstituteID string            `json:"substituteId"`
	Active       bool              `json:"active"`
	// Authorization is the written authorization to sign "z upoważnienia"
	// of the head of the office (art. 268a KPA): its grantor, number and
	// date, as printed under the signature; "" when the person has none.
	Authorization string `json:"authorization,omitempty"`
}

// FullName is "First Last".
func (s Staff) FullName() string { return s.FirstName + " " + s.LastName }

// PositionInLang is the job title as a reader of lang sees it.
func (s Staff) PositionInLang(lang string) string {
	if t := s.PositionIn[lang]; t != "" {
		return t
	}
	return s.Position
}

// Handles reports whether the staff member handles the card.
func (s Staff) Handles(cardCode string) bool { return slices.Contains(s.Competences, cardCode) }

// ErrInvalid marks a record that fails Validate.
var ErrInvalid = errors.New("office: invalid record")

// Validate checks an office record.
func (o Office) Validate() error {
	var bad []string
	if strings.TrimSpace(o.Name) == "" {
		bad = append(bad, "name")
	}
	if len(o.TERYT) != 7 {
		bad = append(bad, "teryt")
	}
	if err := ident.PostalCode(o.PostalCode); err != nil {
		bad = append(bad, "postalCode")
	}
	if err := ident.NRB(o.FeeAccount); err != nil {
		bad = append(bad, "feeAccount")
	}
	if _, err := officeclock.LoadZone(o.TimeZone); err != nil {
		bad = append(bad, "timeZone")
	}
	if len(bad) > 0 {
		return fmt.Errorf("%w: office fields %s", ErrInvalid, strings.Join(bad, ", "))
	}
	return nil
}

// Validate checks a unit record.
func (u Unit) Validate() error {
	if u.Symbol == "" || strings.ToUpper(u.Symbol) != u.Symbol || strings.ContainsAny(u.Symbol, ". ") {
		return fmt.Errorf("%w: unit symbol %q", ErrInvalid, u.Symbol)
	}
	if strings.TrimSpace(u.Name) == "" {
		return fmt.Errorf("%w: unit %s has no name", ErrInvalid, u.Symbol)
	}
	if u.RetiredAt != "" {
		if _, err := time.Parse(time.RFC3339, u.RetiredAt); err != nil {
			return fmt.Errorf("%w: unit %s retired at %q", ErrInvalid, u.Symbol, u.RetiredAt)
		}
	}
	return nil
}

// Validate checks a staff record.
func (s Staff) Validate() error {
	if s.Login == "" || strings.TrimSpace(s.FirstName) == "" || strings.TrimSpace(s.LastName) == "" {
		return fmt.Errorf("%w: staff login and name are required", ErrInvalid)
	}
	if !slices.Contains(Roles, s.Role) {
		return fmt.Errorf("%w: staff role %q", ErrInvalid, s.Role)
	}
	if s.SubstituteID != "" && s.SubstituteID == s.ID {
		return fmt.Errorf("%w: staff cannot substitute themselves", ErrInvalid)
	}
	for lang, title := range s.PositionIn {
		// Only the languages printouts are made in; a title that says
		// something, and fits a printout's line.
		if !slices.Contains(PositionLangs, lang) || strings.TrimSpace(title) == "" || len(title) > 300 {
			return fmt.Errorf("%w: staff positionIn %q", ErrInvalid, lang)
		}
	}
	return nil
}

// PositionLangs are the languages a job title may be given in besides
// Polish: those printouts are made in.
var PositionLangs = []string{"en", "uk"}
