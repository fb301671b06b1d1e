package db

import (
	"crypto/rand"
	"database/sql/driver"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"

	"modernc.org/sqlite"

	"okienko/app/cases"
	"okienko/app/keys"
)

// SQL functions that seal as rows are copied, so a bulk copy (a snapshot
// imported) stays one INSERT … SELECT per table:
//
//	okienko_seal(handle, table, column, row id, value): the sealed value
//	okienko_tokens(handle, person): a client's blind index tokens, a JSON array
//	okienko_client_tokens(handle, person, rowid): the same, taken from those
//	  computed ahead for the handle (sqlTokensDone) when they are there
//
// SQLite functions are registered for every connection of the driver, and
// a store's cipher is its own: the first argument is a handle (sqlHandle)
// that names the cipher for the one statement's run. Neither function is
// deterministic: seals take random nonces.

var sqlCiphers sync.Map // handle → *keys.Cipher

// sqlTokensDone holds tokens computed ahead of a statement (a snapshot's
// clients, computed while its tables are copied): handle → map of client
// rowid → tokens as a JSON array. The map is not written once stored.
var sqlTokensDone sync.Map

func init() {
	sqlite.MustRegisterScalarFunction("okienko_seal", 5, sqlSeal)
	sqlite.MustRegisterScalarFunction("okienko_tokens", 2, sqlTokens)
	sqlite.MustRegisterScalarFunction("okienko_client_tokens", 3, sqlTokens)
}

// sqlHandle lends a cipher to the SQL functions until release; a nil
// cipher (plaintext store) copies values as they are and writes no tokens.
func sqlHandle(c *keys.Cipher) (string, func()) {
	var b [16]byte
	rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	if c != nil {
		sqlCiphers.Store(h, c)
	}
	return h, func() { sqlCiphers.Delete(h) }
}

func sqlCipher(v driver.Value) *keys.Cipher {
	h, _ := v.(string)
	c, _ := sqlCiphers.Load(h)
	k, _ := c.(*keys.Cipher)
	return k
}

func sqlBytes(v driver.Value) ([]byte, bool) {
	switch x := v.(type) {
	case []byte:
		return x, true
	case string:
		return []byte(x), true
	}
	return nil, false
}

func sqlSeal(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	table, _ := args[1].(string)
	column, _ := args[2].(string)
	id, _ := args[3].(string)
	plain, ok := sqlBytes(args[4])
	if !ok {
		return nil, fmt.Errorf("okienko_seal: %s.%s of %s: not text", table, column, id)
	}
	c := sqlCipher(args[0])
	if c == nil || len(plain) == 0 {
		// Nothing to seal stays empty: most case events carry no note
		// (case_event.sealed), and a presence mostly none.
		return plain, nil
	}
	return c.Seal(table, column, id, plain), nil
}

func sqlTokens(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	if len(args) == 3 {
		if done, ok := sqlTokensDone.Load(args[0]); ok {
			id, _ := args[2].(int64)
			if t, ok := done.(map[int64]string)[id]; ok {
				return t, nil
			}
		}
	}
	c := sqlCipher(args[0])
	raw, ok := sqlBytes(args[1])
	if c == nil || !ok {
		return "[]", nil
	}
	var cl cases.Client
	if err := json.Unmarshal(raw, &cl); err != nil {
		return nil, fmt.Errorf("okienko_tokens: %w", err)
	}
	return jsonList(clientTokens(c, cl)), nil
}
