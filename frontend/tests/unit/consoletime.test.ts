// The console's dates as the office reads them (console/src/time.ts):
// 04.12.2026 in Polish and Ukrainian, 4 December 2026 in English, times
// in the office's zone whatever the browser's.
import { describe, expect, test } from 'vitest';
import { day, when } from '../../console/src/time';

describe('console dates', () => {
  test('a calendar date follows the language', () => {
    expect(day('2026-12-04', 'pl')).toBe('04.12.2026');
    expect(day('2026-12-04', 'uk')).toBe('04.12.2026');
    expect(day('2026-12-04', 'en')).toBe('4 December 2026');
    expect(day('', 'pl')).toBe('—');
    expect(day('not a date', 'pl')).toBe('not a date');
  });
  test('a moment is the office\'s date and time', () => {
    // 23:30 UTC on 31 December is already 1 January in Warsaw.
    expect(when('2026-12-31T23:30:00Z', 'pl')).toBe('01.01.2027, 00:30');
    expect(when('2026-07-04T07:05:00Z', 'en')).toBe('4 July 2026, 09:05');
    expect(when('', 'uk')).toBe('—');
  });
});

describe('console strings of the report and of retiring a unit', () => {
  test('each is in Polish, English and Ukrainian', async () => {
    const { default: pl } = await import('$locales/pl.json');
    const { default: en } = await import('$locales/en.json');
    const { default: uk } = await import('$locales/uk.json');
    const keys = [
      'console.yearRegisters.tab.report', 'console.report.intro', 'console.report.unit', 'console.report.noSuchUnit',
      'console.action.view.report', 'console.action.print.report', 'console.action.unit.retire', 'console.action.unit.restore',
      'console.units.retire', 'console.units.restore', 'console.units.retireWhat', 'console.units.retireStays', 'console.units.retireSync',
      'console.units.staffed_one', 'console.units.staffed_few', 'console.units.staffed_many', 'console.units.staffedWhat', 'intake.unitRetired',
    ];
    for (const k of keys) for (const m of [pl, en, uk] as Record<string, string>[]) expect(m[k], k).toBeTruthy();
  });
});
