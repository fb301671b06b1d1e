// The console's strings: the shared locale files (app/i18n/locales), keys
// of the console.* namespace, Polish with English and Ukrainian.
import { derived, writable } from 'svelte/store';
import pl from '$locales/pl.json';
import en from '$locales/en.json';
import uk from '$locales/uk.json';

type Messages = Record<string, string>;
const messages: Record<string, Messages> = { pl, en, uk };
export const languages = ['pl', 'en', 'uk'] as const;
export type Language = (typeof languages)[number];

const saved = localStorage.getItem('okienko.console.lang');
export const lang = writable<Language>(languages.includes(saved as Language) ? (saved as Language) : 'pl');
lang.subscribe((l) => {
  localStorage.setItem('okienko.console.lang', l);
  document.documentElement.lang = l;
});

/** Polish/Ukrainian plural form, as app/i18n.PluralForm. */
function plural(l: string, n: number): 'one' | 'few' | 'many' {
  n = Math.abs(Math.trunc(n));
  if (l === 'en') return n === 1 ? 'one' : 'many';
  if (n === 1) return 'one';
  if (l === 'uk' && n % 10 === 1 && n % 100 !== 11) return 'one';
  if (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14)) return 'few';
  return 'many';
}

export function translate(l: string, key: string, args: Record<string, string | number> = {}): string {
  const m = messages[l] ?? messages.pl;
  let s = (args.count !== undefined ? m[`${key}_${plural(l, Number(args.count))}`] : undefined) ?? m[key] ?? messages.pl[key] ?? key;
  for (const [k, v] of Object.entries(args)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

/** Whether a key exists (a status or field without a label is shown as it is). */
export function has(key: string): boolean {
  return key in messages.pl;
}

export const t = derived(lang, (l) => (key: string, args?: Record<string, string | number>) => translate(l, key, args));
