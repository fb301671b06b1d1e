package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"okienko/app/audit"
	"okienko/app/cases"
	"okienko/app/i18n"
	"okienko/app/pdf"
	"okienko/db"
	"okienko/sync/protocol"
)

// RODO art. 15: one action gives a client everything Okienko holds about
// them, as a printout in their language and a JSON file, saved where the
// clerk chooses: the one plaintext export on purpose, recorded in the
// audit log as an export. Corrections (art. 16) are cases of their own;
// case files fall under archival law (art. 17(3)(b)), which the printout
// says.

// Art15Format names the JSON file's format.
const Art15Format = "okienko-art15"

// Art15File is the JSON export.
type Art15File struct {
	Format      string        `json:"format"`
	Version     int           `json:"version"`
	GeneratedAt time.Time     `json:"generatedAt"`
	Office      string        `json:"office"`
	Source      string        `json:"source"` // "registry" (every device's accesses) or "device" (this device's only)
	Client      cases.Client  `json:"client"`
	Cases       []Art15Case   `json:"cases"`
	Accesses    []Art15Access `json:"accesses"`
}

// Art15Case is one of the client's cases.
type Art15Case struct {
	Sign        string          `json:"sign"`
	Matter      string          `json:"matter"`
	Status      string          `json:"status"`
	SubmittedOn string          `json:"submittedOn"`
	DueOn       string          `json:"dueOn,omitempty"`
	Documents   []Art15Doc      `json:"documents"`
	Events      []Art15Event    `json:"events"`
	Answers     json.RawMessage `json:"answers"`
}

// Art15Doc is a document checked in a case.
type Art15Doc struct {
	Name string `json:"name"`
	Mark string `json:"mark"`
}

// Art15Event is an event of a case's history.
type Art15Event struct {
	At   time.Time `json:"at"`
	Kind string    `json:"kind"`
	From string    `json:"from,omitempty"`
	To   string    `json:"to,omitempty"`
}

// Art15Access is one access to the client's data.
type Art15Access struct {
	At     time.Time `json:"at"`
	Person string    `json:"person"`
	Kind   string    `json:"kind"`
	Action string    `json:"action"`
	Sign   string    `json:"sign,omitempty"`
}

// ExportArt15 makes a client's art. 15 RODO copy (PDF and JSON) and saves
// both into the folder the person chooses.
func (s *AuditService) ExportArt15(clientID string) (Art15Result, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return Art15Result{}, err
	}
	f, pdfBytes, jsonBytes, err := s.art15(ctx, st.ID, clientID)
	if err != nil {
		return Art15Result{}, err
	}
	dir, err := s.folder.ChooseFolder(s.c.UI("rights.art15.chooseFolder"))
	if err != nil {
		return Art15Result{}, s.c.internal("choose folder", err)
	}
	if dir == "" {
		return Art15Result{}, i18n.E("rights.art15.cancelled", errors.New("app: no folder chosen"))
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Art15Result{}, i18n.E("rights.art15.writeFailed", err)
	}
	// No name in the file name: a folder listing shows no one's name.
	base := "art15-" + s.c.Today().Format("2006-01-02") + "-" + shortID(clientID)
	// An earlier copy, perhaps the one handed over, is never replaced.
	for n := 2; exists(filepath.Join(dir, base+".pdf")) || exists(filepath.Join(dir, base+".json")); n++ {
		base = "art15-" + s.c.Today().Format("2006-01-02") + "-" + shortID(clientID) + "-" + strconv.Itoa(n)
	}
	res := Art15Result{Cases: len(f.Cases), Accesses: len(f.Accesses), Partial: f.Source != "registry",
		PDF: filepath.Join(dir, base+".pdf"), JSON: filepath.Join(dir, base+".json")}
	for _, out := range []struct {
		path string
		data []byte
	}{{res.PDF, pdfBytes}, {res.JSON, jsonBytes}} {
		if err := os.WriteFile(out.path, out.data, 0o600); err != nil {
			return Art15Result{}, i18n.E("rights.art15.writeFailed", err)
		}
	}
	s.c.auditDetail(ctx, st.ID, audit.ClientExport, "client", clientID, "pdf,json")
	return res, nil
}

