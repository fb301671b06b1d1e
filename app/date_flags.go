package app

import (
	"context"
	"errors"
	"strconv"
	"time"

	"okienko/app/i18n"
	"okienko/app/office"
	"okienko/sync/client"
	"okienko/sync/protocol"
)

// DateFlagLine is a case the registry flagged because its submission date
// lay far from the registry's own office date when it arrived, for a head
// to check in Synchronizacja.
type DateFlagLine struct {
	ID     string `json:"id"`
	CaseID string `json:"caseId"`
	// Sign is the case's sign, or "sprawa bez znaku" in the interface
	// language when neither this device nor the registry knows one.
	Sign string `json:"sign"`
	// OnDevice: the case is on this device, so the line opens it.
	OnDevice     bool   `json:"onDevice"`
	Submitted    string `json:"submitted"`    // the case's date of submission, localised
	RegistryDate string `json:"registryDate"` // the registry's office date when the case arrived, localised
	Reason       string `json:"reason"`       // why, as a whole sentence
	Device       string `json:"device"`       // the name of the computer that registered it
}

// DateFlags lists the office's cases whose submission date the registry
// flagged (online; heads and admins). A registry older than the list
// answers none.
func (s *SyncService) DateFlags() ([]DateFlagLine, error) {
	ctx := context.Background()
	if _, err := s.c.requireRole(ctx, office.RoleHead, office.RoleAdmin); err != nil {
		return nil, err
	}
	cl := s.c.syncClient()
	if cl == nil {
		return nil, i18n.E("sync.notEnrolled", errors.New("app: not enrolled"))
	}
	resp, err := cl.DateFlags(ctx)
	switch {
	case errors.Is(err, client.ErrUnsupported):
		return []DateFlagLine{}, nil
	case err != nil:
		return nil, s.syncError(err)
	}
	return s.dateFlagLines(ctx, resp.Flags), nil
}

// CheckDateFlag marks a flagged case checked ("Sprawdzone"). As resolving
// a conflict, the registry allows it to a head or the admin whose person
// session comes with the request; without one, or offline, nothing is
// marked and the person is told how to get one.
func (s *SyncService) CheckDateFlag(id string) ([]DateFlagLine, error) {
	ctx := context.Background()
	st, err := s.c.requireRole(ctx, office.RoleHead, office.RoleAdmin)
	if err != nil {
		return nil, err
	}
	cl := s.c.syncClient()
	if cl == nil {
		return nil, i18n.E("sync.notEnrolled", errors.New("app: not enrolled"))
	}
	if !protocol.ValidUUIDv7(id) {
		return nil, i18n.E("sync.dateFlagGone", errors.New("app: not a date flag id"))
	}
	token := s.c.Persons.token(ctx, st.ID)
	if token == "" {
		return nil, i18n.E("sync.dateFlagPersonRequired", errors.New("app: no person session at the registry"))
	}
	resp, err := cl.CheckDateFlagsAs(ctx, token, []string{id})
	switch {
	case errors.Is(err, client.ErrPersonRequired):
		s.c.Persons.forget(token)
		return nil, i18n.E("sync.dateFlagPersonRequired", err)
	case errors.Is(err, client.ErrRole):
		return nil, i18n.E("sync.dateFlagPersonRole", err)
	case errors.Is(err, client.ErrOffline):
		return nil, i18n.E("sync.dateFlagPersonRequired", err)
	case errors.Is(err, client.ErrNotOpen):
		return nil, i18n.E("sync.dateFlagGone", err)
	case err != nil:
		return nil, s.syncError(err)
	}
	s.c.auditDetail(ctx, st.ID, "sync.date_flag_check", "date_flag", id, "")
	return s.dateFlagLines(ctx, resp.Flags), nil
}

func (s *SyncService) dateFlagLines(ctx context.Context, flags []protocol.DateFlagView) []DateFlagLine {
	out := make([]DateFlagLine, 0, len(flags))
	for _, f := range flags {
		line := DateFlagLine{ID: f.ID, CaseID: f.CaseID, Sign: f.Sign, Submitted: dateText(f.SubmittedOn), RegistryDate: dateText(f.RegistryDate),
			Reason: dateFlagReason(s.c, f), Device: f.DeviceName}
		if cs, err := s.c.Store.Case(ctx, f.CaseID); err == nil {
			line.Sign, line.OnDevice = cs.SignText(), true
		}
		if line.Sign == "" {
			line.Sign = s.c.T("sync.dateFlagNoSign")
		}
		if line.Device == "" {
			line.Device = shortID(f.DeviceID)
		}
		out = append(out, line)
	}
	return out
}

// dateFlagReason says, in the interface language, how the case's date of
// submission lay from the registry's date when it arrived.
func dateFlagReason(c *Core, f protocol.DateFlagView) string {
	sub, err1 := time.Parse(time.DateOnly, f.SubmittedOn)
	reg, err2 := time.Parse(time.DateOnly, f.RegistryDate)
	if err1 != nil || err2 != nil {
		return c.T("sync.dateFlagOther")
	}
	days := int(sub.Sub(reg).Hours() / 24)
	switch {
	case f.Reason == protocol.DateAhead && days > 0:
		return c.T("sync.dateFlagAhead", "count", strconv.Itoa(days))
	case f.Reason == protocol.DateBehind && days < 0:
		return c.T("sync.dateFlagBehind", "count", strconv.Itoa(-days))
	}
	return c.T("sync.dateFlagOther")
}
