package app

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"time"

	"okienko/app/audit"
	"okienko/app/i18n"
	"okienko/app/letters"
	"okienko/app/pdf"
	"okienko/app/registerpdf"
)

// PrintRegister prints the year's register of correspondence (0: this
// year) as an A4 PDF in Polish, the office's own record: every entry
// numbered by receipt, with its channel, sender, subject, who answers,
// the answer-by and the answer; and opens it.
func (s *LetterService) PrintRegister(year int) (Printout, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return Printout{}, err
	}
	now := s.c.Now()
	if year == 0 {
		year = now.Year()
	}
	loc := now.Location()
	list, err := s.c.Store.LettersReceived(ctx, time.Date(year, 1, 1, 0, 0, 0, 0, loc), time.Date(year+1, 1, 1, 0, 0, 0, 0, loc), registerLimit)
	if err != nil {
		return Printout{}, s.c.internal("list letters", err)
	}
	names, signs, err := s.lookups(ctx, list)
	if err != nil {
		return Printout{}, err
	}
	o, err := s.c.Store.Office(ctx)
	if err != nil {
		return Printout{}, s.c.internal("load office", err)
	}
	t := s.c.tr("pl")
	sheet := letterRegisterSheet(t, o.Name, year, list, names, signs, now)
	if t.err != nil {
		return Printout{}, s.c.internal("compose letter register", t.err)
	}
	var buf bytes.Buffer
	if err := pdf.Write(&buf, sheet); err != nil {
		if ch := unprintable(sheet); ch != "" {
			return Printout{}, i18n.E("print.unprintable", fmt.Errorf("app: letter register: %w", err), "printout", "@letters.pdf.title", "char", ch)
		}
		return Printout{}, s.c.internal("render letter register", err)
	}
	out, err := s.c.writeNewOutput("wydruki", "dziennik-korespondencji-"+strconv.Itoa(year), buf.Bytes())
	if err != nil {
		return Printout{}, err
	}
	s.c.auditDetail(ctx, st.ID, audit.LetterPrint, "office", s.c.officeID, "year="+strconv.Itoa(year)+" entries="+strconv.Itoa(len(list)))
	if err := s.c.Opener.Open(out.Path); err != nil {
		s.c.Log.Warn("open printout", "err", err)
		return out, i18n.E("print.openFailed", err, "path", out.Path)
	}
	return out, nil
}

// letterRegisterSheet lays out the yearly register: one numbered step per
// entry, its receipt in the date column; the answer-by and the answer
// said in words (a printout has no colour), late ones marked so.
func letterRegisterSheet(t *pr, officeName string, year int, list []letters.Letter, names, signs map[string]string, now time.Time) pdf.Sheet {
	rt := t.reg()
	sh := registerpdf.Letters(rt, officeName, year, list, names, signs, now)
	t.fail(rt.Err)
	return sh
}
