// Event names mirrored from app/events.go (a Go test keeps them in step).
// Subscribe only through `on`, and keep the returned unsubscribe.
import { EventsOn } from '../wailsjs/runtime/runtime';

export const EventSession = 'session:changed';
export const EventCatalog = 'catalog:changed';
export const EventSettings = 'settings:changed';
export const EventCases = 'cases:changed';
export const EventSync = 'sync:changed';
export const EventQueue = 'queue:changed';
export const EventCallbacks = 'callbacks:changed';
export const EventVisits = 'visits:changed';
export const EventPresence = 'presence:changed';
export const EventComplaints = 'complaints:changed';
export const EventLetters = 'letters:changed';
export const EventPrintoutShow = 'printout:show';

export type EventName =
  | typeof EventSession
  | typeof EventCatalog
  | typeof EventSettings
  | typeof EventCases
  | typeof EventSync
  | typeof EventQueue
  | typeof EventCallbacks
  | typeof EventVisits
  | typeof EventPresence
  | typeof EventComplaints
  | typeof EventLetters
  | typeof EventPrintoutShow;

/** Subscribe to a backend event; returns the function that unsubscribes. */
export function on(name: EventName, cb: (data: unknown) => void): () => void {
  const w = window as unknown as { runtime?: unknown };
  if (!w.runtime) {
    return () => {}; // no Wails runtime (unit tests): nothing to hear
  }
  return EventsOn(name, cb);
}
