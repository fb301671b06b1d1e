package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// MaxFileSize bounds a catalogue file; a real office has at most a few
// hundred cards, far below this.
const MaxFileSize = 8 << 20

// Env is what validation needs to know about the office the file is for.
type Env struct {
	Units map[string]bool // unit symbols that exist
}

// Parse validates a catalogue file completely and returns it decoded, or
// every problem found. A file with problems must change nothing.
func Parse(raw []byte, env Env) (*File, []Problem) {
	if len(raw) > MaxFileSize {
		return nil, []Problem{{Key: "catalog.tooLarge", Args: map[string]string{"mb": strconv.Itoa(MaxFileSize >> 20)}}}
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, []Problem{syntaxProblem(raw, err)}
	}
	fs, err := compiledFileSchema()
	if err != nil {
		return nil, []Problem{{Key: "schema.other", Args: map[string]string{"detail": err.Error()}}}
	}
	var probs []Problem
	if err := fs.Validate(doc); err != nil {
		probs = schemaProblems(err, nil)
	}
	codes := cardCodes(doc)
	bad := map[int]bool{} // cards with schema problems skip the semantic checks
	for i := range probs {
		if n, ok := cardIndex(probs[i].Path); ok {
			bad[n] = true
			probs[i].Card = codes(n)
		}
	}
	var f File
	if err := json.Unmarshal(raw, &f); err != nil && len(probs) == 0 {
		probs = append(probs, Problem{Key: "schema.other", Args: map[string]string{"detail": err.Error()}})
	}
	if len(probs) > 0 && len(f.Cards) == 0 {
		return nil, probs
	}
	seen := map[string]int{}
	for i := range f.Cards {
		c := &f.Cards[i]
		base := "/cards/" + strconv.Itoa(i)
		key := c.Code + "@" + strconv.Itoa(c.Version)
		if j, dup := seen[key]; dup && c.Code != "" {
			probs = append(probs, Problem{Card: c.Code, Path: base + "/version", Key: "catalog.duplicateCard",
				Args: map[string]string{"version": strconv.Itoa(c.Version), "other": strconv.Itoa(j + 1)}})
		}
		seen[key] = i
		if bad[i] {
			continue
		}
		for _, p := range checkCard(c, base, env) {
			p.Card = c.Code
			probs = append(probs, p)
		}
	}
	probs = append(probs, archivalAgrees(f.Cards, bad)...)
	if len(probs) > 0 {
		sort.SliceStable(probs, func(a, b int) bool { return probs[a].Path < probs[b].Path })
		return nil, probs
	}
	return &f, nil
}

func syntaxProblem(raw []byte, err error) Problem {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := lineCol(raw, se.Offset)
		return Problem{Key: "catalog.syntax", Args: map[string]string{"line": strconv.Itoa(line), "col": strconv.Itoa(col)}}
	}
	return Problem{Key: "catalog.syntax", Args: map[string]string{"line": "?", "col": "?"}}
}

