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

// card renders a card version in t's language: the interface's for the
// screen, the printout's for the card PDF.
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
	return c.cardView(t, v, o, u, staff), nil
}

// PrintCard writes the client-facing "Karta usługi" PDF into the data
// directory and opens it in the system viewer.
func (s *CatalogService) PrintCard(id string) (Printout, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return Printout{}, err
	}
	d, err := s.c.card(ctx, id, s.c.in(i18n.Default))
	if err != nil {
		return Printout{}, err
	}
	o, err := s.c.Store.Office(ctx)
	if err != nil {
		return Printout{}, s.c.internal("load office", err)
	}
	var buf bytes.Buffer
	if err := pdf.Write(&buf, s.c.cardSheet(d, o)); err != nil {
		return Printout{}, s.c.internal("render card pdf", err)
	}
	name := fmt.Sprintf("karta-uslugi-%s-v%d.pdf", d.Code, d.Version)
	out, err := s.c.writeOutput("wydruki", name, buf.Bytes())
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
func (c *Core) cardSheet(d CardDetail, o office.Office) pdf.Sheet {
	sh := pdf.Sheet{
		Header:    []string{o.Name, o.Street + ", " + o.PostalCode + " " + o.City, c.T("pdf.contact", "phone", o.Phone, "email", o.Email)},
		HeaderR:   []string{c.T("pdf.cardCode", "code", d.Code, "version", strconv.Itoa(d.Version)), c.T("pdf.printed", "date", i18n.Date(i18n.Default, c.Now()))},
		Title:     c.T("pdf.cardTitle") + ": " + d.Title,
		Subtitle:  d.Category + " · " + d.Unit.Name,
		Footer:    o.Name + " · " + c.T("pdf.cardTitle") + " · " + d.Title,
		PageLabel: c.T("pdf.page"),
		Author:    o.Name,
	}
	if d.Sample {
		sh.Banner = c.T("pdf.sampleBanner")
	}
	add := func(b pdf.Block) { sh.Blocks = append(sh.Blocks, b) }
	add(pdf.Block{Heading: c.T("card.summary"), Paragraphs: []string{d.Summary}})
	add(pdf.Block{Heading: c.T("card.whoWhere"), Pairs: [][2]string{
		{c.T("card.whoMayApply"), d.WhoMayApply},
		{c.T("card.whereToFile"), d.WhereToFile},
		{c.T("card.unit"), fmt.Sprintf("%s (%s), %s %s, %s %s", d.Unit.Name, d.Unit.Symbol, c.T("card.room"), d.Unit.Room, c.T("card.phone"), d.Unit.Phone)},
	}})
	var docs []string
	for _, doc := range d.Documents {
		line := doc.Name + " – " + doc.Presentation
		if !doc.Required {
			line += " (" + c.T("card.optional") + ")"
		}
		if doc.Condition != "" {
			line += "; " + doc.Condition
		}
		if doc.MustBeValid {
			line += "; " + c.T("card.mustBeValid")
		}
		if doc.Note != "" {
			line += ". " + doc.Note
		}
		docs = append(docs, line)
	}
	if len(docs) == 0 {
		docs = []string{c.T("card.noDocuments")}
	}
	add(pdf.Block{Heading: c.T("card.documents"), Items: docs})
	fees := pdf.Block{Heading: c.T("card.fees")}
	if len(d.Fees) == 0 {
		fees.Paragraphs = []string{c.T("card.noFees")}
	}
	for _, f := range d.Fees {
		line := f.Name + ": " + f.Amount
		if f.Condition != "" {
			line += " (" + f.Condition + ")"
		}
		line += ". " + c.T("card.feeBasis") + ": " + f.LegalBasis + ". " + c.T("card.payTo", "account", f.Account)
		if f.Cashier != "" {
			line += " " + c.T("card.orCashier", "cashier", f.Cashier)
		}
		if f.Exemptions != "" {
			line += " " + c.T("card.exemptions") + ": " + f.Exemptions
		}
		fees.Items = append(fees.Items, line)
	}
	add(fees)
	deadline := d.Deadline.Text + " (" + d.Deadline.Basis + ")"
	if d.Deadline.Note != "" {
		deadline += ". " + d.Deadline.Note
	}
	add(pdf.Block{Heading: c.T("card.deadline"), Paragraphs: []string{deadline}})
	add(pdf.Block{Heading: c.T("card.steps"), Items: d.Steps, Numbered: true})
	add(pdf.Block{Heading: c.T("card.deliveryAppeal"), Pairs: [][2]string{
		{c.T("card.delivery"), d.Delivery}, {c.T("card.appeal"), d.Appeal},
	}})
	add(pdf.Block{Heading: c.T("card.legalBasis"), Items: d.LegalBasis})
	if len(d.Staff) > 0 {
		var who []string
		for _, st := range d.Staff {
			who = append(who, fmt.Sprintf("%s, %s, %s %s, %s %s", st.Name, st.Position, c.T("card.room"), st.Room, c.T("card.phone"), st.Phone))
		}
		add(pdf.Block{Heading: c.T("card.contact"), Items: who})
	}
	if d.Notes != "" {
		add(pdf.Block{Heading: c.T("card.notes"), Paragraphs: []string{d.Notes}})
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
	raw, n, err := s.c.exportCatalogue(ctx)
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

func (c *Core) exportCatalogue(ctx context.Context) ([]byte, int, error) {
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
	return s.c.importCatalogue(ctx, st.ID, []byte(content))
}

func (c *Core) importCatalogue(ctx context.Context, staffID string, raw []byte) (ImportReport, error) {
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
		return ImportReport{Problems: c.userProblems(probs), Added: []string{}}, nil
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
		rep.Added = append(rep.Added, c.UI("catalog.addedVersion", "title", card.Title, "version", strconv.Itoa(card.Version)))
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
