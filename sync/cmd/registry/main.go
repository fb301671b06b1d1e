// Command registry is the office's central registry: `registry serve`
// runs the sync server (SQLite by default, PostgreSQL with --db), and
// `registry admin ...` manages offices, devices, the catalogue, staff,
// conflicts and the case registers.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"okienko/sync/registry"
	"okienko/sync/registry/backup"
	"okienko/sync/registry/console"
	"okienko/sync/registry/pgstore"
	"okienko/sync/registry/sqlitestore"
	"okienko/sync/registry/store"
	"okienko/sync/snapshot"
)

const usage = `Okienko registry

  registry service install [serve flags] | uninstall | start | stop        (Windows)
      Runs serve as the Windows service OkienkoRegistry (automatic start), by default with
      --data %ProgramData%\Okienko\registry and its log in %ProgramData%\Okienko\logs\registry.log;
      stop finishes the requests under way and closes the store.

  registry serve [--data DIR | --db postgres://...] [--addr 127.0.0.1:8470] [--tls-cert F --tls-key F] [--lease 20]
                 [--snapshots DIR|none] [--snapshot-every 5m] [--snapshot-after 1000] [--trust-proxy]
                 [--db-max-conns 8] [--db-idle 1m] [--backup-dir DIR --backup-every 24h --backup-keep 14]
                 [--public-url https://registry.gmina.local:8470] [--metrics-token-file F]
      Konsola urzędu, the office's web console, is served at /console/ (sign in with an admin,
      head or secretary account); --public-url is the address its enrolment codes give devices.
      Devices talk plain http only to a registry on their own computer: serve HTTPS with
      --tls-cert/--tls-key (TLS 1.3, or 1.2 with ECDHE and AES-GCM/ChaCha20 only), or put a
      reverse proxy doing the same in front of --addr 127.0.0.1:PORT (then --trust-proxy, if it
      appends the client's address to X-Forwarded-For, makes the enrolment limit per client).
      --backup-dir (SQLite) takes a backup every --backup-every into DIR, named by the offices'
      TERYT codes and the UTC time, keeps the newest --backup-keep, and shows the newest one's
      age in /metrics (okienko_backup_age_seconds).
      /metrics names the offices and devices: it answers only this computer (not through a
      proxy), or, with --metrics-token-file, a scraper sending that token as a bearer token.

  registry admin [--data DIR | --db URL] <command>
    backup --out FILE [--force]               a consistent copy of a SQLite store, taken while it serves
    restore --from FILE                       put a backup in place of a SQLite store (registry stopped):
                                              checked whole first, of this registry's offices, given a
                                              new generation so devices send again what it lacks
    generation new                            after restoring a PostgreSQL store with pg_restore, before
                                              serving it: devices send again what it lacks
    office create --demo                      create the demo office Gmina Przykładowo
    office create --office-file F --catalogue F
    office list
    office set-zone --office ID --zone Europe/Warsaw
                                              the time zone every date of the office is taken in
                                              (an IANA name; Europe/Warsaw when none is set)
    office set-iod --office ID --iod-name NAME --iod-email E-MAIL [--iod-address ADDRESS]
                                              the data protection officer's contact that every
                                              printout's RODO notice gives (devices take it by sync)
    device enroll --office ID --name NAME --people LOGIN,LOGIN [--units SO,OR] [--tls-cert F]
                                              print a one-time enrolment code (valid 24 h); only the
                                              people named may sign in on the device; with the
                                              certificate serve uses, the code carries its SHA-256
                                              fingerprint (CODE@FINGERPRINT) and the device pins it;
                                              --units limits the device to those units' cases (and
                                              its people's); without it, the whole office
    device scope --device ID [--units SO,OR | --all]
                                              show, or set, the units whose cases a device holds; it
                                              removes the others at its next sync
    scope closed-days --office ID --days 90   how long a closed case stays on limited devices
    device people --device ID [--set LOGIN,LOGIN]
                                              list, or replace, the people who may sign in on a device
    device list --office ID                   each device with its state, last sync and scope
    device revoke --device ID                 revoke; its unused numbers are cancelled
    catalogue import --office ID --file F
    staff import --office ID --file F         (the office file format: staff with password hashes)
    conflicts list --office ID
    date-flags list --office ID               cases whose submission date lay far from the registry's
                                              office date when they arrived, not yet checked
    register print --office ID --unit SO --jrwa 5352 --year 2026 --out spis.pdf
    unit list --office ID                     the office's units, retired ones with their time
    unit retire --office ID --unit SYMBOL     retire a unit no longer used (never deleted): no new
                                              cases, numbers or staff in it; refused while active
                                              staff belong to it (they are named)
    unit restore --office ID --unit SYMBOL    put a retired unit back in use
    report --office ID --from 2026-01-01 --to 2026-12-31 --out raport.pdf
                                              the monitoring report (Raport z monitoringu) of every
                                              device of the office for the period, printed as a PDF
                                              with its charts; at most two years
    retention list --office ID [--as-of 2026-12-31] [--pdf spis-brakowania.pdf]
                                              closed cases whose archival period has ended by that
                                              day (the office's today by default): category A to hand
                                              to the state archive, B and Bc to destroy with its
                                              consent, BE for its expertise; and cases whose card
                                              gives no category; with --pdf, the printed list
    retention mark --office ID --sign SO.5352.3.2020 --done transferred|destroyed|assessed [--note "protokół nr 1/2027"]
                                              record that a case on the list was handed to the state
                                              archive, destroyed with its consent, or assessed; it
                                              then leaves the list (the case stays at the registry)
    queue groups --office ID [--set groups.json]
                                              show, or set, the office's matter groups (a JSON array of
                                              {"code":"A","name":"...","in":{"en":"...","uk":"..."}});
                                              counters receive them with the office's settings
    queue max-wait --office ID --minutes 30   warn the head when someone has waited longer (0: never)
    queue board-url --office ID --base https://registry.gmina.local:8470
                                              a new address for the hall's board (the old one stops
                                              working); its key is in the part after #, never sent
    survey screen-url --office ID --name "Tablet przy okienku 1" --base https://registry.gmina.local:8470 [--device SCREEN-ID]
                                              an address for a tablet's satisfaction survey page (one
                                              answer a minute from it); its key is in the part after #
    year close --office ID --year 2026        cancel numbers still reserved in that year's registers
                                              and of the years before; none of them is leased again
      Without --year, register print and year close take the office's current year, by the
      registry's clock in the office's time zone.
`

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "registry:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, usage)
		return errors.New("no command")
	}
	switch args[0] {
	case "serve":
		return serve(args[1:])
	case "admin":
		return admin(args[1:])
	case "service":
		return service(args[1:])
	case "help", "-h", "--help":
		fmt.Print(usage)
		return nil
	}
	return fmt.Errorf("unknown command %q", args[0])
}

