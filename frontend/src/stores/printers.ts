// This computer's printers (Ustawienia): the system's list and the A4 and
// receipt printers chosen once, kept by the backend on this device.
import { writable } from 'svelte/store';
import * as api from '../api/printer';
import { AppError, toAppError } from '../api/call';
import { registerReset } from './privacy';

export const printers = writable<api.PrinterSettings | null>(null);
export const error = writable<AppError | null>(null);
export const saved = writable(false);

/** Reads the system's printers and the chosen ones. */
export async function load(): Promise<void> {
  try {
    printers.set(await api.printers());
    error.set(null);
  } catch (e) {
    error.set(toAppError(e));
  }
}

/** Chooses the printers; "" chooses none (the preview's print dialog). */
export async function save(a4: string, ticket: string): Promise<boolean> {
  saved.set(false);
  try {
    printers.set(await api.setPrinters(a4, ticket));
    error.set(null);
    saved.set(true);
    return true;
  } catch (e) {
    error.set(toAppError(e));
    return false;
  }
}

registerReset(() => {
  printers.set(null);
  error.set(null);
  saved.set(false);
});
