// Package casesign formats and parses the case sign (znak sprawy) set by
// the instrukcja kancelaryjna (Dz.U. 2011 nr 14 poz. 67, § 6 and annex 1):
// the unit's symbol, the JRWA class symbol, the next number of that class's
// case register (spis spraw) and the four-digit year, joined by dots, e.g.
// USC.5360.14.2026. The register restarts at 1 every year.
package casesign

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Register identifies one case register (spis spraw): a unit's class in a year.
type Register struct {
	Unit string // e.g. "USC"
	JRWA string // e.g. "5360"
	Year int
}

// String is the register as printed on the spis spraw: "USC.5360 / 2026".
func (r Register) String() string { return fmt.Sprintf("%s.%s/%d", r.Unit, r.JRWA, r.Year) }

// Sign is a case sign: a register and a number in it.
type Sign struct {
	Register
	No int
}

// String formats the sign: USC.5360.14.2026.
func (s Sign) String() string {
	return s.Unit + "." + s.JRWA + "." + strconv.Itoa(s.No) + "." + strconv.Itoa(s.Year)
}

// ErrInvalid marks text that is not a well-formed case sign.
var ErrInvalid = errors.New("casesign: invalid case sign")

// Parse reads a sign such as "USC.5360.14.2026". The unit symbol may itself
// contain dots for sub-units (e.g. "OR.BOM"), so the sign is read from the right.
func Parse(s string) (Sign, error) {
	parts := strings.Split(strings.TrimSpace(s), ".")
	if len(parts) < 4 {
		return Sign{}, fmt.Errorf("%w: %d parts", ErrInvalid, len(parts))
	}
	n := len(parts)
	year, err := strconv.Atoi(parts[n-1])
	if err != nil || len(parts[n-1]) != 4 || year < 1900 {
		return Sign{}, fmt.Errorf("%w: year", ErrInvalid)
	}
	no, err := strconv.Atoi(parts[n-2])
	if err != nil || no < 1 || parts[n-2] != strconv.Itoa(no) {
		return Sign{}, fmt.Errorf("%w: number", ErrInvalid)
	}
	sign := Sign{Register: Register{Unit: strings.Join(parts[:n-3], "."), JRWA: parts[n-3], Year: year}, No: no}
	if err := sign.Register.Validate(); err != nil {
		return Sign{}, err
	}
	return sign, nil
}

// Validate checks the unit and JRWA symbols and the year.
func (r Register) Validate() error {
	if r.Unit == "" {
		return fmt.Errorf("%w: empty unit", ErrInvalid)
	}
	for _, part := range strings.Split(r.Unit, ".") {
		if part == "" {
			return fmt.Errorf("%w: unit", ErrInvalid)
		}
		for _, c := range part {
			if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
				return fmt.Errorf("%w: unit", ErrInvalid)
			}
		}
	}
	if len(r.JRWA) < 1 || len(r.JRWA) > 4 {
		return fmt.Errorf("%w: JRWA", ErrInvalid)
	}
	for _, c := range r.JRWA {
		if c < '0' || c > '9' {
			return fmt.Errorf("%w: JRWA", ErrInvalid)
		}
	}
	if r.Year < 1900 || r.Year > 9999 {
		return fmt.Errorf("%w: year", ErrInvalid)
	}
	return nil
}
