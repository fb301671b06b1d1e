import { get, writable } from 'svelte/store';
import * as api from '../api/cases';
import { AppError, toAppError } from '../api/call';
import type { Printout } from '../api/catalog';
import { EventCases, on } from '../events';
import { registerReset } from './privacy';

export const filters = writable({ text: '', status: 'open', due: '', mine: false });
/** The most rows a search returns; more matches mean: narrow the search. */
export const LIMIT = 100;
export const rows = writable<api.CaseRow[]>([]);
export const selected = writable<api.CaseDetail | null>(null);
export const revealed = writable('');
export const printed = writable<Printout | null>(null);
export const error = writable<AppError | null>(null);
export const loading = writable(false);

let seq = 0;
let latest: Promise<void> = Promise.resolve();

/** Runs the search the filters say; a later search supersedes it. */
export function search(): Promise<void> {
  latest = run();
  return latest;
}

/**
 * Waits for the latest search: Enter typed right after the last key must
 * open a row of this text's answer, never of the previous text's (typing
 * "SO.5352.1.2026" fast once opened SO.5352.2.2026 from "SO.5352.").
 */
export async function settled(): Promise<void> {
  let seen: Promise<void>;
  do {
    seen = latest;
    await seen;
  } while (seen !== latest);
}

async function run(): Promise<void> {
  const my = ++seq;
  loading.set(true);
  try {
    const r = await api.search({ ...get(filters), limit: LIMIT });
    if (my === seq) {
      rows.set(r);
      error.set(null);
    }
  } catch (e) {
    if (my === seq) error.set(toAppError(e));
  } finally {
    if (my === seq) loading.set(false);
  }
}

async function act(fn: () => Promise<api.CaseDetail>): Promise<boolean> {
  try {
    selected.set(await fn());
    error.set(null);
    return true;
  } catch (e) {
    error.set(toAppError(e));
    return false;
  }
}

/**
 * A case outside the person's units waiting for the reason they open it
 * with (break-the-glass): stores/rights.ts asks for it and opens the case.
 */
export const pendingReason = writable<{ caseId: string; unit: string } | null>(null);

export const open = async (id: string) => {
  revealed.set('');
  printed.set(null);
  const ok = await act(() => api.open(id));
  const e = get(error);
  if (!ok && e?.key === 'rights.reasonNeeded') {
    error.set(null);
    pendingReason.set({ caseId: id, unit: e.args.unit ?? '' });
  }
  return ok;
};
export const changeStatus = (to: string) => act(() => api.changeStatus(get(selected)!.id, to));
export const updateContact = (phone: string, email: string) => act(() => api.updateContact(get(selected)!.id, phone, email));
export const supplement = (items: unknown[]) => act(() => api.supplement(get(selected)!.id, items));

export async function print(kind: 'receipt' | 'supplement' | 'form' | 'notice_art36'): Promise<void> {
  try {
    printed.set(await api.print(get(selected)!.id, kind));
    error.set(null);
    await act(() => api.open(get(selected)!.id));
  } catch (e) {
    error.set(toAppError(e));
  }
}

export async function reveal(): Promise<void> {
  try {
    revealed.set(await api.revealIdentifier(get(selected)!.id));
  } catch (e) {
    error.set(toAppError(e));
  }
}

/** Closes the case: only then may another client's data be shown. */
export function close(): void {
  selected.set(null);
  revealed.set('');
  printed.set(null);
}

/**
 * Reads the open case again: a sync brought a change (a head's decision
 * in the console, another device's edit), which the clerk must see
 * without closing the case. A case gone from this device (its scope
 * narrowed) closes with the reason. Nothing open: nothing to do.
 */
export async function refreshOpen(): Promise<void> {
  const open = get(selected);
  if (!open) return;
  try {
    const d = await api.refresh(open.id);
    if (get(selected)?.id === open.id) selected.set(d);
  } catch (e) {
    if (get(selected)?.id !== open.id) return;
    const err = toAppError(e);
    if (err.key === 'case.notFound') close();
    error.set(err);
  }
}

export function followBackend(): () => void {
  return on(EventCases, () => {
    if (get(selected)) void refreshOpen();
    else void search();
  });
}

registerReset(() => {
  seq++;
  rows.set([]);
  close();
  pendingReason.set(null);
  filters.set({ text: '', status: 'open', due: '', mine: false });
  error.set(null);
});
