package sim

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"okienko/app/keys"
	"okienko/db"
	"okienko/sync/merge"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// settle stops the faults, lets every request still in the network
// arrive, and enrolls a new device (it sees the registry's state through
// the ordinary pull); then everything syncs until nothing moves and the
// replicas are checked. Last, the registry closes the registers of every
// year used, as at the turn of the year, and the registers are checked;
// with two registries the devices then sync the closing, made by one of
// them, and the replicas are checked again (the numbers it cancelled were
// maybe leased by the other a moment before, stamped by its clock).
func (w *world) settle() {
	w.step = w.opt.Steps + 1
	for _, d := range w.devs {
		d.offline = 0
		d.net.flush()
		d.net.faults = false
	}
	obs := w.newDevice(len(w.devs))
	obs.login = "twisniewski"
	obs.Enroll(w.t, w.reg)
	installOpLog(w.t, obs.raw)
	w.devs = append(w.devs, obs)
	w.quiesce("after the faults stopped")
	w.check()

	years := w.numberYears()
	last := years[len(years)-1]
	if _, err := w.admin().CloseYear(w.ctx, w.reg.OfficeID, last); err != nil {
		w.fatalf("close year %d: %v", last, err)
	}
	w.res.Years = years
	w.checkRegisters()
	if len(w.regs) > 1 {
		w.quiesce("after the year closed")
		w.check()
	}
}

// quiesce syncs every device, round after round, until a whole pass
// leaves every outbox empty, every cursor at the registry's sequence,
// no provisional sign, and the sequence where it was.
func (w *world) quiesce(when string) {
	for pass := 1; pass <= 30; pass++ {
		before := w.seq()
		for _, d := range w.devs {
			if err := w.round(d); err != nil {
				w.fatalf("%s: device %d: a round failed on a sound network: %v", when, d.n, err)
			}
		}
		if len(w.stuck) > 0 {
			w.fatalf("%s: livelock: %s", when, strings.Join(w.stuck, "; "))
		}
		if why := w.unquiet(); why == "" && w.seq() == before {
			return
		} else if pass == 30 {
			w.fatalf("%s: still moving after %d passes: %s", when, pass, why)
		}
	}
}

func (w *world) seq() int64 {
	s, err := w.reg.Store().Seq(w.ctx, w.reg.OfficeID)
	if err != nil {
		w.fatalf("registry seq: %v", err)
	}
	return s
}

// unquiet says what still moves, or "".
func (w *world) unquiet() string {
	seq := w.seq()
	var why []string
	for _, d := range w.devs {
		st := d.Engine.Status(w.ctx)
		ss, err := d.Store.SyncState(w.ctx)
		if err != nil {
			w.fatalf("device %d: sync state: %v", d.n, err)
		}
		if st.Pending > 0 || st.Provisional > 0 || ss.Cursor != seq {
			why = append(why, fmt.Sprintf("device %d: %d pending, %d provisional, cursor %d of %d", d.n, st.Pending, st.Provisional, ss.Cursor, seq))
		}
	}
	return strings.Join(why, "; ")
}

// numberYears lists the years of the registry's registers, ascending.
func (w *world) numberYears() []int {
	rows, err := w.reg.Store().RowsOf(w.ctx, w.reg.OfficeID, "case_number")
	if err != nil {
		w.fatalf("registry numbers: %v", err)
	}
	seen := map[int]bool{}
	for _, r := range rows {
		seen[intField(r.Fields, "year")] = true
	}
	var out []int
	for y := range seen {
		out = append(out, y)
	}
	sort.Ints(out)
	if len(out) == 0 {
		w.fatalf("the registry leased no numbers at all")
	}
	return out
}

// ---- field helpers ----

func strField(r merge.Row, name string) string {
	var s string
	_ = json.Unmarshal(r[name].V, &s)
	return s
}

func intField(r merge.Row, name string) int {
	var n int
	_ = json.Unmarshal(r[name].V, &n)
	return n
}

func boolField(r merge.Row, name string) bool {
	var b bool
	_ = json.Unmarshal(r[name].V, &b)
	return b
}

func sameJSON(a, b json.RawMessage) bool {
	var x, y bytes.Buffer
	if json.Compact(&x, a) != nil || json.Compact(&y, b) != nil {
		return bytes.Equal(a, b)
	}
	return bytes.Equal(x.Bytes(), y.Bytes())
}

