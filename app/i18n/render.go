package i18n

import (
	"errors"
	"fmt"
	"strings"
)

// ErrArgs is the cause of every rendering error: a message or template
// names an argument nobody gave, or the key does not exist.
var ErrArgs = errors.New("i18n: message cannot be rendered")

// isNameByte reports whether c may appear in a placeholder's name: ASCII
// letters, digits and '_' (card templates use {termin_uzupelnienia}).
func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// Placeholders lists the {name}s of a template in order, once each.
func Placeholders(template string) []string {
	var out []string
	seen := map[string]bool{}
	for i := 0; i < len(template); i++ {
		if template[i] != '{' {
			continue
		}
		j := i + 1
		for j < len(template) && isNameByte(template[j]) {
			j++
		}
		if j < len(template) && template[j] == '}' && j > i+1 {
			name := template[i+1 : j]
			if !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
			i = j
		}
	}
	return out
}

// Fill is the one place a {name} becomes its value, for locale messages
// and for the catalogue's card templates alike. Values are inserted as they
// are and never read again, so a client's "{x}" stays text. A placeholder
// without a value is an error naming it. A value ending in a full stop
// (a Polish date's "r.", an abbreviation) takes the place of the
// template's own full stop right after it: "do 10.12.2026 r.", never "r..".
func Fill(template string, args map[string]string) (string, error) {
	var sb strings.Builder
	var missing []string
	for i := 0; i < len(template); i++ {
		c := template[i]
		if c == '{' {
			j := i + 1
			for j < len(template) && isNameByte(template[j]) {
				j++
			}
			if j < len(template) && template[j] == '}' && j > i+1 {
				name := template[i+1 : j]
				v, ok := args[name]
				if !ok {
					missing = append(missing, name)
					sb.WriteString(template[i : j+1])
				} else {
					sb.WriteString(v)
					if strings.HasSuffix(v, ".") && j+1 < len(template) && template[j+1] == '.' {
						j++
					}
				}
				i = j
				continue
			}
		}
		sb.WriteByte(c)
	}
	if missing != nil {
		return sb.String(), fmt.Errorf("%w: no value for {%s}", ErrArgs, strings.Join(missing, "}, {"))
	}
	return sb.String(), nil
}

// Render renders key in locale with args: the plural form chosen by the
// "count" argument, arguments that are keys themselves ("@type.string")
// translated, every placeholder filled by Fill. A key missing from the
// locale, or a placeholder without a value, is an error; the text returned
// with it is the best that could be made.
func (b *Bundle) Render(locale, key string, args map[string]string) (string, error) {
	msg, ok := b.lookup(locale, key, args)
	if !ok {
		return key, fmt.Errorf("%w: key %q missing in %s", ErrArgs, key, locale)
	}
	vals := args
	if hasKeyArg(args) {
		vals = make(map[string]string, len(args))
		for k, v := range args {
			vals[k] = b.argValue(locale, v, args)
		}
	}
	out, err := Fill(msg, vals)
	if err != nil {
		return out, fmt.Errorf("%s %s: %w", locale, key, err)
	}
	return out, nil
}

func hasKeyArg(args map[string]string) bool {
	for _, v := range args {
		if strings.HasPrefix(v, "@") {
			return true
		}
	}
	return false
}
