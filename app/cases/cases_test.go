package cases

import (
	"strings"
	"testing"
	"time"

	"okienko/app/catalog"
)

func TestStatusMachine(t *testing.T) {
	allowed := map[[2]Status]bool{
		{Registered, InProgress}: true, {Registered, AwaitingSupplement}: true, {Registered, Settled}: true, {Registered, Forwarded}: true,
		{InProgress, AwaitingSupplement}: true, {InProgress, Settled}: true, {InProgress, Forwarded}: true,
		{AwaitingSupplement, Supplemented}: true, {AwaitingSupplement, LeftUnexamined}: true,
		{Supplemented, InProgress}: true, {Supplemented, AwaitingSupplement}: true, {Supplemented, Settled}: true,
	}
	for _, from := range Statuses {
		for _, to := range Statuses {
			if got := CanMove(from, to); got != allowed[[2]Status{from, to}] {
				t.Errorf("CanMove(%s, %s) = %v", from, to, got)
			}
		}
	}
	for _, s := range []Status{Settled, LeftUnexamined, Forwarded} {
		if !s.Closed() || len(Next(s)) != 0 {
			t.Errorf("%s must be final", s)
		}
	}
	if !AwaitingSupplement.ClockStopped() || InProgress.ClockStopped() {
		t.Error("clock stops only while awaiting documents")
	}
	if Status("x").Valid() || !Registered.Valid() {
		t.Error("Valid")
	}
}

// officeToday is the office's day in the client tests.
var officeToday = time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)

func TestClientValidate(t *testing.T) {
	keys := func(c Client) map[string]string {
		m := map[string]string{}
		for _, e := range c.Normalize().Validate(officeToday) {
			m[e.Field] = e.Key
		}
		return m
	}
	ok := Client{Kind: Person, FirstName: "Jan", LastName: "Kowalski", PESEL: "440514 01458", BirthDate: "1944-05-14", Sex: "M",
		PostalCode: "99-300", Phone: "601 234 567", Email: "jan@example.pl"}
	if k := keys(ok); len(k) != 0 {
		t.Fatalf("valid person: %v", k)
	}
	bad := ok
	bad.PESEL = "44051401459"
	if k := keys(bad); k["pesel"] != "field.checksum" {
		t.Fatalf("bad PESEL: %v", k)
	}
	bad = ok
	bad.BirthDate = "1985-03-12"
	errs := bad.Normalize().Validate(officeToday)
	if len(errs) != 1 || errs[0].Key != "field.birthMismatch" || errs[0].Args["date"] != "1944-05-14" {
		t.Fatalf("birth mismatch: %+v", errs)
	}
	bad = ok
	bad.Sex = "K"
	if k := keys(bad); k["pesel"] != "field.sexMismatch" {
		t.Fatalf("sex mismatch: %v", k)
	}
	if k := keys(Client{Kind: Person}); k["firstName"] != "field.required" || k["pesel"] != "field.required" {
		t.Fatalf("empty person: %v", k)
	}
	biz := Client{Kind: Business, BusinessName: "Piekarnia Kłos", NIP: "123-456-32-18", REGON: "123456785"}
	if k := keys(biz); len(k) != 0 {
		t.Fatalf("business: %v", k)
	}
	biz.NIP = "1234563219"
	if k := keys(biz); k["nip"] != "field.checksum" {
		t.Fatalf("bad NIP: %v", k)
	}
	fo := Client{Kind: Foreigner, FirstName: "Olena", LastName: "Kovalenko", BirthDate: "1990-02-01", Citizenship: "ua", DocType: "passport", DocNumber: "fa123456"}
	if k := keys(fo); len(k) != 0 {
		t.Fatalf("foreigner: %v", k)
	}
	fo.Citizenship = "Ukraina"
	if k := keys(fo); k["citizenship"] != "client.country" {
		t.Fatalf("country: %v", k)
	}
}

