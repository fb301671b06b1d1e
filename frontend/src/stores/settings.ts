import { writable } from 'svelte/store';
import * as api from '../api/settings';
import * as catalogApi from '../api/catalog';
import * as systemApi from '../api/system';
import { AppError, toAppError } from '../api/call';
import { registerReset } from './privacy';

export const settings = writable<api.SettingsInfo | null>(null);
export const system = writable<systemApi.SystemInfo | null>(null);
export const error = writable<AppError | null>(null);
export const saved = writable(false);
export const importReport = writable<catalogApi.ImportReport | null>(null);
export const exported = writable<catalogApi.Printout | null>(null);

export async function load(): Promise<void> {
  try {
    settings.set(await api.get());
    system.set(await systemApi.info());
    error.set(null);
  } catch (e) {
    error.set(toAppError(e));
  }
}

export async function saveAutoLock(minutes: number): Promise<boolean> {
  saved.set(false);
  try {
    settings.set(await api.setAutoLock(minutes));
    error.set(null);
    saved.set(true);
    return true;
  } catch (e) {
    error.set(toAppError(e));
    return false;
  }
}

export async function importFile(content: string): Promise<void> {
  importReport.set(null);
  try {
    importReport.set(await catalogApi.importCatalogue(content));
    error.set(null);
  } catch (e) {
    error.set(toAppError(e));
  }
}

export async function exportFile(): Promise<void> {
  try {
    exported.set(await catalogApi.exportCatalogue());
    error.set(null);
  } catch (e) {
    error.set(toAppError(e));
  }
}

registerReset(() => {
  settings.set(null);
  system.set(null);
  error.set(null);
  saved.set(false);
  importReport.set(null);
  exported.set(null);
});
