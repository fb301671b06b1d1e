package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"okienko/app/audit"
	authpkg "okienko/app/auth"
	"okienko/app/demo"
	"okienko/app/keys"
	"okienko/db/keyfile"
)

// restart builds a new core on the env's store and directory, as a new
// start of the app does, and reads the key file.
func (e *env) restart(t *testing.T) *AuthService {
	t.Helper()
	ctx := context.Background()
	e.core.Keys.shutdown()
	core := NewCore(Deps{Store: e.store, I18n: e.core.I18n, Log: e.core.Log, Events: e.events, Opener: e.opener,
		DataDir: e.dir, Version: "test", PasswordParams: cheap})
	if err := core.Bootstrap(ctx, true); err != nil {
		t.Fatal(err)
	}
	if err := core.Keys.Start(ctx); err != nil {
		t.Fatal(err)
	}
	e.core = core
	e.auth = NewAuthService(core)
	return e.auth
}

// TestDemoSignInUnlocks: the demo office's first start makes its key file
// (the demo's recovery code, no wraps); each person is wrapped at their
// first sign-in, in that run and after a restart; sign-in unlocks the
// store, lock and sign-out lock it, unlocking the screen unwraps again; a
// wrong password unlocks nothing.
func TestDemoSignInUnlocks(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	// newEnv opens the store unlocked (a test key); the app opens it locked.
	e.store.Lock()
	if err := e.core.Keys.Start(ctx); err != nil {
		t.Fatal(err)
	}
	ks, _, err := keyfile.Read(e.dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ks.People()) != 0 {
		t.Fatalf("wraps at the first start: %v", ks.People())
	}
	rc, _ := keys.ParseRecoveryCode(demo.RecoveryCode)
	if _, err := ks.UnwrapRecovery(rc); err != nil {
		t.Fatalf("the demo's recovery code does not open its key file: %v", err)
	}
	if st, _ := NewKeysService(e.core).Status(); st.State != "ready" || st.Recovery {
		t.Fatalf("status of the demo: %+v", st)
	}
	if _, err := e.auth.SignIn("jnowak", "wrong"); keyOf(t, err) != "auth.wrongPassword" {
		t.Fatalf("wrong password: %v", err)
	}
	if e.store.Unlocked() {
		t.Fatal("a wrong password unlocked the store")
	}
	e.signIn(t, "jnowak")
	if !e.store.Unlocked() {
		t.Fatal("signed in, locked")
	}
	c1, _ := e.store.Cipher()
	sealed := c1.SealString("client", "person", "r", "Wiśniewska")
	// A locked screen keeps the key a while (auth.KeyKeptWhileLocked: the
	// device syncs through a break) and shows nothing.
	if _, err := e.auth.Lock(); err != nil || !e.store.Unlocked() {
		t.Fatalf("lock: %v, unlocked %v", err, e.store.Unlocked())
	}
	if _, err := NewCaseService(e.core).Search(CaseQuery{}); keyOf(t, err) != "auth.locked" {
		t.Fatalf("cases behind a locked screen: %v", err)
	}
	if _, err := e.auth.Unlock("wrong"); err == nil {
		t.Fatalf("unlock with a wrong password: %v", err)
	}
	if _, err := e.auth.Unlock(demo.Password); err != nil || !e.store.Unlocked() {
		t.Fatalf("unlock: %v", err)
	}
	if _, err := e.auth.SignOut(); err != nil || e.store.Unlocked() {
		t.Fatalf("sign-out: %v, unlocked %v", err, e.store.Unlocked())
	}
	// The sign-out is audited before the store locks (its outbox row is sealed).
	if st, _, err := e.store.Credentials(context.Background(), "jnowak"); err != nil {
		t.Fatal(err)
	} else if ok, _ := e.store.AuditedSince(context.Background(), st.ID, audit.SignOut, "staff", st.ID, time.Time{}); !ok {
		t.Fatal("the sign-out was not audited")
	}
	// After a restart: jnowak by their wrap, akowalska (never wrapped) by
	// the demo's recovery wrap; both open what was sealed.
	auth := e.restart(t)
	for _, login := range []string{"jnowak", "akowalska"} {
		if _, err := auth.SignIn(login, demo.Password); err != nil {
			t.Fatalf("%s after a restart: %v", login, err)
		}
		c, _ := e.store.Cipher()
		if got, err := c.OpenString("client", "person", "r", sealed); err != nil || got != "Wiśniewska" {
			t.Fatalf("%s opens %q, %v", login, got, err)
		}
		if _, err := auth.SignOut(); err != nil {
			t.Fatal(err)
		}
	}
	e.core.Keys.Settle()
	ks, _, _ = keyfile.Read(e.dir)
	if len(ks.People()) != 2 {
		t.Fatalf("wraps: %v", ks.People())
	}
	// The auto-lock leaves the key behind the locked screen for a while
	// (the device syncs through a break), then drops it.
	e.signInWith(t, auth, "jnowak")
	e.clock.Add(e.core.session.AutoLock + 1)
	e.core.CheckIdle()
	if !e.store.Unlocked() {
		t.Fatal("the store locked with the screen: the device stops syncing at every break")
	}
	e.clock.Add(authpkg.KeyKeptWhileLocked)
	e.core.CheckIdle()
	if e.store.Unlocked() {
		t.Fatalf("locked for %s, the store still unlocked", authpkg.KeyKeptWhileLocked)
	}
}

func (e *env) signInWith(t *testing.T, a *AuthService, login string) {
	t.Helper()
	if _, err := a.SignIn(login, demo.Password); err != nil {
		t.Fatal(err)
	}
}

