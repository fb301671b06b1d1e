package db

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"okienko/app/cases"
	"okienko/app/casesign"
	"okienko/db/internal/dbq"
)

// SyncState is this device's link to its registry. The token is the
// device credential; it is stored here sealed, because the device must
// present it, the registry can revoke it, and a stolen laptop must not
// pull the office's rows with it.
type SyncState struct {
	RegistryURL string
	Token       string // "" while the store is locked (then Sealed)
	// Sealed tells that a token is held but the store is locked, so Token
	// is empty: the engine waits for the unlock.
	Sealed   bool
	OfficeID string
	Cursor   int64
	LastSync string // RFC 3339, last fully successful round
	// Pin is the registry certificate's SHA-256 (hex) given with the
	// enrolment code, "" when none was: then only that certificate is
	// trusted.
	Pin string
}

// Enrolled reports whether the device has a registry.
func (s SyncState) Enrolled() bool { return s.RegistryURL != "" && (s.Token != "" || s.Sealed) }

const (
	metaRegistry = "sync_registry"
	metaToken    = "sync_token"
	metaSyncOff  = "sync_office"
	metaCursor   = "sync_cursor"
	metaLastSync = "sync_last"
	metaPin      = "sync_pin"
	// metaSkipped counts rows pulled from the registry that this device
	// could not store: shown in Synchronizacja, never skipped silently.
	metaSkipped = "sync_skipped"
)

// SkippedCount is how many pulled rows this device could not store.
func (r reader) SkippedCount(ctx context.Context) (int, error) {
	v, err := r.meta(ctx, metaSkipped)
	if err != nil || v == "" {
		return 0, err
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("db: skipped count %q: %w", v, err)
	}
	return n, nil
}

// AddSkipped counts n more pulled rows this device could not store.
func (t *Tx) AddSkipped(ctx context.Context, n int) error {
	cur, err := t.SkippedCount(ctx)
	if err != nil {
		return err
	}
	return t.setMeta(ctx, metaSkipped, strconv.Itoa(cur+n))
}

func (r reader) meta(ctx context.Context, key string) (string, error) {
	v, err := r.q.DeviceMetaGet(ctx, key)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, wrap("device meta", err)
}

// SyncState reads the device's sync settings.
func (r reader) SyncState(ctx context.Context) (SyncState, error) {
	var st SyncState
	var err error
	if st.RegistryURL, err = r.meta(ctx, metaRegistry); err != nil {
		return st, err
	}
	if st.Token, st.Sealed, err = r.token(ctx); err != nil {
		return st, err
	}
	if st.OfficeID, err = r.meta(ctx, metaSyncOff); err != nil {
		return st, err
	}
	if st.LastSync, err = r.meta(ctx, metaLastSync); err != nil {
		return st, err
	}
	if st.Pin, err = r.meta(ctx, metaPin); err != nil {
		return st, err
	}
	c, err := r.meta(ctx, metaCursor)
	if err != nil {
		return st, err
	}
	if c != "" {
		if st.Cursor, err = strconv.ParseInt(c, 10, 64); err != nil {
			return st, fmt.Errorf("db: sync cursor %q: %w", c, err)
		}
	}
	return st, nil
}

// sealedPrefix marks a sealed value in device_meta (base64 of the seal,
// bound to device_meta, value and the key); a device token never starts
// with it.
const sealedPrefix = "sealed:"

// token opens the stored device token; while locked it reports only
// whether one is held.
func (r reader) token(ctx context.Context) (string, bool, error) {
	v, err := r.meta(ctx, metaToken)
	if err != nil || v == "" {
		return "", false, err
	}
	raw, ok := strings.CutPrefix(v, sealedPrefix)
	if !ok {
		// Written by an older version: held, and sealed at the first
		// unlock (Store.Unlock), before anything can use it.
		if !r.lk.unlocked() {
			return "", true, nil
		}
		return "", false, fmt.Errorf("db: sync token: %w", errNotSealed)
	}
	b, err := base64.RawStdEncoding.DecodeString(raw)
	if err != nil {
		return "", false, fmt.Errorf("db: sync token: %w", err)
	}
	tok, err := r.lk.open("device_meta", "value", metaToken, b)
	if errors.Is(err, ErrLocked) {
		return "", true, nil
	}
	if err != nil {
		return "", false, err
	}
	return string(tok), false, nil
}

// errNotSealed is a value an older version stored in the clear, read
// before the first unlock sealed it.
var errNotSealed = errors.New("stored in the clear by an older version")

// setToken stores the device token sealed ("" forgets it).
func (t *Tx) setToken(ctx context.Context, token string) error {
	if token == "" {
		return t.setMeta(ctx, metaToken, "")
	}
	sealed, err := t.lk.seal("device_meta", "value", metaToken, []byte(token))
	if err != nil {
		return err
	}
	return t.setMeta(ctx, metaToken, sealedPrefix+base64.RawStdEncoding.EncodeToString(sealed))
}

func (t *Tx) setMeta(ctx context.Context, key, value string) error {
	return wrap("device meta "+key, t.q.DeviceMetaSet(ctx, dbq.DeviceMetaSetParams{Key: key, Value: value}))
}

// Enroll stores the registry link. Enrolling needs a device without cases
// of its own: its numbers would clash with the registry's register.
func (t *Tx) Enroll(ctx context.Context, url, token, officeID string) error {
	n, err := t.q.CaseCountAll(ctx)
	if err != nil {
		return wrap("count cases", err)
	}
	if n > 0 {
		return ErrHasCases
	}
	if err := t.setToken(ctx, token); err != nil {
		return err
	}
	for k, v := range map[string]string{metaRegistry: url, metaSyncOff: officeID, metaCursor: "0"} {
		if err := t.setMeta(ctx, k, v); err != nil {
			return err
		}
	}
	t.s.office.SetLinked(true) // the registry's clock is the office's from now on
	return nil
}

