package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"okienko/app/i18n"
	"okienko/app/keys"
	"okienko/app/office"
	"okienko/db"
	"okienko/sync/client"
	"okienko/sync/engine"
	"okienko/sync/protocol"
)

// SyncStatus is the "Synchronizacja" screen.
type SyncStatus struct {
	Available bool `json:"available"` // the sync engine runs in this build
	Enrolled  bool `json:"enrolled"`
	Online    bool `json:"online"`
	// Untrusted: the registry answered with a certificate this device
	// does not trust; shown apart from offline, with what to do.
	Untrusted   bool   `json:"untrusted"`
	Unavailable bool   `json:"unavailable"` // the registry's database is down for now (503): the device waits and retries
	Syncing     bool   `json:"syncing"`
	Revoked     bool   `json:"revoked"`
	RegistryURL string `json:"registryUrl"`
	LastSync    string `json:"lastSync"` // localised, "" if never
	Pending     int    `json:"pending"`
	// PendingAudit is how many of the pending changes are entries of the
	// audit log (sign-ins, locks, cards and cases opened, printouts): they
	// grow with work that changes no case, and the screen says so.
	PendingAudit int    `json:"pendingAudit"`
	Quarantined  int    `json:"quarantined"`
	Skipped      int    `json:"skipped"` // rows from the registry this device could not store
	Provisional  int    `json:"provisional"`
	ReprintDue   int    `json:"reprintDue"` // receipts to print again with the final sign
	Error        string `json:"error"`      // localised, "" if the last round succeeded
	HasOffice    bool   `json:"hasOffice"`
	// Initial is how far a fresh device is in taking the office's data
	// from the registry's snapshot, localised; "" when it is not.
	Initial string `json:"initial"`
	// PresetRegistry is the address the Windows installer was given
	// (/REGISTRY=), offered on the enrolment screen; "" elsewhere.
	PresetRegistry string `json:"presetRegistry"`
	// Clock is what the office clock can say: unknown, not checked for
	// days, or this computer's clock off.
	Clock ClockView `json:"clock"`
}

// QuarantinedOp is a change the registry refused, shown with its reason.
type QuarantinedOp struct {
	OpID   string `json:"opId"`
	What   string `json:"what"`
	Reason string `json:"reason"` // the registry's own words, for the office's IT
	// Explained is the reason in the interface language, for the clerk.
	Explained string `json:"explained"`
	At        string `json:"at"`
}

// ConflictLine is one guarded field in conflict, for a person to decide.
type ConflictLine struct {
	ID       string `json:"id"`
	What     string `json:"what"`     // "Sprawa SO.5352.1.2026"
	Field    string `json:"field"`    // localised field name
	Kept     string `json:"kept"`     // the value in force
	Rejected string `json:"rejected"` // the value set aside
	At       string `json:"at"`
}

// SyncService enrolls the device and shows and drives synchronisation.
type SyncService struct {
	c *Core
}

// NewSyncService binds the service to the core.
func NewSyncService(c *Core) *SyncService { return &SyncService{c: c} }

// Status returns the sync status. A device without an office (waiting to
// be enrolled) gets it without signing in.
func (s *SyncService) Status() (SyncStatus, error) {
	ctx := context.Background()
	if s.c.officeID != "" {
		if _, err := s.c.require(ctx); err != nil {
			return SyncStatus{}, err
		}
	}
	return s.syncStatus(ctx), nil
}

