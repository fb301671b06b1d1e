package db

import (
	"context"
	"encoding/json"
	"fmt"

	jsonv2 "github.com/go-json-experiment/json"
	jsonv1 "github.com/go-json-experiment/json/v1"

	"okienko/app/cases"
	"okienko/app/casesign"
	"okienko/app/catalog"
	"okienko/app/fold"
	"okienko/app/keys"
	"okienko/app/office"
	"okienko/app/officeclock"
	"okienko/db/internal/dbq"
	"okienko/sync/entity"
	"okienko/sync/hlc"
)

// The payloads of synced rows are sync/entity's types; the local write and
// the remote apply both store a row from one, so the two paths cannot
// drift apart.
type (
	unitPayload    = entity.Unit
	staffPayload   = entity.Staff
	cardPayload    = entity.Card
	settingPayload = entity.Setting
	auditPayload   = entity.Audit
	clientPayload  = entity.Client
	casePayload    = entity.Case
	numberPayload  = entity.Number
)

func parseStamp(s string) (hlc.Timestamp, error) { return hlc.Parse(s) }

// payloadOpts decode a row with encoding/json's rules and messages (names
// matched regardless of case, the last of a repeated name kept), run by
// the wire codec's library with its v1 options, as the registry's typed
// checks do: every pulled row is decoded here once, and this is some
// three times faster than encoding/json.
var payloadOpts = jsonv1.DefaultOptionsV1()

func decodeInto(raw []byte, v any) error {
	if err := jsonv2.Unmarshal(raw, v, payloadOpts); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	return nil
}

// ---- writers: store a row from its payload, no outbox ----

func (t *Tx) writeOffice(ctx context.Context, o office.Office) error {
	n := ms(t.now)
	t.s.setZone(o.TimeZone) // taken at once: the next date of the office is in its zone
	return wrap("save office", t.q.OfficeUpsert(ctx, dbq.OfficeUpsertParams{
		ID: o.ID, Name: o.Name, Street: o.Street, PostalCode: o.PostalCode, City: o.City, Teryt: o.TERYT,
		Phone: o.Phone, Email: o.Email, Epuap: o.EPUAP, Website: o.Website, FeeAccount: o.FeeAccount,
		FeeBank: o.FeeBank, OpeningHours: o.OpeningHours, Sample: boolInt(o.Sample), TimeZone: zoneOrDefault(o.TimeZone), CreatedAt: n, UpdatedAt: n,
	}))
}

func writeOfficeJSON(t *Tx, ctx context.Context, raw []byte) error {
	var o office.Office
	if err := decodeInto(raw, &o); err != nil {
		return err
	}
	return t.writeOffice(ctx, o)
}

func (t *Tx) writeUnit(ctx context.Context, p unitPayload) error {
	n := ms(t.now)
	return wrap("save unit "+p.Symbol, t.q.UnitUpsert(ctx, dbq.UnitUpsertParams{
		ID: p.ID, OfficeID: p.OfficeID, Symbol: p.Symbol, Name: p.Name, Room: p.Room, Phone: p.Phone,
		Email: p.Email, RetiredAt: retiredMS(p.RetiredAt), CreatedAt: n, UpdatedAt: n,
	}))
}

func writeUnitJSON(t *Tx, ctx context.Context, raw []byte) error {
	var p unitPayload
	if err := decodeInto(raw, &p); err != nil {
		return err
	}
	return t.writeUnit(ctx, p)
}

func (t *Tx) writeStaff(ctx context.Context, p staffPayload) error {
	comp := p.Competences
	if comp == nil {
		comp = []string{}
	}
	compJSON, err := json.Marshal(comp)
	if err != nil {
		return fmt.Errorf("db: save staff: %w", err)
	}
	posIn := p.PositionIn
	if posIn == nil {
		posIn = map[string]string{}
	}
	posInJSON, err := json.Marshal(posIn)
	if err != nil {
		return fmt.Errorf("db: save staff: %w", err)
	}
	n := ms(t.now)
	return wrap("save staff", t.q.StaffUpsert(ctx, dbq.StaffUpsertParams{
		ID: p.ID, OfficeID: p.OfficeID, UnitID: p.UnitID, Login: p.Login, FirstName: p.FirstName,
		LastName: p.LastName, Role: string(p.Role), Position: p.Position, PositionIn: string(posInJSON), PhoneExt: p.PhoneExt,
		Email: p.Email, Room: p.Room, Competences: string(compJSON), SubstituteID: nullString(p.SubstituteID),
		PasswordHash: p.PasswordHash, Active: boolInt(p.Active), CreatedAt: n, UpdatedAt: n, Authorization: p.Authorization,
	}))
}

