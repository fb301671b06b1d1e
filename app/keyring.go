package app

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"okienko/app/audit"
	"okienko/app/demo"
	"okienko/app/i18n"
	"okienko/app/keys"
	"okienko/app/office"
	"okienko/db"
	"okienko/db/keyfile"
	"okienko/sync/client"
)

// The device's data key in the app's hands (issue 13; ARCHITECTURE.md,
// Encryption at rest). A sign-in whose password the device verified
// unwraps the key from the key file with the same password, makes the
// cipher and unlocks the store; locking the screen, signing out and exit
// lock the store and destroy the cipher, so the key is in memory only
// while someone works. A person without a wrap gets one from the key the
// registry keeps for this device (online, through their person session),
// from the recovery code the admin types (offline), or, on a standalone
// device, from its recovery wrap. A key file that is missing or damaged
// beside a database is reported, never replaced by a new key.

// Key states (KeyStatus.State).
const (
	keyOff     = ""        // Start not called (tests of other areas): sign-in leaves keys alone
	keyReady   = "ready"   // the key file reads
	keyNone    = "none"    // no key file and no office: made at enrolment
	keyMissing = "missing" // a key file was made, and is gone
	keyDamaged = "damaged" // the key file and its copy cannot be read
	keyRevoked = "revoked" // the registry revoked this device, which removed its key file
)

// KeyRing holds the unlocked cipher and the key file's state, apart
// from the Core (its methods are the keys' own).
type KeyRing struct {
	c *Core
	// wrapping counts wraps being written after a sign-in.
	wrapping sync.WaitGroup

	mu     sync.Mutex
	state  string
	cipher *keys.Cipher
	// fresh is a data key made at this start for a database older than
	// encryption at rest: everyone whose password is verified during this
	// run is wrapped with it; gone at exit.
	fresh *keys.DataKey
	// recovery is a recovery code made on this device and not yet
	// dismissed, for an admin to print once (KeysService.Recovery);
	// recoveryOpen: shown without a sign-in (right after enrolment, until
	// someone signs in).
	recovery     string
	recoveryOpen bool
	// owed are audit entries made while the store was locked (a failed
	// sign-in): their outbox rows are sealed, so they wait for the next
	// unlock (unlockWith).
	owed []audit.Entry
}

// owe keeps an audit entry until the store is unlocked.
func (k *KeyRing) owe(e audit.Entry) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(k.owed) < 1000 { // a flood of wrong passwords is throttled anyway
		k.owed = append(k.owed, e)
	}
}

