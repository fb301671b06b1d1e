package store

import (
	"context"
	"time"
)

// SurveyScreen is a screen (a tablet) the office's survey page runs on:
// its own key, so an answer is known to come from it, and when it last
// took an answer ("one answer per visit").
type SurveyScreen struct {
	ID      string
	Name    string // as the admin named it: "Tablet przy okienku 1"
	KeyHash string
	LastAt  time.Time // zero: never answered
}

// SurveyStore keeps the office's survey screens.
type SurveyStore interface {
	// PutSurveyScreen adds a screen or replaces its name and key.
	PutSurveyScreen(ctx context.Context, officeID string, sc SurveyScreen, now time.Time) error
	// SurveyScreens lists the office's screens.
	SurveyScreens(ctx context.Context, officeID string) ([]SurveyScreen, error)
	// ClaimSurveyScreen finds the screen of a key's hash (ErrNotFound)
	// and, unless it took an answer within window before now, records now
	// as its last answer in one statement: two answers sent at once from
	// one screen are never both taken. ok is false when too soon.
	ClaimSurveyScreen(ctx context.Context, officeID, keyHash string, now time.Time, window time.Duration) (sc SurveyScreen, ok bool, err error)
	// ReleaseSurveyScreen puts a screen's last answer back to before, for
	// an answer that was claimed and then not stored.
	ReleaseSurveyScreen(ctx context.Context, officeID, screenID string, claimed, before time.Time) error
}
