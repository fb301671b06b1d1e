// Issue 11, item 7: every screen in English and Ukrainian has no Polish of
// its own left (statuses, dates, fees, deadlines, validation, notices), and
// no label spills out of its box in any language. A clerk registers a case
// in Polish, switches the language in Ustawienia, and walks every screen.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifact, launch, open, signIn, startApp, type App } from './harness';
import { registerCertificate } from './flows';
import { axeSerious, overflows, polishLeaks, type Leak, type Overflow } from './scan';

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

interface Found {
  screen: string;
  leaks: Leak[];
  overflows: Overflow[];
  axe: string[];
}

/** Walks every screen, scanning each; returns what it found, by screen. */
async function walk(lang: string): Promise<Found[]> {
  const found: Found[] = [];
  const scan = async (screen: string) => {
    await page.waitForTimeout(150); // let the backend's answers land
    await page.screenshot({ path: artifact(`language-${lang}-${screen}.png`) });
    found.push({ screen, leaks: lang === 'pl' ? [] : await polishLeaks(page), overflows: await overflows(page), axe: await axeSerious(page) });
  };
  await page.keyboard.press('Alt+2');
  await page.getByTestId('case-status-filter').selectOption('');
  await expect.poll(() => page.getByTestId('case-row').count()).toBeGreaterThan(0);
  await scan('cases');
  await page.getByTestId('case-search').press('Enter');
  await page.getByTestId('case-view').waitFor();
  await scan('case');
  await page.keyboard.press('Escape');

  await page.keyboard.press('Alt+4');
  await page.getByTestId('catalog-search').fill('');
  await expect.poll(() => page.getByTestId('card-result').count()).toBeGreaterThan(10);
  await scan('catalog-all'); // a list longer than its box: scrolled by keyboard too
  await page.getByTestId('catalog-search').fill('zameldowaniu');
  await expect.poll(() => page.getByTestId('card-result').count()).toBeGreaterThan(0);
  await page.getByTestId('card-result').first().click();
  await page.getByTestId('card-title').waitFor();
  await scan('catalog');

  await page.keyboard.press('Alt+3');
  const search = page.getByTestId('service-search');
  await search.fill('');
  await expect.poll(() => page.getByTestId('service-option').count()).toBeGreaterThan(10);
  await scan('new-all');
  await search.fill('zaswiadczenie o zameldowaniu');
  await expect.poll(() => page.getByTestId('service-option').count()).toBeGreaterThan(0);
  await scan('new');
  await search.press('Enter');
  await page.getByTestId('client-pesel').fill('02270803625');
  await page.getByTestId('client-birthDate').fill('31.02.2001');
  await page.getByTestId('client-postalCode').fill('99300');
  await expect.poll(() => page.locator('.form-field.has-problem').count()).toBeGreaterThan(1);
  // The backend's check of what was typed has come back: the PESEL's
  // problem is its check digit, no longer "required" (the first check's
  // answer, of the empty form, was on the screenshot).
  const peselProblem = page.locator('.form-field', { has: page.getByTestId('client-pesel') }).locator('.field-problem');
  await expect.poll(async () => (await peselProblem.textContent()) ?? '').not.toMatch(/wymagane|required|обов’язкове|^$/);
  await scan('client');
  await page.getByTestId('step-documents').click();
  await page.getByTestId('doc-row').first().waitFor();
  await scan('documents');
  await page.getByTestId('step-register').click();
  await scan('register');
  // No client's name given yet: the row says so instead of staying blank.
  expect((await page.getByTestId('client-missing').textContent())?.trim()).toBeTruthy();
  // Porzuć asks first; Esc (or the focused "no") keeps the intake.
  await page.getByTestId('discard').click();
  await page.getByTestId('discard-confirm').waitFor();
  await scan('discard');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('discard-cancel');
  await page.keyboard.press('Escape');
  await expect.poll(() => page.getByTestId('discard-confirm').count()).toBe(0);
  expect(await page.getByTestId('step-register').count()).toBe(1);
  await page.getByTestId('discard').click();
  await page.getByTestId('discard-confirm').click();
  await page.getByTestId('service-search').waitFor();

  for (const [key, screen] of [['Alt+5', 'queue'], ['Alt+6', 'callbacks'], ['Alt+7', 'sync'], ['Alt+8', 'office'], ['Alt+9', 'settings']]) {
    await page.keyboard.press(key);
    if (screen === 'sync') {
      // Signing in and opening cards and cases add to the changes waiting:
      // the screen says how many of them are audit entries.
      await expect.poll(() => page.getByTestId('sync-pending-audit').textContent()).toMatch(/\d/);
    }
    await scan(screen);
  }
  // The areas past Alt+9 (home visits, complaints, letters, survey), by
  // their place in the navigation: their names are the language's.
  for (const [i, screen] of [[9, 'visits'], [10, 'complaints'], [11, 'letters'], [12, 'survey']] as const) {
    await page.locator('nav.sidebar .nav-item').nth(i).click();
    await page.getByTestId(`${screen}-view`).waitFor();
    await scan(screen);
  }
  await page.keyboard.press('Alt+1');
  await page.getByTestId('today-refresh').waitFor();
  await scan('today');
  await page.keyboard.press('F1');
  await page.getByRole('dialog').waitFor();
  await scan('help');
  await page.keyboard.press('Escape');

  await page.keyboard.press('Control+l');
  await page.getByTestId('lock-screen').waitFor();
  const password = page.getByTestId('lock-screen').locator('input[type=password]');
  await password.fill('wrong');
  await password.press('Enter');
  await page.getByRole('alert').waitFor(); // the refusal, in the interface's language
  await scan('lock');
  await password.fill('okienko');
  await password.press('Enter');
  await page.getByTestId('user-name').waitFor();
  return found;
}

function report(found: Found[]): string {
  return found
    .flatMap((f) => [
      ...f.leaks.map((l) => `${f.screen}: Polish "${l.text}" at ${l.where}`),
      ...f.overflows.map((o) => `${f.screen}: "${o.text}" does not fit: ${o.what}`),
      ...f.axe.map((a) => `${f.screen}: axe ${a}`),
    ])
    .join('\n');
}

test('a case to look at', async () => {
  try {
    await registerCertificate(page, { firstName: 'Łucja', lastName: 'Żółkiewska', pesel: '02270803624', birthDate: '2002-07-08', phone: '600100200' });
  } catch (e) {
    await page.screenshot({ path: artifact('language-register-failed.png'), fullPage: true });
    throw e;
  }
  await page.keyboard.press('Escape'); // the next client
  await page.getByTestId('service-search').waitFor();
});

test.each(['en', 'uk', 'pl'])('every screen in %s: no Polish of its own, every label in its box', async (lang) => {
  await setLanguage(lang);
  const found = await walk(lang);
  writeFileSync(artifact(`language-${lang}.txt`), report(found) + '\n');
  expect(report(found)).toBe('');
});
