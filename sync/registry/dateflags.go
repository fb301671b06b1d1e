package registry

import (
	"context"
	"errors"
	"fmt"
	"time"

	"okienko/app/cases"
	"okienko/app/casesign"
	"okienko/sync/entity"
	"okienko/sync/protocol"
	"okienko/sync/registry/store"
)

// DateFlags lists an office's open date flags, oldest first, each with
// its case's sign as the registry holds it and its device's name, at most
// protocol.MaxDateFlags.
func (r *Registry) DateFlags(ctx context.Context, officeID string) (protocol.DateFlagsResponse, error) {
	return r.dateFlags(ctx, officeID, nil)
}

// dateFlags is DateFlags of the flags whose case held says a device is
// sent (nil: all), chosen before the list is cut to its length.
func (r *Registry) dateFlags(ctx context.Context, officeID string, held func(caseIDs []string) ([]bool, error)) (protocol.DateFlagsResponse, error) {
	out := protocol.DateFlagsResponse{Flags: []protocol.DateFlagView{}}
	fs, err := r.st.DateFlags(ctx, officeID, true)
	if err != nil {
		return out, err
	}
	if held != nil && len(fs) > 0 {
		ids := make([]string, len(fs))
		for i, f := range fs {
			ids[i] = f.CaseID
		}
		keep, err := held(ids)
		if err != nil {
			return out, err
		}
		kept := fs[:0]
		for i, f := range fs {
			if keep[i] {
				kept = append(kept, f)
			}
		}
		fs = kept
	}
	if len(fs) > protocol.MaxDateFlags {
		fs = fs[:protocol.MaxDateFlags]
	}
	if len(fs) == 0 {
		return out, nil
	}
	loc, err := r.OfficeZone(ctx, officeID)
	if err != nil {
		return out, err
	}
	devs, err := r.st.Devices(ctx, officeID)
	if err != nil {
		return out, err
	}
	names := make(map[string]string, len(devs))
	for _, d := range devs {
		names[d.ID] = d.Name
	}
	signs := make(map[string]string, len(fs))
	// The few flagged cases are read by id: listing every case of the
	// office to find them would cost a large office far more. The reads
	// take the office's lock for as long as they last.
	err = r.st.InTx(ctx, officeID, func(tx store.Tx) error {
		if p, ok := tx.(store.Prefetcher); ok { // PostgreSQL: one round trip for them all
			keys := make([]store.RowKey, len(fs))
			for i, f := range fs {
				keys[i] = store.RowKey{Entity: "case_file", ID: f.CaseID}
			}
			if err := p.Prefetch(ctx, nil, nil, keys); err != nil {
				return err
			}
		}
		for _, f := range fs {
			row, found, err := tx.Row(ctx, "case_file", f.CaseID)
			if err != nil {
				return err
			}
			var k entity.Case
			if found && decodeRow(row.Fields, &k) == nil {
				signs[f.CaseID] = signText(k)
			}
		}
		return nil
	})
	if err != nil {
		return out, err
	}
	for _, f := range fs {
		out.Flags = append(out.Flags, protocol.DateFlagView{ID: f.ID, CaseID: f.CaseID, Sign: signs[f.CaseID], SubmittedOn: f.SubmittedOn,
			RegistryDate: f.RegistryDate, Reason: f.Reason, DeviceID: f.DeviceID, DeviceName: names[f.DeviceID],
			ArrivedAt: f.ArrivedAt.In(loc).Format(time.RFC3339)})
	}
	return out, nil
}

// signText is a case's sign as printed: the final one, or the
// provisional one (cases.Case.SignText).
func signText(k entity.Case) string {
	if k.Provisional {
		return cases.ProvisionalSign(casesign.Register{Unit: k.Unit, JRWA: k.JRWA, Year: k.Year}, k.ID)
	}
	return k.Sign
}

// CheckDateFlags marks open date flags of the office checked by a staff
// member (a head or the admin, checked by the caller). A flag already
// checked, or not the office's, is store.ErrNotFound and checks none.
func (r *Registry) CheckDateFlags(ctx context.Context, officeID, by string, ids []string) error {
	err := r.st.InTx(ctx, officeID, func(tx store.Tx) error {
		for _, id := range ids {
			if err := tx.CheckDateFlag(ctx, id, by, r.now()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("registry: check date flags: %w", err)
	}
	return err
}

// flagsOfUnit refuses (ErrRole) date flags, among ids, of a case outside
// the unit of the head staffID; a flag not open is left to CheckDateFlags.
func (r *Registry) flagsOfUnit(ctx context.Context, officeID, staffID string, ids []string) error {
	unit, err := r.unitOf(ctx, officeID, staffID)
	if err != nil {
		return err
	}
	fs, err := r.st.DateFlags(ctx, officeID, true)
	if err != nil {
		return err
	}
	caseOf := make(map[string]string, len(fs))
	for _, f := range fs {
		caseOf[f.ID] = f.CaseID
	}
	return r.st.InTx(ctx, officeID, func(tx store.Tx) error {
		for _, id := range ids {
			caseID, ok := caseOf[id]
			if !ok {
				continue
			}
			row, found, err := tx.Row(ctx, "case_file", caseID)
			if err != nil {
				return err
			}
			if unit == "" || !found || str(row.Fields, "unit") != unit {
				return fmt.Errorf("%w: a date flag outside the head's unit", ErrRole)
			}
		}
		return nil
	})
}
