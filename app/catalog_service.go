package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"okienko/app/audit"
	"okienko/app/catalog"
	"okienko/app/i18n"
	"okienko/app/office"
	"okienko/app/pdf"
	"okienko/db"
)

// CatalogService is the service catalogue: search, card view, the card
// printout, and import/export of the catalogue file.
type CatalogService struct {
	c *Core
}

// NewCatalogService binds the service to the core.
func NewCatalogService(c *Core) *CatalogService { return &CatalogService{c: c} }

// Search finds current cards by words typed without diacritics.
func (s *CatalogService) Search(query string) ([]CardSummary, error) {
	ctx := context.Background()
	if _, err := s.c.require(ctx); err != nil {
		return nil, err
	}
	return s.c.search(query), nil
}

func (c *Core) search(query string) []CardSummary {
	view := c.catalogue.Load()
	hits := view.index.Search(query)
	out := make([]CardSummary, len(hits))
	rows := view.rows[c.Locale()]
	for i, h := range hits {
		out[i] = rows[h.ID]
	}
	return out
}

// translatedTitles names a case's service in the interface language loc as
// the catalogue's list does: by its card version, or, for a case filed
// under a version since replaced, by the current card of the same Polish
// title; "" in Polish or when the card is not translated.
func (v *catalogueView) translatedTitles(loc string) func(cardID, title string) string {
	if v == nil || loc == i18n.Default {
		return func(string, string) string { return "" }
	}
	rows := v.rows[loc]
	var byTitle map[string]string // made at the first case of an older version
	return func(cardID, title string) string {
		if r, ok := rows[cardID]; ok {
			return r.TitleTr
		}
		if byTitle == nil {
			byTitle = make(map[string]string, len(rows))
			for _, r := range rows {
				byTitle[r.Title] = r.TitleTr
			}
		}
		return byTitle[title]
	}
}

// feeSummary is the list's fee column: the fees always due, or "bez opłat".
func (t tr) feeSummary(card catalog.Card) string {
	if len(card.Fees) == 0 {
		return t.T("card.noFees")
	}
	var sum int64
	conditional := false
	for _, f := range card.Fees {
		if f.When == nil {
			sum += f.AmountGrosze
		} else {
			conditional = true
		}
	}
	if sum == 0 && conditional {
		return t.T("card.feesConditional")
	}
	return t.Money(sum)
}

// Card returns one card version for reading.
func (s *CatalogService) Card(id string) (CardDetail, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return CardDetail{}, err
	}
	d, err := s.c.card(ctx, id, s.c.ui())
	if err != nil {
		return CardDetail{}, err
	}
	s.c.audit(ctx, st.ID, audit.CardView, "service_card", id)
	return d, nil
}

// card renders a card version for the screen, in t's language.
func (c *Core) card(ctx context.Context, id string, t tr) (CardDetail, error) {
	v, err := c.Store.Card(ctx, id)
	if errors.Is(err, db.ErrNotFound) {
		return CardDetail{}, i18n.E("catalog.cardNotFound", err)
	}
	if err != nil {
		return CardDetail{}, c.internal("load card", err)
	}
	o, err := c.Store.Office(ctx)
	if err != nil {
		return CardDetail{}, c.internal("load office", err)
	}
	u, err := c.Store.Unit(ctx, v.UnitID)
	if err != nil {
		return CardDetail{}, c.internal("load unit", err)
	}
	staff, err := c.Store.StaffList(ctx, c.officeID)
	if err != nil {
		return CardDetail{}, c.internal("list staff", err)
	}
	t2 := t.pr()
	d := t2.cardViewIn(v, o, u, staff)
	if err := markAbsentNow(ctx, c, t2, d.Staff, staff, u.ID); err != nil {
		return CardDetail{}, err
	}
	return d, nil
}

// PrintCard writes the client-facing "Karta usługi" PDF, in Polish, into
// the data directory and opens it in the system viewer.
func (s *CatalogService) PrintCard(id string) (Printout, error) {
	return s.PrintCardIn(id, i18n.Default)
}

