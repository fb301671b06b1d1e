// Issue 13: printouts are encrypted on the disk, and the app shows them in
// its own viewer from memory: a receipt opened from the done screen shows
// in a dialog with Print, Save as… and Close; Esc closes it and Tab stays
// inside; no plaintext PDF is anywhere in the data directory.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifact, launch, open, printoutText, signIn, startApp, type App } from './harness';
import { registerCertificate } from './flows';

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

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

test('a receipt is sealed on the disk and shown in the app viewer', async () => {
  const sign = await registerCertificate(page, { firstName: 'Bożydar', lastName: 'Gżegżółkowski', pesel: '02270803624', birthDate: '2002-07-08', phone: '601742913' });
  const path = (await page.getByTestId('receipt-path').locator('code').textContent())!;
  expect(path).toMatch(/potwierdzenie\.pdf\.okef$/);
  const all = files(app.dataDir);
  expect(all.filter((f) => f.endsWith('.pdf'))).toEqual([]);
  expect(await printoutText(page, path)).toContain(sign);

  await page.getByTestId('show-receipt').click();
  const viewer = page.getByTestId('printout-viewer');
  await viewer.waitFor();
  // pdf.js drew every page from the bytes the backend decrypted.
  await expect.poll(() => page.getByTestId('viewer-pages').locator('img').count(), { timeout: 20_000 }).toBeGreaterThan(0);
  const first = page.getByTestId('viewer-pages').locator('img').first();
  expect(await first.getAttribute('src')).toMatch(/^data:image\/png/);
  expect(await first.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(800);
  expect(await page.locator('#viewer-title').textContent()).toContain('potwierdzenie.pdf');
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('viewer-close');
  await page.waitForTimeout(1500);
  await page.screenshot({ path: artifact('printview-receipt.png') });
  // Tab goes round inside the dialog.
  for (let i = 0; i < 6; i++) await page.keyboard.press('Tab');
  const inside = await page.evaluate(() => !!document.activeElement?.closest('[data-testid="printout-viewer"]'));
  expect(inside).toBe(true);
  await page.keyboard.press('Escape');
  await expect.poll(() => viewer.count()).toBe(0);
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('show-receipt');
});
