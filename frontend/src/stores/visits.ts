import { get, writable } from 'svelte/store';
import * as api from '../api/visits';
import { AppError, toAppError } from '../api/call';
import { EventSync, EventVisits, on } from '../events';
import { area } from './nav';
import { registerReset } from './privacy';
import { officeYear } from './officeday';
import * as intake from './intake';

export type Tab = api.Show | 'register';

export const tab = writable<Tab>('open');
export const rows = writable<api.VisitRow[]>([]);
export const registerRows = writable<api.VisitAuthRow[]>([]);
export const year = writable<number>(officeYear());
export const detail = writable<api.VisitDetail | null>(null);
export const choices = writable<api.VisitChoices | null>(null);
export const error = writable<AppError | null>(null);
/** A sentence confirming the last action. */
export const notice = writable<{ key: string; args: Record<string, string> } | null>(null);
/** The new-request form is open. */
export const formOpen = writable(false);
/** The visit an intake was started from: its case is linked once registered. */
export const intakeFor = writable<string | null>(null);

let seq = 0;
/** The last failure load itself showed, the one a later load may clear. */
let loadError: AppError | null = null;

async function act<T>(f: () => Promise<T>, done?: (r: T) => void): Promise<boolean> {
  try {
    const r = await f();
    error.set(null);
    done?.(r);
    return true;
  } catch (e) {
    error.set(toAppError(e));
    return false;
  }
}

export async function loadChoices(): Promise<void> {
  await act(api.choices, (c) => choices.set(c));
}

export async function load(): Promise<void> {
  const my = ++seq;
  const t = get(tab);
  try {
    if (t === 'register') {
      const r = await api.register(get(year));
      if (my === seq) registerRows.set(r);
    } else {
      const r = await api.list(t);
      if (my === seq) rows.set(r);
    }
    // A reload after a sync clears only its own failure: a refusal the
    // person is reading (a form's missing field) stays until they act.
    if (my === seq && get(error) === loadError) error.set(null);
  } catch (e) {
    if (my === seq) error.set((loadError = toAppError(e)));
  }
}

export async function open(id: string): Promise<void> {
  await act(() => api.get(id), (d) => detail.set(d));
}

async function reopen(): Promise<void> {
  const d = get(detail);
  if (d) await open(d.id);
  await load();
}

export async function request(input: api.VisitRequestInput): Promise<boolean> {
  return act(() => api.request(input), (r) => {
    formOpen.set(false);
    notice.set({ key: 'visits.saved', args: {} });
    void load();
    void open(r.id);
  });
}

export async function assign(id: string, assigneeId: string, day: string, time: string): Promise<boolean> {
  const ok = await act(() => api.assign(id, assigneeId, day, time), () => notice.set({ key: 'visits.assigned', args: {} }));
  if (ok) await reopen();
  return ok;
}

export async function issue(id: string, from: string, until: string): Promise<boolean> {
  let authId = '';
  const ok = await act(() => api.issue(id, from, until), (a) => {
    authId = a.id;
    notice.set({ key: 'visits.issued', args: { number: a.number } });
  });
  if (ok) {
    await act(() => api.printAuthorization(authId));
    await reopen();
  }
  return ok;
}

export async function printAuthorization(authId: string): Promise<void> {
  await act(() => api.printAuthorization(authId));
}

export async function closeAuthorization(authId: string, how: 'returned' | 'revoked'): Promise<void> {
  if (await act(() => api.closeAuthorization(authId, how))) await reopen();
}

export async function report(id: string, outcome: string, note: string, receipt: string): Promise<boolean> {
  const ok = await act(() => api.report(id, outcome, note, receipt), () => notice.set({ key: 'visits.reported', args: {} }));
  if (ok) await reopen();
  return ok;
}

export async function printRegister(): Promise<void> {
  await act(() => api.printRegister(get(year)));
}

/** Starts the existing intake on the visit's card; the case it registers is linked to the visit. */
export async function startIntake(d: api.VisitDetail): Promise<void> {
  intakeFor.set(d.id);
  await intake.start(d.cardId);
  area.set('new');
}

// The case registered from a visit's intake is linked to the visit.
intake.result.subscribe((r) => {
  const id = get(intakeFor);
  if (!id || !r?.ok || !r.caseId) return;
  intakeFor.set(null);
  void act(() => api.linkCase(id, r.caseId), () => notice.set({ key: 'visits.linked', args: {} }));
});

/** Reloads on changes here or from another device; returns the stop. */
export function watch(): () => void {
  const offs = [on(EventVisits, () => void reopen()), on(EventSync, () => void load())];
  return () => offs.forEach((off) => off());
}

registerReset(() => {
  seq++;
  rows.set([]);
  registerRows.set([]);
  detail.set(null);
  choices.set(null);
  error.set(null);
  notice.set(null);
  formOpen.set(false);
  intakeFor.set(null);
});
