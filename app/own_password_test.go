package app

import (
	"context"
	"errors"
	"testing"

	"okienko/app/auth"
	"okienko/app/demo"
	"okienko/app/i18n"
	"okienko/db"
)

// TestOneTimePasswordHoldsTheScreen: a person whose verifier the
// registry's list marks one-time signs in, is told to set their own
// password, and can do nothing else; offline the change is refused with
// its reason, and the mark holds. Once the registry's new verifier is
// kept (as ChangePassword does), the next sign-in is an ordinary one.
func TestOneTimePasswordHoldsTheScreen(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	st, hash, err := e.store.Credentials(ctx, "jnowak")
	if err != nil {
		t.Fatal(err)
	}
	other, otherHash, err := e.store.Credentials(ctx, "akowalska")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.store.ReplaceCredentials(ctx, "v1", []db.Credential{
		{StaffID: st.ID, Login: st.Login, Hash: hash, MustChange: true},
		{StaffID: other.ID, Login: other.Login, Hash: otherHash},
	}); err != nil {
		t.Fatal(err)
	}
	s, err := e.auth.SignIn("jnowak", demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	if !s.MustChangePassword {
		t.Fatalf("the session does not ask for the person's own password: %+v", s)
	}
	if cur, _ := e.auth.Current(); !cur.MustChangePassword {
		t.Fatal("the mark was lost")
	}
	_, err = e.catalog.Search("")
	var ie *i18n.Error
	if !errors.As(err, &ie) || ie.Key != "auth.passwordChange" {
		t.Fatalf("an act before the change: %v, want auth.passwordChange", err)
	}
	if _, err := e.auth.ChangePassword(demo.Password, "short"); !errors.As(err, &ie) || ie.Key != "auth.passwordWeak" {
		t.Fatalf("a short password: %v", err)
	}
	// Not enrolled here: no registry to set it at.
	if _, err := e.auth.ChangePassword(demo.Password, "a-password-of-my-own"); !errors.As(err, &ie) || ie.Key != "auth.passwordOffline" {
		t.Fatalf("offline change: %v, want auth.passwordOffline", err)
	}
	if _, err := e.catalog.Search(""); err == nil {
		t.Fatal("a refused change let the person through")
	}
	// The other person is not held.
	if _, err := e.auth.SignOut(); err != nil {
		t.Fatal(err)
	}
	e.signIn(t, "akowalska")
	if _, err := e.catalog.Search(""); err != nil {
		t.Fatalf("the other person is held: %v", err)
	}
	// The registry's new verifier, kept: the mark is gone.
	if _, err := e.auth.SignOut(); err != nil {
		t.Fatal(err)
	}
	h, _ := auth.Hash("a-password-of-my-own", cheap)
	if err := e.store.SetOwnCredential(ctx, st.ID, h); err != nil {
		t.Fatal(err)
	}
	e.core.Persons.mark(st.ID, false)
	if must, _ := e.store.MustChangePassword(ctx, st.ID); must {
		t.Fatal("the mark outlived the new verifier")
	}
	s, err = e.auth.SignIn("jnowak", "a-password-of-my-own")
	if err != nil || s.MustChangePassword {
		t.Fatalf("sign-in with the own password: %+v %v", s, err)
	}
	if _, err := e.catalog.Search(""); err != nil {
		t.Fatal(err)
	}
}
