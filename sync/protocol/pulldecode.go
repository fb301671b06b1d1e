package protocol

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"strconv"
	"unicode/utf8"
)

// A device decodes every pull page it receives, and encoding/json spent
// about 25 µs per row on them (reflection, a map per row, every field's
// value scanned twice: once to validate the page, once to copy it out).
// decodeJSON reads a page by hand in one pass instead. It accepts
// exactly what encoding/json accepts into a PullResponse and gives the
// same result, down to keys matched regardless of case and repeated keys
// (FuzzPullDecodeByHand holds it to that), and gives fields sent
// without a stamp their row's (inheritStamps); unknown keys are skipped,
// as DecodeLenient does. Field values are slices of raw, not copies: raw
// must not be reused after decoding.
func (p *PullResponse) decodeJSON(raw []byte) error {
	orig := *p
	if p.Changes != nil {
		orig.Changes = slices.Clone(p.Changes)
		for i := range orig.Changes {
			orig.Changes[i].Fields = maps.Clone(orig.Changes[i].Fields)
		}
	}
	s := scanner{b: raw}
	err := s.page(p)
	if s.repeatedChanges {
		// A second "changes" decodes into the elements the first left,
		// whose fields were given their row's stamp as it stood then;
		// encoding/json gives stamps once the page is read. No registry
		// sends such a page: it is read again, that way.
		*p = orig
		s = scanner{b: raw, noFill: true}
		if err = s.page(p); err == nil {
			p.inheritStamps()
		}
	}
	return err
}

// page reads a whole page, and nothing after it.
func (s *scanner) page(p *PullResponse) error {
	s.space()
	if err := s.pullPage(p); err != nil {
		return err
	}
	if s.space(); s.i != len(s.b) {
		return s.fail("trailing data")
	}
	return nil
}

// maxDepth is encoding/json's nesting limit.
const maxDepth = 10000

// scanner reads JSON from b at i.
type scanner struct {
	b     []byte
	i     int
	depth int
	names map[string]string // field names and stamps seen on this page, one string each

	escaped, high bool // the last string read had escapes, bytes beyond ASCII

	fill   bool // fields without a stamp take the row's as they are read
	noFill bool // never fill: the caller gives stamps once the page is read
	// changesSeen and repeatedChanges: the page's "changes" key was
	// read, and read again.
	changesSeen, repeatedChanges bool
	fieldsRead                   bool // the change's fields were read
	stampLate                    bool // the change's stamp came after its fields

	// fieldHint is how many fields the last row of each entity had: rows
	// of one entity are alike, and a map made to size is not grown and
	// rehashed as it fills (a page mixes entities of 5 and of 25 fields).
	fieldHint map[string]int
	// stamps are the last few stamps read, one string each: a stamp is
	// rarely shared across rows (the most common one of a row is sent
	// once, as the row's), so a map of them grows and rehashes for
	// nothing, but the fields one write set carry the same stamp, often
	// alternating with another write's.
	stamps [4]string
	next   int // the slot of stamps the next new stamp takes
}

var errSyntax = errors.New("syntax error")

func (s *scanner) fail(what string) error {
	return fmt.Errorf("%w at offset %d: %s", errSyntax, s.i, what)
}

