// The case's duties (issue 12): handover, art. 36 notice, delivery of a
// call to supplement, interpreter request. Each updates the open case in
// stores/cases; errors show in that case's error box.
import { get, writable } from 'svelte/store';
import * as api from '../api/caseduties';
import { toAppError } from '../api/call';
import type { CaseDetail } from '../api/cases';
import { error, printed, selected } from './cases';
import { registerReset } from './privacy';

export const colleagues = writable<api.Colleague[]>([]);
/** The warning of the last interpreter request (under 3 working days' notice), or ''. */
export const warning = writable('');

async function act<T>(fn: (id: string) => Promise<T>, take: (r: T) => CaseDetail): Promise<boolean> {
  const c = get(selected);
  if (!c) return false;
  try {
    const r = await fn(c.id);
    selected.set(take(r));
    error.set(null);
    return true;
  } catch (e) {
    error.set(toAppError(e));
    return false;
  }
}

export async function loadColleagues(): Promise<void> {
  try {
    colleagues.set(await api.colleagues());
  } catch (e) {
    error.set(toAppError(e));
  }
}

export const handOver = (to: string, note: string) => act((id) => api.handOver(id, to, note), (r) => r);

export const recordNotice = (reason: string, newDue: string) =>
  act(
    (id) => api.recordNotice(id, reason, newDue),
    (r) => {
      printed.set(r.printout);
      return r.case;
    },
  );

export const recordDelivery = (mode: api.DeliveryMode, on: string) => act((id) => api.recordDelivery(id, mode, on), (r) => r);

export const requestInterpreter = (visitOn: string, visitAt: string) =>
  act(
    (id) => api.requestInterpreter(id, visitOn, visitAt),
    (r) => {
      warning.set(r.warning);
      return r.case;
    },
  );

registerReset(() => {
  colleagues.set([]);
  warning.set('');
});
