package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"

	"okienko/app/audit"
	"okienko/app/i18n"
	"okienko/app/keys"
	"okienko/app/office"
	"okienko/app/pdf"
	"okienko/db/keyfile"
)

// KeyStatus is what the sign-in screen needs to know of the device's key.
type KeyStatus struct {
	// State: "ready", "none" (not enrolled yet), "missing", "damaged" or
	// "revoked"; the last three come with a message and the way out.
	State string `json:"state"`
	// Recovery says a recovery code waits to be printed by the admin (after
	// enrolment, without anyone signed in; otherwise for an admin).
	Recovery bool `json:"recovery"`
	// Enrolled: the device has a registry (the recovery path online).
	Enrolled bool `json:"enrolled"`
}

// RecoveryView is a recovery code shown once, for the admin to print.
type RecoveryView struct {
	Code string `json:"code"`
}

// KeysService shows the device key's state, the recovery code once after
// enrolment, and takes a recovery code typed by the admin for a person
// the device cannot wrap otherwise (offline).
type KeysService struct {
	c *Core
}

// NewKeysService binds the service to the core.
func NewKeysService(c *Core) *KeysService { return &KeysService{c: c} }

// Status needs no sign-in: the sign-in screen shows a missing or damaged
// key file before anyone tries.
func (s *KeysService) Status() (KeyStatus, error) {
	k := s.c.Keys
	k.mu.Lock()
	out := KeyStatus{State: k.state, Recovery: k.recovery != ""}
	k.mu.Unlock()
	if out.State == keyOff {
		out.State = keyReady
	}
	out.Enrolled = s.c.syncClient() != nil
	return out, nil
}

// Recovery is the recovery code waiting to be printed: after enrolment
// to whoever is at the device (before anyone signs in), later to an admin.
func (s *KeysService) Recovery() (RecoveryView, error) {
	code, err := s.pendingCode()
	if err != nil {
		return RecoveryView{}, err
	}
	return RecoveryView{Code: code}, nil
}

func (s *KeysService) pendingCode() (string, error) { return recoveryPending(s.c) }

// recoveryPending is the recovery code waiting to be printed, to whoever
// is at the device right after enrolment, later to an admin only.
func recoveryPending(c *Core) (string, error) {
	k := c.Keys
	k.mu.Lock()
	code, open := k.recovery, k.recoveryOpen
	k.mu.Unlock()
	if code == "" {
		return "", i18n.E("keys.noRecovery", errors.New("app: no recovery code to show"))
	}
	if !open {
		if _, err := c.requireRole(context.Background(), office.RoleAdmin); err != nil {
			return "", err
		}
	}
	return code, nil
}

// RecoverySheetPath names the recovery code's sheet for the app's viewer
// (PrintoutService.Open). The sheet is never a file: it is rendered in
// memory each time it is opened, while its code waits to be printed. A
// plaintext PDF in the temporary directory would outlive a killed app,
// and with the key file beside the database it opens everything.
const RecoverySheetPath = "okienko:kod-odzyskiwania.pdf"

// PrintRecovery shows the recovery code's A4 sheet in the app's viewer,
// which asks PrintoutService.Open for it and prints it from there.
func (s *KeysService) PrintRecovery() (RecoveryView, error) {
	code, err := s.pendingCode()
	if err != nil {
		return RecoveryView{}, err
	}
	if err := s.c.Opener.Open(RecoverySheetPath); err != nil {
		return RecoveryView{}, s.c.internal("open the recovery sheet", err)
	}
	s.c.Log.Info("recovery sheet shown")
	return RecoveryView{Code: code}, nil
}

// recoverySheetPDF renders the sheet of the code waiting to be printed.
func recoverySheetPDF(c *Core) ([]byte, error) {
	code, err := recoveryPending(c)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := pdf.Write(&buf, (&KeysService{c: c}).recoverySheet(code)); err != nil {
		return nil, c.internal("render the recovery sheet", err)
	}
	return buf.Bytes(), nil
}

// recoverySheet is the printout: the office, the device, the code, and
// what it is for, in Polish (the office's safe's language).
func (s *KeysService) recoverySheet(code string) pdf.Sheet {
	c := s.c
	var header []string
	if o, err := c.Store.Office(context.Background()); err == nil {
		header = append(header, o.Name)
	}
	host, _ := os.Hostname()
	return pdf.Sheet{
		Header:  header,
		HeaderR: []string{i18n.Date(i18n.Default, c.Today())},
		Title:   c.T("keys.sheet.title"),
		Blocks: []pdf.Block{
			{Pairs: [][2]string{
				{c.T("keys.sheet.device"), c.T("keys.sheet.deviceValue", "name", host, "id", c.Store.DeviceID())},
				{c.T("keys.sheet.code"), code},
			}},
			{Heading: c.T("keys.sheet.whatHeading"), Paragraphs: []string{
				c.T("keys.sheet.what1"), c.T("keys.sheet.what2"), c.T("keys.sheet.what3"),
			}},
			{Signature: c.T("keys.sheet.signature")},
		},
		Footer:    c.T("keys.sheet.footer"),
		PageLabel: c.T("pdf.page", "n", "{n}", "nb", "{nb}"),
		Author:    "Okienko",
	}
}

// DismissRecovery forgets the code once the admin printed or wrote it
// down: it is never shown again.
func (s *KeysService) DismissRecovery() (KeyStatus, error) {
	if _, err := s.pendingCode(); err != nil {
		return KeyStatus{}, err
	}
	k := s.c.Keys
	k.mu.Lock()
	k.recovery, k.recoveryOpen = "", false
	k.mu.Unlock()
	return s.Status()
}

// Recover signs in a person the device cannot wrap otherwise (offline,
// no wrap yet) with the recovery code the admin types: the person's
// password is verified as at sign-in, the code opens the key file's
// recovery wrap, and the person is wrapped with their password.
func (s *KeysService) Recover(login, password, code string) (Session, error) {
	ctx := context.Background()
	c := s.c
	st, err := c.checkPassword(ctx, login, password)
	if err != nil {
		return Session{}, err
	}
	rc, err := keys.ParseRecoveryCode(code)
	switch {
	case errors.Is(err, keys.ErrRecoveryTypo):
		return Session{}, i18n.E("keys.recoveryTypo", err)
	case err != nil:
		return Session{}, i18n.E("keys.recoveryFormat", err)
	}
	ks, _, err := keyfile.Read(c.DataDir)
	switch {
	case errors.Is(err, keyfile.ErrNoKeyFile):
		return Session{}, i18n.E("keys.missing", err)
	case errors.Is(err, keyfile.ErrKeyFileDamaged):
		return Session{}, i18n.E("keys.damaged", err)
	case err != nil:
		return Session{}, c.internal("read the key file", err)
	}
	dk, err := ks.UnwrapRecovery(rc)
	if err != nil {
		c.auditDetail(ctx, st.ID, audit.KeyRecoveryFailed, "staff", st.ID, "")
		c.Log.Warn("wrong recovery code", "staff", st.ID)
		return Session{}, i18n.E("keys.recoveryWrong", err)
	}
	defer dk.Destroy()
	if err := c.Keys.wrap(dk, st.ID, password); err != nil {
		return Session{}, c.internal("wrap the data key", fmt.Errorf("recovery: %w", err))
	}
	if err := c.Keys.unlockWith(ctx, dk); err != nil {
		return Session{}, err
	}
	c.auditDetail(ctx, st.ID, audit.KeyRecovered, "staff", st.ID, "")
	c.Log.Info("person wrapped with the recovery code", "staff", st.ID)
	return startSession(ctx, c, st, login, password)
}
