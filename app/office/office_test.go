package office

import (
	"errors"
	"testing"
)

func TestStaffPositionIn(t *testing.T) {
	s := Staff{ID: "s", Login: "anowak", FirstName: "Anna", LastName: "Nowak", Role: RoleClerk,
		Position: "Sekretarz Gminy", PositionIn: map[string]string{"en": "Gmina Secretary"}}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.PositionInLang("en") != "Gmina Secretary" || s.PositionInLang("uk") != "Sekretarz Gminy" || s.PositionInLang("pl") != "Sekretarz Gminy" {
		t.Errorf("titles: %q %q", s.PositionInLang("en"), s.PositionInLang("uk"))
	}
	for _, in := range []map[string]string{{"pl": "Sekretarz"}, {"de": "Sekretär"}, {"en": " "}} {
		s.PositionIn = in
		if err := s.Validate(); !errors.Is(err, ErrInvalid) {
			t.Errorf("positionIn %v accepted: %v", in, err)
		}
	}
}