func sameRow(a, b merge.Row) (string, bool) {
	names := map[string]bool{}
	for k := range a {
		names[k] = true
	}
	for k := range b {
		names[k] = true
	}
	keys := make([]string, 0, len(names))
	for k := range names {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fa, oka := a[k]
		fb, okb := b[k]
		if oka != okb || fa.H != fb.H || !sameJSON(fa.V, fb.V) {
			return fmt.Sprintf("field %s: %s@%s vs %s@%s", k, fa.V, fa.H, fb.V, fb.H), false
		}
	}
	return "", true
}

// ---- dumps ----

// localColumns differ between replicas by design: when this device wrote
// the row, the draft a case came from, and the rowid of a case's client on
// this device (checked per device instead: it must name the case's client).
var localColumns = map[string]map[string]bool{
	"office":        {"created_at": true, "updated_at": true},
	"unit":          {"created_at": true, "updated_at": true},
	"staff":         {"created_at": true, "updated_at": true},
	"substitution":  {"created_at": true, "updated_at": true},
	"service_card":  {"created_at": true, "updated_at": true},
	"setting":       {"created_at": true, "updated_at": true},
	"audit_log":     {"updated_at": true},
	"client":        {"created_at": true, "updated_at": true},
	"case_file":     {"updated_at": true, "draft_id": true, "client_rowid": true},
	"case_event":    {"updated_at": true},
	"case_number":   {"created_at": true, "updated_at": true},
	"callback":      {"created_at": true, "updated_at": true},
	"presence":      {"created_at": true, "updated_at": true},
	"visit":         {"created_at": true, "updated_at": true},
	"visit_auth":    {"created_at": true, "updated_at": true},
	"complaint":     {"created_at": true, "updated_at": true},
	"letter":        {"created_at": true, "updated_at": true},
	"survey_answer": {"created_at": true, "updated_at": true},
}

// table is a synced table's rows by id, each column as text.
type table map[string]map[string]string

func dumpTable(h *sql.DB, name string) (table, error) {
	rows, err := h.Query("SELECT * FROM " + name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	out := table{}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := map[string]string{}
		for i, c := range cols {
			if localColumns[name][c] {
				continue
			}
			switch v := vals[i].(type) {
			case nil:
				row[c] = "NULL"
			case []byte:
				row[c] = string(v)
			default:
				row[c] = fmt.Sprint(v)
			}
		}
		// Sealed columns carry random nonces: compare what they hold.
		for _, c := range sealedColumns[name] {
			plain, err := simCipher.Open(name, c, row["id"], []byte(row[c]))
			if err != nil {
				return nil, fmt.Errorf("%s %s: %s: %w", name, row["id"], c, err)
			}
			row[c] = string(plain)
		}
		out[row["id"]] = row
	}
	return out, rows.Err()
}

// sealedColumns are the columns a device seals (db: client, case_file),
// with the cipher every simulated device uses.
var (
	sealedColumns = map[string][]string{"client": {"person"}, "case_file": {"form", "checklist"}}
	simCipher     = keys.TestCipher("sync-tests") // synctest's devices too
)

// clocks reads a device's row_clock, sealed under its cipher: its view of
// every synced row.
func clocks(h *sql.DB, c *keys.Cipher) (map[string]merge.Row, error) {
	rows, err := h.Query("SELECT entity, entity_id, fields FROM row_clock")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]merge.Row{}
	for rows.Next() {
		var e, id string
		var raw []byte
		if err := rows.Scan(&e, &id, &raw); err != nil {
			return nil, err
		}
		r, err := db.OpenRowClock(c, e, id, raw)
		if err != nil {
			return nil, err
		}
		out[e+"/"+id] = r
	}
	return out, rows.Err()
}

type problems struct {
	list []string
}

// report fails the run with every violation found (the first 25).
func (w *world) report(p *problems) {
	w.t.Helper()
	if len(p.list) == 0 {
		return
	}
	const show = 25
	more := ""
	n := len(p.list)
	if n > show {
		more = fmt.Sprintf("\n  … and %d more", n-show)
		p.list = p.list[:show]
	}
	w.fatalf("%d invariant violations (start %s, %d cases, %d provisional):\n  %s%s", n, w.res.Start.Format(time.RFC3339),
		len(w.cases), w.res.Provisional, strings.Join(p.list, "\n  "), more)
}

