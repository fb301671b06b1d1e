// Package demo embeds the demo office "Gmina Przykładowo": its office
// record, units, staff (password "okienko" for every account) and service
// catalogue. All fees, accounts and JRWA symbols are sample values.
package demo

import (
	_ "embed"
	"encoding/json"
	"fmt"

	"okienko/app/office"
)

// Password is the demo accounts' password, listed in the README.
const Password = "okienko"

// RecoveryCode is the demo office's recovery code: its key file opens with
// it, as its accounts open with Password (a demo holds no real data), so a
// demo person is wrapped at their first sign-in without an admin.
const RecoveryCode = "DEM00-KKENK-0DEM0-0KKEN-K0DEH"

//go:embed data/office.json
var officeJSON []byte

// CatalogueJSON is the demo catalogue in the catalogue exchange format.
//
//go:embed data/catalogue.json
var CatalogueJSON []byte

// StaffAccount is a staff member with the hash of their password.
type StaffAccount struct {
	office.Staff
	PasswordHash string `json:"passwordHash"`
}

// Office is the demo office file.
type Office struct {
	Office   office.Office     `json:"office"`
	Units    []office.Unit     `json:"units"`
	Staff    []StaffAccount    `json:"staff"`
	Settings map[string]string `json:"settings"`
}

// LoadOffice decodes the embedded office file.
func LoadOffice() (Office, error) {
	var o Office
	if err := json.Unmarshal(officeJSON, &o); err != nil {
		return Office{}, fmt.Errorf("demo: office.json: %w", err)
	}
	return o, nil
}
