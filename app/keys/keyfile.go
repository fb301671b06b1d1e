package keys

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// The key file: JSON a person can read (which wraps there are, for whom,
// at what costs), versioned, parsed strictly.
const (
	keyFileFormat  = "okienko-keys"
	keyFileVersion = 1
	// MaxKeyFileSize bounds what ParseKeyFile reads: some thousand people.
	MaxKeyFileSize = 1 << 20
)

type fileJSON struct {
	Format  string     `json:"format"`
	Version int        `json:"version"`
	Device  string     `json:"device"`
	Wraps   []wrapJSON `json:"wraps"`
}

type wrapJSON struct {
	Kind  string  `json:"kind"`
	Staff string  `json:"staff,omitempty"`
	KDF   kdfJSON `json:"kdf"`
	Nonce string  `json:"nonce"`
	Key   string  `json:"key"`
}

type kdfJSON struct {
	Alg     string `json:"alg"`
	Time    uint32 `json:"t"`
	Memory  uint32 `json:"m"`
	Threads uint8  `json:"p"`
	Salt    string `json:"salt"`
}

var b64 = base64.StdEncoding.Strict()

// Marshal writes the key set as its key file: the recovery wrap first,
// then the people by staff id.
func (ks *KeySet) Marshal() ([]byte, error) {
	f := fileJSON{Format: keyFileFormat, Version: keyFileVersion, Device: ks.device}
	for _, w := range append([]wrap{ks.rec}, ks.people...) {
		f.Wraps = append(f.Wraps, wrapJSON{
			Kind:  w.kind,
			Staff: w.staff,
			KDF: kdfJSON{Alg: "argon2id", Time: w.time, Memory: w.memory, Threads: w.threads,
				Salt: b64.EncodeToString(w.salt)},
			Nonce: b64.EncodeToString(w.nonce),
			Key:   b64.EncodeToString(w.sealed),
		})
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("keys: marshal key file: %w", err)
	}
	return append(b, '\n'), nil
}

// ParseKeyFile reads a key file strictly: its format and version, no
// unknown fields, nothing after it, one recovery wrap, people with ids
// unique and well-formed, costs within bounds, salts, nonces and sealed
// keys of their exact lengths. Whatever fails is ErrMalformed (wrapped
// with what was wrong); a file that parses may still not open (a wrong
// password is only found by Unwrap).
func ParseKeyFile(b []byte) (*KeySet, error) {
	if len(b) > MaxKeyFileSize {
		return nil, fmt.Errorf("keys: key file of %d bytes: %w", len(b), ErrMalformed)
	}
	if err := noDuplicateKeys(b); err != nil {
		return nil, fmt.Errorf("keys: key file: %v: %w", err, ErrMalformed)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var f fileJSON
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("keys: key file: %v: %w", err, ErrMalformed)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("keys: key file: data after the end: %w", ErrMalformed)
	}
	if f.Format != keyFileFormat || f.Version != keyFileVersion {
		return nil, fmt.Errorf("keys: key file format %q version %d: %w", f.Format, f.Version, ErrMalformed)
	}
	if err := checkID(f.Device); err != nil {
		return nil, fmt.Errorf("keys: key file device: %w", err)
	}
	ks := &KeySet{device: f.Device}
	recs := 0
	for i, wj := range f.Wraps {
		w, err := parseWrap(wj)
		if err != nil {
			return nil, fmt.Errorf("keys: key file wrap %d: %w", i, err)
		}
		if w.kind == kindRecovery {
			recs++
			ks.rec = w
			continue
		}
		ks.people = append(ks.people, w)
	}
	if recs != 1 {
		return nil, fmt.Errorf("keys: key file has %d recovery wraps: %w", recs, ErrMalformed)
	}
	slices.SortFunc(ks.people, func(a, b wrap) int { return strings.Compare(a.staff, b.staff) })
	for i := 1; i < len(ks.people); i++ {
		if ks.people[i].staff == ks.people[i-1].staff {
			return nil, fmt.Errorf("keys: key file wraps %q twice: %w", ks.people[i].staff, ErrMalformed)
		}
	}
	return ks, nil
}

func parseWrap(wj wrapJSON) (wrap, error) {
	w := wrap{kind: wj.Kind, staff: wj.Staff, time: wj.KDF.Time, memory: wj.KDF.Memory, threads: wj.KDF.Threads}
	switch wj.Kind {
	case kindPerson:
		if err := checkID(wj.Staff); err != nil {
			return wrap{}, fmt.Errorf("staff id: %w", err)
		}
	case kindRecovery:
		if wj.Staff != "" {
			return wrap{}, fmt.Errorf("a recovery wrap names a person: %w", ErrMalformed)
		}
	default:
		return wrap{}, fmt.Errorf("kind %q: %w", wj.Kind, ErrMalformed)
	}
	if wj.KDF.Alg != "argon2id" {
		return wrap{}, fmt.Errorf("kdf %q: %w", wj.KDF.Alg, ErrMalformed)
	}
	if err := checkParams(w.time, w.memory, w.threads); err != nil {
		return wrap{}, err
	}
	var err error
	if w.salt, err = decodeLen(wj.KDF.Salt, 16, 64); err != nil {
		return wrap{}, fmt.Errorf("salt: %w", err)
	}
	if w.nonce, err = decodeLen(wj.Nonce, 12, 12); err != nil {
		return wrap{}, fmt.Errorf("nonce: %w", err)
	}
	if w.sealed, err = decodeLen(wj.Key, KeyLen+16, KeyLen+16); err != nil {
		return wrap{}, fmt.Errorf("key: %w", err)
	}
	return w, nil
}

func decodeLen(s string, lo, hi int) ([]byte, error) {
	if len(s) > 4*hi { // before decoding anything large
		return nil, ErrMalformed
	}
	b, err := b64.DecodeString(s)
	if err != nil || len(b) < lo || len(b) > hi {
		return nil, ErrMalformed
	}
	return b, nil
}

// noDuplicateKeys refuses an object that names a key twice, which
// encoding/json would read as the last one given: a key file says each
// thing once.
func noDuplicateKeys(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	type frame struct {
		keys   map[string]bool
		object bool
		key    bool // the next string token is a key
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{':
				stack = append(stack, &frame{keys: map[string]bool{}, object: true, key: true})
			case '[':
				stack = append(stack, &frame{})
			default:
				stack = stack[:len(stack)-1]
				if len(stack) > 0 && stack[len(stack)-1].object {
					stack[len(stack)-1].key = true
				}
			}
			continue
		}
		if top == nil || !top.object {
			continue
		}
		if top.key {
			k := tok.(string)
			if top.keys[k] {
				return fmt.Errorf("%q given twice", k)
			}
			top.keys[k] = true
			top.key = false
			continue
		}
		top.key = true // a scalar value: a key comes next
	}
}
