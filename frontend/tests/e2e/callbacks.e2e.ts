// Issue 12, items 2 and 3: a clerk leaving the desk says when she returns
// and who stands in (Piotrków §4.11); the directory shows it, so the
// counter sends a client only to someone who is there (Piotrków §4.7). For
// a colleague who is not at the desk she takes a callback request (Płock
// V, Piotrków §6.3): it is listed with the phone masked, refused with a
// Polish reason when its window is upside down (nothing typed is lost),
// and marked done with its outcome.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifact, launch, open, signIn, startApp, type App } from './harness';
import { openCase, registerCertificate } from './flows';

let app: App;
let browser: Browser;
let page: Page;

/** The office's clock (Europe/Warsaw) as YYYY-MM-DD and HH:MM, shifted by ms. */
function office(ms = 0): { day: string; time: string } {
  const f = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
  const [day, time] = f.format(new Date(Date.now() + ms)).split(' ');
  return { day, time };
}

/** A person's own row of the directory (their name may stand elsewhere as a stand-in). */
const person = (name: string) => page.getByTestId('staff-row').filter({ has: page.locator('strong', { hasText: name }) });

beforeAll(async () => {
  app = await startApp();
  browser = await launch();
  page = await open(browser, app);
  await signIn(page, 'Anna Kowalska', 'okienko');
  await page.getByTestId('user-name').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test('leaving the desk with a stand-in shows in the directory', async () => {
  await page.keyboard.press('Alt+8');
  await page.getByTestId('presence-leave').click();
  // Back within the hour, or at 23:59 late in the evening: always later
  // than now and today on the office's clock.
  const now = office();
  const later = office(60 * 60_000);
  const until = later.day === now.day ? later.time : '23:59';
  await page.getByTestId('presence-until').fill(until);
  await page.getByTestId('presence-standin').selectOption({ label: 'Jan Nowak' });
  await page.screenshot({ path: artifact('presence-form.png') });
  await page.getByTestId('presence-save').click();
  await expect.poll(() => page.getByTestId('presence-mine').textContent()).toBe(`Wraca o ${until}, zastępuje: Jan Nowak`);
  const mine = person('Anna Kowalska');
  await expect.poll(() => mine.getByTestId('presence-state').getAttribute('data-state')).toBe('away');
  // Nobody said anything of Jan Nowak on this computer today: unknown, not present.
  const nowak = person('Jan Nowak');
  expect(await nowak.getByTestId('presence-state').getAttribute('data-state')).toBe('unknown');
  expect(await nowak.getByTestId('presence-state').textContent()).toBe('Brak aktualnej informacji');
  await page.screenshot({ path: artifact('directory-presence.png'), fullPage: true });
});

test('a callback asked for an absent colleague is listed masked and marked done', async () => {
  const nowak = person('Jan Nowak');
  await nowak.getByTestId('presence-ask-callback').click();
  const form = page.getByTestId('callback-form');
  await form.waitFor();
  expect(await form.getByRole('heading').textContent()).toBe('Nowe oddzwonienie: dzwoni Jan Nowak');
  expect(await page.getByTestId('callback-name').evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.type('Janina Wiśniewska');
  await page.getByTestId('callback-phone').fill('600 100 200');
  await page.getByTestId('callback-topic').fill('zaświadczenie o zameldowaniu');
  const tomorrow = office(24 * 60 * 60_000).day;
  await page.getByTestId('callback-day').fill(tomorrow);
  await page.getByTestId('callback-from').fill('10:00');
  await page.getByTestId('callback-until').fill('09:00');
  expect(await page.getByTestId('callback-assignee').inputValue()).not.toBe('');
  await page.getByTestId('callback-save').click();
  // Refused with its reason; what was typed stays.
  await expect.poll(() => page.getByTestId('error').textContent()).toBe('Koniec przedziału musi być później niż jego początek.');
  expect(await page.getByTestId('callback-phone').inputValue()).toBe('600 100 200');
  await page.screenshot({ path: artifact('callback-form.png') });
  await page.getByTestId('callback-until').fill('11:00');
  await page.getByTestId('callback-until').press('Enter');
  await expect.poll(() => page.getByTestId('callback-notice').textContent()).toContain('dzwoni Jan Nowak');
  await page.getByTestId('callbacks-scope-all').click();
  const row = page.getByTestId('callback-row').filter({ hasText: 'Janina Wiśniewska' });
  await row.waitFor();
  expect(await row.getByTestId('callback-phone-cell').textContent()).toBe('+4••••••••00');
  expect(await row.textContent()).not.toContain('600');
  expect(await row.getByTestId('callback-state').textContent()).toBe('Później');
  await page.screenshot({ path: artifact('callbacks.png'), fullPage: true });

  await row.getByTestId('callback-done').click();
  await page.keyboard.type('Wyjaśniono, doniesie dowód osobisty.');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('callback-notice').textContent()).toBe('Oddzwonienie oznaczono jako wykonane.');
  await page.getByTestId('callbacks-show-done').click();
  const done = page.getByTestId('callback-row').filter({ hasText: 'Janina Wiśniewska' });
  await expect.poll(() => done.getByTestId('callback-state').textContent()).toBe('Wykonane');
  expect(await done.textContent()).toContain('Wyjaśniono, doniesie dowód osobisty.');
  // The logs hold no phone number nor the client's name.
  const file = join(app.dataDir, 'logs', 'okienko.log');
  const logged = app.log() + (existsSync(file) ? readFileSync(file, 'utf8') : '');
  expect(logged).not.toMatch(/600\s?100\s?200|Wiśniewska/);
});

test('a callback asked from an open case links it, and no other client shows meanwhile', async () => {
  const sign = await registerCertificate(page, { firstName: 'Łucja', lastName: 'Żółkiewska', pesel: '02270803624', birthDate: '2002-07-08', phone: '600100200' });
  await openCase(page, 'zolkiewska', sign);
  await page.getByTestId('case-callback').click();
  const form = page.getByTestId('callback-form');
  await form.waitFor();
  expect(await form.textContent()).toContain(`Dotyczy sprawy ${sign}.`);
  expect(await page.getByTestId('callback-name').inputValue()).toBe('Łucja Żółkiewska');
  expect(await page.getByTestId('callback-phone').inputValue()).toBe('600100200');
  // The case's client is being served: the list of other clients' callbacks waits.
  expect(await page.getByTestId('callbacks-hidden').count()).toBe(1);
  expect(await page.getByTestId('callback-row').count()).toBe(0);
  await page.getByTestId('callback-topic').fill('brakujący dokument');
  await page.getByTestId('callback-day').fill(office(24 * 60 * 60_000).day);
  await page.getByTestId('callback-from').fill('12:00');
  await page.getByTestId('callback-assignee').selectOption({ label: 'Anna Kowalska' });
  await page.getByTestId('callback-save').click();
  await expect.poll(() => page.getByTestId('callback-notice').textContent()).toContain('dzwoni Anna Kowalska');
  // Once the case is closed, the list shows it among the clerk's own.
  await page.keyboard.press('Alt+2');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Alt+6');
  await page.getByTestId('callbacks-scope-mine').click();
  await page.getByTestId('callbacks-show-open').click();
  const row = page.getByTestId('callback-row').filter({ hasText: 'Łucja Żółkiewska' });
  await row.waitFor();
  expect(await row.getByTestId('callback-phone-cell').textContent()).toBe('+4••••••••00');
});

test("a callback asked from the directory is a line of the callee's Dziś on its day", async () => {
  await page.keyboard.press('Alt+8');
  await person('Jan Nowak').getByTestId('presence-ask-callback').click();
  await page.getByTestId('callback-form').waitFor();
  await page.keyboard.type('Tomasz Dzwoniący');
  await page.getByTestId('callback-phone').fill('601 202 303');
  await page.getByTestId('callback-topic').fill('odbioru dowodu osobistego');
  await page.getByTestId('callback-day').fill(office(24 * 60 * 60_000).day);
  await page.getByTestId('callback-from').fill('10:00');
  await page.getByTestId('callback-until').fill('11:00');
  await page.getByTestId('callback-save').click();
  await expect.poll(() => page.getByTestId('callback-notice').textContent()).toContain('dzwoni Jan Nowak');

  // The next day on the same computer, Jan Nowak signs in: Dziś, his start
  // page, has the callback (overdue if its window has passed by then).
  await app.stop();
  app = await startApp(app.dataDir, ['--clock-skew', '24h']);
  page = await open(browser, app);
  await signIn(page, 'Jan Nowak', 'okienko');
  await page.getByTestId('user-name').waitFor({ timeout: 20_000 });
  const line = page.getByTestId('today-line').filter({ hasText: 'Tomasz Dzwoniący' });
  await line.waitFor({ timeout: 20_000 });
  expect(await line.textContent()).toContain('Tomasz Dzwoniący: oddzwoń w sprawie odbioru dowodu osobistego');
  await page.screenshot({ path: artifact('today-callback.png'), fullPage: true });
  // Anna Kowalska's own callbacks are not his.
  expect(await page.getByTestId('today-line').filter({ hasText: 'Łucja Żółkiewska' }).count()).toBe(0);
});
