// Issue 14 part 5 end to end: "Raport z monitoringu". A clerk of SO
// registers two cases, one of them incomplete (a call to supplement); the
// report is hidden from the clerk. SO's head, Katarzyna Zielińska, counts
// the year: the figures match the hand count (2 cases filed, both open; 1
// deadline in the year, still running; 1 call, its term still running; no
// queue tickets), the registers Okienko does not keep yet say so, an empty
// year says "no data", a reversed period is refused, and the PDF carries
// the same figures and charts.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifact, launch, open, printoutPDF, printoutText, signIn, startApp, type App } from './harness';
import { registerCertificate } from './flows';
import { officeYear } from './calendar';

let app: App;
let browser: Browser;
let page: Page;
const year = String(officeYear());

beforeAll(async () => {
  app = await startApp();
  browser = await launch();
  page = await open(browser, app);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function switchUser(name: string): Promise<void> {
  await page.getByTestId('lock-button').click();
  await page.getByRole('button', { name: 'Zmień użytkownika' }).click();
  await signIn(page, name, 'okienko');
  await expect.poll(() => page.getByTestId('user-name').textContent()).toBe(name);
}

async function show(from: string, to: string): Promise<void> {
  await page.getByTestId('report-from').fill(from);
  await page.getByTestId('report-to').fill(to);
  await page.getByTestId('report-show').click();
}

const squash = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

/** A section's figures as shown: label → value. */
async function figures(key: string): Promise<Record<string, string>> {
  return Object.fromEntries(
    await page.$$eval(`[data-testid=report-section-${key}] .report-figures div`, (els) =>
      els.map((e) => [e.querySelector('dt')?.textContent?.trim() ?? '', e.querySelector('dd')?.textContent?.trim() ?? '']),
    ),
  );
}

test('a clerk registers two cases and does not see the report', async () => {
  await signIn(page, 'Jan Nowak', 'okienko');
  await page.getByTestId('user-name').waitFor();
  await registerCertificate(page, { firstName: 'Tadeusz', lastName: 'Raportowy', pesel: '85010112352', birthDate: '1985-01-01', phone: '600100201' });
  await page.keyboard.press('Escape');
  await registerCertificate(
    page,
    { firstName: 'Halina', lastName: 'Brakująca', pesel: '02270803624', birthDate: '2002-07-08', phone: '600100202' },
    '2025-01-31',
  );
  await page.keyboard.press('Escape');
  expect(await page.locator('.nav-item', { hasText: 'Raport z monitoringu' }).count()).toBe(0);
});

test("the head of SO sees the year's figures as counted by hand", async () => {
  await switchUser('Katarzyna Zielińska');
  await page.locator('.nav-item', { hasText: 'Raport z monitoringu' }).click();
  await show(`${year}-01-01`, `${year}-12-31`);
  const cases = page.getByTestId('report-section-cases');
  await expect.poll(() => cases.getAttribute('data-state')).toBe('data');
  const text = squash(await page.locator('.report').textContent());
  expect(text).toContain('Zakres: komórka SO.');
  // Counted by hand: two cases filed, none closed; one deadline (the
  // complete case's; the other's clock is stopped), still running; one call.
  expect(await figures('cases')).toEqual({ 'Sprawy wszczęte w okresie': '2', 'w tym zakończone': '0', 'w tym w toku': '2' });
  expect(await figures('deadlines')).toEqual({
    'Sprawy z terminem w okresie': '1', 'Załatwione w terminie': '0', 'Po terminie': '0', 'Termin jeszcze biegnie': '1',
  });
  expect(await figures('supplements')).toEqual({
    'Wezwania wysłane w okresie': '1', uzupełniono: '0', 'pozostawiono bez rozpoznania': '0', 'termin minął, brak decyzji': '0',
    'termin jeszcze biegnie': '1',
  });
  expect(text).toContain('Zaświadczenie o zameldowaniu');
  expect(await page.getByTestId('report-section-queue').getAttribute('data-state')).toBe('empty');
  expect(squash(await page.getByTestId('report-section-queue').textContent())).toContain('W tym okresie nie ma tu danych.');
  for (const k of ['complaints', 'visits', 'survey', 'letters']) {
    const s = page.getByTestId('report-section-' + k);
    // Issue 14's registers are kept now; nothing was recorded in them.
    expect(await s.getAttribute('data-state')).toBe('empty');
    expect(squash(await s.textContent())).toContain('W tym okresie nie ma tu danych.');
  }
  // Charts are drawn by Chart.js on canvases.
  expect(await page.locator('[data-testid=report-chart] canvas').count()).toBeGreaterThanOrEqual(4);
  await page.screenshot({ path: artifact('report-screen.png'), fullPage: true });
});

test('the same report prints as a PDF with the same figures', async () => {
  await page.getByTestId('report-print').click();
  const printed = page.getByTestId('report-printed');
  await expect
    .poll(async () => ((await printed.count()) ? 'printed' : squash(await page.locator('.report [data-testid=error]').textContent({ timeout: 100 }).catch(() => ''))), { timeout: 60_000 })
    .toBe('printed');
  const path = (await printed.getAttribute('data-path')) ?? '';
  const text = squash(await printoutText(page, path));
  expect(text).toContain('Raport z monitoringu jakości obsługi');
  expect(text).toContain('Sprawy wszczęte w okresie 2');
  expect(text).toContain('Wezwania wysłane w okresie 1');
  expect(text).toContain('Korespondencja: wpłynęła, załatwiona, po terminie');
  expect(text).not.toContain('Okienko jeszcze nie prowadzi tego rejestru');
  const dir = mkdtempSync(join(tmpdir(), 'report-pdf-'));
  writeFileSync(join(dir, 'r.pdf'), await printoutPDF(page, path));
  execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '2', join(dir, 'r.pdf'), artifact('report-pdf')]);
  if (await page.getByTestId('viewer-close').isVisible()) await page.getByTestId('viewer-close').click();
});

test('an empty period says so, and a reversed one is refused', async () => {
  await show('2020-01-01', '2020-12-31');
  await expect.poll(() => page.getByTestId('report-banner').textContent()).toContain('W tym okresie nie ma danych');
  expect(await page.getByTestId('report-section-cases').count()).toBe(0);
  await page.screenshot({ path: artifact('report-empty.png'), fullPage: true });
  await show(`${year}-12-31`, `${year}-01-01`);
  await expect.poll(async () => squash(await page.locator('.report').textContent())).toContain('Początek okresu jest późniejszy niż jego koniec.');
  await show('2020-01-01', `${year}-12-31`);
  await expect.poll(async () => squash(await page.locator('.report').textContent())).toContain('Okres jest dłuższy niż dwa lata.');
});
