// The app is closed mid-form (killed, as in a crash or a power cut) and the
// draft comes back after reopening: "Wznów przerwaną sprawę".
import { afterAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, open, signIn, startApp, type App } from './harness';

let app: App | undefined;
let browser: Browser | undefined;

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test('a draft survives the app being killed mid-form', async () => {
  app = await startApp();
  browser = await launch();
  let page = await open(browser, app);
  await signIn(page, 'Anna Kowalska', 'okienko');
  await expect.poll(() => page.getByTestId('user-name').isVisible(), { timeout: 30_000 }).toBe(true);
  await page.keyboard.press('Alt+3');
  await page.getByTestId('service-search').fill('skarga');
  // The list filters as it is typed: click only once it shows the card.
  await expect.poll(() => page.getByTestId('service-option').first().textContent()).toContain('Skarga lub wniosek');
  await page.getByTestId('service-option').first().click();
  await page.getByTestId('client-firstName').fill('Michał');
  await page.getByTestId('client-lastName').fill('Łukasiewicz');
  // A complaint asks no PESEL (issue 13: minimisation): the address is typed.
  await page.getByTestId('client-houseNo').fill('12');
  await page.getByTestId('client-city').fill('Łódź');
  await expect.poll(() => page.getByTestId('autosave').textContent(), { timeout: 30_000 }).toMatch(/Zapisano \d\d:\d\d:\d\d/);
  // Let the last keystroke's save land (at most every 2 s), then kill.
  await page.waitForTimeout(2500);
  await app.kill();

  await browser.close();
  app = await startApp(app.dataDir);
  browser = await launch();
  page = await open(browser, app);
  await signIn(page, 'Anna Kowalska', 'okienko');
  await expect.poll(() => page.getByTestId('user-name').isVisible(), { timeout: 30_000 }).toBe(true);
  await page.keyboard.press('Alt+3');
  await expect.poll(() => page.getByTestId('drafts').textContent()).toContain('Wznów przerwaną sprawę');
  expect(await page.getByTestId('drafts').textContent()).toContain('M. Ł.'); // initials only in the list
  await page.getByTestId('resume').first().click();
  await expect.poll(() => page.getByTestId('client-lastName').inputValue()).toBe('Łukasiewicz');
  expect(await page.getByTestId('client-firstName').inputValue()).toBe('Michał');
  expect(await page.getByTestId('client-houseNo').inputValue()).toBe('12');
  expect(await page.getByTestId('client-pesel').count()).toBe(0);
  expect(await page.getByTestId('client-city').inputValue()).toBe('Łódź');
});
