package main

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"okienko/app/demo"
	"okienko/app/office"
	"okienko/app/officeclock"
	"okienko/app/queue"
	"okienko/sync/protocol"
	"okienko/sync/registry"
)

func adminCommand(ctx context.Context, reg *registry.Registry, cmd string, args []string) error {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	officeID := fs.String("office", "", "office id")
	name := fs.String("name", "", "device name")
	deviceID := fs.String("device", "", "device id")
	file := fs.String("file", "", "input file")
	useDemo := fs.Bool("demo", false, "the demo office")
	officeFile := fs.String("office-file", "", "office file (office, units, staff, settings)")
	catalogueFile := fs.String("catalogue", "", "catalogue file")
	unit := fs.String("unit", "", "unit symbol")
	jrwa := fs.String("jrwa", "", "JRWA class")
	year := fs.Int("year", 0, "year (register print: the office's current year by default; year close: the office's last year)")
	early := fs.Bool("early", false, "year close: close a year that has not ended yet in the office's time")
	zone := fs.String("zone", "", "the office's time zone (IANA name)")
	out := fs.String("out", "", "output file")
	tlsCert := fs.String("tls-cert", "", "the registry's TLS certificate (PEM, as given to serve): the enrolment code carries its fingerprint")
	people := fs.String("people", "", "logins allowed to sign in on the device, comma-separated")
	setPeople := fs.String("set", "", "the new logins allowed on the device, comma-separated; for queue groups, the groups file (JSON)")
	_ = fs.Bool("show", false, "show the setting (what queue groups does without --set)")
	minutes := fs.Int("minutes", -1, "minutes")
	units := fs.String("units", "", "the units whose cases the device is sent, comma-separated (device enroll, device scope)")
	allUnits := fs.Bool("all", false, "device scope: the whole office (every unit)")
	days := fs.Int("days", -1, "scope closed-days: days a closed case stays on devices limited to some units")
	iodName := fs.String("iod-name", "", "office set-iod: the data protection officer's name")
	iodEmail := fs.String("iod-email", "", "office set-iod: the data protection officer's e-mail address")
	iodAddress := fs.String("iod-address", "", "office set-iod: the address to write to (the office's when empty)")
	sign := fs.String("sign", "", "retention mark: the case's sign")
	done := fs.String("done", "", "retention mark: transferred, destroyed or assessed")
	note := fs.String("note", "", "retention mark: the act's reference (protocol or list number)")
	asOf := fs.String("as-of", "", "retention list: the office's day the list is made for (YYYY-MM-DD; today by default)")
	pdfOut := fs.String("pdf", "", "retention list: also print the list to this PDF file")
	repFrom := fs.String("from", "", "report: the period's first day (YYYY-MM-DD)")
	repTo := fs.String("to", "", "report: the period's last day (YYYY-MM-DD)")
	base := fs.String("base", "", "the registry's address as the hall's screen reaches it (https://registry.gmina.local:8470)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	st := reg.Store()
	// Dates the admin reads or passes are the office's: its year and
	// times are taken in its zone, whatever the zone of this machine.
	officeNow := func() (time.Time, error) { return reg.OfficeNow(ctx, *officeID) }
	inOffice := func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		loc, err := reg.OfficeZone(ctx, *officeID)
		if err != nil {
			loc = time.UTC
		}
		return t.In(loc).Format("2006-01-02 15:04 MST")
	}
	if *year == 0 && (cmd == "register print" || cmd == "year close") {
		now, err := officeNow()
		if err != nil {
			return err
		}
		*year = now.Year()
		if cmd == "year close" {
			// What is closed is a year that has ended: the last one.
			*year--
		}
	}
	if cmd == "year close" && !*early {
		// Closing cancels every reserved number of the year and refuses
		// new leases of it: a year still running, closed by a slip of the
		// keyboard, would stop every counter registering cases.
		now, err := officeNow()
		if err != nil {
			return err
		}
		if *year >= now.Year() {
			return fmt.Errorf("year %d has not ended in the office's time (it is %s there); give --early to close it anyway", *year, now.Format("2006-01-02"))
		}
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	defer w.Flush()
	switch cmd {
	case "office create":
		var o demo.Office
		var cat []byte
		var err error
		if *useDemo {
			if o, err = demo.LoadOffice(); err != nil {
				return err
			}
			cat = demo.CatalogueJSON
		} else {
			raw, err := os.ReadFile(*officeFile)
			if err != nil {
				return err
			}
			if err := json.Unmarshal(raw, &o); err != nil {
				return fmt.Errorf("office file: %w", err)
			}
			if *catalogueFile != "" {
				if cat, err = os.ReadFile(*catalogueFile); err != nil {
					return err
				}
			}
		}
		if err := reg.SeedOffice(ctx, o, cat); err != nil {
			return err
		}
		fmt.Fprintf(w, "office\t%s\t%s\n", o.Office.ID, o.Office.Name)
	case "unit list", "unit retire", "unit restore":
		return unitCommand(ctx, reg, w, cmd, *officeID, *unit)
	case "office list":
		offices, err := st.Offices(ctx)
		if err != nil {
			return err
		}
		for _, o := range offices {
			fmt.Fprintf(w, "%s\t%s\t%s\n", o.ID, o.Name, o.TERYT)
		}
	case "office set-zone":
		if _, err := officeclock.LoadZone(*zone); err != nil || *zone == "" {
			return fmt.Errorf("unknown time zone %q: give an IANA name such as %s", *zone, officeclock.DefaultZone)
		}
		if err := reg.SetOfficeZone(ctx, *officeID, *zone); err != nil {
			return err
		}
		now, err := officeNow()
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "office\t%s\nzone\t%s\noffice time now\t%s\n", *officeID, *zone, now.Format("2006-01-02 15:04 MST"))
	case "date-flags list":
		flags, err := reg.DateFlags(ctx, *officeID)
		if err != nil {
			return err
		}
		for _, f := range flags.Flags {
			sign := f.Sign
			if sign == "" {
				sign = "case " + f.CaseID
			}
			fmt.Fprintf(w, "%s\t%s\tsubmitted %s\tregistry date %s\t%s\tdevice %s\n", f.ID, sign, f.SubmittedOn, f.RegistryDate, f.Reason, f.DeviceName)
		}
	case "device enroll":
		if *people == "" {
			// A device nobody may sign in on is useless; one everybody
			// may would hold the whole office's verifiers.
			return errors.New("device enroll needs --people: the logins who may sign in on the device")
		}
		var der []byte
		if *tlsCert != "" {
			var err error
			if der, err = leafCertificate(*tlsCert); err != nil {
				return err
			}
		}
		sc, _, err := scopeFlag(fs, *units, *allUnits)
		if err != nil {
			return err
		}
		code, exp, err := reg.NewScopedEnrollment(ctx, *officeID, *name, strings.Split(*people, ","), sc)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "scope\t%s\n", scopeText(sc))
		// With the certificate, the code the clerk types or pastes is
		// CODE@FINGERPRINT; the hex line is for comparing with openssl.
		fmt.Fprintf(w, "enrolment code\t%s\n", protocol.FormatEnrolCode(code, der))
		if der != nil {
			fp := protocol.Fingerprint(der)
			fmt.Fprintf(w, "certificate SHA-256\t%s\n", hexColons(fp[:]))
		}
		fmt.Fprintf(w, "valid until\t%s\n", inOffice(exp))
	case "device people":
		given := false
		fs.Visit(func(f *flag.Flag) { given = given || f.Name == "set" })
		if given { // --set "" leaves nobody allowed
			if err := reg.SetDevicePeople(ctx, *deviceID, strings.Split(*setPeople, ",")); err != nil {
				return err
			}
		}
		logins, err := reg.DevicePeople(ctx, *deviceID)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "device\t%s\npeople\t%s\n", *deviceID, strings.Join(logins, ","))
	case "device list":
		devs, err := st.Devices(ctx, *officeID)
		if err != nil {
			return err
		}
		scopes, err := reg.DeviceScopes(ctx, *officeID)
		if err != nil {
			return err
		}
		for _, d := range devs {
			state := "active"
			if d.Revoked() {
				state = "revoked " + inOffice(d.RevokedAt)
			}
			fmt.Fprintf(w, "%s\t%s\t%s\tlast seen %s\t%s\n", d.ID, d.Name, state, inOffice(d.LastSeenAt), scopeText(scopes[d.ID]))
		}
	case "device scope":
		return deviceScope(ctx, reg, w, *deviceID, fs, *units, *allUnits)
	case "scope closed-days":
		return closedDays(ctx, reg, w, *officeID, *days)
	case "device revoke":
		n, err := reg.Revoke(ctx, *deviceID)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "revoked\t%s\ncancelled numbers\t%d\n", *deviceID, n)
	case "catalogue import":
		raw, err := os.ReadFile(*file)
		if err != nil {
			return err
		}
		rep, err := reg.ImportCatalogue(ctx, *officeID, raw)
		if err != nil {
			return err
		}
		for _, p := range rep.Problems {
			fmt.Fprintf(w, "problem\t%s\t%s\t%s %v\n", p.Card, p.Path, p.Key, p.Args)
		}
		if len(rep.Problems) > 0 {
			return fmt.Errorf("%d problems; nothing imported", len(rep.Problems))
		}
		fmt.Fprintf(w, "new versions\t%d\nunchanged\t%d\n", rep.Added, rep.Unchanged)
	case "staff import":
		raw, err := os.ReadFile(*file)
		if err != nil {
			return err
		}
		var o demo.Office
		if err := json.Unmarshal(raw, &o); err != nil {
			return fmt.Errorf("staff file: %w", err)
		}
		n, err := reg.ImportStaff(ctx, *officeID, o.Staff)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "staff\t%d\n", n)
	case "conflicts list":
		cs, err := reg.Conflicts(ctx, *officeID)
		if err != nil {
			return err
		}
		for _, c := range cs {
			for f, v := range c.Rejected {
				fmt.Fprintf(w, "%s\t%s %s\t%s\tkept %s\tset aside %s\n", c.ID, c.Entity, c.EntityID, f, c.Kept[f].V, v.V)
			}
		}
	case "register print":
		var buf bytes.Buffer
		lines, err := reg.WriteRegisterPDF(ctx, &buf, *officeID, *unit, *jrwa, *year)
		if err != nil {
			return err
		}
		if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(w, "register\t%s.%s/%d\nnumbers\t%d\nfile\t%s\n", *unit, *jrwa, *year, len(lines), *out)
	case "office set-iod":
		if err := reg.SetIOD(ctx, *officeID, office.IOD{Name: *iodName, Email: *iodEmail, Address: *iodAddress}); err != nil {
			return err
		}
		fmt.Fprintf(w, "office\t%s\nIOD\t%s <%s>\naddress\t%s\n", *officeID, *iodName, *iodEmail, *iodAddress)
	case "report":
		return monitoringReport(ctx, reg, w, *officeID, *repFrom, *repTo, *out)
	case "retention list":
		return retentionList(ctx, reg, w, *officeID, *asOf, *pdfOut)
	case "retention mark":
		return retentionMark(ctx, reg, w, *officeID, *sign, *done, *note, *asOf)
	case "year close":
		n, err := reg.CloseYear(ctx, *officeID, *year)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "cancelled numbers\t%d\n", n)
	case "queue groups":
		return queueGroups(ctx, reg, w, *officeID, *setPeople, fs)
	case "queue max-wait":
		if *minutes < 0 {
			return errors.New("queue max-wait needs --minutes N (0: never warn)")
		}
		if err := reg.SetQueueMaxWait(ctx, *officeID, *minutes); err != nil {
			return err
		}
		fmt.Fprintf(w, "office\t%s\nmax wait\t%d min\n", *officeID, *minutes)
	case "queue board-url":
		if *base == "" {
			return errors.New("queue board-url needs --base: the registry's address as the hall's screen reaches it")
		}
		key, err := reg.NewBoardKey(ctx, *officeID)
		if err != nil {
			return err
		}
		// The key goes in the fragment: the browser never sends it, so
		// no proxy or server log holds it (the page sends it in a header).
		fmt.Fprintf(w, "board\t%s/board/%s#key=%s\n", strings.TrimRight(*base, "/"), *officeID, key)
		fmt.Fprintf(w, "\t(add ?lang=en or ?lang=uk before # for a second heading; a new address stops the old one)\n")
	case "survey screen-url":
		if *base == "" || *name == "" {
			return errors.New("survey screen-url needs --name (the tablet's name) and --base: the registry's address as the tablet reaches it")
		}
		screenID, key, err := reg.NewSurveyScreen(ctx, *officeID, *deviceID, *name)
		if err != nil {
			return err
		}
		// The key goes in the fragment, as the board's does: never sent,
		// never logged; it names the tablet, which takes one answer a minute.
		fmt.Fprintf(w, "screen\t%s\nsurvey\t%s/survey/%s#key=%s\n", screenID, strings.TrimRight(*base, "/"), *officeID, key)
		fmt.Fprintf(w, "\t(--device SCREEN-ID gives that tablet a new address; the old one stops working)\n")
	default:
		return fmt.Errorf("unknown admin command %q", cmd)
	}
	return nil
}

