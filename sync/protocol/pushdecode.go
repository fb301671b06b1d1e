package protocol

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// The registry decodes every push it receives, strictly: a key it does
// not know is refused. encoding/json spent as much on that as on
// applying the ops. decodeStrict reads a push by hand in one pass
// instead, accepting exactly what the decoding it replaces accepted (a
// json.Decoder refusing unknown fields, then no further value) with the
// same result (FuzzPushDecodeByHand holds it to that). Field values are
// slices of raw, not copies.
func (p *PushRequest) decodeStrict(raw []byte) error {
	s := scanner{b: raw}
	s.space()
	if err := s.pushRequest(p); err != nil {
		return err
	}
	// json.Decoder reads one value; the check after it (More) lets a
	// closing bracket or brace follow, and nothing else.
	if s.space(); s.i < len(s.b) && s.b[s.i] != ']' && s.b[s.i] != '}' {
		return s.fail("trailing data")
	}
	return nil
}

// Keys of a push's objects.
var (
	pushKeys = []string{"batch", "ops", "lease"}
	opKeys   = []string{"id", "e", "i", "k", "h", "f", "b"}
)

func unknownField(key []byte) error {
	return fmt.Errorf("json: unknown field %q", key)
}

// pushRequest reads {"batch": "…", "ops": [...], "lease": [...]}.
func (s *scanner) pushRequest(p *PushRequest) error {
	if s.null() {
		return nil
	}
	return s.object(func(key []byte) error {
		switch member(key, pushKeys) {
		case "batch":
			return s.str(&p.BatchID)
		case "ops":
			if s.null() {
				p.Ops = nil
				return nil
			}
			// As in encoding/json: [] is empty, not nil, and a repeated
			// "ops" decodes into the elements the first one left.
			old := p.Ops
			p.Ops = make([]Op, 0, max(4, len(old)))
			return s.array(func() error {
				var op Op
				if n := len(p.Ops); n < len(old) {
					op = old[n]
				}
				err := s.op(&op)
				p.Ops = append(p.Ops, op)
				return err
			})
		case "lease":
			// A few registers, now and then: encoding/json reads them,
			// into the same slice, so a repeated key behaves as there.
			v, err := s.value()
			if err != nil {
				return err
			}
			d := json.NewDecoder(bytes.NewReader(v))
			d.DisallowUnknownFields()
			return d.Decode(&p.Lease)
		}
		return unknownField(key)
	})
}

// op reads {"id", "e", "i", "k", "h": "…", "f": {name: value}, "b": {name: "stamp"}}.
func (s *scanner) op(o *Op) error {
	if s.null() {
		return nil
	}
	return s.object(func(key []byte) error {
		switch member(key, opKeys) {
		case "id":
			return s.str(&o.ID)
		case "e":
			return s.str(&o.Entity)
		case "i":
			return s.str(&o.EntityID)
		case "k":
			k := string(o.Kind)
			err := s.str(&k)
			o.Kind = Kind(k)
			return err
		case "h":
			return s.stamp(&o.HLC)
		case "f":
			if s.null() {
				o.Fields = nil
				return nil
			}
			if o.Fields == nil {
				o.Fields = make(map[string]json.RawMessage, s.fieldHint[o.Entity])
			}
			defer func() { s.hintFields(o.Entity, len(o.Fields)) }()
			return s.object(func(name []byte) error {
				v, err := s.value()
				o.Fields[s.name(name)] = v
				return err
			})
		case "b":
			if s.null() {
				o.Base = nil
				return nil
			}
			if o.Base == nil {
				o.Base = map[string]string{}
			}
			return s.object(func(name []byte) error {
				var h string // null leaves the element empty, as in encoding/json
				err := s.stamp(&h)
				o.Base[s.name(name)] = h
				return err
			})
		}
		return unknownField(key)
	})
}
