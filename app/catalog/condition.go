package catalog

import (
	"encoding/json"
	"strings"
)

// Holds reports whether the condition is met by form answers. A nil
// condition always holds. Numbers compare by value whatever their Go type,
// because answers arrive as JSON (float64) and catalogue values as int or
// json.Number.
func (c *Condition) Holds(answers map[string]any) bool {
	if c == nil {
		return true
	}
	v, present := answers[c.Field]
	switch {
	case c.Filled != nil:
		return filled(v, present) == *c.Filled
	case c.Equals != nil:
		return present && same(v, c.Equals)
	default:
		for _, want := range c.In {
			if present && same(v, want) {
				return true
			}
		}
		return false
	}
}

func filled(v any, present bool) bool {
	if !present || v == nil {
		return false
	}
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x) != ""
	case []any:
		return len(x) > 0
	}
	return true
}

func same(a, b any) bool {
	if fa, ok := number(a); ok {
		fb, ok := number(b)
		return ok && fa == fb
	}
	return a == b
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}
