// Issue 13, part 6 end to end: a card says what identifies its client. A
// complaint's form shows no PESEL field and registers a client with a name
// and an address only; its receipt carries the RODO notice filled from the
// office and the card. A card that needs a PESEL still shows the field and
// refuses a person without one.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifact, demoCatalogue, launch, open, signIn, startApp, type App, printoutText } from './harness';

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

/** The text of a printout, read through the app (printouts are sealed on disk). */
async function pdfText(page: Page, path: string): Promise<string> {
  return (await printoutText(page, path)).replace(/\s+/g, ' ');
}

interface Schema {
  properties: Record<string, { type?: string; enum?: string[] }>;
}

async function pickService(query: string, title: string): Promise<void> {
  await page.keyboard.press('Alt+3');
  // After a registration the clerk moves on to the next client (Esc).
  if (await page.getByTestId('registered').count()) await page.keyboard.press('Escape');
  const search = page.getByTestId('service-search');
  await search.fill(query);
  await expect.poll(() => page.getByTestId('service-option').first().textContent()).toContain(title);
  await search.press('Enter');
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
}

describe('data minimisation per card', () => {
  test("a complaint's form asks no PESEL and registers without one", async () => {
    await pickService('skarga', 'Skarga lub wniosek (dział VIII KPA)');
    await expect.poll(() => page.getByTestId('client-firstName').isVisible()).toBe(true);
    expect(await page.getByTestId('client-pesel').count()).toBe(0);
    expect(await page.getByTestId('client-birthDate').count()).toBe(0);
    expect(await page.getByTestId('identifiers-note').textContent()).toContain('nie wymaga numeru PESEL');
    await page.getByTestId('client-firstName').fill('Halina');
    await page.getByTestId('client-lastName').fill('Wróblewska');
    await page.getByTestId('client-street').fill('ul. Lipowa');
    await page.getByTestId('client-houseNo').fill('7');
    await page.getByTestId('client-postalCode').fill('99-300');
    await page.getByTestId('client-city').fill('Przykładowo');
    await expect.poll(() => page.locator('.form-field.has-problem').count()).toBe(0);
    await page.screenshot({ path: artifact('minimisation-complaint-client.png'), fullPage: true });
    await page.getByTestId('next-step').click();

    const card = demoCatalogue().cards.find((c) => c.code === 'skarga')! as unknown as {
      form: { schema: Schema; ui: { order: string[]; fields: Record<string, { example: unknown; when?: unknown }> } };
    };
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
    // Fields shown by an answer (the e-mail for an answer by e-mail) come last.
    for (const name of card.form.ui.order) {
      if (!card.form.ui.fields[name].when) continue;
      const input = page.locator(`[data-field="${name}"]`).locator('input, textarea').first();
      if ((await input.count()) && (await input.inputValue()) === '') await input.fill(String(card.form.ui.fields[name].example));
    }
    await page.waitForTimeout(400);
    await expect.poll(() => page.locator('[data-field] .field-problem').allTextContents()).toEqual([]);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByRole('heading', { name: 'Dokumenty' }).isVisible()).toBe(true);
    const rows = page.getByTestId('doc-row');
    for (let i = 0; i < (await rows.count()); i++) {
      const radios = rows.nth(i).locator('input[type=radio][value=original], input[type=radio][value=presented]');
      if (await radios.count()) await radios.first().check();
    }
    await page.getByTestId('next-step').click();
    await expect.poll(() => page.getByTestId('register').isEnabled()).toBe(true);
    await page.getByTestId('register').click();
    await expect.poll(() => page.getByTestId('case-sign').textContent()).toMatch(/^OR\.1510\.\d+\.\d{4}$/);
    await page.screenshot({ path: artifact('minimisation-complaint-done.png'), fullPage: true });
    const receipt = await pdfText(page, (await page.getByTestId('receipt-path').locator('code').textContent())!);
    expect(receipt).not.toContain('PESEL •');
    // The RODO notice: the controller, the IOD, the purpose and basis from
    // the card, retention from its category, the rights with art. 21.
    for (const s of ['Administratorem Twoich danych osobowych jest Urząd Gminy Przykładowo', 'inspektorem ochrony danych',
      'art. 6 ust. 1 lit. c RODO', 'wieczyście', 'art. 21 RODO', 'Prezesa Urzędu Ochrony Danych Osobowych']) {
      expect(receipt).toContain(s);
    }
  });

  test('a card that needs a PESEL shows the field and refuses a person without it', async () => {
    await pickService('zaswiadczenie o zameldowaniu', 'Zaświadczenie o zameldowaniu');
    await expect.poll(() => page.getByTestId('client-pesel').isVisible()).toBe(true);
    expect(await page.getByTestId('identifiers-note').count()).toBe(0);
    await page.getByTestId('client-firstName').fill('Halina');
    await page.getByTestId('client-lastName').fill('Wróblewska');
    await page.getByTestId('client-city').fill('Przykładowo');
    await page.getByTestId('client-pesel').focus();
    await page.getByTestId('client-pesel').blur();
    await expect.poll(() => page.locator('.form-field.has-problem').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('PESEL')]),
    );
    await page.screenshot({ path: artifact('minimisation-pesel-card.png'), fullPage: true });
  });

  test("the Urząd screen shows the data protection officer's contact", async () => {
    await page.keyboard.press('Alt+8');
    await expect.poll(() => page.getByTestId('office-iod').textContent()).toContain('iod@przykladowo.example.pl');
    expect(await page.getByTestId('office-iod').textContent()).toContain('Marta Przykładowa');
    await page.screenshot({ path: artifact('minimisation-office-iod.png') });
  });
});
