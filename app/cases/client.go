package cases

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"okienko/app/catalog"
	"okienko/app/charset"
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

// textField is one text field of the client: the kind of characters it
// takes and how many.
type textField struct {
	name string
	kind charset.Kind
	max  int
	get  func(c *Client) *string
}

// textFields are the client's typed fields with their characters and
// limits: the same limits the form's counters show (ClientLimits).
var textFields = []textField{
	{"firstName", charset.Name, 100, func(c *Client) *string { return &c.FirstName }},
	{"lastName", charset.Name, 100, func(c *Client) *string { return &c.LastName }},
	{"businessName", charset.Address, 250, func(c *Client) *string { return &c.BusinessName }},
	{"pesel", charset.Ident, 11, func(c *Client) *string { return &c.PESEL }},
	{"nip", charset.Ident, 10, func(c *Client) *string { return &c.NIP }},
	{"regon", charset.Ident, 14, func(c *Client) *string { return &c.REGON }},
	{"birthDate", charset.Address, 30, func(c *Client) *string { return &c.BirthDate }},
	{"citizenship", charset.Address, 60, func(c *Client) *string { return &c.Citizenship }},
	{"docNumber", charset.Ident, 20, func(c *Client) *string { return &c.DocNumber }},
	{"docCountry", charset.Address, 60, func(c *Client) *string { return &c.DocCountry }},
	{"street", charset.Address, 100, func(c *Client) *string { return &c.Street }},
	{"houseNo", charset.Address, 10, func(c *Client) *string { return &c.HouseNo }},
	{"flatNo", charset.Address, 10, func(c *Client) *string { return &c.FlatNo }},
	{"postalCode", charset.Ident, 6, func(c *Client) *string { return &c.PostalCode }},
	{"city", charset.Address, 60, func(c *Client) *string { return &c.City }},
	{"phone", charset.Phone, 20, func(c *Client) *string { return &c.Phone }},
	{"email", charset.Email, 254, func(c *Client) *string { return &c.Email }},
}

// ClientLimits is the most characters each typed field of the client may
// hold, by its JSON name, for the form's counters.
func ClientLimits() map[string]int {
	out := make(map[string]int, len(textFields))
	for _, f := range textFields {
		out[f.name] = f.max
	}
	return out
}

