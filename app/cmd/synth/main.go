// Command synth fills a data directory with realistic synthetic cases for
// load tests: go run ./app/cmd/synth --data /tmp/okienko-200k --cases 200000
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"time"

	"okienko/app"
	"okienko/app/auth"
	"okienko/app/demo"
	"okienko/app/i18n"
	"okienko/app/keys"
	"okienko/app/synth"
	"okienko/db"
	"okienko/db/keyfile"
)

func main() {
	dir := flag.String("data", "", "data directory (created with the demo office if empty)")
	n := flag.Int("cases", 10000, "number of cases")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if *dir == "" {
		fmt.Fprintln(os.Stderr, "synth: --data is required")
		os.Exit(2)
	}
	if err := run(*dir, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
}

func run(dir string, n int, seed uint64) error {
	ctx := context.Background()
	store, err := db.Open(ctx, dir, db.Options{Cipher: keys.TestCipher("synth")})
	if err != nil {
		return err
	}
	defer store.Close()
	bundle, err := i18n.Load()
	if err != nil {
		return err
	}
	core := app.NewCore(app.Deps{Store: store, I18n: bundle, Log: slog.New(slog.DiscardHandler)})
	if err := core.Bootstrap(ctx, true); err != nil {
		return err
	}
	st, _, err := store.Credentials(ctx, "jnowak")
	if err != nil {
		return err
	}
	start := time.Now()
	err = synth.Generate(ctx, store, core.OfficeID(), synth.Options{Cases: n, Seed: seed, Today: time.Now(), StaffID: st.ID,
		Progress: func(done int) { fmt.Fprintf(os.Stderr, "\r%d/%d cases", done, n) }})
	fmt.Fprintf(os.Stderr, "\n%d cases in %s\n", n, time.Since(start).Round(time.Millisecond))
	if err != nil {
		return err
	}
	return keyFile(ctx, store, dir)
}

// keyFile writes the key file of the data key the cases were sealed with,
// openable by the demo office's public recovery code, so the app signs in
// on the generated office as on the demo (each person wrapped at their
// first sign-in).
func keyFile(ctx context.Context, store *db.Store, dir string) error {
	if _, _, err := keyfile.Read(dir); err == nil {
		return nil // an earlier run made it
	}
	code, err := keys.ParseRecoveryCode(demo.RecoveryCode)
	if err != nil {
		return err
	}
	ks, err := keys.NewKeySet(store.DeviceID(), keys.TestDataKey("synth"), code, auth.DefaultParams)
	if err != nil {
		return err
	}
	if err := store.NoteKeyFileMade(ctx); err != nil {
		return err
	}
	return keyfile.Create(dir, ks)
}