// TestClientBirthDate: the birth date is read as a clerk types it, stored
// as YYYY-MM-DD, and refused with its own reason when it cannot be read or
// cannot be right; "today" is the office's day, not the machine's.
func TestClientBirthDate(t *testing.T) {
	base := Client{Kind: Person, FirstName: "Jan", LastName: "Kowalski", PESEL: "44051401458", Sex: "M"}
	for _, tc := range []struct {
		typed, stored, key string
		today              time.Time
	}{
		{"1944-05-14", "1944-05-14", "", officeToday},
		{"14.05.1944", "1944-05-14", "", officeToday},
		{"14.05.1944 r.", "1944-05-14", "", officeToday},
		{" 14/5/1944 ", "1944-05-14", "", officeToday},
		{"14 maja 1944", "1944-05-14", "", officeToday},
		{"14.05.44", "14.05.44", "date.twoDigitYear", officeToday},
		{"31.02.1944", "31.02.1944", "date.noSuchDay", officeToday},
		{"maj 1944", "maj 1944", "date.format", officeToday},
		{"14.05.1945", "1945-05-14", "field.birthMismatch", officeToday},
		{"01.01.1870", "1870-01-01", "client.birthTooOld", officeToday},
	} {
		c := base
		c.BirthDate = tc.typed
		n := c.Normalize()
		if n.BirthDate != tc.stored {
			t.Errorf("%q: normalized to %q, want %q", tc.typed, n.BirthDate, tc.stored)
		}
		var key string
		for _, e := range n.Validate(tc.today) {
			if e.Field == "birthDate" || e.Field == "pesel" {
				key = e.Key
				if e.Key == "date.format" && e.Args["field"] != "@client.field.birthDate" {
					t.Errorf("%q: the problem does not name its field: %+v", tc.typed, e)
				}
			}
		}
		if key != tc.key {
			t.Errorf("%q: key %q, want %q", tc.typed, key, tc.key)
		}
	}
	// A foreigner born on the office's day is fine; the next day is the future,
	// whatever the machine's clock says.
	fo := Client{Kind: Foreigner, FirstName: "Olena", LastName: "Kovalenko", Citizenship: "UA", DocType: "passport", DocNumber: "FA123456"}
	for _, tc := range []struct {
		birth string
		today time.Time
		key   string
	}{
		{"2026-12-03", officeToday, ""},
		{"2026-12-04", officeToday, "client.birthFuture"},
		{"2026-12-04", time.Date(2026, 12, 4, 0, 30, 0, 0, time.FixedZone("CET", 3600)), ""}, // 23:30 UTC the day before
		{"2030-01-01", officeToday, "client.birthFuture"},
	} {
		fo.BirthDate = tc.birth
		var key string
		for _, e := range fo.Normalize().Validate(tc.today) {
			key = e.Key
		}
		if key != tc.key {
			t.Errorf("born %s, today %v: %q, want %q", tc.birth, tc.today, key, tc.key)
		}
	}
	// A row that arrives unnormalized (a pushed op) is refused.
	raw := base
	raw.BirthDate = "14.05.1944"
	if errs := raw.Validate(officeToday); len(errs) != 1 || errs[0].Key != "date.format" {
		t.Errorf("unnormalized birth date: %+v", errs)
	}
}

func TestMask(t *testing.T) {
	if got := Mask("44051401458"); got != "44•••••••58" {
		t.Fatal(got)
	}
	if got := MaskName("Łucja  Żółkiewska-Nowak"); got != "Ł. Ż." {
		t.Fatal(got)
	}
	c := Client{Kind: Person, FirstName: "Jan", LastName: "Kowalski", Street: "ul. Polna", HouseNo: "3", FlatNo: "4", PostalCode: "99-300", City: "Przykładowo"}
	if c.Address() != "ul. Polna 3/4, 99-300 Przykładowo" || c.NameKey() != "kowalski jan" {
		t.Fatalf("%q %q", c.Address(), c.NameKey())
	}
}

func testCard() catalog.Card {
	return catalog.Card{Documents: []catalog.Document{
		{ID: "wniosek", Name: "Wniosek", Presentation: catalog.Original, Required: true},
		{ID: "dowod", Name: "Dowód osobisty", Presentation: catalog.Show, Required: true, Check: catalog.CheckIDCard, MustBeValid: true},
		{ID: "oplata", Name: "Dowód opłaty", Presentation: catalog.Copy, Required: true},
		{ID: "pelnomocnictwo", Name: "Pełnomocnictwo", Presentation: catalog.Original, Required: true,
			When: &catalog.Condition{Field: "przezPelnomocnika", Equals: true}},
		{ID: "zalacznik", Name: "Załącznik", Presentation: catalog.Copy},
	}}
}

