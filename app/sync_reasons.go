package app

import "strings"

// reasonKeys turn the registry's reasons for refusing a change (stable
// English text, sync/registry) into what a clerk reads, matched by their
// beginning; the reason itself stays beside it for the office's IT.
var reasonKeys = []struct{ prefix, key string }{
	{"registry-only entity", "sync.reason.registryOnly"},
	{"devices do not delete", "sync.reason.noDeletes"},
	{"stamp names another device", "sync.reason.stamp"},
	{"malformed base stamp", "sync.reason.stamp"},
	{"row too large", "sync.reason.tooLarge"},
	{"text is not valid UTF-8", "sync.reason.text"},
	{"client", "sync.reason.client"},
	{"case: its ", "sync.reason.caseRef"},
	{"case_file: registeredBy", "sync.reason.caseRegistrar"},
	{"case: due date later", "sync.reason.caseDue"},
	{"case: no due date", "sync.reason.caseDue"},
	{"case: a due date while", "sync.reason.caseDue"},
	{"case: a pause of the deadline", "sync.reason.caseDue"},
	{"case: status cannot move", "sync.reason.caseStatus"},
	{"case: a new case starts", "sync.reason.caseStatus"},
	{"case: the sign", "sync.reason.caseSign"},
	{"case: a final sign", "sync.reason.caseSign"},
	{"case: the provisional sign", "sync.reason.caseSign"},
	{"case: the register", "sync.reason.caseSign"},
	{"callback: who calls", "sync.reason.callbackAssignee"},
	{"callback", "sync.reason.callback"},
	{"presence", "sync.reason.presence"},
	{"visit: only the head", "sync.reason.visitHead"},
	{"visit", "sync.reason.visit"},
	{"authorization: only the head", "sync.reason.visitHead"},
	{"authorization: numbered outside", "sync.reason.visitAuthSeries"},
	{"authorization", "sync.reason.visitAuth"},
	{"complaint: who considers", "sync.reason.complaintAssignee"},
	{"complaint", "sync.reason.complaint"},
	{"letter", "sync.reason.letter"},
	{"survey answer: paper", "sync.reason.surveyPaper"},
	{"survey_answer: enteredBy", "sync.reason.surveyPaper"},
	{"survey answer: screen", "sync.reason.surveyScreen"},
	{"survey", "sync.reason.survey"},
	{"case event", "sync.reason.event"},
	{"case", "sync.reason.case"},
	{"field ", "sync.reason.fixed"},
	{"number", "sync.reason.number"},
	{"audit", "sync.reason.audit"},
	{"office mismatch", "sync.reason.office"},
	{"unknown entity", "sync.reason.version"},
	{"wrong op kind", "sync.reason.version"},
	{"row was deleted", "sync.reason.deleted"},
}

// reasonKey is the locale key explaining a refusal's reason.
func reasonKey(reason string) string {
	for _, r := range reasonKeys {
		if strings.HasPrefix(reason, r.prefix) {
			return r.key
		}
	}
	return "sync.reason.other"
}
