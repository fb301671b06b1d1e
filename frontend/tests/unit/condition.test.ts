import { expect, test } from 'vitest';
import { holds } from '../../src/lib/condition';

// The same table as app/catalog/condition_test.go.
test('conditions agree with the Go implementation', () => {
  const answers = { pelnomocnik: true, rodzaj: 'zupełny', liczba: 3, puste: '  ', lista: [] };
  const cases: [Parameters<typeof holds>[0], boolean][] = [
    [null, true],
    [{ field: 'pelnomocnik', equals: true }, true],
    [{ field: 'pelnomocnik', equals: false }, false],
    [{ field: 'brak', equals: false }, false],
    [{ field: 'rodzaj', equals: 'zupełny' }, true],
    [{ field: 'rodzaj', in: ['skrócony', 'zupełny'] }, true],
    [{ field: 'rodzaj', in: ['skrócony'] }, false],
    [{ field: 'liczba', equals: 3 }, true],
    [{ field: 'liczba', in: [1, 2] }, false],
    [{ field: 'rodzaj', filled: true }, true],
    [{ field: 'puste', filled: true }, false],
    [{ field: 'puste', filled: false }, true],
    [{ field: 'lista', filled: false }, true],
    [{ field: 'brak', filled: false }, true],
  ];
  for (const [c, want] of cases) expect(holds(c, answers), JSON.stringify(c)).toBe(want);
});
