package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"okienko/app/report"
	"okienko/sync/registry"
)

// monitoringReport prints the office-wide monitoring report for the
// period to a PDF (registry.WriteReportPDF) and its headline figures to w.
// Figures only: no client's data.
func monitoringReport(ctx context.Context, reg *registry.Registry, w io.Writer, officeID, from, to, out string) error {
	if officeID == "" || out == "" {
		return errors.New("report needs --office ID --from YYYY-MM-DD --to YYYY-MM-DD --out F.pdf")
	}
	p, err := report.ParsePeriod(from, to)
	switch {
	case errors.Is(err, report.ErrBadDate):
		return fmt.Errorf("report: give --from and --to as YYYY-MM-DD (got %q and %q)", from, to)
	case errors.Is(err, report.ErrFromAfter):
		return fmt.Errorf("report: the period starts (%s) after it ends (%s)", from, to)
	case errors.Is(err, report.ErrTooLong):
		return fmt.Errorf("report: the period %s..%s is longer than two years; choose a shorter one", from, to)
	}
	var buf bytes.Buffer
	rep, err := reg.WriteReportPDF(ctx, &buf, officeID, p)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(w, "period\t%s..%s\n", p.From, p.To)
	if rep.Empty {
		fmt.Fprintln(w, "no data in this period")
	}
	for _, s := range rep.Sections {
		fmt.Fprintf(w, "%s\t%s\n", s.Key, s.State)
		for _, f := range s.Figures {
			fmt.Fprintf(w, "  %s\t%g\n", f.Key, f.Value)
		}
	}
	fmt.Fprintf(w, "file\t%s\n", out)
	return nil
}
