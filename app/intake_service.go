package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"okienko/app/audit"
	"okienko/app/cases"
	"okienko/app/catalog"
	"okienko/app/deadline"
	"okienko/app/i18n"
	"okienko/app/office"
	"okienko/db"
)

// IntakeService is the counter intake: a draft filled in with the client,
// checked as it is typed, saved as it goes, and registered as a case.
type IntakeService struct {
	c *Core
}

// NewIntakeService binds the service to the core.
func NewIntakeService(c *Core) *IntakeService { return &IntakeService{c: c} }

// StartDraft opens a new intake for a service card.
func (s *IntakeService) StartDraft(cardID string) (DraftOpen, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return DraftOpen{}, err
	}
	v, err := s.c.loadCard(ctx, cardID)
	if err != nil {
		return DraftOpen{}, err
	}
	in := DraftInput{ID: db.NewID(), CardID: v.ID, Step: "client", Client: cases.Client{Kind: cases.Person, Lang: "pl"},
		Answers: map[string]any{}}
	for _, f := range formSpec(v).Fields {
		if f.Type == "boolean" {
			in.Answers[f.Name] = false // an unticked box is an answer: "no"
		}
	}
	in.Checklist = cases.BuildChecklist(v.Card, in.Answers, nil)
	if err := s.saveDraft(ctx, st, in); err != nil {
		return DraftOpen{}, err
	}
	return s.draftOpen(ctx, in, v)
}

// Drafts lists the signed-in clerk's interrupted intakes, newest first.
func (s *IntakeService) Drafts() ([]DraftSummary, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return nil, err
	}
	return s.draftSummaries(ctx, st)
}

// OpenDraft resumes an interrupted intake ("Wznów przerwaną sprawę").
func (s *IntakeService) OpenDraft(id string) (DraftOpen, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return DraftOpen{}, err
	}
	d, err := s.c.ownDraft(ctx, st, id)
	if err != nil {
		return DraftOpen{}, err
	}
	v, err := s.c.loadCard(ctx, d.CardID)
	if err != nil {
		return DraftOpen{}, err
	}
	in := DraftInput{ID: d.ID, CardID: d.CardID, Step: d.Body.Step, ClientID: d.Body.ClientID, Client: d.Body.Client,
		Answers: d.Body.Answers, Checklist: d.Body.Checklist}
	if in.Answers == nil {
		in.Answers = map[string]any{}
	}
	s.c.audit(ctx, st.ID, audit.DraftResume, "draft", d.ID)
	return s.draftOpen(ctx, in, v)
}

// SaveDraft stores what was typed so far (autosave, on blur and at most
// every 2 s while typing).
func (s *IntakeService) SaveDraft(in DraftInput) (DraftSaved, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return DraftSaved{}, err
	}
	if err := s.saveDraft(ctx, st, in); err != nil {
		return DraftSaved{}, err
	}
	return DraftSaved{ID: in.ID, SavedAt: s.c.Now().Format("15:04:05")}, nil
}

// DiscardDraft deletes an intake the clerk abandons; it returns the drafts left.
func (s *IntakeService) DiscardDraft(id string) ([]DraftSummary, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.c.ownDraft(ctx, st, id); err != nil {
		return nil, err
	}
	if err := s.c.Store.InTx(ctx, func(tx *db.Tx) error { return tx.DeleteDraft(ctx, id) }); err != nil {
		return nil, s.c.internal("discard draft", err)
	}
	return s.draftSummaries(ctx, st)
}

// Check validates the intake as it stands: client, form, documents, likely
// duplicates of the client, and the deadline it would get today.
func (s *IntakeService) Check(in DraftInput) (IntakeCheck, error) {
	ctx := context.Background()
	if _, err := s.c.require(ctx); err != nil {
		return IntakeCheck{}, err
	}
	v, err := s.c.loadCard(ctx, in.CardID)
	if err != nil {
		return IntakeCheck{}, err
	}
	chk, _, err := s.c.checkIntake(ctx, in, v, true)
	return chk, err
}

