package today

import (
	"context"
	"fmt"
	"time"
)

// Failure is a source that could not be read: its place in the list of
// sources, its type (for the log) and why.
type Failure struct {
	Source int
	Type   string
	Err    error
}

// Result is what the sources gave. Partial says a part of the day could
// not be read, so the page says so instead of looking complete.
type Result struct {
	Items    []Item
	Partial  bool
	Failures []Failure
}

// Gather asks every source for the person's items of the office day and
// orders them. A source that fails (or panics) costs only its own lines:
// the others are still listed, and the result is marked partial; the
// caller logs the failures (ids only: errors of the store name no person).
func Gather(ctx context.Context, sources []Source, staffID, day string, now time.Time) Result {
	var res Result
	for i, s := range sources {
		if s == nil {
			continue
		}
		items, err := ask(ctx, s, staffID, day, now)
		if err == nil {
			err = ctx.Err()
		}
		if err != nil {
			res.Partial = true
			res.Failures = append(res.Failures, Failure{Source: i, Type: fmt.Sprintf("%T", s), Err: err})
			continue
		}
		res.Items = append(res.Items, items...)
	}
	res.Items = Order(fold(res.Items), now)
	return res
}

// ask calls one source, turning its panic into an error.
func ask(ctx context.Context, s Source, staffID, day string, now time.Time) (items []Item, err error) {
	defer func() {
		if r := recover(); r != nil {
			items, err = nil, fmt.Errorf("today: source panicked: %v", r)
		}
	}()
	return s.TodayItems(ctx, staffID, day, now)
}
