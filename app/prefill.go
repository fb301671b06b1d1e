package app

import (
	"context"
	"slices"
	"strings"

	"okienko/app/cases"
)

// clientFields maps the form field names office forms use for the
// applicant's data to how the client record fills them. The clerk typed
// the client once; the form should not ask again.
var clientFields = map[string]func(c cases.Client) string{
	"pesel":                    func(c cases.Client) string { return c.PESEL },
	"imie":                     func(c cases.Client) string { return c.FirstName },
	"imiona":                   func(c cases.Client) string { return c.FirstName },
	"nazwisko":                 func(c cases.Client) string { return c.LastName },
	"imieNazwisko":             func(c cases.Client) string { return c.Name() },
	"wnioskodawca":             func(c cases.Client) string { return c.Name() },
	"wnioskodawcaImieNazwisko": func(c cases.Client) string { return c.Name() },
	"nazwaFirmy":               func(c cases.Client) string { return c.BusinessName },
	"dataUrodzenia":            func(c cases.Client) string { return c.BirthDate },
	"nip":                      func(c cases.Client) string { return c.NIP },
	"regon":                    func(c cases.Client) string { return c.REGON },
	"telefon":                  func(c cases.Client) string { return c.Phone },
	"email":                    func(c cases.Client) string { return c.Email },
	"ulica":                    func(c cases.Client) string { return c.Street },
	"nrDomu":                   func(c cases.Client) string { return c.HouseNo },
	"nrLokalu":                 func(c cases.Client) string { return c.FlatNo },
	"kodPocztowy":              func(c cases.Client) string { return c.PostalCode },
	"miejscowosc":              func(c cases.Client) string { return c.City },
	"adres":                    func(c cases.Client) string { return c.Address() },
	"wnioskodawcaAdres":        func(c cases.Client) string { return c.Address() },
	"adresDoKorespondencji":    func(c cases.Client) string { return c.Address() },
}

var sexWords = map[string][]string{"K": {"kobieta", "K"}, "M": {"mężczyzna", "M"}}

// Prefill copies the client's data into the form fields that ask for it
// again, without touching anything already answered.
func (s *IntakeService) Prefill(in DraftInput) (DraftInput, error) {
	ctx := context.Background()
	if _, err := s.c.require(ctx); err != nil {
		return DraftInput{}, err
	}
	v, err := s.c.loadCard(ctx, in.CardID)
	if err != nil {
		return DraftInput{}, err
	}
	if in.Answers == nil {
		in.Answers = map[string]any{}
	}
	cl := in.Client.Normalize()
	for _, f := range formSpec(v).Fields {
		if cur, ok := in.Answers[f.Name]; ok && cur != "" {
			continue
		}
		if f.Type != "" && f.Type != "string" {
			continue
		}
		val := ""
		if get, ok := clientFields[f.Name]; ok {
			val = strings.TrimSpace(get(cl))
		} else if f.Name == "plec" && cl.Sex != "" {
			for _, w := range sexWords[cl.Sex] {
				if slices.Contains(f.Enum, w) {
					val = w
				}
			}
		}
		if val != "" && (len(f.Enum) == 0 || slices.Contains(f.Enum, val)) {
			in.Answers[f.Name] = val
		}
	}
	return in, nil
}
