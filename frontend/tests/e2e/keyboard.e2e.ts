// Keyboard first: a clerk signs in, moves between areas, searches, opens a
// card and locks without touching the mouse.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, open, startApp, type App } from './harness';

let app: App;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  browser = await launch();
  page = await open(browser, app);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test('everything without a mouse', async () => {
  // The first name has focus; arrows choose, Enter goes to the password.
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('radio');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('password');
  await page.keyboard.type('okienko');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('user-name').isVisible(), { timeout: 20_000 }).toBe(true);

  await page.keyboard.press('Alt+8');
  await expect.poll(() => page.getByRole('heading', { name: 'Urząd i pracownicy' }).isVisible()).toBe(true);
  await page.keyboard.type('lukasz');
  await expect.poll(() => page.getByTestId('staff-row').allTextContents()).toEqual([expect.stringContaining('Łukasz Woźniak')]);

  await page.keyboard.press('Alt+6');
  await expect.poll(() => page.getByRole('heading', { name: 'Oddzwonienia', exact: true }).isVisible()).toBe(true);

  await page.keyboard.press('Alt+4');
  await page.keyboard.press('Control+k');
  await page.keyboard.type('odpis aktu');
  await expect.poll(() => page.getByTestId('card-result').count()).toBe(1);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('card-title').textContent()).toContain('odpisu aktu stanu cywilnego');
  await page.keyboard.press('Escape');
  expect(await page.getByTestId('card-view').count()).toBe(0);

  await page.keyboard.press('F1');
  await expect.poll(() => page.getByRole('dialog').textContent()).toContain('Ctrl+L');
  await page.keyboard.press('Escape');
  expect(await page.getByRole('dialog').count()).toBe(0);

  await page.keyboard.press('Control+l');
  await expect.poll(() => page.getByTestId('lock-screen').isVisible()).toBe(true);
  // The lock screen puts the cursor in the password field itself; keys
  // typed before that would be lost, as for a person.
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('password');
  await page.keyboard.type('okienko');
  await page.keyboard.press('Enter');
  // Unlocking verifies the password (Argon2id, about 0.25 s of a free core; more on a busy machine).
  await expect.poll(() => page.getByTestId('user-name').isVisible(), { timeout: 20_000 }).toBe(true);
});
