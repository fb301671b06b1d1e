// Package rows builds synced rows as a device writes them, valid by the
// registry's checks of meaning, for tests of the registry's mechanics
// (merging, paging, group commit) that push rows by hand.
package rows

import (
	"context"
	"encoding/json"

	"github.com/google/uuid"

	"okienko/app/cases"
	"okienko/app/casesign"
	"okienko/sync/hlc"
	"okienko/sync/merge"
	"okienko/sync/registry/store"
)

func raw(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// PESEL is a valid PESEL (born 14 May 1944, male), as on published examples.
const PESEL = "44051401359"

// Client is a person a clerk would register, in office.
func Client(office, id, firstName string) map[string]json.RawMessage {
	return map[string]json.RawMessage{"id": raw(id), "officeId": raw(office), "kind": raw("person"), "firstName": raw(firstName),
		"lastName": raw("Nowak"), "pesel": raw(PESEL), "birthDate": raw("1944-05-14"), "sex": raw("M"), "lang": raw("pl")}
}

// Register is the register cases of Case are registered in.
var Register = casesign.Register{Unit: "SO", JRWA: "5352", Year: 2026}

// Case is a case registered without a leased number (a provisional sign),
// so it needs no lease: of client, under card, by staff, on device.
func Case(office, id, clientID string, refs Refs, deviceID string, status cases.Status) map[string]json.RawMessage {
	return map[string]json.RawMessage{"id": raw(id), "officeId": raw(office), "sign": raw(cases.ProvisionalSign(Register, id)),
		"unit": raw(Register.Unit), "jrwa": raw(Register.JRWA), "year": raw(Register.Year), "no": raw(0), "provisional": raw(true),
		"cardId": raw(refs.CardID), "clientId": raw(clientID), "status": raw(status), "submittedOn": raw("2026-11-23"),
		"dueOn": raw("2026-11-30"), "supplementDue": raw(""), "form": json.RawMessage(`{}`), "checklist": json.RawMessage(`[]`),
		"pauses": json.RawMessage(`[]`), "assigneeId": raw(""), "registeredBy": raw(refs.StaffID), "deviceId": raw(deviceID),
		"registeredAt": raw(int64(1795424400000))}
}

// Refs are the rows of the office a case refers to.
type Refs struct {
	StaffID, CardID string
}

// NewRefs names a staff member and a card for Seed.
func NewRefs() Refs {
	return Refs{StaffID: uuid.Must(uuid.NewV7()).String(), CardID: uuid.Must(uuid.NewV7()).String()}
}

// Seed writes the staff member and service card of refs into an office
// created by hand, as the registry's admin would: what a case refers to.
func Seed(ctx context.Context, st store.Store, office string, refs Refs) error {
	stamp := hlc.Timestamp{Wall: 1, Node: "registry"}.String()
	row := func(fields map[string]any) merge.Row {
		r := merge.Row{}
		for k, v := range fields {
			r[k] = merge.Field{V: raw(v), H: stamp}
		}
		return r
	}
	return st.InTx(ctx, office, func(tx store.Tx) error {
		if _, err := tx.PutRow(ctx, "staff", refs.StaffID, row(map[string]any{"id": refs.StaffID, "officeId": office,
			"login": "anna", "firstName": "Anna", "lastName": "Kowalska", "role": "clerk", "active": true}), false); err != nil {
			return err
		}
		_, err := tx.PutRow(ctx, "service_card", refs.CardID, row(map[string]any{"id": refs.CardID, "officeId": office,
			"card": map[string]any{"code": "ZAM-POBYT", "version": 1, "title": "Zameldowanie", "unit": "SO", "jrwa": "5352",
				"deadline": map[string]any{"kind": "days", "n": 7}}}), false) // Case's dueOn: a week from its submission
		return err
	})
}

// CardSettledLater is the first of an office's service_card rows whose
// matter is settled later than at once: Case's due date, a week after its
// submission, is one such a card's rule gives (the registry refuses a
// later date than the rule's, sync/registry/check_casedue.go); "" when
// none is.
func CardSettledLater(cards []store.Row) string {
	for _, row := range cards {
		var c struct {
			Deadline struct {
				Kind string `json:"kind"`
			} `json:"deadline"`
		}
		if json.Unmarshal(row.Fields["card"].V, &c) == nil && c.Deadline.Kind != "immediate" && c.Deadline.Kind != "" {
			return row.EntityID
		}
	}
	return ""
}
