package db

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"okienko/app/callbacks"
	"okienko/app/keys"
)

// TestSnapshotSealedAhead: the columns sealed ahead of the copy, on the
// job's own connection, are the snapshot's values sealed for their own
// table, column and row, as the copy's statement seals them; and a job
// that falls short (a row missing mid-table, a snapshot it cannot open)
// leaves the copy to seal those tables itself, with the same result and
// nothing in the clear.
func TestSnapshotSealedAhead(t *testing.T) {
	ctx := context.Background()
	src := openPlain(t)
	f := newFixture()
	f.save(t, src)
	k := newCaseFixture(t, src, f)
	if err := src.InTx(ctx, func(tx *Tx) error {
		for _, id := range []string{"cb-1", "cb-2", "cb-3"} {
			if err := tx.SaveCallback(ctx, f.office.ID, callbacks.Callback{ID: id, Name: legacyName, Phone: legacyPhone, Topic: "temat",
				From: t0.Add(time.Hour), AssigneeID: f.staff.ID, CreatedBy: f.staff.ID, Status: callbacks.Open}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// An entry with nothing to seal: an empty value is sealed as empty,
	// ahead too.
	if _, err := src.w.ExecContext(ctx, "INSERT INTO audit_log (id, office_id, action, created_at, updated_at) VALUES (?, ?, 'test', 1, 1)", NewID(), f.office.ID); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "snap.db")
	if err := src.WriteSnapshot(ctx, path); err != nil {
		t.Fatal(err)
	}
	short := func(drop string) func(context.Context, string, *keys.Cipher) *sealJob {
		return func(ctx context.Context, uri string, c *keys.Cipher) *sealJob {
			if drop == "" {
				return precomputeSeals(ctx, "file:missing.db?"+uri[len("file:"):][len(filepath.Base(path))+1:], c)
			}
			// The job's rows of drop go through a stream that loses the
			// second row.
			j := precomputeSeals(ctx, uri, c)
			in := j.tables[drop]
			out := &sealStream{ch: make(chan []sealedRow, sealAheadBatches)}
			go func() {
				defer close(out.ch)
				n := 0
				for b := range in.ch {
					var kept []sealedRow
					for _, r := range b {
						if n++; n != 2 {
							kept = append(kept, r)
						}
					}
					out.ch <- kept
				}
			}()
			j.tables[drop] = out
			return j
		}
	}
	var whole *sealJob
	for _, tc := range []struct {
		name string
		job  func(context.Context, string, *keys.Cipher) *sealJob
	}{
		{"ahead", func(ctx context.Context, uri string, c *keys.Cipher) *sealJob {
			whole = precomputeSeals(ctx, uri, c)
			return whole
		}},
		{"row missing", short("callback")},
		{"no job", short("")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sealAhead = tc.job
			defer func() { sealAhead = precomputeSeals }()
			dst := openTest(t)
			if err := dst.ImportSnapshot(ctx, os.DirFS(filepath.Dir(path)), filepath.Base(path), f.office.ID, 7, nil); err != nil {
				t.Fatal(err)
			}
			dst.bg.Wait()
			c, err := dst.Cipher()
			if err != nil {
				t.Fatal(err)
			}
			h, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
			if err != nil {
				t.Fatal(err)
			}
			defer h.Close()
			for table, cols := range sealedColumns {
				for _, col := range cols {
					want := map[string][]byte{}
					rows, err := h.QueryContext(ctx, "SELECT "+col[1]+`, "`+col[0]+`" FROM `+table)
					if err != nil {
						t.Fatal(err)
					}
					for rows.Next() {
						var id string
						var v []byte
						if err := rows.Scan(&id, &v); err != nil {
							t.Fatal(err)
						}
						want[id] = v
					}
					rows.Close()
					rows, err = dst.w.QueryContext(ctx, "SELECT "+col[1]+`, "`+col[0]+`" FROM `+table)
					if err != nil {
						t.Fatal(err)
					}
					n := 0
					for rows.Next() {
						var id string
						var v []byte
						if err := rows.Scan(&id, &v); err != nil {
							t.Fatal(err)
						}
						n++
						plain, ok := want[id]
						switch {
						case !ok:
							t.Errorf("%s.%s of %s: not in the snapshot", table, col[0], id)
						case len(plain) == 0:
							if len(v) != 0 {
								t.Errorf("%s.%s of %s: %q, want empty", table, col[0], id, v)
							}
						default:
							got, err := c.Open(table, col[0], id, v)
							if err != nil || !bytes.Equal(got, plain) {
								t.Errorf("%s.%s of %s: %q (%v), want the snapshot's value sealed", table, col[0], id, got, err)
							}
						}
					}
					rows.Close()
					if n != len(want) {
						t.Errorf("%s: %d rows, the snapshot %d", table, n, len(want))
					}
				}
			}
			if tc.name == "ahead" {
				// Every table was taken from the job, none sealed again.
				for table, s := range whole.tables {
					if s.missed.Load() {
						t.Errorf("%s: sealed in the copy's statement, not ahead", table)
					}
				}
			}
			if cb, err := dst.Callback(ctx, "cb-2"); err != nil || cb.Name != legacyName {
				t.Fatalf("callback after the import: %+v %v", cb, err)
			}
			rows, err := dst.Cases(ctx, f.office.ID, CaseFilter{Text: "zolkiewska"})
			if err != nil || len(rows) != 1 || rows[0].ID != k.cs.ID {
				t.Fatalf("search on the copy: %+v, %v", rows, err)
			}
			if a, b := schemaOf(t, dst), schemaOf(t, openTest(t)); a != b {
				t.Fatalf("schema after the copy:\n%s\nwant:\n%s", a, b)
			}
		})
	}
}