func writeStaffJSON(t *Tx, ctx context.Context, raw []byte) error {
	var p staffPayload
	if err := decodeInto(raw, &p); err != nil {
		return err
	}
	return t.writeStaff(ctx, p)
}

func (t *Tx) writeCard(ctx context.Context, p cardPayload, ignoreExisting bool) error {
	body, err := json.Marshal(p.Card)
	if err != nil {
		return fmt.Errorf("db: card %s: %w", p.Card.Code, err)
	}
	n := ms(t.now)
	args := dbq.ServiceCardInsertParams{ID: p.ID, OfficeID: p.OfficeID, Code: p.Card.Code, Version: int64(p.Card.Version),
		Title: p.Card.Title, UnitID: p.UnitID, Jrwa: p.Card.JRWA, Body: string(body), Hash: catalog.Hash(p.Card), CreatedAt: n, UpdatedAt: n}
	if ignoreExisting {
		return wrap("add card", t.q.ServiceCardInsertIgnore(ctx, dbq.ServiceCardInsertIgnoreParams(args)))
	}
	if err := t.q.ServiceCardInsert(ctx, args); err != nil {
		return fmt.Errorf("db: add card %s v%d: %w", p.Card.Code, p.Card.Version, err)
	}
	return nil
}

func writeCardJSON(t *Tx, ctx context.Context, raw []byte) error {
	var p cardPayload
	if err := decodeInto(raw, &p); err != nil {
		return err
	}
	return t.writeCard(ctx, p, true)
}

func (t *Tx) writeSetting(ctx context.Context, p settingPayload) error {
	n := ms(t.now)
	return wrap("set "+p.Key, t.q.SettingUpsert(ctx, dbq.SettingUpsertParams{ID: p.ID, OfficeID: p.OfficeID, Key: p.Key, Value: p.Value, CreatedAt: n, UpdatedAt: n}))
}

func writeSettingJSON(t *Tx, ctx context.Context, raw []byte) error {
	var p settingPayload
	if err := decodeInto(raw, &p); err != nil {
		return err
	}
	return t.writeSetting(ctx, p)
}

func (t *Tx) writeAudit(ctx context.Context, p auditPayload) error {
	at := p.At
	if at.IsZero() {
		at = t.now
	}
	note, err := t.sealAuditNote(p.ID, p.Note)
	if err != nil {
		return err
	}
	return wrap("audit "+p.Action, t.q.AuditLogInsertIgnore(ctx, dbq.AuditLogInsertIgnoreParams{
		ID: p.ID, OfficeID: p.OfficeID, StaffID: nullString(p.StaffID), Action: p.Action,
		ObjectType: p.ObjectType, ObjectID: p.ObjectID, Detail: p.Detail, Sealed: note, CreatedAt: ms(at), UpdatedAt: ms(at),
	}))
}

func writeAuditJSON(t *Tx, ctx context.Context, raw []byte) error {
	var p auditPayload
	if err := decodeInto(raw, &p); err != nil {
		return err
	}
	return t.writeAudit(ctx, p)
}

func writeClientJSON(t *Tx, ctx context.Context, raw []byte) error {
	var p clientPayload
	if err := decodeInto(raw, &p); err != nil {
		return err
	}
	return t.writeClient(ctx, p)
}

// sealedCase is a case payload with its form and checklist sealed
// (PrepareRemote seals them off the writer).
type sealedCase struct {
	p               casePayload
	form, checklist []byte
}

// sealCase seals a case's form and checklist with k (nil: kept as they
// are, the plaintext store of the registry's snapshot builder).
func sealCase(k *keys.Cipher, p casePayload) (sealedCase, error) {
	checklist, err := json.Marshal(orEmpty(p.Checklist))
	if err != nil {
		return sealedCase{}, fmt.Errorf("db: case checklist: db: case_file.checklist of %s: %w", p.ID, err)
	}
	form := p.Form
	if len(form) == 0 || string(form) == "null" {
		form = []byte("{}")
	}
	if k == nil {
		return sealedCase{p: p, form: append([]byte{}, form...), checklist: checklist}, nil
	}
	return sealedCase{p: p, form: k.Seal("case_file", "form", p.ID, form),
		checklist: k.Seal("case_file", "checklist", p.ID, checklist)}, nil
}

