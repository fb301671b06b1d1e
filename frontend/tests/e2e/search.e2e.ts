// Issue 11, item 5: a clerk who types a case's whole sign and presses Enter
// opens that case, never SO.5352.10 or another sign that merely shares its
// pieces (a clerk once changed the wrong case's status this way); a partial
// sign lists the signs that begin with it. The office has 1,200 synthetic
// cases (app/cmd/synth), so every register has numbers 1 to 19 and more.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifact, launch, open, signIn, startApp, type App } from './harness';

let app: App;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const root = new URL('../../../', import.meta.url).pathname;
  const data = mkdtempSync(join(tmpdir(), 'okienko-search-'));
  const synth = join(data, 'synth');
  execFileSync(process.env.GO ?? 'go', ['build', '-o', synth, './app/cmd/synth'], { cwd: root, stdio: 'inherit' });
  execFileSync(synth, ['--data', data, '--cases', '1200'], { stdio: 'ignore' });
  app = await startApp(data);
  browser = await launch();
  page = await open(browser, app);
  await signIn(page, 'Jan Nowak', 'okienko');
  await page.getByTestId('user-name').waitFor();
  await page.keyboard.press('Alt+2');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const signs = () => page.getByTestId('case-row').locator('.sign-cell').allTextContents();

async function searchFor(text: string): Promise<string[]> {
  await page.getByTestId('case-search').fill(text);
  await page.waitForTimeout(100);
  await expect.poll(() => page.getByTestId('case-table').getAttribute('aria-busy')).toBe('false');
  return signs();
}

let year = 0;

test('a partial sign lists the signs that begin with it, in register order', async () => {
  await page.getByTestId('case-status-filter').selectOption(''); // any status
  const found = await searchFor('SO.5352.1');
  expect(found.length).toBeGreaterThan(1);
  for (const s of found) expect(s.startsWith('SO.5352.1')).toBe(true);
  // The newest year whose register reached 10: SO.5352.1.Y and SO.5352.10.Y both listed.
  year = Math.max(...found.filter((s) => /^SO\.5352\.1\d\./.test(s)).map((s) => Number(s.split('.')[3])));
  expect(found).toContain(`SO.5352.1.${year}`);
  expect(found.indexOf(`SO.5352.1.${year}`)).toBeLessThan(found.indexOf(`SO.5352.10.${year}`));
  // "SO.5352.1." ends the number: only the first case of each year.
  for (const s of await searchFor('SO.5352.1.')) expect(s).toMatch(/^SO\.5352\.1\.\d{4}$/);
});

test('the whole sign typed and Enter at once open that case, whatever the filters', async () => {
  await page.getByTestId('case-status-filter').selectOption('open'); // the case may be closed: named, it is found
  const sign = `SO.5352.1.${year}`;
  const search = page.getByTestId('case-search');
  await search.fill('');
  await search.focus();
  // Typed as a clerk types, Enter straight after the last key: the list of
  // an earlier prefix ("SO.5352.") must not be the one Enter opens.
  await page.keyboard.type(sign, { delay: 15 });
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('case-view-sign').textContent()).toBe(sign);
  await page.screenshot({ path: artifact('search-exact.png') });
  await page.keyboard.press('Escape');
  await expect.poll(() => signs()).toEqual([sign]);
  // Lower case finds it too; a sign that does not exist finds nothing.
  expect(await searchFor(sign.toLowerCase())).toEqual([sign]);
  expect(await searchFor(`SO.5352.99999.${year}`)).toEqual([]);
});
