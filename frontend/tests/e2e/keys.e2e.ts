// Issue 13, the data key's life: a device enrolled through the first-start
// screen shows its recovery code once (printed, then put away); the first
// sign-in online takes the key from the registry; a person without a
// wrap while the registry is down is let in with the admin's recovery code
// ("Kod odzyskiwania"); a damaged key file is said on the sign-in screen,
// and the app makes no new key over the data.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { artifact, launch, open, signIn, startApp, type App } from './harness';
import { startRegistry, type Registry } from './registry';

let registry: Registry;
let app: App;
let browser: Browser;
let page: Page;
let code = '';

beforeAll(async () => {
  registry = await startRegistry();
  app = await startApp(undefined, ['--no-demo']);
  browser = await launch();
  page = await open(browser, app);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([app?.stop(), registry?.stop()]);
});

describe('the data key', () => {
  test('enrolment shows the recovery code once, to print', async () => {
    await page.getByTestId('enroll-url').fill(registry.url);
    await page.getByTestId('enroll-code').fill(registry.enrolmentCode('Laptop'));
    await page.getByTestId('enroll-submit').click();
    await page.getByTestId('recovery-code').waitFor({ timeout: 60_000 });
    code = ((await page.getByTestId('recovery-code').textContent()) ?? '').trim();
    expect(code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
    expect(await page.getByTestId('recovery-done').isDisabled()).toBe(true);
    await page.screenshot({ path: artifact('keys-recovery-code.png') });
    await page.getByTestId('recovery-print').click();
    await page.getByTestId('recovery-done').click();
    await expect.poll(() => page.getByRole('radio', { name: /Jan Nowak/ }).count(), { timeout: 30_000 }).toBe(1);
  });

  test('the first sign-in online takes the key from the registry', async () => {
    await signIn(page, 'Jan Nowak', 'okienko');
    await expect.poll(() => page.getByTestId('user-name').textContent(), { timeout: 30_000 }).toBe('Jan Nowak');
    // One whole round before the registry goes, so the office's people are
    // on the device (the round after a sign-in may still be running).
    await page.keyboard.press('Alt+7');
    await page.getByTestId('sync-now').click();
    await expect.poll(() => page.getByTestId('sync-now').isEnabled(), { timeout: 60_000 }).toBe(true);
    await expect.poll(async () => (await page.getByTestId('sync-state').textContent())?.trim(), { timeout: 30_000 }).toBe('połączono z rejestrem');
    await page.keyboard.press('Control+l');
    await page.getByRole('button', { name: 'Zmień użytkownika' }).click();
    await page.getByRole('radio', { name: /Jan Nowak/ }).waitFor();
    await page.getByRole('radio', { name: /Katarzyna Zielińska/ }).waitFor({ timeout: 30_000 });
  });

  test('offline, a person without access is let in with the recovery code', async () => {
    await registry.stop();
    await signIn(page, 'Katarzyna Zielińska', 'okienko');
    await page.getByTestId('open-recovery').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: artifact('keys-need-recovery.png') });
    await page.getByTestId('open-recovery').click();
    await page.getByTestId('recover-password').fill('okienko');
    const abc = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    const typo = code[0] + abc[(abc.indexOf(code[1]) + 1) % 32] + code.slice(2);
    await page.getByTestId('recover-code').fill(typo);
    await page.getByTestId('recover-submit').click();
    await expect.poll(() => page.getByTestId('error').textContent(), { timeout: 30_000 }).toContain('literówk');
    await page.screenshot({ path: artifact('keys-recover-screen.png') });
    await page.getByTestId('recover-password').fill('okienko');
    await page.getByTestId('recover-code').fill(code.toLowerCase());
    await page.getByTestId('recover-submit').click();
    await expect.poll(() => page.getByTestId('user-name').textContent(), { timeout: 30_000 }).toBe('Katarzyna Zielińska');
  });

  test('a damaged key file is said on the sign-in screen', async () => {
    await app.stop();
    writeFileSync(join(app.dataDir, 'okienko.key'), '{"format":');
    writeFileSync(join(app.dataDir, 'okienko.key.bak'), 'garbage');
    app = await startApp(app.dataDir);
    page = await open(browser, app);
    await page.getByTestId('key-problem').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('key-problem').textContent()).toContain('uszkodzony');
    await page.screenshot({ path: artifact('keys-damaged.png') });
    await signIn(page, 'Jan Nowak', 'okienko');
    await expect.poll(() => page.getByTestId('error').textContent(), { timeout: 30_000 }).toContain('uszkodzony');
  });
});