// SetPin stores the registry certificate's pinned SHA-256 (hex), or ""
// for none; enrolment sets it together with the link.
func (t *Tx) SetPin(ctx context.Context, pin string) error { return t.setMeta(ctx, metaPin, pin) }

// HasCases tells whether the device holds any case; enrolment checks it
// before spending the one-time code on a device that cannot enrol.
func (r reader) HasCases(ctx context.Context) (bool, error) {
	n, err := r.q.CaseCountAll(ctx)
	if err != nil {
		return false, wrap("count cases", err)
	}
	return n > 0, nil
}

// ErrHasCases refuses to enrol a device that already registered cases.
var ErrHasCases = errors.New("db: the device already has cases of its own")

// ForgetToken drops the credential (the registry revoked it).
func (t *Tx) ForgetToken(ctx context.Context) error { return t.setToken(ctx, "") }

// SetCursor stores the pull cursor; call it in the transaction that
// applies the page, so page and cursor commit together.
func (t *Tx) SetCursor(ctx context.Context, cursor int64) error {
	return t.setMeta(ctx, metaCursor, strconv.FormatInt(cursor, 10))
}

// SetLastSync records the time of the last complete round.
func (t *Tx) SetLastSync(ctx context.Context, at string) error {
	return t.setMeta(ctx, metaLastSync, at)
}

// ClearReferenceData removes the demo office before a device enrolls, so
// the registry's office replaces it. Only reference data may be present.
func (t *Tx) ClearReferenceData(ctx context.Context) error {
	n, err := t.q.CaseCountAll(ctx)
	if err != nil {
		return wrap("count cases", err)
	}
	if n > 0 {
		return ErrHasCases
	}
	q := t.q
	t.ahead = nil
	for _, step := range []func(context.Context) error{q.ClearDrafts, q.ClearVisitAuths, q.ClearVisits, q.ClearCallbacks, q.ClearPresence, q.ClearCaseNumbers, q.ClearClients, q.ClearSearchTokens, q.ClearAudit,
		q.ClearSettings, q.ClearCards, q.ClearSubstitutions, q.ClearStaffSubstitutes, q.ClearStaff, q.ClearUnits, q.OfficeDeleteAll,
		q.ClearOutbox, q.ClearRowClocks, q.ClearThrottles, q.DeviceCredentialClear} {
		if err := step(ctx); err != nil {
			return fmt.Errorf("db: clear reference data: %w", err)
		}
	}
	// The next registry's list comes whole, not as "unchanged".
	return t.setMeta(ctx, metaCredentials, "")
}

// FreeNumbers counts this device's reserved numbers per register.
func (r reader) FreeNumbers(ctx context.Context, officeID, deviceID string) (map[casesign.Register]int, error) {
	rows, err := r.q.CaseNumberCountReservedAny(ctx, dbq.CaseNumberCountReservedAnyParams{OfficeID: officeID, DeviceID: deviceID})
	if err != nil {
		return nil, wrap("free numbers", err)
	}
	out := map[casesign.Register]int{}
	for _, x := range rows {
		out[casesign.Register{Unit: x.UnitSymbol, JRWA: x.Jrwa, Year: int(x.RegYear)}] = int(x.Free)
	}
	return out, nil
}

// ProvisionalCases lists the cases registered on a device still waiting
// for a leased number. Only that device finalises them: another device
// giving one its own number would spend two numbers on one case.
func (r reader) ProvisionalCases(ctx context.Context, deviceID string) ([]cases.Case, error) {
	rows, err := r.q.CaseListProvisional(ctx, deviceID)
	if err != nil {
		return nil, wrap("provisional cases", err)
	}
	out := make([]cases.Case, 0, len(rows))
	for _, row := range rows {
		c, err := r.caseOf(row)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// FinalizeSign gives a provisional case its number: the sign changes, the
// number is marked used, and the change is recorded like any other.
func (t *Tx) FinalizeSign(ctx context.Context, officeID string, c cases.Case, no int) error {
	old := c.SignText()
	c.Sign.No, c.Provisional = no, false
	if err := t.q.CaseSetSign(ctx, dbq.CaseSetSignParams{Sign: c.Sign.String(), RegNo: int64(no),
		SearchText: signText(c.Sign.String()), UpdatedAt: ms(t.now), ID: c.ID}); err != nil {
		return fmt.Errorf("db: finalize sign %s: %w", old, err)
	}
	return t.record(ctx, "case_file", c.ID, payloadOf(officeID, c))
}

// DeviceDeviceID is this device's id (for number ownership).
func (t *Tx) DeviceID() string { return t.s.deviceID }

// Reprint is a case whose receipt carries a provisional sign that has
// since become final.
type Reprint struct {
	CaseID      string
	Sign        string
	OldSign     string
	ClientID    string
	FinalizedAt time.Time
}

// ReprintDue lists the cases registered on a device whose receipt should
// be printed again with the final sign.
func (r reader) ReprintDue(ctx context.Context, deviceID string) ([]Reprint, error) {
	rows, err := r.q.CaseListReprintDue(ctx, deviceID)
	if err != nil {
		return nil, wrap("reprint due", err)
	}
	out := make([]Reprint, len(rows))
	for i, x := range rows {
		out[i] = Reprint{CaseID: x.ID, Sign: x.Sign, OldSign: x.OldSign, ClientID: x.ClientID, FinalizedAt: fromMS(x.FinalizedAt)}
	}
	return out, nil
}