// art15 gathers the client's data and renders both files.
func (s *AuditService) art15(ctx context.Context, staffID, clientID string) (Art15File, []byte, []byte, error) {
	c := s.c
	cl, err := c.Store.Client(ctx, clientID)
	if errors.Is(err, db.ErrNotFound) {
		return Art15File{}, nil, nil, i18n.E("intake.clientNotFound", err)
	}
	if err != nil {
		return Art15File{}, nil, nil, c.internal("load client", err)
	}
	o, err := c.Store.Office(ctx)
	if err != nil {
		return Art15File{}, nil, nil, c.internal("load office", err)
	}
	t := c.tr(cl.Lang)
	f := Art15File{Format: Art15Format, Version: 1, GeneratedAt: c.Now().UTC().Truncate(time.Second), Office: o.Name, Client: cl,
		Cases: []Art15Case{}, Accesses: []Art15Access{}}
	ids, err := c.Store.CaseIDsOfClient(ctx, clientID)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return f, nil, nil, c.internal("client's cases", err)
	}
	signs := map[string]string{}
	var caseItems, docItems []string
	var steps [][2]string
	for _, id := range ids {
		cc, err := c.loadCaseContext(ctx, id)
		if err != nil {
			return f, nil, nil, c.internal("load case", err)
		}
		cs := cc.cs
		card := cc.v.Card
		if tc, ok := card.In(t.lang); ok {
			card = tc
		}
		sign := cs.SignText()
		signs[id] = sign
		ac := Art15Case{Sign: sign, Matter: card.Title, Status: string(cs.Status), SubmittedOn: cs.SubmittedOn, DueOn: cs.DueOn,
			Documents: []Art15Doc{}, Events: []Art15Event{}, Answers: cs.Form}
		caseItems = append(caseItems, t.T("art15.case", "sign", sign, "matter", card.Title, "date", t.date(cs.SubmittedOn),
			"status", t.T("status."+string(cs.Status))))
		// Documents by the card's names in the client's language, where
		// the card translates them (the case keeps the Polish ones).
		docName := map[string]string{}
		for _, d := range card.Documents {
			docName[d.ID] = d.Name
		}
		for _, it := range cs.Checklist {
			if !it.Applies {
				continue
			}
			ac.Documents = append(ac.Documents, Art15Doc{Name: it.Name, Mark: string(it.Mark)})
			mark, name := string(it.Mark), it.Name
			if mark == "" {
				mark = "none"
			}
			if n := docName[it.DocID]; n != "" {
				name = n
			}
			docItems = append(docItems, t.T("art15.doc."+mark, "sign", sign, "doc", name))
		}
		events, err := c.Store.CaseEvents(ctx, id)
		if err != nil {
			return f, nil, nil, c.internal("case events", err)
		}
		for _, e := range events {
			ac.Events = append(ac.Events, Art15Event{At: e.At.UTC(), Kind: e.Kind, From: string(e.From), To: string(e.To)})
			steps = append(steps, [2]string{t.dateTime(e.At), art15Event(t, sign, e)})
		}
		f.Cases = append(f.Cases, ac)
	}
	got, err := s.entriesFor(ctx, staffID, clientID)
	if err != nil {
		return f, nil, nil, err
	}
	f.Source = "registry"
	if got.partial {
		f.Source = "device"
	}
	names := map[string]string{}
	if staff, err := c.Store.StaffList(ctx, c.officeID); err == nil {
		for _, p := range staff {
			names[p.ID] = p.FullName()
		}
	}
	var accessSteps [][2]string
	for _, r := range got.recs {
		if r.Action == audit.CaseOutside {
			continue // the reason given, followed by the view it let through
		}
		kind := audit.KindOf(r.Action)
		a := Art15Access{At: r.At.UTC(), Person: names[r.StaffID], Kind: string(kind), Action: r.Action}
		if r.ObjectType == "case_file" {
			a.Sign = signs[r.ObjectID]
		}
		f.Accesses = append(f.Accesses, a)
		who := a.Person
		if who == "" {
			who = t.T("art15.someone")
		}
		line := t.T("art15.access."+string(kind), "person", who)
		if a.Sign != "" {
			line = t.T("art15.accessCase."+string(kind), "person", who, "sign", a.Sign)
		}
		accessSteps = append(accessSteps, [2]string{t.dateTime(r.At), line})
	}
	sh := pdf.Sheet{
		Header:    t.header(o),
		HeaderR:   []string{o.City + ", " + t.date(c.Today().Format(time.DateOnly))},
		Title:     t.T("art15.title"),
		Subtitle:  cl.Name(),
		Footer:    o.Name + " · " + t.T("art15.title"),
		PageLabel: t.T("pdf.page", "n", "{n}", "nb", "{nb}"),
		Author:    o.Name,
	}
	sh.Blocks = append(sh.Blocks, pdf.Block{Paragraphs: []string{t.T("art15.intro", "office", o.Name)}})
	sh.Blocks = append(sh.Blocks, pdf.Block{Heading: t.T("art15.identity"), Pairs: art15Identity(t, cl)})
	casesBlock := pdf.Block{Heading: t.T("art15.cases"), Items: caseItems}
	if len(caseItems) == 0 {
		casesBlock.Paragraphs = []string{t.T("art15.noCases")}
	}
	sh.Blocks = append(sh.Blocks, casesBlock)
	if len(docItems) > 0 {
		sh.Blocks = append(sh.Blocks, pdf.Block{Heading: t.T("art15.documents"), Items: docItems})
	}
	if len(steps) > 0 {
		sh.Blocks = append(sh.Blocks, pdf.Block{Heading: t.T("art15.events"), Steps: steps})
	}
	acc := pdf.Block{Heading: t.T("art15.accesses"), Steps: accessSteps}
	if len(accessSteps) == 0 {
		acc.Paragraphs = []string{t.T("art15.noAccesses")}
	}
	if got.partial {
		acc.Paragraphs = append(acc.Paragraphs, t.T("art15.partial"))
	}
	sh.Blocks = append(sh.Blocks, acc)
	sh.Blocks = append(sh.Blocks, pdf.Block{Heading: t.T("art15.rights"), Small: true, Paragraphs: []string{
		t.T("art15.art16"), t.T("art15.archive"), t.T("art15.complaint")}})
	if t.err != nil {
		return f, nil, nil, c.internal("art. 15 sentences", t.err)
	}
	var pb bytes.Buffer
	if err := pdf.Write(&pb, sh); err != nil {
		return f, nil, nil, c.internal("art. 15 pdf", err)
	}
	var jb bytes.Buffer
	enc := json.NewEncoder(&jb)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return f, nil, nil, c.internal("art. 15 json", err)
	}
	return f, pb.Bytes(), jb.Bytes(), nil
}

