package cases

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"okienko/app/daytext"
	"okienko/app/fold"
	"okienko/app/ident"
)

// Kind of client.
type Kind string

// Client kinds.
const (
	Person    Kind = "person"    // osoba fizyczna z numerem PESEL
	Business  Kind = "business"  // przedsiębiorca: osoba prowadząca działalność albo spółka
	Foreigner Kind = "foreigner" // cudzoziemiec bez numeru PESEL
)

// Client is the party to a case.
type Client struct {
	ID           string `json:"id"`
	Kind         Kind   `json:"kind"`
	FirstName    string `json:"firstName"`
	LastName     string `json:"lastName"`
	BusinessName string `json:"businessName"`
	PESEL        string `json:"pesel"`
	NIP          string `json:"nip"`
	REGON        string `json:"regon"`
	BirthDate    string `json:"birthDate"` // YYYY-MM-DD
	Sex          string `json:"sex"`       // "M", "K" or ""
	Citizenship  string `json:"citizenship"`
	DocType      string `json:"docType"` // id-card, passport, residence-card, other
	DocNumber    string `json:"docNumber"`
	DocCountry   string `json:"docCountry"`
	Street       string `json:"street"`
	HouseNo      string `json:"houseNo"`
	FlatNo       string `json:"flatNo"`
	PostalCode   string `json:"postalCode"`
	City         string `json:"city"`
	Phone        string `json:"phone"`
	Email        string `json:"email"`
	Lang         string `json:"lang"` // printout language besides Polish: pl, en, uk
}

// FieldError is one problem with one field, as an i18n key.
type FieldError struct {
	Field string            `json:"field"`
	Key   string            `json:"key"`
	Args  map[string]string `json:"args,omitempty"`
}

// Normalize trims what people type around values and compacts identifiers;
// it never changes a digit or letter of an identifier.
func (c Client) Normalize() Client {
	trim := func(s *string) { *s = strings.Join(strings.Fields(*s), " ") }
	for _, f := range []*string{&c.FirstName, &c.LastName, &c.BusinessName, &c.Citizenship, &c.DocType, &c.DocCountry,
		&c.Street, &c.HouseNo, &c.FlatNo, &c.PostalCode, &c.City, &c.Phone, &c.Email, &c.BirthDate} {
		trim(f)
	}
	if iso, err := daytext.Normalize(c.BirthDate); err == nil {
		c.BirthDate = iso // "14.05.1944 r." is kept as 1944-05-14; what cannot be read stays for Validate to refuse
	}
	c.PESEL, c.NIP, c.REGON = ident.Compact(c.PESEL), ident.Compact(c.NIP), ident.Compact(c.REGON)
	c.DocNumber = strings.ToUpper(ident.Compact(c.DocNumber))
	c.Citizenship, c.DocCountry = strings.ToUpper(c.Citizenship), strings.ToUpper(c.DocCountry)
	if c.Lang == "" {
		c.Lang = "pl"
	}
	return c
}

// EarliestBirth is the earliest birth date taken: an older one is a typo.
const EarliestBirth = 1880