// Normalize cleans what people type around and inside values (charset.Clean:
// NFC, invisible marks dropped, spaces collapsed) and compacts identifiers
// (the spaces and hyphens of "85 0101 22 333"); it never changes a digit or
// letter of an identifier.
func (c Client) Normalize() Client {
	for _, f := range textFields {
		p := f.get(&c)
		*p = charset.Clean(*p, false)
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

// TextProblem turns a refused value into a field's problem: the field's
// label (an i18n reference) and what is wrong, as a whole sentence.
func TextProblem(field, label string, p *charset.Problem) FieldError {
	return FieldError{Field: field, Key: string(p.Reason), Args: map[string]string{
		"field": label, "char": p.Char, "n": strconv.Itoa(p.Len), "count": strconv.Itoa(p.Max)}}
}

// IdentProblem turns an identifier's refusal (app/ident) into a whole
// sentence naming the field: "Pole „NRB” musi mieć 26 cyfr (wpisano 25)."
// value is what was checked, for the count typed ("" when not counted).
func IdentProblem(field, label, value string, err error) FieldError {
	reason := ident.ReasonOf(err)
	if reason == "" {
		reason = ident.ReasonFormat
	}
	fe := FieldError{Field: field, Key: "field." + strings.TrimPrefix(string(reason), "ident."), Args: map[string]string{"field": label}}
	var ie *ident.Error
	if errors.As(err, &ie) && ie.Detail != "" {
		if reason == ident.ReasonLength {
			fe.Args["count"] = ie.Detail
		} else {
			fe.Args["date"] = ie.Detail
		}
	}
	if value != "" {
		fe.Args["n"] = strconv.Itoa(charset.Len(value))
	}
	return fe
}

// checkText lists the fields holding characters the printouts cannot draw
// or more characters than the field takes. Such a value may sit in a draft
// while the clerk types; it is never registered.
func (c Client) checkText() (errs []FieldError, bad map[string]bool) {
	bad = map[string]bool{}
	for _, f := range textFields {
		if p := charset.Check(f.kind, *f.get(&c), f.max, false); p != nil {
			errs = append(errs, TextProblem(f.name, "@client.field."+f.name, p))
			bad[f.name] = true
		}
	}
	return errs, bad
}

// EarliestBirth is the earliest birth date taken: an older one is a typo.
const EarliestBirth = 1880

// Validate lists every problem with the client's data, as normalized
// (Normalize). Identifiers are checked exactly and never corrected; a PESEL
// is cross-checked with the birth date and sex entered. today is the
// office's day: a birth date after it is refused.
func (c Client) Validate(today time.Time) []FieldError {
	return c.ValidateFor(today, catalog.IdentPESEL)
}

// ValidateAny is Validate for a client row seen without its card (the
// registry's check of a pushed client): the client passes when some card
// could take it, a PESEL-less person with a name and an address included;
// otherwise it lists what the PESEL rule finds. What the case's own card
// asks is Required's, checked with the case.
func (c Client) ValidateAny(today time.Time) []FieldError {
	first := c.ValidateFor(today, catalog.IdentPESEL)
	if len(first) == 0 {
		return nil
	}
	for _, need := range []catalog.Identifiers{catalog.IdentDocument, catalog.IdentNameAddress} {
		if len(c.ValidateFor(today, need)) == 0 {
			return nil
		}
	}
	return first
}

// Required lists the fields the card's rule (need) asks of this kind of
// client that are empty: a PESEL where the card asks one, an identity
// document, or a name and an address. A complaint, a motion or a request
// for public information asks for no PESEL (minimisation, RODO art.
// 5(1)(c)); a card that needs one still refuses a person without it.
func (c Client) Required(need catalog.Identifiers) []FieldError {
	var errs []FieldError
	req := func(field, v string) {
		if strings.TrimSpace(v) == "" {
			errs = append(errs, FieldError{Field: field, Key: "field.required", Args: map[string]string{"field": "@client.field." + field}})
		}
	}
	address := func() {
		req("houseNo", c.HouseNo)
		req("city", c.City)
	}
	switch c.Kind {
	case Person:
		req("firstName", c.FirstName)
		req("lastName", c.LastName)
		switch need {
		case catalog.IdentNameAddress:
			address()
		case catalog.IdentDocument:
			if c.PESEL == "" { // a PESEL given identifies as well
				req("docType", c.DocType)
				req("docNumber", c.DocNumber)
			}
		default:
			req("pesel", c.PESEL)
		}
	case Business:
		req("businessName", c.BusinessName)
		if need == catalog.IdentNameAddress {
			address()
		} else {
			req("nip", c.NIP)
		}
	case Foreigner:
		req("firstName", c.FirstName)
		req("lastName", c.LastName)
		if need == catalog.IdentNameAddress {
			address()
			break
		}
		req("birthDate", c.BirthDate)
		req("citizenship", c.Citizenship)
		req("docType", c.DocType)
		req("docNumber", c.DocNumber)
	}
	return errs
}

// ValidateFor is Validate under the rule of the case's card (need): what
// the card asks must be there (Required); every identifier given, asked
// or not, is checked exactly.
func (c Client) ValidateFor(today time.Time, need catalog.Identifiers) []FieldError {
	errs, bad := c.checkText()
	for _, e := range c.Required(need) {
		if !bad[e.Field] {
			errs = append(errs, e)
		}
	}
	identErr := func(field string, err error) {
		if err == nil || bad[field] {
			return // a value with a refused character is reported once, for it
		}
		v := ""
		for _, f := range textFields {
			if f.name == field {
				v = *f.get(&c)
			}
		}
		errs = append(errs, IdentProblem(field, "@client.field."+field, v, err))
	}
	var birth time.Time
	if c.BirthDate != "" && !bad["birthDate"] {
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
		if c.PESEL != "" {
			identErr("pesel", ident.CheckPESEL(c.PESEL, birth, ident.Sex(c.Sex)))
		}
	case Business:
		if c.NIP != "" {
			identErr("nip", ident.NIP(c.NIP))
		}
		if c.REGON != "" {
			identErr("regon", ident.REGON(c.REGON))
		}
	case Foreigner:
		if c.Citizenship != "" && (len(c.Citizenship) != 2 || strings.ToUpper(c.Citizenship) != c.Citizenship) {
			errs = append(errs, FieldError{Field: "citizenship", Key: "client.country", Args: map[string]string{"field": "@client.field.citizenship"}})
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
// drafts where another client's full name must not appear. A draft holds
// whatever is being typed, so the name is cleaned first, markup ("<b>")
// is dropped, and each word gives its first letter, upper-cased; a word
// with no letter gives nothing.
func MaskName(name string) string {
	name = markup.ReplaceAllString(charset.Clean(name, false), " ")
	var out []string
	for _, w := range strings.Fields(name) {
		for _, r := range w {
			if unicode.IsLetter(r) {
				out = append(out, string(unicode.ToUpper(r))+".")
				break
			}
		}
	}
	return strings.Join(out, " ")
}

// markup is an HTML tag, or a lone angle bracket left of one.
var markup = regexp.MustCompile(`<[^>]*>?|>`)