func TestChecklist(t *testing.T) {
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	items := BuildChecklist(testCard(), map[string]any{"przezPelnomocnika": false}, nil)
	if items[3].Applies || !items[0].Applies {
		t.Fatalf("conditions: %+v", items)
	}
	res := Evaluate(items, day)
	if res.Complete || len(res.Blocking()) != 3 {
		t.Fatalf("nothing marked: %+v", res)
	}
	items[0].Mark = Original
	items[1].Mark, items[1].Number, items[1].ValidUntil = Presented, "ABS123456", "2030-01-01"
	items[2].Mark = Missing
	res = Evaluate(items, day)
	if res.Complete || len(res.Missing) != 1 || res.Missing[0].DocID != "oplata" || len(res.Blocking()) != 0 {
		t.Fatalf("fee proof missing: %+v", res)
	}
	items[2].Mark = Presented // a showing is not enough where a copy is asked for
	res = Evaluate(items, day)
	if res.Complete || len(res.Problems) != 1 || res.Problems[0].Key != "checklist.wrongForm" {
		t.Fatalf("wrong form: %+v", res)
	}
	items[2].Mark = Copy
	if res = Evaluate(items, day); !res.Complete {
		t.Fatalf("complete: %+v", res)
	}
	items[1].ValidUntil = "2026-11-22" // expired the day before submission
	res = Evaluate(items, day)
	if res.Complete || res.Missing[0].DocID != "dowod" || res.Problems[0].Key != "checklist.expired" {
		t.Fatalf("expired: %+v", res)
	}
	items[1].ValidUntil = "2026-11-23" // valid on the day itself
	if res = Evaluate(items, day); !res.Complete {
		t.Fatalf("valid on the day: %+v", res)
	}
	items[1].Number = "ABS523456"
	if res = Evaluate(items, day); len(res.Blocking()) != 1 || res.Blocking()[0].Key != "field.checksum" ||
		res.Blocking()[0].Args["field"] != "@intake.docNumber" {
		t.Fatalf("bad ID number: %+v", res)
	}
	items[1].Number = "ABS52345" // one character short: both counts, nothing left as a placeholder
	if res = Evaluate(items, day); len(res.Blocking()) != 1 || res.Blocking()[0].Key != "field.length" ||
		res.Blocking()[0].Args["count"] != "9" || res.Blocking()[0].Args["n"] != "8" {
		t.Fatalf("short ID number: %+v", res)
	}
	items[1].Number, items[1].ValidUntil = "ABS123456", ""
	if res = Evaluate(items, day); len(res.Blocking()) != 1 || res.Blocking()[0].Key != "checklist.validUntilMissing" {
		t.Fatalf("no expiry date: %+v", res)
	}
	// Answering "through a proxy" adds the power of attorney, keeping marks.
	items[1].ValidUntil = "2030-01-01"
	again := BuildChecklist(testCard(), map[string]any{"przezPelnomocnika": true}, items)
	if !again[3].Applies || again[0].Mark != Original || again[1].Number != "ABS123456" {
		t.Fatalf("rebuild: %+v", again)
	}
	if res = Evaluate(again, day); len(res.Blocking()) != 1 || res.Blocking()[0].DocID != "pelnomocnictwo" {
		t.Fatalf("proxy: %+v", res)
	}
}

