package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"okienko/app/audit"
	"okienko/app/callbacks"
	"okienko/app/i18n"
	"okienko/app/office"
	"okienko/db"
)

// CallbackService is Oddzwonienia: callbacks agreed with clients, made
// from anywhere (the directory when a colleague is away, a case, the
// queue), listed with their phones masked, marked done with an outcome or
// agreed again.
type CallbackService struct {
	c *Core
}

// NewCallbackService binds the service to the core.
func NewCallbackService(c *Core) *CallbackService { return &CallbackService{c: c} }

// listLimit bounds a list: a desk has tens of callbacks, not thousands.
const listLimit = 500

// CallbackInput is a new callback as the form gives it. The time is the
// office's: a day (YYYY-MM-DD, "" for today) and HH:MM, with an optional
// window end.
type CallbackInput struct {
	Name       string `json:"name"`
	Phone      string `json:"phone"`
	Topic      string `json:"topic"`
	Day        string `json:"day"`
	From       string `json:"from"`
	Until      string `json:"until"`
	AssigneeID string `json:"assigneeId"`
	CaseID     string `json:"caseId"`
	ClientID   string `json:"clientId"`
}

// CallbackTime is a re-agreed time.
type CallbackTime struct {
	Day   string `json:"day"`
	From  string `json:"from"`
	Until string `json:"until"`
}

// CallbackFilter narrows the list: whose ("mine" or "all") and which
// ("open": not done, "due": due today or overdue, "overdue", "done":
// done in the last 7 days).
type CallbackFilter struct {
	Scope string `json:"scope"`
	Show  string `json:"show"`
}

// CallbackRow is one callback of a list; its phone is masked.
type CallbackRow struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Phone      string `json:"phone"` // masked
	Topic      string `json:"topic"`
	Day        string `json:"day"`   // YYYY-MM-DD, the office's
	From       string `json:"from"`  // HH:MM
	Until      string `json:"until"` // HH:MM or ""
	When       string `json:"when"`  // the time as a sentence in the interface's language
	AssigneeID string `json:"assigneeId"`
	Assignee   string `json:"assignee"`
	CreatedBy  string `json:"createdBy"`
	CaseID     string `json:"caseId"`
	ClientID   string `json:"clientId"`
	State      string `json:"state"` // later, today, overdue, done
	Outcome    string `json:"outcome"`
	DoneBy     string `json:"doneBy"`
	Reagreed   int    `json:"reagreed"`
	Mine       bool   `json:"mine"`
}

// CallbackDetail is one callback with its full phone number, to call.
type CallbackDetail struct {
	CallbackRow
	FullPhone string `json:"fullPhone"`
}

// Create records a new callback. Who calls must be an active member of
// the staff; the time must lie ahead, within office hours. Nothing is
// saved when anything is wrong.
func (s *CallbackService) Create(in CallbackInput) (CallbackRow, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return CallbackRow{}, err
	}
	now := s.c.Now()
	from, until, err := s.times(in.Day, in.From, in.Until, now)
	if err != nil {
		return CallbackRow{}, err
	}
	cb := callbacks.Callback{ID: db.NewID(), Name: in.Name, Phone: in.Phone, Topic: in.Topic, From: from, Until: until,
		AssigneeID: in.AssigneeID, CaseID: in.CaseID, ClientID: in.ClientID, CreatedBy: st.ID, Status: callbacks.Open}
	cb.Normalize()
	if probs := callbacks.Validate(cb, now); len(probs) > 0 {
		return CallbackRow{}, problemError(probs[0], "create")
	}
	if err := s.activeAssignee(ctx, cb.AssigneeID); err != nil {
		return CallbackRow{}, err
	}
	if err := s.links(ctx, cb.CaseID, cb.ClientID); err != nil {
		return CallbackRow{}, err
	}
	if err := s.save(ctx, cb); err != nil {
		return CallbackRow{}, err
	}
	s.c.audit(ctx, st.ID, audit.CallbackCreate, "callback", cb.ID)
	return s.row(ctx, st, cb, now)
}