// Validate lists every problem with the client's data, as normalized
// (Normalize). Identifiers are checked exactly and never corrected; a PESEL
// is cross-checked with the birth date and sex entered. today is the
// office's day: a birth date after it is refused.
func (c Client) Validate(today time.Time) []FieldError {
	var errs []FieldError
	req := func(field, v string) {
		if strings.TrimSpace(v) == "" {
			errs = append(errs, FieldError{Field: field, Key: "client.required"})
		}
	}
	identErr := func(field string, err error) {
		if err == nil {
			return
		}
		fe := FieldError{Field: field, Key: string(ident.ReasonOf(err))}
		if fe.Key == "" {
			fe.Key = "ident.format"
		}
		var ie *ident.Error
		if errors.As(err, &ie) && ie.Detail != "" {
			fe.Args = map[string]string{"detail": ie.Detail, "date": ie.Detail}
		}
		errs = append(errs, fe)
	}
	var birth time.Time
	if c.BirthDate != "" {
		y, m, d := today.Date()
		b, err := daytext.Parse(c.BirthDate)
		switch {
		case err != nil:
			errs = append(errs, FieldError{Field: "birthDate", Key: string(daytext.ReasonOf(err)),
				Args: map[string]string{"field": "@client.field.birthDate"}})
		case !daytext.IsISO(c.BirthDate):
			// Normalize writes what it reads as YYYY-MM-DD; a row that
			// arrives otherwise (a pushed op) was never normalized.
			errs = append(errs, FieldError{Field: "birthDate", Key: string(daytext.ReasonFormat),
				Args: map[string]string{"field": "@client.field.birthDate"}})
		case b.After(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)):
			errs = append(errs, FieldError{Field: "birthDate", Key: "client.birthFuture"})
		case b.Year() < EarliestBirth:
			errs = append(errs, FieldError{Field: "birthDate", Key: "client.birthTooOld",
				Args: map[string]string{"year": strconv.Itoa(EarliestBirth)}})
		default:
			birth = b
		}
	}
	switch c.Kind {
	case Person:
		req("firstName", c.FirstName)
		req("lastName", c.LastName)
		if c.PESEL == "" {
			req("pesel", c.PESEL)
		} else {
			identErr("pesel", ident.CheckPESEL(c.PESEL, birth, ident.Sex(c.Sex)))
		}
	case Business:
		req("businessName", c.BusinessName)
		if c.NIP == "" {
			req("nip", c.NIP)
		} else {
			identErr("nip", ident.NIP(c.NIP))
		}
		if c.REGON != "" {
			identErr("regon", ident.REGON(c.REGON))
		}
	case Foreigner:
		req("firstName", c.FirstName)
		req("lastName", c.LastName)
		req("birthDate", c.BirthDate)
		req("citizenship", c.Citizenship)
		req("docType", c.DocType)
		req("docNumber", c.DocNumber)
		if c.Citizenship != "" && (len(c.Citizenship) != 2 || strings.ToUpper(c.Citizenship) != c.Citizenship) {
			errs = append(errs, FieldError{Field: "citizenship", Key: "client.country"})
		}
	default:
		errs = append(errs, FieldError{Field: "kind", Key: "client.kind"})
	}
	if c.Kind != Foreigner && c.DocNumber != "" {
		switch c.DocType {
		case "id-card":
			identErr("docNumber", ident.IDCard(c.DocNumber))
		case "passport":
			identErr("docNumber", ident.Passport(c.DocNumber))
		}
	}
	if c.PostalCode != "" {
		identErr("postalCode", ident.PostalCode(c.PostalCode))
	}
	if c.Phone != "" {
		identErr("phone", ident.Phone(c.Phone))
	}
	if c.Email != "" {
		identErr("email", ident.Email(c.Email))
	}
	switch c.Lang {
	case "", "pl", "en", "uk":
	default:
		errs = append(errs, FieldError{Field: "lang", Key: "client.lang"})
	}
	return errs
}

// Name is how the client is addressed: "Jan Kowalski" or the business name.
func (c Client) Name() string {
	if c.Kind == Business {
		return c.BusinessName
	}
	return strings.TrimSpace(c.FirstName + " " + c.LastName)
}

// NameKey is the folded name used for search and duplicate checks.
func (c Client) NameKey() string {
	return fold.String(c.LastName + " " + c.FirstName + " " + c.BusinessName)
}

// Address is the postal address on one line.
func (c Client) Address() string {
	street := strings.TrimSpace(c.Street + " " + c.HouseNo)
	if c.FlatNo != "" {
		street += "/" + c.FlatNo
	}
	city := strings.TrimSpace(c.PostalCode + " " + c.City)
	switch {
	case street == "":
		return city
	case city == "":
		return street
	}
	return street + ", " + city
}

// Identifier is the client's main identifier, masked for lists.
func (c Client) Identifier() (label, masked string) {
	switch {
	case c.PESEL != "":
		return "PESEL", Mask(c.PESEL)
	case c.NIP != "":
		return "NIP", Mask(c.NIP)
	case c.DocNumber != "":
		return c.DocType, Mask(c.DocNumber)
	}
	return "", ""
}

// Mask hides all but the first and last two characters of an identifier:
// enough to tell two clients apart at the counter, too little to misuse.
func Mask(s string) string {
	r := []rune(s)
	if len(r) <= 4 {
		return strings.Repeat("•", len(r))
	}
	return string(r[:2]) + strings.Repeat("•", len(r)-4) + string(r[len(r)-2:])
}

// MaskName shows initials only: "Jan Kowalski" → "J. K.", for lists of
// drafts where another client's full name must not appear.
func MaskName(name string) string {
	var out []string
	for _, w := range strings.Fields(name) {
		r := []rune(w)
		out = append(out, string(r[0])+".")
	}
	return strings.Join(out, " ")
}
