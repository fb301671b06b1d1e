package keys

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

// cheap keeps the tests fast; the key file records the costs, so Unwrap
// is exercised the same way as with DefaultParams.
var cheap = Params{Time: 1, Memory: 64, Threads: 1, KeyLen: 32, SaltLen: 16}

func newSet(t testing.TB) (*KeySet, *DataKey, RecoveryCode) {
	t.Helper()
	dk := NewDataKey()
	code := NewRecoveryCode()
	ks, err := NewKeySet("dev-1", dk, code, cheap)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct{ id, pw string }{{"anna", "hasło Anny"}, {"jan", "hasło Jana"}} {
		if err := ks.AddPerson(dk, p.id, p.pw, cheap); err != nil {
			t.Fatal(err)
		}
	}
	return ks, dk, code
}

func TestUnwrap(t *testing.T) {
	ks, dk, code := newSet(t)
	cases := []struct {
		staff, pw string
		ok        bool
	}{
		{"anna", "hasło Anny", true},
		{"jan", "hasło Jana", true},
		{"anna", "hasło Jana", false}, // another person's password
		{"anna", "Hasło Anny", false},
		{"anna", "", false},
		{"ewa", "hasło Anny", false}, // no such person
		{"", "hasło Anny", false},
	}
	for _, c := range cases {
		got, err := ks.Unwrap(c.staff, c.pw)
		if c.ok {
			if err != nil || !got.Equal(dk) {
				t.Errorf("Unwrap(%s, right password): %v", c.staff, err)
			}
			continue
		}
		if !errors.Is(err, ErrWrongPassword) || got != nil {
			t.Errorf("Unwrap(%s, %q) = %v, %v; want ErrWrongPassword", c.staff, c.pw, got, err)
		}
	}
	if got, err := ks.UnwrapRecovery(code); err != nil || !got.Equal(dk) {
		t.Fatalf("UnwrapRecovery: %v", err)
	}
	if _, err := ks.UnwrapRecovery(NewRecoveryCode()); !errors.Is(err, ErrWrongRecoveryCode) {
		t.Fatalf("another recovery code: %v", err)
	}
}

func TestPeopleOps(t *testing.T) {
	ks, dk, code := newSet(t)
	if err := ks.AddPerson(dk, "anna", "x", cheap); !errors.Is(err, ErrPersonExists) {
		t.Fatalf("AddPerson twice: %v", err)
	}
	if err := ks.Rewrap(dk, "anna", "nowe hasło", cheap); err != nil {
		t.Fatal(err)
	}
	if _, err := ks.Unwrap("anna", "hasło Anny"); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("old password after Rewrap: %v", err)
	}
	if got, err := ks.Unwrap("anna", "nowe hasło"); err != nil || !got.Equal(dk) {
		t.Fatalf("new password after Rewrap: %v", err)
	}
	if err := ks.RemovePerson("jan"); err != nil {
		t.Fatal(err)
	}
	if _, err := ks.Unwrap("jan", "hasło Jana"); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("removed person: %v", err)
	}
	if err := ks.RemovePerson("jan"); !errors.Is(err, ErrNoPerson) {
		t.Fatalf("RemovePerson twice: %v", err)
	}
	if err := ks.Rewrap(dk, "jan", "x", cheap); !errors.Is(err, ErrNoPerson) {
		t.Fatalf("Rewrap of a removed person: %v", err)
	}
	if got := strings.Join(ks.People(), ","); got != "anna" {
		t.Fatalf("People = %s", got)
	}
	code2 := NewRecoveryCode()
	if err := ks.ReplaceRecovery(dk, code2, cheap); err != nil {
		t.Fatal(err)
	}
	if _, err := ks.UnwrapRecovery(code); !errors.Is(err, ErrWrongRecoveryCode) {
		t.Fatalf("old recovery code after ReplaceRecovery: %v", err)
	}
	if got, err := ks.UnwrapRecovery(code2); err != nil || !got.Equal(dk) {
		t.Fatalf("new recovery code: %v", err)
	}
}

// A wrap moved to another person, or a key file given another device's
// id, does not open: the associated data binds both.
func TestWrapBoundToPersonAndDevice(t *testing.T) {
	ks, _, _ := newSet(t)
	b, _ := ks.Marshal()
	moved := bytes.Replace(b, []byte(`"staff": "anna"`), []byte(`"staff": "ewa"`), 1)
	ks2, err := ParseKeyFile(moved)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ks2.Unwrap("ewa", "hasło Anny"); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("wrap moved to another person opened: %v", err)
	}
	other := bytes.Replace(b, []byte(`"device": "dev-1"`), []byte(`"device": "dev-2"`), 1)
	ks3, err := ParseKeyFile(other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ks3.Unwrap("anna", "hasło Anny"); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("key file of another device opened: %v", err)
	}
	if _, err := ks.Unwrap("anna", "hasło Anny"); err != nil {
		t.Fatalf("the control: %v", err)
	}
}