func lineCol(raw []byte, off int64) (int, int) {
	if off > int64(len(raw)) {
		off = int64(len(raw))
	}
	before := raw[:off]
	line := bytes.Count(before, []byte{'\n'}) + 1
	col := int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

var cardPathRe = regexp.MustCompile(`^/cards/(\d+)(/|$)`)

func cardIndex(path string) (int, bool) {
	m := cardPathRe.FindStringSubmatch(path)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

// cardCodes returns a function naming card i by its code when the code is a
// string, else by its position, so every problem can say which card.
func cardCodes(doc any) func(int) string {
	var cards []any
	if m, ok := doc.(map[string]any); ok {
		cards, _ = m["cards"].([]any)
	}
	return func(i int) string {
		if i < len(cards) {
			if m, ok := cards[i].(map[string]any); ok {
				if s, ok := m["code"].(string); ok && s != "" {
					return s
				}
			}
		}
		return "#" + strconv.Itoa(i+1)
	}
}

var placeholderRe = regexp.MustCompile(`\{([^{}]*)\}`)

// checkCard runs the checks a schema cannot express: references between
// parts of the card and to the office.
func checkCard(c *Card, base string, env Env) []Problem {
	var out []Problem
	add := func(path, key string, args ...string) {
		p := Problem{Path: base + path, Key: key}
		if len(args) > 0 {
			p.Args = map[string]string{}
			for i := 0; i+1 < len(args); i += 2 {
				p.Args[args[i]] = args[i+1]
			}
		}
		out = append(out, p)
	}
	if env.Units != nil && !env.Units[c.Unit] {
		add("/unit", "catalog.unknownUnit", "unit", c.Unit)
	}
	if c.SupplementTermDays > 0 && c.SupplementTermWorkingDays > 0 {
		add("/supplementTermWorkingDays", "catalog.supplementTwoTerms")
	}
	// A notification's call and a working-day term come from their own
	// act, so the letter must cite it instead of art. 64 § 2 KPA.
	if (c.SupplementRegime == SupplementNotification || c.SupplementTermWorkingDays > 0) && strings.TrimSpace(c.SupplementBasis) == "" {
		add("/supplementBasis", "catalog.supplementNoBasis")
	}
	ids := map[string]bool{}
	for i, d := range c.Documents {
		if ids[d.ID] {
			add(fmt.Sprintf("/documents/%d/id", i), "catalog.duplicateID", "id", d.ID)
		}
		ids[d.ID] = true
	}
	docs := ids
	ids = map[string]bool{}
	for i, f := range c.Fees {
		if ids[f.ID] {
			add(fmt.Sprintf("/fees/%d/id", i), "catalog.duplicateID", "id", f.ID)
		}
		ids[f.ID] = true
		// A fee paid before filing is asked for by its proof: without
		// one the receipt could not tell whether it is still owed.
		if f.Due == FeeWithApplication && !docs[f.Proof] {
			add(fmt.Sprintf("/fees/%d/proof", i), "catalog.feeProof", "fee", f.ID, "doc", f.Proof)
		}
	}
	for i, s := range c.Steps {
		for _, m := range placeholderRe.FindAllStringSubmatch(s.Text, -1) {
			if !slices.Contains(StepPlaceholders, m[1]) {
				add(fmt.Sprintf("/steps/%d/text", i), "catalog.unknownPlaceholder", "name", m[1], "allowed", "{"+strings.Join(StepPlaceholders, "}, {")+"}")
			}
			// A fee's amount or cashier must exist to be printed.
			if (m[1] == "oplaty" && len(c.Fees) == 0) || (m[1] == "kasa" && !hasCashier(c.Fees)) {
				add(fmt.Sprintf("/steps/%d/text", i), "catalog.placeholderNoValue", "name", m[1])
			}
		}
	}

	// A translation's steps match the card's one for one, use only known
	// placeholders, and its documents and fees are the card's own.
	langs := make([]string, 0, len(c.Translations))
	for l := range c.Translations {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		tr := c.Translations[l]
		base := "/translations/" + l
		if len(tr.Steps) > 0 && len(tr.Steps) != len(c.Steps) {
			add(base+"/steps", "catalog.translationSteps", "lang", l, "count", strconv.Itoa(len(c.Steps)))
		}
		for i, text := range tr.Steps {
			for _, m := range placeholderRe.FindAllStringSubmatch(text, -1) {
				if !slices.Contains(StepPlaceholders, m[1]) {
					add(fmt.Sprintf("%s/steps/%d", base, i), "catalog.unknownPlaceholder", "name", m[1], "allowed", "{"+strings.Join(StepPlaceholders, "}, {")+"}")
				}
			}
		}
		for _, id := range sortedKeys(tr.Documents) {
			if !slices.ContainsFunc(c.Documents, func(d Document) bool { return d.ID == id }) {
				add(base+"/documents/"+id, "catalog.translationUnknownID", "id", id)
			}
		}
		for _, byID := range []struct {
			name string
			m    map[string]string
		}{{"fees", tr.Fees}, {"feeExemptions", tr.FeeExemptions}, {"cashiers", tr.Cashiers}} {
			for _, id := range sortedKeys(byID.m) {
				if !slices.ContainsFunc(c.Fees, func(f Fee) bool { return f.ID == id }) {
					add(base+"/"+byID.name+"/"+id, "catalog.translationUnknownID", "id", id)
				}
			}
		}
		for _, id := range sortedKeys(tr.DocumentNotes) {
			if !slices.ContainsFunc(c.Documents, func(d Document) bool { return d.ID == id }) {
				add(base+"/documentNotes/"+id, "catalog.translationUnknownID", "id", id)
			}
		}
		for _, name := range sortedKeys(tr.Fields) {
			if _, ok := c.Form.UI.Fields[name]; !ok {
				add(base+"/fields/"+name, "catalog.translationUnknownID", "id", name)
			}
		}
	}

	// The form: the schema must compile, and the UI hints must match it.
	var props struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	_ = json.Unmarshal(c.Form.Schema, &props) // shape already checked by the file schema
	form, err := CompileForm(c.Form.Schema)
	if err != nil {
		var sve *jsonschema.SchemaValidationError
		if errors.As(err, &sve) {
			for _, p := range schemaProblems(sve.Err, nil) {
				p.Path = base + "/form/schema" + p.Path
				p.Context = "catalog.ctx.formSchema"
				out = append(out, p)
			}
		} else {
			add("/form/schema", "schema.other", "detail", err.Error())
			out[len(out)-1].Context = "catalog.ctx.formSchema"
		}
	}
	inOrder := map[string]bool{}
	for i, name := range c.Form.UI.Order {
		inOrder[name] = true
		if _, ok := props.Properties[name]; !ok {
			add(fmt.Sprintf("/form/ui/order/%d", i), "catalog.unknownField", "field", name)
		}
	}
	names := make([]string, 0, len(props.Properties))
	for n := range props.Properties {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if !inOrder[n] {
			add("/form/ui/order", "catalog.orderMissing", "field", n)
		}
		if _, ok := c.Form.UI.Fields[n]; !ok {
			add("/form/ui/fields", "catalog.fieldUIMissing", "field", n)
		}
	}
	example := map[string]any{}
	fieldNames := make([]string, 0, len(c.Form.UI.Fields))
	for n := range c.Form.UI.Fields {
		fieldNames = append(fieldNames, n)
	}
	sort.Strings(fieldNames)
	for _, n := range fieldNames {
		if _, ok := props.Properties[n]; !ok {
			add("/form/ui/fields/"+n, "catalog.unknownField", "field", n)
			continue
		}
		// A null example is an optional field the sample leaves empty (a
		// sole trader has no KRS number); a required one is then reported
		// missing.
		if ex := c.Form.UI.Fields[n].Example; ex != nil {
			example[n] = ex
		}
	}

	// A translated help names a field of the form; a translated example
	// only a free-text one: a date, a number, a PESEL or an option is
	// the same in every language, and the form checks it as written.
	for _, l := range langs {
		tr := c.Translations[l]
		base := "/translations/" + l
		for _, name := range sortedKeys(tr.FieldHelp) {
			if _, ok := c.Form.UI.Fields[name]; !ok {
				add(base+"/fieldHelp/"+name, "catalog.translationUnknownID", "id", name)
			}
		}
		for _, name := range sortedKeys(tr.FieldExamples) {
			if _, ok := c.Form.UI.Fields[name]; !ok {
				add(base+"/fieldExamples/"+name, "catalog.translationUnknownID", "id", name)
				continue
			}
			var p struct {
				Type   any    `json:"type"`
				Format string `json:"format"`
				Enum   []any  `json:"enum"`
			}
			_ = json.Unmarshal(props.Properties[name], &p)
			if p.Type != "string" || p.Format != "" || p.Enum != nil || c.Form.UI.Fields[name].Example == nil {
				add(base+"/fieldExamples/"+name, "catalog.translationExampleKind", "field", name)
			}
		}
	}

	// Every condition must name a field of this card's form, and compare
	// it with values that field can hold: one of its options, yes or no,
	// a number; otherwise it could never hold, silently.
	cond := func(path string, w *Condition) {
		if w == nil {
			return
		}
		p, ok := props.Properties[w.Field]
		if !ok {
			add(path+"/field", "catalog.unknownField", "field", w.Field)
			return
		}
		if w.Equals != nil {
			if !conditionValueFits(p, w.Equals) {
				add(path+"/equals", "catalog.conditionValue", "field", w.Field, "value", fmt.Sprint(w.Equals))
			}
		}
		for i, v := range w.In {
			if !conditionValueFits(p, v) {
				add(fmt.Sprintf("%s/in/%d", path, i), "catalog.conditionValue", "field", w.Field, "value", fmt.Sprint(v))
			}
		}
	}
	for i, d := range c.Documents {
		cond(fmt.Sprintf("/documents/%d/when", i), d.When)
	}
	for i, f := range c.Fees {
		cond(fmt.Sprintf("/fees/%d/when", i), f.When)
	}
	for i, s := range c.Steps {
		cond(fmt.Sprintf("/steps/%d/when", i), s.When)
	}
	for _, n := range fieldNames {
		cond("/form/ui/fields/"+n+"/when", c.Form.UI.Fields[n].When)
	}

	// The filled examples together form the sample form shown to clients;
	// each must be valid for its field.
	if form != nil {
		for _, p := range form.Validate(example) {
			field := p.Path
			if n, ok := firstToken(p.Path); ok {
				p.Path = base + "/form/ui/fields/" + n + "/example" + field[len(n)+1:]
			} else {
				p.Path = base + "/form/ui/fields"
			}
			p.Context = "catalog.ctx.example"
			out = append(out, p)
		}
	}
	return out
}

// conditionValueFits reports whether a condition's value is one the form
// field whose schema is prop can hold: one of its options, when it has
// them; a yes or no for a yes/no field; a number for a number field.
func conditionValueFits(prop json.RawMessage, v any) bool {
	var p struct {
		Type any   `json:"type"`
		Enum []any `json:"enum"`
	}
	if json.Unmarshal(prop, &p) != nil {
		return true // the schema's own problems are reported apart
	}
	if p.Enum != nil {
		return slices.ContainsFunc(p.Enum, func(o any) bool { return same(o, v) })
	}
	_, isBool := v.(bool)
	_, isNum := number(v)
	switch p.Type {
	case "boolean":
		return isBool
	case "number", "integer":
		return isNum
	case "string":
		_, isStr := v.(string)
		return isStr
	}
	return true
}

func firstToken(ptr string) (string, bool) {
	if len(ptr) < 2 || ptr[0] != '/' {
		return "", false
	}
	rest := ptr[1:]
	if i := bytes.IndexByte([]byte(rest), '/'); i >= 0 {
		return rest[:i], true
	}
	return rest, true
}

func hasCashier(fees []Fee) bool {
	for _, f := range fees {
		if f.Cashier != "" {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// archivalAgrees refuses a file in which two cards of one JRWA class give
// different archival categories: the category belongs to the class (the
// office's JRWA), and a case's retention must not depend on which card of
// the class it was registered under.
func archivalAgrees(cards []Card, bad map[int]bool) []Problem {
	var out []Problem
	first := map[string]int{}
	for i, c := range cards {
		if bad[i] || c.Archival == "" {
			continue
		}
		j, ok := first[c.JRWA]
		if !ok {
			first[c.JRWA] = i
			continue
		}
		if o := cards[j]; o.Archival != c.Archival {
			out = append(out, Problem{Card: c.Code, Path: "/cards/" + strconv.Itoa(i) + "/archival", Key: "catalog.archivalDiffers",
				Args: map[string]string{"jrwa": c.JRWA, "category": c.Archival, "other": o.Code, "otherCategory": o.Archival}})
		}
	}
	return out
}
