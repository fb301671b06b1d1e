// Issue 12, part 7 end to end: "Dziś" is the page a clerk sees after
// signing in. Two cases registered today (one complete, one whose identity
// card has expired, so it waits for documents) are due in 7 days; six days
// later (the same data, the computer's clock 6 days on) both are within 3
// working days and listed, and a click on a line opens its case.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifact, launch, open, signIn, startApp, type App, printoutText } from './harness';
import { registerCertificate } from './flows';

let app: App;
let browser: Browser;
let page: Page;
let complete: string;
let waiting: string;

beforeAll(async () => {
  app = await startApp();
  browser = await launch();
  page = await open(browser, app);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test('after sign-in "Dziś" is shown, empty while nothing is due', async () => {
  await signIn(page, 'Jan Nowak', 'okienko');
  await page.getByTestId('user-name').waitFor();
  await expect.poll(() => page.getByRole('heading', { name: 'Dziś' }).isVisible()).toBe(true);
  await expect.poll(() => page.getByTestId('today-empty').textContent()).toBe('Na dziś nie masz żadnych zadań.');
  expect(await page.locator('.nav-item[aria-current=page]').textContent()).toContain('Alt+1');
});

test('cases registered today are not yet near their deadline', async () => {
  complete = await registerCertificate(page, {
    firstName: 'Tadeusz', lastName: 'Dzisiejszy', pesel: '85010112352', birthDate: '1985-01-01', phone: '600100201',
  });
  await page.keyboard.press('Escape'); // the result screen: the next client
  waiting = await registerCertificate(
    page,
    { firstName: 'Halina', lastName: 'Terminowa', pesel: '02270803624', birthDate: '2002-07-08', phone: '600100202' },
    '2025-01-31',
  );
  await page.keyboard.press('Escape');
  await page.keyboard.press('Alt+1');
  await expect.poll(() => page.getByTestId('today-empty').isVisible()).toBe(true);
});

test('six days later both are listed, and a click opens the case', async () => {
  await browser.close();
  await app.stop();
  app = await startApp(app.dataDir, ['--clock-skew', '144h']);
  browser = await launch();
  page = await open(browser, app);
  await signIn(page, 'Jan Nowak', 'okienko');
  await page.getByTestId('user-name').waitFor();
  const lines = page.getByTestId('today-line');
  await expect.poll(() => lines.count(), { timeout: 30_000 }).toBe(2);
  const texts = await lines.allTextContents();
  // Due the same day: the deadline before the call to supplement.
  expect(texts[0]).toContain(`Sprawa ${complete} – Zaświadczenie o zameldowaniu – Tadeusz Dzisiejszy: termin załatwienia upływa`);
  // No art. 36 notice was sent: one line says both, not two lines.
  expect(texts[0]).toContain('a strona nie dostała zawiadomienia z art. 36 KPA');
  expect(texts[1]).toContain(`Sprawa ${waiting} – Zaświadczenie o zameldowaniu – Halina Terminowa: termin uzupełnienia braków upływa`);
  expect(await page.getByTestId('today-overdue').count()).toBe(0);
  await page.screenshot({ path: artifact('today.png') });

  await lines.first().click();
  await expect.poll(() => page.getByTestId('case-view-sign').textContent()).toBe(complete);
  // Back with Alt+1, and the second line with the keyboard alone.
  await page.keyboard.press('Alt+1');
  await lines.first().focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('case-view-sign').textContent()).toBe(waiting);
});

// Two weeks on, not eight days: a 7-day deadline that ends on a Saturday,
// Sunday or holiday moves to the next working day (art. 57 § 4 KPA), so
// cases registered on a Saturday are not overdue eight days later, and
// around Christmas not even ten days later.
test('two weeks on both are overdue, marked in words, and the list prints', async () => {
  await browser.close();
  await app.stop();
  app = await startApp(app.dataDir, ['--clock-skew', '336h']);
  browser = await launch();
  page = await open(browser, app);
  await signIn(page, 'Jan Nowak', 'okienko');
  await page.getByTestId('user-name').waitFor();
  const lines = page.getByTestId('today-line');
  await expect.poll(() => lines.count(), { timeout: 30_000 }).toBe(2);
  expect(await page.getByTestId('today-overdue').allTextContents()).toEqual(['⚠ Po terminie', '⚠ Po terminie']);
  expect(await lines.first().textContent()).toContain('termin załatwienia upłynął');
  await page.screenshot({ path: artifact('today-overdue.png') });

  await page.getByTestId('today-print').click();
  await expect.poll(() => page.getByTestId('today-printed').textContent()).toMatch(/lista-na-dzis-\d{4}-\d{2}-\d{2}\.pdf/);
  const path = (await page.getByTestId('today-printed').textContent())!.match(/ w (.*\.pdf\.okef)/)![1];
  const text = (await printoutText(page, path)).replace(/\s+/g, ' ');
  expect(text).toContain('Pracownik: Jan Nowak');
  expect(text).toMatch(new RegExp(`1\\. po terminie: .*Sprawa ${complete.replace(/\./g, '\\.')} .*termin załatwienia upłynął .*2\\. po terminie:`));
});
