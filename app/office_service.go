package app

import (
	"context"
	"strings"

	"okienko/app/fold"
	"okienko/app/ident"
)

// OfficeService shows the office and its staff directory.
type OfficeService struct {
	c *Core
}

// NewOfficeService binds the service to the core.
func NewOfficeService(c *Core) *OfficeService { return &OfficeService{c: c} }

// Office returns the office header with its units. It is shown on the
// sign-in screen too, so it needs no session.
func (s *OfficeService) Office() (OfficeInfo, error) {
	ctx := context.Background()
	o, err := s.c.Store.Office(ctx)
	if err != nil {
		return OfficeInfo{}, s.c.internal("load office", err)
	}
	units, err := s.c.Store.Units(ctx, o.ID)
	if err != nil {
		return OfficeInfo{}, s.c.internal("list units", err)
	}
	info := OfficeInfo{
		Name: o.Name, Address: o.Street + ", " + o.PostalCode + " " + o.City, Phone: o.Phone, Email: o.Email,
		EPUAP: o.EPUAP, Website: o.Website, FeeAccount: ident.FormatNRB(o.FeeAccount), FeeBank: o.FeeBank,
		OpeningHours: o.OpeningHours, Sample: o.Sample, Units: make([]UnitInfo, len(units)),
	}
	for i, u := range units {
		info.Units[i] = unitInfo(u, s.c.tr(s.c.Locale()))
	}
	iod, err := loadIOD(ctx, s.c.Store, o.ID)
	if err != nil {
		return OfficeInfo{}, s.c.internal("load IOD", err)
	}
	info.IOD = IODInfo{Name: iod.Name, Email: iod.Email, Address: iod.Address}
	return info, nil
}

// Directory lists the staff, filtered by words (name, unit, position or a
// service they handle) typed without diacritics.
func (s *OfficeService) Directory(query string) ([]StaffEntry, error) {
	ctx := context.Background()
	if _, err := s.c.require(ctx); err != nil {
		return nil, err
	}
	o, err := s.c.Store.Office(ctx)
	if err != nil {
		return nil, s.c.internal("load office", err)
	}
	staff, err := s.c.Store.StaffList(ctx, s.c.officeID)
	if err != nil {
		return nil, s.c.internal("list staff", err)
	}
	units, err := s.c.unitsByID(ctx)
	if err != nil {
		return nil, err
	}
	cards, err := s.c.Store.CurrentCards(ctx, s.c.officeID)
	if err != nil {
		return nil, s.c.internal("list cards", err)
	}
	titles := map[string]string{}
	for _, v := range cards {
		titles[v.Card.Code] = v.Card.Title
	}
	names := map[string]string{}
	for _, st := range staff {
		names[st.ID] = st.FullName()
	}
	toks := fold.Tokens(query)
	out := []StaffEntry{}
	t := s.c.tr(s.c.Locale())
	for _, st := range staff {
		if !st.Active {
			continue
		}
		e := staffEntry(t, o, st, units, titles, names)
		hay := fold.String(strings.Join(append([]string{e.Name, e.Position, e.Unit, e.UnitSymbol, e.Room}, e.Competences...), " "))
		match := true
		for _, t := range toks {
			if !strings.Contains(hay, t) {
				match = false
				break
			}
		}
		if match {
			out = append(out, e)
		}
	}
	if err := markAbsentNow(ctx, s.c, t, out, staff, ""); err != nil {
		return nil, err
	}
	return out, nil
}
