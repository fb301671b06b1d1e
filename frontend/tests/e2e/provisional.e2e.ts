// Issue 4 end to end: a laptop on a home visit uses up its leased block of
// case numbers offline. The next case is still registered, under a
// provisional sign the receipt admits to; at the next sync it gets its
// final sign and the clerk is asked to print a corrected receipt.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifact, launch, open, signIn, startApp, type App, printoutText } from './harness';
import { startRegistry, type Registry } from './registry';
import { registerCertificate, keepRecoveryCode } from './flows';
import { officeYear } from './calendar';

let registry: Registry;
let app: App;
let browser: Browser;
let page: Page;
const year = officeYear();

async function pdfText(path: string): Promise<string> {
  return (await printoutText(page, path)).replace(/\s+/g, ' ');
}

beforeAll(async () => {
  registry = await startRegistry(['--lease', '1']);
  app = await startApp(undefined, ['--no-demo']);
  browser = await launch();
  page = await open(browser, app);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([app?.stop(), registry?.stop()]);
});

test('a provisional sign offline becomes final at sync, with a reprint reminder', async () => {
  await page.getByTestId('enroll-url').fill(registry.url);
  await page.getByTestId('enroll-code').fill(registry.enrolmentCode('Laptop wizyt domowych'));
  await page.getByTestId('enroll-submit').click();
  await keepRecoveryCode(page);
  await signIn(page, 'Jan Nowak', 'okienko');
  await expect.poll(() => page.getByTestId('user-name').textContent(), { timeout: 60_000 }).toBe('Jan Nowak');
  await registry.stop();

  // The leased block is small (--lease 1): register until it runs out;
  // every sign before that is final. A device tops up below its own mark,
  // 5 to 10 fixed by its id (engine.TopUpBelow), so it may hold up to ten
  // numbers when the registry goes: eleven people and one to spare.
  const people = [
    ['80011510024', '1980-01-15', 'Adamska'], ['75060310138', '1975-06-03', 'Borowski'], ['90112110225', '1990-11-21', 'Cicha'],
    ['68020910336', '1968-02-09', 'Dudek'], ['85083010425', '1985-08-30', 'Egierska'], ['99120110535', '1999-12-01', 'Fijałek'],
    ['72040510467', '1972-04-05', 'Górska'], ['63071811575', '1963-07-18', 'Hajduk'], ['88122912689', '1988-12-29', 'Iwańska'],
    ['77030113794', '1977-03-01', 'Jasiński'], ['92081414830', '1992-08-14', 'Kowalczyk'], ['61092715944', '1961-09-27', 'Lipska'],
  ];
  let second = '';
  let finals = 0;
  for (const [pesel, birthDate, lastName] of people) {
    const sign = await registerCertificate(page, { firstName: 'Test', lastName, pesel, birthDate, phone: '600100200' });
    if (sign.includes('.T-')) {
      second = sign;
      break;
    }
    finals++;
    expect(sign).toBe(`SO.5352.${finals}.${year}`);
    await page.keyboard.press('Escape');
  }
  expect(second).toMatch(new RegExp(`^SO\\.5352\\.T-[0-9A-F]{6}\\.${year}$`));
  await expect.poll(() => page.getByTestId('case-sign-provisional').isVisible()).toBe(true);
  const receipt = (await page.getByTestId('receipt-path').locator('code').textContent())!;
  expect(await pdfText(receipt)).toContain('tymczasowy');
  expect(await pdfText(receipt)).toContain(second);
  await page.screenshot({ path: artifact('provisional-registered.png'), fullPage: true });

  await registry.start();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Alt+7');
  await page.getByTestId('sync-now').click();
  await expect.poll(() => page.getByTestId('reprints').textContent(), { timeout: 30_000 }).toContain(`wcześniej ${second}`);
  await page.screenshot({ path: artifact('provisional-reprint-list.png'), fullPage: true });
  await page.getByTestId('reprints').getByRole('button').first().click();
  await expect.poll(() => page.getByTestId('case-view-sign').textContent()).toBe(`SO.5352.${finals + 1}.${year}`);
  await expect.poll(() => page.getByTestId('case-reprint').textContent()).toContain(second);
  await page.screenshot({ path: artifact('provisional-case.png'), fullPage: true });
  await page.getByTestId('case-reprint-print').click();
  await expect.poll(() => page.getByTestId('case-reprint').count()).toBe(0);
  const corrected = (await page.getByTestId('printed-path').textContent())!;
  expect(await pdfText(corrected)).toContain(`SO.5352.${finals + 1}.${year}`);
  expect(await pdfText(corrected)).not.toContain('tymczasowy');
}, 300_000);
