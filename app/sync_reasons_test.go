package app

import (
	"testing"
)

// TestReasonsExplained: every reason the registry gives (sync/registry,
// its checks of meaning and its number rules) reads as a sentence of its
// own, not the catch-all, in every language.
func TestReasonsExplained(t *testing.T) {
	e := newEnv(t)
	reasons := map[string]string{
		"registry-only entity: it changes at the registry, not on a device": "sync.reason.registryOnly",
		"devices do not delete rows":                                        "sync.reason.noDeletes",
		"stamp names another device":                                        "sync.reason.stamp",
		"row too large":                                                     "sync.reason.tooLarge",
		"text is not valid UTF-8":                                           "sync.reason.text",
		"client field pesel: ident.checksum":                                "sync.reason.client",
		`client: unknown field "isAdmin"`:                                   "sync.reason.client",
		"case: its client does not exist":                                   "sync.reason.caseRef",
		"case_file: registeredBy is not a person of this device":            "sync.reason.caseRegistrar",
		"case: due date later than its card's rule and its art. 36 notices give (2026-11-30)": "sync.reason.caseDue",
		"case: a pause of the deadline held by the registry was changed":                      "sync.reason.caseDue",
		"case: a due date while a call to supplement stops the deadline":                      "sync.reason.caseDue",
		"callback: who calls is not an active member of the staff":                            "sync.reason.callbackAssignee",
		"callback: a time is not a real RFC 3339 instant":                                     "sync.reason.callback",
		"presence: its person is not allowed on this device":                                  "sync.reason.presence",
		"case: status cannot move from settled to registered":                                 "sync.reason.caseStatus",
		"case: the sign's number was not leased to this device":                               "sync.reason.caseSign",
		"case: a date is not a real YYYY-MM-DD":                                               "sync.reason.case",
		"case: a document's expiry date is not a real YYYY-MM-DD":                             "sync.reason.case",
		"client field birthDate: date.format":                                                 "sync.reason.client",
		"case event: unknown kind":                                                            "sync.reason.event",
		"field cardId is fixed once written":                                                  "sync.reason.fixed",
		"number leased to another device":                                                     "sync.reason.number",
		"office mismatch":                                                                     "sync.reason.office",
		"unknown entity":                                                                      "sync.reason.version",
		"survey answer: paper: more than 200 forms of one day typed in by one person":         "sync.reason.surveyPaper",
		"survey_answer: enteredBy is not a person of this device":                             "sync.reason.surveyPaper",
		"survey answer: screen: two answers from one screen within a minute":                  "sync.reason.surveyScreen",
		"survey answer field overall: survey.scoreBad":                                        "sync.reason.survey",
		"something new": "sync.reason.other",
	}
	for reason, key := range reasons {
		if got := reasonKey(reason); got != key || e.core.T(got) == got {
			t.Errorf("%q reads %q, want %s with a text", reason, got, key)
		}
		for _, lang := range []string{"en", "uk"} {
			if got := e.core.I18n.T(lang, key, nil); got == key || got == e.core.T(key) {
				t.Errorf("%s has no text of its own for %s: %q", lang, key, got)
			}
		}
	}
}