func (p *problems) add(format string, args ...any) {
	p.list = append(p.list, fmt.Sprintf(format, args...))
}

// ---- invariants ----

func (w *world) check() {
	ctx := w.ctx
	var p problems
	office := w.reg.OfficeID

	// The registry's state.
	reg := map[string]store.Row{} // entity/id
	byEntity := map[string][]store.Row{}
	for e := range protocol.Entities {
		rows, err := w.reg.Store().RowsOf(ctx, office, e)
		if err != nil {
			w.fatalf("registry rows %s: %v", e, err)
		}
		byEntity[e] = rows
		for _, r := range rows {
			reg[e+"/"+r.EntityID] = r
		}
	}
	conflicts, err := w.reg.Store().Conflicts(ctx, office, false)
	if err != nil {
		w.fatalf("registry conflicts: %v", err)
	}
	w.res.Conflicts = len(conflicts)
	regOps := map[string]string{} // op id -> device id
	rows, err := w.regDB.Query(w.q("SELECT op_id, device_id FROM ops WHERE office_id = ?"), office)
	if err != nil {
		w.fatalf("registry ops: %v", err)
	}
	for rows.Next() {
		var op, dev string
		if err := rows.Scan(&op, &dev); err != nil {
			w.fatalf("registry ops: %v", err)
		}
		regOps[op] = dev
	}
	rows.Close()
	w.res.RegistryOps = len(regOps)

	// (1) No acknowledged write lost: every op the registry answered
	// applied, duplicate or conflict is in its op log and in its rows
	// (each field at that stamp or a newer one), or set aside in a
	// conflict; and every op any device ever recorded reached it.
	rejectedAt := map[string]bool{} // entity/id/field/stamp set aside
	for _, c := range conflicts {
		for f, v := range c.Rejected {
			rejectedAt[c.Entity+"/"+c.EntityID+"/"+f+"/"+v.H] = true
		}
	}
	lostOps := map[string]bool{} // answered by a registry since restored: sent again as rows, not ops
	for i, a := range w.answers {
		if w.restore.lost(i) {
			lostOps[a.op.ID] = true
		}
	}
	for i, a := range w.answers {
		switch a.status {
		case protocol.Applied, protocol.Duplicate, protocol.Conflict:
		case protocol.Rejected:
			p.add("registry rejected op %s (%s %s) from device %d: %s", a.op.ID, a.op.Entity, a.op.EntityID, a.dev, a.reason)
			continue
		default:
			continue
		}
		if _, ok := regOps[a.op.ID]; !ok && !lostOps[a.op.ID] {
			p.add("op %s (%s %s) answered %s is not in the registry's op log", a.op.ID, a.op.Entity, a.op.EntityID, a.status)
		}
		if a.status == protocol.Duplicate && !w.restore.lost(i) {
			continue // its first application is checked under that answer
		}
		row, ok := reg[a.op.Entity+"/"+a.op.EntityID]
		if !ok {
			p.add("acknowledged op %s: %s %s missing at the registry", a.op.ID, a.op.Entity, a.op.EntityID)
			continue
		}
		for f, v := range a.op.Fields {
			cur := row.Fields[f]
			switch {
			case a.op.Kind == protocol.Append && !sameJSON(cur.V, v):
				p.add("acknowledged append %s: %s %s field %s is %s, pushed %s", a.op.ID, a.op.Entity, a.op.EntityID, f, cur.V, v)
			case a.op.Kind == protocol.Append:
			case cur.H == a.op.HLC && !sameJSON(cur.V, v):
				p.add("acknowledged op %s: %s %s field %s at its stamp is %s, pushed %s", a.op.ID, a.op.Entity, a.op.EntityID, f, cur.V, v)
			case cur.H < a.op.HLC && !rejectedAt[a.op.Entity+"/"+a.op.EntityID+"/"+f+"/"+a.op.HLC]:
				p.add("acknowledged op %s (%s) lost: %s %s field %s is %s@%s, pushed %s@%s", a.op.ID, a.status, a.op.Entity, a.op.EntityID, f, cur.V, cur.H, v, a.op.HLC)
			}
		}
	}
	// Guarded fields are never auto-resolved (checked as each push was
	// served, against the row the registry held just before).
	p.list = append(p.list, w.guarded...)
	devByID := map[string]*device{}
	created := map[string]string{} // op id -> device id, every op every device recorded
	for _, d := range w.devs {
		devByID[d.Store.DeviceID()] = d
		rows, err := d.raw.Query("SELECT op_id, entity, entity_id, hlc, row FROM sim_oplog")
		if err != nil {
			w.fatalf("device %d: op log: %v", d.n, err)
		}
		for rows.Next() {
			var op, e, id, stamp string
			var raw []byte
			if err := rows.Scan(&op, &e, &id, &stamp, &raw); err != nil {
				w.fatalf("device %d: op log: %v", d.n, err)
			}
			// A write must be stamped after every value its writer had
			// seen of the row; else the older value wins the merge and
			// the write is acknowledged yet lost.
			known := merge.Row{}
			var err error
			if len(raw) > 0 {
				known, err = db.OpenRowClock(d.Cipher, e, id, raw)
			}
			if err != nil {
				w.fatalf("device %d: op log row: %v", d.n, err)
			}
			for f, v := range known {
				if v.H > stamp {
					p.add("device %d wrote %s %s at %s, before the %s it knew (%s): the write loses to an older one; pushes of the row:%s",
						d.n, e, id, stamp, f, v.H, w.history(id))
					break
				}
			}
			created[op] = d.Store.DeviceID()
			if dev, ok := regOps[op]; lostOps[op] && !ok {
				// Answered by the lost registry: its rows came back by resend.
			} else if !ok {
				p.add("device %d recorded op %s (%s %s); the registry never applied it", d.n, op, e, id)
			} else if dev != d.Store.DeviceID() {
				p.add("op %s of device %d is in the registry's log as device %s's", op, d.n, dev)
			}
		}
		rows.Close()
		// Rows arrive in the order they last changed, not parents first;
		// once everything arrived, every reference must resolve.
		fk, err := d.raw.Query("PRAGMA foreign_key_check")
		if err != nil {
			w.fatalf("device %d: foreign key check: %v", d.n, err)
		}
		for fk.Next() {
			var tbl, parent string
			var rowid, n sql.NullInt64
			if err := fk.Scan(&tbl, &rowid, &parent, &n); err != nil {
				w.fatalf("device %d: foreign key check: %v", d.n, err)
			}
			p.add("device %d: a %s row refers to a missing %s", d.n, tbl, parent)
		}
		fk.Close()
		// The sealed search walks cases to their client by client_rowid
		// (migration 00026): once everything arrived, it names the case's
		// client on this device.
		var stray int
		if err := d.raw.QueryRow(`SELECT count(*) FROM case_file c
			WHERE c.client_rowid IS NOT coalesce((SELECT k.rowid FROM client k WHERE k.id = c.client_id), 0)`).Scan(&stray); err != nil {
			w.fatalf("device %d: client_rowid check: %v", d.n, err)
		}
		if stray > 0 {
			p.add("device %d: %d cases whose client_rowid does not name their client", d.n, stray)
		}
		st := d.Engine.Status(ctx)
		if st.Pending > 0 {
			p.add("device %d: %d ops still pending", d.n, st.Pending)
		}
		q, err := d.Store.Quarantined(ctx)
		if err != nil {
			w.fatalf("device %d: quarantined: %v", d.n, err)
		}
		for _, o := range q {
			p.add("device %d: op %s (%s %s) quarantined: %s", d.n, o.OpID, o.Entity, o.EntityID, o.LastError)
		}
	}

	// (2) Nothing applied twice: an op is applied in one batch only, a
	// replayed batch gets its first answer, no change is set aside twice,
	// the op log holds exactly the devices' ops, and every case's history
	// has exactly the entries written for it.
	appliedIn := map[string]map[string]bool{}
	batchAnswer := map[string]map[string]string{}
	for i, a := range w.answers {
		if w.restore.lost(i) {
			continue // the restored registry answers a replay afresh
		}
		if a.status == protocol.Applied || a.status == protocol.Conflict {
			if appliedIn[a.op.ID] == nil {
				appliedIn[a.op.ID] = map[string]bool{}
			}
			appliedIn[a.op.ID][a.batch] = true
		}
		if batchAnswer[a.batch] == nil {
			batchAnswer[a.batch] = map[string]string{}
		}
		if prev, ok := batchAnswer[a.batch][a.op.ID]; ok && prev != a.status {
			p.add("batch %s answered op %s first %s, then %s", a.batch, a.op.ID, prev, a.status)
		}
		batchAnswer[a.batch][a.op.ID] = a.status
	}
	for op, batches := range appliedIn {
		if len(batches) > 1 {
			p.add("op %s applied in %d batches", op, len(batches))
		}
	}
	for op := range regOps {
		if _, ok := created[op]; !ok {
			p.add("registry op log holds %s, which no device recorded", op)
		}
	}
	setAside := map[string]int{}
	for _, c := range conflicts {
		var parts []string
		for f, v := range c.Rejected {
			parts = append(parts, f+"@"+v.H)
		}
		sort.Strings(parts)
		key := c.Entity + "/" + c.EntityID + " " + strings.Join(parts, ",")
		if setAside[key]++; setAside[key] == 2 {
			p.add("the same change was set aside twice: %s", key)
		}
	}
	regEvents := map[string]int{}
	for _, r := range byEntity["case_event"] {
		regEvents[strField(r.Fields, "caseId")]++
	}
	tables := make([]map[string]table, len(w.devs))
	for i, d := range w.devs {
		tables[i] = map[string]table{}
		for e := range protocol.Entities {
			tb, err := dumpTable(d.raw, e)
			if err != nil {
				w.fatalf("device %d: dump %s: %v", d.n, e, err)
			}
			tables[i][e] = tb
		}
	}
	finalized := 0
	for _, c := range w.cases {
		want := c.events
		if c.provisional {
			want++ // the sign_finalized entry
			finalized++
		}
		if regEvents[c.id] != want {
			p.add("case %s (device %d): registry holds %d history entries, %d were written", c.id, c.dev, regEvents[c.id], want)
		}
		for i, d := range w.devs {
			n := 0
			for _, r := range tables[i]["case_event"] {
				if r["case_id"] == c.id {
					n++
				}
			}
			if n != want {
				p.add("case %s (device %d): device %d holds %d history entries, %d were written", c.id, c.dev, d.n, n, want)
			}
		}
	}
	w.res.Finalized = finalized

	// (3) All replicas equal: every device's view of every row (values
	// and stamps) is the registry's, and every device's tables hold the
	// same rows and values as the observer, which got all of it by pull.
	obs := len(w.devs) - 1
	for i, d := range w.devs {
		cl, err := clocks(d.raw, d.Cipher)
		if err != nil {
			w.fatalf("device %d: row clocks: %v", d.n, err)
		}
		for key, r := range reg {
			e := r.Entity
			local, ok := cl[key]
			if !ok {
				if protocol.Entities[e] == protocol.Append && i != obs {
					continue // its own appends carry no row clock; the table check covers them
				}
				p.add("device %d: no row clock for %s", d.n, key)
				continue
			}
			if diff, same := sameRow(local, r.Fields); !same {
				p.add("device %d: %s differs from the registry: %s", d.n, key, diff)
			}
		}
		for key := range cl {
			if _, ok := reg[key]; !ok {
				p.add("device %d: row %s unknown to the registry", d.n, key)
			}
		}
		for e := range protocol.Entities {
			if got, want := len(tables[i][e]), len(byEntity[e]); got != want {
				p.add("device %d: %d %s rows, registry %d", d.n, got, e, want)
			}
			if i == obs {
				continue
			}
			diffTables(&p, fmt.Sprintf("device %d", d.n), fmt.Sprintf("observer %d", w.devs[obs].n), e, tables[i][e], tables[obs][e])
		}
	}

	// (4) Every case sign unique across the office, and final.
	signs := map[string]string{}
	caseRows := map[string]merge.Row{}
	for _, r := range byEntity["case_file"] {
		f := r.Fields
		caseRows[r.EntityID] = f
		sign := strField(f, "sign")
		if boolField(f, "provisional") || strings.Contains(sign, ".T-") || intField(f, "no") <= 0 {
			p.add("case %s still has a provisional sign %s", r.EntityID, sign)
		}
		want := fmt.Sprintf("%s.%s.%d.%d", strField(f, "unit"), strField(f, "jrwa"), intField(f, "no"), intField(f, "year"))
		if sign != want {
			p.add("case %s: sign %s, its parts say %s", r.EntityID, sign, want)
		}
		if other, dup := signs[sign]; dup {
			p.add("sign %s given to two cases: %s and %s", sign, other, r.EntityID)
		}
		signs[sign] = r.EntityID
	}
	if len(caseRows) != len(w.cases) {
		p.add("registry holds %d cases, %d were registered", len(caseRows), len(w.cases))
	}

	w.report(&p)
}

