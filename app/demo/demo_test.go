package demo

import (
	"encoding/json"
	"testing"

	"okienko/app/auth"
	"okienko/app/catalog"
	"okienko/app/ident"
)

func TestDemoCatalogueIsValid(t *testing.T) {
	o, err := LoadOffice()
	if err != nil {
		t.Fatal(err)
	}
	env := catalog.Env{Units: map[string]bool{}}
	for _, u := range o.Units {
		env.Units[u.Symbol] = true
	}
	f, probs := catalog.Parse(CatalogueJSON, env)
	for _, p := range probs {
		t.Errorf("%s", p)
	}
	if f == nil {
		t.FailNow()
	}
	if len(f.Cards) < 12 {
		t.Errorf("demo has %d cards, want at least 12", len(f.Cards))
	}
	for _, c := range f.Cards {
		var schema struct {
			Properties map[string]json.RawMessage `json:"properties"`
		}
		if err := json.Unmarshal(c.Form.Schema, &schema); err != nil {
			t.Fatal(err)
		}
		if n := len(schema.Properties); n < 5 || n > 20 {
			t.Errorf("%s: form has %d fields, want 5-20", c.Code, n)
		}
		if !c.Sample {
			t.Errorf("%s: demo values must be marked sample", c.Code)
		}
		if len(c.Documents) == 0 && c.Code != "informacja-publiczna" {
			t.Errorf("%s: no documents", c.Code)
		}
	}
}

// TestZaswiadczenieFee pins the fee the counter-intake tests rely on.
func TestZaswiadczenieFee(t *testing.T) {
	var f catalog.File
	if err := json.Unmarshal(CatalogueJSON, &f); err != nil {
		t.Fatal(err)
	}
	for _, c := range f.Cards {
		if c.Code == "zaswiadczenie-o-zameldowaniu" {
			var always int64
			for _, fee := range c.Fees {
				if fee.When == nil {
					always += fee.AmountGrosze
				}
			}
			if always != 1700 || c.Deadline.Kind != catalog.DeadlineDays || c.Deadline.N != 7 {
				t.Fatalf("fee %d, deadline %+v", always, c.Deadline)
			}
			return
		}
	}
	t.Fatal("no zaswiadczenie-o-zameldowaniu card")
}

func TestDemoOffice(t *testing.T) {
	o, err := LoadOffice()
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Office.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := ident.NRB(o.Office.FeeAccount); err != nil {
		t.Fatal(err)
	}
	if len(o.Units) < 4 || len(o.Staff) < 8 {
		t.Fatalf("%d units, %d staff", len(o.Units), len(o.Staff))
	}
	ids := map[string]bool{}
	for _, s := range o.Staff {
		ids[s.ID] = true
	}
	roles := map[string]int{}
	for _, s := range o.Staff {
		if err := s.Staff.Validate(); err != nil {
			t.Error(err)
		}
		if s.SubstituteID != "" && !ids[s.SubstituteID] {
			t.Errorf("%s: substitute %s is not on the staff", s.Login, s.SubstituteID)
		}
		roles[string(s.Role)]++
	}
	if roles["admin"] == 0 || roles["clerk"] == 0 || roles["head"] == 0 {
		t.Errorf("roles = %v", roles)
	}
	// Argon2id at full cost is slow under -race; one account proves the
	// hashes were made from Password.
	ok, err := auth.Verify(Password, o.Staff[0].PasswordHash)
	if err != nil || !ok {
		t.Fatalf("demo password does not match %s's hash: %v", o.Staff[0].Login, err)
	}
}

// TestEveryCardHasStaff: the directory must name someone for every service,
// and competences must name real cards.
func TestEveryCardHasStaff(t *testing.T) {
	o, _ := LoadOffice()
	var f catalog.File
	if err := json.Unmarshal(CatalogueJSON, &f); err != nil {
		t.Fatal(err)
	}
	codes := map[string]bool{}
	for _, c := range f.Cards {
		codes[c.Code] = false
	}
	for _, s := range o.Staff {
		for _, code := range s.Competences {
			if _, ok := codes[code]; !ok {
				t.Errorf("%s handles unknown card %q", s.Login, code)
			}
			codes[code] = true
		}
	}
	for code, handled := range codes {
		if !handled {
			t.Errorf("nobody handles %s", code)
		}
	}
}
