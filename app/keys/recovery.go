package keys

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
)

// A recovery code is printed at enrolment and kept by the admin (in the
// office's safe): it opens the device's key file when no allowed person
// can (forgotten password, everyone removed). 24 random characters of
// Crockford's base32 (120 bits, no I, L, O or U to misread) and a check
// character, in five groups of five for reading aloud:
// "7QK2M-XA9PD-4HT0V-RZ8BN-C3W6F".
const (
	recoveryData  = 24
	recoveryGroup = 5
)

// crockford is the alphabet; a character's value is its index.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// Errors of a typed recovery code, told apart before any Argon2 work.
var (
	// ErrRecoveryFormat: not 25 characters of the alphabet.
	ErrRecoveryFormat = errors.New("keys: a recovery code has 25 letters and digits")
	// ErrRecoveryTypo: the check character does not match: a character
	// was mistyped (every single substitution is caught, and every swap of
	// two neighbours but 0 and Z, Luhn mod N's one blind pair).
	ErrRecoveryTypo = errors.New("keys: the recovery code has a typo")
)

// RecoveryCode is a recovery code's 24 data characters (values 0..31).
type RecoveryCode struct {
	d [recoveryData]byte
}

// NewRecoveryCode makes a random recovery code.
func NewRecoveryCode() RecoveryCode {
	var c RecoveryCode
	var b [recoveryData]byte
	rand.Read(b[:])
	for i, x := range b {
		c.d[i] = x & 31 // 256 is a multiple of 32: uniform
	}
	return c
}

// String is the code as printed: five groups of five, the check last.
func (c RecoveryCode) String() string {
	var sb strings.Builder
	all := append(c.d[:], luhnCheck(c.d[:]))
	for i, v := range all {
		if i > 0 && i%recoveryGroup == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(crockford[v])
	}
	return sb.String()
}

// secret is what the recovery wrap's key is derived from.
func (c RecoveryCode) secret() []byte {
	b := make([]byte, recoveryData)
	for i, v := range c.d {
		b[i] = crockford[v]
	}
	return b
}

// ParseRecoveryCode reads a code as a person types it: any case, with or
// without hyphens and spaces, O read as 0 and I or L as 1 (Crockford).
func ParseRecoveryCode(s string) (RecoveryCode, error) {
	var vals []byte
	for _, r := range s {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			continue
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		switch r {
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		i := strings.IndexRune(crockford, r)
		if i < 0 || len(vals) > recoveryData {
			return RecoveryCode{}, ErrRecoveryFormat
		}
		vals = append(vals, byte(i))
	}
	if len(vals) != recoveryData+1 {
		return RecoveryCode{}, ErrRecoveryFormat
	}
	if !luhnValid(vals) {
		return RecoveryCode{}, ErrRecoveryTypo
	}
	var c RecoveryCode
	copy(c.d[:], vals)
	return c, nil
}

// luhnCheck is the Luhn mod 32 check character of data (values 0..31).
func luhnCheck(data []byte) byte {
	const n = 32
	factor, sum := 2, 0
	for i := len(data) - 1; i >= 0; i-- {
		a := factor * int(data[i])
		factor = 3 - factor
		sum += a/n + a%n
	}
	return byte((n - sum%n) % n)
}

// luhnValid says whether the last value is data's Luhn mod 32 check.
func luhnValid(all []byte) bool {
	const n = 32
	factor, sum := 1, 0
	for i := len(all) - 1; i >= 0; i-- {
		a := factor * int(all[i])
		factor = 3 - factor
		sum += a/n + a%n
	}
	return sum%n == 0
}

// GoString hides the code from %#v in logs and test failures.
func (c RecoveryCode) GoString() string {
	return fmt.Sprintf("keys.RecoveryCode{%d chars}", recoveryData)
}
