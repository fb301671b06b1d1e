import { get, writable } from 'svelte/store';
import * as api from '../api/queue';
import { AppError, toAppError } from '../api/call';
import { registerReset } from './privacy';

export const queue = writable<api.QueueState | null>(null);
/** The ticket just issued (or printed again) and where it printed, or why it did not. */
export const issued = writable<api.QueueIssued | null>(null);
/** The paper of the last print, which "Spróbuj ponownie" prints on again. */
export const lastPaper = writable<api.Paper>('80mm');
export const error = writable<AppError | null>(null);
export const busy = writable(false);
export const counterSaved = writable(false);
/** The failure of the last background read, which only a later read clears. */
let readError: AppError | null = null;
/** The ticket a case is being registered for (Zarejestruj sprawę). */
export const forTicket = writable<string | null>(null);

/**
 * Runs an action of the queue; busy while it runs. A background read
 * (`quiet`) is not an action: it neither disables the buttons nor makes F2
 * pressed during the five-second refresh go unheard. Nor does it wipe a
 * refusal the clerk is reading: a refresh that finished after a refused F2
 * used to clear "Najpierw zakończ obsługę biletu ..." before it was seen.
 */
async function run<T>(fn: () => Promise<T>, done: (v: T) => void, quiet = false): Promise<boolean> {
  if (!quiet) busy.set(true);
  try {
    done(await fn());
    if (!quiet || get(error) === readError) error.set(null);
    return true;
  } catch (e) {
    const err = toAppError(e);
    if (quiet) readError = err;
    error.set(err);
    return false;
  } finally {
    if (!quiet) busy.set(false);
  }
}

export const refresh = () => run(api.state, (v) => queue.set(v), true);

export function issue(group: string, priority: boolean): Promise<boolean> {
  lastPaper.set('80mm');
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

/**
 * Prints the ticket again on the chosen printer (or shows it in the viewer
 * when none is chosen); a printer that fails says so in issued.printError.
 */
export function printTicket(id: string, paper: api.Paper): Promise<boolean> {
  lastPaper.set(paper);
  return run(() => api.printTicket(id, paper), (v) => issued.set(v));
}

registerReset(() => {
  queue.set(null);
  issued.set(null);
  lastPaper.set('80mm');
  error.set(null);
  readError = null;
  forTicket.set(null);
  counterSaved.set(false);
});
