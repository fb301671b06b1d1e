import { writable } from 'svelte/store';
import * as api from '../api/sync';
import { AppError, toAppError } from '../api/call';
import { EventSync, on } from '../events';
import { registerReset } from './privacy';

export const status = writable<api.SyncStatus | null>(null);
export const conflicts = writable<api.ConflictLine[]>([]);
export const quarantined = writable<api.QuarantinedOp[]>([]);
export const reprints = writable<api.ReprintLine[]>([]);
export const dateFlags = writable<api.DateFlagLine[]>([]);
export const person = writable<api.PersonStatus | null>(null);
export const error = writable<AppError | null>(null);
export const busy = writable(false);

export async function refresh(): Promise<void> {
  try {
    status.set(await api.status());
  } catch {
    // the status is shown when it can be read; a locked screen cannot
  }
}

async function run<T>(fn: () => Promise<T>, set: (v: T) => void): Promise<boolean> {
  busy.set(true);
  error.set(null);
  try {
    set(await fn());
    return true;
  } catch (e) {
    error.set(toAppError(e));
    return false;
  } finally {
    busy.set(false);
  }
}

export const syncNow = () => run(api.syncNow, (s) => status.set(s));
export const enroll = (url: string, code: string) => run(() => api.enroll(url, code), (s) => status.set(s));
export const loadConflicts = () => run(api.conflicts, (c) => conflicts.set(c));
/** Decides a conflict; a refusal re-reads whether the person's authority is confirmed, so the screen offers to confirm it. */
export async function resolve(id: string, choice: 'kept' | 'rejected'): Promise<boolean> {
  const ok = await run(() => api.resolve(id, choice), (c) => conflicts.set(c));
  if (!ok) {
    try {
      person.set(await api.person());
    } catch {
      // the error of the resolution stays shown
    }
  }
  return ok;
}
export const loadPerson = () => run(api.person, (p) => person.set(p));
/** Confirms the signed-in head's authority at the registry with their password. */
export const confirmPerson = (password: string) => run(() => api.confirmPerson(password), (p) => person.set(p));
export const loadDateFlags = () => run(api.dateFlags, (f) => dateFlags.set(f));
/** Marks a flagged case checked; a flag someone else checked meanwhile reloads the list. */
export async function checkDateFlag(id: string): Promise<boolean> {
  const ok = await run(() => api.checkDateFlag(id), (f) => dateFlags.set(f));
  if (!ok) {
    try {
      dateFlags.set(await api.dateFlags());
    } catch {
      // the error of the check stays shown
    }
  }
  return ok;
}
export const loadReprints = () => run(api.reprintDue, (r) => reprints.set(r));
export const loadQuarantined = () => run(api.quarantined, (q) => quarantined.set(q));

/** Follows the engine's status changes; returns the unsubscribe. */
export function followBackend(): () => void {
  return on(EventSync, () => void refresh());
}

registerReset(() => {
  person.set(null);
  conflicts.set([]);
  quarantined.set([]);
  reprints.set([]);
  dateFlags.set([]);
  error.set(null);
});
