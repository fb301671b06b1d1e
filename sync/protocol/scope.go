package protocol

// A device limited to some units (issue 13) is sent only the rows of its
// scope, and told which cases left it: a pull page then carries the
// scope it was cut for (PullResponse.Scope, a short fingerprint the
// registry makes; a device sees it change when the admin changes the
// device's scope, or its people, and pulls again from the start) and the
// ids of the cases, letters, survey answers, home visits, authorizations
// and complaints of the page's stretch outside that scope
// (PullResponse.Forget: handed over to another unit, closed longer than
// the office keeps them on devices, or the scope changed). A device
// removes such a case, its events, callbacks and letters, and its client
// when no case it keeps needs it, and such a letter, survey answer, visit,
// authorization or complaint, all with their row clocks, unless it holds
// changes of them not yet pushed: those go first. A device of the whole
// office gets neither field, and its pages are byte for byte as before.

// MaxScopeBytes bounds the scope's fingerprint.
const MaxScopeBytes = 64

// HeaderScope names, on a snapshot refused to a limited device, why: the
// snapshot holds the whole office, so such a device pulls its rows.
const HeaderScope = "Okienko-Scope"

// validScope checks a page's scope and the ids it says to forget.
func validScope(scope string, forget []string) error {
	if len(scope) > MaxScopeBytes {
		return invalid("scope of %d bytes", len(scope))
	}
	for i := range len(scope) {
		if c := scope[i]; c < 0x21 || c > 0x7e {
			return invalid("scope")
		}
	}
	if len(forget) > 0 && scope == "" {
		return invalid("forget without a scope")
	}
	if len(forget) > MaxPullLimit {
		return invalid("%d rows to forget", len(forget))
	}
	for _, id := range forget {
		if !ValidID(id) {
			return invalid("forget id")
		}
	}
	return nil
}
