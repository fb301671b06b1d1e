// Screens of a device enrolled to a real registry, for review: Ustawienia
// as the admin (auto-lock and the catalogue belong to the registry, no
// import), Synchronizacja as the head, and a conflict the head cannot
// resolve while the registry is unreachable.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifact, launch, open, signIn, startApp, type App } from './harness';
import { startRegistry, type Registry } from './registry';
import { openCase, registerCertificate, keepRecoveryCode } from './flows';

let registry: Registry;
let appA: App;
let appB: App;
let browser: Browser;
let a: Page;
let b: Page;

async function enrol(page: Page, name: string): Promise<void> {
  await page.getByTestId('enroll-url').fill(registry.url);
  await page.getByTestId('enroll-code').fill(registry.enrolmentCode(name));
  await page.getByTestId('enroll-submit').click();
  await keepRecoveryCode(page);
  await expect.poll(() => page.getByRole('radio', { name: /Jan Nowak/ }).count(), { timeout: 30_000 }).toBe(1);
}

async function syncNow(page: Page): Promise<void> {
  await page.keyboard.press('Alt+7');
  await page.getByTestId('sync-now').click();
  await expect.poll(async () => (await page.getByTestId('sync-state').textContent())?.trim(), { timeout: 30_000 }).toBe('połączono z rejestrem');
  await expect.poll(() => page.getByTestId('sync-pending').textContent()).toBe('0');
}

async function signInAs(page: Page, name: string): Promise<void> {
  await signIn(page, name, 'okienko');
  await expect.poll(() => page.getByTestId('user-name').textContent(), { timeout: 60_000 }).toBe(name);
}

beforeAll(async () => {
  registry = await startRegistry();
  [appA, appB] = await Promise.all([startApp(undefined, ['--no-demo']), startApp(undefined, ['--no-demo'])]);
  browser = await launch();
  a = await open(browser, appA);
  b = await open(browser, appB);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([appA?.stop(), appB?.stop(), registry?.stop()]);
});

describe('a device enrolled to a registry', () => {
  test('Ustawienia as the admin: auto-lock and catalogue belong to the registry', async () => {
    await enrol(a, 'Stanowisko A');
    await signInAs(a, 'Tomasz Wiśniewski');
    await a.keyboard.press('Alt+9');
    await expect.poll(() => a.getByTestId('autolock-device').textContent()).toContain('Ustawienie dotyczy tylko tego komputera');
    expect((await a.getByTestId('import-at-registry').textContent())?.trim()).toMatch(/^To urządzenie jest przyłączone do rejestru urzędu/);
    expect(await a.getByTestId('import-file').count()).toBe(0);
    await a.screenshot({ path: artifact('trust-settings-enrolled.png'), fullPage: true });
    // The same screen in English and Ukrainian: their own words, no Polish left.
    const language = a.getByLabel('Język interfejsu');
    for (const [lang, hint] of [['en', /^This device is connected to the office's registry/], ['uk', /^Цей пристрій під’єднано до реєстру установи/]] as const) {
      await a.locator('select').first().selectOption(lang);
      await expect.poll(async () => (await a.getByTestId('import-at-registry').textContent())?.trim() ?? '').toMatch(hint);
      expect(await a.getByTestId('autolock-device').textContent()).not.toMatch(/[ąćęłńóśźż]/);
      await a.screenshot({ path: artifact(`trust-settings-enrolled-${lang}.png`), fullPage: true });
    }
    await a.locator('select').first().selectOption('pl');
    await expect.poll(() => language.isVisible()).toBe(true);
  });

  test('Synchronizacja as the head', async () => {
    await a.getByTestId('lock-button').click();
    await a.getByRole('button', { name: 'Zmień użytkownika' }).click();
    await signInAs(a, 'Katarzyna Zielińska');
    await syncNow(a);
    await a.screenshot({ path: artifact('trust-sync-head.png'), fullPage: true });
  });

  test('a conflict cannot be resolved while the registry is unreachable', async () => {
    await enrol(b, 'Stanowisko B');
    await signInAs(b, 'Jan Nowak');
    const sign = await registerCertificate(b, {
      firstName: 'Łucja', lastName: 'Żółkiewska', pesel: '02270803624', birthDate: '2002-07-08', phone: '600100200',
    });
    await syncNow(b);
    await syncNow(a);
    await openCase(a, 'zolkiewska', sign);
    await openCase(b, 'zolkiewska', sign);
    // Both change the status offline; B's reaches the registry first.
    await registry.stop();
    await b.getByTestId('to-in_progress').click();
    await expect.poll(() => b.getByTestId('case-status').textContent()).toBe('w toku');
    await a.getByTestId('to-settled').click();
    await expect.poll(() => a.getByTestId('case-status').textContent()).toBe('załatwiona');
    await registry.start();
    await syncNow(b);
    await syncNow(a);
    await a.getByTestId('reload-conflicts').click();
    const row = a.getByTestId('conflict-row').filter({ hasText: 'Stan sprawy' });
    await expect.poll(() => row.count()).toBe(1);

    await registry.stop();
    await row.getByRole('button', { name: 'Przyjmij odłożoną' }).click();
    await expect.poll(() => a.getByTestId('error').textContent(), { timeout: 30_000 }).toContain('połączenia z rejestrem');
    expect(await a.getByTestId('error').isVisible()).toBe(true);
    // Nothing was resolved: the conflict is still listed.
    expect(await row.count()).toBe(1);
    await a.screenshot({ path: artifact('trust-conflict-offline.png'), fullPage: true });
  });
});
