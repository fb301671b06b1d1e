package db

import (
	"context"
	"encoding/json"
	"testing"

	"okienko/app/office"
	"okienko/sync/merge"
)

// TestSecretaryRowStored: a secretary's staff row pulled from the
// registry is stored (before migration 00021 the role CHECK refused it and
// the row was skipped), a role nobody knows is still refused, and the
// rebuilt table keeps every foreign key whole.
func TestSecretaryRowStored(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	row := func(id, login string, role office.Role) merge.Row {
		st := office.Staff{ID: id, Login: login, FirstName: "Ewa", LastName: "Sekretarz", UnitID: f.unit.ID, Role: role,
			Position: "Sekretarz Gminy", Competences: []string{}, Active: true}
		raw, _ := json.Marshal(st)
		var flat map[string]json.RawMessage
		_ = json.Unmarshal(raw, &flat)
		flat["officeId"], _ = json.Marshal(f.office.ID)
		out := merge.Row{}
		for k, v := range flat {
			out[k] = merge.Field{V: v, H: "0fffffffffff0000-registry"}
		}
		return out
	}
	sec := NewID()
	if err := s.InTx(ctx, func(tx *Tx) error {
		_, err := tx.ApplyRemote(ctx, "staff", sec, row(sec, "esekretarz", office.RoleSecretary))
		return err
	}); err != nil {
		t.Fatalf("secretary row refused: %v", err)
	}
	got, err := s.qr.StaffGet(ctx, sec)
	if err != nil || got.Role != string(office.RoleSecretary) || got.Login != "esekretarz" {
		t.Fatalf("secretary row: %+v %v", got, err)
	}
	bad := NewID()
	if err := s.InTx(ctx, func(tx *Tx) error {
		_, err := tx.ApplyRemote(ctx, "staff", bad, row(bad, "nikt", office.Role("owner")))
		return err
	}); err == nil {
		t.Fatal("a role the CHECK does not know was stored")
	}
	rows, err := s.w.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		t.Fatal(err)
	}
	broken := rows.Next()
	rows.Close()
	if broken {
		t.Fatal("the rebuilt staff table left a broken foreign key")
	}
	var fk int
	if err := s.w.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign keys after the migration: %d %v, want on", fk, err)
	}
}
