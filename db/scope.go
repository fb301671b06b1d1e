package db

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"okienko/db/internal/dbq"
)

// A device's scope (issue 13). A device limited to some units by the
// registry's admin holds only the cases of its scope: the registry names
// the cases that left it in its pull pages (ForgetCases), and the device
// drops closed cases past the office's period by itself at every round,
// even offline (DropClosed). A case is removed with its events, its
// callbacks, their row clocks, and its client (with the client's row
// clock and search entry) when no case or callback it keeps needs the
// client, all in the caller's transaction, so a kill leaves the case whole
// or gone. A case with anything of its own still in the outbox stays,
// noted in scope_forget, until the push has taken it. A letter, survey
// answer, home visit, authorization or complaint the registry names goes
// the same way with its row clock (forgetRow): ids are unique across
// entities, so one list serves all.

// metaScope is the scope the registry last cut this device's pages for
// ("" for the whole office: nothing is ever dropped).
const metaScope = "sync_scope"

// SettingClosedDays is the office setting of how many days a closed case
// stays on a device limited to some units; DefaultClosedDays when unset.
const SettingClosedDays = "scope.closedDays"

// DefaultClosedDays is the period when the office set none.
const DefaultClosedDays = 90

// SyncScope is the scope this device's pages were last cut for; "" for
// the whole office.
func (r reader) SyncScope(ctx context.Context) (string, error) { return r.meta(ctx, metaScope) }

// SetSyncScope records the scope the registry now cuts this device's pages
// for.
func (t *Tx) SetSyncScope(ctx context.Context, scope string) error {
	return t.setMeta(ctx, metaScope, scope)
}

// ClosedDays is the office's period for closed cases on limited devices.
func (r reader) ClosedDays(ctx context.Context, officeID string) int {
	v, err := r.Setting(ctx, officeID, SettingClosedDays)
	if err != nil {
		return DefaultClosedDays
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 3650 {
		return DefaultClosedDays
	}
	return n
}

// PendingForgets is how many cases wait to be removed until their
// changes are pushed.
func (r reader) PendingForgets(ctx context.Context) (int, error) {
	n, err := r.q.ScopeForgetCount(ctx)
	return int(n), wrap("pending forgets", err)
}

// ForgetCases notes cases outside this device's scope and removes those
// with nothing in the outbox; it returns how many it removed. Ids of
// cases the device never held cost a lookup each.
func (t *Tx) ForgetCases(ctx context.Context, ids []string) (int, error) {
	for _, id := range ids {
		if err := t.q.ScopeForgetQueue(ctx, dbq.ScopeForgetQueueParams{CaseID: id, QueuedAt: ms(t.now)}); err != nil {
			return 0, wrap("queue forget", err)
		}
	}
	return t.ForgetPending(ctx)
}

// DropClosed notes the cases closed before cutoff (ms: the office's day
// the period ago) for removal, and removes what it may.
func (t *Tx) DropClosed(ctx context.Context, cutoff int64) (int, error) {
	ids, err := t.q.ScopeClosedBefore(ctx, cutoff)
	if err != nil {
		return 0, wrap("closed cases", err)
	}
	return t.ForgetCases(ctx, ids)
}

// ForgetPending removes every noted case that has nothing in the outbox.
func (t *Tx) ForgetPending(ctx context.Context) (int, error) {
	ids, err := t.q.ScopeForgetList(ctx)
	if err != nil {
		return 0, wrap("pending forgets", err)
	}
	removed := 0
	for _, id := range ids {
		gone, err := t.forgetCase(ctx, id)
		if err != nil {
			return removed, err
		}
		if gone {
			removed++
		}
	}
	return removed, nil
}

// forgetCase removes one case and what only it needs, unless something of
// it waits in the outbox; gone is false then, and while the device never
// held the case (the note is dropped: nothing to remove).
func (t *Tx) forgetCase(ctx context.Context, id string) (gone bool, err error) {
	client, err := t.q.ScopeCaseClient(ctx, id)
	if errors.Is(err, sql.ErrNoRows) {
		return t.forgetRow(ctx, id)
	}
	if err != nil {
		return false, wrap("forget case", err)
	}
	waiting, err := t.q.ScopeCaseUnpushed(ctx, dbq.ScopeCaseUnpushedParams{CaseID: id, ClientID: client})
	if err != nil {
		return false, wrap("forget case", err)
	}
	if waiting > 0 {
		return false, nil // pushed first, removed at a later round
	}
	callbacks, err := t.q.ScopeCaseCallbackIDs(ctx, id)
	if err != nil {
		return false, wrap("forget case", err)
	}
	t.ahead = nil // row clocks go: none prefetched may be read after
	steps := []func(context.Context, string) error{t.q.ScopeCaseClocksDelete, t.q.ScopeCaseEventsDelete, t.q.ScopeCaseCallbacksDelete,
		t.q.ScopeCaseDelete, t.q.ScopeForgetDone}
	for _, step := range steps {
		if err := step(ctx, id); err != nil {
			return false, wrap("forget case", err)
		}
	}
	// The client's blind index tokens are found by opening the row before
	// it goes: the index is keyed by token, not by client.
	prev, err := t.q.ClientGet(ctx, client)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, wrap("forget client", err)
	}
	n, err := t.q.ScopeClientDeleteUnused(ctx, client)
	if err != nil {
		return false, wrap("forget client", err)
	}
	about := append([]string{id}, callbacks...)
	if n > 0 {
		t.ahead = nil
		if err := t.q.ScopeClientClockDelete(ctx, client); err != nil {
			return false, wrap("forget client", err)
		}
		if err := t.dropClientTokens(ctx, prev); err != nil {
			return false, err
		}
		about = append(about, client)
	}
	return true, t.forgetAudit(ctx, about)
}