// storeFlags are --data and --db, shared by serve and admin.
type storeFlags struct {
	data, dsn *string
	pool      pgstore.Options // serve's --db-max-conns and --db-idle; admin's own small pool
}

func addStoreFlags(fs *flag.FlagSet) storeFlags {
	return storeFlags{
		data: fs.String("data", "", "data directory of the SQLite store"),
		dsn:  fs.String("db", "", "PostgreSQL connection string (instead of --data)"),
	}
}

func (f storeFlags) open(ctx context.Context) (store.Store, error) {
	switch {
	case *f.dsn != "":
		return pgstore.OpenWith(ctx, *f.dsn, f.pool)
	case *f.data != "":
		return sqlitestore.Open(ctx, *f.data)
	}
	return nil, errors.New("give --data DIR (SQLite) or --db postgres://... (PostgreSQL)")
}

func serve(args []string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serveUntil(ctx, args, os.Stderr)
}

// serveUntil runs the registry until ctx ends (a signal, or the Windows
// service manager's stop), then stops taking requests, lets those under
// way finish (an acknowledged push is committed before its answer), and
// closes the store. The log goes to logOut.
func serveUntil(ctx context.Context, args []string, logOut io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	sf := addStoreFlags(fs)
	addr := fs.String("addr", "127.0.0.1:8470", "listen address")
	cert := fs.String("tls-cert", "", "TLS certificate (PEM) to serve HTTPS")
	key := fs.String("tls-key", "", "TLS private key (PEM)")
	lease := fs.Int("lease", 20, "case numbers per lease")
	snapDir := fs.String("snapshots", "", "directory of the offices' prepared snapshots for fresh devices (default DATA/snapshots with --data, none with --db; \"none\" turns them off)")
	snapEvery := fs.Duration("snapshot-every", 5*time.Minute, "how often the snapshots catch up with the offices")
	snapAfter := fs.Int64("snapshot-after", 1000, "changes behind that make a new snapshot (an hour-old one is renewed after any change)")
	trustProxy := fs.Bool("trust-proxy", false, "take the client's address from the last X-Forwarded-For entry (only behind a reverse proxy that appends it)")
	clockOffset := fs.Duration("clock-offset", 0, "run the registry's clock this far from the machine's (tests of a registry whose clock is off; never in an office)")
	maxConns := fs.Int("db-max-conns", pgstore.DefaultMaxConns, "most connections to PostgreSQL (pool_max_conns in --db wins); see the README for N registries on one server")
	idle := fs.Duration("db-idle", pgstore.DefaultIdle, "close a PostgreSQL connection idle this long (pool_max_conn_idle_time in --db wins)")
	backupDir := fs.String("backup-dir", "", "take backups of the SQLite store into this directory")
	backupEvery := fs.Duration("backup-every", 24*time.Hour, "how often to take a backup (with --backup-dir)")
	backupKeep := fs.Int("backup-keep", 14, "how many backups to keep (with --backup-dir)")
	metricsToken := fs.String("metrics-token-file", "", "file holding the bearer token /metrics asks of scrapers (without it /metrics answers only this computer)")
	publicURL := fs.String("public-url", "", "the registry's address as devices reach it, put in the console's enrolment codes (default: the address the console was opened at)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *backupDir != "" && (*sf.data == "" || *backupEvery < time.Minute || *backupKeep < 1) {
		return errors.New("--backup-dir takes a SQLite store (--data; PostgreSQL is backed up with pg_dump, see the README), --backup-every of a minute or more and --backup-keep of 1 or more")
	}
	if *maxConns < 1 || *idle <= 0 {
		return errors.New("--db-max-conns must be at least 1 and --db-idle more than 0")
	}
	sf.pool = pgstore.Options{MaxConns: *maxConns, IdleTimeout: *idle}
	if (*cert == "") != (*key == "") {
		return errors.New("give both --tls-cert and --tls-key, or neither")
	}
	switch {
	case *snapDir == "none":
		*snapDir = ""
	case *snapDir == "" && *sf.data != "":
		*snapDir = filepath.Join(*sf.data, "snapshots")
	}
	log := slog.New(slog.NewJSONHandler(logOut, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if *sf.data != "" {
		// The store's mark that a registry serves it: admin restore refuses
		// while it is held.
		release, err := sqlitestore.Lock(*sf.data)
		if err != nil {
			return err
		}
		defer release()
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	opt := registry.Options{Logger: log, LeaseSize: *lease, TrustProxy: *trustProxy}
	if *metricsToken != "" {
		if opt.MetricsToken, err = readMetricsToken(*metricsToken); err != nil {
			return err
		}
	}
	if *clockOffset != 0 {
		off := *clockOffset
		opt.Now = func() time.Time { return time.Now().Add(off) }
		log.Warn("the registry's clock is shifted from the machine's", "offset", off.String())
	}
	if *snapDir != "" {
		snaps, err := snapshot.New(*snapDir, st, snapshot.Options{Logger: log, MinChanges: *snapAfter})
		if err != nil {
			return err
		}
		defer snaps.Close()
		opt.Snapshots = snaps
		go snaps.Run(ctx, *snapEvery)
	}
	reg := registry.New(st, opt)
	if *backupDir != "" {
		sched := &backup.Scheduler{Store: st.(*sqlitestore.Store), Dir: *backupDir, Every: *backupEvery, Keep: *backupKeep, Log: log,
			Metrics: reg.Metrics(), Retry: min(*backupEvery, time.Hour), Now: time.Now}
		go sched.Run(ctx)
	}
	// Konsola urzędu (issue 15) beside the device API, under the same TLS.
	var certDER []byte
	if *cert != "" {
		if certDER, err = leafCertificate(*cert); err != nil {
			return err
		}
	}
	cons := console.New(reg, console.Options{Logger: log, CertDER: certDER, PublicURL: *publicURL})
	srv := httpServer(*addr, cons.Mount(reg.Handler()))
	if *cert == "" && !loopbackAddr(*addr) {
		log.Warn("serving plain HTTP on a network address: devices refuse http:// except on their own computer; give --tls-cert and --tls-key, or put a TLS proxy in front", "addr", *addr)
	}
	// Listening first: a port another program holds is told in words
	// before anything is served.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		err = portError(*addr, err)
		log.Error("cannot listen", "addr", *addr, "err", err)
		return err
	}
	errc := make(chan error, 1)
	go func() {
		log.Info("registry listening", "addr", *addr, "tls", *cert != "")
		if *cert != "" {
			errc <- srv.ServeTLS(ln, *cert, *key)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	// The console's index of open cases, read in the background once the
	// listener is up, so that the first Pulpit after a start is quick;
	// pages asked for meanwhile wait for their own office only.
	go func() {
		if err := cons.Warm(ctx); err != nil && ctx.Err() == nil {
			log.Warn("console index not warmed; the first page reads it", "err", err)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdown)
	log.Info("registry stopped", "err", err)
	return err
}

// readMetricsToken reads /metrics' bearer token from its file: one line,
// at least 16 characters, so a guessable or empty token is never set.
func readMetricsToken(path string) (string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("--metrics-token-file: %w", err)
	}
	tok := strings.TrimSpace(string(raw))
	if len(tok) < 16 || strings.ContainsAny(tok, " \t\r\n") {
		return "", errors.New("--metrics-token-file: the token must be one line of at least 16 characters without spaces")
	}
	return tok, nil
}

// portError says in Polish (the office admin's language) and English that
// the address is taken or not allowed, and what to do.
func portError(addr string, err error) error {
	if errors.Is(err, syscall.EADDRINUSE) || isAddrInUse(err) {
		return fmt.Errorf("adres %s jest zajęty przez inny program (może drugi rejestr): zatrzymaj go albo podaj inny --addr; address in use: %w", addr, err)
	}
	return fmt.Errorf("nie można nasłuchiwać na %s: sprawdź --addr; cannot listen: %w", addr, err)
}

// loopbackAddr reports whether a listen address is on this computer only.
func loopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return host == "localhost" || ip != nil && ip.IsLoopback()
}

func admin(args []string) error {
	fs := flag.NewFlagSet("admin", flag.ContinueOnError)
	sf := addStoreFlags(fs)
	// One command at a time: two connections leave the server's slots
	// to the registries it serves alongside.
	sf.pool = pgstore.Options{MaxConns: 2}
	if err := fs.Parse(args); err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) < 2 && !(len(rest) == 1 && (rest[0] == "backup" || rest[0] == "restore")) {
		fmt.Fprint(os.Stderr, usage)
		return errors.New("admin needs a command")
	}
	ctx := context.Background()
	switch rest[0] {
	case "backup", "restore", "generation":
		return adminBackup(ctx, sf, rest[0], rest[1:], os.Stdout)
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	reg := registry.New(st, registry.Options{Logger: slog.New(slog.NewTextHandler(os.Stderr, nil))})
	return adminCommand(ctx, reg, strings.Join(rest[:2], " "), rest[2:])
}
