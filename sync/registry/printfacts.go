package registry

import (
	"context"

	"okienko/app/office"
)

// PrintFacts reads what heads and closes an office's printouts: its row
// (name, address, fee account) and its data protection officer's contact,
// as devices print them. The console's previews of a card are made with
// them (sync/registry/console).
func (r *Registry) PrintFacts(ctx context.Context, officeID string) (office.Office, office.IOD, error) {
	var o office.Office
	offices, err := rowsAs[office.Office](ctx, r.st, officeID, "office")
	if err != nil {
		return o, office.IOD{}, err
	}
	for _, x := range offices {
		if x.ID == officeID {
			o = x
		}
	}
	if o.ID == "" {
		so, err := r.st.Office(ctx, officeID)
		if err != nil {
			return o, office.IOD{}, err
		}
		o = office.Office{ID: so.ID, Name: so.Name, TERYT: so.TERYT}
	}
	_, values, err := r.settingRows(ctx, officeID, office.SettingIODName, office.SettingIODEmail, office.SettingIODAddress)
	if err != nil {
		return o, office.IOD{}, err
	}
	return o, office.IOD{Name: values[office.SettingIODName], Email: values[office.SettingIODEmail], Address: values[office.SettingIODAddress]}, nil
}
