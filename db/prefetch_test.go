package db

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"testing"

	"okienko/app/cases"

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

// TestPreparedRowsSealedAsSlowPath: a client and its case applied from
// rows prepared off the writer (PrepareRemote, the first pull's path) are
// stored as the same rows applied in the transaction alone (ApplyRemote):
// the sealed personal fields, form and checklist open to the same values,
// the blind index holds the same tokens, and the row clocks open to the
// same fields and stamps. Sealed bytes differ (each seal draws a nonce),
// so they are compared opened.
func TestPreparedRowsSealedAsSlowPath(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	f := newFixture()
	f.save(t, s)
	const stamp = "0000000000010000-registry"
	rowOf := func(p any) merge.Row {
		fields, err := entity.Fields(p)
		if err != nil {
			t.Fatal(err)
		}
		row := merge.Row{}
		for k, v := range fields {
			row[k] = merge.Field{V: v, H: stamp}
		}
		return row
	}
	type pair struct{ client, cs string }
	var made [2]pair
	var rows [2][]RemoteRow
	card := NewID()
	for i := range made {
		cl := cases.Client{ID: NewID(), Kind: cases.Person, FirstName: "Łucja", LastName: "Żółkiewska-Bąk",
			PESEL: "02270803624", BirthDate: "2002-07-08", Phone: "600 100 200", Email: "lucja@example.pl",
			Street: "ul. Ogrodowa 5", PostalCode: "99-300", City: "Testowo"}
		cs := entity.Case{ID: NewID(), OfficeID: f.office.ID, Sign: fmt.Sprintf("SO.5351.%d.2026", i+1), Unit: "SO",
			JRWA: "5351", Year: 2026, No: i + 1, CardID: card, ClientID: cl.ID, Status: cases.Registered,
			SubmittedOn: "2026-11-23", DueOn: "2026-11-30", Form: []byte(`{"a":"Łucja","b":[1,2]}`),
			Checklist:    []cases.Item{{DocID: "wniosek", Name: "Wniosek", Applies: true, Mark: cases.Original}},
			RegisteredBy: f.staff.ID, DeviceID: "d1", RegisteredAt: 1_790_000_000_000}
		made[i] = pair{cl.ID, cs.ID}
		rows[i] = []RemoteRow{
			{Entity: "client", ID: cl.ID, Row: rowOf(entity.Client{Client: cl, OfficeID: f.office.ID})},
			{Entity: "case_file", ID: cs.ID, Row: rowOf(cs)},
		}
	}
	for i, r := range rows[0] {
		rows[0][i] = s.PrepareRemote(r.Entity, r.ID, r.Row)
		if rows[0][i].payload == nil || rows[0][i].clock == nil {
			t.Fatalf("%s prepared without its payload or row clock", r.Entity)
		}
	}
	err := s.ApplyInTx(ctx, func(tx *Tx) error {
		keys := [][2]string{}
		for _, r := range rows[0] {
			keys = append(keys, [2]string{r.Entity, r.ID})
		}
		if err := tx.PrefetchRowClocks(ctx, keys); err != nil {
			return err
		}
		for _, r := range rows[0] {
			if _, err := tx.ApplyRemoteRow(ctx, r); err != nil {
				return err
			}
		}
		for _, r := range rows[1] {
			if _, err := tx.ApplyRemote(ctx, r.Entity, r.ID, r.Row); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Cipher()
	if err != nil {
		t.Fatal(err)
	}
	var got [2]struct {
		client  cases.Client
		cs      cases.Case
		tokens  string
		clocks  [2]merge.Row
		persons []byte
	}
	for i, p := range made {
		g := &got[i]
		if g.client, err = s.Client(ctx, p.client); err != nil {
			t.Fatal(err)
		}
		if g.cs, err = s.Case(ctx, p.cs); err != nil {
			t.Fatal(err)
		}
		if err := s.w.QueryRow(`SELECT group_concat(token, ',' ORDER BY token) FROM search_token
			WHERE client_rowid = (SELECT rowid FROM client WHERE id = ?)`, p.client).Scan(&g.tokens); err != nil {
			t.Fatal(err)
		}
		if err := s.w.QueryRow(`SELECT person FROM client WHERE id = ?`, p.client).Scan(&g.persons); err != nil {
			t.Fatal(err)
		}
		for j, key := range [][2]string{{"client", p.client}, {"case_file", p.cs}} {
			var sealed []byte
			if err := s.w.QueryRow(`SELECT fields FROM row_clock WHERE entity = ? AND entity_id = ?`, key[0], key[1]).Scan(&sealed); err != nil {
				t.Fatal(err)
			}
			if g.clocks[j], err = OpenRowClock(c, key[0], key[1], sealed); err != nil {
				t.Fatal(err)
			}
			delete(g.clocks[j], "id")
			delete(g.clocks[j], "clientId")
			delete(g.clocks[j], "sign")
			delete(g.clocks[j], "no")
		}
	}
	if bytes.Contains(got[0].persons, []byte("Ogrodowa")) || bytes.Contains(got[0].persons, []byte("02270803624")) {
		t.Errorf("the prepared client's personal fields are stored in plain text")
	}
	if got[0].tokens == "" || got[0].tokens != got[1].tokens {
		t.Errorf("blind index: prepared %q, in the transaction %q", got[0].tokens, got[1].tokens)
	}
	a, b := got[0].client, got[1].client
	a.ID, b.ID = "", ""
	if !reflect.DeepEqual(a, b) {
		t.Errorf("client: prepared %+v, in the transaction %+v", a, b)
	}
	x, y := got[0].cs, got[1].cs
	if string(x.Form) != string(y.Form) || !reflect.DeepEqual(x.Checklist, y.Checklist) || x.Status != y.Status ||
		x.DueOn != y.DueOn || !x.CreatedAt.Equal(y.CreatedAt) || string(x.Form) != `{"a":"Łucja","b":[1,2]}` {
		t.Errorf("case: prepared %+v, in the transaction %+v", x, y)
	}
	for j := range got[0].clocks {
		if !reflect.DeepEqual(got[0].clocks[j], got[1].clocks[j]) || len(got[0].clocks[j]) < 5 {
			t.Errorf("row clock %d: prepared %v, in the transaction %v", j, got[0].clocks[j], got[1].clocks[j])
		}
	}
}

// TestInsertSealedClockOverExisting: a row clock inserted for a row that
// has one after all (insertSealedClock) replaces it, as the upsert did.
func TestInsertSealedClockOverExisting(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	id := NewID()
	err := s.InTx(ctx, func(tx *Tx) error {
		if err := tx.insertSealedClock(ctx, "unit", id, []byte("first")); err != nil {
			return err
		}
		return tx.insertSealedClock(ctx, "unit", id, []byte("second"))
	})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	var fields []byte
	if err := s.w.QueryRow(`SELECT count(*), max(fields) FROM row_clock WHERE entity = 'unit' AND entity_id = ?`, id).Scan(&n, &fields); err != nil {
		t.Fatal(err)
	}
	if n != 1 || string(fields) != "second" {
		t.Errorf("%d row clocks, %q; want one, the second", n, fields)
	}
}
