package engine

import (
	"context"
	"errors"
	"fmt"

	"okienko/app/keys"
	"okienko/db"
	"okienko/db/keyfile"
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
		cs[i] = db.Credential{StaffID: p.StaffID, Login: p.Login, Hash: p.Hash, MustChange: p.MustChange}
	}
	if err := e.store.ReplaceCredentials(ctx, resp.Version, cs); err != nil {
		return err
	}
	e.opt.Logger.Info("sign-in verifiers replaced", "people", len(cs))
	return e.dropWraps(cs)
}

// dropWraps removes from the key file the wraps of people no longer on
// the device's list: their passwords open nothing here any more. A key
// file that cannot be read is left for the app to report.
func (e *Engine) dropWraps(cs []db.Credential) error {
	if e.opt.KeyDir == "" {
		return nil
	}
	allowed := make(map[string]bool, len(cs))
	for _, c := range cs {
		allowed[c.StaffID] = true
	}
	removed := 0
	err := keyfile.Update(e.opt.KeyDir, func(ks *keys.KeySet) (bool, error) {
		for _, id := range ks.People() {
			if !allowed[id] {
				if err := ks.RemovePerson(id); err != nil {
					return false, err
				}
				removed++
			}
		}
		return removed > 0, nil
	})
	if errors.Is(err, keyfile.ErrNoKeyFile) || errors.Is(err, keyfile.ErrKeyFileDamaged) {
		return nil // the app reports it and offers the recovery path
	}
	if err != nil {
		return fmt.Errorf("engine: key file: %w", err)
	}
	if removed > 0 {
		e.opt.Logger.Info("wraps of people taken off the list removed", "people", removed)
	}
	return nil
}
