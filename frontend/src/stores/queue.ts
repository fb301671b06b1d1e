import { writable } from 'svelte/store';
import * as api from '../api/queue';
import { AppError, toAppError } from '../api/call';
import { registerReset } from './privacy';

export const queue = writable<api.QueueState | null>(null);
export const issued = writable<api.QueueIssued | null>(null);
export const printed = writable<api.Printout | null>(null);
export const error = writable<AppError | null>(null);
export const busy = writable(false);
export const counterSaved = writable(false);
/** The ticket a case is being registered for (Zarejestruj sprawę). */
export const forTicket = writable<string | null>(null);

async function run<T>(fn: () => Promise<T>, done: (v: T) => void): Promise<boolean> {
  busy.set(true);
  try {
    done(await fn());
    error.set(null);
    return true;
  } catch (e) {
    error.set(toAppError(e));
    return false;
  } finally {
    busy.set(false);
  }
}

export const refresh = () => run(api.state, (v) => queue.set(v));

export function issue(group: string, priority: boolean): Promise<boolean> {
  printed.set(null);
  return run(
    () => api.issue(group, priority),
    (v) => {
      issued.set(v);
      void refresh();
    },
  );
}

export const callNext = () => run(api.callNext, (v) => queue.set(v));

export function mark(ticketId: string, status: api.TicketStatus, caseId = '', toCounter = ''): Promise<boolean> {
  return run(
    () => api.mark(ticketId, status, caseId, toCounter),
    (v) => {
      queue.set(v);
      forTicket.set(null);
    },
  );
}

export function saveCounter(name: string, groups: string[]): Promise<boolean> {
  counterSaved.set(false);
  return run(
    () => api.setCounter(name, groups),
    (v) => {
      queue.set(v);
      counterSaved.set(true);
    },
  );
}

export const printTicket = (id: string, paper: api.Paper) => run(() => api.printTicket(id, paper), (p) => printed.set(p));

registerReset(() => {
  queue.set(null);
  issued.set(null);
  printed.set(null);
  error.set(null);
  forTicket.set(null);
  counterSaved.set(false);
});
