package protocol

// Entities lists the synced entities and their op kind. A device pushes
// only these; an op for anything else is rejected, not guessed at.
var Entities = map[string]Kind{
	"office":        Upsert,
	"unit":          Upsert,
	"staff":         Upsert,
	"substitution":  Upsert,
	"service_card":  Upsert,
	"setting":       Upsert,
	"audit_log":     Append,
	"client":        Upsert,
	"case_file":     Upsert,
	"case_event":    Append,
	"case_number":   Upsert,
	"callback":      Upsert,
	"presence":      Upsert,
	"visit":         Upsert,
	"visit_auth":    Upsert,
	"complaint":     Upsert,
	"letter":        Upsert,
	"survey_answer": Append,
}
