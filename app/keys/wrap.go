package keys

import (
	"crypto/rand"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"okienko/app/auth"
)

// The kinds of wrap in a key set.
const (
	kindPerson   = "person"
	kindRecovery = "recovery"
)

// wrapInfo is the first part of every wrap's associated data.
const wrapInfo = "okienko key wrap v1"

// maxID bounds a staff or device id (they are UUIDs; the bound only keeps
// a hostile key file small).
const maxID = 128

// Params are the Argon2id costs of a wrap: app/auth's type, so a wrap
// costs what a sign-in's verification costs (auth.DefaultParams, about
// 250 ms on a 2-core laptop). KeyLen is always 32 here.
type Params = auth.Params

// wrap is the data key sealed under a key derived from a password or the
// recovery code: Argon2id (its own fresh salt and its costs recorded
// beside it), then AES-256-GCM with the kind, the staff id and the device
// id as associated data, so a wrap copied to another person or another
// device's key file does not open.
type wrap struct {
	kind    string
	staff   string // "" for the recovery wrap
	salt    []byte
	time    uint32
	memory  uint32
	threads uint8
	nonce   []byte
	sealed  []byte // the 32-byte data key and the 16-byte tag
}

// KeySet is a device's key file in memory: its device id and the data
// key's wraps, one per allowed person and one for the recovery code.
type KeySet struct {
	device string
	people []wrap // sorted by staff id
	rec    wrap
}

// NewKeySet makes the key set of a device: its data key wrapped for the
// recovery code. People are added with AddPerson.
func NewKeySet(deviceID string, dk *DataKey, code RecoveryCode, p Params) (*KeySet, error) {
	if err := checkID(deviceID); err != nil {
		return nil, fmt.Errorf("keys: device id: %w", err)
	}
	ks := &KeySet{device: deviceID}
	w, err := ks.seal(kindRecovery, "", code.secret(), dk, p)
	if err != nil {
		return nil, err
	}
	ks.rec = w
	return ks, nil
}

// DeviceID is the device whose key file this is.
func (ks *KeySet) DeviceID() string { return ks.device }

// People are the staff ids that have a wrap, sorted.
func (ks *KeySet) People() []string {
	out := make([]string, len(ks.people))
	for i, w := range ks.people {
		out[i] = w.staff
	}
	return out
}

// Has says whether a staff id has a wrap.
func (ks *KeySet) Has(staffID string) bool {
	_, ok := ks.find(staffID)
	return ok
}

func (ks *KeySet) find(staffID string) (int, bool) {
	return slices.BinarySearchFunc(ks.people, staffID, func(w wrap, id string) int {
		return strings.Compare(w.staff, id)
	})
}

// AddPerson wraps the data key for a person allowed on the device (at
// enrolment, or when the admin adds someone, during a session that holds
// the data key). A person who already has a wrap is ErrPersonExists: a
// changed password is Rewrap.
func (ks *KeySet) AddPerson(dk *DataKey, staffID, password string, p Params) error {
	if err := checkID(staffID); err != nil {
		return fmt.Errorf("keys: staff id: %w", err)
	}
	i, ok := ks.find(staffID)
	if ok {
		return ErrPersonExists
	}
	w, err := ks.seal(kindPerson, staffID, []byte(password), dk, p)
	if err != nil {
		return err
	}
	ks.people = slices.Insert(ks.people, i, w)
	return nil
}

// Rewrap replaces a person's wrap with one under a new password (a
// password changed or reset, while the data key is unlocked); the old
// password no longer opens this key set.
func (ks *KeySet) Rewrap(dk *DataKey, staffID, newPassword string, p Params) error {
	i, ok := ks.find(staffID)
	if !ok {
		return ErrNoPerson
	}
	w, err := ks.seal(kindPerson, staffID, []byte(newPassword), dk, p)
	if err != nil {
		return err
	}
	ks.people[i] = w
	return nil
}

// RemovePerson drops a person's wrap: once the key file is written, their
// password opens nothing on this device.
func (ks *KeySet) RemovePerson(staffID string) error {
	i, ok := ks.find(staffID)
	if !ok {
		return ErrNoPerson
	}
	ks.people = slices.Delete(ks.people, i, i+1)
	return nil
}

