// What the console's E2E specs share: a browser signed in to the
// registry's console as a person, and axe run past the console's CSP.
import { expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** A new browser context on the console at url, signed in as login, on the Pulpit. */
export async function consoleAs(browser: Browser, url: string, login: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'pl-PL' });
  const p = await ctx.newPage();
  p.on('pageerror', (e) => console.error('console page error:', e.message));
  await p.goto(`${url}/console/`);
  await p.getByLabel('Login').fill(login);
  await p.getByLabel('Hasło').fill('okienko');
  await p.getByRole('button', { name: 'Zaloguj' }).click();
  await p.getByRole('heading', { name: 'Pulpit' }).waitFor({ timeout: 60_000 });
  return p;
}

/**
 * axe-core's serious and critical findings must be none. The console's CSP
 * refuses an injected script tag (scan.ts's way), so axe is evaluated
 * through the DevTools protocol, which the page's CSP does not govern.
 */
export async function noSerious(p: Page, what: string): Promise<void> {
  const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await p.evaluate(() => 'axe' in window))) await p.evaluate(axe);
  const found = await p.evaluate(async () => {
    type Result = { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };
    const res = await (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<Result> } }).axe.run(document, { resultTypes: ['violations'] });
    return res.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(found, what).toEqual([]);
}