// List lists callbacks, the earliest first (done ones: the latest first).
func (s *CallbackService) List(f CallbackFilter) ([]CallbackRow, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return nil, err
	}
	now := s.c.Now()
	var list []callbacks.Callback
	switch {
	case f.Show == "done":
		list, err = s.c.Store.CallbacksDoneSince(ctx, now.AddDate(0, 0, -7), listLimit)
	case f.Scope == "all":
		list, err = s.c.Store.OpenCallbacks(ctx, listLimit)
	default:
		list, err = s.c.Store.OpenCallbacksOf(ctx, st.ID, listLimit)
	}
	if err != nil {
		return nil, s.c.internal("list callbacks", err)
	}
	names, err := s.names(ctx)
	if err != nil {
		return nil, err
	}
	out := []CallbackRow{}
	for _, cb := range list {
		if f.Show == "done" && f.Scope != "all" && cb.AssigneeID != st.ID {
			continue
		}
		state := callbacks.StateAt(cb, now)
		switch f.Show {
		case "due":
			if state != callbacks.StateToday && state != callbacks.StateOverdue {
				continue
			}
		case "overdue":
			if state != callbacks.StateOverdue {
				continue
			}
		}
		out = append(out, s.rowOf(st, cb, state, names, now))
	}
	return out, nil
}

// Get returns one callback with its full phone number, recorded in the
// audit log as a phone shown.
func (s *CallbackService) Get(id string) (CallbackDetail, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return CallbackDetail{}, err
	}
	cb, err := s.load(ctx, id)
	if err != nil {
		return CallbackDetail{}, err
	}
	row, err := s.row(ctx, st, cb, s.c.Now())
	if err != nil {
		return CallbackDetail{}, err
	}
	s.c.audit(ctx, st.ID, audit.CallbackView, "callback", cb.ID)
	return CallbackDetail{CallbackRow: row, FullPhone: cb.Phone}, nil
}

// Done marks a callback made, with its outcome.
func (s *CallbackService) Done(id, outcome string) (CallbackRow, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return CallbackRow{}, err
	}
	cb, err := s.load(ctx, id)
	if err != nil {
		return CallbackRow{}, err
	}
	if cb.Status == callbacks.Done {
		return CallbackRow{}, i18n.E("callback.alreadyDone", fmt.Errorf("app: callback %s already done", id))
	}
	cb.Outcome = outcome
	cb.Normalize()
	if probs := callbacks.ValidateOutcome(cb.Outcome); len(probs) > 0 {
		return CallbackRow{}, problemError(probs[0], "done")
	}
	now := s.c.Now()
	cb.Status, cb.DoneAt, cb.DoneBy = callbacks.Done, now, st.ID
	if err := s.save(ctx, cb); err != nil {
		return CallbackRow{}, err
	}
	s.c.audit(ctx, st.ID, audit.CallbackDone, "callback", cb.ID)
	return s.row(ctx, st, cb, now)
}

// Reagree sets a new agreed time or window for an open callback.
func (s *CallbackService) Reagree(id string, t CallbackTime) (CallbackRow, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return CallbackRow{}, err
	}
	cb, err := s.load(ctx, id)
	if err != nil {
		return CallbackRow{}, err
	}
	if cb.Status == callbacks.Done {
		return CallbackRow{}, i18n.E("callback.alreadyDone", fmt.Errorf("app: callback %s already done", id))
	}
	now := s.c.Now()
	from, until, err := s.times(t.Day, t.From, t.Until, now)
	if err != nil {
		return CallbackRow{}, err
	}
	if probs := callbacks.ValidateTime(from, until, now); len(probs) > 0 {
		return CallbackRow{}, problemError(probs[0], "reagree")
	}
	cb.From, cb.Until = from, until
	cb.Reagreed++
	if err := s.save(ctx, cb); err != nil {
		return CallbackRow{}, err
	}
	s.c.audit(ctx, st.ID, audit.CallbackReagree, "callback", cb.ID)
	return s.row(ctx, st, cb, now)
}

