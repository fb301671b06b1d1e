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

// directClient names the client's field (its JSON name) that a form field
// repeats as it is; the frontend edits both as one. The other fields of
// clientFields are made of several (a name, an address) and change only
// with the client's data.
var directClient = map[string]string{
	"pesel": "pesel", "imie": "firstName", "imiona": "firstName", "nazwisko": "lastName", "nazwaFirmy": "businessName",
	"dataUrodzenia": "birthDate", "nip": "nip", "regon": "regon", "telefon": "phone", "email": "email", "ulica": "street",
	"nrDomu": "houseNo", "nrLokalu": "flatNo", "kodPocztowy": "postalCode", "miejscowosc": "city",
}

var sexWords = map[string][]string{"K": {"kobieta", "K"}, "M": {"mężczyzna", "M"}}

// applyClient makes the client's data the value of every form field that
// repeats it (FormField.FromClient): the applicant's surname on the form
// is the client's surname, whenever either was typed, so a correction in
// step 1 reaches the form to be signed. A field the client's data leaves
// empty keeps what the clerk typed in it; a field hidden by its condition
// is left alone.
func applyClient(spec FormSpec, cl cases.Client, answers map[string]any) {
	for _, f := range spec.Fields {
		get, ok := clientFields[f.Name]
		if f.FromClient == "" || !ok || !f.When.Holds(answers) {
			continue
		}
		val := strings.TrimSpace(get(cl))
		if val != "" && (len(f.Enum) == 0 || slices.Contains(f.Enum, val)) {
			answers[f.Name] = val
		}
	}
}

// Prefill copies the client's data into the form fields that repeat it,
// replacing what they held (applyClient), and fills the sex from the
// client's when it is not answered yet.
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
	spec := formSpec(v)
	applyClient(spec, cl, in.Answers)
	for _, f := range spec.Fields {
		if cur, ok := in.Answers[f.Name]; f.Name != "plec" || cl.Sex == "" || ok && cur != "" {
			continue
		}
		for _, w := range sexWords[cl.Sex] {
			if slices.Contains(f.Enum, w) {
				in.Answers[f.Name] = w
			}
		}
	}
	return in, nil
}
