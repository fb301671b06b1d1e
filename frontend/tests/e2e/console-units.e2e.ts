// Issue 15, parts 6 and 7, end to end on a real `registry serve` in
// headless Chromium: the admin retires a unit in Urząd i ludzie (asked
// first, refused while people still belong to it, naming them) and
// restores it; Rejestry i raporty shows the monitoring report for a
// period and a unit, printable as the PDF, a head seeing only their unit;
// dates as the office reads them. axe finds nothing serious.
// Screenshots: build/screenshots/console-report.png, console-units-retire.png.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from './harness';
import { startRegistry, type Registry } from './registry';
import { consoleAs, noSerious } from './consolekit';

let registry: Registry;
let browser: Browser;

const shots = new URL('../../../build/screenshots/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

/** The office's date today, as the console writes it (04.12.2026). */
function todayPl(): string {
  const [y, m, d] = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Warsaw' }).format(new Date()).split('-');
  return `${d}.${m}.${y}`;
}

beforeAll(async () => {
  registry = await startRegistry();
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await registry?.stop();
});

describe('Konsola: retiring a unit, the monitoring report', () => {
  test('the admin sees the monitoring report for the office and a unit, and prints it', async () => {
    const p = await consoleAs(browser, registry.url, 'twisniewski');
    await p.getByRole('link', { name: 'Rejestry i raporty' }).click();
    await p.getByRole('heading', { name: 'Rejestry i raporty' }).waitFor();
    await p.getByTestId('register-tab-report').click();
    const heading = p.getByTestId('report-heading');
    const year = todayPl().slice(6);
    await expect.poll(() => heading.textContent(), { timeout: 30_000 }).toContain(`od 01.01.${year} do ${todayPl()}`);
    expect(await heading.textContent()).toContain('cały urząd');
    // Every section is there: figures, or a sentence that says why not (never zeros).
    for (const s of ['queue', 'cases', 'deadlines', 'supplements', 'complaints', 'visits', 'survey', 'letters']) await p.getByTestId('report-section-' + s).waitFor();
    // The registry counts the registers too: none recorded this year here, said in words, not "not kept".
    expect(await p.getByTestId('report-section-complaints').textContent()).toContain('W tym okresie nie ma tu danych');
    expect(await p.getByTestId('report-section-complaints').textContent()).not.toContain('to nie są zera');
    await noSerious(p, 'monitoring report');
    await p.screenshot({ path: join(shots, 'console-report.png'), fullPage: true });

    await p.getByTestId('report-unit').selectOption('USC');
    await p.getByTestId('report-from').fill(`${year}-03-01`);
    await p.getByTestId('report-show').click();
    await expect.poll(() => heading.textContent()).toContain(`od 01.03.${year}`);
    expect(await heading.textContent()).toContain('komórka USC');
    const href = await p.getByTestId('report-pdf').getAttribute('href');
    expect(href).toContain('unit=USC');
    const pdf = await p.request.get(`${registry.url}${href}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 4).toString()).toBe('%PDF');

    // A period backwards is refused in words.
    await p.getByTestId('report-to').fill(`${year}-02-01`);
    await p.getByTestId('report-show').click();
    await expect.poll(() => p.getByTestId('report-error').textContent()).toContain('Początek okresu jest późniejszy');

    // In English the dates follow the language.
    await p.getByLabel('Język').selectOption('en');
    await p.getByTestId('report-to').fill(`${year}-03-31`);
    await p.getByTestId('report-show').click();
    await expect.poll(() => heading.textContent()).toContain(`from 1 March ${year} to 31 March ${year}`);
    await p.context().close();
  });

  test('a head sees the report of their own unit only', async () => {
    const p = await consoleAs(browser, registry.url, 'kzielinska');
    await p.getByRole('link', { name: 'Rejestry i raporty' }).click();
    await p.getByTestId('register-tab-report').click();
    await expect.poll(() => p.getByTestId('report-heading').textContent(), { timeout: 30_000 }).toContain('komórka SO');
    const unit = p.getByTestId('report-unit');
    expect(await unit.isDisabled()).toBe(true);
    expect(await unit.locator('option').allTextContents()).toEqual([expect.stringContaining('SO')]);
    // Another unit's report, asked for by hand, is refused.
    const other = await p.request.get(`${registry.url}/console/api/report?unit=USC`);
    expect(other.status()).toBe(403);
    await noSerious(p, "a head's report");
    await p.context().close();
  });

  test('the admin retires a unit after being told what happens, and restores it', async () => {
    const p = await consoleAs(browser, registry.url, 'twisniewski');
    await p.getByRole('link', { name: 'Urząd i ludzie' }).click();
    await p.getByRole('button', { name: 'Dodaj komórkę' }).click();
    await p.getByLabel('Symbol').fill('ARCH');
    await p.getByLabel('Nazwa', { exact: true }).fill('Referat Archiwum Zakładowego');
    await p.getByRole('button', { name: 'Zapisz komórkę' }).click();
    await p.getByTestId('unit-ARCH').waitFor();

    // SO still has people: refused, naming them and saying what to do.
    await p.getByRole('button', { name: 'Wycofaj SO' }).click();
    const dialog = p.getByTestId('retire-confirm');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('nie przyjmuje nowych spraw');
    await p.getByTestId('retire-yes').click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('jnowak');
    expect(await dialog.textContent()).toContain('Przenieś te osoby do innej komórki');
    await dialog.getByRole('button', { name: 'Anuluj' }).click();

    await p.getByRole('button', { name: 'Wycofaj ARCH' }).click();
    await dialog.waitFor();
    await noSerious(p, 'retiring a unit, asked first');
    await p.screenshot({ path: join(shots, 'console-units-retire.png'), fullPage: true });
    await p.getByTestId('retire-yes').click();
    await expect.poll(() => p.getByTestId('unit-ARCH').textContent()).toContain(`wycofana ${todayPl()}`);
    expect(registry.admin('unit', 'list', '--office', registry.officeId)).toMatch(/ARCH\s.*retired 20/);
    // A retired unit takes no one: it is not offered for a new person.
    await p.getByRole('button', { name: 'Dodaj pracownika' }).click();
    expect(await p.getByRole('combobox', { name: 'Komórka' }).locator('option').allTextContents()).not.toContainEqual(expect.stringContaining('ARCH'));
    await p.getByRole('button', { name: 'Przywróć ARCH' }).click();
    await expect.poll(() => p.getByTestId('unit-ARCH').textContent()).toContain('w użyciu');
    await p.context().close();
  });
});
