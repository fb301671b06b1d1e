import { describe, expect, test } from 'vitest';
import { AppError, call, toAppError } from '../../src/api/call';

describe('toAppError', () => {
  test('parses the JSON the Go ErrorFormatter sends inside an Error', () => {
    const e = toAppError(new Error('{"key":"auth.throttled","args":{"count":"5"},"message":"Zbyt wiele"}'));
    expect(e).toBeInstanceOf(AppError);
    expect(e.key).toBe('auth.throttled');
    expect(e.args).toEqual({ count: '5' });
    expect(e.message).toBe('Zbyt wiele');
  });
  test('accepts a bare JSON string and a plain object', () => {
    expect(toAppError('{"key":"auth.locked","message":"x"}').key).toBe('auth.locked');
    expect(toAppError({ key: 'auth.forbidden', args: { n: 1 } }).args).toEqual({ n: '1' });
  });
  test('anything else is an internal error', () => {
    expect(toAppError(new Error('boom')).key).toBe('error.internal');
    expect(toAppError('not json').key).toBe('error.internal');
    expect(toAppError(42).key).toBe('error.internal');
  });
  test('call rejects only with AppError', async () => {
    await expect(call(() => Promise.reject(new Error('{"key":"auth.locked"}')))).rejects.toMatchObject({ key: 'auth.locked' });
    await expect(call(() => Promise.resolve(7))).resolves.toBe(7);
  });
});
