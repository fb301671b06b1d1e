package today

import "testing"

func TestFold(t *testing.T) {
	items := []Item{
		{Kind: KindDeadline, CaseID: "a", Key: "today.deadline.due"},
		{Kind: KindNotice, CaseID: "a", Key: "duty.today.notice"},
		{Kind: KindDeadline, CaseID: "b", Key: "today.deadline.due"},
		{Kind: KindNotice, CaseID: "c", Key: "duty.today.notice"},
		{Kind: KindCallback, ID: "x", Key: "today.callback"},
	}
	got := fold(items)
	want := []Item{
		{Kind: KindDeadline, CaseID: "a", Key: "today.deadline.dueNoNotice"},
		{Kind: KindDeadline, CaseID: "b", Key: "today.deadline.due"},
		{Kind: KindNotice, CaseID: "c", Key: "duty.today.notice"},
		{Kind: KindCallback, ID: "x", Key: "today.callback"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i].Kind != want[i].Kind || got[i].CaseID != want[i].CaseID || got[i].Key != want[i].Key {
			t.Errorf("line %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if items[0].Key != "today.deadline.due" {
		t.Error("fold changed the caller's items")
	}
}
