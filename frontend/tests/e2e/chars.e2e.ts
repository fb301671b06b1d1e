// Issue 11, bad input and printing: what the receipt's font cannot draw is
// refused in the field that holds it; a 10,000-character name neither
// passes nor widens the page; a draft's label stays initials; a surname
// corrected in step 1 reaches the form; a receipt that fails to print is
// said to have failed and is printed by "Spróbuj wydrukować ponownie".
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifact, launch, open, signIn, startApp, type App } from './harness';
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

const problemOf = (field: string) => page.getByTestId(`client-${field}`).locator('xpath=..').locator('.field-problem');

describe('bad input', () => {
  test('an emoji or 10,000 characters are refused in the field, and the page keeps its width', async () => {
    await page.keyboard.press('Alt+3');
    await page.getByTestId('service-search').fill('zaswiadczenie o zameldowaniu');
    await expect.poll(() => page.getByTestId('service-option').first().textContent()).toContain('Zaświadczenie o zameldowaniu');
    await page.getByTestId('service-search').press('Enter');
    await page.getByTestId('client-firstName').fill('Łucja');
    await page.getByTestId('client-lastName').fill('Żółkiewska 😀');
    await expect
      .poll(() => problemOf('lastName').textContent())
      .toBe('Pole „Nazwisko” zawiera znak „😀”, którego nie można tu wpisać ani wydrukować: usuń go.');

    await page.getByTestId('client-lastName').fill('a'.repeat(10_000));
    await expect
      .poll(() => problemOf('lastName').textContent(), { timeout: 30_000 })
      .toBe('Pole „Nazwisko” może mieć najwyżej 100 znaków, a ma 10000: skróć je.');
    await expect.poll(() => page.getByTestId('client-lastName').locator('xpath=..').getByTestId('char-count').textContent()).toBe('10000/100');
    // Near the limit the counter shows before anything is wrong.
    await page.getByTestId('client-firstName').fill('Ł'.repeat(85));
    await expect.poll(() => page.getByTestId('client-firstName').locator('xpath=..').getByTestId('char-count').textContent()).toBe('85/100');

    await page.getByTestId('step-register').click();
    await expect.poll(() => page.getByTestId('missing').textContent()).toBe(
      'Nie wszystkie dokumenty są oznaczone: wróć do kroku „Dokumenty” i zaznacz przy każdym, czy go złożono.',
    );
    await page.screenshot({ path: artifact('chars-long-name.png') });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(1366);
    expect(await page.getByTestId('register').isEnabled()).toBe(false);
  });

  test('a name with markup leaves initials of letters in the "Wznów" list', async () => {
    await page.getByTestId('step-client').click();
    await page.getByTestId('client-firstName').fill('<b>Łucja</b>');
    await page.getByTestId('client-lastName').fill('Żółkiewska');
    // Put away at once: saves run in order, so the corrected name is the
    // draft's even while the 10,000-character one is still being saved.
    await page.getByTestId('put-away').click();
    await expect.poll(() => page.getByTestId('drafts').textContent(), { timeout: 30_000 }).toContain('Ł. Ż.');
    expect(await page.getByTestId('drafts').textContent()).not.toContain('<');
  });

  test('a surname corrected in step 1 is the surname on the form', async () => {
    await page.getByTestId('resume').first().click();
    await page.getByTestId('client-firstName').fill('Łucja');
    await page.getByTestId('step-form').click();
    await expect.poll(() => page.locator('[data-field="nazwisko"] input').inputValue(), { timeout: 30_000 }).toBe('Żółkiewska');
    await page.getByTestId('step-client').click();
    await page.getByTestId('client-lastName').fill('Żółkiewska-Nowak');
    await page.getByTestId('step-form').click();
    await expect.poll(() => page.locator('[data-field="nazwisko"] input').inputValue(), { timeout: 30_000 }).toBe('Żółkiewska-Nowak');
    // Typed on the form, it is the client's surname too: one value.
    await page.locator('[data-field="nazwisko"] input').fill('Nowak');
    await page.getByTestId('step-client').click();
    await expect.poll(() => page.getByTestId('client-lastName').inputValue()).toBe('Nowak');
    await page.waitForTimeout(2500);
    await page.getByTestId('put-away').click();
  });
});

describe('printing', () => {
  test('a receipt that cannot be saved is not reported printed, and a retry prints it', async () => {
    // A fresh window: the intake above leaves a put-away draft behind.
    await page.close();
    page = await open(browser, app); // the session is the backend's: still signed in
    await page.getByTestId('user-name').waitFor();
    const block = join(app.dataDir, 'sprawy');
    writeFileSync(block, 'not a directory');
    const sign = await registerCertificate(page, {
      firstName: 'Jürgen', lastName: 'Groß', pesel: '44051401458', birthDate: '1944-05-14', phone: '601 999 888',
    }, undefined, async (p) => {
      await p.waitForTimeout(1000);
      await p.screenshot({ path: artifact('chars-before-register.png'), fullPage: true });
    });
    expect(sign).toMatch(/^SO\.5352\./);
    await expect.poll(() => page.getByTestId('print-failed').textContent()).toContain('Sprawa jest zarejestrowana, ale wydruku nie przygotowano.');
    await page.screenshot({ path: artifact('chars-print-failed.png') });
    const done = (await page.getByTestId('registered').textContent()) ?? '';
    expect(done).not.toMatch(/[Ww]ydrukowano/);
    expect(await page.getByTestId('receipt-path').count()).toBe(0);

    rmSync(block);
    await page.getByTestId('retry-print').click();
    await expect.poll(() => page.getByTestId('printed').textContent()).toBe('Wydrukowano potwierdzenie przyjęcia sprawy z listą kroków.');
    expect(await page.getByTestId('print-failed').count()).toBe(0);
    expect(await page.getByTestId('receipt-path').locator('code').textContent()).toContain('potwierdzenie.pdf');
  });
});
