import { describe, expect, test, vi } from 'vitest';
import { get } from 'svelte/store';

// The catalogue search answers when the test says so, in any order.
const pending: { q: string; resolve: (v: unknown) => void }[] = [];
vi.mock('../../src/api/catalog', () => ({
  search: (q: string) => new Promise((resolve) => pending.push({ q, resolve })),
}));

const { searchServices, services, servicesFor } = await import('../../src/stores/intake');

describe('searchServices', () => {
  test('an older answer arriving last does not replace the newer one', async () => {
    const opening = searchServices('');
    const typed = searchServices('skarga');
    const byQuery = (q: string) => pending.find((p) => p.q === q)!;
    byQuery('skarga').resolve([{ id: 'b', title: 'Skarga lub wniosek' }]);
    await typed;
    byQuery('').resolve([{ id: 'a', title: 'Decyzja o warunkach zabudowy' }, { id: 'b', title: 'Skarga lub wniosek' }]);
    await opening;
    expect(get(services).map((s) => s.id)).toEqual(['b']);
  });

  test('Enter before the typed answer came back waits for it instead of taking the shown list', async () => {
    pending.length = 0;
    const opening = searchServices('');
    pending.find((p) => p.q === '')!.resolve([{ id: 'wz', title: 'Decyzja o warunkach zabudowy' }]);
    await opening;
    const chosen = servicesFor('zameldowanie');
    const asked = pending.filter((p) => p.q === 'zameldowanie');
    expect(asked.length).toBe(1);
    asked[0].resolve([{ id: 'zam', title: 'Zaświadczenie o zameldowaniu' }]);
    expect((await chosen).map((s) => s.id)).toEqual(['zam']);
    // The list shown answers the query: no second search.
    expect((await servicesFor('zameldowanie')).map((s) => s.id)).toEqual(['zam']);
    expect(pending.filter((p) => p.q === 'zameldowanie').length).toBe(1);
  });
});
