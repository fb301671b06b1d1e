import { describe, expect, test, vi } from 'vitest';
import { get } from 'svelte/store';

// The hall's queue as the bound service answers it: F2 with a ticket
// still being served is refused; the five-second refresh may fail while
// the registry is away and come back.
let current = 'A003';
let registryAway = false;
vi.mock('../../src/api/queue', () => ({
  state: () =>
    registryAway ? Promise.reject(new Error('{"key":"queue.unreachable"}')) : Promise.resolve({ current: { label: current } }),
  callNext: () => Promise.reject(new Error(`{"key":"queue.markCurrentFirst","args":{"label":"${current}"}}`)),
}));

const { callNext, error, refresh } = await import('../../src/stores/queue');

describe('the queue keeps a refusal on screen', () => {
  test('a refresh finishing after a refused F2 leaves its message', async () => {
    expect(await callNext()).toBe(false);
    expect(get(error)?.key).toBe('queue.markCurrentFirst');
    await refresh();
    expect(get(error)?.key).toBe('queue.markCurrentFirst');
  });
  test("a refresh's own failure goes when a later refresh succeeds", async () => {
    error.set(null);
    registryAway = true;
    await refresh();
    expect(get(error)?.key).toBe('queue.unreachable');
    registryAway = false;
    await refresh();
    expect(get(error)).toBeNull();
  });
});