func (s *SyncService) syncStatus(ctx context.Context) SyncStatus {
	c := s.c
	out := SyncStatus{HasOffice: c.officeID != "", Clock: c.ui().clockView(c.Store.OfficeClock())}
	if c.Sync == nil {
		return out
	}
	st := c.Sync.Status(ctx)
	out.Available, out.Enrolled, out.Online, out.Syncing, out.Revoked = true, st.Enrolled, st.Online, st.Syncing, st.Revoked
	out.Untrusted = st.LastError == "certificate"
	out.Unavailable = st.LastError == "unavailable"
	out.RegistryURL, out.Pending, out.Quarantined, out.Provisional = st.RegistryURL, st.Pending, st.Quarantined, st.Provisional
	if out.Pending > 0 {
		out.PendingAudit, _ = c.Store.PendingOpsOf(ctx, "audit_log")
	}
	out.Skipped = st.Skipped
	if !st.Enrolled {
		out.PresetRegistry = presetRegistry()
	}
	if rs, err := c.Store.ReprintDue(ctx, c.Store.DeviceID()); err == nil {
		out.ReprintDue = len(rs)
	}
	if !st.LastSync.IsZero() {
		out.LastSync = c.ui().DateTime(st.LastSync)
	}
	if st.LastError != "" {
		out.Error = c.UI("sync.error." + st.LastError)
	}
	switch st.Initial.Phase {
	case engine.InitialDownload:
		mb := func(n int64) string { return strconv.FormatInt((n+(1<<20)-1)>>20, 10) }
		out.Initial = c.UI("sync.initialDownload", "done", mb(st.Initial.Done), "total", mb(max(st.Initial.Total, st.Initial.Done)))
	case engine.InitialCopy:
		out.Initial = c.UI("sync.initialCopy")
	}
	return out
}

// Enroll links the device to the office's registry with a one-time code
// (from `registry admin device enroll`) and runs the first sync. On a
// device with an office only an admin may do it. The registry's address
// is https, or plain http on this computer only (client.CheckURL); the
// code may carry the registry certificate's fingerprint after an "@",
// which the device then pins.
func (s *SyncService) Enroll(registryURL, code string) (SyncStatus, error) {
	ctx := context.Background()
	if s.c.Sync == nil {
		return SyncStatus{}, i18n.E("sync.unavailable", errors.New("app: no sync engine"))
	}
	if s.c.officeID != "" {
		if _, err := s.c.requireRole(ctx, office.RoleAdmin); err != nil {
			return SyncStatus{}, err
		}
	}
	u, err := client.CheckURL(registryURL)
	switch {
	case errors.Is(err, client.ErrInsecure):
		return SyncStatus{}, i18n.E("sync.insecureURL", fmt.Errorf("app: registry url: %w", err))
	case err != nil:
		return SyncStatus{}, i18n.E("sync.badURL", fmt.Errorf("app: registry url: %w", err))
	}
	host, _ := os.Hostname()
	// The device's data key: wrapped here for a new recovery code only
	// (nobody's password is known yet), and sent to the registry, which
	// keeps it for this device and gives it to its people's sessions.
	dk, rc := keys.NewDataKey(), keys.NewRecoveryCode()
	defer dk.Destroy()
	ks, err := keys.NewKeySet(s.c.Store.DeviceID(), dk, rc, s.c.PasswordParams)
	if err != nil {
		return SyncStatus{}, s.c.internal("make the key set", err)
	}
	escrow := dk.Export()
	defer clear(escrow)
	_, err = s.c.Sync.EnrollKeyed(ctx, u.String(), strings.ToUpper(strings.TrimSpace(code)), host, escrow,
		func() error { return s.c.Keys.enrolled(ctx, ks, dk, rc) })
	var wait *client.RetryError
	switch {
	case errors.Is(err, client.ErrCodeInvalid):
		return SyncStatus{}, i18n.E("sync.codeInvalid", err)
	case errors.Is(err, protocol.ErrFingerprint):
		return SyncStatus{}, i18n.E("sync.badFingerprint", err)
	case errors.Is(err, client.ErrCertificate):
		return SyncStatus{}, i18n.E("sync.certificate", err)
	case errors.As(err, &wait):
		return SyncStatus{}, i18n.E("sync.tooManyAttempts", err, "seconds", strconv.Itoa(int(wait.After.Seconds())))
	case errors.Is(err, client.ErrOffline):
		return SyncStatus{}, i18n.E("sync.unreachable", err)
	case errors.Is(err, db.ErrHasCases):
		return SyncStatus{}, i18n.E("sync.hasCases", err)
	case err != nil:
		return SyncStatus{}, s.c.internal("enrol", err)
	}
	// The office, staff and catalogue arrived: start working on them.
	if err := s.c.Bootstrap(ctx, false); err != nil {
		return SyncStatus{}, s.c.internal("bootstrap after enrolment", err)
	}
	s.c.mu.Lock()
	s.c.session.SignOut()
	s.c.mu.Unlock()
	s.c.Keys.lock()
	s.c.Persons.drop(false)
	s.c.Events.Emit(EventSession, "signed_out")
	s.c.Events.Emit(EventSync, "enrolled")
	return s.syncStatus(ctx), nil
}

