package db

import (
	"context"

	"okienko/app/keys"
)

// AfterUnlock adds a step run after every successful Unlock with its
// cipher: the app's sealing of what an older version left in the clear
// outside the database (printouts, app.SealLegacyPrintouts). A step's
// error is logged, not returned: a person is not kept out of their work
// by a file that could not be rewritten, and the step runs again at the
// next unlock.
func (s *Store) AfterUnlock(step func(context.Context, *keys.Cipher) error) {
	s.lk.mu.Lock()
	s.lk.after = append(s.lk.after, step)
	s.lk.mu.Unlock()
}

func (s *Store) runAfterUnlock(ctx context.Context, c *keys.Cipher) {
	s.lk.mu.RLock()
	steps := append([]func(context.Context, *keys.Cipher) error(nil), s.lk.after...)
	s.lk.mu.RUnlock()
	for _, step := range steps {
		if err := step(ctx, c); err != nil {
			s.log.Error("step after unlock failed", "err", err)
		}
	}
}
