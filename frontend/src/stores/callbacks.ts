import { get, writable } from 'svelte/store';
import * as api from '../api/callbacks';
import * as officeApi from '../api/office';
import { AppError, toAppError } from '../api/call';
import { EventCallbacks, EventSync, on } from '../events';
import { area } from './nav';
import { registerReset } from './privacy';

/** What the form starts with when opened from elsewhere (the directory, a case). */
export interface CallbackSeed {
  assigneeId?: string;
  assigneeName?: string;
  caseId?: string;
  caseSign?: string;
  clientId?: string;
  name?: string;
  phone?: string;
}

export const filter = writable<{ scope: api.Scope; show: api.Show }>({ scope: 'mine', show: 'open' });
export const rows = writable<api.CallbackRow[]>([]);
export const error = writable<AppError | null>(null);
/** A sentence confirming the last action, for a screen reader and the eye. */
export const notice = writable<{ key: string; args: Record<string, string> } | null>(null);
/** The new-callback form: null while closed. */
export const form = writable<CallbackSeed | null>(null);
/** Full phone numbers shown on request, by callback id. */
export const phones = writable<Record<string, string>>({});

/** The people a callback may be given to: the office's active staff. */
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
    const r = await api.list(f.scope, f.show);
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

/** Opens the new-callback form in the callbacks area, seeded. */
export function openForm(seed: CallbackSeed = {}): void {
  notice.set(null);
  error.set(null);
  form.set(seed);
  area.set('callbacks');
}

export function closeForm(): void {
  form.set(null);
}

export async function create(input: api.CallbackInput): Promise<boolean> {
  try {
    const r = await api.create(input);
    error.set(null);
    form.set(null);
    notice.set({ key: 'callbacks.created', args: { when: r.when, name: r.assignee } });
    await load();
    return true;
  } catch (e) {
    error.set(toAppError(e));
    return false;
  }
}

export async function markDone(id: string, outcome: string): Promise<boolean> {
  try {
    await api.done(id, outcome);
    error.set(null);
    notice.set({ key: 'callbacks.markedDone', args: {} });
    await load();
    return true;
  } catch (e) {
    error.set(toAppError(e));
    return false;
  }
}

export async function reagree(id: string, day: string, from: string, until: string): Promise<boolean> {
  try {
    const r = await api.reagree(id, day, from, until);
    error.set(null);
    notice.set({ key: 'callbacks.reagreed', args: { when: r.when } });
    await load();
    return true;
  } catch (e) {
    error.set(toAppError(e));
    return false;
  }
}

export async function reassign(id: string, staffId: string): Promise<boolean> {
  try {
    const r = await api.reassign(id, staffId);
    error.set(null);
    notice.set({ key: 'callbacks.reassigned', args: { name: r.assignee } });
    await load();
    return true;
  } catch (e) {
    error.set(toAppError(e));
    return false;
  }
}

/** Shows one callback's full number (recorded in the audit log). */
export async function reveal(id: string): Promise<void> {
  try {
    const d = await api.get(id);
    phones.update((p) => ({ ...p, [id]: d.fullPhone }));
  } catch (e) {
    error.set(toAppError(e));
  }
}

/**
 * Reloads the list when a callback changes here or arrives from another
 * device, while a view that shows it is on screen; returns the stop.
 */
export function watch(): () => void {
  const offs = [on(EventCallbacks, () => void load()), on(EventSync, () => void load())];
  return () => offs.forEach((off) => off());
}

registerReset(() => {
  seq++;
  rows.set([]);
  error.set(null);
  notice.set(null);
  form.set(null);
  phones.set({});
  staff.set([]);
});
