// The device's data key as the screens see it: its state (a missing,
// damaged or revoked key file is said on the sign-in screen), the recovery
// code shown once after enrolment, and the recovery code typed by the
// admin for a person the device cannot open the data for (offline).
import { writable } from 'svelte/store';
import * as api from '../api/keys';
import { AppError, toAppError } from '../api/call';
import { refresh } from './session';

export const keyStatus = writable<api.KeyStatus>({ state: 'ready', recovery: false, enrolled: false });
export const recoveryCode = writable<string>('');
export const keysError = writable<AppError | null>(null);
export const keysBusy = writable(false);

/** Reloads the key's state (no sign-in needed). */
export async function loadKeyStatus(): Promise<api.KeyStatus> {
  try {
    const s = await api.status();
    keyStatus.set(s);
    return s;
  } catch (e) {
    keysError.set(toAppError(e));
    return { state: 'ready', recovery: false, enrolled: false };
  }
}

/** Fetches the recovery code waiting to be printed ("" if none). */
export async function loadRecovery(): Promise<string> {
  try {
    const r = await api.recovery();
    recoveryCode.set(r.code);
    return r.code;
  } catch (e) {
    recoveryCode.set('');
    return '';
  }
}

async function run<T>(fn: () => Promise<T>): Promise<T | null> {
  keysBusy.set(true);
  keysError.set(null);
  try {
    return await fn();
  } catch (e) {
    keysError.set(toAppError(e));
    return null;
  } finally {
    keysBusy.set(false);
  }
}

export const printRecovery = () => run(() => api.printRecovery());

/** Forgets the code for good once the admin has it on paper. */
export async function dismissRecovery(): Promise<boolean> {
  const s = await run(() => api.dismissRecovery());
  if (s) {
    keyStatus.set(s);
    recoveryCode.set('');
  }
  return s !== null;
}

/** Signs a person in with the admin's recovery code. */
export async function recover(login: string, password: string, code: string): Promise<boolean> {
  const s = await run(() => api.recover(login, password, code));
  if (s) await refresh();
  return s !== null;
}
