import { get, writable } from 'svelte/store';
import * as api from '../api/complaints';
import { AppError, toAppError } from '../api/call';
import { EventComplaints, EventSync, on } from '../events';
import { registerReset } from './privacy';
import { officeYear } from './officeday';

export const show = writable<api.Show>('open');
export const rows = writable<api.ComplaintRow[]>([]);
export const selected = writable<api.ComplaintDetail | null>(null);
export const opts = writable<api.ComplaintOptions | null>(null);
export const error = writable<AppError | null>(null);
/** A sentence confirming the last action. */
export const notice = writable<{ key: string; args: Record<string, string> } | null>(null);

/** The path of the last printout made here (the viewer shows it). */
export const lastPrintout = writable('');

let seq = 0;

export async function loadOptions(): Promise<void> {
  try {
    opts.set(await api.options());
  } catch (e) {
    error.set(toAppError(e));
  }
}

export async function load(): Promise<void> {
  const my = ++seq;
  const o = get(opts);
  const year = o ? Number(o.today.slice(0, 4)) : officeYear();
  try {
    const r = await api.list(get(show), year);
    if (my === seq) rows.set(r);
  } catch (e) {
    if (my === seq) error.set(toAppError(e));
  }
}

/** Runs one act; on failure the error shows and what was typed stays. */
async function act<T>(fn: () => Promise<T>, done: (r: T) => void): Promise<boolean> {
  try {
    const r = await fn();
    error.set(null);
    done(r);
    await load();
    return true;
  } catch (e) {
    error.set(toAppError(e));
    notice.set(null);
    return false;
  }
}

export const register = (input: api.ComplaintInput) =>
  act(() => api.register(input), (d) => {
    selected.set(d);
    notice.set(null);
  });

export async function open(id: string): Promise<void> {
  try {
    selected.set(await api.get(id));
    error.set(null);
    notice.set(null);
  } catch (e) {
    error.set(toAppError(e));
  }
}

export const assign = (id: string, staffId: string) => act(() => api.assign(id, staffId), (d) => selected.set(d));

export const forward = (id: string, forwardTo: string, on: string, lateNote: string) =>
  act(() => api.forward(id, forwardTo, on, lateNote), (r) => {
    selected.set(r.complaint);
    lastPrintout.set(r.printout.path);
    notice.set(r.late > 0 ? { key: 'complaints.forwardedLate', args: { days: String(r.late) } } : { key: 'complaints.printed', args: { name: r.printout.name ?? '' } });
  });

export const extend = (id: string, newDue: string, reason: string) => act(() => api.extend(id, newDue, reason), (d) => selected.set(d));

export const answer = (id: string, input: api.AnswerInput) =>
  act(() => api.answer(id, input), (r) => {
    selected.set(r.complaint);
    lastPrintout.set(r.printout.path);
    notice.set({ key: 'complaints.printed', args: { name: r.printout.name ?? '' } });
  });

export const reprint = (id: string, kind: 'notice' | 'answer' | 'extension') =>
  act(() => api.reprint(id, kind), (p) => {
    lastPrintout.set(p.path);
    notice.set({ key: 'complaints.printed', args: { name: p.name ?? '' } });
  });

export const printRegister = (year: number) =>
  act(() => api.printRegister(year), (p) => {
    lastPrintout.set(p.path);
    notice.set({ key: 'complaints.printed', args: { name: p.name ?? '' } });
  });

/** Reloads the list when an entry changes here or arrives by sync. */
export function watch(): () => void {
  const offs = [on(EventComplaints, () => void load()), on(EventSync, () => void load())];
  return () => offs.forEach((off) => off());
}

registerReset(() => {
  rows.set([]);
  selected.set(null);
  opts.set(null);
  error.set(null);
  notice.set(null);
  lastPrintout.set('');
});
