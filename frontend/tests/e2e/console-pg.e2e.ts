// Issue 15's console E2E against a real registry on PostgreSQL: the whole
// of console.e2e.ts (sign-in per role, enrolment from the console and the
// desktop connected with its code, a fee changed in the editor reaching
// the device, a conflict resolved, the spis spraw printed, axe on every
// page), with `registry serve --db` on a schema of its own on the Go
// tests' server (OKIENKO_TEST_PG, which .ci/run sets; without it skipped,
// as the Go tests' PostgreSQL store suite is). Each spec file runs in its
// own worker, so this setting stays in this file.
import { describe, test } from 'vitest';
import { postgresDSN } from './registry';

if (postgresDSN()) {
  process.env.OKIENKO_E2E_STORE = 'postgres';
  await import('./console.e2e');
} else {
  describe.skip('Konsola urzędu, registry on PostgreSQL: OKIENKO_TEST_PG not set', () => {
    test('needs a PostgreSQL server', () => {});
  });
}
