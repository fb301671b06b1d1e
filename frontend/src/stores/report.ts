// "Raport z monitoringu": the head's report for a chosen period.
import { writable } from 'svelte/store';
import * as api from '../api/report';
import type { Printout } from '../api/catalog';
import { AppError, toAppError } from '../api/call';
import { registerReset } from './privacy';

export const shown = writable<api.ReportDTO | null>(null);
export const loading = writable(false);
export const error = writable<AppError | null>(null);
export const printed = writable<Printout | null>(null);

/** Counts the period [from, to]; a refused period shows its reason. */
export async function load(from: string, to: string): Promise<void> {
  loading.set(true);
  printed.set(null);
  try {
    shown.set(await api.report(from, to));
    error.set(null);
  } catch (e) {
    shown.set(null);
    error.set(toAppError(e));
  } finally {
    loading.set(false);
  }
}

/** Prints the period's report as a PDF (shown in the app's viewer). */
export async function print(from: string, to: string): Promise<void> {
  printed.set(null);
  try {
    printed.set(await api.print(from, to));
    error.set(null);
  } catch (e) {
    error.set(toAppError(e));
  }
}

registerReset(() => {
  shown.set(null);
  error.set(null);
  printed.set(null);
});