func (s *scanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// null consumes a null literal if one is next.
func (s *scanner) null() bool {
	if s.i+4 <= len(s.b) && string(s.b[s.i:s.i+4]) == "null" {
		s.i += 4
		return true
	}
	return false
}

// object calls fn for each key (unquoted) of the object that is next,
// with the scanner at the key's value; fn must consume the value.
func (s *scanner) object(fn func(key []byte) error) error {
	return s.members('{', '}', func() error {
		key, err := s.key()
		if err != nil {
			return err
		}
		s.space()
		if s.i >= len(s.b) || s.b[s.i] != ':' {
			return s.fail("expected a colon")
		}
		s.i++
		s.space()
		return fn(key)
	})
}

// array calls fn for each element of the array that is next.
func (s *scanner) array(fn func() error) error {
	return s.members('[', ']', fn)
}

// members reads an object or an array, from open to close, calling fn
// for each member (which fn must consume), members separated by commas.
func (s *scanner) members(open, close byte, fn func() error) error {
	if s.i >= len(s.b) || s.b[s.i] != open {
		return s.fail(fmt.Sprintf("expected %q", open))
	}
	if s.depth++; s.depth > maxDepth {
		return s.fail("exceeded max depth")
	}
	s.i++
	s.space()
	if s.i < len(s.b) && s.b[s.i] == close {
		s.i++
		s.depth--
		return nil
	}
	for {
		if err := fn(); err != nil {
			return err
		}
		s.space()
		if s.i >= len(s.b) {
			return s.fail(fmt.Sprintf("no closing %q", close))
		}
		switch s.b[s.i] {
		case ',':
			s.i++
			s.space()
		case close:
			s.i++
			s.depth--
			return nil
		default:
			return s.fail(fmt.Sprintf("expected a comma or %q", close))
		}
	}
}

// SWAR constants: a byte repeated in each of a word's eight bytes.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// special marks, in the high bit of each byte, the bytes of x (little
// endian) that end a string's plain run: a quote, a backslash or a
// control character. The lowest mark is always a true one.
func special(x uint64) uint64 {
	q, bs := x^(ones*'"'), x^(ones*'\\')
	return ((q-ones)&^q | (bs-ones)&^bs | (x-ones*0x20)&^x) & highs
}

// rawString consumes a string and returns it with its quotes, escapes
// left as they are. It notes whether the string had escapes or bytes
// beyond ASCII (lastPlain reads it): most have neither, and are then
// their own value. Plain runs are skipped a word at a time.
func (s *scanner) rawString() ([]byte, error) {
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return nil, s.fail("expected a string")
	}
	start := s.i
	s.i++
	s.escaped, s.high = false, false
	for {
		for s.i+8 <= len(s.b) {
			x := binary.LittleEndian.Uint64(s.b[s.i:])
			if x&highs != 0 {
				s.high = true
			}
			m := special(x)
			if m == 0 {
				s.i += 8
				continue
			}
			s.i += bits.TrailingZeros64(m) / 8
			break
		}
		if s.i >= len(s.b) {
			return nil, s.fail("unterminated string")
		}
		switch c := s.b[s.i]; {
		case c == '"':
			s.i++
			return s.b[start:s.i], nil
		case c == '\\':
			s.escaped = true
			if s.i+1 >= len(s.b) {
				return nil, s.fail("unterminated string")
			}
			switch s.b[s.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.i += 2
			case 'u':
				if s.i+6 > len(s.b) {
					return nil, s.fail("unterminated string")
				}
				for _, h := range s.b[s.i+2 : s.i+6] {
					if !isHex(h) {
						return nil, s.fail("invalid escape")
					}
				}
				s.i += 6
			default:
				return nil, s.fail("invalid escape")
			}
		case c < 0x20:
			return nil, s.fail("control character in string")
		default:
			if c >= utf8.RuneSelf {
				s.high = true
			}
			s.i++
		}
	}
}

// lastPlain reports whether the string rawString just read is its own
// value: no escapes, valid UTF-8.
func (s *scanner) lastPlain(quoted []byte) bool {
	return !s.escaped && (!s.high || utf8.Valid(quoted[1:len(quoted)-1]))
}

