package office

import (
	"errors"
	"strings"
	"testing"
)

func TestIODValidate(t *testing.T) {
	good := []IOD{
		{Email: "iod@przykladowo.example.pl"},
		{Name: "Marta Przykładowa", Email: "iod@przykladowo.example.pl", Address: "ul. Rynek 1, 99-300 Przykładowo"},
	}
	for _, i := range good {
		if err := i.Validate(); err != nil {
			t.Errorf("%+v: %v", i, err)
		}
	}
	bad := []IOD{
		{Name: "Marta Przykładowa"}, // no way to reach the IOD
		{Email: "iod(at)gmina.pl"},
		{Email: "iod@gmina.pl", Name: "Marta\nPrzykładowa"},
		{Email: "iod@gmina.pl", Address: strings.Repeat("a", MaxIODText+1)},
	}
	for _, i := range bad {
		if err := i.Validate(); !errors.Is(err, ErrIOD) {
			t.Errorf("%+v: %v, want ErrIOD", i, err)
		}
	}
}
