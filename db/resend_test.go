package db

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"okienko/sync/hlc"
	"okienko/sync/merge"
)

// TestResendRows: a restored registry is sent every row of a table
// devices write that holds a field stamped after its writer's mark (all
// of a writer without one), whole; rows it holds, and registry-only
// tables, are not sent.
func TestResendRows(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	x, y := "01a20102-0714-7339-af88-000000000001", "01a20102-0714-7339-af88-000000000002"
	st := func(node string, wall int64) string { return hlc.Timestamp{Wall: wall, Node: node}.String() }
	put := map[string]merge.Row{
		"case_file/a":  {"status": {V: json.RawMessage(`"registered"`), H: st(x, 10)}, "assigneeId": {V: json.RawMessage(`""`), H: st(y, 30)}},
		"client/b":     {"phone": {V: json.RawMessage(`"600"`), H: st(y, 5)}},
		"unit/c":       {"name": {V: json.RawMessage(`"SO"`), H: st(x, 20)}},
		"case_event/d": {"kind": {V: json.RawMessage(`"registered"`), H: st(x, 12)}},
	}
	if err := s.InTx(ctx, func(tx *Tx) error {
		for k, row := range put {
			e, id, _ := cut(k)
			if err := tx.putRowClock(ctx, e, id, row); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	sent := func(marks map[string]string) []string {
		var out []string
		if err := s.ResendRows(ctx, marks, func(r ResendRow) error {
			if len(r.Fields) != len(put[r.Entity+"/"+r.ID]) {
				t.Errorf("%s/%s sent with %d fields, not whole", r.Entity, r.ID, len(r.Fields))
			}
			out = append(out, r.Entity+"/"+r.ID)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		slices.Sort(out)
		return out
	}
	for _, c := range []struct {
		marks map[string]string
		want  []string
	}{
		{map[string]string{}, []string{"case_event/d", "case_file/a", "client/b"}},
		{map[string]string{x: st(x, 15), y: st(y, 30)}, nil},
		{map[string]string{x: st(x, 11), y: st(y, 30)}, []string{"case_event/d"}},
		{map[string]string{x: st(x, 15), y: st(y, 5)}, []string{"case_file/a"}},
		{map[string]string{x: st(x, 20)}, []string{"case_file/a", "client/b"}},
	} {
		if got := sent(c.marks); !slices.Equal(got, c.want) {
			t.Errorf("marks %v: sent %v, want %v", c.marks, got, c.want)
		}
	}
}

func cut(k string) (string, string, bool) {
	for i := range k {
		if k[i] == '/' {
			return k[:i], k[i+1:], true
		}
	}
	return k, "", false
}
