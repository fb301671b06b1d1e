// Issue 12 parts 4, 5 and 8 end to end: an art. 36 KPA notice prints and
// moves the case's deadline; a case handed over shows in the new
// handler's own list ("Moje"); a call to supplement sent by post gets its
// term from the date on the return receipt, entered days later.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifact, launch, open, signIn, startApp, type App, printoutText, printoutPDF } from './harness';
import { openCase, registerCertificate } from './flows';
import { addDaysKPA, plDate } from './calendar';

const flat = (s: string | null) => (s ?? '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ');
const pdfText = async (page: Page, path: string) => flat(await printoutText(page, path));

/** The office's day (Warsaw) shifted by days, as YYYY-MM-DD. */
function officeDay(days = 0): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Warsaw' }).format(new Date(Date.now() + days * 86400000));
}
/** YYYY-MM-DD as a clerk types it: 15.01.2027. */
const typed = (iso: string) => iso.split('-').reverse().join('.');

/** Goes to Sprawy (Alt+2), again if a view still resetting took the key. */
async function toCases(page: Page): Promise<void> {
  await expect
    .poll(async () => {
      if (!(await page.getByTestId('case-status-filter').isVisible())) await page.keyboard.press('Alt+2');
      return page.getByTestId('case-status-filter').isVisible();
    })
    .toBe(true);
}

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('a case at the counter', () => {
  let app: App;
  let page: Page;
  let sign = '';
  beforeAll(async () => {
    app = await startApp();
    page = await open(browser, app);
  });
  afterAll(async () => {
    await app?.stop();
  });

  test('an art. 36 notice prints with the reason and the new date, and moves the deadline', async () => {
    await signIn(page, 'Jan Nowak', 'okienko');
    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe('Jan Nowak');
    sign = await registerCertificate(page, { firstName: 'Łucja', lastName: 'Żółkiewska', pesel: '02270803624', birthDate: '2002-07-08', phone: '600100200' });
    await page.keyboard.press('Escape');
    await openCase(page, 'Żółkiewska', sign);
    const newDue = officeDay(45);
    await page.getByTestId('duty-notice').click();
    // A date in the past is refused in Polish and nothing is lost.
    await page.getByTestId('notice-reason').fill('Konieczne jest uzyskanie akt z archiwum innej gminy.');
    await page.getByTestId('notice-date').fill(typed(officeDay(-1)));
    await page.getByTestId('notice-save').click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Nowy termin musi przypadać po dzisiejszym dniu');
    expect(await page.getByTestId('notice-reason').inputValue()).toBe('Konieczne jest uzyskanie akt z archiwum innej gminy.');
    await page.getByTestId('notice-date').fill(typed(newDue));
    await page.getByTestId('notice-save').click();
    await expect.poll(() => page.getByTestId('printed-path').isVisible()).toBe(true);
    const path = (await page.getByTestId('printed-path').textContent())!;
    const text = await pdfText(page, path);
    for (const want of ['Zawiadomienie o niezałatwieniu sprawy w terminie', sign, 'Konieczne jest uzyskanie akt z archiwum innej gminy.',
      `Nowy termin załatwienia sprawy: ${flat(plDate(newDue))}`, 'ponaglenia (art. 37 § 1 KPA) do Samorządowego Kolegium Odwoławczego w Łodzi',
      'Z upoważnienia (art. 268a KPA)', 'Jan Nowak', 'Łucja Żółkiewska']) {
      expect(text).toContain(want);
    }
    await expect.poll(async () => flat(await page.getByTestId('case-view').textContent())).toContain(flat(plDate(newDue)));
    await expect.poll(async () => flat(await page.getByTestId('history').textContent())).toContain(`o nowym terminie załatwienia sprawy: ${flat(plDate(newDue))}`);
    await page.screenshot({ path: artifact('caseduties-notice.png'), fullPage: true });
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-', artifact('caseduties-notice-pdf')], { input: await printoutPDF(page, path) });
    // Printed again, it is a file of its own; the first stays as the client got it.
    await page.getByTestId('print-notice').click();
    await expect.poll(() => page.getByTestId('printed-path').textContent()).not.toBe(path);
    expect(await pdfText(page, (await page.getByTestId('printed-path').textContent())!)).toContain('Konieczne jest uzyskanie akt z archiwum innej gminy.');
  });

  test('an interpreter asked for tomorrow is recorded, and the clerk is warned of the short notice', async () => {
    await page.getByTestId('duty-interpreter').click();
    await page.getByTestId('interpreter-date').fill(typed(officeDay(1)));
    await page.getByTestId('interpreter-time').fill('10:30');
    await page.getByTestId('interpreter-save').click();
    await expect.poll(() => page.getByTestId('duty-warning').textContent()).toContain('później niż 3 dni robocze przed wizytą');
    await expect.poll(async () => flat(await page.getByTestId('history').textContent())).toContain(
      `tłumacza języka migowego na wizytę ${flat(plDate(officeDay(1)))} o 10:30`,
    );
    await page.screenshot({ path: artifact('caseduties-interpreter.png'), fullPage: true });
  });

  test('a case handed over shows in the new handler\'s own list', async () => {
    await page.getByTestId('duty-handover').click();
    await expect.poll(() => page.getByTestId('handover-to').locator('option').count()).toBeGreaterThan(2);
    await page.getByTestId('handover-to').selectOption({ label: 'Anna Kowalska – Podinspektor ds. obsługi mieszkańców' });
    await page.getByTestId('handover-note').fill('Przejmij, proszę: jestem na urlopie od poniedziałku.');
    await page.getByTestId('handover-save').click();
    await expect.poll(async () => flat(await page.getByTestId('history').textContent())).toContain('Jan Nowak → Anna Kowalska');
    // The case names its new handler beside who accepted it.
    await expect.poll(() => page.getByTestId('case-assignee').textContent()).toBe('prowadzi: Anna Kowalska');
    await page.screenshot({ path: artifact('caseduties-handover.png'), fullPage: true });

    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+l');
    await expect.poll(() => page.getByTestId('lock-screen').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Zmień użytkownika' }).click();
    await signIn(page, 'Anna Kowalska', 'okienko');
    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe('Anna Kowalska');
    await page.keyboard.press('Alt+2');
    await page.getByTestId('whose-mine').click();
    await expect.poll(() => page.getByTestId('case-row').allTextContents(), { timeout: 30_000 }).toEqual([expect.stringContaining(sign)]);
    await page.screenshot({ path: artifact('caseduties-mine.png'), fullPage: true });
  });
});

describe('a call to supplement sent by post', () => {
  test('its term runs from the date on the return receipt, entered days later', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'okienko-e2e-'));
    // The call is issued six days ago: the app runs as if then.
    let app = await startApp(dir, ['--clock-skew', '-144h']);
    let page = await open(browser, app);
    try {
      await signIn(page, 'Jan Nowak', 'okienko');
      await expect.poll(() => page.getByTestId('user-name').textContent()).toBe('Jan Nowak');
      const sign = await registerCertificate(page, { firstName: 'Zofia', lastName: 'Pocztowa', pesel: '02270803624', birthDate: '2002-07-08', phone: '600100200' });
      await page.keyboard.press('Escape');
      await toCases(page);
      await openCase(page, 'Pocztowa', sign);
      await page.getByTestId('to-awaiting_supplement').click();
      await page.getByTestId('duty-delivery').click();
      await page.getByTestId('delivery-mode').selectOption('post');
      await page.getByTestId('delivery-save').click();
      await expect.poll(() => page.getByTestId('term-pending').isVisible()).toBe(true);
      await page.screenshot({ path: artifact('caseduties-post-sent.png'), fullPage: true });
      await app.stop();

      // Today: the return receipt came back, signed three days after the call.
      app = await startApp(dir);
      page = await open(browser, app);
      await signIn(page, 'Jan Nowak', 'okienko');
      await expect.poll(() => page.getByTestId('user-name').textContent()).toBe('Jan Nowak');
      await toCases(page);
      await openCase(page, 'Pocztowa', sign);
      const delivered = officeDay(-3);
      await page.getByTestId('duty-delivery').click();
      await page.getByTestId('delivery-mode').selectOption('post');
      await page.getByTestId('delivery-date').fill(typed(delivered));
      await page.getByTestId('delivery-save').click();
      const end = addDaysKPA(delivered, 7);
      await expect.poll(async () => flat(await page.getByTestId('history').textContent())).toContain(
        `Wezwanie doręczono pocztą ${flat(plDate(delivered))} (zwrotne potwierdzenie odbioru); braki można uzupełnić do ${flat(plDate(end))}`,
      );
      await expect.poll(async () => flat(await page.getByTestId('case-view').textContent())).toContain(flat(plDate(end)));
      await page.screenshot({ path: artifact('caseduties-post-delivered.png'), fullPage: true });
    } finally {
      await app.stop();
    }
  });
});
