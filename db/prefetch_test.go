package db

import (
	"context"
	"testing"

	"okienko/sync/entity"
	"okienko/sync/merge"
)

// TestPrefetchRowClocks: a page's row clocks read in one statement merge
// exactly as those read one by one: an older value than the stored one
// loses, a row seen twice in a page is merged the second time against
// its first write, and a row without a clock is new.
func TestPrefetchRowClocks(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	u, w := NewID(), NewID()
	symbols := map[string]string{u: "USC", w: "OS"}
	unit := func(id, name, stamp string) merge.Row {
		v := func(x string) merge.Field { return merge.Field{V: []byte(`"` + x + `"`), H: stamp} }
		return merge.Row{"id": v(id), "officeId": v(f.office.ID), "symbol": v(symbols[id]), "name": v(name)}
	}
	if err := s.InTx(ctx, func(tx *Tx) error {
		_, err := tx.ApplyRemote(ctx, "unit", u, unit(u, "Stan z rejestru", "0000000000020000-registry"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	err := s.ApplyInTx(ctx, func(tx *Tx) error {
		if err := tx.PrefetchRowClocks(ctx, [][2]string{{"unit", u}, {"unit", w}}); err != nil {
			return err
		}
		for _, step := range []struct {
			id, name, stamp string
			changed         bool
		}{
			{u, "Starszy", "0000000000010000-registry", false},
			{w, "Nowy", "0000000000010000-registry", true},
			{u, "Najnowszy", "0000000000030000-registry", true},
			{u, "Między", "0000000000025000-registry", false},
		} {
			changed, err := tx.ApplyRemote(ctx, "unit", step.id, unit(step.id, step.name, step.stamp))
			if err != nil {
				return err
			}
			if changed != step.changed {
				t.Errorf("%s at %s: changed %v, want %v", step.name, step.stamp, changed, step.changed)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{u: "Najnowszy", w: "Nowy"} {
		if got, err := s.Unit(ctx, id); err != nil || got.Name != want {
			t.Errorf("unit %s: %q (%v), want %q", id, got.Name, err, want)
		}
	}
}

// TestApplyRemoteRowPrepared: a row prepared off the writer (its row
// clock sealed, its payload decoded) is stored as ApplyRemote stores it
// when the device holds nothing of it, and is merged in the transaction
// when the device holds the row: an older prepared value loses there.
func TestApplyRemoteRowPrepared(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	u, w := NewID(), NewID()
	symbols := map[string]string{u: "USC", w: "OS"}
	unit := func(id, name, stamp string) merge.Row {
		v := func(x string) merge.Field { return merge.Field{V: []byte(`"` + x + `"`), H: stamp} }
		return merge.Row{"id": v(id), "officeId": v(f.office.ID), "symbol": v(symbols[id]), "name": v(name)}
	}
	number := func(id string, no int, stamp string) merge.Row {
		fields, err := entity.Fields(entity.Number{ID: id, OfficeID: f.office.ID, Unit: "SO", JRWA: "5352", Year: 2028, No: no, State: "reserved", DeviceID: "d1"})
		if err != nil {
			t.Fatal(err)
		}
		row := merge.Row{}
		for k, v := range fields {
			row[k] = merge.Field{V: v, H: stamp}
		}
		return row
	}
	if err := s.InTx(ctx, func(tx *Tx) error {
		_, err := tx.ApplyRemote(ctx, "unit", u, unit(u, "Stan z rejestru", "0000000000020000-registry"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	n1, n2 := NewID(), NewID()
	// u's name is newer than the device's, its other fields older.
	older := unit(u, "Najnowszy", "0000000000010000-registry")
	older["name"] = merge.Field{V: []byte(`"Najnowszy"`), H: "0000000000030000-registry"}
	rows := []RemoteRow{
		s.PrepareRemote("unit", u, older),
		s.PrepareRemote("unit", w, unit(w, "Nowy", "0000000000010000-registry")),
		s.PrepareRemote("case_number", n1, number(n1, 7, "0000000000010000-registry")),
	}
	if rows[2].payload == nil || rows[2].clock == nil {
		t.Fatalf("a number prepared without its payload or row clock: %+v", rows[2])
	}
	err := s.ApplyInTx(ctx, func(tx *Tx) error {
		for _, r := range rows {
			if _, err := tx.ApplyRemoteRow(ctx, r); err != nil {
				return err
			}
		}
		// The same number applied unprepared, to compare.
		_, err := tx.ApplyRemote(ctx, "case_number", n2, number(n2, 8, "0000000000010000-registry"))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{u: "Najnowszy", w: "Nowy"} {
		if got, err := s.Unit(ctx, id); err != nil || got.Name != want {
			t.Errorf("unit %s: %q (%v), want %q", id, got.Name, err, want)
		}
	}
	c, err := s.Cipher()
	if err != nil {
		t.Fatal(err)
	}
	var sealed []byte
	if err := s.w.QueryRow(`SELECT fields FROM row_clock WHERE entity = 'unit' AND entity_id = ?`, u).Scan(&sealed); err != nil {
		t.Fatal(err)
	}
	clock, err := OpenRowClock(c, "unit", u, sealed)
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range clock {
		if want := map[bool]string{true: "0000000000030000-registry", false: "0000000000020000-registry"}[name == "name"]; f.H != want {
			t.Errorf("unit %s: %s at %s, want %s (merged with the device's row)", u, name, f.H, want)
		}
	}
	var got [2]string
	for i, id := range []string{n1, n2} {
		var sealed []byte
		if err := s.w.QueryRow(`SELECT fields FROM row_clock WHERE entity = 'case_number' AND entity_id = ?`, id).Scan(&sealed); err != nil {
			t.Fatal(err)
		}
		row, err := OpenRowClock(c, "case_number", id, sealed)
		if err != nil {
			t.Fatal(err)
		}
		if len(row) != len(number(id, 7, "")) || string(row["id"].V) != `"`+id+`"` {
			t.Errorf("row clock of %s: %v", id, row)
		}
		if err := s.w.QueryRow(`SELECT unit_symbol || ' ' || jrwa || ' ' || reg_year || ' ' || reg_no || ' ' || state || ' ' || device_id FROM case_number WHERE id = ?`, id).Scan(&got[i]); err != nil {
			t.Fatal(err)
		}
	}
	if got[0] != "SO 5352 2028 7 reserved d1" || got[1] != "SO 5352 2028 8 reserved d1" {
		t.Errorf("prepared number %q, unprepared %q", got[0], got[1])
	}
}
