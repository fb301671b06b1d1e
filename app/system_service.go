package app

import (
	"context"
	"time"
)

// SystemService describes the installation (about box, support).
type SystemService struct {
	c *Core
}

// NewSystemService binds the service to the core.
func NewSystemService(c *Core) *SystemService { return &SystemService{c: c} }

// Info returns the version, data directory and sync backlog.
func (s *SystemService) Info() (SystemInfo, error) {
	ctx := context.Background()
	o, err := s.c.Store.Office(ctx)
	if err != nil {
		return SystemInfo{}, s.c.internal("load office", err)
	}
	n, err := s.c.Store.PendingOps(ctx)
	if err != nil {
		return SystemInfo{}, s.c.internal("count outbox", err)
	}
	return SystemInfo{Version: s.c.Version, DataDir: s.c.DataDir, DeviceID: s.c.Store.DeviceID(),
		OfficeName: o.Name, Sample: o.Sample, PendingOps: n}, nil
}

// SetLocale tells the backend the interface language the clerk chose
// ("pl", "en", "uk"), at start and at every change, before or after
// signing in: what the backend renders for the screen follows it. Lists
// already on screen are told to load again.
func (s *SystemService) SetLocale(locale string) (string, error) {
	if locale == s.c.Locale() {
		return locale, nil
	}
	if err := s.c.SetLocale(locale); err != nil {
		return "", err
	}
	for _, ev := range []string{EventCatalog, EventCases, EventSync, EventSettings} {
		s.c.Events.Emit(ev, "locale")
	}
	return locale, nil
}

// OfficeDay is the office's date now, by the office's clock and zone (the
// registry-corrected one), so a form's default date is never this
// computer's: at 00:30 in Warsaw a machine kept on UTC would still say
// yesterday.
func (s *SystemService) OfficeDay() (OfficeDayDTO, error) {
	return OfficeDayDTO{Day: s.c.Today().Format(time.DateOnly)}, nil
}
