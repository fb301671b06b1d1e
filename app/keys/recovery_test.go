package keys

import (
	"errors"
	"strings"
	"testing"
)

func TestRecoveryCode(t *testing.T) {
	c := NewRecoveryCode()
	s := c.String()
	if len(s) != 29 || strings.Count(s, "-") != 4 {
		t.Fatalf("code %q is not five groups of five", s)
	}
	for _, typed := range []string{s, strings.ToLower(s), strings.ReplaceAll(s, "-", ""), strings.ReplaceAll(s, "-", " ")} {
		got, err := ParseRecoveryCode(typed)
		if err != nil || got != c {
			t.Fatalf("ParseRecoveryCode(%q): %v", typed, err)
		}
	}
	if NewRecoveryCode() == c {
		t.Fatal("two codes are equal")
	}
}

func TestRecoveryCodeConfusables(t *testing.T) {
	var c RecoveryCode
	for i := range c.d {
		c.d[i] = byte(i % 2) // 0101…
	}
	s := c.String()
	typed := strings.NewReplacer("0", "o", "1", "l").Replace(s[:10]) + s[10:]
	if got, err := ParseRecoveryCode(typed); err != nil || got != c {
		t.Fatalf("%q read as %q: %v", typed, s, err)
	}
}

// Every single mistyped character is caught by the check character,
// before any Argon2id work; so is a swap of two different neighbours,
// but for 0 and Z (Luhn mod N's one blind pair, values 0 and N-1).
func TestRecoveryCodeTypos(t *testing.T) {
	missedSwaps, swaps := 0, 0
	for range 50 {
		c := NewRecoveryCode()
		plain := strings.ReplaceAll(c.String(), "-", "")
		for i := range plain {
			for _, r := range crockford {
				if byte(r) == plain[i] {
					continue
				}
				typo := plain[:i] + string(r) + plain[i+1:]
				if _, err := ParseRecoveryCode(typo); !errors.Is(err, ErrRecoveryTypo) {
					t.Fatalf("%q for %q: err = %v", typo, plain, err)
				}
			}
			if i+1 < len(plain) && plain[i] != plain[i+1] {
				swaps++
				sw := plain[:i] + string(plain[i+1]) + string(plain[i]) + plain[i+2:]
				if _, err := ParseRecoveryCode(sw); err == nil {
					missedSwaps++
					if pair := string(plain[i]) + string(plain[i+1]); pair != "0Z" && pair != "Z0" {
						t.Fatalf("swap of %s passes the check", pair)
					}
				}
			}
		}
	}
	if missedSwaps*20 > swaps {
		t.Fatalf("%d of %d swaps of neighbours pass the check", missedSwaps, swaps)
	}
	t.Logf("%d of %d swaps of neighbours pass the check", missedSwaps, swaps)
}

func TestRecoveryCodeFormat(t *testing.T) {
	s := NewRecoveryCode().String()
	for _, bad := range []string{"", s[:len(s)-1], s + "A", strings.Replace(s, s[:1], "U", 1), s[:5] + "!" + s[6:], "ąćęłńóśźż"} {
		if _, err := ParseRecoveryCode(bad); !errors.Is(err, ErrRecoveryFormat) {
			t.Errorf("ParseRecoveryCode(%q) = %v, want ErrRecoveryFormat", bad, err)
		}
	}
}

func FuzzParseRecoveryCode(f *testing.F) {
	f.Add(NewRecoveryCode().String())
	f.Add("0000000000000000000000000")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseRecoveryCode(s)
		if err != nil {
			return
		}
		again, err := ParseRecoveryCode(c.String())
		if err != nil || again != c {
			t.Fatalf("%q parsed, but its printed form %q does not: %v", s, c.String(), err)
		}
	})
}
