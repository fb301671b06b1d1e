package registry

import (
	"context"

	"okienko/app/office"
)

// SetIOD sets the office's data protection officer (office.IOD, checked
// by its Validate): three office settings every device takes by pull and
// prints in each printout's RODO notice. An office-wide row every device
// obeys changes only here, never on a device (the threat model).
func (r *Registry) SetIOD(ctx context.Context, officeID string, iod office.IOD) error {
	if err := iod.Validate(); err != nil {
		return err // office: IOD contact: …
	}
	for _, s := range []struct{ key, value string }{
		{office.SettingIODName, iod.Name}, {office.SettingIODEmail, iod.Email}, {office.SettingIODAddress, iod.Address}} {
		if err := r.setSetting(ctx, officeID, s.key, s.value); err != nil {
			return err
		}
	}
	r.log.Info("office IOD contact set", "office", officeID)
	return nil
}
