import { describe, expect, test } from 'vitest';
import { loadAllLocales, messages, pluralForm, translate, translateParts } from '../../src/lib/i18n';

await loadAllLocales();

describe('i18n', () => {
  test('parts mark the arguments inside a sentence', () => {
    const parts = translateParts('en', 'card.orCashierShort', { cashier: 'Kasa Urzędu Gminy, pok. 4' });
    expect(parts.map((p) => p.text).join('')).toBe(translate('en', 'card.orCashierShort', { cashier: 'Kasa Urzędu Gminy, pok. 4' }));
    expect(parts.filter((p) => p.arg)).toEqual([{ text: 'Kasa Urzędu Gminy, pok. 4', arg: 'cashier' }]);
  });

  test('plural forms agree with the Go bundle', () => {
    const cases: [string, number, string][] = [
      ['pl', 1, 'one'], ['pl', 2, 'few'], ['pl', 5, 'many'], ['pl', 12, 'many'], ['pl', 22, 'few'], ['pl', 0, 'many'],
      ['uk', 21, 'one'], ['uk', 11, 'many'], ['uk', 23, 'few'], ['en', 1, 'one'], ['en', 3, 'many'],
    ];
    for (const [loc, n, want] of cases) expect(pluralForm(loc, n), `${loc} ${n}`).toBe(want);
  });
  test('renders placeholders and plurals', () => {
    expect(translate('pl', 'catalog.count', { count: 1 })).toBe('1 usługa');
    expect(translate('pl', 'catalog.count', { count: 3 })).toBe('3 usługi');
    expect(translate('pl', 'catalog.count', { count: 14 })).toBe('14 usług');
    expect(translate('pl', 'lock.who', { name: 'Anna Kowalska' })).toContain('Anna Kowalska');
  });
  test('renders "@key" arguments as messages, as the Go bundle does', () => {
    // The same key and arguments the backend sends for a refused phone.
    expect(translate('pl', 'case.contactInvalid', { reason: '@field.length', field: 'Telefon', count: '9', n: '2' })).toBe(
      'Nie zapisano kontaktu. Pole „Telefon” musi mieć 9 znaków (wpisano 2).',
    );
    expect(translate('pl', 'case.badTransition', { from: '@status.registered', to: '@status.settled|@status.forwarded' })).toContain(
      'załatwiona lub ',
    );
  });
  test('falls back to Polish, then to the key', () => {
    expect(translate('xx', 'common.close')).toBe('Zamknij');
    expect(translate('pl', 'no.such.key')).toBe('no.such.key');
  });
  test('every locale has every Polish key', () => {
    const pl = Object.keys(messages.pl);
    for (const loc of ['en', 'uk']) {
      const missing = pl.filter((k) => !(k in messages[loc]));
      expect(missing, loc).toEqual([]);
    }
  });
});
