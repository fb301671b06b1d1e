package engine

import (
	"context"
	"errors"
	"fmt"

	"okienko/db"
	"okienko/sync/client"
)

// credentialsDue reports whether a round asks for the verifiers: every
// Options.CredentialsEvery, and at the first round after a start. Asked
// every round, the list (a 304 nearly always) was a second request in
// every empty round and a third of the registry's work in a busy one.
func (e *Engine) credentialsDue() bool {
	return e.opt.CredentialsEvery < 0 || e.credsAt.IsZero() || e.opt.Now().Sub(e.credsAt) >= e.opt.CredentialsEvery
}

// credentials takes the registry's list of the verifiers of the people
// allowed on this device, if it changed since the version held, and
// replaces the device's in one transaction: someone taken off the list
// cannot sign in here after this round. An unchanged list costs a 304.
func (e *Engine) credentials(ctx context.Context, c *client.Client) error {
	version, err := e.store.CredentialsVersion(ctx)
	if err != nil {
		return err
	}
	resp, changed, err := c.Credentials(ctx, version)
	if errors.Is(err, client.ErrUnsupported) {
		return nil // an older registry: the staff rows' hashes stay in use
	}
	if err != nil {
		return fmt.Errorf("engine: credentials: %w", err)
	}
	if !changed {
		return nil
	}
	cs := make([]db.Credential, len(resp.People))
	for i, p := range resp.People {
		cs[i] = db.Credential{StaffID: p.StaffID, Login: p.Login, Hash: p.Hash}
	}
	if err := e.store.ReplaceCredentials(ctx, resp.Version, cs); err != nil {
		return err
	}
	e.opt.Logger.Info("sign-in verifiers replaced", "people", len(cs))
	return nil
}
