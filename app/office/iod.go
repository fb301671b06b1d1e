package office

import (
	"errors"
	"strings"

	"okienko/app/ident"
)

// Settings keys of the office's data protection officer (inspektor
// ochrony danych, RODO art. 37-39): office-wide rows set at the registry
// and synced to every device, printed in every printout's RODO notice
// (art. 13 ust. 1 lit. b).
const (
	SettingIODName    = "iod.name"
	SettingIODEmail   = "iod.email"
	SettingIODAddress = "iod.address"
)

// IOD is the contact of the office's data protection officer.
type IOD struct {
	Name    string `json:"name"`
	Email   string `json:"email"`
	Address string `json:"address"`
}

// ErrIOD is the error of an IOD contact that cannot be printed.
var ErrIOD = errors.New("office: IOD contact")

// MaxIODText bounds each of the IOD's fields, in characters.
const MaxIODText = 200

// Validate checks the IOD contact: an e-mail address that is one (the
// notice must give a way to reach the IOD), a name and an address of
// printable length on one line.
func (i IOD) Validate() error {
	if i.Email == "" {
		return errors.Join(ErrIOD, errors.New("the e-mail address is required"))
	}
	if err := ident.Email(i.Email); err != nil {
		return errors.Join(ErrIOD, errors.New("the e-mail address is not a valid address"))
	}
	for _, s := range []string{i.Name, i.Address} {
		if len([]rune(s)) > MaxIODText || strings.ContainsAny(s, "\r\n\t") {
			return errors.Join(ErrIOD, errors.New("the name or address is too long or spans lines"))
		}
	}
	return nil
}