// FindClients offers existing clients as the clerk types a PESEL, NIP or name.
func (s *IntakeService) FindClients(query string) ([]ClientHit, error) {
	ctx := context.Background()
	if _, err := s.c.require(ctx); err != nil {
		return nil, err
	}
	found, err := s.c.Store.FindClients(ctx, s.c.officeID, query, 8)
	if err != nil {
		return nil, s.c.internal("find clients", err)
	}
	return clientHits(found), nil
}

// PickClient loads an existing client into the intake (an audited read of
// the client's data).
func (s *IntakeService) PickClient(id string) (cases.Client, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return cases.Client{}, err
	}
	cl, err := s.c.Store.Client(ctx, id)
	if errors.Is(err, db.ErrNotFound) {
		return cases.Client{}, i18n.E("intake.clientNotFound", err)
	}
	if err != nil {
		return cases.Client{}, s.c.internal("load client", err)
	}
	s.c.audit(ctx, st.ID, audit.ClientRead, "client", id)
	return cl, nil
}

// Register saves the intake as a case: client, form, checklist, case sign
// number, history and outbox rows in one transaction; then it prints the
// receipt and, when documents are missing, the call to supplement.
func (s *IntakeService) Register(in DraftInput) (RegisterResult, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return RegisterResult{}, err
	}
	// The draft is saved first: if anything below fails or the process
	// dies, the clerk resumes from it and nothing is half-registered.
	if err := s.saveDraft(ctx, st, in); err != nil {
		return RegisterResult{}, err
	}
	res, c, err := s.c.register(ctx, st, in.ID, in.ConfirmedDate)
	if err != nil || !res.OK {
		return res, err
	}
	s.c.printAfterRegistration(ctx, st, c, &res)
	return res, nil
}

// PrintForm prints the filled form for the client to sign.
func (s *IntakeService) PrintForm(in DraftInput) (Printout, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return Printout{}, err
	}
	v, err := s.c.loadCard(ctx, in.CardID)
	if err != nil {
		return Printout{}, err
	}
	cl, answers := in.Client.Normalize(), visibleAnswers(v.Card, in.Answers)
	applyClient(formSpec(v), cl, answers) // the form to sign says what step 1 says
	return s.c.printForm(ctx, st, v, cl, answers, "", "wniosek-"+in.ID[len(in.ID)-8:])
}

// ---- core helpers ----

func (c *Core) loadCard(ctx context.Context, id string) (catalog.Version, error) {
	v, err := c.Store.Card(ctx, id)
	if errors.Is(err, db.ErrNotFound) {
		return catalog.Version{}, i18n.E("catalog.cardNotFound", err)
	}
	if err != nil {
		return catalog.Version{}, c.internal("load card", err)
	}
	return v, nil
}

func (s *IntakeService) saveDraft(ctx context.Context, st office.Staff, in DraftInput) error {
	c := s.c
	if in.ID == "" || in.CardID == "" {
		return i18n.E("intake.noDraft", errors.New("app: draft without id or card"))
	}
	d := cases.Draft{ID: in.ID, StaffID: st.ID, CardID: in.CardID, Body: cases.DraftBody{
		Step: in.Step, ClientID: in.ClientID, Client: in.Client, Answers: in.Answers, Checklist: in.Checklist}}
	if err := c.Store.SaveDraft(ctx, c.officeID, d); err != nil {
		return c.internal("save draft", err)
	}
	return nil
}

func (c *Core) ownDraft(ctx context.Context, st office.Staff, id string) (cases.Draft, error) {
	d, err := c.Store.Draft(ctx, id)
	if errors.Is(err, db.ErrNotFound) {
		return cases.Draft{}, i18n.E("intake.draftNotFound", err)
	}
	if err != nil {
		return cases.Draft{}, c.internal("load draft", err)
	}
	if d.StaffID != st.ID {
		return cases.Draft{}, i18n.E("intake.draftNotFound", fmt.Errorf("app: draft %s belongs to another clerk", id))
	}
	return d, nil
}

