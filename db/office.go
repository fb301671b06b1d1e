package db

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"okienko/app/office"
	"okienko/db/internal/dbq"
)

// reader holds the lookups shared by Store (reader pool) and Tx (inside
// the write transaction).
type reader struct {
	q  *dbq.Queries
	lk *lock // the data key's cipher, for sealed columns (seal.go)
}

// Office returns the office this device serves.
func (r reader) Office(ctx context.Context) (office.Office, error) {
	row, err := r.q.OfficeGet(ctx)
	if err != nil {
		return office.Office{}, notFound(err, "office")
	}
	return office.Office{
		ID: row.ID, Name: row.Name, Street: row.Street, PostalCode: row.PostalCode, City: row.City,
		TERYT: row.Teryt, Phone: row.Phone, Email: row.Email, EPUAP: row.Epuap, Website: row.Website,
		FeeAccount: row.FeeAccount, FeeBank: row.FeeBank, OpeningHours: row.OpeningHours, Sample: row.Sample == 1,
		TimeZone: row.TimeZone,
	}, nil
}

// Units lists the office's units by symbol.
func (r reader) Units(ctx context.Context, officeID string) ([]office.Unit, error) {
	rows, err := r.q.UnitList(ctx, officeID)
	if err != nil {
		return nil, fmt.Errorf("db: list units: %w", err)
	}
	out := make([]office.Unit, len(rows))
	for i, u := range rows {
		out[i] = unitFromRow(u)
	}
	return out, nil
}

// Unit returns one unit.
func (r reader) Unit(ctx context.Context, id string) (office.Unit, error) {
	u, err := r.q.UnitGet(ctx, id)
	if err != nil {
		return office.Unit{}, notFound(err, "unit")
	}
	return unitFromRow(u), nil
}

func unitFromRow(u dbq.Unit) office.Unit {
	out := office.Unit{ID: u.ID, Symbol: u.Symbol, Name: u.Name, Room: u.Room, Phone: u.Phone, Email: u.Email}
	if u.RetiredAt != 0 {
		out.RetiredAt = fromMS(u.RetiredAt).UTC().Format(time.RFC3339)
	}
	return out
}

// retiredMS is a unit's retirement time (RFC 3339) as the column keeps it:
// unix ms, 0 while in use (or unreadable: the registry validates it).
func retiredMS(at string) int64 {
	t, err := time.Parse(time.RFC3339, at)
	if at == "" || err != nil {
		return 0
	}
	return ms(t)
}

// StaffList lists the staff directory by surname.
func (r reader) StaffList(ctx context.Context, officeID string) ([]office.Staff, error) {
	rows, err := r.q.StaffList(ctx, officeID)
	if err != nil {
		return nil, fmt.Errorf("db: list staff: %w", err)
	}
	out := make([]office.Staff, len(rows))
	for i, s := range rows {
		if out[i], err = staffFromRow(s); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// StaffByID returns one staff member.
func (r reader) StaffByID(ctx context.Context, id string) (office.Staff, error) {
	row, err := r.q.StaffGet(ctx, id)
	if err != nil {
		return office.Staff{}, notFound(err, "staff")
	}
	return staffFromRow(row)
}

func staffFromRow(r dbq.Staff) (office.Staff, error) {
	s := office.Staff{
		ID: r.ID, Login: r.Login, FirstName: r.FirstName, LastName: r.LastName, UnitID: r.UnitID,
		Role: office.Role(r.Role), Position: r.Position, PhoneExt: r.PhoneExt, Email: r.Email,
		Room: r.Room, SubstituteID: r.SubstituteID.String, Active: r.Active == 1, Authorization: r.Authorization,
	}
	if err := json.Unmarshal([]byte(r.Competences), &s.Competences); err != nil {
		return office.Staff{}, fmt.Errorf("db: staff %s competences: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.PositionIn), &s.PositionIn); err != nil {
		return office.Staff{}, fmt.Errorf("db: staff %s positionIn: %w", r.ID, err)
	}
	if len(s.PositionIn) == 0 {
		s.PositionIn = nil
	}
	return s, nil
}

// SaveOffice creates or updates the office.
func (t *Tx) SaveOffice(ctx context.Context, o office.Office) error {
	if err := o.Validate(); err != nil {
		return fmt.Errorf("db: save office: %w", err)
	}
	if err := t.writeOffice(ctx, o); err != nil {
		return err
	}
	return t.record(ctx, "office", o.ID, o)
}

// SaveUnit creates or updates a unit of the office.
func (t *Tx) SaveUnit(ctx context.Context, officeID string, u office.Unit) error {
	if err := u.Validate(); err != nil {
		return fmt.Errorf("db: save unit: %w", err)
	}
	p := unitPayload{Unit: u, OfficeID: officeID}
	if err := t.writeUnit(ctx, p); err != nil {
		return err
	}
	return t.record(ctx, "unit", u.ID, p)
}

// SaveStaff creates or updates a staff member with their password hash.
func (t *Tx) SaveStaff(ctx context.Context, officeID string, s office.Staff, passwordHash string) error {
	if err := s.Validate(); err != nil {
		return fmt.Errorf("db: save staff: %w", err)
	}
	if passwordHash == "" {
		return fmt.Errorf("db: save staff %s: empty password hash", s.ID)
	}
	if s.Competences == nil {
		s.Competences = []string{}
	}
	p := staffPayload{Staff: s, OfficeID: officeID, PasswordHash: passwordHash}
	if err := t.writeStaff(ctx, p); err != nil {
		return err
	}
	return t.record(ctx, "staff", s.ID, p)
}
