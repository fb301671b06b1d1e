import { get, writable } from 'svelte/store';
import * as api from '../api/auth';
import { AppError, toAppError } from '../api/call';
import { EventSession, on } from '../events';
import { clearAll } from './privacy';
import { area, startArea } from './nav';

const signedOut: api.Session = {
  state: 'signed_out',
  login: '',
  name: '',
  role: '',
  autoLockSeconds: 300,
  mustChangePassword: false,
};

export const session = writable<api.Session>(signedOut);
export const accounts = writable<api.Account[]>([]);
export const authError = writable<AppError | null>(null);
export const busy = writable(false);

function apply(s: api.Session): void {
  if (s.state !== 'active') clearAll();
  // A sign-in (not an unlock) starts on "Dziś".
  if (s.state === 'active' && get(session).state === 'signed_out') area.set(startArea);
  session.set(s);
}

/** Reloads the session state from the backend. */
export async function refresh(): Promise<void> {
  try {
    apply(await api.current());
  } catch (e) {
    authError.set(toAppError(e));
  }
}

export async function loadAccounts(): Promise<void> {
  try {
    accounts.set(await api.accounts());
  } catch (e) {
    authError.set(toAppError(e));
  }
}

async function attempt(fn: () => Promise<api.Session>): Promise<boolean> {
  busy.set(true);
  authError.set(null);
  try {
    apply(await fn());
    return true;
  } catch (e) {
    authError.set(toAppError(e));
    return false;
  } finally {
    busy.set(false);
  }
}

export const signIn = (login: string, password: string) => attempt(() => api.signIn(login, password));
// The lock screen shows before the backend has locked; an unlock typed in
// that moment waits for the lock so the two cannot cross.
let pendingLock: Promise<unknown> = Promise.resolve();

export const unlock = (password: string) =>
  attempt(async () => {
    await pendingLock;
    return api.unlock(password);
  });
export const signOut = () => attempt(() => api.signOut());
/** Sets the person's own password in place of a one-time one (at the registry). */
export const changePassword = (current: string, next: string) => attempt(() => api.changePassword(current, next));

/** Locks at once: the screen is cleared before the backend answers. */
export async function lock(): Promise<void> {
  const cur = get(session);
  if (cur.state !== 'active') return;
  clearAll();
  session.set({ ...cur, state: 'locked' });
  // Not through attempt(): its busy flag would disable the lock screen's
  // button, and an Enter pressed in that moment would submit nothing.
  const call = api.lock();
  pendingLock = call.catch(() => undefined);
  try {
    apply(await call);
  } catch (e) {
    authError.set(toAppError(e));
  }
}

/** Tells the backend the user is active; picks up a backend-side lock. */
export async function touch(): Promise<void> {
  if (get(session).state !== 'active') return;
  try {
    apply(await api.touch());
  } catch {
    // activity pings are best effort; the next one or the event will tell
  }
}

/** Follows session changes made by the backend (auto-lock) or another window. */
export function followBackend(): () => void {
  return on(EventSession, () => void refresh());
}