func (s *IntakeService) draftSummaries(ctx context.Context, st office.Staff) ([]DraftSummary, error) {
	c := s.c
	ds, err := c.Store.Drafts(ctx, c.officeID, st.ID)
	if err != nil {
		return nil, c.internal("list drafts", err)
	}
	out := make([]DraftSummary, 0, len(ds))
	for _, d := range ds {
		title := ""
		if v, err := c.Store.Card(ctx, d.CardID); err == nil {
			title = v.Card.Title
		}
		out = append(out, DraftSummary{ID: d.ID, CardTitle: title, Initials: cases.MaskName(d.Body.Client.Name()),
			SavedAt: c.ui().DateTime(d.SavedAt), Step: d.Body.Step})
	}
	return out, nil
}

func (s *IntakeService) draftOpen(ctx context.Context, in DraftInput, v catalog.Version) (DraftOpen, error) {
	c := s.c
	o, err := c.Store.Office(ctx)
	if err != nil {
		return DraftOpen{}, c.internal("load office", err)
	}
	u, err := c.Store.Unit(ctx, v.UnitID)
	if err != nil {
		return DraftOpen{}, c.internal("load unit", err)
	}
	if u.Retired() {
		return DraftOpen{}, i18n.E("intake.unitRetired", fmt.Errorf("app: intake in retired unit %s", u.Symbol), "unit", u.Symbol+" "+u.Name)
	}
	staff, err := c.Store.StaffList(ctx, c.officeID)
	if err != nil {
		return DraftOpen{}, c.internal("list staff", err)
	}
	if in.Checklist == nil {
		in.Checklist = []cases.Item{}
	}
	card := c.cardView(v, o, u, staff)
	if err := markAbsentNow(ctx, c, c.tr(c.Locale()), card.Staff, staff, u.ID); err != nil {
		return DraftOpen{}, err
	}
	return DraftOpen{Draft: in, Card: card, Form: formSpec(v), ClientLimits: cases.ClientLimits()}, nil
}

// intakeState is what checkIntake derives and register stores.
type intakeState struct {
	client    cases.Client
	answers   map[string]any
	checklist []cases.Item
	result    cases.Result
	today     time.Time
}

