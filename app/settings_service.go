package app

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"okienko/app/audit"
	"okienko/app/i18n"
	"okienko/app/office"
	"okienko/db"
)

// Auto-lock bounds the admin may choose, in minutes.
const (
	MinAutoLock = 1
	MaxAutoLock = 60
)

// SettingsService reads and changes the office settings.
type SettingsService struct {
	c *Core
}

// NewSettingsService binds the service to the core.
func NewSettingsService(c *Core) *SettingsService { return &SettingsService{c: c} }

// Get returns the settings and whether the signed-in user may change them.
func (s *SettingsService) Get() (Settings, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return Settings{}, err
	}
	s.c.mu.Lock()
	d := s.c.session.AutoLock
	s.c.mu.Unlock()
	return Settings{AutoLockMinutes: int(d / time.Minute), CanEdit: st.Role == office.RoleAdmin, Enrolled: enrolled(ctx, s.c.Store)}, nil
}

// enrolled reports whether this device syncs with a registry.
func enrolled(ctx context.Context, st *db.Store) bool {
	ss, err := st.SyncState(ctx)
	return err == nil && ss.Enrolled()
}

// SetAutoLock sets this computer's inactivity delay before the screen
// locks (admin). It stays on this device.
func (s *SettingsService) SetAutoLock(minutes int) (Settings, error) {
	ctx := context.Background()
	st, err := s.c.requireRole(ctx, office.RoleAdmin)
	if err != nil {
		return Settings{}, err
	}
	if minutes < MinAutoLock || minutes > MaxAutoLock {
		return Settings{}, i18n.E("settings.autoLockRange", fmt.Errorf("app: auto-lock %d min", minutes),
			"min", strconv.Itoa(MinAutoLock), "max", strconv.Itoa(MaxAutoLock))
	}
	err = s.c.Store.InTx(ctx, func(tx *db.Tx) error {
		// This computer's own setting: an office-wide one that every
		// device obeys changes only at the registry.
		if err := tx.SetLocalSetting(ctx, settingAutoLock, strconv.Itoa(minutes)); err != nil {
			return err
		}
		tx.Emit(EventSettings, settingAutoLock)
		return tx.Audit(ctx, s.c.officeID, audit.Entry{StaffID: st.ID, Action: audit.SettingChange,
			ObjectType: "setting", ObjectID: settingAutoLock, Detail: strconv.Itoa(minutes)})
	})
	if err != nil {
		return Settings{}, s.c.internal("save auto-lock", err)
	}
	s.c.mu.Lock()
	s.c.session.AutoLock = time.Duration(minutes) * time.Minute
	s.c.mu.Unlock()
	return Settings{AutoLockMinutes: minutes, CanEdit: true, Enrolled: enrolled(ctx, s.c.Store)}, nil
}
