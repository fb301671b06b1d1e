package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"okienko/app/retention"
	"okienko/sync/registry"
)

// retentionNames are the list's sections as the admin reads them.
var retentionNames = []struct {
	act  retention.Action
	name string
}{
	{retention.ActTransfer, "to the state archive (A)"},
	{retention.ActDestroy, "to destroy with the archive's consent (B, Bc)"},
	{retention.ActExpertise, "for the archive's expertise (BE)"},
}

// retentionList prints the office's closed cases due for transfer,
// destruction or expertise on asOf (the office's today when empty), and
// with pdfFile the printed list (registry.WriteRetentionPDF). Lines hold
// signs, card titles and dates: no client's data.
func retentionList(ctx context.Context, reg *registry.Registry, w io.Writer, officeID, asOf, pdfFile string) error {
	if officeID == "" {
		return errors.New("retention list needs --office ID")
	}
	day, err := reg.OfficeNow(ctx, officeID)
	if err != nil {
		return err
	}
	if asOf != "" {
		if day, err = time.Parse(time.DateOnly, asOf); err != nil {
			return fmt.Errorf("--as-of %q: give the day as YYYY-MM-DD", asOf)
		}
	}
	var list registry.RetentionList
	if pdfFile != "" {
		var buf bytes.Buffer
		if list, err = reg.WriteRetentionPDF(ctx, &buf, officeID, day); err != nil {
			return err
		}
		if err := os.WriteFile(pdfFile, buf.Bytes(), 0o644); err != nil {
			return err
		}
	} else if list, err = reg.Retention(ctx, officeID, day); err != nil {
		return err
	}
	fmt.Fprintf(w, "as of\t%s\nclosed cases\t%d\n", list.AsOf, list.Closed)
	for _, s := range retentionNames {
		lines := list.Due[s.act]
		fmt.Fprintf(w, "\n%s\t%d\n", s.name, len(lines))
		for _, l := range lines {
			fmt.Fprintf(w, "  %s\t%s\t%s\tclosed %s\tperiod ended %s\t%s\n", l.JRWA, l.Sign, l.Category, l.Closed, l.Ends, l.Subject)
		}
	}
	if len(list.NoCategory) > 0 {
		fmt.Fprintf(w, "\nno archival category on the card\t%d\n", len(list.NoCategory))
		for _, l := range list.NoCategory {
			fmt.Fprintf(w, "  %s\t%s\t\tclosed %s\t\t%s\n", l.JRWA, l.Sign, l.Closed, l.Subject)
		}
	}
	if pdfFile != "" {
		fmt.Fprintf(w, "\nfile\t%s\n", pdfFile)
	}
	return nil
}

// retentionMark records what the office did with a case on the list
// (registry.MarkRetention), on the office's today.
func retentionMark(ctx context.Context, reg *registry.Registry, w io.Writer, officeID, sign, done, note, asOf string) error {
	if officeID == "" || sign == "" || done == "" {
		return errors.New("retention mark needs --office ID --sign SIGN --done transferred|destroyed|assessed [--note \"protokół nr …\"]")
	}
	day, err := reg.OfficeNow(ctx, officeID)
	if err != nil {
		return err
	}
	if asOf != "" {
		if day, err = time.Parse(time.DateOnly, asOf); err != nil {
			return fmt.Errorf("--as-of %q: give the day as YYYY-MM-DD", asOf)
		}
	}
	l, err := reg.MarkRetention(ctx, officeID, sign, done, note, "registry admin", day)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "case\t%s\t%s\ncategory\t%s\nmarked\t%s on %s\t%s\n", l.Sign, l.Subject, l.Category, done, day.Format(time.DateOnly), note)
	return nil
}