// writeCase stores a whole case row, its form and checklist sealed. Its
// search text is the folded sign alone (the client's name is in the blind
// index), derived here so both paths index it the same way.
func (t *Tx) writeCase(ctx context.Context, p casePayload, draftID string) error {
	k, err := t.lk.cipher()
	if err != nil {
		return fmt.Errorf("db: case checklist: db: seal case_file.checklist: %w", err)
	}
	sc, err := sealCase(k, p)
	if err != nil {
		return err
	}
	return t.writeSealedCase(ctx, sc, draftID)
}

// writeSealedCase is writeCase of a case sealed with the store's cipher.
func (t *Tx) writeSealedCase(ctx context.Context, sc sealedCase, draftID string) error {
	p := sc.p
	pauses, _ := jsonText(orEmptyPauses(p.Pauses))
	created := p.RegisteredAt
	if created == 0 {
		created = ms(t.now)
	}
	return wrap("save case "+p.Sign, t.q.CaseUpsert(ctx, dbq.CaseUpsertParams{
		ID: p.ID, OfficeID: p.OfficeID, Sign: p.Sign, UnitSymbol: p.Unit, Jrwa: p.JRWA, RegYear: int64(p.Year),
		RegNo: int64(p.No), CardID: p.CardID, ClientID: p.ClientID, Status: string(p.Status), SubmittedOn: p.SubmittedOn,
		DueOn: p.DueOn, SupplementDue: p.SupplementDue, Form: sc.form, Checklist: sc.checklist, Pauses: pauses,
		AssigneeID: nullString(p.AssigneeID), RegisteredBy: p.RegisteredBy, DraftID: draftID,
		SearchText: signText(p.Sign), Provisional: boolInt(p.Provisional), DeviceID: p.DeviceID, CreatedAt: created, UpdatedAt: ms(t.now),
		ID_2: p.ClientID, // the client's rowid, looked up by the statement
	}))
}

func orEmpty(items []cases.Item) []cases.Item {
	if items == nil {
		return []cases.Item{}
	}
	return items
}

func orEmptyPauses(p []cases.Pause) []cases.Pause {
	if p == nil {
		return []cases.Pause{}
	}
	return p
}

func writeCaseJSON(t *Tx, ctx context.Context, raw []byte) error {
	var p casePayload
	if err := decodeInto(raw, &p); err != nil {
		return err
	}
	return t.writeCase(ctx, p, "")
}

func (t *Tx) writeCaseEvent(ctx context.Context, e cases.Event) error {
	at := e.At
	if at.IsZero() {
		at = t.now
	}
	detail, sealed, err := t.sealDutyNote(e)
	if err != nil {
		return err
	}
	return wrap("case event "+e.Kind, t.q.CaseEventInsertIgnore(ctx, dbq.CaseEventInsertIgnoreParams{ID: e.ID, CaseID: e.CaseID, Kind: e.Kind,
		FromStatus: string(e.From), ToStatus: string(e.To), StaffID: e.StaffID, Detail: detail, Sealed: sealed, CreatedAt: ms(at), UpdatedAt: ms(at)}))
}

func writeCaseEventJSON(t *Tx, ctx context.Context, raw []byte) error {
	var e cases.Event
	if err := decodeInto(raw, &e); err != nil {
		return err
	}
	return t.writeCaseEvent(ctx, e)
}

func (t *Tx) writeNumber(ctx context.Context, p numberPayload) error {
	n := ms(t.now)
	return wrap("save number", t.q.CaseNumberUpsert(ctx, dbq.CaseNumberUpsertParams{ID: p.ID, OfficeID: p.OfficeID,
		UnitSymbol: p.Unit, Jrwa: p.JRWA, RegYear: int64(p.Year), RegNo: int64(p.No), State: p.State,
		CaseID: nullString(p.CaseID), DeviceID: p.DeviceID, Note: p.Note, CreatedAt: n, UpdatedAt: n}))
}

func writeNumberJSON(t *Tx, ctx context.Context, raw []byte) error {
	var p numberPayload
	if err := decodeInto(raw, &p); err != nil {
		return err
	}
	return t.writeNumber(ctx, p)
}

func signOf(p casePayload) casesign.Sign {
	return casesign.Sign{Register: casesign.Register{Unit: p.Unit, JRWA: p.JRWA, Year: p.Year}, No: p.No}
}

// zoneOrDefault stores an office's zone as it is meant: a row written
// before offices had zones means Europe/Warsaw.
func zoneOrDefault(name string) string {
	if name == "" {
		return officeclock.DefaultZone
	}
	return name
}

// signText is a case's entry in the sign index (case_fts): its folded
// sign, so "so 5352" and "5352.1" find it. Signs are not personal data.
func signText(sign string) string { return fold.String(sign) }