// PrintCardIn prints the card for a client who reads lang (pl, en, uk):
// the frame, dates and money in that language, the card's own texts as
// the office wrote them, in Polish, and said so.
func (s *CatalogService) PrintCardIn(id, lang string) (Printout, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return Printout{}, err
	}
	raw, name, err := s.c.cardPDF(ctx, id, lang)
	if err != nil {
		return Printout{}, err
	}
	out, err := s.c.writeNewOutput("wydruki", name, raw)
	if err != nil {
		return Printout{}, err
	}
	s.c.audit(ctx, st.ID, audit.CardPrint, "service_card", id)
	if err := s.c.Opener.Open(out.Path); err != nil {
		s.c.Log.Warn("open printout", "err", err)
		return out, i18n.E("print.openFailed", err, "path", out.Path)
	}
	return out, nil
}

// cardPDF renders a card version for a client reading lang, and names
// its file (without ".pdf").
func (c *Core) cardPDF(ctx context.Context, id, lang string) ([]byte, string, error) {
	v, err := c.Store.Card(ctx, id)
	if errors.Is(err, db.ErrNotFound) {
		return nil, "", i18n.E("catalog.cardNotFound", err)
	}
	if err != nil {
		return nil, "", c.internal("load card", err)
	}
	o, err := c.Store.Office(ctx)
	if err != nil {
		return nil, "", c.internal("load office", err)
	}
	u, err := c.Store.Unit(ctx, v.UnitID)
	if err != nil {
		return nil, "", c.internal("load unit", err)
	}
	staff, err := c.Store.StaffList(ctx, c.officeID)
	if err != nil {
		return nil, "", c.internal("list staff", err)
	}
	t := c.tr(lang)
	_, translated := v.Card.In(t.lang)
	d := t.cardViewIn(v, o, u, staff)
	if err := markAbsentNow(ctx, c, t, d.Staff, staff, u.ID); err != nil {
		return nil, "", err
	}
	sheet := c.cardSheet(t, d, o, translated)
	if t.err != nil {
		return nil, "", c.internal("compose card pdf", t.err)
	}
	var buf bytes.Buffer
	if err := pdf.Write(&buf, sheet); err != nil {
		return nil, "", c.internal("render card pdf", err)
	}
	name := fmt.Sprintf("karta-uslugi-%s-v%d", v.Card.Code, v.Card.Version)
	if t.lang != i18n.Default {
		name += "-" + t.lang
	}
	return buf.Bytes(), name, nil
}

// writeOutput writes a file atomically under DataDir/sub: a crash never
// leaves a half-written PDF that looks complete.
func (c *Core) writeOutput(sub, name string, data []byte) (Printout, error) {
	dir := filepath.Join(c.DataDir, sub)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Printout{}, c.internal("create output dir", err)
	}
	path := filepath.Join(dir, name)
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return Printout{}, c.internal("create output", err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return Printout{}, c.internal("write output", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return Printout{}, c.internal("rename output", err)
	}
	return Printout{Path: path, Bytes: len(data)}, nil
}