// forgetAudit removes, with their row clocks, the audit entries about rows
// this device no longer holds (ids) that none of its people made: the
// registry sent them because the device held those rows (its holdsAudit),
// and who else looked at a case that left the device is not the device's
// to keep. Its own people's entries stay, and any entry still in the
// outbox stays until it is pushed.
func (t *Tx) forgetAudit(ctx context.Context, ids []string) error {
	list := jsonList(ids)
	if err := t.q.ScopeAuditClocksDelete(ctx, list); err != nil {
		return wrap("forget audit entries", err)
	}
	_, err := t.q.ScopeAuditDelete(ctx, list)
	return wrap("forget audit entries", err)
}

// forgetRow removes a letter, survey answer, home visit, authorization or
// complaint the registry named (ids are unique across entities), with
// its row clock, unless a change of it waits in the outbox; an id the
// device does not hold drops the note.
func (t *Tx) forgetRow(ctx context.Context, id string) (gone bool, err error) {
	waiting, err := t.q.ScopeRowUnpushed(ctx, id)
	if err != nil {
		return false, wrap("forget row", err)
	}
	if waiting > 0 {
		return false, nil // pushed first, removed at a later round
	}
	var removed int64
	for _, del := range []struct {
		what string
		fn   func(context.Context, string) (int64, error)
	}{{"letter", t.q.ScopeLetterDelete}, {"survey answer", t.q.ScopeSurveyAnswerDelete}, {"visit", t.q.ScopeVisitDelete},
		{"authorization", t.q.ScopeVisitAuthDelete}, {"complaint", t.q.ScopeComplaintDelete}} {
		n, err := del.fn(ctx, id)
		if err != nil {
			return false, wrap("forget "+del.what, err)
		}
		removed += n
	}
	t.ahead = nil // a row clock goes: none prefetched may be read after
	if err := t.q.ScopeRowClockDelete(ctx, id); err != nil {
		return false, wrap("forget row clock", err)
	}
	if removed > 0 {
		if err := t.forgetAudit(ctx, []string{id}); err != nil {
			return false, err
		}
	}
	return removed > 0, wrap("forget row", t.q.ScopeForgetDone(ctx, id))
}

// dropClientTokens removes a deleted client's blind index entries.
func (t *Tx) dropClientTokens(ctx context.Context, prev dbq.ClientGetRow) error {
	k, err := t.lk.cipher()
	if err != nil || k == nil || len(prev.Person) == 0 {
		return err
	}
	c, err := t.clientOf(prev.ID, prev.Kind, prev.Lang, prev.Person)
	if err != nil {
		return err
	}
	return wrap("forget client search index", t.q.SearchTokenDrop(ctx, dbq.SearchTokenDropParams{ClientRowid: prev.Rid, Tokens: jsonList(clientTokens(k, c))}))
}
