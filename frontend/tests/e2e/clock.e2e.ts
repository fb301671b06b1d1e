// Issue 18 end to end: a laptop whose clock is a day ahead, enrolled to a
// real registry. It takes the office's date from the registry, says its
// clock is off in the top bar and on Synchronizacja, and asks the clerk to
// confirm the date before registering; the case's history records it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifact, launch, open, signIn, startApp, type App } from './harness';
import { startRegistry, type Registry } from './registry';
import { openCase, registerCertificate, keepRecoveryCode } from './flows';

let registry: Registry;
let app: App;
let browser: Browser;
let page: Page;

/** The office's date today, as the registry (this machine's real clock) says it in Warsaw. */
function officeToday(): string {
  return new Intl.DateTimeFormat('pl-PL', { timeZone: 'Europe/Warsaw', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());
}

beforeAll(async () => {
  registry = await startRegistry();
  app = await startApp(undefined, ['--no-demo', '--clock-skew', '24h']);
  browser = await launch();
  page = await open(browser, app);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([app?.stop(), registry?.stop()]);
});

describe('a laptop whose clock is a day ahead', () => {
  test('says so, and registers under the office date the clerk confirmed', async () => {
    await page.getByTestId('enroll-url').fill(registry.url);
    await page.getByTestId('enroll-code').fill(registry.enrolmentCode('Laptop z wizyt'));
    await page.getByTestId('enroll-submit').click();
    await keepRecoveryCode(page);
    await expect.poll(() => page.getByRole('radio', { name: /Jan Nowak/ }).count(), { timeout: 30_000 }).toBe(1);
    await signIn(page, 'Jan Nowak', 'okienko');
    await expect.poll(() => page.getByTestId('clock-badge').isVisible(), { timeout: 20_000 }).toBe(true);
    await page.keyboard.press('Alt+7');
    const panel = page.getByTestId('sync-clock');
    await expect.poll(() => panel.textContent()).toContain('według rejestru urzędu jest ' + officeToday());
    await page.screenshot({ path: artifact('clock-sync.png'), fullPage: true });

    const sign = await registerCertificate(
      page,
      { firstName: 'Łucja', lastName: 'Zegarowa', pesel: '02270803624', birthDate: '2002-07-08', phone: '600100200' },
      undefined,
      async (p) => {
        await expect.poll(() => p.getByTestId('confirm-date').textContent()).toContain('różnica wynosi 1 dzień');
        await expect.poll(() => p.getByTestId('cannot-register').count()).toBe(0);
        expect(await p.getByTestId('register').isEnabled()).toBe(false);
        expect(await p.getByTestId('confirm-date').textContent()).toContain(`Potwierdzam datę przyjęcia wniosku: ${officeToday()}`);
        await p.screenshot({ path: artifact('clock-confirm.png'), fullPage: true });
        await p.getByTestId('confirm-date-check').check();
      },
    );
    expect(sign).toMatch(new RegExp(`^SO\\.5352\\.\\d+\\.${officeToday().slice(-4)}$`));
    await openCase(page, 'Zegarowa', sign);
    await expect.poll(() => page.getByTestId('case-view').textContent()).toContain(`potwierdził datę przyjęcia ${officeToday()}`);
    await page.screenshot({ path: artifact('clock-history.png'), fullPage: true });
  });
});