// SyncNow runs a round at once ("Synchronizuj teraz").
func (s *SyncService) SyncNow() (SyncStatus, error) {
	ctx := context.Background()
	if _, err := s.c.require(ctx); err != nil {
		return SyncStatus{}, err
	}
	if s.c.Sync == nil {
		return SyncStatus{}, i18n.E("sync.unavailable", errors.New("app: no sync engine"))
	}
	rctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	s.c.Sync.CredentialsNext()
	_ = s.c.Sync.Round(rctx) // the status carries the outcome
	if err := s.c.rebuildIndex(ctx); err != nil {
		return SyncStatus{}, s.c.internal("rebuild index", err)
	}
	return s.syncStatus(ctx), nil
}

// ReprintLine is a case whose client holds a receipt with a provisional
// sign that has since become final.
type ReprintLine struct {
	CaseID    string `json:"caseId"`
	Sign      string `json:"sign"`
	OldSign   string `json:"oldSign"`
	Client    string `json:"client"`
	Finalized string `json:"finalized"`
}

// ReprintDue lists the receipts to print again with the final sign.
func (s *SyncService) ReprintDue() ([]ReprintLine, error) {
	ctx := context.Background()
	if _, err := s.c.require(ctx); err != nil {
		return nil, err
	}
	rs, err := s.c.Store.ReprintDue(ctx, s.c.Store.DeviceID())
	if err != nil {
		return nil, s.c.internal("list reprints", err)
	}
	out := make([]ReprintLine, len(rs))
	for i, r := range rs {
		out[i] = ReprintLine{CaseID: r.CaseID, Sign: r.Sign, OldSign: r.OldSign, Finalized: s.c.ui().DateTime(r.FinalizedAt)}
		if cl, err := s.c.Store.Client(ctx, r.ClientID); err == nil {
			out[i].Client = cl.Name()
		}
	}
	return out, nil
}

// Quarantined lists changes the registry refused.
func (s *SyncService) Quarantined() ([]QuarantinedOp, error) {
	ctx := context.Background()
	if _, err := s.c.require(ctx); err != nil {
		return nil, err
	}
	ops, err := s.c.Store.Quarantined(ctx)
	if err != nil {
		return nil, s.c.internal("list quarantined", err)
	}
	out := make([]QuarantinedOp, len(ops))
	for i, o := range ops {
		out[i] = QuarantinedOp{OpID: o.OpID, What: s.c.UI("entity."+o.Entity) + " " + shortID(o.EntityID), Reason: o.LastError,
			Explained: s.c.UI(reasonKey(o.LastError)), At: s.c.ui().DateTime(o.CreatedAt)}
	}
	return out, nil
}

func shortID(id string) string {
	if len(id) > 8 {
		return "…" + id[len(id)-8:]
	}
	return id
}

// Conflicts lists the office's open conflicts (online; heads and admins).
func (s *SyncService) Conflicts() ([]ConflictLine, error) {
	ctx := context.Background()
	if _, err := s.c.requireRole(ctx, office.RoleHead, office.RoleAdmin); err != nil {
		return nil, err
	}
	cl := s.c.syncClient()
	if cl == nil {
		return nil, i18n.E("sync.notEnrolled", errors.New("app: not enrolled"))
	}
	views, err := cl.Conflicts(ctx)
	if err != nil {
		return nil, s.syncError(err)
	}
	return s.conflictLines(ctx, views), nil
}