// key consumes an object key and returns it unquoted.
func (s *scanner) key() ([]byte, error) {
	q, err := s.rawString()
	if err != nil {
		return nil, err
	}
	if s.lastPlain(q) {
		return q[1 : len(q)-1], nil
	}
	t, err := unquote(q)
	return []byte(t), err
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// unquote unquotes a string with escapes or invalid UTF-8 as
// encoding/json does; such strings are rare.
func unquote(quoted []byte) (string, error) {
	var out string
	err := json.Unmarshal(quoted, &out)
	return out, err
}

// How a plain string read becomes a Go string (one with escapes or
// bytes beyond ASCII is always unquoted afresh).
const (
	fresh    = iota // a string of its own
	interned        // one string per distinct value on the page (names, entities)
	recent          // the same string as one of the last few stamps read
)

// text consumes a string value into *dst, made as kind says; null
// leaves *dst as it is.
func (s *scanner) text(dst *string, kind int) error {
	if s.null() {
		return nil
	}
	q, err := s.rawString()
	if err != nil {
		return err
	}
	if !s.lastPlain(q) {
		*dst, err = unquote(q)
		return err
	}
	switch q = q[1 : len(q)-1]; kind {
	case interned:
		*dst = s.name(q)
	case recent:
		*dst = s.recentStamp(q)
	default:
		*dst = string(q)
	}
	return nil
}

// str consumes a string value into *dst; null leaves *dst as it is.
func (s *scanner) str(dst *string) error { return s.text(dst, fresh) }

// number consumes a number and returns its text.
func (s *scanner) number() ([]byte, error) {
	start := s.i
	if s.i < len(s.b) && s.b[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.b) && s.b[s.i] == '0':
		s.i++
	case s.i < len(s.b) && '1' <= s.b[s.i] && s.b[s.i] <= '9':
		s.digits()
	default:
		return nil, s.fail("invalid number")
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if s.digits() == 0 {
			return nil, s.fail("invalid number")
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if s.digits() == 0 {
			return nil, s.fail("invalid number")
		}
	}
	return s.b[start:s.i], nil
}

func (s *scanner) digits() int {
	n := 0
	for s.i < len(s.b) && '0' <= s.b[s.i] && s.b[s.i] <= '9' {
		s.i++
		n++
	}
	return n
}

// int consumes an integer into *dst; null leaves *dst as it is.
func (s *scanner) int(dst *int64) error {
	if s.null() {
		return nil
	}
	n, err := s.number()
	if err != nil {
		return err
	}
	v, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil {
		return fmt.Errorf("cannot unmarshal number %s into an integer", n)
	}
	*dst = v
	return nil
}

// bool consumes a boolean into *dst; null leaves *dst as it is.
func (s *scanner) bool(dst *bool) error {
	switch {
	case s.null():
	case s.i+4 <= len(s.b) && string(s.b[s.i:s.i+4]) == "true":
		s.i += 4
		*dst = true
	case s.i+5 <= len(s.b) && string(s.b[s.i:s.i+5]) == "false":
		s.i += 5
		*dst = false
	default:
		return s.fail("expected a boolean")
	}
	return nil
}

// value consumes any JSON value and returns its bytes.
func (s *scanner) value() ([]byte, error) {
	start := s.i
	if s.i >= len(s.b) {
		return nil, s.fail("unexpected end")
	}
	var err error
	switch c := s.b[s.i]; {
	case c == '{':
		err = s.object(func([]byte) error { _, err := s.value(); return err })
	case c == '[':
		err = s.array(func() error { _, err := s.value(); return err })
	case c == '"':
		_, err = s.rawString()
	case c == '-' || '0' <= c && c <= '9':
		_, err = s.number()
	case c == 't' && s.i+4 <= len(s.b) && string(s.b[s.i:s.i+4]) == "true":
		s.i += 4
	case c == 'f' && s.i+5 <= len(s.b) && string(s.b[s.i:s.i+5]) == "false":
		s.i += 5
	case c == 'n' && s.null():
	default:
		err = s.fail("invalid value")
	}
	if err != nil {
		return nil, err
	}
	return s.b[start:s.i], nil
}

// Keys of the page's objects.
var (
	pageKeys   = []string{"changes", "cursor", "more", "scope", "forget"}
	changeKeys = []string{"s", "e", "i", "d", "h", "f"}
	fieldKeys  = []string{"v", "h"}
)

// member is which of names key is: the exact name or, as encoding/json
// matches struct fields, one equal under Unicode case folding; "" for
// none (a key to skip).
func member(key []byte, names []string) string {
	for _, n := range names {
		if string(key) == n {
			return n
		}
	}
	for _, n := range names {
		if bytes.EqualFold(key, []byte(n)) {
			return n
		}
	}
	return ""
}

// pullPage reads {"changes": [...], "cursor": n, "more": b}.
func (s *scanner) pullPage(p *PullResponse) error {
	if s.null() {
		return nil
	}
	return s.object(func(key []byte) error {
		switch member(key, pageKeys) {
		case "changes":
			s.repeatedChanges, s.changesSeen = s.changesSeen, true
			if s.null() {
				p.Changes = nil
				return nil
			}
			// [] is empty, not nil, and a repeated "changes" decodes into
			// the elements the first one left, as in encoding/json.
			old := p.Changes
			p.Changes = make([]Change, 0, max(16, len(old)))
			return s.array(func() error {
				var c Change
				if n := len(p.Changes); n < len(old) {
					c = old[n]
				}
				err := s.change(&c)
				p.Changes = append(p.Changes, c)
				return err
			})
		case "cursor":
			return s.int(&p.Cursor)
		case "more":
			return s.bool(&p.More)
		case "scope", "forget":
			// Rare and short (a limited device's pages only): encoding/json
			// reads them, into the same fields, so they decode as it would.
			raw, err := s.value()
			if err != nil {
				return err
			}
			if member(key, pageKeys) == "scope" {
				return json.Unmarshal(raw, &p.Scope)
			}
			return json.Unmarshal(raw, &p.Forget)
		}
		_, err := s.value()
		return err
	})
}

// change reads {"s": n, "e": "…", "i": "…", "d": b, "h": "…", "f": {…}}.
// A field without a stamp takes the row's ("h") as it is read, which the
// registry sends before the fields; sent after them, the change is read
// again and the stamps given after, as inheritStamps does.
func (s *scanner) change(c *Change) error {
	if s.null() {
		return nil
	}
	start, saved := s.i, *c
	if c.Fields != nil {
		saved.Fields = maps.Clone(c.Fields) // an element a repeated "changes" reuses
	}
	s.fill, s.fieldsRead, s.stampLate = !s.noFill, false, false
	if err := s.changeObject(c); err != nil || !s.stampLate || s.noFill {
		return err
	}
	*c, s.i, s.fill = saved, start, false
	if err := s.changeObject(c); err != nil {
		return err
	}
	c.inheritStamp()
	return nil
}

func (s *scanner) changeObject(c *Change) error {
	return s.object(func(key []byte) error {
		switch member(key, changeKeys) {
		case "s":
			return s.int(&c.Seq)
		case "e":
			return s.shared(&c.Entity)
		case "i":
			return s.str(&c.EntityID)
		case "d":
			return s.bool(&c.Deleted)
		case "h":
			s.stampLate = s.stampLate || s.fieldsRead
			return s.stamp(&c.H)
		case "f":
			s.fieldsRead = true
			return s.fields(c)
		}
		_, err := s.value()
		return err
	})
}

// fields reads {"name": {"v": value, "h": "stamp"}, …} into c.Fields;
// as with encoding/json, a repeated "f" adds to the same map.
func (s *scanner) fields(c *Change) error {
	if s.null() {
		c.Fields = nil
		return nil
	}
	if c.Fields == nil {
		c.Fields = make(map[string]Field, s.fieldHint[c.Entity])
	}
	defer func() { s.hintFields(c.Entity, len(c.Fields)) }()
	return s.object(func(key []byte) error {
		name := s.name(key)
		// Each value starts from zero, as a map element does in encoding/json.
		var f Field
		if !s.null() {
			err := s.object(func(k []byte) error {
				switch member(k, fieldKeys) {
				case "v":
					v, err := s.value()
					f.V = v
					return err
				case "h":
					return s.stamp(&f.H)
				}
				_, err := s.value()
				return err
			})
			if err != nil {
				return err
			}
		}
		if f.H == "" && s.fill {
			f.H = c.H
		}
		c.Fields[name] = f
		return nil
	})
}

// hintFields notes how many fields a row of entity had.
func (s *scanner) hintFields(entity string, n int) {
	if s.fieldHint == nil {
		s.fieldHint = map[string]int{}
	}
	s.fieldHint[entity] = n
}

// shared consumes a string that recurs on a page (an entity name) into
// *dst, one string per value.
func (s *scanner) shared(dst *string) error { return s.text(dst, interned) }

// stamp consumes a stamp into *dst.
func (s *scanner) stamp(dst *string) error { return s.text(dst, recent) }

// recentStamp is q as a string, the same one as one of the last few
// stamps read when it is one of them.
func (s *scanner) recentStamp(q []byte) string {
	for _, st := range s.stamps {
		if st == string(q) {
			return st
		}
	}
	st := string(q)
	s.stamps[s.next] = st
	s.next = (s.next + 1) % len(s.stamps)
	return st
}

// name is a field name as a string, one string per distinct name on the
// page: a page repeats the same few dozen names on every row.
func (s *scanner) name(key []byte) string {
	if n, ok := s.names[string(key)]; ok {
		return n
	}
	if s.names == nil {
		s.names = map[string]string{}
	}
	n := string(key)
	s.names[n] = n
	return n
}
