// The app's own printout viewer: printouts are encrypted on the disk, so
// the backend hands their PDF over from memory and the viewer renders it
// with pdf.js, never from a file. It opens when the backend made a
// printout (EventPrintoutShow) or when the clerk asks to see one.
import { writable, get } from 'svelte/store';
import * as api from '../api/printouts';
import * as printerApi from '../api/printer';
import { AppError, toAppError } from '../api/call';
import { EventPrintoutShow, on } from '../events';
import { registerReset } from './privacy';

export interface Shown {
  path: string;
  name: string;
  /** Whether "Zapisz jako…" is offered (not for the recovery code's sheet). */
  saveable: boolean;
  /** Each page as an image (pdf.js, lib/pdfrender.ts). */
  pages: string[];
}

export const shown = writable<Shown | null>(null);
export const loading = writable(false);
export const error = writable<AppError | null>(null);
export const saved = writable<string | null>(null);
/** The printer the shown printout was last sent to. */
export const printedOn = writable<string | null>(null);
/** Why sending it to the printer failed: the viewer offers to retry. */
export const printError = writable<AppError | null>(null);
/** Sending to the printer is under way (the button says so). */
export const printing = writable(false);

let seq = 0;

function b64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** Opens the printout at path in the viewer. */
export async function show(path: string): Promise<void> {
  const my = ++seq;
  close();
  loading.set(true);
  error.set(null);
  try {
    const v = await api.open(path);
    if (my !== seq) return;
    const { renderPages } = await import('../lib/pdfrender');
    const pages = await renderPages(b64ToBytes(v.data));
    if (my !== seq) return;
    shown.set({ path: v.path, name: v.name, saveable: v.saveable, pages });
  } catch (e) {
    if (my === seq) error.set(toAppError(e));
  } finally {
    if (my === seq) loading.set(false);
  }
}

/** Closes the viewer and forgets the PDF's bytes. */
export function close(): void {
  shown.set(null);
  saved.set(null);
  printedOn.set(null);
  printError.set(null);
  printing.set(false);
  error.set(null);
  loading.set(false);
}

/**
 * Prints the shown printout on the printer chosen for this computer
 * (Ustawienia); with none chosen, through the preview's print dialog. A
 * printer that is off or missing never holds the counter: the viewer
 * says so and offers to retry, or to print from the preview.
 */
export async function print(): Promise<void> {
  const s = get(shown);
  if (!s || get(printing)) return;
  printing.set(true);
  printedOn.set(null);
  try {
    const r = await printerApi.print(s.path);
    // The error (and its retry button, which may hold the focus) stays
    // until the answer: a retry that fails again keeps the focus there.
    printError.set(null);
    if (r.noPrinter) await printDialog();
    else if (r.printed) printedOn.set(r.printer);
  } catch (e) {
    printError.set(toAppError(e));
  } finally {
    printing.set(false);
  }
}

/** Prints the shown printout through the preview's own print dialog. */
export async function printDialog(): Promise<void> {
  const s = get(shown);
  if (!s) return;
  const { printPages } = await import('../lib/pdfrender');
  printPages(s.pages, s.name);
}

/** Saves a plaintext copy where the clerk chooses. */
export async function saveAs(): Promise<void> {
  const s = get(shown);
  if (!s) return;
  try {
    const r = await api.saveAs(s.path);
    saved.set(r.saved ? r.path : null);
    error.set(null);
  } catch (e) {
    error.set(toAppError(e));
  }
}

/** Listens for printouts the backend made; returns the unsubscribe. */
export function listen(): () => void {
  return on(EventPrintoutShow, (p) => {
    if (typeof p === 'string') void show(p);
  });
}

registerReset(() => {
  seq++;
  close();
});