// Resolve decides a conflict: "kept" leaves the value in force, "rejected"
// takes the value that was set aside. The registry allows it to a head or
// the admin whose person session (obtained when they signed in on this
// device while connected) comes with the request; without one, or
// offline, nothing is decided and the person is told how to get one.
func (s *SyncService) Resolve(id, choice string) ([]ConflictLine, error) {
	ctx := context.Background()
	st, err := s.c.requireRole(ctx, office.RoleHead, office.RoleAdmin)
	if err != nil {
		return nil, err
	}
	cl := s.c.syncClient()
	if cl == nil {
		return nil, i18n.E("sync.notEnrolled", errors.New("app: not enrolled"))
	}
	token := s.c.Persons.token(ctx, st.ID)
	if token == "" {
		return nil, i18n.E("sync.personRequired", errors.New("app: no person session at the registry"))
	}
	views, err := cl.ResolveAs(ctx, token, protocol.ResolveRequest{ID: id, Choice: choice})
	switch {
	case errors.Is(err, client.ErrPersonRequired):
		s.c.Persons.forget(token)
		return nil, i18n.E("sync.personRequired", err)
	case errors.Is(err, client.ErrRole):
		return nil, i18n.E("sync.personRole", err)
	case errors.Is(err, client.ErrOffline):
		return nil, i18n.E("sync.resolveOffline", err)
	case err != nil:
		return nil, s.syncError(err)
	}
	s.c.auditDetail(ctx, st.ID, "sync.conflict_resolve", "conflict", id, choice)
	s.c.Sync.Kick()
	return s.conflictLines(ctx, views), nil
}

func (c *Core) syncClient() *client.Client {
	if c.Sync == nil {
		return nil
	}
	return c.Sync.Client()
}

func (s *SyncService) syncError(err error) error {
	c := s.c
	switch {
	case errors.Is(err, client.ErrOffline):
		return i18n.E("sync.unreachable", err)
	case errors.Is(err, client.ErrCertificate):
		return i18n.E("sync.certificate", err)
	case errors.Is(err, client.ErrUnauthorized):
		return i18n.E("sync.revoked", err)
	}
	return c.internal("registry call", err)
}

func (s *SyncService) conflictLines(ctx context.Context, views []protocol.ConflictView) []ConflictLine {
	c := s.c
	out := []ConflictLine{}
	for _, v := range views {
		what := c.UI("entity."+v.Entity) + " " + shortID(v.EntityID)
		if v.Entity == "case_file" {
			if cs, err := c.Store.Case(ctx, v.EntityID); err == nil {
				what = c.UI("entity.case_file") + " " + cs.SignText()
			}
		}
		for name, rej := range v.Rejected {
			if v.Entity == "callback" {
				out = append(out, ConflictLine{ID: v.ID, What: what, Field: c.UI("callbacks.conflict." + name),
					Kept: callbackFieldValue(ctx, c, name, v.Kept[name].V), Rejected: callbackFieldValue(ctx, c, name, rej.V), At: s.conflictTime(v.At)})
				continue
			}
			out = append(out, ConflictLine{ID: v.ID, What: what, Field: c.UI("field." + name),
				Kept: c.fieldValue(name, v.Kept[name].V), Rejected: c.fieldValue(name, rej.V), At: s.conflictTime(v.At)})
		}
	}
	return out
}

// fieldValue renders a field's JSON value for a person.
func (c *Core) fieldValue(field string, raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		switch {
		case field == "status":
			return c.UI("status." + s)
		case (field == "dueOn" || field == "supplementDue") && s != "":
			return c.ui().Date(s)
		case s == "":
			return "—"
		}
		return s
	}
	return string(raw)
}

// conflictTime shows the registry's RFC 3339 time the way the office
// writes dates; text it cannot read is shown as it came.
func (s *SyncService) conflictTime(at string) string {
	c := s.c
	t, err := time.Parse(time.RFC3339, at)
	if err != nil {
		return at
	}
	return c.ui().DateTime(t)
}
