// Package i18n holds the locale files shared by the Go backend and the
// Svelte frontend, renders messages with {name} placeholders and Polish
// plural forms, and defines Error: an error a person sees, carried by key.
package i18n

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:embed locales/*.json
var files embed.FS

// Default is the locale of the office: the UI is Polish first.
const Default = "pl"

// Bundle is the set of loaded locales. It is immutable after Load.
type Bundle struct {
	msgs map[string]map[string]string
}

// Load reads every locales/*.json file embedded in the package.
func Load() (*Bundle, error) {
	return LoadFS(files)
}

// LoadFS reads locales/*.json from fsys (tests pass their own).
func LoadFS(fsys fs.FS) (*Bundle, error) {
	names, err := fs.Glob(fsys, "locales/*.json")
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	b := &Bundle{msgs: map[string]map[string]string{}}
	for _, n := range names {
		raw, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, fmt.Errorf("i18n: read %s: %w", n, err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, fmt.Errorf("i18n: parse %s: %w", n, err)
		}
		b.msgs[strings.TrimSuffix(path.Base(n), ".json")] = m
	}
	if _, ok := b.msgs[Default]; !ok {
		return nil, fmt.Errorf("i18n: default locale %q missing", Default)
	}
	return b, nil
}

// Locales lists the loaded locale codes, sorted.
func (b *Bundle) Locales() []string {
	out := make([]string, 0, len(b.msgs))
	for k := range b.msgs {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Keys lists the keys of one locale, sorted.
func (b *Bundle) Keys(locale string) []string {
	m := b.msgs[locale]
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Has reports whether the default locale defines key (plural keys count
// when any of their forms exists).
func (b *Bundle) Has(key string) bool {
	m := b.msgs[Default]
	if _, ok := m[key]; ok {
		return true
	}
	_, ok := m[key+"_one"]
	return ok
}

// T renders key in locale with args (see Render). A missing key falls
// back to Polish, then to the key itself, so a gap shows up in the UI
// instead of an empty label; tests hold every key and argument to Render.
func (b *Bundle) T(locale, key string, args map[string]string) string {
	if _, ok := b.lookup(locale, key, args); !ok {
		locale = Default
	}
	out, _ := b.Render(locale, key, args)
	return out
}

// argValue translates an argument that is itself a key: "@type.string"
// becomes "tekst", and "@a|@b" becomes "a lub b". The nested message sees
// the outer arguments that are not keys themselves (e.g. {detail}).
func (b *Bundle) argValue(locale, v string, args map[string]string) string {
	if !strings.HasPrefix(v, "@") {
		return v
	}
	plain := map[string]string{}
	for k, a := range args {
		if !strings.HasPrefix(a, "@") {
			plain[k] = a
		}
	}
	parts := strings.Split(v, "|")
	for i, p := range parts {
		parts[i] = b.T(locale, strings.TrimPrefix(p, "@"), plain)
	}
	return strings.Join(parts, " "+b.T(locale, "common.or", nil)+" ")
}

func (b *Bundle) lookup(locale, key string, args map[string]string) (string, bool) {
	m := b.msgs[locale]
	if m == nil {
		return "", false
	}
	if c, ok := args["count"]; ok {
		var n int
		if _, err := fmt.Sscan(c, &n); err == nil {
			if s, ok := m[key+"_"+PluralForm(locale, n)]; ok {
				return s, true
			}
		}
	}
	s, ok := m[key]
	return s, ok
}

// PluralForm returns "one", "few" or "many" by the CLDR rules for Polish and
// Ukrainian (which agree on integers), and "one"/"many" for English.
func PluralForm(locale string, n int) string {
	if n < 0 {
		n = -n
	}
	if locale == "en" {
		if n == 1 {
			return "one"
		}
		return "many"
	}
	if n == 1 {
		return "one"
	}
	if locale == "uk" && n%10 == 1 && n%100 != 11 {
		return "one"
	}
	if n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14) {
		return "few"
	}
	return "many"
}

// Error is an error meant for a person: Key names the message in the
// locale files, Args fill its placeholders, Err keeps the precise cause for
// the log. Error() never contains personal data: callers must not put any
// into Args of errors that are logged.
type Error struct {
	Key  string
	Args map[string]string
	Err  error
}

// E builds a user-facing error; args alternate name, value.
func E(key string, err error, args ...string) *Error {
	e := &Error{Key: key, Err: err}
	if len(args) > 0 {
		e.Args = map[string]string{}
		for i := 0; i+1 < len(args); i += 2 {
			e.Args[args[i]] = args[i+1]
		}
	}
	return e
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Key + ": " + e.Err.Error()
	}
	return e.Key
}

// Unwrap exposes the cause to errors.Is/As.
func (e *Error) Unwrap() error { return e.Err }

// KeyOf returns the i18n key of the first *Error in err's chain, or "".
func KeyOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Key
	}
	return ""
}
