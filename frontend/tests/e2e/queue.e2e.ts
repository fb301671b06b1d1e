// Issue 12, Kolejka: two ordinary tickets, then one with priority service
// ("obsługa w pierwszej kolejności", no reason asked); the counter's
// "Wywołaj następny" (F2) calls the priority ticket first, then the
// earliest ordinary one. The screenshot is the README's.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifact, launch, open, signIn, startApp, type App } from './harness';
import { registerCertificate } from './flows';

let app: App;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  browser = await launch();
  page = await open(browser, app);
  await signIn(page, 'Jan Nowak', 'okienko');
  await page.getByTestId('user-name').waitFor({ timeout: 20_000 });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function axeSerious(p: Page): Promise<string[]> {
  const require = createRequire(import.meta.url);
  await p.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const res = await p.evaluate(async () => {
    type Result = { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<Result> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return res.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const issued = () => page.getByTestId('queue-issued').textContent();
const current = () => page.getByTestId('queue-current-label').textContent();

test('a priority ticket is called before earlier ordinary ones', async () => {
  await page.keyboard.press('Alt+5');
  await page.getByRole('heading', { name: 'Kolejka', exact: true }).waitFor();
  // The first group's button has the focus: Enter issues an ordinary ticket.
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('queue-issue-A');
  await page.keyboard.press('Enter');
  await expect.poll(issued).toContain('A001');
  await page.getByTestId('queue-issue-A').click();
  await expect.poll(issued).toContain('A002');
  const priority = page.getByRole('checkbox', { name: 'Obsługa w pierwszej kolejności' });
  await priority.check();
  await page.getByTestId('queue-issue-A').click();
  await expect.poll(issued).toContain('A003');
  expect(await priority.isChecked()).toBe(false); // one ticket's choice, not the next client's
  await page.getByTestId('queue-issue-B').click();
  await expect.poll(issued).toContain('B001');
  await expect.poll(() => page.getByTestId('queue-waiting-A').textContent()).toBe('3');
  // No field asks why: the only input near the choice is the checkbox.
  expect(await page.locator('section[aria-labelledby=queue-issue] input:not([type=checkbox])').count()).toBe(0);

  await page.keyboard.press('F2');
  await expect.poll(current).toBe('A003');
  await expect.poll(() => page.getByTestId('queue-waiting-A').textContent()).toBe('2');
  expect(await axeSerious(page)).toEqual([]);
  await page.screenshot({ path: artifact('queue.png') });

  // Calling again before finishing the current ticket is refused in words.
  await page.keyboard.press('F2');
  await expect.poll(() => page.getByTestId('error').textContent()).toContain('Najpierw zakończ obsługę biletu A003');
  await page.getByTestId('queue-served').click();
  await page.getByTestId('queue-no-current').waitFor();
  await page.getByTestId('queue-call-next').click();
  await expect.poll(current).toBe('A001');
});

test('the case registered for the called ticket is linked to it as it is marked served', async () => {
  await expect.poll(current).toBe('A001');
  await page.getByTestId('queue-register-case').click();
  const sign = await registerCertificate(page, { firstName: 'Anna', lastName: 'Kolejkowa', pesel: '80011510024', birthDate: '1980-01-15', phone: '600100200' });
  await page.keyboard.press('Alt+5');
  const link = page.getByTestId('queue-link-case');
  await expect.poll(() => link.textContent()).toContain(sign);
  await link.click();
  await page.getByTestId('queue-no-current').waitFor();
  // The next ticket is an ordinary one: the link was for A001 only.
  await page.keyboard.press('F2');
  await expect.poll(current).toBe('A002');
  expect(await page.getByTestId('queue-link-case').count()).toBe(0);
});
