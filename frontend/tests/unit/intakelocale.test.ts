import { describe, expect, test, vi } from 'vitest';
import { get } from 'svelte/store';

// The backend renders a card in the language it was last told.
let backendLang = 'pl';
const title = () => (backendLang === 'uk' ? 'Житлова допомога' : 'Dodatek mieszkaniowy');
vi.mock('../../src/api/catalog', () => ({
  card: async (id: string) => ({ id, title: title() }),
  search: async () => [],
}));
vi.mock('../../src/api/intake', () => ({
  startDraft: async (cardId: string) => ({
    draft: { id: 'd1', cardId, step: 'client', clientId: '', client: {}, answers: {}, checklist: [] },
    card: { id: cardId, title: title() },
    form: { fields: [] },
    clientLimits: {},
  }),
  check: async () => ({ complete: false, problems: [] }),
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

const { start, card } = await import('../../src/stores/intake');
const { followLocale } = await import('../../src/stores/language');
const { locale } = await import('../../src/lib/i18n');

describe('the intake', () => {
  test("shows the chosen service's card in the language the interface is switched to", async () => {
    const stop = await followLocale();
    await start('dodatek');
    expect(get(card)?.title).toBe('Dodatek mieszkaniowy');
    locale.set('uk');
    await vi.waitFor(() => expect(get(card)?.title).toBe('Житлова допомога'));
    stop();
  });
});

describe('the client on the registration step', () => {
  test('a name, or nothing while none is given (the step then says so)', async () => {
    const { clientName } = await import('../../src/stores/intake');
    expect(clientName({ kind: 'person', firstName: 'Łucja', lastName: 'Żółkiewska', businessName: '' })).toBe('Łucja Żółkiewska');
    expect(clientName({ kind: 'business', firstName: '', lastName: '', businessName: 'Piekarnia Kłos' })).toBe('Piekarnia Kłos');
    expect(clientName({ kind: 'person', firstName: '', lastName: '', businessName: '' })).toBe('');
    expect(clientName({})).toBe('');
  });
});
