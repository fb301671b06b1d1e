// Issue 13's rights on screen: the reason asked before a case outside the
// person's units opens (break-the-glass), the audit view "Rejestr
// dostępu" for heads and the admin, and a client's art. 15 RODO copy.
import { get, writable } from 'svelte/store';
import * as api from '../api/audit';
import { AppError, toAppError } from '../api/call';
import { error as caseError, pendingReason, printed, revealed, selected } from './cases';
import { registerReset } from './privacy';

export const reasons = writable<api.ReasonOption[]>([]);
export const reasonError = writable<AppError | null>(null);

/** Loads the reasons the dialog offers (sentences in the interface language). */
export async function loadReasons(): Promise<void> {
  try {
    reasons.set(await api.reasons());
    reasonError.set(null);
  } catch (e) {
    reasonError.set(toAppError(e));
  }
}

/** Opens the waiting case with the reason given; true when it opened. */
export async function giveReason(code: string, note: string): Promise<boolean> {
  const p = get(pendingReason);
  if (!p) return false;
  try {
    revealed.set('');
    printed.set(null);
    selected.set(await api.openOutside(p.caseId, code, note));
    caseError.set(null);
    reasonError.set(null);
    pendingReason.set(null);
    return true;
  } catch (e) {
    reasonError.set(toAppError(e));
    return false;
  }
}

/** Gives up opening the waiting case. */
export function cancelReason(): void {
  pendingReason.set(null);
  reasonError.set(null);
}

const noFilter: api.AuditFilter = { clientId: '', staffId: '', from: '', to: '', outside: false };
export const filter = writable<api.AuditFilter>({ ...noFilter });
/** The client the list is narrowed to, by name (the filter holds the id). */
export const filterClient = writable('');
export const list = writable<api.AuditList | null>(null);
export const people = writable<api.AuditPerson[]>([]);
export const auditError = writable<AppError | null>(null);
export const loading = writable(false);

/** Loads the staff for the person filter. */
export async function loadPeople(): Promise<void> {
  try {
    people.set(await api.people());
  } catch (e) {
    auditError.set(toAppError(e));
  }
}

let seq = 0;

/** Runs the audit query the filter says; a later query supersedes it. */
export async function query(): Promise<void> {
  const my = ++seq;
  loading.set(true);
  try {
    const l = await api.query(get(filter));
    if (my === seq) {
      list.set(l);
      auditError.set(null);
    }
  } catch (e) {
    if (my === seq) auditError.set(toAppError(e));
  } finally {
    if (my === seq) loading.set(false);
  }
}

/** Narrows the list to one client (clicked in a line), or to all (''). */
export function byClient(id: string, name: string): Promise<void> {
  filter.update((f) => ({ ...f, clientId: id }));
  filterClient.set(id ? name : '');
  return query();
}

export const art15 = writable<api.Art15Result | null>(null);
export const art15Error = writable<AppError | null>(null);
export const art15Busy = writable(false);

/** Saves the client's art. 15 RODO copy (PDF and JSON) where the person chooses. */
export async function exportArt15(clientId: string): Promise<void> {
  art15Busy.set(true);
  art15.set(null);
  try {
    art15.set(await api.exportArt15(clientId));
    art15Error.set(null);
  } catch (e) {
    art15Error.set(toAppError(e));
  } finally {
    art15Busy.set(false);
  }
}

registerReset(() => {
  seq++;
  reasons.set([]);
  reasonError.set(null);
  filter.set({ ...noFilter });
  filterClient.set('');
  list.set(null);
  people.set([]);
  auditError.set(null);
  art15.set(null);
  art15Error.set(null);
});
