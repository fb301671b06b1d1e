// Issue 3 end to end: a clerk registers "Zaświadczenie o zameldowaniu" for a
// new client with one document missing; the call to supplement and the
// receipt are printed with art. 57 dates; after a restart the case is found
// by a search typed without diacritics.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifact, demoCatalogue, launch, open, signIn, startApp, type App, printoutText } from './harness';
import { addDaysKPA, officeYear, plDate, today } from './calendar';

let app: App;
let browser: Browser;
let page: Page;
const year = officeYear();
const sign = `SO.5352.1.${year}`;

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

async function pdfText(path: string): Promise<string> {
  return (await printoutText(page, path)).replace(/\s+/g, ' ');
}

interface Schema {
  properties: Record<string, { type?: string; enum?: string[] }>;
}

describe('counter intake', () => {
  test('the clerk picks the service and fills in the client', async () => {
    await page.keyboard.press('Alt+3');
    const search = page.getByTestId('service-search');
    await search.fill('zaswiadczenie o zameldowaniu');
    await expect.poll(() => page.getByTestId('service-option').first().textContent()).toContain('Zaświadczenie o zameldowaniu');
    await search.press('Enter');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Zaświadczenie o zameldowaniu');

    await page.getByTestId('client-firstName').fill('Łucja');
    await page.getByTestId('client-lastName').fill('Żółkiewska');
    // A mistyped PESEL is pointed at with its reason and never corrected.
    await page.getByTestId('client-pesel').fill('02270803625');
    await expect.poll(() => page.locator('.form-field.has-problem').first().textContent()).toContain('cyfra kontrolna się nie zgadza');
    await page.getByTestId('client-pesel').fill('02270803624');
    await page.getByTestId('client-birthDate').fill('1985-03-12');
    await expect.poll(() => page.locator('.form-field.has-problem').first().textContent()).toContain(
      'Data urodzenia zapisana w numerze PESEL (2002-07-08) różni się od podanej w polu „Data urodzenia”.',
    );
    await page.getByTestId('client-birthDate').fill('2002-07-08');
    await page.getByTestId('client-street').fill('ul. Polna');
    await page.getByTestId('client-houseNo').fill('3');
    await page.getByTestId('client-postalCode').fill('99-300');
    await page.getByTestId('client-city').fill('Przykładowo');
    await expect.poll(() => page.locator('.form-field.has-problem').count()).toBe(0);
    await page.getByTestId('next-step').click();
  });

  test('the form is filled and validated as the clerk types', async () => {
    const card = demoCatalogue().cards.find((c) => c.code === 'zaswiadczenie-o-zameldowaniu')! as unknown as {
      form: { schema: Schema; ui: { order: string[]; fields: Record<string, { example: unknown; when?: unknown }> } };
    };
    // The client's data typed once fills the form's own applicant fields.
    await expect.poll(() => page.locator('[data-field="pesel"] input').inputValue()).toBe('02270803624');
    expect(await page.locator('[data-field="nazwisko"] input').inputValue()).toBe('Żółkiewska');
    for (const name of card.form.ui.order) {
      const ui = card.form.ui.fields[name];
      if (ui.when) continue;
      const prop = card.form.schema.properties[name];
      const box = page.locator(`[data-field="${name}"]`);
      if (prop.type === 'boolean') {
        if (ui.example === true) await box.locator('input[type=checkbox]').check();
      } else if (prop.enum && prop.enum.length <= 3) {
        await box.locator(`input[type=radio][value="${ui.example}"]`).check();
      } else if (prop.enum) {
        await box.locator('select').selectOption(String(ui.example));
      } else if ((await box.locator('input, textarea').first().inputValue()) === '') {
        await box.locator('input, textarea').first().fill(String(ui.example));
      }
    }
    await page.waitForTimeout(400);
    await page.screenshot({ path: artifact('intake-form.png'), fullPage: true });
    await expect.poll(() => page.locator('[data-field] .field-problem').allTextContents()).toEqual([]);
    await expect.poll(() => page.getByTestId('form-problems').count()).toBe(0);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByRole('heading', { name: 'Dokumenty' }).isVisible()).toBe(true);
  });

  test('documents are checked; one is missing', async () => {
    const rows = page.getByTestId('doc-row');
    const n = await rows.count();
    expect(n).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < n; i++) {
      const row = rows.nth(i);
      const doc = await row.getAttribute('data-doc');
      const mark = doc === 'dowod-oplaty-skarbowej' ? 'missing' : doc === 'dokument-tozsamosci' ? 'presented' : 'original';
      await row.locator(`input[type=radio][value=${mark}]`).check();
      if (doc === 'dokument-tozsamosci') {
        await row.getByLabel('Numer dokumentu').fill('ABS123456');
        await row.getByLabel('Ważny do').fill('2031-01-01');
      }
    }
    await expect.poll(() => page.getByTestId('docs-missing').textContent()).toContain('Dowód uiszczenia opłaty skarbowej');
    await page.getByTestId('next-step').click();
  });

  test('registration prints the call to supplement with the art. 57 deadline', async () => {
    await expect.poll(() => page.getByTestId('register').isEnabled()).toBe(true);
    await page.screenshot({ path: artifact('intake-register.png'), fullPage: true });
    await page.getByTestId('register').click();
    await expect.poll(() => page.getByTestId('case-sign').textContent()).toBe(sign);
    await page.screenshot({ path: artifact('intake-done.png') });
    const supplementPath = (await page.getByTestId('supplement-path').locator('code').textContent())!;
    const due = addDaysKPA(today(), 7);
    const text = await pdfText(supplementPath);
    expect(text).toContain('Wezwanie do uzupełnienia braków formalnych');
    expect(text).toContain(`do dnia ${plDate(due).replace('\u00a0', ' ')} włącznie`);
    expect(text).toContain('pozostawienie wniosku bez rozpoznania');
    expect(text).toContain(sign);
  });

  test('the receipt has the sign, numbered steps with dates and the fee', async () => {
    const receiptPath = (await page.getByTestId('receipt-path').locator('code').textContent())!;
    const text = await pdfText(receiptPath);
    const due = plDate(addDaysKPA(today(), 7)).replace('\u00a0', ' ');
    expect(text).toContain('Potwierdzenie przyjęcia sprawy');
    expect(text).toContain(`Znak sprawy: ${sign}`); // once, under the title
    expect(text).toContain(`1. do ${due} Opłata skarbowa`);
    expect(text).toContain('17,00 zł');
    expect(text).toMatch(new RegExp(`2\\. do ${due.replace(/\./g, '\\.')} Dostarcz brakujący dokument: Dowód uiszczenia opłaty skarbowej`));
    expect(text).toMatch(/3\. do \d\d\.\d\d\.\d{4} r\. Najpóźniejszy termin załatwienia sprawy/);
    expect(text).toContain('PESEL 02•••••••24');
    expect(text).not.toContain('02270803624');
  });

  test('after a restart the case is found without diacritics', async () => {
    await browser.close();
    await app.stop();
    app = await startApp(app.dataDir);
    browser = await launch();
    page = await open(browser, app);
    await signIn(page, 'Jan Nowak', 'okienko');
    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe('Jan Nowak');
    await page.keyboard.press('Alt+2');
    await page.getByTestId('case-search').fill('lucja zolkiewska');
    await expect.poll(() => page.getByTestId('case-row').allTextContents()).toEqual([expect.stringContaining(sign)]);
    const row = await page.getByTestId('case-row').textContent();
    expect(row).toContain('02•••••••24');
    expect(row).not.toContain('02270803624');
    await page.getByTestId('case-search').press('Enter');
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('wezwano do uzupełnienia braków');
    await page.screenshot({ path: artifact('case-view.png'), fullPage: true });
  });
});
