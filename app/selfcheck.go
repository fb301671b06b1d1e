package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"time"

	"okienko/app/cases"
	"okienko/app/catalog"
	"okienko/app/demo"
)

// selfCheckCard is the demo card the self-check registers a case under:
// a certificate needs no inquiry, so its receipt is complete.
const selfCheckCard = "zaswiadczenie o zameldowaniu"

// SelfCheck is the headless check of an installed build (`okienko
// --self-check`, run under Wine in CI): on the demo office it signs in
// (which unlocks the sealed store through the key file), registers a case
// with the card's own examples, renders its receipt and reads it back
// through the printout store, then signs out. Each step prints one line
// to out; the first failure is returned. It refuses an office other than
// the demo: a check must never put a case into a real register.
func SelfCheck(ctx context.Context, c *Core, out io.Writer) error {
	start := time.Now()
	step := func(format string, args ...any) {
		fmt.Fprintf(out, "self-check: %-40s %6d ms\n", fmt.Sprintf(format, args...), time.Since(start).Milliseconds())
	}
	d, err := demo.LoadOffice()
	if err != nil {
		return err
	}
	if c.OfficeID() != d.Office.ID {
		return errors.New("app: self-check: the data directory holds a real office, not the demo; give --data an empty folder")
	}
	step("data directory open, migrated, demo office")
	auth := NewAuthService(c)
	login := "jnowak" // a clerk of the BOM, who registers every matter
	if _, err := auth.SignIn(login, demo.Password); err != nil {
		return fmt.Errorf("app: self-check: sign in: %w", err)
	}
	defer auth.SignOut()
	c.Keys.Settle()
	step("signed in, store unlocked")
	hits := c.search(selfCheckCard)
	if len(hits) == 0 {
		return fmt.Errorf("app: self-check: no card %q", selfCheckCard)
	}
	intake := NewIntakeService(c)
	open, err := intake.StartDraft(hits[0].ID)
	if err != nil {
		return fmt.Errorf("app: self-check: start a draft: %w", err)
	}
	in, err := selfCheckDraft(ctx, c, open)
	if err != nil {
		return err
	}
	res, err := intake.Register(in)
	if err != nil {
		return fmt.Errorf("app: self-check: register: %w", err)
	}
	if !res.OK || res.Sign == "" || res.PrintFailed {
		return fmt.Errorf("app: self-check: register refused or not printed: %+v", res.Problems)
	}
	step("case %s registered", res.Sign)
	view, err := NewPrintoutService(c, nil).Open(res.Receipt.Path)
	if err != nil {
		return fmt.Errorf("app: self-check: open the receipt: %w", err)
	}
	pdf, err := base64.StdEncoding.DecodeString(view.Data)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) || len(pdf) < 1000 {
		return fmt.Errorf("app: self-check: the receipt is not a PDF (%d bytes, %v)", len(pdf), err)
	}
	step("receipt rendered, sealed, read back (%d kB)", len(pdf)/1024)
	// What a silent install's /REGISTRY= wrote (HKLM on Windows), as the
	// enrolment screen will offer it: wine-check.sh compares it.
	if r := presetRegistry(); r != "" {
		step("registry address from the installer: %s", r)
	}
	return nil
}

// selfCheckDraft fills a draft as a clerk would: the form's examples, a
// fictitious client (a valid test PESEL), every document presented.
func selfCheckDraft(ctx context.Context, c *Core, open DraftOpen) (DraftInput, error) {
	in := open.Draft
	for _, f := range open.Form.Fields {
		if f.Example != nil {
			in.Answers[f.Name] = f.Example
		}
	}
	in.Client = cases.Client{Kind: cases.Person, FirstName: "Test", LastName: "Samosprawdzenie", PESEL: "02270803624",
		BirthDate: "2002-07-08", Sex: "K", Street: "ul. Próbna", HouseNo: "1", PostalCode: "99-300", City: "Przykładowo"}
	v, err := c.Store.Card(ctx, in.CardID)
	if err != nil {
		return in, fmt.Errorf("app: self-check: card: %w", err)
	}
	in.Checklist = cases.BuildChecklist(v.Card, visibleAnswers(v.Card, in.Answers), nil)
	for i, it := range in.Checklist {
		in.Checklist[i].Mark = cases.Original
		if it.Presentation == catalog.Show {
			in.Checklist[i].Mark = cases.Presented
		}
		if it.MustBeValid {
			in.Checklist[i].ValidUntil = time.Now().AddDate(5, 0, 0).Format("2006-01-02")
		}
		if it.Check == catalog.CheckIDCard {
			in.Checklist[i].Number = "ABS123456"
		}
	}
	return in, nil
}
