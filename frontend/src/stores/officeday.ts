// The office's date, for the default of every date field. It comes from the
// backend's office clock (corrected by the registry, in the office's zone);
// until the first answer it is today in Warsaw, which every Polish office
// keeps, never this computer's own zone: a machine on UTC says "yesterday"
// for the first hour or two of a Polish day.
import { get, writable } from 'svelte/store';
import * as api from '../api/system';

/** Today in Europe/Warsaw as YYYY-MM-DD, the fallback before the backend answers. */
export function warsawDay(at: Date = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The office's date now (YYYY-MM-DD). */
export const officeDay = writable<string>(warsawDay());

/** Asks the backend again; a failure keeps the last known day. */
export async function refreshOfficeDay(): Promise<string> {
  try {
    officeDay.set((await api.officeDay()).day);
  } catch {
    // The fallback stays: a date field's default is a convenience.
  }
  return get(officeDay);
}

/** The office's current year. */
export const officeYear = (): number => Number(get(officeDay).slice(0, 4));

/** The first day of the office's current month and year (YYYY-MM-01, YYYY-01-01). */
export const monthStart = (): string => get(officeDay).slice(0, 8) + '01';
export const yearStart = (): string => get(officeDay).slice(0, 5) + '01-01';
