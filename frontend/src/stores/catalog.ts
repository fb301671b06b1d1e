import { get, writable } from 'svelte/store';
import * as api from '../api/catalog';
import { AppError, toAppError } from '../api/call';
import { EventCatalog, on } from '../events';
import { whenLocaleChanges } from './language';
import { registerReset } from './privacy';

export const query = writable('');
export const results = writable<api.CardSummary[]>([]);
export const selected = writable<api.CardDetail | null>(null);
export const error = writable<AppError | null>(null);
export const printed = writable<api.Printout | null>(null);
export const searching = writable(false);
/** The language the next card printout is in: the client's, picked at the card. */
export const printLang = writable('pl');

let seq = 0;

/** Searches; answers to older keystrokes are dropped. */
export async function runSearch(q: string): Promise<void> {
  const my = ++seq;
  query.set(q);
  searching.set(true);
  try {
    const r = await api.search(q);
    if (my === seq) {
      results.set(r);
      error.set(null);
    }
  } catch (e) {
    if (my === seq) error.set(toAppError(e));
  } finally {
    if (my === seq) searching.set(false);
  }
}

export async function openCard(id: string): Promise<void> {
  printed.set(null);
  try {
    selected.set(await api.card(id));
    error.set(null);
  } catch (e) {
    error.set(toAppError(e));
  }
}

/**
 * Asks again for the open card, in the interface language the backend now
 * renders in (its texts, conditions, deadline and fees); the printout
 * notice and the print language stay. A card that has gone stays shown.
 */
export async function reloadSelected(): Promise<void> {
  const c = get(selected);
  if (!c) return;
  try {
    const fresh = await api.card(c.id);
    if (get(selected)?.id === c.id) selected.set(fresh);
  } catch (e) {
    error.set(toAppError(e));
  }
}

export function closeCard(): void {
  selected.set(null);
  printed.set(null);
}

export async function printSelected(): Promise<void> {
  const c = get(selected);
  if (!c) return;
  try {
    printed.set(await api.printCardIn(c.id, get(printLang)));
    error.set(null);
  } catch (e) {
    error.set(toAppError(e));
  }
}

/** Re-runs the search when the backend imported new card versions. */
export function followBackend(): () => void {
  return on(EventCatalog, () => void runSearch(get(query)));
}

whenLocaleChanges(() => void reloadSelected());

registerReset(() => {
  seq++;
  query.set('');
  results.set([]);
  selected.set(null);
  printed.set(null);
  error.set(null);
  printLang.set('pl');
});
