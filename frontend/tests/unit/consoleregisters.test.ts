// Konsola urzędu's Rejestry and Pulpit build some keys from the register's
// kind and column (YearRegister.svelte): each must exist in Polish,
// English and Ukrainian, with the same placeholders.
import { describe, expect, test } from 'vitest';
import pl from '$locales/pl.json';
import en from '$locales/en.json';
import uk from '$locales/uk.json';

const kinds = ['visits', 'complaints', 'letters'];
const columns: Record<string, string[]> = {
  visits: ['number', 'date', 'who', 'unit', 'subject', 'due'],
  complaints: ['date', 'kind', 'who', 'subject', 'unit', 'due'],
  letters: ['date', 'kind', 'who', 'subject', 'unit', 'due'],
};
const keys = [
  ...['cases', ...kinds].map((k) => `console.yearRegisters.tab.${k}`),
  ...kinds.flatMap((k) => [`console.yearRegisters.${k}.intro`, `console.yearRegisters.${k}.title`, ...columns[k].map((c) => `console.yearRegisters.${k}.${c}`)]),
  ...kinds.flatMap((k) => [`console.action.view.register.${k}`, `console.action.print.register.${k}`]),
  ...['one', 'few', 'many'].map((f) => `console.yearRegisters.count_${f}`),
  'console.yearRegisters.which', 'console.yearRegisters.year', 'console.yearRegisters.print', 'console.yearRegisters.empty',
  'console.yearRegisters.no', 'console.yearRegisters.state', 'console.yearRegisters.anonymous',
  'console.dashboard.noOpen', 'console.dashboard.noOpenUnit', 'console.devices.tell', 'console.devices.nobody',
  // The states and kinds the API names (sync/registry/console/registers.go).
  ...['pending', 'valid', 'expired', 'returned', 'revoked'].map((s) => `visits.authState.${s}`),
  ...['used', 'usedAwaiting', 'cancelled', 'reserved', 'missing'].map((s) => `console.registers.state.${s}`),
  ...['registered', 'forwarded', 'answered', 'left', 'noted'].map((s) => `complaints.status.${s}`),
  ...['justified', 'unjustified', 'forwarded', 'left'].map((s) => `complaints.outcome.${s}`),
  ...['complaint', 'motion', 'remark'].map((s) => `complaints.kind.${s}`),
  ...['open', 'dueToday', 'overdue', 'onTime', 'late'].map((s) => `letters.state.${s}`),
];
const args = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('console registers locales', () => {
  test.each(keys)('%s in pl, en and uk', (key) => {
    const m: Record<string, Record<string, string>> = { pl, en, uk };
    for (const l of ['pl', 'en', 'uk']) expect(m[l][key], `${l} ${key}`).toBeTruthy();
    expect(args(en[key as keyof typeof en])).toEqual(args(pl[key as keyof typeof pl]));
    expect(args(uk[key as keyof typeof uk])).toEqual(args(pl[key as keyof typeof pl]));
  });
});