// entriesFor asks for every access to one client's data (the registry's
// when it can be asked, for any role: the art. 15 purpose).
func (s *AuditService) entriesFor(ctx context.Context, staffID, clientID string) (found, error) {
	st, err := s.c.Store.StaffByID(ctx, staffID)
	if err != nil {
		return found{}, s.c.internal("load staff", err)
	}
	return s.entries(ctx, st, audit.Filter{ClientID: clientID, Limit: audit.MaxRows}, protocol.AuditArt15)
}

// art15Identity lists the client's identity data, the fields they gave.
func art15Identity(t *pr, cl cases.Client) [][2]string {
	var out [][2]string
	add := func(key, v string) {
		if v != "" {
			out = append(out, [2]string{t.T(key), v})
		}
	}
	add("art15.field.name", cl.Name())
	add("art15.field.pesel", cl.PESEL)
	add("art15.field.nip", cl.NIP)
	add("art15.field.regon", cl.REGON)
	if cl.BirthDate != "" {
		add("art15.field.birthDate", t.date(cl.BirthDate))
	}
	add("art15.field.citizenship", cl.Citizenship)
	add("art15.field.document", cl.DocNumber)
	add("art15.field.address", cl.Address())
	add("art15.field.phone", cl.Phone)
	add("art15.field.email", cl.Email)
	return out
}

// art15Event says one event of a case in the client's language.
func art15Event(t *pr, sign string, e cases.Event) string {
	switch e.Kind {
	case cases.EventPrinted:
		// Which letter: the client knows a receipt or a call by its name.
		switch e.Detail {
		case PrintReceipt, PrintSupplement, PrintForm, PrintNotice:
			return t.T("art15.event.printedWhat", "sign", sign, "what", t.T("printout."+e.Detail))
		}
		return t.T("art15.event.printed", "sign", sign)
	case cases.EventRegistered, cases.EventSupplementRequested, cases.EventSupplemented,
		cases.EventHandedOver, cases.EventNoticeArt36, cases.EventInterpreter, cases.EventSupplementDelivered:
		return t.T("art15.event."+e.Kind, "sign", sign)
	case cases.EventStatus:
		return t.T("art15.event.status", "sign", sign, "status", t.T("status."+string(e.To)))
	}
	return t.T("art15.event.other", "sign", sign)
}

// exists reports whether a file is there.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}
