package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"okienko/sync/registry"
	"okienko/sync/registry/backup"
	"okienko/sync/registry/sqlitestore"
)

// adminBackup is admin backup, restore and generation: commands that
// take the store's file as a whole.
func adminBackup(ctx context.Context, sf storeFlags, cmd string, args []string, w io.Writer) error {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	out := fs.String("out", "", "backup: the file to write")
	from := fs.String("from", "", "restore: the backup file to restore")
	force := fs.Bool("force", false, "backup: replace an existing file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch cmd {
	case "backup":
		if *sf.dsn != "" {
			return errors.New("admin backup takes SQLite stores only: " + backup.PGHint)
		}
		if *out == "" || *sf.data == "" {
			return errors.New("give --data DIR and --out FILE")
		}
		st, err := sqlitestore.Open(ctx, *sf.data)
		if err != nil {
			return err
		}
		defer st.Close()
		start := time.Now()
		if err := backup.Take(ctx, st, *out, *force); err != nil {
			return err
		}
		fmt.Fprintf(w, "Backup written to %s in %.1f s.\n", *out, time.Since(start).Seconds())
		return nil
	case "restore":
		if *sf.dsn != "" {
			return errors.New("admin restore takes SQLite stores only: " + backup.PGHint)
		}
		if *from == "" || *sf.data == "" {
			return errors.New("give --data DIR and --from FILE")
		}
		return backup.Restore(ctx, *sf.data, *from, w)
	case "generation":
		if len(fs.Args()) != 1 || fs.Arg(0) != "new" {
			return errors.New("admin generation new: give the store a new generation after restoring it by other means")
		}
		if *sf.data != "" {
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
		g, err := registry.NewGeneration(ctx, st, time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "The store's generation is now %s; devices send again what it lacks at their next contact.\n", g.ID)
		return nil
	}
	return fmt.Errorf("unknown admin command %q", cmd)
}
