package app

import (
	"context"
	"errors"
	"fmt"

	"okienko/app/charset"
	"okienko/app/i18n"
	"okienko/app/office"
	"okienko/app/pdf"
)

// unprintable returns the first character of a sheet the printouts' font
// may not draw (one app/charset does not accept), or "": asked when the
// PDF writer failed, so the clerk hears which character stopped it.
// Validation keeps such characters out of what is registered now; a case
// stored before it (or pulled from an older device) may still hold one.
func unprintable(sh pdf.Sheet) string {
	texts := append(append([]string{sh.Title, sh.Subtitle, sh.Banner, sh.Footer, sh.PageLabel, sh.Author}, sh.Header...), sh.HeaderR...)
	for _, b := range sh.Blocks {
		texts = append(append(append(texts, b.Heading, b.Signature), b.Paragraphs...), b.Items...)
		for _, p := range b.Pairs {
			texts = append(texts, p[0], p[1])
		}
		for _, p := range b.Steps {
			texts = append(texts, p[0], p[1])
		}
	}
	for _, s := range texts {
		if ok, ch := charset.Printable(s); !ok {
			return ch
		}
	}
	return ""
}

// printError turns a failed printout into a sentence the clerk can act
// on; internal errors keep their own message (already logged).
func (c *Core) printError(kind string, err error) error {
	var ue *i18n.Error
	if errors.As(err, &ue) && ue.Key != "error.internal" {
		return err
	}
	return i18n.E("print.failed", fmt.Errorf("app: print %s: %w", kind, err), "printout", "@printout."+kind)
}

// printMissing prints the case's printouts not printed yet (a receipt, and
// the call to supplement while documents are missing) into res. A failure
// leaves res.PrintFailed set with the reason in res.Warning, and the
// printout's path empty: nothing is reported printed that was not.
func (c *Core) printMissing(ctx context.Context, st office.Staff, caseID string, needSupplement bool, res *RegisterResult) {
	res.PrintFailed, res.Warning = false, ""
	kinds := []string{PrintReceipt}
	if needSupplement {
		kinds = append(kinds, PrintSupplement)
	}
	for _, k := range kinds {
		if k == PrintReceipt && res.Receipt.Path != "" || k == PrintSupplement && res.Supplement.Path != "" {
			continue
		}
		p, err := c.printCase(ctx, st, caseID, k)
		if err != nil {
			c.Log.Error("print after registration", "case", caseID, "kind", k, "err", err)
			if !res.PrintFailed { // the first failure says why; the receipt comes first
				res.Warning = c.T("intake.printFailed", "reason", c.userError(err).Message)
			}
			res.PrintFailed = true
			continue
		}
		if k == PrintReceipt {
			res.Receipt = p
		} else {
			res.Supplement = p
		}
	}
}

// RetryPrint prints again what a registration failed to print ("Spróbuj
// wydrukować ponownie" on the done screen) and returns the result with
// the new printouts, or with the reason they failed again.
func (s *IntakeService) RetryPrint(res RegisterResult) (RegisterResult, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return RegisterResult{}, err
	}
	cs, err := s.c.Store.Case(ctx, res.CaseID)
	if err != nil {
		return RegisterResult{}, i18n.E("case.notFound", err)
	}
	s.c.printMissing(ctx, st, cs.ID, cs.SupplementDue != "", &res)
	return res, nil
}