// Reassign hands an open callback to another active colleague (the one
// who was to call is away). Two people handing it on at once meet as a
// conflict at the registry, for a head to decide.
func (s *CallbackService) Reassign(id, staffID string) (CallbackRow, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return CallbackRow{}, err
	}
	cb, err := s.load(ctx, id)
	if err != nil {
		return CallbackRow{}, err
	}
	if cb.Status == callbacks.Done {
		return CallbackRow{}, i18n.E("callback.alreadyDone", fmt.Errorf("app: callback %s already done", id))
	}
	if err := s.activeAssignee(ctx, staffID); err != nil {
		return CallbackRow{}, err
	}
	cb.AssigneeID = staffID
	if err := s.save(ctx, cb); err != nil {
		return CallbackRow{}, err
	}
	s.c.audit(ctx, st.ID, audit.CallbackReassign, "callback", cb.ID)
	return s.row(ctx, st, cb, s.c.Now())
}

// ForCase lists a case's callbacks (the case view's short list).
func (s *CallbackService) ForCase(caseID string) ([]CallbackRow, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return nil, err
	}
	list, err := s.c.Store.CallbacksOfCase(ctx, caseID)
	if err != nil {
		return nil, s.c.internal("callbacks of case", err)
	}
	names, err := s.names(ctx)
	if err != nil {
		return nil, err
	}
	now := s.c.Now()
	out := make([]CallbackRow, len(list))
	for i, cb := range list {
		out[i] = s.rowOf(st, cb, callbacks.StateAt(cb, now), names, now)
	}
	return out, nil
}

func (s *CallbackService) save(ctx context.Context, cb callbacks.Callback) error {
	err := s.c.Store.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.SaveCallback(ctx, s.c.officeID, cb); err != nil {
			return err
		}
		tx.Emit(EventCallbacks, cb.ID)
		return nil
	})
	if err != nil {
		return s.c.internal("save callback", err)
	}
	return nil
}

func (s *CallbackService) load(ctx context.Context, id string) (callbacks.Callback, error) {
	cb, err := s.c.Store.Callback(ctx, id)
	if errors.Is(err, db.ErrNotFound) {
		return cb, i18n.E("callback.notFound", err)
	}
	if err != nil {
		return cb, s.c.internal("load callback", err)
	}
	return cb, nil
}

// times reads the form's day and HH:MM fields as instants of the
// office's zone.
func (s *CallbackService) times(day, from, until string, now time.Time) (time.Time, time.Time, error) {
	loc := now.Location()
	if day == "" {
		day = now.Format(time.DateOnly)
	}
	if from == "" {
		return time.Time{}, time.Time{}, i18n.E("callback.timeMissing", errors.New("app: callback without a time"))
	}
	f, err := time.ParseInLocation("2006-01-02 15:04", day+" "+from, loc)
	if err != nil {
		return time.Time{}, time.Time{}, i18n.E("callback.timeBad", fmt.Errorf("app: callback time: %w", err))
	}
	var u time.Time
	if until != "" {
		if u, err = time.ParseInLocation("2006-01-02 15:04", day+" "+until, loc); err != nil {
			return time.Time{}, time.Time{}, i18n.E("callback.timeBad", fmt.Errorf("app: callback window: %w", err))
		}
	}
	return f, u, nil
}

// activeAssignee refuses a "who calls" person who is not an active member
// of the office's staff.
func (s *CallbackService) activeAssignee(ctx context.Context, id string) error {
	who, err := s.c.Store.StaffByID(ctx, id)
	if errors.Is(err, db.ErrNotFound) || err == nil && !who.Active {
		return i18n.E("callback.assigneeAbsent", fmt.Errorf("app: callback assignee %s not active", id))
	}
	if err != nil {
		return s.c.internal("load callback assignee", err)
	}
	return nil
}

