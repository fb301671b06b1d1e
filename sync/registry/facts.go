package registry

import (
	"context"
	"time"

	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// jobFacts are what a write's checks and leases know besides its rows,
// read before its transaction: the office's retired units, a restore's
// refusal of new numbers, the device's people when an op needs them, the
// art. 36 notices of the cases whose deadlines it changes, and
// the times of its screen's survey answers (screenturns.go) and the
// office's paper answers by day (paperdays.go) when it sends one.
// Read from inside the transaction they would be reads on the pool while
// the transaction holds a connection: on PostgreSQL, with every pool
// connection held by such a transaction, none is ever given back
// (BenchmarkDevices200's first leases stopped so, every write group
// waiting on the pool until its deadline, once leases read the retired
// units).
type jobFacts struct {
	retired   map[string]time.Time
	registers map[registerKey]bool // the registers the office's cards file into, when the write leases
	restore   string
	people    []string
	hasPeople bool
	outside   map[string]bool // ops of a limited device on rows it is not sent (outsideScope)
	notices   *caseNotices    // the art. 36 notices of cases whose deadline ops change (check_casedue.go)
}

// peopleEntities are the entities whose own checks ask who may sign in on
// the device (a presence, a visit's assignment and authorization, a
// complaint's decision, a letter's reassignment, an audit entry's person);
// an entity with authors (entityRules.authors) asks too.
var peopleEntities = map[string]bool{"presence": true, "visit": true, "visit_auth": true, "complaint": true, "letter": true, "audit_log": true}

// asksPeople reports whether an op's checks ask who may sign in on the
// device: read once before the transaction, never per op inside it.
func asksPeople(entity string) bool {
	return peopleEntities[entity] || len(entities[entity].authors) > 0
}

// readFacts reads the facts of a write by dev whose ops are ops (none: a
// lease alone) and which leases the registers lease.
func (r *Registry) readFacts(ctx context.Context, dev store.Device, ops []protocol.Op, lease []protocol.RegisterRef) (*jobFacts, error) {
	// Bounded as the reads before a handler are: on a frozen database
	// the write must still answer 503 within its deadline.
	ctx, cancel := context.WithTimeout(ctx, preWait)
	defer cancel()
	f := &jobFacts{}
	var err error
	if f.retired, err = r.retiredUnits(ctx, dev.OfficeID); err != nil {
		return nil, err
	}
	if f.restore, err = r.restoreRefusal(ctx, dev.OfficeID); err != nil {
		return nil, err
	}
	if len(lease) > 0 {
		if f.registers, err = r.knownRegisters(ctx, dev.OfficeID, lease); err != nil {
			return nil, err
		}
	}
	if f.outside, err = r.outsideScope(ctx, dev, ops); err != nil {
		return nil, err
	}
	if f.notices, err = r.readNotices(ctx, dev.OfficeID, ops); err != nil {
		return nil, err
	}
	for _, op := range ops {
		if op.Entity == "survey_answer" {
			// Both memories, when either is still unread, come from one
			// read of the office's survey answers.
			rows := surveyRows(func() ([]store.Row, error) { return r.st.RowsOf(ctx, dev.OfficeID, "survey_answer") })
			if err := r.loadScreenTurns(ctx, dev, rows); err != nil {
				return nil, err
			}
			if err := r.loadPaperDays(ctx, dev, rows); err != nil {
				return nil, err
			}
			break
		}
	}
	for _, op := range ops {
		if asksPeople(op.Entity) {
			if f.people, err = r.st.DevicePeople(ctx, dev.ID); err != nil {
				return nil, err
			}
			f.hasPeople = true
			break
		}
	}
	return f, nil
}

type factsKey struct{}

// withFacts gives a job's apply its facts (a write group applies several
// jobs in one transaction, each under its own).
func withFacts(ctx context.Context, f *jobFacts) context.Context {
	return context.WithValue(ctx, factsKey{}, f)
}

func factsFrom(ctx context.Context) *jobFacts {
	f, _ := ctx.Value(factsKey{}).(*jobFacts)
	return f
}

// retiredUnits is the office's retired units as read before the
// transaction, or now when the check runs outside a job (tests).
func (c *rowCheck) retiredUnits() (map[string]time.Time, error) {
	if f := factsFrom(c.ctx); f != nil {
		return f.retired, nil
	}
	return c.r.retiredUnits(c.ctx, c.dev.OfficeID)
}

// devicePeople is who may sign in on the device, as read before the
// transaction, or now when the check runs outside a job (tests).
func (c *rowCheck) devicePeople() ([]string, error) {
	if f := factsFrom(c.ctx); f != nil && f.hasPeople {
		return f.people, nil
	}
	return c.r.st.DevicePeople(c.ctx, c.dev.ID)
}

// surveyRows reads an office's survey answers at its first call only,
// and gives the same rows to every later one.
func surveyRows(read func() ([]store.Row, error)) func() ([]store.Row, error) {
	var rows []store.Row
	done := false
	return func() ([]store.Row, error) {
		if done {
			return rows, nil
		}
		var err error
		if rows, err = read(); err != nil {
			return nil, err
		}
		done = true
		return rows, nil
	}
}
