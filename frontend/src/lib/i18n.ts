// Translations shared with the Go backend (app/i18n/locales). `t` renders a
// key with {name} placeholders and Polish/Ukrainian plural forms, exactly as
// the Go bundle does.
import { derived, writable, type Readable } from 'svelte/store';
import pl from '$locales/pl.json';

type Messages = Record<string, string>;
/** The locales loaded so far: Polish always, English and Ukrainian once asked for (loadLocale). */
export const messages: Record<string, Messages> = { pl };
export const locales = ['pl', 'en', 'uk'] as const;
export type Locale = (typeof locales)[number];

export const locale = writable<Locale>('pl');

// English and Ukrainian are chunks of their own (some 150 and 210 kB): the
// sign-in screen, in Polish on most PCs, parses one language, not three
// (issue 16: cold start).
const loaders: Record<string, () => Promise<{ default: Messages }>> = {
  en: () => import('$locales/en.json'),
  uk: () => import('$locales/uk.json'),
};
const loads: Record<string, Promise<void>> = {};
// Bumped when a locale arrives, so $t renders again in it.
const arrived = writable(0);

/** Loads loc's messages if they are not yet; resolves when they are. */
export function loadLocale(loc: string): Promise<void> {
  if (messages[loc] || !loaders[loc]) return Promise.resolve();
  loads[loc] ??= loaders[loc]().then((m) => {
    messages[loc] = m.default;
    arrived.update((n) => n + 1);
  });
  return loads[loc];
}

/** Loads every locale (the client's survey offers all three; tests). */
export async function loadAllLocales(): Promise<void> {
  await Promise.all(locales.map(loadLocale));
}

// A language chosen anywhere (Ustawienia, the saved choice) is loaded.
locale.subscribe((l) => void loadLocale(l));

/** CLDR plural category for integers, as app/i18n.PluralForm. */
export function pluralForm(loc: string, n: number): 'one' | 'few' | 'many' {
  n = Math.abs(Math.trunc(n));
  if (loc === 'en') return n === 1 ? 'one' : 'many';
  if (n === 1) return 'one';
  if (loc === 'uk' && n % 10 === 1 && n % 100 !== 11) return 'one';
  if (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14)) return 'few';
  return 'many';
}

function lookup(loc: string, key: string, args?: Record<string, string | number>): string | undefined {
  const m = messages[loc];
  if (!m) return undefined;
  if (args && args.count !== undefined) {
    const form = m[`${key}_${pluralForm(loc, Number(args.count))}`];
    if (form !== undefined) return form;
  }
  return m[key];
}

/**
 * An argument "@key" is itself a message ("@status.settled" becomes
 * "załatwiona"; "@a|@b" becomes "a lub b"), rendered with the outer
 * arguments that are not keys (e.g. {detail}), as app/i18n.argValue.
 */
function argValue(loc: string, v: string | number, args: Record<string, string | number>): string {
  const s = String(v);
  if (!s.startsWith('@')) return s;
  const plain: Record<string, string | number> = {};
  for (const [k, a] of Object.entries(args)) if (!String(a).startsWith('@')) plain[k] = a;
  return s
    .split('|')
    .map((p) => translate(loc, p.replace(/^@/, ''), plain))
    .join(` ${translate(loc, 'common.or')} `);
}

/** Renders key in loc; falls back to Polish, then to the key itself. */
export function translate(loc: string, key: string, args?: Record<string, string | number>): string {
  let msg = lookup(loc, key, args) ?? lookup('pl', key, args) ?? key;
  if (args) {
    for (const [k, v] of Object.entries(args)) msg = msg.split(`{${k}}`).join(argValue(loc, v, args));
  }
  return msg;
}

export type TFunc = (key: string, args?: Record<string, string | number>) => string;

/** The translate function for the current locale, as a store: use $t(...). */
export const t: Readable<TFunc> = derived([locale, arrived], ([loc]): TFunc => (key, args) => translate(loc, key, args));

/** A piece of a rendered message: its own text, or the value of an argument. */
export interface Part {
  text: string;
  arg?: string;
}

/**
 * Renders key in loc as pieces, so a view can mark an argument that is
 * the office's data (a cashier's address, written in Polish) with lang="pl"
 * inside a sentence in the interface language.
 */
export function translateParts(loc: string, key: string, args: Record<string, string | number>): Part[] {
  const names = Object.keys(args);
  const marked: Record<string, string> = {};
  for (const n of names) marked[n] = `\u0000${n}\u0000`;
  const out: Part[] = [];
  translate(loc, key, marked)
    .split('\u0000')
    .forEach((s, i) => {
      if (i % 2 === 1 && s in args) out.push({ text: String(args[s]), arg: s });
      else if (s) out.push({ text: s });
    });
  return out;
}

/** translateParts for the current locale, as a store: use $tParts(...). */
export const tParts: Readable<(key: string, args: Record<string, string | number>) => Part[]> = derived(
  [locale, arrived],
  ([loc]) =>
    (key: string, args: Record<string, string | number>) =>
      translateParts(loc, key, args),
);
