import { describe, expect, test, vi } from 'vitest';
import { get } from 'svelte/store';

// The backend renders a card in the language it was last told.
let backendLang = 'pl';
vi.mock('../../src/api/catalog', () => ({
  card: async (id: string) => ({ id, title: backendLang === 'en' ? 'Housing allowance' : 'Dodatek mieszkaniowy' }),
  search: async () => [],
}));
vi.mock('../../src/api/system', () => ({
  setLocale: async (l: string) => {
    backendLang = l;
    return l;
  },
}));
const store = new Map<string, string>();
vi.stubGlobal('localStorage', { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v) });
vi.stubGlobal('document', { documentElement: { lang: 'pl' } });

const { openCard, selected } = await import('../../src/stores/catalog');
const { followLocale } = await import('../../src/stores/language');
const { locale } = await import('../../src/lib/i18n');

describe('an open card', () => {
  test('is shown again in the language the interface is switched to', async () => {
    const stop = await followLocale();
    await openCard('dodatek');
    expect(get(selected)?.title).toBe('Dodatek mieszkaniowy');
    locale.set('en');
    await vi.waitFor(() => expect(get(selected)?.title).toBe('Housing allowance'));
    stop();
  });
});