// queueGroups sets the office's matter groups from a file (--set F),
// or shows them.
func queueGroups(ctx context.Context, reg *registry.Registry, w io.Writer, officeID, file string, fs *flag.FlagSet) error {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "set" })
	if given {
		raw, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		var gs []queue.Group
		d := json.NewDecoder(bytes.NewReader(raw))
		d.DisallowUnknownFields()
		if err := d.Decode(&gs); err != nil {
			return fmt.Errorf("groups file %s: %w (want a JSON array of {\"code\": \"A\", \"name\": \"...\", \"in\": {\"en\": \"...\", \"uk\": \"...\"}})", file, err)
		}
		if err := reg.SetQueueGroups(ctx, officeID, gs); err != nil {
			return err
		}
	}
	gs, err := reg.QueueGroups(ctx, officeID)
	if err != nil {
		return err
	}
	for _, g := range gs {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", g.Code, g.Name, g.NameIn("en"), g.NameIn("uk"))
	}
	return nil
}

// leafCertificate reads the first certificate of a PEM file: the one
// serve presents, whose fingerprint devices pin.
func leafCertificate(file string) ([]byte, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	for {
		var b *pem.Block
		b, raw = pem.Decode(raw)
		if b == nil {
			return nil, fmt.Errorf("%s: no PEM certificate", file)
		}
		if b.Type == "CERTIFICATE" {
			if _, err := x509.ParseCertificate(b.Bytes); err != nil {
				return nil, fmt.Errorf("%s: %w", file, err)
			}
			return b.Bytes, nil
		}
	}
}