// checkIntake runs every check of an intake. The returned state is what a
// registration would store. withDuplicates looks for existing clients like
// this one, for the screen: a registration does not wait for them (the
// clerk saw them at the check before), and with a common name they cost
// more than the rest of the registration.
func (c *Core) checkIntake(ctx context.Context, in DraftInput, v catalog.Version, withDuplicates bool) (IntakeCheck, intakeState, error) {
	today, t := c.Today(), c.ui()
	stt := intakeState{client: in.Client.Normalize(), answers: visibleAnswers(v.Card, in.Answers), today: today}
	chk := IntakeCheck{Client: []FieldProblem{}, Form: []FieldProblem{}, Missing: []string{}, Duplicates: []ClientHit{},
		SubmittedOn: t.Day(today), Today: today.Format(time.DateOnly)}
	chk.ConfirmDate, chk.ConfirmWhy, _ = c.ui().dateCheck(c.Store.OfficeClock())
	for _, e := range stt.client.ValidateFor(today, v.Card.Needs()) {
		chk.Client = append(chk.Client, c.fieldProblem(e.Field, e.Key, e.Args))
	}
	fs, err := c.forms.get(v)
	if err != nil {
		return chk, stt, c.internal("compile form", err)
	}
	spec := formSpec(v)
	applyClient(spec, stt.client, stt.answers)
	badFields := map[string]bool{}
	for _, p := range typedDates(spec, stt.answers) {
		badFields[p.Field] = true
		chk.Form = append(chk.Form, c.fieldProblem(p.Field, p.Key, p.Args))
	}
	for _, p := range typedText(spec, stt.answers) {
		badFields[p.Field] = true
		chk.Form = append(chk.Form, c.fieldProblem(p.Field, p.Key, p.Args))
	}
	for _, p := range fs.Validate(stt.answers) {
		field := p.Path
		if len(field) > 0 && field[0] == '/' {
			field = field[1:]
		}
		if p.Key == "schema.required" {
			field = p.Args["field"]
		}
		if badFields[field] {
			continue // said above, in the clerk's words rather than the schema's
		}
		fe := formProblem(spec, c, field, p)
		chk.Form = append(chk.Form, c.fieldProblem(fe.Field, fe.Key, fe.Args))
	}
	stt.checklist = cases.BuildChecklist(v.Card, stt.answers, in.Checklist)
	stt.result = cases.Evaluate(stt.checklist, today)
	probs := map[string]cases.ItemProblem{}
	for _, p := range stt.result.Problems {
		probs[p.DocID] = p
	}
	missing := map[string]bool{}
	for _, m := range stt.result.Missing {
		missing[m.DocID] = true
		chk.Missing = append(chk.Missing, m.Name)
	}
	for _, it := range stt.checklist {
		line := ChecklistLine{Item: it, PresentationText: t.T("presentation." + string(it.Presentation)), Missing: missing[it.DocID]}
		if p, ok := probs[it.DocID]; ok {
			args := p.Args
			if d, ok := args["date"]; ok {
				args = map[string]string{"date": t.Date(d)} // 31.12.2025 r. in Polish
			}
			line.Problem = t.Msg(p.Key, args)
		}
		chk.Checklist = append(chk.Checklist, line)
	}
	// The lines above go back to the screen as typed (the clerk may still
	// be typing); what a registration stores has its dates as YYYY-MM-DD.
	for i, it := range stt.checklist {
		stt.checklist[i] = it.WithMarks(it)
	}
	chk.Complete = stt.result.Complete
	if withDuplicates && in.ClientID == "" {
		dups, err := c.duplicates(ctx, stt.client)
		if err != nil {
			return chk, stt, err
		}
		chk.Duplicates = dups
	}
	rule := deadline.Rule{Kind: string(v.Card.Deadline.Kind), N: v.Card.Deadline.N}
	if len(stt.result.Missing) > 0 {
		chk.SupplementDue = t.Day(deadline.TermEnd(today, supplementTerm(v.Card)))
		chk.DueText = t.T("intake.duePaused")
	} else if due, _, err := deadline.Due(rule, today, nil); err == nil {
		chk.DueText = t.Day(due)
	}
	chk.CanRegister = len(chk.Client) == 0 && len(chk.Form) == 0 && len(stt.result.Blocking()) == 0
	return chk, stt, nil
}

func (c *Core) fieldProblem(field, key string, args map[string]string) FieldProblem {
	return FieldProblem{Field: field, Key: key, Message: c.ui().Msg(key, args)}
}

// duplicates finds existing clients that are likely the same person or
// business: the same PESEL or NIP, or the same name and birth date.
func (c *Core) duplicates(ctx context.Context, cl cases.Client) ([]ClientHit, error) {
	seen := map[string]bool{}
	var found []cases.Client
	add := func(list []cases.Client, err error) error {
		if err != nil {
			return c.internal("find duplicates", err)
		}
		for _, x := range list {
			if !seen[x.ID] {
				seen[x.ID] = true
				found = append(found, x)
			}
		}
		return nil
	}
	if cl.PESEL != "" {
		if err := add(c.Store.ClientsByPESEL(ctx, c.officeID, cl.PESEL)); err != nil {
			return nil, err
		}
	}
	if cl.NIP != "" {
		if err := add(c.Store.ClientsByNIP(ctx, c.officeID, cl.NIP)); err != nil {
			return nil, err
		}
	}
	if cl.BirthDate != "" && cl.Kind != cases.Business {
		if err := add(c.Store.ClientsByNameBirth(ctx, c.officeID, cl.NameKey(), cl.BirthDate)); err != nil {
			return nil, err
		}
	}
	return clientHits(found), nil
}

func clientHits(list []cases.Client) []ClientHit {
	out := make([]ClientHit, len(list))
	for i, x := range list {
		label, masked := x.Identifier()
		year := ""
		if len(x.BirthDate) >= 4 {
			year = x.BirthDate[:4]
		}
		out[i] = ClientHit{ID: x.ID, Kind: string(x.Kind), Name: x.Name(), IdentLabel: label, Ident: masked, BirthYear: year, City: x.City}
	}
	return out
}