// TestChecklistTypedDates: a document's "ważny do" is read as a clerk types
// it, and an expiry date that cannot be read never passes as unexpired.
func TestChecklistTypedDates(t *testing.T) {
	day := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	items := BuildChecklist(testCard(), map[string]any{"przezPelnomocnika": false}, nil)
	items[0].Mark, items[2].Mark = Original, Copy
	items[1].Mark, items[1].Number = Presented, "ABS123456"
	for _, tc := range []struct {
		typed    string
		problem  string // the item's problem key, "" for none
		missing  bool   // counted as missing (expired or unreadable)
		blocking bool
	}{
		{"31.12.2026", "", false, false},
		{"31.12.2026 r.", "", false, false},
		{"3.12.2026", "", false, false}, // valid on the day itself
		{"2026-12-03", "", false, false},
		{"31/12/2026", "", false, false},
		{"2.12.2026", "checklist.expired", true, false},
		{"31.12.2025", "checklist.expired", true, false},
		{"31.12.2025 r.", "checklist.expired", true, false},
		{"31.12.26", "date.twoDigitYear", true, true},
		{"31.02.2027", "date.noSuchDay", true, true},
		{"12/31/2026", "date.noSuchDay", true, true},
		{"do odwołania", "date.format", true, true},
	} {
		items[1].ValidUntil = tc.typed
		res := Evaluate(items, day)
		var problem string
		for _, p := range res.Problems {
			if p.DocID == "dowod" {
				problem = p.Key
				if p.Key != "checklist.expired" && p.Args["field"] == "" {
					t.Errorf("%q: the problem names no field: %+v", tc.typed, p)
				}
			}
		}
		missing := len(res.Missing) == 1 && res.Missing[0].DocID == "dowod"
		if problem != tc.problem || missing != tc.missing || (len(res.Blocking()) > 0) != tc.blocking || res.Complete == tc.missing {
			t.Errorf("%q: problem %q missing %v blocking %v complete %v; want %q %v %v", tc.typed, problem, missing,
				res.Blocking(), res.Complete, tc.problem, tc.missing, tc.blocking)
		}
	}
}

// TestClientBadInput: what the printouts cannot draw is refused in the
// field that holds it, with the field and the character named; what nobody
// can see (zero-width spaces, direction marks) is dropped, and accents
// typed apart are composed, before anything is stored.
func TestClientBadInput(t *testing.T) {
	ok := Client{Kind: Person, FirstName: "Jan", LastName: "Kowalski", PESEL: "44051401458", Sex: "M", BirthDate: "1944-05-14"}
	long := strings.Repeat("a", 10000)
	for _, tc := range []struct {
		name  string
		edit  func(c *Client)
		field string
		key   string
		char  string
	}{
		{"emoji in the surname", func(c *Client) { c.LastName = "Kowalski 😀" }, "lastName", "text.badChar", "😀"},
		{"emoji in the city", func(c *Client) { c.City = "Kraków 🏰" }, "city", "text.badChar", "🏰"},
		{"markup in the first name", func(c *Client) { c.FirstName = "<b>Jan</b>" }, "firstName", "text.badChar", "<"},
		{"10,000 characters", func(c *Client) { c.FirstName = long }, "firstName", "text.tooLong", ""},
		{"a control character", func(c *Client) { c.Street = "Długa\x07" }, "street", "text.control", "U+0007"},
		{"Chinese in the surname", func(c *Client) { c.LastName = "王" }, "lastName", "text.badChar", "王"},
		{"emoji in the PESEL", func(c *Client) { c.PESEL = "4405140145😀" }, "pesel", "text.badChar", "😀"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := ok
			tc.edit(&c)
			errs := c.Normalize().Validate(officeToday)
			if len(errs) != 1 || errs[0].Field != tc.field || errs[0].Key != tc.key || errs[0].Args["char"] != tc.char ||
				errs[0].Args["field"] != "@client.field."+tc.field {
				t.Fatalf("errors %+v, want one %s %s %q", errs, tc.field, tc.key, tc.char)
			}
		})
	}
	c := ok
	c.FirstName, c.LastName = "\u200bJan\u200f", "Z\u0307o\u0301\u0142ty\u202e"
	c.PESEL, c.Phone = "440 514-014 58", "\u00a0601 999 888"
	n := c.Normalize()
	if n.FirstName != "Jan" || n.LastName != "Żółty" || n.PESEL != "44051401458" || n.Phone != "601 999 888" {
		t.Fatalf("normalized %+v", n)
	}
	if errs := n.Validate(officeToday); len(errs) != 0 {
		t.Fatalf("clean input refused: %+v", errs)
	}
	biz := Client{Kind: Business, BusinessName: "Piekarnia „Kłos” sp. z o.o.", NIP: "123 456 32 18"}
	if errs := biz.Normalize().Validate(officeToday); len(errs) != 0 {
		t.Fatalf("business: %+v", errs)
	}
	// A wrong length says the count expected and the count typed.
	short := ok
	short.PESEL = "4405140145"
	errs := short.Normalize().Validate(officeToday)
	if len(errs) != 1 || errs[0].Key != "field.length" || errs[0].Args["count"] != "11" || errs[0].Args["n"] != "10" {
		t.Fatalf("short PESEL: %+v", errs)
	}
}

