package engine

import (
	"okienko/app/cases"
)

// signEvent records, in the case's history, the provisional sign c had
// before it got number no; the clerk is asked to print a corrected receipt.
func signEvent(c cases.Case, no int) cases.Event {
	return cases.Event{CaseID: c.ID, Kind: cases.EventSignFinalized, StaffID: c.RegisteredBy, Detail: c.SignText()}
}
