package catalog

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
)

// Stored identifies a card version already in the local store.
type Stored struct {
	Version int
	Hash    string
}

// Plan is what an import will do: the new card versions to store and the
// cards left as they are. A plan with problems must not be applied.
type Plan struct {
	New       []Card
	Unchanged []string // "code@version"
	Problems  []Problem
}

// PlanImport compares a validated file with the stored versions (by code).
// Stored versions are immutable, so a changed card must carry a higher
// version number; a lower or reused number is a problem, never an overwrite.
func PlanImport(f *File, stored map[string][]Stored) Plan {
	var p Plan
	for i, c := range f.Cards {
		base := "/cards/" + strconv.Itoa(i) + "/version"
		h := Hash(c)
		maxV := 0
		var same *Stored
		for j, s := range stored[c.Code] {
			if s.Version > maxV {
				maxV = s.Version
			}
			if s.Version == c.Version {
				same = &stored[c.Code][j]
			}
		}
		switch {
		case same != nil && same.Hash == h:
			p.Unchanged = append(p.Unchanged, c.Code+"@"+strconv.Itoa(c.Version))
		case same != nil:
			p.Problems = append(p.Problems, Problem{Card: c.Code, Path: base, Key: "catalog.versionChanged",
				Args: map[string]string{"version": strconv.Itoa(c.Version), "next": strconv.Itoa(maxV + 1)}})
		case c.Version < maxV:
			p.Problems = append(p.Problems, Problem{Card: c.Code, Path: base, Key: "catalog.versionOld",
				Args: map[string]string{"version": strconv.Itoa(c.Version), "current": strconv.Itoa(maxV)}})
		default:
			p.New = append(p.New, c)
		}
	}
	return p
}

// Hash is a content hash of a card that ignores formatting and key order,
// so re-importing an exported file is recognised as unchanged.
func Hash(c Card) string {
	raw, _ := json.Marshal(c) // a Card always marshals
	var v any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&v); err == nil {
		raw, _ = json.Marshal(v) // maps marshal with sorted keys
	}
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}
