package merge

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
)

func raw(s string) json.RawMessage { return json.RawMessage(s) }

// Stamps compare as strings; these are ordered t1 < t2 < t3 < t4.
const (
	t1 = "000000000001" + "0000-a"
	t2 = "000000000002" + "0000-b"
	t3 = "000000000003" + "0000-a"
	t4 = "000000000004" + "0000-c"
)

func TestApply(t *testing.T) {
	base := Row{"phone": {raw(`"600"`), t1}, "status": {raw(`"registered"`), t1}, "dueOn": {raw(`"2026-11-30"`), t1}}
	cases := []struct {
		name     string
		cur      Row
		ch       Change
		want     Row
		rejected []string
	}{
		{"newer plain write wins", base,
			Change{Entity: "client", Fields: map[string]json.RawMessage{"phone": raw(`"700"`)}, HLC: t2},
			Row{"phone": {raw(`"700"`), t2}}, nil},
		{"older plain write loses (a laptop syncing hours late)", Row{"phone": {raw(`"700"`), t3}},
			Change{Entity: "client", Fields: map[string]json.RawMessage{"phone": raw(`"600"`)}, HLC: t2},
			Row{"phone": {raw(`"700"`), t3}}, nil},
		{"new row takes every field", Row{},
			Change{Entity: "case_file", Fields: map[string]json.RawMessage{"status": raw(`"registered"`), "sign": raw(`"X"`)}, HLC: t1},
			Row{"status": {raw(`"registered"`), t1}, "sign": {raw(`"X"`), t1}}, nil},
		{"guarded write that saw the value in force applies", base,
			Change{Entity: "case_file", Fields: map[string]json.RawMessage{"status": raw(`"in_progress"`)}, HLC: t2, Base: map[string]string{"status": t1}},
			Row{"status": {raw(`"in_progress"`), t2}}, nil},
		{"concurrent guarded write is set aside with its group", Row{"status": {raw(`"settled"`), t3}, "dueOn": {raw(`"2026-11-30"`), t3}},
			Change{Entity: "case_file", Fields: map[string]json.RawMessage{"status": raw(`"awaiting_supplement"`), "dueOn": raw(`""`), "phone": raw(`"1"`)},
				HLC: t4, Base: map[string]string{"status": t1, "dueOn": t1}},
			Row{"status": {raw(`"settled"`), t3}, "dueOn": {raw(`"2026-11-30"`), t3}, "phone": {raw(`"1"`), t4}}, []string{"dueOn", "status"}},
		{"both sides chose the same value: no conflict", Row{"status": {raw(`"settled"`), t3}},
			Change{Entity: "case_file", Fields: map[string]json.RawMessage{"status": raw(`"settled"`)}, HLC: t4, Base: map[string]string{"status": t1}},
			Row{"status": {raw(`"settled"`), t4}}, nil},
		{"guarded field of another entity is plain", Row{"status": {raw(`"a"`), t3}},
			Change{Entity: "setting", Fields: map[string]json.RawMessage{"status": raw(`"b"`)}, HLC: t4, Base: map[string]string{"status": t1}},
			Row{"status": {raw(`"b"`), t4}}, nil},
		{"append never changes", Row{"kind": {raw(`"registered"`), t1}},
			Change{Entity: "case_event", Fields: map[string]json.RawMessage{"kind": raw(`"other"`)}, HLC: t4, Append: true},
			Row{"kind": {raw(`"registered"`), t1}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := Apply(c.cur, c.ch)
			for k, w := range c.want {
				g := res.Row[k]
				if string(g.V) != string(w.V) || g.H != w.H {
					t.Errorf("field %s = %s@%s, want %s@%s", k, g.V, g.H, w.V, w.H)
				}
			}
			var rej []string
			for k := range res.Rejected {
				rej = append(rej, k)
			}
			if fmt.Sprint(sorted(rej)) != fmt.Sprint(c.rejected) && !(len(rej) == 0 && c.rejected == nil) {
				t.Errorf("rejected %v, want %v", rej, c.rejected)
			}
		})
	}
}

func sorted(s []string) []string {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s
}

// TestConvergence: replicas applying the same set of plain writes in any
// order end equal.
func TestConvergence(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 200; trial++ {
		var changes []Change
		for i := 0; i < 20; i++ {
			f := fmt.Sprintf("f%d", r.IntN(4))
			changes = append(changes, Change{Entity: "client", HLC: fmt.Sprintf("%012x0000-d%d", r.IntN(50), r.IntN(3)),
				Fields: map[string]json.RawMessage{f: raw(fmt.Sprintf("%d", r.IntN(100)))}})
		}
		var first Row
		for k := 0; k < 5; k++ {
			r.Shuffle(len(changes), func(i, j int) { changes[i], changes[j] = changes[j], changes[i] })
			row := Row{}
			for _, ch := range changes {
				row = Apply(row, ch).Row
			}
			if first == nil {
				first = row
				continue
			}
			for name, f := range first {
				if row[name].H != f.H {
					// Equal stamps with different values can only come from one writer.
					t.Fatalf("trial %d: order changed field %s: %v vs %v", trial, name, row[name], f)
				}
			}
		}
	}
}

func TestConverge(t *testing.T) {
	local := Row{"phone": {raw(`"local"`), t3}, "email": {raw(`"a"`), t1}}
	remote := Row{"phone": {raw(`"remote"`), t2}, "email": {raw(`"b"`), t2}, "city": {raw(`"Łódź"`), t1}}
	got, changed := Converge(local, remote)
	if !changed || string(got["phone"].V) != `"local"` || string(got["email"].V) != `"b"` || string(got["city"].V) != `"Łódź"` {
		t.Fatalf("converge: %v", got)
	}
	if _, changed := Converge(got, remote); changed {
		t.Fatal("converging twice changed something")
	}
}

// TestCallbackGuarded: two people handing one callback to different
// colleagues at once meet as a conflict; a topic edited meanwhile merges.
func TestCallbackGuarded(t *testing.T) {
	cur := Row{"assigneeId": {V: []byte(`"b"`), H: "2"}, "topic": {V: []byte(`"x"`), H: "1"}}
	res := Apply(cur, Change{Entity: "callback", HLC: "3", Fields: map[string]json.RawMessage{"assigneeId": []byte(`"c"`), "topic": []byte(`"y"`)},
		Base: map[string]string{"assigneeId": "1"}})
	if !res.Conflict() || string(res.Row["assigneeId"].V) != `"b"` || string(res.Rejected["assigneeId"].V) != `"c"` {
		t.Fatalf("concurrent reassignments: %+v", res)
	}
	if string(res.Row["topic"].V) != `"y"` {
		t.Fatalf("a plain field merges: %+v", res.Row)
	}
	if !IsGuarded("callback", "status") || IsGuarded("callback", "topic") || IsGuarded("presence", "away") {
		t.Fatal("callback guards status and assignee only; presence is last-writer-wins")
	}
}
