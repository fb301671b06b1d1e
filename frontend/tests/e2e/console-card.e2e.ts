// Issue 15, the card editor's last parts, end to end on a real `registry
// serve` and a desktop app enrolled with it, in headless Chromium: a form
// field's help and example translated in the console are shown to a
// Ukrainian client on the device's intake form; a fee's due rule and its
// proof of payment edited (the proof refused when missing, the receipt's
// next steps following the rule); a required document's identifier check
// edited and held by the device's document check; a removed form field
// kept until published and restored, also over a reload. axe finds
// nothing serious. Screenshots: build/screenshots/console-card-*.png,
// intake-field-tr.png.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, open, signIn, startApp, type App } from './harness';
import { startRegistry, type Registry } from './registry';
import { consoleAs, noSerious } from './consolekit';
import { keepRecoveryCode } from './flows';

let registry: Registry;
let app: App;
let browser: Browser;
let device: Page;

const shots = new URL('../../../build/screenshots/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

const ukHelp = 'Напишіть, для чого потрібна довідка: від мети залежить звільнення від державного мита.';
const ukExample = 'для банку';

async function syncNow(page: Page): Promise<void> {
  await page.keyboard.press('Alt+7');
  await page.getByTestId('sync-now').click();
  // The button is disabled while the round runs: the state below reads
  // "connected" before it as well, so wait for the round itself (under a
  // loaded CI machine the new card came after the test looked for it).
  await expect.poll(() => page.getByTestId('sync-now').isEnabled(), { timeout: 60_000 }).toBe(true);
  await expect.poll(async () => (await page.getByTestId('sync-state').textContent())?.trim(), { timeout: 30_000 }).toBe('połączono z rejestrem');
  await expect.poll(() => page.getByTestId('sync-pending').textContent()).toBe('0');
}

/** The sample receipt of the card as edited, as text (the preview's POST sent again for its bytes). */
async function receiptText(p: Page): Promise<string> {
  const previewed = p.waitForResponse((r) => r.url().includes('/preview?kind=receipt'));
  await p.getByRole('button', { name: 'Podgląd potwierdzenia przyjęcia (PDF)' }).press('Enter');
  const res = await previewed;
  expect(res.status()).toBe(200);
  const csrf = (await p.context().cookies()).find((c) => c.name === '__Host-okienko-csrf')?.value ?? '';
  const again = await p.request.post(res.url(), { data: res.request().postData() ?? '', headers: { 'Content-Type': 'application/json', 'X-Okienko-CSRF': csrf, Origin: registry.url } });
  return execFileSync('pdftotext', ['-', '-'], { input: await again.body() }).toString().replace(/\s+/g, ' ');
}

beforeAll(async () => {
  registry = await startRegistry();
  app = await startApp(undefined, ['--no-demo']);
  browser = await launch();
  device = await open(browser, app);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([app?.stop(), registry?.stop()]);
});

describe('Konsola: the card editor', () => {
  test('a laptop enrolled with the registry, its clerk signed in', async () => {
    await device.getByTestId('enroll-url').fill(registry.url);
    await device.getByTestId('enroll-code').fill(registry.enrolmentCode('Laptop SO'));
    await device.getByTestId('enroll-submit').click();
    await keepRecoveryCode(device);
    await signIn(device, 'Jan Nowak', 'okienko');
    await expect.poll(() => device.getByTestId('user-name').textContent(), { timeout: 150_000 }).toBe('Jan Nowak');
  }, 300_000);

  test('the admin translates a field\'s help, edits a fee\'s due rule and a document\'s check, and restores a removed field', async () => {
    const p = await consoleAs(browser, registry.url, 'twisniewski');
    await p.getByRole('link', { name: 'Katalog usług' }).click();
    await p.getByRole('link', { name: /Zaświadczenie o zameldowaniu/ }).first().click();
    await p.getByRole('button', { name: /Opublikuj jako wersję/ }).waitFor();
    const check = async () => {
      await p.getByRole('button', { name: 'Sprawdź kartę' }).click();
      await expect.poll(() => p.getByRole('status').textContent()).toContain('Karta jest poprawna');
    };

    // A removed field waits, restorable, until the card is published; the
    // edit survives a reload with it.
    const purpose = 'Cel wydania zaświadczenia';
    const heading = p.getByRole('heading', { name: new RegExp(`^Pole \\d+: ${purpose}$`) });
    const at = await heading.textContent();
    await p.getByRole('button', { name: `Usuń pole „${purpose}”` }).click();
    expect(await heading.count()).toBe(0);
    await expect.poll(() => p.getByTestId('removed-field').textContent()).toContain(`Usunięto pole „${purpose}”.`);
    await p.reload();
    await expect.poll(() => p.getByRole('status').textContent()).toContain('Przywrócono niezapisane zmiany');
    expect(await heading.count()).toBe(0);
    await noSerious(p, 'card editor with a removed field');
    await p.getByTestId('removed-field').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await p.screenshot({ path: join(shots, 'console-card-field-removed.png') });
    await p.getByRole('button', { name: `Przywróć „${purpose}”` }).click();
    expect(await heading.textContent()).toBe(at);
    expect(await p.getByTestId('removed-field').count()).toBe(0);
    // Restored with its requirement: the card is as it was, nothing to publish.
    await p.getByRole('button', { name: 'Sprawdź kartę' }).click();
    await expect.poll(() => p.locator('.problems').textContent()).toContain('Karta nie została zmieniona');

    // The field's help and example in Ukrainian, beside the Polish ones. A
    // PESEL's example is the same in every language: not offered.
    await p.getByTestId('tr-lang').selectOption('uk');
    const field = p.getByTestId('field-celWydania');
    // Not yet translated: said beside each.
    expect(await field.getByTestId('tr-field-help-note-celWydania').textContent()).toContain('Brak tłumaczenia');
    expect(await field.getByTestId('tr-field-example-note-celWydania').textContent()).toContain('Brak tłumaczenia');
    await field.getByTestId('tr-field-help-celWydania').fill(ukHelp);
    await field.getByTestId('tr-field-example-celWydania').fill(ukExample);
    expect(await p.getByTestId('field-pesel').getByTestId('tr-field-example-pesel').count()).toBe(0);
    expect(await p.getByTestId('field-pesel').textContent()).toContain('jest w każdym języku taki sam');
    expect(await field.getByTestId('tr-field-help-note-celWydania').count()).toBe(0);
    await check();
    await noSerious(p, 'card editor with a field\'s help translated');
    await field.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await p.screenshot({ path: join(shots, 'console-card-field-tr.png') });
    await p.getByTestId('tr-lang').selectOption('');

    // A fee's due rule: paid before filing, it must name its proof of
    // payment among the card's documents; refused beside the fee without.
    const fee1 = p.getByTestId('fee-1');
    await p.getByTestId('fee-due-1').selectOption('withApplication');
    expect(await fee1.textContent()).toContain('Klient przynosi dowód zapłaty z wnioskiem');
    await p.getByRole('button', { name: 'Sprawdź kartę' }).click();
    await expect.poll(() => p.getByTestId('fee-proof-problem-1').textContent()).toContain('wybierz dokument karty, który klient przynosi jako dowód zapłaty');
    expect(await p.getByTestId('fee-proof-1').getAttribute('aria-invalid')).toBe('true');
    await noSerious(p, 'card editor with a fee lacking its proof');
    await fee1.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await p.screenshot({ path: join(shots, 'console-card-fee-due.png') });
    await p.getByTestId('fee-proof-1').selectOption('dowod-oplaty-skarbowej');
    await check();
    await p.getByTestId('fee-due-1').selectOption('');
    expect(await p.getByTestId('fee-proof-1').count()).toBe(0);
    // The certificate's fee, paid with the application, is asked on the
    // sample receipt (every document brought) only once it is due before
    // the certificate is collected.
    expect(await p.getByTestId('fee-proof-0').inputValue()).toBe('dowod-oplaty-skarbowej');
    expect(await receiptText(p)).not.toContain('Opłata skarbowa za wydanie zaświadczenia: 17,00 zł');
    await p.getByTestId('fee-due-0').selectOption('beforeIssue');
    expect(await p.getByTestId('fee-proof-0').count()).toBe(0);
    expect(await receiptText(p)).toContain('Opłata skarbowa za wydanie zaświadczenia: 17,00 zł. Zapłać przed odbiorem załatwionej sprawy');

    // The identity document's number is held to a passport's form.
    const doc = p.getByTestId('doc-1');
    expect(await p.getByTestId('doc-check-1').inputValue()).toBe('id-card');
    await p.getByTestId('doc-check-1').selectOption('passport');
    expect(await p.getByTestId('doc-valid-1').isChecked()).toBe(true);
    await check();
    await noSerious(p, 'card editor with a document\'s check');
    await doc.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await p.screenshot({ path: join(shots, 'console-card-doc-check.png') });

    await p.getByRole('button', { name: /Opublikuj jako wersję/ }).press('Enter');
    await expect.poll(() => p.getByRole('status').textContent()).toMatch(/Opublikowano wersję \d+/);
    await p.context().close();
  }, 300_000);

  test('the device shows the field\'s Ukrainian help to a Ukrainian client and checks the document as a passport', async () => {
    await syncNow(device);
    await device.keyboard.press('Alt+3');
    const search = device.getByTestId('service-search');
    await expect
      .poll(async () => {
        if ((await search.inputValue()) !== 'zaswiadczenie o zameldowaniu') await search.fill('zaswiadczenie o zameldowaniu');
        return device.getByTestId('service-option').first().textContent();
      })
      .toContain('Zaświadczenie o zameldowaniu');
    await search.press('Enter');
    await device.getByTestId('client-firstName').fill('Olena');
    await device.getByTestId('client-lastName').fill('Kowalenko');
    await device.getByTestId('client-pesel').fill('02270803624');
    await device.getByTestId('client-birthDate').fill('2002-07-08');
    await device.getByTestId('client-street').fill('ul. Polna');
    await device.getByTestId('client-houseNo').fill('3');
    await device.getByTestId('client-postalCode').fill('99-300');
    await device.getByTestId('client-city').fill('Przykładowo');
    await device.locator('#c-lang').selectOption('uk');
    await expect.poll(() => device.locator('.form-field.has-problem').count()).toBe(0);
    await device.getByTestId('next-step').click();

    const box = device.locator('[data-field="celWydania"]');
    const tr = box.getByTestId('field-tr');
    await tr.waitFor({ timeout: 30_000 });
    expect(await tr.textContent()).toContain(ukHelp);
    expect(await tr.textContent()).toContain('Dla klienta, po ukraińsku:');
    expect(await tr.textContent()).toContain(ukExample);
    expect(await tr.locator('[lang="uk"]').count()).toBeGreaterThan(0);
    // The Polish help stays: the form is filled in Polish.
    expect(await box.textContent()).toContain('Wpisz, do jakiej sprawy potrzebujesz zaświadczenia');
    // A field the card does not translate has no such lines.
    expect(await device.locator('[data-field="nazwisko"] [data-testid="field-tr"]').count()).toBe(0);
    await box.scrollIntoViewIfNeeded();
    await device.screenshot({ path: join(shots, 'intake-field-tr.png') });

    // Fill the form with the card's examples and go to the documents.
    await box.locator('input').fill('do banku');
    await device.locator('[data-field="adresZameldowania"] textarea').fill('ul. Polna 3, 99-300 Przykładowo');
    await device.locator('[data-field="zakresZaswiadczenia"] select').selectOption('aktualny pobyt stały');
    await device.locator('[data-field="sposobOdbioru"] input[value="odbiór osobisty"]').check();
    await expect.poll(() => device.getByTestId('form-problems').count()).toBe(0);
    await device.keyboard.press('Control+Enter');
    await expect.poll(() => device.getByRole('heading', { name: 'Dokumenty' }).isVisible()).toBe(true);
    // An ID card's number, valid as one, is not a passport's.
    const row = device.locator('[data-testid="doc-row"][data-doc="dokument-tozsamosci"]');
    await row.locator('input[type=radio][value=presented]').check();
    await row.getByLabel('Numer dokumentu').fill('ABS123456');
    await row.getByLabel('Ważny do').fill('2031-01-01');
    await row.getByLabel('Numer dokumentu').blur();
    await expect.poll(() => row.locator('.field-problem').textContent(), { timeout: 20_000 }).toContain('Numer dokumentu');
    await row.getByLabel('Numer dokumentu').fill('ZS0000177');
    await row.getByLabel('Numer dokumentu').blur();
    await expect.poll(() => row.locator('.field-problem').count(), { timeout: 20_000 }).toBe(0);
  }, 300_000);
});
