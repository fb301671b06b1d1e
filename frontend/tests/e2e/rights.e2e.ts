// Issue 13, parts 3 and 4, end to end. Jan Nowak (SO) registers a case on
// laptop A. On computer B, Piotr Lewandowski (USC) opens it: the case is
// another unit's, so Okienko asks him why; he says he stands in for a
// colleague, and it opens. Back on A, SO's head, Katarzyna Zielińska,
// finds his access in Urząd → Rejestr dostępu, "Dostęp spoza komórki organizacyjnej",
// with his reason (the registry answers her, so B's entries show on A).
// She then saves the client's art. 15 RODO copy: the printout lists the
// client's case and who accessed it.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifact, launch, open, signIn, startApp, type App } from './harness';
import { keepRecoveryCode } from './flows';
import { startRegistry, type Registry } from './registry';
import { openCase, registerCertificate } from './flows';

let registry: Registry;
let appA: App;
let appB: App;
let browser: Browser;
let a: Page;
let b: Page;
let sign = '';

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

async function switchUser(page: Page, name: string): Promise<void> {
  await page.getByTestId('lock-button').click();
  await page.getByRole('button', { name: 'Zmień użytkownika' }).click();
  await signIn(page, name, 'okienko');
  await expect.poll(() => page.getByTestId('user-name').textContent()).toBe(name);
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

describe('break-the-glass and the client’s rights', () => {
  test('an SO clerk registers a case on laptop A', async () => {
    await enrol(a, 'Laptop A');
    await enrol(b, 'Stanowisko B');
    await signIn(a, 'Jan Nowak', 'okienko');
    await expect.poll(() => a.getByTestId('user-name').textContent()).toBe('Jan Nowak');
    sign = await registerCertificate(a, {
      firstName: 'Łucja', lastName: 'Żółkiewska', pesel: '02270803624', birthDate: '2002-07-08', phone: '600100200',
    });
    await syncNow(a);
  });

  test('a USC clerk opening it on B is asked for a reason, gives one, and the case opens', async () => {
    await signIn(b, 'Piotr Lewandowski', 'okienko');
    await expect.poll(() => b.getByTestId('user-name').textContent()).toBe('Piotr Lewandowski');
    await syncNow(b);
    await b.keyboard.press('Alt+2');
    await b.getByTestId('case-status-filter').selectOption('');
    await b.getByTestId('case-search').fill('zolkiewska');
    await expect.poll(() => b.getByTestId('case-row').allTextContents(), { timeout: 30_000 }).toEqual([expect.stringContaining(sign)]);
    await b.getByTestId('case-search').press('Enter');
    const dialog = b.getByTestId('reason-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain('Ta sprawa należy do komórki SO, a nie do Twojej; podaj powód, dla którego ją otwierasz.');
    expect(await b.getByTestId('case-view').count()).toBe(0); // nothing of the client shown yet
    expect(await b.getByTestId('reason-open').isDisabled()).toBe(true);
    // "Another reason" needs words.
    await b.getByTestId('reason-other').check();
    await b.getByTestId('reason-open').click();
    await expect.poll(() => dialog.getByTestId('error').textContent()).toContain('opisz go w kilku słowach');
    await b.getByTestId('reason-stand_in').check();
    await b.getByTestId('reason-note').fill('Zastępstwo za J. Nowaka.');
    await b.screenshot({ path: artifact('rights-reason.png'), fullPage: true });
    await b.getByTestId('reason-open').click();
    await expect.poll(() => b.getByTestId('case-view-sign').textContent()).toBe(sign);
    expect(await b.getByTestId('reason-dialog').count()).toBe(0);
    await syncNow(b);
  });

  test('SO’s head sees the access on A, with the reason', async () => {
    await switchUser(a, 'Katarzyna Zielińska');
    await a.keyboard.press('Alt+8');
    await a.getByTestId('office-tab-audit').click();
    await a.getByTestId('audit-outside').check();
    await expect.poll(() => a.getByTestId('audit-line').count(), { timeout: 30_000 }).toBe(1);
    const line = (await a.getByTestId('audit-line').textContent())!;
    expect(line).toContain('Piotr Lewandowski');
    expect(line).toContain(sign);
    expect(line).toContain('Łucja Żółkiewska');
    expect(line).toContain('Zastępuję pracownika, który prowadzi tę sprawę. Zastępstwo za J. Nowaka.');
    expect(await a.getByTestId('audit-partial').count()).toBe(0); // the registry answered
    await expect.poll(() => a.getByRole('heading', { name: 'Dostęp spoza komórki organizacyjnej' }).count()).toBe(1);
    await a.screenshot({ path: artifact('rights-head-outside.png'), fullPage: true });
    // The whole log, then one client's.
    await a.getByTestId('audit-outside').uncheck();
    await expect.poll(() => a.getByTestId('audit-line').count(), { timeout: 30_000 }).toBeGreaterThan(2);
    await a.getByTestId('audit-line-client').first().click();
    await expect.poll(() => a.getByTestId('audit-client').textContent()).toBe('Klient: Łucja Żółkiewska');
    await a.screenshot({ path: artifact('rights-head-log.png'), fullPage: true });
  });

  test('the art. 15 printout lists the client’s case and who accessed it', async () => {
    await openCase(a, 'zolkiewska', sign);
    await a.getByTestId('art15-export').click();
    await expect.poll(() => a.getByTestId('art15-saved').count(), { timeout: 30_000 }).toBe(1);
    await a.screenshot({ path: artifact('rights-art15-saved.png'), fullPage: true });
    const dir = join(appA.dataDir, 'eksport');
    const pdf = readdirSync(dir).find((f) => f.startsWith('art15-') && f.endsWith('.pdf'))!;
    expect(pdf).not.toMatch(/olkiewska/i); // no name in a file name
    const text = execFileSync('pdftotext', ['-layout', join(dir, pdf), '-']).toString().replace(/\s+/g, ' ');
    expect(text).toContain('Informacja o danych osobowych (art. 15 RODO)');
    expect(text).toContain('02270803624');
    expect(text).toContain(`Sprawa ${sign}: Zaświadczenie o zameldowaniu`);
    expect(text).toContain('wyświetlono (osoba: Piotr Lewandowski)');
    expect(text).toContain('archiwalnym');
    execFileSync('pdftoppm', ['-r', '70', '-png', join(dir, pdf), artifact('rights-art15')]);
    const json = JSON.parse(readFileSync(join(dir, pdf.replace(/\.pdf$/, '.json')), 'utf8'));
    expect(json.format).toBe('okienko-art15');
    expect(json.source).toBe('registry');
    expect(json.client.pesel).toBe('02270803624');
    expect(json.cases.map((c: { sign: string }) => c.sign)).toEqual([sign]);
    expect(json.accesses.some((x: { person: string; sign: string }) => x.person === 'Piotr Lewandowski' && x.sign === sign)).toBe(true);
  });
});