// diffTables reports rows and columns that differ between two replicas.
func diffTables(p *problems, a, b, name string, ta, tb table) {
	ids := map[string]bool{}
	for id := range ta {
		ids[id] = true
	}
	for id := range tb {
		ids[id] = true
	}
	keys := make([]string, 0, len(ids))
	for id := range ids {
		keys = append(keys, id)
	}
	sort.Strings(keys)
	for _, id := range keys {
		ra, oka := ta[id]
		rb, okb := tb[id]
		switch {
		case !oka:
			p.add("%s lacks %s %s that %s has", a, name, id, b)
		case !okb:
			p.add("%s has %s %s that %s lacks", a, name, id, b)
		default:
			cols := make([]string, 0, len(ra))
			for c := range ra {
				cols = append(cols, c)
			}
			sort.Strings(cols)
			for _, c := range cols {
				if ra[c] != rb[c] {
					p.add("%s %s %s: %s = %q, %s has %q", name, id, a, c, ra[c], b, rb[c])
				}
			}
		}
	}
}

// checkRegisters checks (5): after the year closed, every register of the
// years used runs 1..max without a gap or a double, each number used by the
// case bearing it or cancelled, and each case holding exactly one number.
func (w *world) checkRegisters() {
	var p problems
	office := w.reg.OfficeID
	lastYear := w.res.Years[len(w.res.Years)-1]
	byEntity := map[string][]store.Row{}
	caseRows := map[string]merge.Row{}
	for _, e := range []string{"case_file", "case_number"} {
		rows, err := w.reg.Store().RowsOf(w.ctx, office, e)
		if err != nil {
			w.fatalf("registry rows %s: %v", e, err)
		}
		byEntity[e] = rows
	}
	for _, r := range byEntity["case_file"] {
		caseRows[r.EntityID] = r.Fields
	}
	type regKey struct {
		unit, jrwa string
		year       int
	}
	numbers := map[regKey]map[int][]merge.Row{}
	usedBy := map[string]int{}
	for _, r := range byEntity["case_number"] {
		f := r.Fields
		k := regKey{strField(f, "unit"), strField(f, "jrwa"), intField(f, "year")}
		if k.year > lastYear {
			continue // the new year's register is open
		}
		if numbers[k] == nil {
			numbers[k] = map[int][]merge.Row{}
		}
		no := intField(f, "no")
		numbers[k][no] = append(numbers[k][no], f)
		w.res.NumbersChecked++
		switch state := strField(f, "state"); state {
		case "used":
			id := strField(f, "caseId")
			usedBy[id]++
			cs, ok := caseRows[id]
			if !ok {
				p.add("number %s.%s.%d.%d used by case %q, which does not exist", k.unit, k.jrwa, no, k.year, id)
				continue
			}
			if strField(cs, "unit") != k.unit || strField(cs, "jrwa") != k.jrwa || intField(cs, "year") != k.year || intField(cs, "no") != no {
				p.add("number %s.%s.%d.%d used by case %s, whose sign is %s", k.unit, k.jrwa, no, k.year, id, strField(cs, "sign"))
			}
		case "cancelled":
		default:
			p.add("number %s.%s.%d.%d is %q after the year closed", k.unit, k.jrwa, no, k.year, state)
		}
	}
	for k, nos := range numbers {
		top := 0
		for no, rs := range nos {
			top = max(top, no)
			if len(rs) > 1 {
				p.add("number %s.%s.%d.%d exists %d times", k.unit, k.jrwa, no, k.year, len(rs))
			}
		}
		for no := 1; no <= top; no++ {
			if _, ok := nos[no]; !ok {
				p.add("register %s.%s.%d has no number %d (max %d)", k.unit, k.jrwa, k.year, no, top)
			}
		}
	}
	for id, cs := range caseRows {
		if intField(cs, "year") <= lastYear && usedBy[id] != 1 {
			p.add("case %s (%s) holds %d used numbers", id, strField(cs, "sign"), usedBy[id])
		}
	}
	// The registry's own spis spraw agrees: every line explained.
	for k := range numbers {
		lines, err := w.reg.Register(w.ctx, office, k.unit, k.jrwa, k.year)
		if err != nil {
			w.fatalf("spis spraw %s.%s.%d: %v", k.unit, k.jrwa, k.year, err)
		}
		for _, l := range lines {
			if !l.Explained || l.State != "used" && l.State != "cancelled" {
				p.add("spis spraw %s.%s.%d line %d: %s, explained %v", k.unit, k.jrwa, k.year, l.No, l.State, l.Explained)
			}
		}
	}
	leases, err := w.reg.Store().Leases(w.ctx, office)
	if err != nil {
		w.fatalf("leases: %v", err)
	}
	for _, l := range leases {
		k := regKey{l.Unit, l.JRWA, l.Year}
		if l.Year > lastYear {
			continue
		}
		for no := l.First; no <= l.Last; no++ {
			if _, ok := numbers[k][no]; !ok {
				p.add("number %d of register %s.%s.%d was leased and is not in the register", no, l.Unit, l.JRWA, l.Year)
			}
		}
	}
	w.checkLeases(&p, byEntity["case_number"], leases)
	w.report(&p)
}

