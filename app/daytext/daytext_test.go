package daytext

import (
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // YYYY-MM-DD, or the reason
	}{
		// What a clerk types.
		{"2026-12-31", "2026-12-31"},
		{"31.12.2026", "2026-12-31"},
		{"31.12.2026 r.", "2026-12-31"},
		{"31.12.2026 r", "2026-12-31"},
		{"31.12.2026r", "2026-12-31"},
		{"31.12.2026r.", "2026-12-31"},
		{"31.12.2026 R.", "2026-12-31"},
		{"31-12-2026", "2026-12-31"},
		{"31/12/2026", "2026-12-31"},
		{"31,12,2026", "2026-12-31"},
		{"31. 12. 2026", "2026-12-31"},
		{"31 12 2026", "2026-12-31"},
		{"1.2.2026", "2026-02-01"},
		{"01.02.2026", "2026-02-01"},
		{"  31.12.2026  ", "2026-12-31"},
		{"\t31.12.2026\n", "2026-12-31"},
		{"2026.12.31", "2026-12-31"},
		{"2026/12/31", "2026-12-31"},
		{"2026-2-1", "2026-02-01"},
		{"31.XII.2026", "2026-12-31"},
		{"1 II 2026", "2026-02-01"},
		{"31 grudnia 2026", "2026-12-31"},
		{"31 grudnia 2026 r.", "2026-12-31"},
		{"31 grudnia 2026 roku", "2026-12-31"},
		{"1 października 2026", "2026-10-01"},
		{"1 PAŹDZIERNIKA 2026", "2026-10-01"},
		{"1 pazdziernika 2026", "2026-10-01"},
		{"15 wrzesień 2026", "2026-09-15"},
		{"29.02.2028", "2028-02-29"},
		{"29.02.2000", "2000-02-29"},
		{"01.01.1900", "1900-01-01"},
		// Two-digit years: which century is a guess.
		{"31.12.26", string(ReasonTwoDigitYear)},
		{"31.12.26 r.", string(ReasonTwoDigitYear)},
		{"1.2.99", string(ReasonTwoDigitYear)},
		{"26-12-31", string(ReasonTwoDigitYear)},
		// Days the calendar has not.
		{"31.02.2026", string(ReasonNoSuchDay)},
		{"29.02.2027", string(ReasonNoSuchDay)},
		{"29.02.1900", string(ReasonNoSuchDay)},
		{"31.04.2026", string(ReasonNoSuchDay)},
		{"32.12.2026", string(ReasonNoSuchDay)},
		{"0.12.2026", string(ReasonNoSuchDay)},
		{"31.13.2026", string(ReasonNoSuchDay)},
		{"31.00.2026", string(ReasonNoSuchDay)},
		{"2026-13-01", string(ReasonNoSuchDay)},
		{"2026-02-30", string(ReasonNoSuchDay)},
		// Not a day.
		{"", string(ReasonEmpty)},
		{"   ", string(ReasonEmpty)},
		{"r.", string(ReasonFormat)},
		{"31.12", string(ReasonFormat)},
		{"31122026", string(ReasonFormat)},
		{"31.12.2026.1", string(ReasonFormat)},
		{"31.12.202", string(ReasonFormat)},
		{"31.12.20266", string(ReasonFormat)},
		{"31.12.0026", string(ReasonFormat)},
		{"031.12.2026", string(ReasonFormat)},
		{"31.012.2026", string(ReasonFormat)},
		{"2026-12-31T10:00:00Z", string(ReasonFormat)},
		{"31 grudzien", string(ReasonFormat)},
		{"31 grudnio 2026", string(ReasonFormat)},
		{"31 \u212Awietnia 2026", string(ReasonFormat)}, // the Kelvin sign is no "k"
		{"31.12.2026 rok", string(ReasonFormat)},
		{"2026-XII-31", string(ReasonFormat)},
		{"jutro", string(ReasonFormat)},
		{"٣١.١٢.٢٠٢٦", string(ReasonFormat)}, // Arabic-Indic digits
		{"31:12:2026", string(ReasonFormat)},
	} {
		got, err := Parse(tc.in)
		res := string(ReasonOf(err))
		if err == nil {
			res = ISO(got)
			if got.Location() != time.UTC || got.Hour() != 0 {
				t.Errorf("Parse(%q) = %v, want midnight UTC", tc.in, got)
			}
		}
		if res != tc.want {
			t.Errorf("Parse(%q) = %s, want %s", tc.in, res, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), strings.TrimSpace(tc.in)) && strings.TrimSpace(tc.in) != "" {
			t.Errorf("Parse(%q): the error %q repeats the text typed", tc.in, err)
		}
	}
}

func TestNormalizeAndIsISO(t *testing.T) {
	if s, err := Normalize("1.2.2026 r."); err != nil || s != "2026-02-01" {
		t.Fatalf("Normalize = %q, %v", s, err)
	}
	if _, err := Normalize("31.02.2026"); ReasonOf(err) != ReasonNoSuchDay {
		t.Fatalf("Normalize(31.02.2026): %v", err)
	}
	for in, want := range map[string]bool{"2026-12-31": true, "2026-02-29": false, "31.12.2026": false,
		"2026-2-01": false, " 2026-12-31": false, "2026/12/31": false, "": false} {
		if IsISO(in) != want {
			t.Errorf("IsISO(%q) = %v", in, !want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"31.12.2026", "31.12.2026 r.", "1.2.2026", "2026-12-31", "31/12/2026", "31.12.26",
		"29.02.2027", "31 grudnia 2026 roku", "31.XII.2026", "ĄĆĘ 1 2", "r", " r.", "0.0.0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			if ReasonOf(err) == "" {
				t.Fatalf("Parse(%q): an error without a reason: %v", s, err)
			}
			if strings.TrimSpace(s) == "" && ReasonOf(err) != ReasonEmpty {
				t.Fatalf("Parse(%q) = %v, want empty", s, err)
			}
			return
		}
		iso := ISO(d)
		if !IsISO(iso) {
			t.Fatalf("Parse(%q) = %s, which is not stored form", s, iso)
		}
		back, err := Parse(iso)
		if err != nil || !back.Equal(d) {
			t.Fatalf("Parse(%q) = %s, which reads back as %v, %v", s, iso, back, err)
		}
		if d.Year() < 1000 || d.Year() > 9999 {
			t.Fatalf("Parse(%q) = year %d", s, d.Year())
		}
		// A day is read the same in the other orders and separators a clerk uses.
		if alt, err := Parse(d.Format("2.1.2006 r.")); err != nil || !alt.Equal(d) {
			t.Fatalf("Parse(%q) = %s, but its Polish form reads %v, %v", s, iso, alt, err)
		}
	})
}
