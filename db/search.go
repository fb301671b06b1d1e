package db

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"okienko/app/fold"
	"okienko/app/keys"
	"okienko/db/internal/dbq"
)

// Clients are found through the blind index (search_token): keyed tokens
// of their name words' prefixes and of their identifiers' exact values
// (app/keys), so the file holds no name or identifier to read, and yet a
// name typed without diacritics, a PESEL, NIP or document number find
// their client. See ARCHITECTURE.md, "Encryption at rest".

// postings is one token's posting list: client rowids, ascending.
func (r reader) postings(ctx context.Context, token string) ([]int64, error) {
	rows, err := r.q.SearchTokenRows(ctx, token)
	return rows, wrap("search index", err)
}

// intersect keeps the rowids in every list, walking them from the
// shortest: the rarest word bounds the work.
func intersect(lists [][]int64) []int64 {
	if len(lists) == 0 {
		return nil
	}
	slices.SortFunc(lists, func(a, b []int64) int { return len(a) - len(b) })
	out := slices.Clone(lists[0])
	for _, l := range lists[1:] {
		kept := out[:0]
		j := 0
		for _, v := range out {
			for j < len(l) && l[j] < v {
				j++
			}
			if j < len(l) && l[j] == v {
				kept = append(kept, v)
			}
		}
		out = kept
		if len(out) == 0 {
			break
		}
	}
	return out
}

// identLike tells whether typed text may be an identifier (PESEL, NIP,
// REGON, a document or phone number, an e-mail address) rather than
// words of a name: one value with a digit or an @ once spaces, hyphens,
// dots and slashes are dropped.
func identLike(text string) bool {
	n := keys.Normalize(keys.KindDocument, text)
	if strings.Contains(n, "@") {
		return true
	}
	digit := false
	for _, c := range n {
		switch {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'A' && c <= 'Z' || c == '+':
		default:
			return false
		}
	}
	return digit
}

