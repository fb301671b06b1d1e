package app

import (
	"context"
	"errors"
	"fmt"

	"okienko/app/audit"
	"okienko/app/charset"
	"okienko/app/i18n"
	"okienko/db"
)

// ContactInput is a client's new contact details, changed from a case
// (the client phoned with a new number).
type ContactInput struct {
	Phone string `json:"phone"`
	Email string `json:"email"`
}

// UpdateContact changes the phone and e-mail of a case's client. Other
// devices receive the change at sync; it merges field by field, so an
// edit of the same client elsewhere is not lost.
func (s *CaseService) UpdateContact(id string, in ContactInput) (CaseDetail, error) {
	ctx := context.Background()
	st, err := s.c.require(ctx)
	if err != nil {
		return CaseDetail{}, err
	}
	cc, err := s.c.loadCaseContext(ctx, id)
	if errors.Is(err, db.ErrNotFound) {
		return CaseDetail{}, i18n.E("case.notFound", err)
	}
	if err != nil {
		return CaseDetail{}, s.c.internal("load case", err)
	}
	cl := cc.client
	cl.Phone, cl.Email = charset.Clean(in.Phone, false), charset.Clean(in.Email, false)
	for _, fe := range cl.Validate(s.c.Today()) {
		if fe.Field == "phone" || fe.Field == "email" {
			// The value itself is personal data: the log gets the field only.
			// The reason is a whole sentence naming the field; its
			// arguments are passed plain, as nested messages take them.
			return CaseDetail{}, i18n.E("case.contactInvalid", fmt.Errorf("app: contact %s: %s", fe.Field, fe.Key),
				"reason", "@"+fe.Key, "field", s.c.T("client.field."+fe.Field),
				"count", fe.Args["count"], "n", fe.Args["n"], "char", fe.Args["char"])
		}
	}
	if cl == cc.client {
		return s.caseDetail(ctx, id)
	}
	err = s.c.Store.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.SaveClient(ctx, s.c.officeID, cl); err != nil {
			return err
		}
		tx.Emit(EventCases, id)
		return tx.Audit(ctx, s.c.officeID, audit.Entry{StaffID: st.ID, Action: audit.ClientUpdate, ObjectType: "client", ObjectID: cl.ID, Detail: "contact"})
	})
	if err != nil {
		return CaseDetail{}, s.c.internal("update contact", err)
	}
	return s.caseDetail(ctx, id)
}
