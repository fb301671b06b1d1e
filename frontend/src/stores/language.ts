import { get } from 'svelte/store';
import * as system from '../api/system';
import { loadLocale, locale, locales, type Locale } from '../lib/i18n';

const KEY = 'okienko.locale';
const changed: (() => void)[] = [];

/**
 * Runs fn after the backend has taken a new interface language: a store
 * holding text the backend rendered (the intake's problems) asks again.
 * Lists follow the change events the backend fires then.
 */
export function whenLocaleChanges(fn: () => void): void {
  changed.push(fn);
}

/**
 * Keeps the interface language: remembered on this computer, set on the
 * page and told to the backend, which renders statuses, dates, fees and
 * problems in it. Resolves once the backend knows the saved language, so
 * nothing is loaded before in the wrong one; returns the unsubscribe.
 */
export async function followLocale(): Promise<() => void> {
  const saved = localStorage.getItem(KEY);
  if (saved && (locales as readonly string[]).includes(saved)) locale.set(saved as Locale);
  // The first screen is drawn in the saved language, not Polish first.
  await Promise.all([loadLocale(get(locale)), tell(get(locale))]);
  let first = true;
  return locale.subscribe((l) => {
    localStorage.setItem(KEY, l);
    document.documentElement.lang = l;
    if (!first) void tell(l).then(() => changed.forEach((fn) => fn()));
    first = false;
  });
}

async function tell(l: string): Promise<void> {
  try {
    await system.setLocale(l);
  } catch {
    // An older backend without the call: it keeps Polish.
  }
}
