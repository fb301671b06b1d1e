// Every $t('key', { … }) in the frontend gives each {name} its sentence
// needs, in every language and plural form, and no call leaves a
// placeholder unfilled: the frontend's half of app/args_test.go.
import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadAllLocales, messages } from '../../src/lib/i18n';

await loadAllLocales();

const root = join(__dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(svelte|ts)$/.test(n) ? [p] : [];
  });
}

/** The names an object literal's text gives ("a: 1, b, c: f(x, y)" → a, b, c). */
function argNames(obj: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of obj) {
    if ('([{'.includes(ch)) depth++;
    if (')]}'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter(Boolean).map((p) => /^['"]?([\w$]+)['"]?/.exec(p)?.[1] ?? '');
}

/** Placeholders of a key in every language and plural form. */
function placeholders(key: string): Set<string> {
  const out = new Set<string>();
  for (const m of Object.values(messages)) {
    for (const k of [key, `${key}_one`, `${key}_few`, `${key}_many`]) {
      for (const p of (m[k] ?? '').matchAll(/\{(\w+)\}/g)) out.add(p[1]);
    }
  }
  return out;
}

/** The object literal's text after a call's key: null when the call has no arguments, undefined when they are not a literal (not checked). */
function objectAfter(src: string, from: number): string | null | undefined {
  let i = from;
  while (/\s/.test(src[i])) i++;
  if (src[i] === ')') return null;
  if (src[i] !== ',') return undefined;
  i++;
  while (/\s/.test(src[i])) i++;
  if (src[i] !== '{') return undefined; // a variable: not checked
  let depth = 0;
  for (let j = i; j < src.length; j++) {
    if (src[j] === '{') depth++;
    if (src[j] === '}') depth--;
    if (depth === 0) return src.slice(i + 1, j);
  }
  return undefined;
}

describe('message arguments', () => {
  test('every call gives each placeholder its sentence needs', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const f of files(root)) {
      const src = readFileSync(f, 'utf8');
      for (const m of src.matchAll(/\$?\bt\(\s*'([\w.]+)'/g)) {
        const key = m[1];
        if (!(key in messages.pl) && !(`${key}_one` in messages.pl)) continue; // keys.test / Go's key test report these
        const obj = objectAfter(src, m.index! + m[0].length);
        if (obj === undefined) continue;
        checked++;
        const given = new Set(obj === null ? [] : argNames(obj));
        for (const p of placeholders(key)) {
          if (!given.has(p)) problems.push(`${f.slice(root.length + 1)}: ${key} needs {${p}}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });
});
