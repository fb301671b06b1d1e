// Whole clerk flows shared by end-to-end tests.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { demoCatalogue } from './harness';

interface Schema {
  properties: Record<string, { type?: string; enum?: string[] }>;
}

export interface Person {
  firstName: string;
  lastName: string;
  pesel: string;
  birthDate: string;
  phone: string;
}

/**
 * Registers "Zaświadczenie o zameldowaniu" for a person with every
 * document brought, and returns the case sign the screen shows. The
 * identity document is valid until validUntil (YYYY-MM-DD, as a date
 * input takes it).
 */
export async function registerCertificate(
  page: Page,
  p: Person,
  validUntil = '2031-01-01',
  beforeRegister?: (page: Page) => Promise<void>,
): Promise<string> {
  await page.keyboard.press('Alt+3');
  const search = page.getByTestId('service-search');
  // Filled again on each try: the view may still be resetting after the
  // previous client when the keys arrive.
  await expect
    .poll(async () => {
      if ((await search.inputValue()) !== 'zaswiadczenie o zameldowaniu') await search.fill('zaswiadczenie o zameldowaniu');
      return page.getByTestId('service-option').first().textContent();
    })
    .toContain('Zaświadczenie o zameldowaniu');
  await search.press('Enter');
  await page.getByTestId('client-firstName').fill(p.firstName);
  await page.getByTestId('client-lastName').fill(p.lastName);
  await page.getByTestId('client-pesel').fill(p.pesel);
  await page.getByTestId('client-birthDate').fill(p.birthDate);
  await page.getByTestId('client-street').fill('ul. Polna');
  await page.getByTestId('client-houseNo').fill('3');
  await page.getByTestId('client-postalCode').fill('99-300');
  await page.getByTestId('client-city').fill('Przykładowo');
  await page.getByTestId('client-phone').fill(p.phone);
  await expect.poll(() => page.locator('.form-field.has-problem').count()).toBe(0);
  await page.getByTestId('next-step').click();

  const card = demoCatalogue().cards.find((c) => c.code === 'zaswiadczenie-o-zameldowaniu')! as unknown as {
    form: { schema: Schema; ui: { order: string[]; fields: Record<string, { example: unknown; when?: unknown }> } };
  };
  await expect.poll(() => page.locator('[data-field="pesel"] input').inputValue()).toBe(p.pesel);
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
  await expect.poll(() => page.getByTestId('form-problems').count()).toBe(0);
  await page.keyboard.press('Control+Enter');
  await expect.poll(() => page.getByRole('heading', { name: 'Dokumenty' }).isVisible()).toBe(true);

  // Rows by their document, not their place: the check of the form's
  // answers may still add or drop a conditional document under the test
  // (a loaded CI machine re-rendered a row between the click and the read).
  const docs = await page.getByTestId('doc-row').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-doc') ?? ''));
  for (const doc of docs) {
    const row = page.locator(`[data-testid="doc-row"][data-doc="${doc}"]`);
    if (!(await row.count())) continue; // no longer applies
    const mark = row.locator(`input[type=radio][value=${doc === 'dokument-tozsamosci' ? 'presented' : 'original'}]`);
    for (let attempt = 0; attempt < 10 && !(await mark.isChecked()); attempt++) {
      await mark.check({ timeout: 5000 }).catch(() => page.waitForTimeout(300));
    }
    expect(await mark.isChecked()).toBe(true);
    if (doc === 'dokument-tozsamosci') {
      await row.getByLabel('Numer dokumentu').fill('ABS123456');
      await row.getByLabel('Ważny do').fill(validUntil);
    }
  }
  await page.getByTestId('next-step').click();
  if (beforeRegister) await beforeRegister(page);
  await expect.poll(() => page.getByTestId('register').isEnabled()).toBe(true);
  await page.getByTestId('register').click();
  await expect.poll(() => page.getByTestId('case-sign').textContent()).toMatch(/^SO\.5352\./);
  return (await page.getByTestId('case-sign').textContent())!;
}

/** Opens a case from the case list by a search for the client's name. */
export async function openCase(page: Page, text: string, sign: string): Promise<void> {
  await page.keyboard.press('Alt+2');
  if (await page.getByTestId('case-view').isVisible()) await page.keyboard.press('Escape');
  await page.getByTestId('case-status-filter').selectOption(''); // settled ones too
  await page.getByTestId('case-search').fill(text);
  await expect.poll(() => page.getByTestId('case-row').allTextContents(), { timeout: 30_000 }).toEqual([expect.stringContaining(sign)]);
  await page.getByTestId('case-search').press('Enter');
  await expect.poll(() => page.getByTestId('case-view-sign').textContent()).toBe(sign);
}

/** After enrolment the device's recovery code is shown once: print it (the viewer is not opened in tests), then go on. */
export async function keepRecoveryCode(page: Page): Promise<void> {
  await page.getByTestId('recovery-print').click({ timeout: 60_000 });
  await page.getByTestId('recovery-done').click();
}