// TestLostKeyFileIsNeverMadeAgain: a key file made once and then missing
// or damaged (both copies) is reported at start and at sign-in, in words,
// and no new key is made over the database: the data would look empty.
func TestLostKeyFileIsNeverMadeAgain(t *testing.T) {
	for _, c := range []struct {
		name  string
		harm  func(dir string)
		state string
	}{
		{"missing", func(dir string) {
			os.Remove(filepath.Join(dir, keyfile.Name))
			os.Remove(filepath.Join(dir, keyfile.BackupName))
		}, "missing"},
		{"damaged", func(dir string) {
			os.WriteFile(filepath.Join(dir, keyfile.Name), []byte("{\"format\":"), 0o600)
			os.WriteFile(filepath.Join(dir, keyfile.BackupName), []byte("garbage"), 0o600)
		}, "damaged"},
		{"copy only", func(dir string) { os.Remove(filepath.Join(dir, keyfile.Name)) }, "ready"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			if err := e.core.Keys.Start(context.Background()); err != nil {
				t.Fatal(err)
			}
			e.signIn(t, "jnowak")
			if _, err := e.auth.SignOut(); err != nil {
				t.Fatal(err)
			}
			e.core.Keys.Settle()
			c.harm(e.dir)
			auth := e.restart(t)
			st, _ := NewKeysService(e.core).Status()
			if st.State != c.state {
				t.Fatalf("state %q, want %q", st.State, c.state)
			}
			_, err := auth.SignIn("jnowak", demo.Password)
			if c.state == "ready" {
				if err != nil {
					t.Fatalf("sign-in with the copy: %v", err)
				}
				if _, err := os.Stat(filepath.Join(e.dir, keyfile.Name)); err != nil {
					t.Fatalf("the key file was not written again from its copy: %v", err)
				}
				return
			}
			if keyOf(t, err) != "keys."+c.state {
				t.Fatalf("sign-in: %v", err)
			}
			if e.store.Unlocked() {
				t.Fatal("unlocked without a key file")
			}
			_, _, rerr := keyfile.Read(e.dir)
			if c.state == "missing" && !errors.Is(rerr, keyfile.ErrNoKeyFile) || c.state == "damaged" && !errors.Is(rerr, keyfile.ErrKeyFileDamaged) {
				t.Fatalf("a new key file was made: %v", rerr)
			}
			// The message is a Polish sentence saying what to do.
			if msg := e.core.userError(err).Message; len(msg) < 80 {
				t.Fatalf("message %q", msg)
			}
		})
	}
}

// TestOlderDatabaseGetsAKey: a database of a version before encryption
// at rest (an office, no key file, never one made) gets its key at the
// first start; a new (non-demo) recovery code waits for an admin.
func TestOlderDatabaseGetsAKey(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if made, _ := e.store.KeyFileMade(ctx); made {
		t.Fatal("marked before any key file")
	}
	if err := e.core.Keys.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if made, _ := e.store.KeyFileMade(ctx); !made {
		t.Fatal("the key file was made without its mark")
	}
	if _, _, err := keyfile.Read(e.dir); err != nil {
		t.Fatal(err)
	}
}

// TestRecoverySheet: the recovery code's A4 sheet names the office, the
// device and the code, and says what it is for; it is shown from memory
// (PrintoutService.Open, before anyone signs in) and never written to a
// file: not beside the key file, and not in the temporary directory,
// where a plaintext PDF would outlive a killed app; once dismissed the
// code and its sheet are not shown again.
func TestRecoverySheet(t *testing.T) {
	e := newEnv(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	code := keys.NewRecoveryCode().String()
	e.core.Keys.mu.Lock()
	e.core.Keys.recovery, e.core.Keys.recoveryOpen = code, true
	e.core.Keys.mu.Unlock()
	ks := NewKeysService(e.core)
	if _, err := ks.PrintRecovery(); err != nil {
		t.Fatal(err)
	}
	if len(e.opener.Opened) != 1 || e.opener.Opened[0] != RecoverySheetPath {
		t.Fatalf("opened %v", e.opener.Opened)
	}
	for _, dir := range []string{tmp, e.dir} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if b, _ := os.ReadFile(p); bytes.Contains(b, []byte("%PDF")) {
					t.Errorf("the sheet was written to a file: %s", p)
				}
			}
			return nil
		})
	}
	v, err := NewPrintoutService(e.core, fakeDialog{}).Open(RecoverySheetPath)
	if err != nil {
		t.Fatal(err)
	}
	if v.Saveable {
		t.Error("the recovery sheet is offered to be saved as a file; its own text says it never is")
	}
	b, err := base64.StdEncoding.DecodeString(v.Data)
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("OKIENKO_GOLDEN_PDF"); dir != "" {
		os.WriteFile(filepath.Join(dir, "recovery.pdf"), b, 0o600)
	}
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, want := range []string{code, "Urząd Gminy Przykładowo", "Kod odzyskiwania danych komputera", e.store.DeviceID(), "sejfie", "Strona 1 z 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("sheet lacks %q:\n%s", want, text)
		}
	}
	if _, err := ks.DismissRecovery(); err != nil {
		t.Fatal(err)
	}
	if _, err := ks.Recovery(); keyOf(t, err) != "keys.noRecovery" {
		t.Fatalf("after dismissal: %v", err)
	}
	if _, err := NewPrintoutService(e.core, fakeDialog{}).Open(RecoverySheetPath); keyOf(t, err) != "keys.noRecovery" {
		t.Fatalf("the sheet after dismissal: %v", err)
	}
}
