package sqlitestore

import (
	"context"
	"time"

	"okienko/sync/registry/sqlitestore/internal/rq"
	"okienko/sync/registry/store"
)

func surveyScreen(x rq.SurveyScreen) store.SurveyScreen {
	return store.SurveyScreen{ID: x.ScreenID, Name: x.Name, KeyHash: x.KeyHash, LastAt: fromMS(x.LastAt)}
}

// PutSurveyScreen adds a survey screen or replaces its name and key.
func (s *Store) PutSurveyScreen(ctx context.Context, officeID string, sc store.SurveyScreen, now time.Time) error {
	return wrap("survey screen", s.qw.SurveyScreenPut(ctx, rq.SurveyScreenPutParams{OfficeID: officeID, ScreenID: sc.ID,
		Name: sc.Name, KeyHash: sc.KeyHash, CreatedAt: ms(now)}))
}

// SurveyScreens lists the office's survey screens.
func (s *Store) SurveyScreens(ctx context.Context, officeID string) ([]store.SurveyScreen, error) {
	rows, err := s.qr.SurveyScreenList(ctx, officeID)
	if err != nil {
		return nil, wrap("survey screens", err)
	}
	out := make([]store.SurveyScreen, len(rows))
	for i, x := range rows {
		out[i] = surveyScreen(x)
	}
	return out, nil
}

// ClaimSurveyScreen finds a key's screen and takes its turn for an
// answer, unless it took one within window (one conditional UPDATE).
func (s *Store) ClaimSurveyScreen(ctx context.Context, officeID, keyHash string, now time.Time, window time.Duration) (store.SurveyScreen, bool, error) {
	x, err := s.qw.SurveyScreenByKey(ctx, rq.SurveyScreenByKeyParams{OfficeID: officeID, KeyHash: keyHash})
	if err != nil {
		return store.SurveyScreen{}, false, notFound(err, "survey screen")
	}
	sc := surveyScreen(x)
	n, err := s.qw.SurveyScreenClaim(ctx, rq.SurveyScreenClaimParams{NowMs: ms(now), OfficeID: officeID, ScreenID: x.ScreenID,
		BeforeMs: ms(now.Add(-window))})
	if err != nil {
		return sc, false, wrap("claim survey screen", err)
	}
	return sc, n == 1, nil
}

// ReleaseSurveyScreen gives a screen's turn back (an answer claimed and
// then not stored), unless another answer took it since.
func (s *Store) ReleaseSurveyScreen(ctx context.Context, officeID, screenID string, claimed, before time.Time) error {
	return wrap("release survey screen", s.qw.SurveyScreenRelease(ctx, rq.SurveyScreenReleaseParams{BeforeMs: ms(before),
		OfficeID: officeID, ScreenID: screenID, ClaimedMs: ms(claimed)}))
}