// cardSheet lays a card out for the client.
func (c *Core) cardSheet(t *pr, d CardDetail, o office.Office, translated bool) pdf.Sheet {
	sh := pdf.Sheet{
		Header:    []string{o.Name, o.Street + ", " + o.PostalCode + " " + o.City, t.T("pdf.contact", "phone", keep(o.Phone), "email", o.Email)},
		HeaderR:   []string{t.T("pdf.cardCode", "code", d.Code, "version", strconv.Itoa(d.Version)), t.T("pdf.printed", "date", t.date(c.Today().Format(time.DateOnly)))},
		Title:     t.T("pdf.cardTitleOf", "title", d.Title),
		Subtitle:  d.Category + " · " + d.Unit.Name,
		Footer:    o.Name + " · " + t.T("pdf.cardTitle") + " · " + d.Title,
		PageLabel: t.T("pdf.page", "n", "{n}", "nb", "{nb}"),
		Author:    o.Name,
	}
	if d.Sample {
		sh.Banner = t.T("pdf.sampleBanner")
	}
	if t.lang != i18n.Default && !translated {
		sh.Subtitle += "\n" + t.T("pdf.cardInPolish")
	}
	add := func(b pdf.Block) { sh.Blocks = append(sh.Blocks, b) }
	add(pdf.Block{Heading: t.T("card.summary"), Paragraphs: []string{d.Summary}})
	add(pdf.Block{Heading: t.T("card.whoWhere"), Pairs: [][2]string{
		{t.T("card.whoMayApply"), d.WhoMayApply},
		{t.T("card.whereToFile"), d.WhereToFile},
		{t.T("card.unit"), t.T("card.unitLine", "unit", d.Unit.Name, "symbol", d.Unit.Symbol, "room", keep(d.Unit.Room), "phone", keep(d.Unit.Phone))},
	}})
	var docs []string
	for _, doc := range d.Documents {
		line := doc.Name + " – " + doc.Presentation
		if !doc.Required {
			line += " (" + t.T("card.optional") + ")"
		}
		if doc.Condition != "" {
			line += "; " + doc.Condition
		}
		if doc.MustBeValid {
			line += "; " + t.T("card.mustBeValid")
		}
		if doc.Note != "" {
			line += ". " + doc.Note
		}
		docs = append(docs, line)
	}
	if len(docs) == 0 {
		docs = []string{t.T("card.noDocuments")}
	}
	add(pdf.Block{Heading: t.T("card.documents"), Items: docs})
	fees := pdf.Block{Heading: t.T("card.fees")}
	if len(d.Fees) == 0 {
		fees.Paragraphs = []string{t.T("card.noFeesSentence")} // a sentence on paper, not a list's cell
	}
	for _, f := range d.Fees {
		line := t.T("card.feeLine", "fee", f.Name, "amount", f.Amount)
		if f.Condition != "" {
			line = t.T("card.feeLineWhen", "fee", f.Name, "amount", f.Amount, "condition", f.Condition)
		}
		line += " " + t.T("card.feeBasisLine", "basis", f.LegalBasis)
		if f.Cashier != "" {
			line += " " + t.T("card.payToOrCashier", "account", keep(f.Account), "cashier", f.Cashier)
		} else {
			line += " " + t.T("card.payToLine", "account", keep(f.Account))
		}
		if f.Exemptions != "" {
			line += " " + t.T("card.exemptionsLine", "exemptions", f.Exemptions)
		}
		fees.Items = append(fees.Items, line)
	}
	add(fees)
	// The paragraph is a sentence: "Niezwłocznie (art. 35 § 2 KPA)."
	deadline := upperFirst(d.Deadline.Text) + " (" + d.Deadline.Basis + ")"
	if d.Deadline.Note != "" {
		deadline += ". " + d.Deadline.Note
	}
	add(pdf.Block{Heading: d.Deadline.Label, Paragraphs: []string{deadline}})
	add(pdf.Block{Heading: t.T("card.steps"), Items: d.Steps, Numbered: true})
	add(pdf.Block{Heading: t.T("card.deliveryAppeal"), Pairs: [][2]string{
		{t.T("card.delivery"), d.Delivery}, {t.T("card.appeal"), d.Appeal},
	}})
	// The acts are cited as they are named, in Polish: a client reading
	// another language is told so in the heading.
	legal := t.T("card.legalBasis")
	if t.lang != i18n.Default {
		legal = t.T("card.legalBasisCited")
	}
	add(pdf.Block{Heading: legal, Items: d.LegalBasis})
	if len(d.Staff) > 0 {
		var who []string
		for _, st := range d.Staff {
			switch {
			case st.Absent && st.StandIn != "":
				who = append(who, t.T("card.staffLineAbsent", "name", st.Name, "position", st.Position, "room", keep(st.Room), "phone", keep(st.Phone),
					"date", t.date(st.AbsentUntil), "standIn", st.StandIn))
			case st.Absent:
				who = append(who, t.T("card.staffLineAbsentNoStandIn", "name", st.Name, "position", st.Position, "room", keep(st.Room), "phone", keep(st.Phone),
					"date", t.date(st.AbsentUntil)))
			default:
				who = append(who, t.T("card.staffLine", "name", st.Name, "position", st.Position, "room", keep(st.Room), "phone", keep(st.Phone)))
			}
		}
		add(pdf.Block{Heading: t.T("card.contact"), Items: who})
	}
	if d.Notes != "" {
		add(pdf.Block{Heading: t.T("card.notes"), Paragraphs: []string{d.Notes}})
	}
	return sh
}

