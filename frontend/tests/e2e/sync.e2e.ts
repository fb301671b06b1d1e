// Issue 4 end to end: two real app instances (two data directories) are
// enrolled to a real registry process through the first-start screen. A
// case registered while the registry is unreachable reaches the other
// instance once both sync; then both edit the same case offline — the
// phone (and the status) on one, the status on the other — and after
// syncing the phone has merged while the status waits in "Konflikty".
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifact, launch, open, signIn, startApp, type App } from './harness';
import { startRegistry, type Registry } from './registry';
import { openCase, registerCertificate, keepRecoveryCode } from './flows';
import { officeYear } from './calendar';

let registry: Registry;
let appA: App;
let appB: App;
let browser: Browser;
let a: Page;
let b: Page;
let sign = '';

async function enrol(page: Page, code: string): Promise<void> {
  await page.getByTestId('enroll-url').fill(registry.url);
  await page.getByTestId('enroll-code').fill(code);
  await page.getByTestId('enroll-submit').click();
  await keepRecoveryCode(page);
  // The office, its staff and the catalogue came from the registry.
  await expect.poll(() => page.getByRole('radio', { name: /Jan Nowak/ }).count(), { timeout: 30_000 }).toBe(1);
}

async function syncNow(page: Page): Promise<void> {
  await page.keyboard.press('Alt+7');
  await page.getByTestId('sync-now').click();
  await expect.poll(async () => (await page.getByTestId('sync-state').textContent())?.trim(), { timeout: 30_000 }).toBe('połączono z rejestrem');
  await expect.poll(() => page.getByTestId('sync-pending').textContent()).toBe('0');
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

describe('two devices and a registry', () => {
  test('both devices are enrolled with one-time codes', async () => {
    await expect.poll(() => a.getByTestId('enroll-code').isVisible()).toBe(true);
    await a.screenshot({ path: artifact('sync-enroll.png') });
    await enrol(a, registry.enrolmentCode('Laptop A'));
    await enrol(b, registry.enrolmentCode('Stanowisko B'));
    await signIn(a, 'Jan Nowak', 'okienko');
    await signIn(b, 'Katarzyna Zielińska', 'okienko');
    await expect.poll(() => a.getByTestId('user-name').textContent(), { timeout: 60_000 }).toBe('Jan Nowak');
    await expect.poll(() => b.getByTestId('user-name').textContent(), { timeout: 60_000 }).toBe('Katarzyna Zielińska');
  });

  test('a case registered offline on A appears on B after both sync', async () => {
    await registry.stop();
    sign = await registerCertificate(a, {
      firstName: 'Łucja', lastName: 'Żółkiewska', pesel: '02270803624', birthDate: '2002-07-08', phone: '600100200',
    });
    // Numbers leased at enrolment: the sign is final even offline.
    expect(sign).toBe(`SO.5352.1.${officeYear()}`);
    await a.keyboard.press('Alt+7');
    await a.getByTestId('sync-now').click();
    await expect.poll(async () => (await a.getByTestId('sync-state').textContent())?.trim(), { timeout: 30_000 }).toBe('brak połączenia – praca lokalna');
    expect(Number(await a.getByTestId('sync-pending').textContent())).toBeGreaterThan(0);
    await a.screenshot({ path: artifact('sync-offline.png'), fullPage: true });

    await registry.start();
    await syncNow(a);
    await syncNow(b);
    await openCase(b, 'zolkiewska', sign);
    expect(await b.getByTestId('case-phone').textContent()).toBe('600100200');
  });

  test('offline edits: the phone merges, the status waits in Konflikty', async () => {
    await openCase(a, 'zolkiewska', sign);
    await registry.stop();
    // A: the client phoned with a new number; the case moves on.
    await a.getByTestId('contact-edit').click();
    await a.getByTestId('contact-phone').fill('12');
    await a.getByTestId('contact-save').click();
    await expect.poll(() => a.getByTestId('error').textContent()).toContain('Nie zapisano kontaktu. Pole „Telefon”');
    await a.getByTestId('contact-phone').fill('601 999 888');
    await a.getByTestId('contact-save').click();
    await expect.poll(() => a.getByTestId('case-phone').textContent()).toBe('601 999 888');
    await a.getByTestId('to-in_progress').click();
    await expect.poll(() => a.getByTestId('case-status').textContent()).toBe('w toku');
    // B, at the same time: the head settles the case.
    await b.getByTestId('to-settled').click();
    await expect.poll(() => b.getByTestId('case-status').textContent()).toBe('załatwiona');

    await registry.start();
    await syncNow(a);
    await syncNow(b);
    await syncNow(a);
    await openCase(b, 'zolkiewska', sign);
    await expect.poll(() => b.getByTestId('case-phone').textContent()).toBe('601 999 888');
    // The registry kept the first status it received and set B's aside.
    await expect.poll(() => b.getByTestId('case-status').textContent()).toBe('w toku');

    await b.keyboard.press('Alt+7');
    await b.getByTestId('reload-conflicts').click();
    const row = b.getByTestId('conflict-row').filter({ hasText: 'Stan sprawy' });
    await expect.poll(() => row.count()).toBe(1);
    const text = (await row.textContent())!;
    expect(text).toContain(sign);
    expect(text).toContain('w toku');
    expect(text).toContain('załatwiona');
    await b.screenshot({ path: artifact('sync-conflicts.png'), fullPage: true });

  });

  test('a head who signed in while the registry was down confirms her authority, takes the set-aside value; both devices follow', async () => {
    // She signs in again while the registry cannot be reached: the
    // registry has not confirmed her authority, so nothing is decided.
    await registry.stop();
    await b.keyboard.press('Control+l');
    await b.getByRole('button', { name: 'Zmień użytkownika' }).click();
    await signIn(b, 'Katarzyna Zielińska', 'okienko');
    await expect.poll(() => b.getByTestId('user-name').textContent(), { timeout: 20_000 }).toBe('Katarzyna Zielińska');
    await registry.start();
    await b.keyboard.press('Alt+7');
    await b.getByTestId('reload-conflicts').click();
    const row = b.getByTestId('conflict-row').filter({ hasText: 'Stan sprawy' });
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole('button', { name: 'Przyjmij odłożoną' }).click();
    await expect.poll(() => b.getByTestId('error').textContent()).toContain('Twoje uprawnienia w rejestrze');
    await expect.poll(() => row.count()).toBe(1);
    // She confirms with her password on the same screen, without signing out.
    await b.getByTestId('person-password').fill('okienko');
    await b.getByTestId('person-confirm').click();
    await expect.poll(() => b.getByTestId('person-status').textContent(), { timeout: 20_000 }).toContain('potwierdził Twoje uprawnienia');
    await b.screenshot({ path: artifact('sync-person-confirmed.png'), fullPage: true });
    await row.getByRole('button', { name: 'Przyjmij odłożoną' }).click();
    await expect.poll(() => b.getByTestId('conflict-row').filter({ hasText: 'Stan sprawy' }).count()).toBe(0);
    await syncNow(b);
    await syncNow(a);
    await openCase(a, 'zolkiewska', sign);
    await expect.poll(() => a.getByTestId('case-status').textContent()).toBe('załatwiona');
  });
});