// An unknown staff id costs the Argon2id work of a wrong password: with
// costs high enough to dominate, the two take about the same time.
func TestUnknownPersonCostsTheSame(t *testing.T) {
	p := Params{Time: 2, Memory: 16 * 1024, Threads: 1, SaltLen: 16}
	dk := NewDataKey()
	ks, err := NewKeySet("dev-1", dk, NewRecoveryCode(), p)
	if err != nil {
		t.Fatal(err)
	}
	if err := ks.AddPerson(dk, "anna", "hasło", p); err != nil {
		t.Fatal(err)
	}
	// Alternate the two and keep each one's best of 7, so a busy machine
	// (the build machine is shared) slows both alike.
	known, unknown := time.Hour, time.Hour
	for range 7 {
		for _, staff := range []string{"anna", "nikt"} {
			t0 := time.Now()
			ks.Unwrap(staff, "zgadywane")
			d := time.Since(t0)
			if staff == "anna" {
				known = min(known, d)
			} else {
				unknown = min(unknown, d)
			}
		}
	}
	if unknown < known/3 || unknown > known*3 {
		t.Fatalf("wrong password for a known person %v, for an unknown one %v", known, unknown)
	}
}

func TestKeyFileRoundTrip(t *testing.T) {
	ks, dk, code := newSet(t)
	b, err := ks.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	ks2, err := ParseKeyFile(b)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := ks2.Marshal()
	if !bytes.Equal(b, b2) {
		t.Fatalf("round trip changed the file:\n%s\n%s", b, b2)
	}
	if got, err := ks2.Unwrap("jan", "hasło Jana"); err != nil || !got.Equal(dk) {
		t.Fatalf("parsed set: %v", err)
	}
	if got, err := ks2.UnwrapRecovery(code); err != nil || !got.Equal(dk) {
		t.Fatalf("parsed set, recovery: %v", err)
	}
	if ks2.DeviceID() != "dev-1" {
		t.Fatalf("device %q", ks2.DeviceID())
	}
}

func TestParseKeyFileRefuses(t *testing.T) {
	ks, _, _ := newSet(t)
	good, _ := ks.Marshal()
	edit := func(old, new string) []byte {
		if !bytes.Contains(good, []byte(old)) {
			t.Fatalf("test file lacks %q", old)
		}
		return bytes.Replace(good, []byte(old), []byte(new), 1)
	}
	cases := map[string][]byte{
		"empty":          nil,
		"not json":       []byte("okienko"),
		"truncated":      good[:len(good)/2],
		"trailing":       append(append([]byte{}, good...), []byte(`{}`)...),
		"version":        edit(`"version": 1`, `"version": 2`),
		"format":         edit(`"okienko-keys"`, `"okienko-klucze"`),
		"unknown field":  edit(`"version": 1`, `"version": 1, "extra": true`),
		"no device":      edit(`"device": "dev-1"`, `"device": ""`),
		"kind":           edit(`"kind": "person"`, `"kind": "admin"`),
		"alg":            edit(`"alg": "argon2id"`, `"alg": "scrypt"`),
		"huge memory":    edit(`"m": 64`, `"m": 4194304`),
		"zero passes":    edit(`"t": 1`, `"t": 0`),
		"no recovery":    edit(`"kind": "recovery"`, `"kind": "person", "staff": "zz"`),
		"twice the same": edit(`"staff": "jan"`, `"staff": "anna"`),
		"control char":   edit(`"staff": "jan"`, `"staff": "j\u0000n"`),
		"short nonce":    bytes.Replace(good, []byte(`"nonce": "`), []byte(`"nonce": "AAAA`), 1),
		"string number":  edit(`"t": 1`, `"t": "1"`),
		"too large":      bytes.Repeat([]byte(" "), MaxKeyFileSize+1),
		"key twice":      edit(`"version": 1`, `"version": 1, "version": 1`),
		"key twice deep": edit(`"alg": "argon2id"`, `"alg": "argon2id", "alg": "argon2id"`),
	}
	for name, b := range cases {
		if _, err := ParseKeyFile(b); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: err = %v, want ErrMalformed", name, err)
		}
	}
}

// FuzzParseKeyFile: no input panics; what parses writes back as a file
// that parses to the same thing.
func FuzzParseKeyFile(f *testing.F) {
	ks, _, _ := newSet(f)
	good, _ := ks.Marshal()
	f.Add(good)
	f.Add([]byte(`{"format":"okienko-keys","version":1,"device":"d","wraps":[]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ks, err := ParseKeyFile(b)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error not ErrMalformed: %v", err)
			}
			return
		}
		out, err := ks.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		ks2, err := ParseKeyFile(out)
		if err != nil {
			t.Fatalf("a parsed file written back does not parse: %v\n%s", err, out)
		}
		out2, _ := ks2.Marshal()
		if !bytes.Equal(out, out2) {
			t.Fatalf("not stable:\n%s\n%s", out, out2)
		}
	})
}