// identClients are the clients any of whose identifiers or contacts is
// exactly the typed value (each kind its own token).
func (r reader) identClients(ctx context.Context, k *keys.Cipher, text string) ([]int64, error) {
	kinds := []keys.Kind{keys.KindPESEL, keys.KindNIP, keys.KindREGON, keys.KindDocument, keys.KindPhone}
	if strings.Contains(text, "@") {
		kinds = []keys.Kind{keys.KindEmail}
	}
	var out []int64
	for _, kind := range kinds {
		tok := k.Exact(kind, text)
		if tok == "" {
			continue
		}
		rows, err := r.postings(ctx, tok)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// exactClients are the clients with exactly this identifier of one kind.
func (r reader) exactClients(ctx context.Context, kind keys.Kind, value string) ([]int64, error) {
	k, err := r.lk.cipher()
	if err != nil || k == nil {
		return nil, err
	}
	tok := k.Exact(kind, value)
	if tok == "" {
		return nil, nil
	}
	return r.postings(ctx, tok)
}

// nameClients are the clients of officeID whose name has a word beginning
// with each typed word (folded: no diacritics, ł → l). Each word is one
// token of the blind index; their posting lists are intersected, the
// shortest first. A word longer than keys.MaxPrefix is looked up by its
// first letters and checked against the opened names of the few rows
// found. ok is false when the text holds no word to look up.
func (r reader) nameClients(ctx context.Context, officeID, text string) (rowids []int64, ok bool, err error) {
	k, err := r.lk.cipher()
	if err != nil || k == nil {
		return nil, false, err
	}
	var lists [][]int64
	var long []string
	for _, w := range fold.Tokens(text) {
		tok, filter, ok := k.PrefixQuery(w)
		if !ok {
			continue
		}
		rows, err := r.postings(ctx, tok)
		if err != nil {
			return nil, true, err
		}
		if len(rows) == 0 {
			return nil, true, nil
		}
		lists = append(lists, rows)
		if filter {
			long = append(long, w)
		}
	}
	if len(lists) == 0 {
		return nil, false, nil
	}
	rowids = intersect(lists)
	if len(long) == 0 || len(rowids) == 0 {
		return rowids, true, nil
	}
	found, err := r.q.ClientListByRowids(ctx, dbq.ClientListByRowidsParams{Rowids: jsonList(rowids), OfficeID: officeID, Lim: int64(len(rowids))})
	if err != nil {
		return nil, true, wrap("search clients", err)
	}
	kept := rowids[:0]
	for _, x := range found {
		c, err := r.clientOf(x.ID, x.Kind, x.Lang, x.Person)
		if err != nil {
			return nil, true, err
		}
		if wordsBegin(fold.Tokens(c.FirstName+" "+c.LastName+" "+c.BusinessName), long) {
			kept = append(kept, x.Rid)
		}
	}
	slices.Sort(kept)
	return kept, true, nil
}

// casesByName finds the cases of the clients whose name has a word
// beginning with each typed word, newest first up to the limit. Each
// word's token is first counted in the blind index up to walkAbove: when
// the one word typed is common (a 3-letter prefix such as "mar" finds
// some 15,000 of a 200,000-case office's clients), the cases are walked newest first
// and each one's client asked of the blind index by primary key
// (CaseWalkByTokens: about limit × clients ÷ found lookups), so no list
// of every client found is read or built. Otherwise the rare words'
// posting lists are read and intersected, the common words checked for
// those clients alone (SearchTokenKeep), and their cases looked up. Two
// or more common words, or a word longer than keys.MaxPrefix (whose token is its beginning's, and
// whose clients' opened names are checked), take nameClients' way. ok is
// false when the text holds no word to look up.
func (r reader) casesByName(ctx context.Context, officeID string, f CaseFilter, open int64, from, to sql.NullString) (rows []dbq.CaseListRow, ok bool, err error) {
	k, err := r.lk.cipher()
	if err != nil || k == nil {
		return nil, false, err
	}
	var common, rare []string
	filtered := false
	for _, w := range fold.Tokens(f.Text) {
		tok, filter, ok := k.PrefixQuery(w)
		if !ok || slices.Contains(common, tok) || slices.Contains(rare, tok) {
			continue
		}
		filtered = filtered || filter
		n, err := r.q.SearchTokenRowsUpTo(ctx, dbq.SearchTokenRowsUpToParams{Token: tok, Bound: int64(walkAbove) + 1})
		if err != nil {
			return nil, true, wrap("search index", err)
		}
		if n == 0 {
			return nil, true, nil
		}
		if n > int64(walkAbove) {
			common = append(common, tok)
		} else {
			rare = append(rare, tok)
		}
	}
	switch {
	case len(common)+len(rare) == 0:
		return nil, false, nil
	case filtered || len(common) > 1:
		// Two common words may have few clients in common (Nowak and
		// Jan): walking the cases for both could pass most of them by.
		rowids, _, err := r.nameClients(ctx, officeID, f.Text)
		if err != nil {
			return nil, true, err
		}
		rows, err = r.casesOfClients(ctx, officeID, rowids, f, open, from, to)
		return rows, true, err
	case len(rare) == 0:
		found, err := r.q.CaseWalkByTokens(ctx, dbq.CaseWalkByTokensParams{Tokens: jsonList(common), OfficeID: officeID,
			Status: string(f.Status), OpenOnly: open, DueFrom: from, DueTo: to, Lim: int64(f.Limit)})
		rows = make([]dbq.CaseListRow, len(found))
		for i, x := range found {
			rows[i] = dbq.CaseListRow(x)
		}
		return rows, true, wrap("search cases", err)
	}
	lists := make([][]int64, 0, len(rare))
	for _, tok := range rare {
		l, err := r.postings(ctx, tok)
		if err != nil {
			return nil, true, err
		}
		lists = append(lists, l)
	}
	rowids := intersect(lists)
	if len(common) > 0 && len(rowids) > 0 {
		if rowids, err = r.q.SearchTokenKeep(ctx, dbq.SearchTokenKeepParams{Rowids: jsonList(rowids), Tokens: jsonList(common)}); err != nil {
			return nil, true, wrap("search index", err)
		}
	}
	rows, err = r.casesOfClients(ctx, officeID, rowids, f, open, from, to)
	return rows, true, err
}

// wordsBegin tells whether every typed word begins some word of a name.
func wordsBegin(name, typed []string) bool {
	for _, w := range typed {
		if !slices.ContainsFunc(name, func(n string) bool { return strings.HasPrefix(n, w) }) {
			return false
		}
	}
	return true
}

// clientsByRowids opens the clients found, newest first.
func (r reader) clientsByRowids(ctx context.Context, officeID string, rowids []int64, limit int) ([]dbq.ClientGetRow, error) {
	if len(rowids) == 0 {
		return nil, nil
	}
	rows, err := r.q.ClientListByRowids(ctx, dbq.ClientListByRowidsParams{Rowids: jsonList(rowids), OfficeID: officeID, Lim: int64(limit)})
	if err != nil {
		return nil, wrap("find clients", err)
	}
	out := make([]dbq.ClientGetRow, len(rows))
	for i, x := range rows {
		out[i] = dbq.ClientGetRow(x)
	}
	return out, nil
}