// payOwed writes the audit entries kept while the store was locked.
func (k *KeyRing) payOwed(ctx context.Context) {
	k.mu.Lock()
	owed := k.owed
	k.owed = nil
	k.mu.Unlock()
	if len(owed) == 0 || k.c.officeID == "" {
		return
	}
	err := k.c.Store.InTx(ctx, func(tx *db.Tx) error {
		for _, e := range owed {
			if err := tx.Audit(ctx, k.c.officeID, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		k.c.Log.Error("audit entries kept while locked", "count", len(owed), "err", err)
	}
}

// signedIn closes the recovery code shown without a sign-in: from now on
// only an admin sees it.
func (k *KeyRing) signedIn(office.Staff) {
	k.mu.Lock()
	k.recoveryOpen = false
	k.mu.Unlock()
}

// enrolled takes the key file of a new enrolment (made with the data key
// the registry now keeps), before the first round: the mark first, then
// the file, then the store unlocked for the round; the recovery code is
// shown once to whoever enrolled the device.
func (k *KeyRing) enrolled(ctx context.Context, ks *keys.KeySet, dk *keys.DataKey, code keys.RecoveryCode) error {
	if err := k.c.Store.NoteKeyFileMade(ctx); err != nil {
		return err
	}
	if err := keyfile.Replace(k.c.DataDir, ks); err != nil {
		return fmt.Errorf("app: write the key file: %w", err)
	}
	k.mu.Lock()
	k.state, k.recovery, k.recoveryOpen = keyReady, code.String(), true
	if k.fresh != nil {
		k.fresh.Destroy()
		k.fresh = nil
	}
	k.mu.Unlock()
	return k.unlockWith(ctx, dk)
}

func newKeyRing(c *Core) *KeyRing { return &KeyRing{c: c} }

// errNeedRecovery is a person without a wrap whose key could not come
// from the registry: the admin types the recovery code (KeysService).
var errNeedRecovery = errors.New("app: no wrap for this person and no key from the registry")

// Start reads the key file at start (main.go calls it after Bootstrap).
// A database older than encryption at rest (no key file was ever made
// for it) gets its key now; a key file made once and now missing or
// damaged is reported, never made again.
func (k *KeyRing) Start(ctx context.Context) error {
	dir := k.c.DataDir
	_, fromBackup, err := keyfile.Read(dir)
	made, merr := k.c.Store.KeyFileMade(ctx)
	if merr != nil {
		return merr
	}
	state := keyReady
	switch {
	case err == nil:
		if fromBackup {
			// The copy stood in: write both again.
			_ = keyfile.Update(dir, func(*keys.KeySet) (bool, error) { return true, nil })
		}
		if !made {
			if err := k.c.Store.NoteKeyFileMade(ctx); err != nil {
				return err
			}
		}
	case errors.Is(err, keyfile.ErrNoKeyFile) && made:
		state = keyMissing
		if ss, serr := k.c.Store.SyncState(ctx); serr == nil && ss.RegistryURL != "" && !ss.Enrolled() {
			state = keyRevoked
		}
		k.c.Log.Error("the key file is missing", "state", state)
	case errors.Is(err, keyfile.ErrNoKeyFile) && k.c.officeID == "":
		state = keyNone
	case errors.Is(err, keyfile.ErrNoKeyFile):
		if err := k.makeFirst(ctx); err != nil {
			return err
		}
	case errors.Is(err, keyfile.ErrKeyFileDamaged):
		state = keyDamaged
		k.c.Log.Error("the key file is damaged", "err", err)
	default:
		return fmt.Errorf("app: key file: %w", err)
	}
	k.mu.Lock()
	k.state = state
	k.mu.Unlock()
	return nil
}

// makeFirst makes the key of a database that has none yet: the demo
// office's first start, or a database of an older version. The demo
// office's recovery code is the demo's (public, like its password: a demo
// holds no real data); any other's is new, for the first admin to print.
func (k *KeyRing) makeFirst(ctx context.Context) error {
	isDemo := false
	if d, err := demo.LoadOffice(); err == nil && d.Office.ID == k.c.officeID {
		isDemo = true
	}
	return k.makeKey(ctx, isDemo)
}

// beforeDemo makes the demo office's key and unlocks the store with it
// before the demo is loaded into an empty database: loading writes sealed
// outbox rows. The store is locked again once Bootstrap is done
// (KeyRing.lock); the key stays to wrap the first person who signs in.
func (k *KeyRing) beforeDemo(ctx context.Context) (unlocked bool, err error) {
	if k.c.Store.Unlocked() {
		return false, nil // unlocked at open (tests, tools)
	}
	if _, _, err := keyfile.Read(k.c.DataDir); !errors.Is(err, keyfile.ErrNoKeyFile) {
		return false, nil // a key file exists (or is damaged): Start reports it
	}
	if made, err := k.c.Store.KeyFileMade(ctx); err != nil || made {
		return false, err
	}
	if err := k.makeKey(ctx, true); err != nil {
		return false, err
	}
	k.mu.Lock()
	dk := k.fresh
	k.mu.Unlock()
	return true, k.unlockWith(ctx, dk)
}

// makeKey makes a new data key and its key file, with the demo's public
// recovery code or a new one.
func (k *KeyRing) makeKey(ctx context.Context, isDemo bool) error {
	code := keys.NewRecoveryCode()
	if isDemo {
		if dc, err := keys.ParseRecoveryCode(demo.RecoveryCode); err == nil {
			code = dc
		}
	}
	dk := keys.NewDataKey()
	ks, err := keys.NewKeySet(k.c.Store.DeviceID(), dk, code, k.c.PasswordParams)
	if err != nil {
		return err
	}
	if err := k.c.Store.NoteKeyFileMade(ctx); err != nil {
		return err
	}
	if err := keyfile.Create(k.c.DataDir, ks); err != nil {
		return fmt.Errorf("app: make the key file: %w", err)
	}
	k.mu.Lock()
	k.fresh = dk
	if !isDemo {
		k.recovery = code.String()
	}
	k.mu.Unlock()
	k.c.Log.Info("key file made", "demo", isDemo)
	return nil
}

// stateErr is the error a sign-in meets when the key file cannot serve.
func stateErr(state string) error {
	switch state {
	case keyMissing:
		return i18n.E("keys.missing", errors.New("app: the key file is missing"))
	case keyDamaged:
		return i18n.E("keys.damaged", errors.New("app: the key file is damaged"))
	case keyRevoked:
		return i18n.E("keys.revoked", errors.New("app: the device was revoked"))
	}
	return nil
}

// open unlocks the store for a person whose password the device has just
// verified: their wrap opens the key; a person without one (or whose wrap
// an older password made) is wrapped from the registry's key or the fresh
// one. A key file that cannot serve is recovered from the registry's key
// when online, else reported.
func (k *KeyRing) open(ctx context.Context, st office.Staff, password string) error {
	k.mu.Lock()
	state := k.state
	k.mu.Unlock()
	if state == keyOff || state == keyNone {
		return nil
	}
	if state != keyReady {
		// A lost or damaged key file: the registry's key makes a new one.
		if state == keyRevoked {
			return stateErr(state)
		}
		dk, err := k.fromRegistry(ctx, st, password)
		if err != nil {
			k.c.Log.Warn("no key from the registry for a lost key file", "err", err)
			return stateErr(state)
		}
		defer dk.Destroy()
		if err := k.remake(ctx, dk, st.ID, password); err != nil {
			return k.c.internal("remake the key file", err)
		}
		return k.unlockWith(ctx, dk)
	}
	ks, _, err := keyfile.Read(k.c.DataDir)
	if err != nil {
		return k.c.internal("read the key file", err)
	}
	if ks.Has(st.ID) {
		dk, err := ks.Unwrap(st.ID, password)
		if err == nil {
			defer dk.Destroy()
			return k.unlockWith(ctx, dk)
		}
		// The device verified the password, the wrap refuses it: an older
		// password made it (changed at the registry). Wrapped again below.
		k.c.Log.Info("a person's wrap is of an older password", "staff", st.ID)
	}
	dk, err := k.keyFor(ctx, st, password)
	if err != nil {
		return err
	}
	defer dk.Destroy()
	if err := k.unlockWith(ctx, dk); err != nil {
		return err
	}
	// The wrap (another Argon2id run) is written after the sign-in: a
	// process ended before it is done only asks the registry again.
	own, _ := keys.DataKeyFrom(dk.Export())
	k.wrapping.Add(1)
	go func() {
		defer k.wrapping.Done()
		defer own.Destroy()
		if err := k.wrap(own, st.ID, password); err != nil {
			k.c.Log.Error("wrap the data key", "staff", st.ID, "err", err)
		}
	}()
	return nil
}

// Settle waits for the wraps being written after sign-ins (tests, exit).
func (k *KeyRing) Settle() { k.wrapping.Wait() }

// keyFor finds the data key for a person without a wrap: the key made at
// this start, the registry's (online), or the demo's recovery wrap.
func (k *KeyRing) keyFor(ctx context.Context, st office.Staff, password string) (*keys.DataKey, error) {
	k.mu.Lock()
	fresh := k.fresh
	k.mu.Unlock()
	if fresh != nil {
		dk, _ := keys.DataKeyFrom(fresh.Export())
		return dk, nil
	}
	if k.c.syncClient() != nil {
		dk, err := k.fromRegistry(ctx, st, password)
		if err == nil {
			return dk, nil
		}
		k.c.Log.Warn("no key from the registry", "staff", st.ID, "err", err)
	} else if code, err := keys.ParseRecoveryCode(demo.RecoveryCode); err == nil && k.isDemo() {
		ks, _, err := keyfile.Read(k.c.DataDir)
		if err == nil {
			if dk, err := ks.UnwrapRecovery(code); err == nil {
				return dk, nil
			}
		}
	}
	return nil, i18n.E("keys.needRecovery", errNeedRecovery)
}

func (k *KeyRing) isDemo() bool {
	d, err := demo.LoadOffice()
	return err == nil && d.Office.ID == k.c.officeID
}

// fromRegistry asks the registry for the device's key with the person's
// session, opened now with the password just verified.
func (k *KeyRing) fromRegistry(ctx context.Context, st office.Staff, password string) (*keys.DataKey, error) {
	cl := k.c.syncClient()
	if cl == nil {
		return nil, client.ErrOffline
	}
	if err := k.c.Persons.confirm(ctx, st.ID, st.Login, password); err != nil {
		return nil, err
	}
	token := k.c.Persons.token(ctx, st.ID)
	raw, err := cl.DeviceKey(ctx, token)
	if err != nil {
		return nil, err
	}
	defer clear(raw)
	return keys.DataKeyFrom(raw)
}

// wrap adds or replaces the person's wrap in the key file.
func (k *KeyRing) wrap(dk *keys.DataKey, staffID, password string) error {
	return keyfile.Update(k.c.DataDir, func(ks *keys.KeySet) (bool, error) {
		if ks.Has(staffID) {
			return true, ks.Rewrap(dk, staffID, password, k.c.PasswordParams)
		}
		return true, ks.AddPerson(dk, staffID, password, k.c.PasswordParams)
	})
}

// remake writes a new key file for the registry's key of this device,
// with a new recovery code for an admin to print.
func (k *KeyRing) remake(ctx context.Context, dk *keys.DataKey, staffID, password string) error {
	code := keys.NewRecoveryCode()
	ks, err := keys.NewKeySet(k.c.Store.DeviceID(), dk, code, k.c.PasswordParams)
	if err != nil {
		return err
	}
	if err := ks.AddPerson(dk, staffID, password, k.c.PasswordParams); err != nil {
		return err
	}
	if err := keyfile.Replace(k.c.DataDir, ks); err != nil {
		return err
	}
	k.mu.Lock()
	k.state, k.recovery = keyReady, code.String()
	k.mu.Unlock()
	k.c.Log.Info("key file made again from the registry's key")
	return nil
}

// unlockWith makes the cipher of dk and unlocks the store with it.
func (k *KeyRing) unlockWith(ctx context.Context, dk *keys.DataKey) error {
	c, err := keys.NewCipher(dk)
	if err != nil {
		return k.c.internal("make the cipher", err)
	}
	k.lock()
	if err := k.c.Store.Unlock(ctx, c); err != nil {
		c.Destroy()
		return k.c.internal("unlock the store", err)
	}
	k.mu.Lock()
	k.cipher = c
	k.mu.Unlock()
	k.payOwed(ctx)
	if k.c.officeID != "" {
		if err := k.c.closeOldRegisters(ctx); err != nil {
			k.c.Log.Error("close the registers of past years", "err", err)
		}
	}
	return nil
}

// lock locks the store and destroys the cipher (screen lock, sign-out,
// exit, revocation).
func (k *KeyRing) lock() {
	k.mu.Lock()
	c := k.cipher
	k.cipher = nil
	k.mu.Unlock()
	if c != nil {
		k.c.Store.Lock()
		c.Destroy()
	}
}

// Revoked is the sync engine's word that the registry revoked this
// device, which has removed its key file: the store locks and the
// session ends; nothing sealed opens again.
func (k *KeyRing) Revoked() {
	k.lock()
	k.mu.Lock()
	if k.state != keyOff {
		k.state = keyRevoked
	}
	if k.fresh != nil {
		k.fresh.Destroy()
		k.fresh = nil
	}
	k.recovery = ""
	k.mu.Unlock()
	c := k.c
	c.mu.Lock()
	c.session.SignOut()
	c.mu.Unlock()
	c.Persons.drop(false)
	c.Events.Emit(EventSession, "signed_out")
}

// shutdown forgets everything at exit, once the wraps under way are
// written.
func (k *KeyRing) shutdown() {
	k.Settle()
	k.lock()
	k.mu.Lock()
	if k.fresh != nil {
		k.fresh.Destroy()
		k.fresh = nil
	}
	k.mu.Unlock()
}
