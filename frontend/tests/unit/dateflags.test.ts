import { describe, expect, test, vi } from 'vitest';
import { get } from 'svelte/store';

// The registry's list of cases with a date to check, as the bound service
// answers it; a check someone else made first is refused.
let open = [
  { id: 'f1', caseId: 'c1', sign: 'SO.5352.1.2026', onDevice: true, submitted: '13.12.2026', registryDate: '03.12.2026', reason: 'r', device: 'Laptop SO' },
  { id: 'f2', caseId: 'c2', sign: 'sprawa bez znaku', onDevice: false, submitted: '20.11.2026', registryDate: '03.12.2026', reason: 'r', device: 'Laptop OR' },
];
vi.mock('../../src/api/sync', () => ({
  dateFlags: () => Promise.resolve(open),
  checkDateFlag: (id: string) => {
    if (!open.some((f) => f.id === id)) {
      return Promise.reject(new Error('{"key":"sync.dateFlagGone"}'));
    }
    open = open.filter((f) => f.id !== id);
    return Promise.resolve(open);
  },
}));

const { checkDateFlag, dateFlags, error, loadDateFlags } = await import('../../src/stores/sync');
const { clearAll } = await import('../../src/stores/privacy');

describe('cases with a date to check', () => {
  test('a check leaves the flags still open', async () => {
    await loadDateFlags();
    expect(get(dateFlags).map((f) => f.id)).toEqual(['f1', 'f2']);
    expect(await checkDateFlag('f1')).toBe(true);
    expect(get(dateFlags).map((f) => f.id)).toEqual(['f2']);
  });
  test('a flag checked elsewhere meanwhile: the error shows and the list is read again', async () => {
    dateFlags.set([...open, { ...open[0], id: 'gone' }]);
    expect(await checkDateFlag('gone')).toBe(false);
    expect(get(error)?.key).toBe('sync.dateFlagGone');
    expect(get(dateFlags).map((f) => f.id)).toEqual(['f2']);
  });
  test('locking clears the list', () => {
    clearAll();
    expect(get(dateFlags)).toEqual([]);
  });
});
