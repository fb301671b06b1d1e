import { get, writable } from 'svelte/store';
import * as api from '../api/presence';
import { AppError, toAppError } from '../api/call';
import { EventPresence, EventSync, on } from '../events';
import { registerReset } from './privacy';

/** Each active person's desk, by staff id. */
export const presence = writable<Record<string, api.PresenceEntry>>({});
export const error = writable<AppError | null>(null);
/** The sentence after one's own change (e.g. saved offline), or "". */
export const notice = writable('');

let seq = 0;
/** The failure of the last read, which only a later read clears. */
let loadError: AppError | null = null;

export async function load(): Promise<void> {
  const my = ++seq;
  try {
    const list = await api.list();
    if (my === seq) {
      const m: Record<string, api.PresenceEntry> = {};
      for (const e of list) m[e.staffId] = e;
      presence.set(m);
      // A reload after a sync clears only its own failure, not a refusal
      // of one's own leave the person is reading.
      if (get(error) === loadError) error.set(null);
    }
  } catch (e) {
    if (my === seq) error.set((loadError = toAppError(e)));
  }
}

async function saved(fn: () => Promise<api.PresenceSaved>): Promise<boolean> {
  try {
    const r = await fn();
    notice.set(r.notice);
    error.set(null);
    await load();
    return true;
  } catch (e) {
    error.set(toAppError(e));
    return false;
  }
}

/** One's own leaving the desk: back at HH:MM, who stands in, a note. */
export const leave = (until: string, standInId: string, note: string) => saved(() => api.leave(until, standInId, note));
/** One's own return to the desk. */
export const back = () => saved(() => api.back());

/**
 * Keeps the directory's presence current while it is on screen: on every
 * change here or from the registry, and each minute, since a colleague's
 * word goes stale with time alone. Returns the stop.
 */
export function watch(): () => void {
  const offs = [on(EventPresence, () => void load()), on(EventSync, () => void load())];
  const timer = setInterval(() => void load(), 60_000);
  return () => {
    offs.forEach((off) => off());
    clearInterval(timer);
  };
}

registerReset(() => {
  seq++;
  presence.set({});
  error.set(null);
  loadError = null;
  notice.set('');
});
