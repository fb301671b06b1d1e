// "Dziś": the signed-in person's day, read again whenever a case, the
// sync or a setting changes what it lists.
import { writable } from 'svelte/store';
import * as api from '../api/today';
import type { Printout } from '../api/catalog';
import { AppError, toAppError } from '../api/call';
import { EventCallbacks, EventCases, EventQueue, EventSync, on, type EventName } from '../events';
import { registerReset } from './privacy';

export const day = writable<api.TodayDTO | null>(null);
export const loading = writable(false);
export const error = writable<AppError | null>(null);
export const printed = writable<Printout | null>(null);

let seq = 0;

/** Reads the day again; a later read supersedes an earlier one. */
export async function refresh(): Promise<void> {
  const my = ++seq;
  loading.set(true);
  try {
    const d = await api.list();
    if (my === seq) {
      day.set(d);
      error.set(null);
    }
  } catch (e) {
    if (my === seq) error.set(toAppError(e));
  } finally {
    if (my === seq) loading.set(false);
  }
}

/** Prints the day's task list (a PDF opened in the system's viewer). */
export async function print(): Promise<void> {
  printed.set(null);
  try {
    printed.set(await api.print());
    error.set(null);
  } catch (e) {
    error.set(toAppError(e));
  }
}

/** Follows the backend's changes while the page is shown; returns the stop. */
export function followBackend(): () => void {
  const names: EventName[] = [EventCases, EventSync, EventCallbacks, EventQueue];
  const stops = names.map((e) => on(e, () => void refresh()));
  return () => stops.forEach((s) => s());
}

registerReset(() => {
  seq++;
  day.set(null);
  printed.set(null);
  error.set(null);
  loading.set(false);
});
