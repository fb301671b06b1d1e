import { describe, expect, test } from 'vitest';
import { match, type KeyLike } from '../../src/lib/keys';
import { IdleWatcher } from '../../src/lib/idle';

const k = (key: string, o: Partial<KeyLike> = {}): KeyLike => ({
  key, ctrlKey: false, altKey: false, metaKey: false, shiftKey: false, inField: false, ...o,
});

describe('shortcuts', () => {
  test('map to actions', () => {
    expect(match(k('l', { ctrlKey: true }))).toBe('lock');
    expect(match(k('L', { ctrlKey: true, shiftKey: true }))).toBe('lock');
    expect(match(k('l', { ctrlKey: true, inField: true }))).toBe('lock');
    expect(match(k('k', { ctrlKey: true }))).toBe('search');
    expect(match(k('/'))).toBe('search');
    expect(match(k('/', { inField: true }))).toBeNull(); // typing a slash
    expect(match(k('p', { ctrlKey: true }))).toBe('print');
    expect(match(k('3', { altKey: true }))).toBe('nav:3');
    expect(match(k('9', { altKey: true }))).toBe('nav:9'); // nine areas, "Dziś" first
    expect(match(k('0', { altKey: true }))).toBeNull();
    expect(match(k('Escape'))).toBe('escape');
    expect(match(k('F1'))).toBe('help');
    expect(match(k('F2'))).toBe('callNext');
    expect(match(k('F2', { inField: true }))).toBe('callNext');
    expect(match(k('l'))).toBeNull();
  });
});

describe('IdleWatcher', () => {
  test('fires once after the timeout and touches at most every interval', () => {
    let now = 0;
    let idle = 0;
    let touches = 0;
    const w = new IdleWatcher({ timeoutMs: 300_000, touchEveryMs: 10_000, onIdle: () => idle++, onTouch: () => touches++, now: () => now });
    w.activity();
    now = 5_000;
    w.activity();
    expect(touches).toBe(1);
    now = 12_000;
    w.activity();
    expect(touches).toBe(2);
    now = 12_000 + 299_999;
    w.check();
    expect(idle).toBe(0);
    now = 12_000 + 300_000;
    w.check();
    w.check();
    expect(idle).toBe(1);
    w.activity();
    w.setTimeout(60_000);
    now += 60_000;
    w.check();
    expect(idle).toBe(2);
  });
});
