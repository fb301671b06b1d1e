package app

import (
	"context"
	"strconv"
	"time"

	"okienko/app/queue"
	"okienko/app/today"
)

// QueueToday gives "Dziś" the queue's line: how many wait and the longest
// wait, overdue when it passed the office's threshold (Gostynin 26).
type QueueToday struct{ s *QueueService }

// NewQueueToday is the queue's today.Source.
func NewQueueToday(s *QueueService) *QueueToday { return &QueueToday{s: s} }

var _ today.Source = (*QueueToday)(nil)

// TodayItems returns one item while tickets wait on the office day, none
// when nobody waits.
func (q *QueueToday) TodayItems(ctx context.Context, staffID, day string, now time.Time) ([]today.Item, error) {
	s := q.s
	st, err := s.c.Store.StaffByID(ctx, staffID)
	if err != nil {
		return nil, err
	}
	gs := s.groups(ctx)
	v := s.state(ctx, st, gs, s.counter(ctx, gs), enrolled(ctx, s.c.Store))
	if v.Day != day || v.Waiting == 0 {
		return nil, nil
	}
	return []today.Item{{
		Kind: today.KindQueue, ID: "queue:" + day, Day: day,
		Overdue: queue.WaitWarning(time.Duration(v.LongestWaitMin)*time.Minute, v.MaxWaitMin),
		Key:     "today.queue",
		Args:    map[string]string{"count": strconv.Itoa(v.Waiting), "minutes": strconv.Itoa(v.LongestWaitMin)},
	}}, nil
}
