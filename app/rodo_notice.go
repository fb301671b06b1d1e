package app

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"okienko/app/catalog"
	"okienko/app/office"
	"okienko/app/pdf"
	"okienko/app/retention"
	"okienko/db"
)

// loadIOD reads the office's data protection officer from its settings
// (office.SettingIOD*, set at the registry); none set is an empty IOD,
// and the notice then sends the client to the office.
func loadIOD(ctx context.Context, st *db.Store, officeID string) (office.IOD, error) {
	var iod office.IOD
	for _, f := range []struct {
		key string
		dst *string
	}{{office.SettingIODName, &iod.Name}, {office.SettingIODEmail, &iod.Email}, {office.SettingIODAddress, &iod.Address}} {
		v, err := st.Setting(ctx, officeID, f.key)
		if err != nil && !errors.Is(err, db.ErrNotFound) {
			return iod, err
		}
		*f.dst = v
	}
	return iod, nil
}

// rodoNotice is the information RODO art. 13 asks for, filled from the
// office (the controller, its IOD) and the case's card (the matter, its
// legal basis, the point of art. 6(1), the archival category, whether the
// data is obligatory), one whole sentence per item in the printout's
// language (brief, "RODO art. 13 notice"). card is the card as the client
// reads it (catalog.Card.In); its legal basis is cited as written, in
// Polish, the law's own words.
// recipients are sentences the letter adds after the general one (a
// complaint forwarded to another body went there with the data).
func (t *pr) rodoNotice(o office.Office, iod office.IOD, card catalog.Card, recipients ...string) pdf.Block {
	officeAddress := o.Street + ", " + o.PostalCode + " " + o.City
	paras := []string{t.T("rodo.controller", "office", o.Name, "address", officeAddress), t.iodSentence(o, iod)}
	basis := "c"
	if card.RodoBasis == "e" {
		basis = "e"
	}
	paras = append(paras,
		t.T("rodo.purpose."+basis, "title", card.Title, "basis", strings.Join(card.LegalBasis, "; ")),
		t.T("rodo.recipients"))
	paras = append(paras, recipients...)
	paras = append(paras,
		t.retentionSentence(card.Archival),
		t.T("rodo.rights"),
		t.T("rodo.objection."+basis),
		t.T("rodo.complaint"))
	obligation := "statutory"
	if card.DataObligation == "condition" {
		obligation = "condition"
	}
	paras = append(paras, t.T("rodo.obligation."+obligation), t.T("rodo.contactVoluntary"), t.T("rodo.automated"))
	return pdf.Block{Heading: t.T("receipt.rodoTitle"), Small: true, Paragraphs: paras}
}

// iodSentence says how to reach the data protection officer: the IOD's
// own contact, else the office's.
func (t *pr) iodSentence(o office.Office, iod office.IOD) string {
	officeAddress := o.Name + ", " + o.Street + ", " + o.PostalCode + " " + o.City
	iodAddress := iod.Address
	if iodAddress == "" {
		iodAddress = officeAddress
	}
	switch {
	case iod.Email == "":
		return t.T("rodo.iodOffice", "email", o.Email, "address", officeAddress)
	case iod.Name == "":
		return t.T("rodo.iodUnnamed", "email", iod.Email, "address", iodAddress)
	}
	return t.T("rodo.iod", "name", iod.Name, "email", iod.Email, "address", iodAddress)
}

// rodoShort is the notice of a later letter in a case: the full art. 13
// notice was handed to the client with the case's receipt (the office's
// way: given once, when the data is collected), so the letter names the
// controller and the IOD's contact and says where the full notice is.
func (t *pr) rodoShort(o office.Office, iod office.IOD, sign string) pdf.Block {
	where := t.T("rodo.shortWhere", "sign", sign)
	if o.Website != "" {
		where = t.T("rodo.shortWhereWebsite", "sign", sign, "website", o.Website)
	}
	return pdf.Block{Heading: t.T("receipt.rodoTitle"), Small: true, Paragraphs: []string{
		t.T("rodo.controller", "office", o.Name, "address", o.Street+", "+o.PostalCode+" "+o.City),
		t.iodSentence(o, iod), where}}
}

// retentionSentence says in words how long the case file is kept under
// its archival category (app/retention); a card without one refers to
// the office's JRWA.
func (t *pr) retentionSentence(category string) string {
	cat, err := retention.Parse(category)
	if err != nil {
		return t.T("rodo.retention.none")
	}
	switch cat.Kind {
	case retention.Archival:
		return t.T("rodo.retention.A")
	case retention.ShortLived:
		return t.T("rodo.retention.Bc")
	}
	return t.T("rodo.retention."+string(cat.Kind), "count", strconv.Itoa(cat.Years), "category", cat.String())
}
