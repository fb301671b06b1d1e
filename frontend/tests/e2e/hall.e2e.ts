// Issue 12, one hall: two counters (two real app instances enrolled to a
// real registry process) share the registry's queue. Tickets taken at one
// counter wait at both; the two call at the same moment and never get the
// same ticket (the priority one and the earliest ordinary one go to one
// each); the hall's board, opened from the address `registry admin queue
// board-url` prints, shows both calls with their counters.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifact, launch, open, signIn, startApp, type App } from './harness';
import { keepRecoveryCode } from './flows';
import { startRegistry, type Registry } from './registry';

let registry: Registry;
let appA: App;
let appB: App;
let browser: Browser;
let a: Page;
let b: Page;

async function enrol(page: Page, code: string, who: string): Promise<void> {
  await page.getByTestId('enroll-url').fill(registry.url);
  await page.getByTestId('enroll-code').fill(code);
  await page.getByTestId('enroll-submit').click();
  await keepRecoveryCode(page);
  await expect.poll(() => page.getByRole('radio', { name: new RegExp(who) }).count(), { timeout: 30_000 }).toBe(1);
  await signIn(page, who, 'okienko');
  await page.getByTestId('user-name').waitFor({ timeout: 60_000 });
}

async function counter(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Alt+5');
  await page.getByRole('heading', { name: 'Kolejka', exact: true }).waitFor();
  await expect.poll(() => page.getByTestId('queue-mode').textContent()).toContain('wspólna dla stanowisk');
  await page.locator('details.counter-settings summary').click();
  await page.getByTestId('queue-counter-name').fill(name);
  await page.locator('details.counter-settings button[type=submit]').click();
  await page.locator('details.counter-settings [role=status]').waitFor();
}

beforeAll(async () => {
  registry = await startRegistry();
  [appA, appB] = await Promise.all([startApp(undefined, ['--no-demo']), startApp(undefined, ['--no-demo'])]);
  browser = await launch();
  a = await open(browser, appA);
  b = await open(browser, appB);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([appA?.stop(), appB?.stop(), registry?.stop()]);
});

test('both counters are enrolled to the registry', async () => {
  await expect.poll(() => a.getByTestId('enroll-code').isVisible()).toBe(true);
  await enrol(a, registry.enrolmentCode('Stanowisko 1'), 'Jan Nowak');
  await enrol(b, registry.enrolmentCode('Stanowisko 2'), 'Katarzyna Zielińska');
});

test('two counters calling at once never call the same ticket; the board shows both calls', async () => {
  await counter(a, 'Stanowisko 1');
  await counter(b, 'Stanowisko 2');
  // Three tickets at counter 1: two ordinary, then one with priority service.
  await a.getByTestId('queue-issue-A').click();
  await expect.poll(() => a.getByTestId('queue-issued').textContent()).toContain('A001');
  await a.getByTestId('queue-issue-A').click();
  await expect.poll(() => a.getByTestId('queue-issued').textContent()).toContain('A002');
  await a.getByRole('checkbox', { name: 'Obsługa w pierwszej kolejności' }).check();
  await a.getByTestId('queue-issue-A').click();
  await expect.poll(() => a.getByTestId('queue-issued').textContent()).toContain('A003');
  // They wait at counter 2 as well: the queue is the hall's.
  await expect.poll(() => b.getByTestId('queue-waiting-A').textContent(), { timeout: 30_000 }).toBe('3');

  await Promise.all([a.getByTestId('queue-call-next').click(), b.getByTestId('queue-call-next').click()]);
  const label = (p: Page) => p.getByTestId('queue-current-label').textContent();
  await expect.poll(() => label(a)).toMatch(/^A00[13]$/);
  await expect.poll(() => label(b)).toMatch(/^A00[13]$/);
  const called = [await label(a), await label(b)];
  expect(called.sort()).toEqual(['A001', 'A003']);
  await expect.poll(() => a.getByTestId('queue-waiting-A').textContent(), { timeout: 30_000 }).toBe('1');
  await a.screenshot({ path: artifact('hall-counter1.png') });

  const line = registry.admin('queue', 'board-url', '--office', registry.officeId, '--base', registry.url);
  const url = /^board\s+(\S+)/m.exec(line)?.[1];
  expect(url).toBeTruthy();
  const board = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'pl-PL' });
  await board.goto(url!);
  for (const [l, c] of [
    [await label(a), 'Stanowisko 1'],
    [await label(b), 'Stanowisko 2'],
  ]) {
    const item = board.locator('li', { has: board.locator('.label', { hasText: l! }) });
    await item.waitFor({ timeout: 30_000 });
    expect(await item.locator('.counter').textContent()).toContain(c);
  }
  await board.screenshot({ path: artifact('hall-board.png') });
  await board.close();
});
