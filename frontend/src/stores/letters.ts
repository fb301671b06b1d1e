import { get, writable } from 'svelte/store';
import * as api from '../api/letters';
import * as officeApi from '../api/office';
import { AppError, toAppError } from '../api/call';
import { EventLetters, EventSync, on } from '../events';
import { registerReset } from './privacy';
import { officeYear } from './officeday';

export const filter = writable<{ year: number; show: api.Show }>({ year: officeYear(), show: 'all' });
export const rows = writable<api.LetterRow[]>([]);
export const error = writable<AppError | null>(null);
/** A sentence confirming the last action. */
export const notice = writable<{ key: string; args: Record<string, string> } | null>(null);
export const formOpen = writable(false);
/** The entry whose detail is open, with the sender in full; null when none. */
export const detail = writable<api.LetterDetail | null>(null);
/** The people a letter may be given to: the office's staff. */
export const staff = writable<officeApi.StaffEntry[]>([]);

let seq = 0;
/** The last failure load itself showed, the one a later load may clear. */
let loadError: AppError | null = null;

export async function loadStaff(): Promise<void> {
  try {
    staff.set(await officeApi.directory(''));
  } catch (e) {
    error.set(toAppError(e));
  }
}

export async function load(): Promise<void> {
  const my = ++seq;
  const f = get(filter);
  try {
    const r = await api.list(f.year, f.show);
    if (my === seq) {
      rows.set(r);
      // A reload after a sync clears only its own failure, not a refusal
      // the person is reading.
      if (get(error) === loadError) error.set(null);
    }
  } catch (e) {
    if (my === seq) error.set((loadError = toAppError(e)));
  }
}

/** Saves a new entry; on a refusal the form keeps what was typed. */
export async function create(input: api.LetterInput): Promise<boolean> {
  try {
    const r = await api.create(input);
    error.set(null);
    formOpen.set(false);
    notice.set({ key: 'letters.created', args: { due: r.due } });
    await load();
    return true;
  } catch (e) {
    error.set(toAppError(e));
    notice.set(null);
    return false;
  }
}

export async function answer(id: string, day: string, time: string, channel: string, note: string): Promise<boolean> {
  try {
    await api.answer(id, day, time, channel, note);
    error.set(null);
    notice.set({ key: 'letters.answeredNotice', args: {} });
    await load();
    return true;
  } catch (e) {
    error.set(toAppError(e));
    notice.set(null);
    return false;
  }
}

/** Hands a letter to another official; the detail shows it after. */
export async function reassign(id: string, assigneeId: string): Promise<boolean> {
  try {
    const r = await api.reassign(id, assigneeId);
    error.set(null);
    notice.set({ key: 'letters.reassign.done', args: { name: r.assignee } });
    await load();
    detail.set(await api.get(id));
    return true;
  } catch (e) {
    error.set(toAppError(e));
    notice.set(null);
    return false;
  }
}

/** Opens an entry's detail: the sender's name and address in full. */
export async function openDetail(id: string): Promise<void> {
  try {
    detail.set(await api.get(id));
    error.set(null);
  } catch (e) {
    error.set(toAppError(e));
  }
}

export async function printRegister(): Promise<void> {
  try {
    await api.printRegister(get(filter).year);
    error.set(null);
  } catch (e) {
    error.set(toAppError(e));
  }
}

/** Reloads when letters change here or arrive by sync; returns the unsubscribe. */
export function watch(): () => void {
  const a = on(EventLetters, () => void load());
  const b = on(EventSync, () => void load());
  return () => {
    a();
    b();
  };
}

registerReset(() => {
  rows.set([]);
  error.set(null);
  notice.set(null);
  formOpen.set(false);
  detail.set(null);
});