// hexColons writes bytes as openssl prints a fingerprint: AB:CD:….
func hexColons(b []byte) string {
	parts := make([]string, len(b))
	for i, x := range b {
		parts[i] = fmt.Sprintf("%02X", x)
	}
	return strings.Join(parts, ":")
}

// unitCommand lists the office's units, or retires or restores one by its
// symbol (Registry.RetireUnit, RestoreUnit): devices receive the unit's
// row at their next sync.
func unitCommand(ctx context.Context, reg *registry.Registry, w io.Writer, cmd, officeID, symbol string) error {
	if officeID == "" || cmd != "unit list" && symbol == "" {
		return errors.New("give --office ID (and --unit SYMBOL to retire or restore)")
	}
	_, units, err := reg.StaffRows(ctx, officeID)
	if err != nil {
		return err
	}
	if cmd == "unit list" {
		for _, u := range units {
			state := "in use"
			if u.Retired() {
				state = "retired " + u.RetiredAt
			}
			fmt.Fprintf(w, "%s\t%s\t%s\n", u.Symbol, u.Name, state)
		}
		return nil
	}
	i := slices.IndexFunc(units, func(u office.Unit) bool { return u.Symbol == symbol })
	if i < 0 {
		return fmt.Errorf("the office has no unit %q (see unit list)", symbol)
	}
	if cmd == "unit restore" {
		if _, err := reg.RestoreUnit(ctx, officeID, units[i].ID); err != nil {
			return err
		}
		fmt.Fprintf(w, "unit\t%s\tin use\n", symbol)
		return nil
	}
	u, left, err := reg.RetireUnit(ctx, officeID, units[i].ID)
	if errors.Is(err, registry.ErrUnitStaffed) {
		return fmt.Errorf("%s still has active staff: %s; move them to another unit or deactivate them first: %w", symbol, strings.Join(left, ", "), err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "unit\t%s\tretired %s\n", symbol, u.RetiredAt)
	return nil
}