// TestMaskName: a draft's label shows initials of letters only, whatever
// the name holds while it is being typed.
func TestMaskName(t *testing.T) {
	for in, want := range map[string]string{
		"Jan Kowalski":                   "J. K.",
		"łucja żółć-ślęzak":              "Ł. Ż.",
		"<b>Jan</b> Nowak":               "J. N.",
		"< script > onload Wójcik":       "O. W.",
		"  ":                             "",
		"Олена Коваленко":                "О. К.",
		"\u200bJan \u202eNowak":          "J. N.",
		"Jan 😀 Nowak":                    "J. N.",
		"Anna Maria Barbara Zofia Nowak": "A. M. B. Z. N.",
	} {
		if got := MaskName(in); got != want {
			t.Errorf("MaskName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestClientIdentifiersByCard: a card asking a name and an address only
// (a complaint) takes a person without a PESEL; a card asking a PESEL
// still refuses one; a PESEL given anyway is still checked.
func TestClientIdentifiersByCard(t *testing.T) {
	fields := func(errs []FieldError) map[string]string {
		m := map[string]string{}
		for _, e := range errs {
			m[e.Field] = e.Key
		}
		return m
	}
	noPESEL := Client{Kind: Person, FirstName: "Jan", LastName: "Kowalski", Street: "Polna", HouseNo: "3", PostalCode: "99-300", City: "Przykładowo"}
	if k := fields(noPESEL.Normalize().ValidateFor(officeToday, catalog.IdentNameAddress)); len(k) != 0 {
		t.Fatalf("complaint without PESEL refused: %v", k)
	}
	if k := fields(noPESEL.Normalize().ValidateFor(officeToday, catalog.IdentPESEL)); k["pesel"] != "field.required" {
		t.Fatalf("card asking a PESEL took a person without one: %v", k)
	}
	if k := fields(noPESEL.Normalize().Validate(officeToday)); k["pesel"] != "field.required" {
		t.Fatalf("Validate is the PESEL rule: %v", k)
	}
	noAddress := noPESEL
	noAddress.HouseNo, noAddress.City = "", ""
	if k := fields(noAddress.Normalize().ValidateFor(officeToday, catalog.IdentNameAddress)); k["houseNo"] != "field.required" || k["city"] != "field.required" || k["pesel"] != "" {
		t.Fatalf("name and address card without an address: %v", k)
	}
	badPESEL := noPESEL
	badPESEL.PESEL = "44051401459"
	if k := fields(badPESEL.Normalize().ValidateFor(officeToday, catalog.IdentNameAddress)); k["pesel"] != "field.checksum" {
		t.Fatalf("a PESEL given is checked whatever the card: %v", k)
	}
	doc := noPESEL
	if k := fields(doc.Normalize().ValidateFor(officeToday, catalog.IdentDocument)); k["docNumber"] != "field.required" || k["pesel"] != "" {
		t.Fatalf("document card without a document: %v", k)
	}
	doc.DocType, doc.DocNumber = "id-card", "ABA300000"
	if k := fields(doc.Normalize().ValidateFor(officeToday, catalog.IdentDocument)); len(k) != 0 {
		t.Fatalf("document card with an ID card: %v", k)
	}
	// The registry, without the card, takes what some card takes.
	if errs := noPESEL.Normalize().ValidateAny(officeToday); len(errs) != 0 {
		t.Fatalf("ValidateAny refused a name-and-address client: %v", errs)
	}
	if errs := (Client{Kind: Person, FirstName: "Jan"}).Normalize().ValidateAny(officeToday); len(errs) == 0 {
		t.Fatal("ValidateAny took a person with a first name only")
	}
	biz := Client{Kind: Business, BusinessName: "Piekarnia Kłos", HouseNo: "1", City: "Przykładowo"}
	if k := fields(biz.Normalize().ValidateFor(officeToday, catalog.IdentNameAddress)); len(k) != 0 {
		t.Fatalf("business without NIP on a complaint: %v", k)
	}
	if k := fields(biz.Normalize().ValidateFor(officeToday, catalog.IdentPESEL)); k["nip"] != "field.required" {
		t.Fatalf("business without NIP on a card asking one: %v", k)
	}
}