// ExportCatalogue writes the current version of every card as one
// catalogue file into DataDir/eksport.
func (s *CatalogService) ExportCatalogue() (Printout, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return Printout{}, err
	}
	raw, n, err := s.exportCatalogue(ctx)
	if err != nil {
		return Printout{}, err
	}
	name := "katalog-" + s.c.Now().Format("2006-01-02-150405") + ".json"
	out, err := s.c.writeOutput("eksport", name, raw)
	if err != nil {
		return Printout{}, err
	}
	s.c.auditDetail(ctx, st.ID, audit.CatalogExport, "catalogue", "", fmt.Sprintf("cards=%d", n))
	return out, nil
}

func (s *CatalogService) exportCatalogue(ctx context.Context) ([]byte, int, error) {
	c := s.c
	cards, err := c.Store.CurrentCards(ctx, c.officeID)
	if err != nil {
		return nil, 0, c.internal("list cards", err)
	}
	o, err := c.Store.Office(ctx)
	if err != nil {
		return nil, 0, c.internal("load office", err)
	}
	f := catalog.File{Format: catalog.Format, FormatVersion: catalog.FormatVersion, Office: o.Name,
		ExportedAt: c.Now().UTC().Truncate(time.Second), Cards: make([]catalog.Card, len(cards))}
	for i, v := range cards {
		f.Cards[i] = v.Card
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, 0, c.internal("encode catalogue", err)
	}
	return buf.Bytes(), len(cards), nil
}

// ImportCatalogue validates a catalogue file (its text, as the admin chose
// it) and, if it has no problems at all, stores its new card versions in
// one transaction. Otherwise it changes nothing and lists every problem.
func (s *CatalogService) ImportCatalogue(content string) (ImportReport, error) {
	ctx := context.Background()
	st, err := s.c.requireRole(ctx, office.RoleAdmin)
	if err != nil {
		return ImportReport{}, err
	}
	// On a device of a registry the catalogue is the office's: it changes
	// at the registry, and reaches every device from there. A version
	// imported here would be refused by the registry anyway.
	if enrolled(ctx, s.c.Store) {
		return ImportReport{}, i18n.E("settings.importAtRegistry", errors.New("app: catalogue import on a device of a registry"))
	}
	return s.importCatalogue(ctx, st.ID, []byte(content))
}

func (s *CatalogService) importCatalogue(ctx context.Context, staffID string, raw []byte) (ImportReport, error) {
	c := s.c
	var plan catalog.Plan
	var probs []catalog.Problem
	errProblems := errors.New("problems")
	err := c.Store.InTx(ctx, func(tx *db.Tx) error {
		var err error
		plan, probs, err = applyCatalogue(ctx, tx, c.officeID, raw)
		if err != nil {
			return err
		}
		if len(probs) > 0 {
			return errProblems // roll back; nothing of the file is kept
		}
		return tx.Audit(ctx, c.officeID, audit.Entry{StaffID: staffID, Action: audit.CatalogImport,
			ObjectType: "catalogue", Detail: fmt.Sprintf("new=%d unchanged=%d", len(plan.New), len(plan.Unchanged))})
	})
	if errors.Is(err, errProblems) {
		c.Log.Info("catalogue import rejected", "problems", len(probs))
		return ImportReport{Problems: s.userProblems(probs), Added: []string{}}, nil
	}
	if err != nil {
		return ImportReport{}, c.internal("import catalogue", err)
	}
	if err := c.rebuildIndex(ctx); err != nil {
		return ImportReport{}, c.internal("rebuild index", err)
	}
	if len(plan.New) > 0 {
		// After the commit and the new index, so a listener's search sees them.
		c.Events.Emit(EventCatalog, len(plan.New))
	}
	rep := ImportReport{OK: true, Unchanged: len(plan.Unchanged), Added: []string{}, Problems: []ImportProblem{}}
	for _, card := range plan.New {
		rep.Added = append(rep.Added, c.T("catalog.addedVersion", "title", card.Title, "version", strconv.Itoa(card.Version)))
	}
	return rep, nil
}

// CatalogueSchema returns the published JSON Schema of the catalogue file,
// for the admin preparing a file in another tool.
func (s *CatalogService) CatalogueSchema() (string, error) {
	return strings.TrimSpace(string(catalog.SchemaJSON)), nil
}

// SearchForTest searches the catalogue without a session (tests in other
// packages drive registrations through it).
func (c *Core) SearchForTest(query string) ([]CardSummary, error) {
	return c.search(query), nil
}

// upperFirst starts a sentence with a capital letter (a deadline in words
// is written to follow "do", "in", "до": "niezwłocznie").
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
