package app

import (
	"context"
	"errors"
	"fmt"

	"okienko/app/i18n"
	"okienko/app/office"
	"okienko/sync/client"
)

// PersonStatus says whether the registry has confirmed the signed-in
// person's authority for the acts only heads and the admin may do.
type PersonStatus struct {
	Needed    bool `json:"needed"`    // a head or the admin on a device of a registry
	Confirmed bool `json:"confirmed"` // the registry gave this person a session
	Pending   bool `json:"pending"`   // it is being asked for
}

// Person tells whether the signed-in person's authority is confirmed by
// the registry (a head's Konflikty screen offers to confirm it if not).
func (s *SyncService) Person() (PersonStatus, error) {
	st, err := s.c.require(context.Background())
	if err != nil {
		return PersonStatus{}, err
	}
	return s.personStatus(st), nil
}

func (s *SyncService) personStatus(st office.Staff) PersonStatus {
	if s.c.syncClient() == nil || (st.Role != office.RoleHead && st.Role != office.RoleAdmin) {
		return PersonStatus{}
	}
	held, pending := s.c.Persons.state(st.ID)
	return PersonStatus{Needed: true, Confirmed: held, Pending: pending}
}

// ConfirmPerson asks the registry, with the signed-in person's password,
// to confirm their authority now: for a head or the admin who signed in
// while the registry could not be reached. The password is checked here
// first (under the device's own back-off), then by the registry.
func (s *SyncService) ConfirmPerson(password string) (PersonStatus, error) {
	ctx := context.Background()
	st, err := s.c.requireRole(ctx, office.RoleHead, office.RoleAdmin)
	if err != nil {
		return PersonStatus{}, err
	}
	if s.c.syncClient() == nil {
		return PersonStatus{}, i18n.E("sync.notEnrolled", errors.New("app: not enrolled"))
	}
	if _, err := s.c.checkPassword(ctx, st.Login, password); err != nil {
		return PersonStatus{}, err
	}
	err = s.c.Persons.confirm(ctx, st.ID, st.Login, password)
	switch {
	case err == nil:
		s.c.audit(ctx, st.ID, "sync.person_confirmed", "staff", st.ID)
	case errors.Is(err, client.ErrWrongPassword):
		return PersonStatus{}, i18n.E("sync.personRefused", fmt.Errorf("app: person session: %w", err))
	default:
		return PersonStatus{}, s.syncError(err)
	}
	return s.personStatus(st), nil
}
