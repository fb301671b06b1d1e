import { writable } from 'svelte/store';
import * as api from '../api/office';
import { AppError, toAppError } from '../api/call';
import { registerReset } from './privacy';

/** The office header: public information, kept across locks. */
export const office = writable<api.OfficeInfo | null>(null);
export const directory = writable<api.StaffEntry[]>([]);
export const directoryQuery = writable('');
export const error = writable<AppError | null>(null);

export async function loadOffice(): Promise<void> {
  try {
    office.set(await api.office());
  } catch (e) {
    error.set(toAppError(e));
  }
}

let seq = 0;

export async function searchDirectory(q: string): Promise<void> {
  const my = ++seq;
  directoryQuery.set(q);
  try {
    const r = await api.directory(q);
    if (my === seq) directory.set(r);
  } catch (e) {
    if (my === seq) error.set(toAppError(e));
  }
}

registerReset(() => {
  seq++;
  directory.set([]);
  directoryQuery.set('');
  error.set(null);
});