// checkLeases checks, in every register (the new year's open one too),
// that no number was leased twice: the leases do not overlap, the
// register's next number follows the last one leased, and every number row
// is one of its device's leased numbers, once. Two registries on one
// database would break this first if the office's lock failed them.
func (w *world) checkLeases(p *problems, numbers []store.Row, leases []store.Lease) {
	type regKey struct {
		unit, jrwa string
		year       int
	}
	byReg := map[regKey][]store.Lease{}
	for _, l := range leases {
		k := regKey{l.Unit, l.JRWA, l.Year}
		byReg[k] = append(byReg[k], l)
	}
	owner := map[regKey]map[int]string{} // number -> the device it was leased to
	for k, ls := range byReg {
		sort.Slice(ls, func(i, j int) bool { return ls[i].First < ls[j].First })
		owner[k] = map[int]string{}
		for i, l := range ls {
			if i > 0 && l.First <= ls[i-1].Last {
				p.add("register %s.%s.%d: numbers %d-%d leased to device %s and %d-%d to device %s", k.unit, k.jrwa, k.year,
					ls[i-1].First, ls[i-1].Last, ls[i-1].DeviceID, l.First, l.Last, l.DeviceID)
			}
			for no := l.First; no <= l.Last; no++ {
				owner[k][no] = l.DeviceID
			}
		}
	}
	rows, err := w.regDB.Query(w.q("SELECT unit, jrwa, year, next_no FROM registers WHERE office_id = ?"), w.reg.OfficeID)
	if err != nil {
		w.fatalf("registers: %v", err)
	}
	for rows.Next() {
		var k regKey
		var next int
		if err := rows.Scan(&k.unit, &k.jrwa, &k.year, &next); err != nil {
			w.fatalf("registers: %v", err)
		}
		top := 0
		for _, l := range byReg[k] {
			top = max(top, l.Last)
		}
		if next != top+1 {
			p.add("register %s.%s.%d: next number %d, the last leased %d", k.unit, k.jrwa, k.year, next, top)
		}
	}
	if err := rows.Close(); err != nil {
		w.fatalf("registers: %v", err)
	}
	seen := map[regKey]map[int]bool{}
	for _, r := range numbers {
		f := r.Fields
		k := regKey{strField(f, "unit"), strField(f, "jrwa"), intField(f, "year")}
		no := intField(f, "no")
		if seen[k] == nil {
			seen[k] = map[int]bool{}
		}
		if seen[k][no] {
			p.add("number %s.%s.%d.%d exists twice", k.unit, k.jrwa, no, k.year)
		}
		seen[k][no] = true
		if dev, ok := owner[k][no]; !ok || dev != strField(f, "deviceId") {
			p.add("number %s.%s.%d.%d belongs to device %s, leased to %q", k.unit, k.jrwa, no, k.year, strField(f, "deviceId"), dev)
		}
	}
}

// history lists the registry's answers to pushes of one row, for a
// failure message.
func (w *world) history(entityID string) string {
	var b strings.Builder
	for _, a := range w.answers {
		if a.op.EntityID != entityID {
			continue
		}
		names := make([]string, 0, len(a.op.Fields))
		for k := range a.op.Fields {
			names = append(names, k)
		}
		sort.Strings(names)
		fmt.Fprintf(&b, "\n    device %d batch …%s op …%s at %s %s: %s", a.dev, tail(a.batch), tail(a.op.ID), a.op.HLC, a.status, strings.Join(names, ","))
	}
	return b.String()
}

func tail(id string) string { return id[max(0, len(id)-6):] }
