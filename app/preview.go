package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"okienko/app/cases"
	"okienko/app/casesign"
	"okienko/app/catalog"
	"okienko/app/i18n"
	"okienko/app/office"
	"okienko/app/officeclock"
	"okienko/app/pdf"
)

// Previews: the registry's console (sync/registry/console) shows the admin
// the card PDF ("Karta usługi") and a sample receipt of a card as edited,
// before it is published, laid out by the very code a device prints them
// with (cardSheet, receiptSheet). They need no device store: the office's
// facts come from the registry, the case and its client are made up.

// PreviewFacts are the office's facts a preview is printed with, as the
// registry holds them.
type PreviewFacts struct {
	I18n   *i18n.Bundle
	Office office.Office
	Units  []office.Unit
	Staff  []office.Staff
	IOD    office.IOD
	Now    time.Time      // the registry's time
	Zone   *time.Location // the office's zone
}

// Preview kinds.
const (
	PreviewCard    = "card"    // the card PDF, Karta usługi
	PreviewReceipt = "receipt" // a sample receipt, Potwierdzenie przyjęcia sprawy
)

// The sample case's people: obviously made up, never anyone's data.
var (
	sampleClient = cases.Client{Kind: cases.Person, FirstName: "Jan", LastName: "Przykładowy",
		PESEL: "00000000000", Street: "ul. Przykładowa", HouseNo: "1", PostalCode: "00-000", City: "Przykładowo"}
	sampleClerk = office.Staff{FirstName: "Anna", LastName: "Przykładowa", Position: "inspektor",
		PositionIn: map[string]string{"en": "inspector", "uk": "інспектор"}}
)

// RenderPreview lays out a preview of card (not yet published: its
// version is the one it would be published as) in lang (pl, en, uk) and
// renders it as a PDF. Every page is bannered as a preview.
func RenderPreview(f PreviewFacts, card catalog.Card, kind, lang string) ([]byte, error) {
	if f.I18n == nil {
		return nil, fmt.Errorf("app: preview: no translations")
	}
	zone := f.Zone
	if zone == nil {
		zone = officeclock.MustZone(officeclock.DefaultZone)
	}
	now := f.Now
	c := &Core{Deps: Deps{I18n: f.I18n, Log: slog.New(slog.DiscardHandler)},
		clock: officeclock.New(func() time.Time { return now }, zone)}
	var unit office.Unit
	for _, u := range f.Units {
		if u.Symbol == card.Unit {
			unit = u
		}
	}
	v := catalog.Version{ID: "preview", UnitID: unit.ID, Card: card, StoredAt: now}
	t := c.tr(lang)
	var sheet pdf.Sheet
	switch kind {
	case PreviewCard:
		_, translated := card.In(t.lang)
		sheet = c.cardSheet(t, t.cardViewIn(v, f.Office, unit, f.Staff), f.Office, translated)
	case PreviewReceipt:
		cc, err := sampleCase(c, v, f, unit)
		if err != nil {
			return nil, err
		}
		sheet = t.receiptSheet(cc)
	default:
		return nil, fmt.Errorf("app: preview of %q", kind)
	}
	sheet.Banner = strings.TrimSpace(t.T("pdf.previewBanner") + " " + sheet.Banner)
	if t.err != nil {
		return nil, fmt.Errorf("app: compose %s preview: %w", kind, t.err)
	}
	var buf bytes.Buffer
	if err := pdf.Write(&buf, sheet); err != nil {
		if ch := unprintable(sheet); ch != "" {
			return nil, i18n.E("print.unprintable", fmt.Errorf("app: %s preview: %w", kind, err), "char", ch, "printout", "@printout."+kind)
		}
		return nil, fmt.Errorf("app: render %s preview: %w", kind, err)
	}
	return buf.Bytes(), nil
}

// sampleCase is a case of the card registered today, complete, by a
// made-up clerk for a made-up client, its form filled with the card's
// own examples.
func sampleCase(c *Core, v catalog.Version, f PreviewFacts, unit office.Unit) (caseContext, error) {
	answers := map[string]any{}
	for name, ui := range v.Card.Form.UI.Fields {
		if ui.Example != nil {
			answers[name] = ui.Example
		}
	}
	form, err := json.Marshal(answers)
	if err != nil {
		return caseContext{}, fmt.Errorf("app: preview answers: %w", err)
	}
	now := c.Now()
	cs := cases.Case{ID: "preview", CardID: v.ID, Status: cases.Registered,
		Sign:        casesign.Sign{Register: casesign.Register{Unit: unit.Symbol, JRWA: v.Card.JRWA, Year: now.Year()}, No: 1},
		SubmittedOn: c.Today().Format(time.DateOnly), Form: form, CreatedAt: now, UpdatedAt: now}
	if err := c.refreshDue(v.Card, &cs); err != nil {
		return caseContext{}, fmt.Errorf("app: preview deadline: %w", err)
	}
	return caseContext{cs: cs, v: v, client: sampleClient, office: f.Office, unit: unit, clerk: sampleClerk, iod: f.IOD}, nil
}
