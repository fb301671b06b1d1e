package app

import (
	"context"
	"strings"
	"testing"

	"okienko/app/auth"
	"okienko/app/demo"
	"okienko/db"
)

// TestStandaloneRehashAtSignIn: a standalone device's person whose hash
// was made with other costs gets a new one, with the device's costs, at
// the next successful sign-in; a wrong password changes nothing.
func TestStandaloneRehashAtSignIn(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	old := auth.Params{Time: 1, Memory: 2048, Threads: 1, KeyLen: 32, SaltLen: 16}
	st, _, err := e.store.Credentials(ctx, "jnowak")
	if err != nil {
		t.Fatal(err)
	}
	h, _ := auth.Hash(demo.Password, old)
	if err := e.store.InTx(ctx, func(tx *db.Tx) error { return tx.SetPasswordHash(ctx, e.core.OfficeID(), st.ID, h) }); err != nil {
		t.Fatal(err)
	}
	if _, err := e.auth.SignIn("jnowak", "wrong"); err == nil {
		t.Fatal("a wrong password signed in")
	}
	if _, got, _ := e.store.Credentials(ctx, "jnowak"); got != h {
		t.Fatal("a failed sign-in changed the hash")
	}
	e.signIn(t, "jnowak")
	e.core.rehashing.Wait()
	_, got, err := e.store.Credentials(ctx, "jnowak")
	if err != nil || got == h || !strings.Contains(got, "m=1024,t=1,p=1") || auth.NeedsRehash(got, cheap) {
		t.Fatalf("hash after sign-in %q (%v), want one of the device's costs", got, err)
	}
	if ok, _ := auth.Verify(demo.Password, got); !ok {
		t.Fatal("the new hash does not verify the password")
	}
	if _, err := e.auth.SignOut(); err != nil {
		t.Fatal(err)
	}
	e.signIn(t, "jnowak")
	if _, again, _ := e.store.Credentials(ctx, "jnowak"); again != got {
		t.Fatal("a hash of the current costs was made again")
	}
}
