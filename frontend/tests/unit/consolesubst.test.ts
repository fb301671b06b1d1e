// Konsola urzędu's Zastępstwa (Substitutions.svelte) builds keys from the
// reasons, the registry's problems (app/office ValidateSubstitution) and
// the audited actions (sync/registry/console/api.go): each must exist in
// Polish, English and Ukrainian, with the same named arguments.
import { describe, expect, test } from 'vitest';
import pl from '$locales/pl.json';
import en from '$locales/en.json';
import uk from '$locales/uk.json';

const keys = [
  ...['leave', 'sick_leave', 'business_trip', 'other'].map((r) => `substitution.reasons.${r}`),
  ...['absentUnknown', 'standInMissing', 'self', 'standInInactive', 'dateBad', 'order', 'past', 'tooLong', 'reasonUnknown', 'unitUnknown',
    'overlap', 'standInAbsent', 'absentStandsIn'].map((p) => `substitution.${p}`),
  ...['view.substitutions', 'substitution.add', 'substitution.change', 'substitution.cancel'].map((a) => `console.action.${a}`),
  ...['title', 'hint', 'rodo', 'add', 'addTitle', 'editTitle', 'edit', 'withdraw', 'withdrawConfirm', 'withdrawn', 'saved', 'absent', 'standIn',
    'standingHint', 'from', 'to', 'period', 'periodText', 'reason', 'scope', 'scopeAll', 'scopeUnit', 'state', 'now', 'planned', 'ended',
    'cancelled', 'actions', 'save', 'cancel', 'none', 'role'].map((k) => `console.subst.${k}`),
  'office.absentUntil', 'presence.text.absentAllDay', 'office.absentUntilNoStandIn', 'office.standingSubstitute', 'card.staffLineAbsent', 'card.staffLineAbsentNoStandIn',
];
const args = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('console substitutions locales', () => {
  test.each(keys)('%s in pl, en and uk', (key) => {
    const m: Record<string, Record<string, string>> = { pl, en, uk };
    for (const l of ['pl', 'en', 'uk']) expect(m[l][key], `${l} ${key}`).toBeTruthy();
    expect(args(en[key as keyof typeof en])).toEqual(args(pl[key as keyof typeof pl]));
    expect(args(uk[key as keyof typeof uk])).toEqual(args(pl[key as keyof typeof pl]));
  });
});
