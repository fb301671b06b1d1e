package synth

import (
	"math/rand/v2"
	"testing"
	"time"

	"okienko/app/ident"
)

func TestGeneratedClientsAreValid(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 5000; i++ {
		c := Client(r)
		if errs := c.Normalize().Validate(time.Now()); len(errs) != 0 {
			t.Fatalf("%+v: %v", c, errs)
		}
	}
	for _, y := range []int{1850, 1999, 2000, 2150, 2250} {
		b := time.Date(y, 2, 28, 0, 0, 0, 0, time.UTC)
		p := PESEL(r, b, "M")
		info, err := ident.PESEL(p)
		if err != nil || !info.BirthDate.Equal(b) || info.Sex != ident.Male {
			t.Fatalf("%d: %s %+v %v", y, p, info, err)
		}
	}
}
