package catalog

import (
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"okienko/app/ident"
)

// Problem is one defect of a catalogue file: which card, where in the file
// (a JSON Pointer), and what is wrong as an i18n key with arguments, so the
// admin reads it in Polish and a test can assert on the key.
type Problem struct {
	Card string `json:"card"` // card code, or "#N" when the code itself is unusable; "" for the file
	Path string `json:"path"` // JSON Pointer into the file, e.g. /cards/3/fees/0/amountGrosze
	// Context, when set, is an i18n key naming the part checked, e.g. the
	// filled example of a form field, shown before the message.
	Context string            `json:"context,omitempty"`
	Key     string            `json:"key"`
	Args    map[string]string `json:"args,omitempty"`
}

func (p Problem) String() string {
	keys := make([]string, 0, len(p.Args))
	for k := range p.Args {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s %s %s%s", p.Card, p.Path, p.Context, p.Key)
	for _, k := range keys {
		fmt.Fprintf(&sb, " %s=%s", k, p.Args[k])
	}
	return sb.String()
}

// ProblemsError is returned when a file is rejected; it carries every
// problem found, not only the first.
type ProblemsError struct {
	Problems []Problem
}

func (e *ProblemsError) Error() string {
	return fmt.Sprintf("catalog: %d problem(s) in file, first: %s", len(e.Problems), e.Problems[0])
}

// enPrinter renders the rare schema errors we have no Polish key for.
var enPrinter = message.NewPrinter(language.English)

// pointer renders JSON Pointer tokens.
func pointer(tokens []string) string {
	if len(tokens) == 0 {
		return ""
	}
	var sb strings.Builder
	for _, t := range tokens {
		sb.WriteByte('/')
		t = strings.ReplaceAll(t, "~", "~0")
		sb.WriteString(strings.ReplaceAll(t, "/", "~1"))
	}
	return sb.String()
}

// schemaProblems flattens a validation error tree into leaf problems. Paths
// are prefixed with prefix (the location of the validated value in the file).
func schemaProblems(err error, prefix []string) []Problem {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []Problem{{Path: pointer(prefix), Key: "schema.other", Args: map[string]string{"detail": err.Error()}}}
	}
	var out []Problem
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		loc := append(append([]string{}, prefix...), e.InstanceLocation...)
		if _, ok := e.ErrorKind.(*kind.OneOf); ok {
			out = append(out, Problem{Path: pointer(loc), Key: "schema.oneOf"})
			return
		}
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		out = append(out, kindProblem(e.ErrorKind, loc)...)
	}
	walk(ve)
	return out
}

func kindProblem(k jsonschema.ErrorKind, loc []string) []Problem {
	p := func(key string, args ...string) []Problem {
		pr := Problem{Path: pointer(loc), Key: key}
		if len(args) > 0 {
			pr.Args = map[string]string{}
			for i := 0; i+1 < len(args); i += 2 {
				pr.Args[args[i]] = args[i+1]
			}
		}
		return []Problem{pr}
	}
	switch k := k.(type) {
	case *kind.Required:
		// One problem per missing field, each pointing at where it belongs.
		var out []Problem
		for _, m := range k.Missing {
			out = append(out, Problem{Path: pointer(append(append([]string{}, loc...), m)), Key: "schema.required", Args: map[string]string{"field": m}})
		}
		return out
	case *kind.AdditionalProperties:
		var out []Problem
		for _, m := range k.Properties {
			out = append(out, Problem{Path: pointer(append(append([]string{}, loc...), m)), Key: "schema.additional", Args: map[string]string{"field": m}})
		}
		return out
	case *kind.Type:
		return p("schema.type", "got", "@type."+k.Got, "want", typeList(k.Want))
	case *kind.Enum:
		return p("schema.enum", "want", valueList(k.Want))
	case *kind.Const:
		return p("schema.const", "want", fmt.Sprint(k.Want))
	case *kind.Format:
		reason, detail := "@ident.format", ""
		var ie *ident.Error
		if errors.As(k.Err, &ie) {
			reason, detail = "@"+string(ie.Reason), ie.Detail
		}
		return p("schema.format", "format", "@format."+k.Want, "reason", reason, "detail", detail)
	case *kind.Pattern:
		return p("schema.pattern", "pattern", k.Want)
	case *kind.MinLength:
		if k.Want == 1 {
			return p("schema.empty")
		}
		return p("schema.minLength", "n", strconv.Itoa(k.Want))
	case *kind.MaxLength:
		return p("schema.maxLength", "n", strconv.Itoa(k.Want))
	case *kind.Minimum:
		return p("schema.minimum", "n", ratString(k.Want))
	case *kind.Maximum:
		return p("schema.maximum", "n", ratString(k.Want))
	case *kind.ExclusiveMinimum:
		return p("schema.minimum", "n", ratString(k.Want))
	case *kind.ExclusiveMaximum:
		return p("schema.maximum", "n", ratString(k.Want))
	case *kind.MinItems:
		return p("schema.minItems", "n", strconv.Itoa(k.Want))
	case *kind.MaxItems:
		return p("schema.maxItems", "n", strconv.Itoa(k.Want))
	case *kind.MinProperties:
		return p("schema.minProperties", "n", strconv.Itoa(k.Want))
	case *kind.MaxProperties:
		return p("schema.maxProperties", "n", strconv.Itoa(k.Want))
	case *kind.UniqueItems:
		return p("schema.unique", "a", strconv.Itoa(k.Duplicates[0]+1), "b", strconv.Itoa(k.Duplicates[1]+1))
	case *kind.Not, *kind.FalseSchema:
		return p("schema.not")
	default:
		return p("schema.other", "detail", k.LocalizedString(enPrinter))
	}
}

func typeList(ts []string) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = "@type." + t
	}
	return strings.Join(parts, "|")
}

func valueList(vs []any) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = fmt.Sprint(v)
	}
	return strings.Join(parts, ", ")
}

func ratString(r *big.Rat) string {
	if r == nil {
		return "?"
	}
	if r.IsInt() {
		return r.Num().String()
	}
	return r.FloatString(2)
}