// links refuses a case or client that this device does not hold.
func (s *CallbackService) links(ctx context.Context, caseID, clientID string) error {
	if caseID != "" {
		if _, err := s.c.Store.Case(ctx, caseID); errors.Is(err, db.ErrNotFound) {
			return i18n.E("case.notFound", err)
		} else if err != nil {
			return s.c.internal("load callback case", err)
		}
	}
	if clientID != "" {
		if _, err := s.c.Store.Client(ctx, clientID); errors.Is(err, db.ErrNotFound) {
			return i18n.E("callback.clientNotFound", err)
		} else if err != nil {
			return s.c.internal("load callback client", err)
		}
	}
	return nil
}

func (s *CallbackService) names(ctx context.Context) (map[string]string, error) {
	staff, err := s.c.Store.StaffList(ctx, s.c.officeID)
	if err != nil {
		return nil, s.c.internal("list staff", err)
	}
	return staffNames(staff), nil
}

func staffNames(staff []office.Staff) map[string]string {
	out := make(map[string]string, len(staff))
	for _, p := range staff {
		out[p.ID] = p.FullName()
	}
	return out
}

func (s *CallbackService) row(ctx context.Context, st office.Staff, cb callbacks.Callback, now time.Time) (CallbackRow, error) {
	names, err := s.names(ctx)
	if err != nil {
		return CallbackRow{}, err
	}
	return s.rowOf(st, cb, callbacks.StateAt(cb, now), names, now), nil
}

func (s *CallbackService) rowOf(st office.Staff, cb callbacks.Callback, state callbacks.State, names map[string]string, now time.Time) CallbackRow {
	loc := now.Location()
	from := cb.From.In(loc)
	r := CallbackRow{ID: cb.ID, Name: cb.Name, Phone: callbacks.MaskPhone(cb.Phone), Topic: cb.Topic,
		Day: from.Format(time.DateOnly), From: from.Format("15:04"), AssigneeID: cb.AssigneeID, Assignee: names[cb.AssigneeID],
		CreatedBy: names[cb.CreatedBy], CaseID: cb.CaseID, ClientID: cb.ClientID, State: string(state), Outcome: cb.Outcome,
		DoneBy: names[cb.DoneBy], Reagreed: cb.Reagreed, Mine: cb.AssigneeID == st.ID}
	if !cb.Until.IsZero() {
		r.Until = cb.Until.In(loc).Format("15:04")
	}
	r.When = whenText(s.c.ui(), from, r.Until, now)
	return r
}

// whenText is a callback's time as the list says it: "dziś o 12:30",
// "3.12.2026, 12:30–13:00".
func whenText(t tr, from time.Time, until string, now time.Time) string {
	day := t.Date(from.Format(time.DateOnly))
	if from.Format(time.DateOnly) == now.Format(time.DateOnly) {
		if until != "" {
			return t.T("callback.when.todayWindow", "from", from.Format("15:04"), "until", until)
		}
		return t.T("callback.when.today", "time", from.Format("15:04"))
	}
	if until != "" {
		return t.T("callback.when.dayWindow", "date", day, "from", from.Format("15:04"), "until", until)
	}
	return t.T("callback.when.day", "date", day, "time", from.Format("15:04"))
}

// problemError turns a domain problem into the error a person reads.
func problemError(p callbacks.Problem, what string) error {
	return &i18n.Error{Key: p.Key, Args: p.Args, Err: fmt.Errorf("app: callback %s: field %s: %s", what, p.Field, p.Key)}
}

// callbackFieldValue renders a callback's guarded field in a conflict:
// its status in words, who calls by name.
func callbackFieldValue(ctx context.Context, c *Core, field string, raw []byte) string {
	var v string
	if err := json.Unmarshal(raw, &v); err != nil {
		return string(raw)
	}
	switch field {
	case "status":
		return c.UI("callbacks.status." + v)
	case "assigneeId":
		if st, err := c.Store.StaffByID(ctx, v); err == nil {
			return st.FullName()
		}
	}
	return v
}
