package keys

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"hash"
	"slices"
	"strings"
	"unicode"

	"okienko/app/fold"
)

// Kind names what an exact blind index token stands for, so a PESEL and a
// document number that happen to be the same string give different
// tokens.
type Kind string

// The identifiers searched by exact value.
const (
	KindPESEL    Kind = "pesel"
	KindNIP      Kind = "nip"
	KindREGON    Kind = "regon"
	KindDocument Kind = "document" // ID card, passport, residence card
	KindPhone    Kind = "phone"
	KindEmail    Kind = "email"
)

// Prefix lengths indexed per name word (in runes of the folded word).
// Below MinPrefix a typed word searches no names (signs and identifiers
// still work); a word longer than MaxPrefix is looked up by its first
// MaxPrefix runes and the candidates are checked after decryption
// (PrefixQuery says so).
const (
	MinPrefix = 3
	MaxPrefix = 8
)

// tokenLen is the length of a token before encoding: 96 bits, so two
// different values collide with probability 2^-96, and a device's million
// tokens nowhere near the birthday bound.
const tokenLen = 12

// token is HMAC-SHA-256 under the blind index key of a domain and a value,
// truncated to tokenLen bytes, in unpadded base64url (16 characters).
func (c *Cipher) token(domain, value string) string {
	m, _ := c.macs.Get().(hash.Hash)
	if m == nil {
		m = hmac.New(sha256.New, c.index[:])
	}
	var buf [128]byte
	in := binary.AppendUvarint(buf[:0], uint64(len(domain)))
	in = append(append(in, domain...), value...)
	m.Write(in)
	var sum [sha256.Size]byte
	m.Sum(sum[:0])
	m.Reset()
	c.macs.Put(m)
	var out [22]byte
	base64.RawURLEncoding.Encode(out[:], sum[:tokenLen])
	return string(out[:base64.RawURLEncoding.EncodedLen(tokenLen)])
}

// Normalize is the form an identifier is indexed and looked up in: upper
// case, without spaces, hyphens, dots and slashes ("ABC 123456" and
// "abc-123456" find each other). E-mail addresses are lower-cased whole.
func Normalize(kind Kind, value string) string {
	if kind == KindEmail {
		return strings.ToLower(strings.TrimSpace(value))
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' || r == '.' || r == '/' {
			return -1
		}
		return unicode.ToUpper(r)
	}, value)
}

// Exact is the blind index token of an identifier's exact value: equal
// values (after Normalize) give equal tokens, and nothing else about the
// value can be learned from it without the key. An empty value has no
// token ("").
func (c *Cipher) Exact(kind Kind, value string) string {
	v := Normalize(kind, value)
	if v == "" {
		return ""
	}
	return c.token("exact:"+string(kind), v)
}

// Prefixes are the blind index tokens of a name (given names, surname,
// company name): for each word of the folded name (app/fold: lower case,
// no diacritics, ł → l, punctuation splits words, so "Łęcka-Wróblewska"
// is "lecka" and "wroblewska"), each of its prefixes of MinPrefix to
// MaxPrefix runes, and a word shorter than MinPrefix whole. The tokens
// come sorted and without repeats, so their order says nothing of which
// word gave which.
func (c *Cipher) Prefixes(name string) []string {
	var out []string
	for _, w := range fold.Tokens(name) {
		r := []rune(w)
		if len(r) < MinPrefix {
			out = append(out, c.token("prefix", w))
			continue
		}
		for n := MinPrefix; n <= min(len(r), MaxPrefix); n++ {
			out = append(out, c.token("prefix", string(r[:n])))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// PrefixQuery is the token to look a typed word up by, among the tokens
// Prefixes gave. ok is false for a word that folds to nothing. filter is
// true when the token stands for only the word's first MaxPrefix runes:
// the caller then checks the decrypted names of the rows found against
// the whole folded word. A word shorter than MinPrefix finds only names
// with that very word ("Li", "Ng"), not names it begins. A typed text of several words is
// several queries, their rows intersected.
func (c *Cipher) PrefixQuery(word string) (token string, filter, ok bool) {
	w := fold.String(word)
	if w == "" || strings.Contains(w, " ") {
		// Several words: the caller splits with fold.Tokens first.
		return "", false, false
	}
	r := []rune(w)
	switch {
	case len(r) < MinPrefix:
		return c.token("prefix", w), false, true
	case len(r) > MaxPrefix:
		return c.token("prefix", string(r[:MaxPrefix])), true, true
	}
	return c.token("prefix", w), false, true
}
