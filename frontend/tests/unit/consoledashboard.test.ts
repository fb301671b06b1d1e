// The console's Pulpit writes a figure above its label ("1" over "sprawa
// w toku"): each label agrees with its figure in every language, never
// "1 spraw w toku", "1 open cases" or "1 відкритих справ".
import { describe, expect, test, vi } from 'vitest';

vi.stubGlobal('localStorage', { getItem: () => null, setItem: () => undefined });
vi.stubGlobal('document', { documentElement: { lang: 'pl' } });
const { translate } = await import('../../console/src/i18n');

describe('Pulpit figures', () => {
  test('a label agrees with its figure', () => {
    const open = (l: string, n: number) => translate(l, 'console.dashboard.open', { count: n });
    expect([1, 2, 5, 22].map((n) => open('pl', n))).toEqual(['sprawa w toku', 'sprawy w toku', 'spraw w toku', 'sprawy w toku']);
    expect([1, 2].map((n) => open('en', n))).toEqual(['open case', 'open cases']);
    expect([1, 3, 11, 21].map((n) => open('uk', n))).toEqual(['відкрита справа', 'відкриті справи', 'відкритих справ', 'відкрита справа']);
    expect(translate('pl', 'console.dashboard.queue', { count: 1, minutes: 4 })).toBe('osoba czeka w kolejce (najdłużej 4 min)');
    expect(translate('pl', 'console.dashboard.conflicts', { count: 3 })).toBe('konflikty do rozstrzygnięcia');
    expect(translate('en', 'console.dashboard.supplement', { count: 1, past: 0 })).toBe('case awaiting documents (of which 0 past their term)');
  });
});
