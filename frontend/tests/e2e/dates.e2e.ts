// Issue 18, part 5 end to end: an identity card that expired before the day
// of submission is missing, so the case waits for documents. When the
// client brings a renewed card, the clerk types its new expiry date on the
// case screen; an old date keeps it missing, the new one supplements it.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifact, launch, open, signIn, startApp, type App } from './harness';
import { openCase, registerCertificate } from './flows';

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

test('an expired identity card is missing; the renewed one supplements the case with its new date', async () => {
  const sign = await registerCertificate(
    page,
    { firstName: 'Łucja', lastName: 'Żółkiewska', pesel: '02270803624', birthDate: '2002-07-08', phone: '600100200' },
    '2025-01-31',
  );
  await openCase(page, 'zolkiewska', sign);
  await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('wezwano do uzupełnienia braków');

  const doc = page.getByRole('combobox', { name: 'Dowód osobisty albo paszport' });
  await doc.selectOption('presented');
  const until = page.getByTestId('supplement-valid-until');
  // The old card, still expired: the case keeps waiting and says why.
  await until.fill('2025-01-31');
  await page.getByTestId('supplemented').click();
  await expect.poll(() => page.getByTestId('error').textContent()).toContain('Nadal brakuje: Dowód osobisty albo paszport');
  await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('wezwano do uzupełnienia braków');
  // The renewed card.
  await until.fill('2036-01-31');
  await page.getByTestId('supplemented').click();
  await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('uzupełniona');
  await page.screenshot({ path: artifact('dates-supplemented.png') });
});
