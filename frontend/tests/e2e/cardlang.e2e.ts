// Issue 11: an open card follows the interface language. A clerk opens a
// card, switches the language in Ustawienia and comes back to the card: it
// reads in the new language (it used to keep the old one until reopened).
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifact, launch, open, signIn, startApp, type App } from './harness';

let app: App;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  browser = await launch();
  page = await open(browser, app);
  await signIn(page, 'Jan Nowak', 'okienko');
  await page.getByTestId('user-name').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function setLanguage(lang: string): Promise<void> {
  await page.keyboard.press('Alt+9');
  await page.getByTestId('language').selectOption(lang);
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
}

test('the open card is shown again in the language switched to', async () => {
  await page.keyboard.press('Alt+4');
  await page.getByTestId('catalog-search').fill('zameldowaniu');
  // The list first shows every card (the search on opening) and then the
  // cards found; the one to open is picked by its title, not its place.
  const found = page.getByTestId('card-result').filter({ hasText: 'Zaświadczenie o zameldowaniu' });
  await expect.poll(() => found.count()).toBeGreaterThan(0);
  await found.first().click();
  const title = page.getByTestId('card-title');
  await expect.poll(() => title.textContent()).toBe('Zaświadczenie o zameldowaniu');
  expect(await title.getAttribute('lang')).toBe('pl');
  for (const [lang, want] of [
    ['en', 'Certificate of registered residence (zaświadczenie o zameldowaniu)'],
    ['uk', 'Довідка про реєстрацію місця проживання (zaświadczenie o zameldowaniu)'],
  ]) {
    await setLanguage(lang);
    await page.keyboard.press('Alt+4');
    await expect.poll(() => title.textContent()).toBe(want);
    expect(await title.getAttribute('lang')).toBe(lang);
    await page.screenshot({ path: artifact(`cardlang-${lang}.png`) });
  }
  await setLanguage('pl');
  await page.keyboard.press('Alt+4');
  await expect.poll(() => title.textContent()).toBe('Zaświadczenie o zameldowaniu');
});
