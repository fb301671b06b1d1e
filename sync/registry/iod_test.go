package registry

import (
	"context"
	"testing"

	"okienko/app/office"
)

// TestSetIOD: the IOD's contact becomes the office's settings rows that
// devices pull; a contact without a valid e-mail changes nothing.
func TestSetIOD(t *testing.T) {
	w := newCheckWorld(t)
	ctx := context.Background()
	if err := w.r.SetIOD(ctx, w.office, office.IOD{Email: "nie-adres"}); err == nil {
		t.Fatal("an IOD without a valid e-mail was set")
	}
	if _, values, err := w.r.settingRows(ctx, w.office, office.SettingIODEmail); err != nil || values[office.SettingIODEmail] != "" {
		t.Fatalf("refused contact stored: %v %v", values, err)
	}
	iod := office.IOD{Name: "Marta Przykładowa", Email: "iod@przykladowo.example.pl", Address: "ul. Rynek 1, 99-300 Przykładowo"}
	if err := w.r.SetIOD(ctx, w.office, iod); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{office.SettingIODName: iod.Name, office.SettingIODEmail: iod.Email, office.SettingIODAddress: iod.Address} {
		_, values, err := w.r.settingRows(ctx, w.office, key)
		if err != nil || values[key] != want {
			t.Errorf("%s = %q (%v), want %q", key, values[key], err, want)
		}
	}
}