// ReplaceRecovery wraps the data key for a new recovery code; the old
// code opens nothing once the key file is written.
func (ks *KeySet) ReplaceRecovery(dk *DataKey, code RecoveryCode, p Params) error {
	w, err := ks.seal(kindRecovery, "", code.secret(), dk, p)
	if err != nil {
		return err
	}
	ks.rec = w
	return nil
}

// Unwrap gives the data key to a person with the right password. A staff
// id without a wrap costs the same Argon2id work as a wrong password and
// is the same error, ErrWrongPassword.
func (ks *KeySet) Unwrap(staffID, password string) (*DataKey, error) {
	i, ok := ks.find(staffID)
	if !ok {
		// As much work as a real attempt, with the costs a real wrap has.
		d := ks.rec
		if len(ks.people) > 0 {
			d = ks.people[0]
		}
		kek := argon2.IDKey([]byte(password), d.salt, d.time, d.memory, d.threads, KeyLen)
		clear(kek)
		return nil, ErrWrongPassword
	}
	dk, err := ks.open(ks.people[i], []byte(password))
	if err != nil {
		return nil, ErrWrongPassword
	}
	return dk, nil
}

// UnwrapRecovery gives the data key to whoever has the recovery code.
func (ks *KeySet) UnwrapRecovery(code RecoveryCode) (*DataKey, error) {
	dk, err := ks.open(ks.rec, code.secret())
	if err != nil {
		return nil, ErrWrongRecoveryCode
	}
	return dk, nil
}

// ad is a wrap's associated data.
func (ks *KeySet) ad(kind, staff string) []byte {
	who := staff
	if kind == kindRecovery {
		who = kindRecovery
	}
	return lengthPrefixed(wrapInfo, kind, who, ks.device)
}

func (ks *KeySet) seal(kind, staff string, secret []byte, dk *DataKey, p Params) (wrap, error) {
	if dk == nil {
		return wrap{}, fmt.Errorf("keys: no data key to wrap")
	}
	if err := checkParams(p.Time, p.Memory, p.Threads); err != nil {
		return wrap{}, err
	}
	w := wrap{kind: kind, staff: staff, time: p.Time, memory: p.Memory, threads: p.Threads}
	w.salt = make([]byte, min(max(p.SaltLen, 16), 64)) // what ParseKeyFile takes
	rand.Read(w.salt)
	kek := argon2.IDKey(secret, w.salt, w.time, w.memory, w.threads, KeyLen)
	defer clear(kek)
	g, err := newGCM(kek)
	if err != nil {
		return wrap{}, err
	}
	w.nonce = make([]byte, g.NonceSize())
	rand.Read(w.nonce)
	w.sealed = g.Seal(nil, w.nonce, dk.b[:], ks.ad(kind, staff))
	return w, nil
}

func (ks *KeySet) open(w wrap, secret []byte) (*DataKey, error) {
	kek := argon2.IDKey(secret, w.salt, w.time, w.memory, w.threads, KeyLen)
	defer clear(kek)
	g, err := newGCM(kek)
	if err != nil {
		return nil, err
	}
	b, err := g.Open(nil, w.nonce, w.sealed, ks.ad(w.kind, w.staff))
	if err != nil {
		return nil, ErrAuth
	}
	dk := &DataKey{}
	copy(dk.b[:], b)
	clear(b)
	return dk, nil
}

// checkParams bounds the costs a key file may ask for: a hostile or
// damaged file must not make the app allocate gigabytes or spin for
// minutes before it fails.
func checkParams(t, m uint32, p uint8) error {
	if t < 1 || t > 64 || p < 1 || p > 16 || m < 8*uint32(p) || m > 1<<20 {
		return fmt.Errorf("keys: argon2id costs t=%d m=%d p=%d out of bounds: %w", t, m, p, ErrMalformed)
	}
	return nil
}

func checkID(id string) error {
	if id == "" || len(id) > maxID || !utf8.ValidString(id) {
		return fmt.Errorf("%q: %w", id, ErrMalformed)
	}
	for _, r := range id {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("control character: %w", ErrMalformed)
		}
	}
	return nil
}
