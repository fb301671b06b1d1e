// Issue 18 end to end: a laptop's clock is moved five days ahead while it
// is away from the office (offline, nothing can tell that from a laptop
// that slept). The clerk registers a case on it, dated by that clock; when
// the laptop syncs, the registry takes the case and flags it, since it is
// dated days after the registry's own office date, and the laptop learns
// the office's time again. The head on device B finds it in
// Synchronizacja → "Sprawy z datą do sprawdzenia", with the reason in
// words, and marks it checked; the clerk is not shown the list.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifact, launch, open, signIn, startApp, type App } from './harness';
import { startRegistry, type Registry } from './registry';
import { registerCertificate, keepRecoveryCode } from './flows';

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
  await expect.poll(() => page.getByTestId('sync-pending').textContent(), { timeout: 30_000 }).toBe('0');
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

describe('a case dated far from the registry’s date', () => {
  let sign = '';

  test('both devices are enrolled; the clerk and the head sign in', async () => {
    await enrol(a, 'Laptop A');
    await enrol(b, 'Stanowisko B');
    await signIn(a, 'Jan Nowak', 'okienko');
    await expect.poll(() => a.getByTestId('user-name').textContent(), { timeout: 60_000 }).toBe('Jan Nowak');
  });

  test('away from the office, the laptop’s clock runs five days ahead; the case it registers is flagged', async () => {
    // The laptop leaves: no registry, and its clock is moved on.
    await registry.stop();
    await appA.stop();
    appA = await startApp(appA.dataDir, ['--no-demo', '--clock-skew', '120h']);
    a = await open(browser, appA);
    await signIn(a, 'Jan Nowak', 'okienko');
    await expect.poll(() => a.getByTestId('user-name').textContent(), { timeout: 60_000 }).toBe('Jan Nowak');
    sign = await registerCertificate(a, {
      firstName: 'Łucja', lastName: 'Żółkiewska', pesel: '02270803624', birthDate: '2002-07-08', phone: '600100200',
    });
    // Back at the office.
    await registry.start();
    await syncNow(a);
    expect(await a.getByTestId('quarantined').count()).toBe(0);
    await expect.poll(() => registry.log()).toContain('case flagged for its submission date');
    // A clerk does not check dates: no list on their screen.
    expect(await a.getByTestId('no-date-flags').count()).toBe(0);
    expect(await a.getByTestId('date-flags').count()).toBe(0);
  });

  test('the head sees it in Synchronizacja and marks it checked', async () => {
    // The head signs in at the office: her person session at the registry
    // (the password verified there) is what lets her mark it checked.
    await signIn(b, 'Katarzyna Zielińska', 'okienko');
    await expect.poll(() => b.getByTestId('user-name').textContent(), { timeout: 60_000 }).toBe('Katarzyna Zielińska');
    await syncNow(b);
    await expect.poll(() => b.getByTestId('date-flag-row').count(), { timeout: 30_000 }).toBe(1);
    const row = b.getByTestId('date-flag-row');
    const text = (await row.textContent())!;
    expect(text).toContain(sign);
    expect(text).toMatch(/Data przyjęcia jest o \d+ dni późniejsza niż data w rejestrze w dniu, w którym sprawa do niego dotarła\./);
    await expect.poll(() => b.getByRole('heading', { name: 'Sprawy z datą do sprawdzenia' }).count()).toBe(1);
    await b.screenshot({ path: artifact('dateflags-head.png'), fullPage: true });

    await row.getByRole('button', { name: 'Sprawdzone' }).click();
    await expect.poll(() => b.getByTestId('date-flag-row').count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => b.getByTestId('no-date-flags').isVisible()).toBe(true);
    expect(registry.log()).toContain('date flags checked');
  });
});
