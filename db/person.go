package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"okienko/app/cases"
	"okienko/app/keys"
	"okienko/db/internal/dbq"
)

// A client's personal fields are one sealed JSON object (table client,
// column person, the row's id): one seal per write, and which fields are
// filled does not show. Its id, kind and printout language stay plain.

// personJSON is the plaintext of a client's sealed column.
func personJSON(c cases.Client) ([]byte, error) {
	c.ID, c.Kind, c.Lang = "", "", ""
	b, err := json.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("db: client %s: %w", c.ID, err)
	}
	return b, nil
}

// clientOf opens a client's sealed fields; a wrong key is keys.ErrAuth,
// a locked store ErrLocked (both wrapped), never a garbled client.
func (r reader) clientOf(id, kind, lang string, person []byte) (cases.Client, error) {
	if _, err := r.lk.cipher(); err != nil {
		return cases.Client{}, fmt.Errorf("db: open client.person: %w", err)
	}
	if len(person) == 0 {
		return cases.Client{}, fmt.Errorf("db: client %s: not sealed yet (an older version's row, sealed at unlock)", id)
	}
	plain, err := r.lk.open("client", "person", id, person)
	if err != nil {
		return cases.Client{}, err
	}
	var c cases.Client
	if err := json.Unmarshal(plain, &c); err != nil {
		return cases.Client{}, fmt.Errorf("db: client %s: %w", id, err)
	}
	c.ID, c.Kind, c.Lang = id, cases.Kind(kind), lang
	return c, nil
}

// clientRows opens the rows of a client list.
func (r reader) clientRows(rows []dbq.ClientGetRow) ([]cases.Client, error) {
	out := make([]cases.Client, 0, len(rows))
	for _, x := range rows {
		c, err := r.clientOf(x.ID, x.Kind, x.Lang, x.Person)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// clientTokens are a client's blind index tokens: the prefixes of its
// name's words and the exact tokens of its identifiers and contacts.
func clientTokens(k *keys.Cipher, c cases.Client) []string {
	out := k.Prefixes(c.FirstName + " " + c.LastName + " " + c.BusinessName)
	for _, id := range []struct {
		kind keys.Kind
		v    string
	}{{keys.KindPESEL, c.PESEL}, {keys.KindNIP, c.NIP}, {keys.KindREGON, c.REGON}, {keys.KindDocument, c.DocNumber},
		{keys.KindPhone, c.Phone}, {keys.KindEmail, c.Email}} {
		if t := k.Exact(id.kind, id.v); t != "" {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func jsonList[T any](v []T) string {
	if len(v) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// sealedClient is a client payload with what storing it computes before
// any statement: its personal fields sealed and its blind index tokens
// (none on a store without a key). PrepareRemote makes it off the writer.
type sealedClient struct {
	p      clientPayload
	person []byte
	tokens []string
}

// sealClient seals a client's personal fields with k (nil: the plaintext
// store of the registry's snapshot builder, which keeps them as they are
// and has no blind index).
func sealClient(k *keys.Cipher, p clientPayload) (sealedClient, error) {
	plain, err := personJSON(p.Client)
	if err != nil {
		return sealedClient{}, err
	}
	if k == nil {
		return sealedClient{p: p, person: plain}, nil
	}
	return sealedClient{p: p, person: k.Seal("client", "person", p.Client.ID, plain), tokens: clientTokens(k, p.Client)}, nil
}

// writeClient seals and stores a client row and keeps its blind index
// entries in step, in the caller's transaction: the old name's tokens
// (found by opening the row it replaces) go, the new ones come.
func (t *Tx) writeClient(ctx context.Context, p clientPayload) error {
	k, err := t.lk.cipher()
	if err != nil {
		return fmt.Errorf("db: seal client.person: %w", err)
	}
	sc, err := sealClient(k, p)
	if err != nil {
		return err
	}
	return t.writeSealedClient(ctx, k, sc)
}

// writeSealedClient is writeClient of a client sealed with k, the
// store's cipher.
func (t *Tx) writeSealedClient(ctx context.Context, k *keys.Cipher, sc sealedClient) error {
	c := sc.p.Client
	var old []string
	if k != nil {
		prev, err := t.q.ClientGet(ctx, c.ID)
		switch {
		case err == nil:
			if len(prev.Person) > 0 {
				oc, err := t.clientOf(prev.ID, prev.Kind, prev.Lang, prev.Person)
				if err != nil {
					return err
				}
				old = clientTokens(k, oc)
			}
		case !errors.Is(err, sql.ErrNoRows):
			return wrap("save client", err)
		}
	}
	n := ms(t.now)
	rid, err := t.q.ClientUpsert(ctx, dbq.ClientUpsertParams{ID: c.ID, OfficeID: sc.p.OfficeID,
		Kind: string(c.Kind), Lang: c.Lang, Person: sc.person, CreatedAt: n, UpdatedAt: n})
	if err != nil {
		return wrap("save client", err)
	}
	if k == nil {
		return nil // plaintext (the registry's snapshot builder): no blind index
	}
	tokens := sc.tokens
	var gone []string
	for _, tok := range old {
		if _, found := slices.BinarySearch(tokens, tok); !found {
			gone = append(gone, tok)
		}
	}
	if len(gone) > 0 {
		if err := t.q.SearchTokenDrop(ctx, dbq.SearchTokenDropParams{ClientRowid: rid, Tokens: jsonList(gone)}); err != nil {
			return wrap("client search index", err)
		}
	}
	return wrap("client search index", t.q.SearchTokenAdd(ctx, dbq.SearchTokenAddParams{ClientRowid: rid, Tokens: jsonList(tokens)}))
}

// sealJSON seals a JSON value for one column of one row.
func (r reader) sealJSON(table, column, id string, v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("db: %s.%s of %s: %w", table, column, id, err)
	}
	return r.lk.seal(table, column, id, raw)
}
