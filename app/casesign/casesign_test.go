package casesign

import (
	"errors"
	"testing"
)

func TestParseAndString(t *testing.T) {
	cases := []struct {
		in   string
		want Sign
		ok   bool
	}{
		{"USC.5360.14.2026", Sign{Register{"USC", "5360", 2026}, 14}, true},
		{"SO.5351.1.2026", Sign{Register{"SO", "5351", 2026}, 1}, true},
		{"OR.BOM.1510.203.2027", Sign{Register{"OR.BOM", "1510", 2027}, 203}, true},
		{" GKM.6131.7.2026 ", Sign{Register{"GKM", "6131", 2026}, 7}, true},
		{"USC.5360.0.2026", Sign{}, false},   // numbers start at 1
		{"USC.5360.014.2026", Sign{}, false}, // no leading zeros
		{"USC.5360.14.26", Sign{}, false},    // four-digit year
		{"usc.5360.14.2026", Sign{}, false},  // unit symbols are upper case
		{"USC.53600.14.2026", Sign{}, false}, // JRWA has at most 4 digits
		{"USC.53a0.14.2026", Sign{}, false},
		{"USC..14.2026", Sign{}, false},
		{".5360.14.2026", Sign{}, false},
		{"5360.14.2026", Sign{}, false},
		{"", Sign{}, false},
	}
	for _, c := range cases {
		got, err := Parse(c.in)
		if c.ok != (err == nil) {
			t.Errorf("Parse(%q) err = %v", c.in, err)
			continue
		}
		if !c.ok {
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("Parse(%q) error %v is not ErrInvalid", c.in, err)
			}
			continue
		}
		if got != c.want {
			t.Errorf("Parse(%q) = %+v, want %+v", c.in, got, c.want)
		}
		if s := got.String(); s != trim(c.in) {
			t.Errorf("String() = %q, want %q", s, trim(c.in))
		}
	}
}

func trim(s string) string {
	for len(s) > 0 && s[0] == ' ' {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	return s
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"USC.5360.14.2026", "OR.BOM.1510.1.2027", "..", "A.1.1.1999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sign, err := Parse(s)
		if err != nil {
			return
		}
		again, err := Parse(sign.String())
		if err != nil || again != sign {
			t.Fatalf("%q -> %+v -> %q -> %+v, %v", s, sign, sign.String(), again, err)
		}
	})
}
