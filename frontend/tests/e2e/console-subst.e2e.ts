// Zastępstwa (issue 15, Urząd i ludzie), end to end on a real `registry
// serve` in headless Chromium and the desktop app: the head of SO enters
// a period of absence for a person of their unit in a form (the stand-in
// proposed from the person's standing substitute), an overlapping period
// is refused in words, the list reads in English too; a laptop
// enrolled to the office syncs and its Kto jest kim says until when the
// person is absent and who stands in. axe finds nothing serious.
// Screenshots: build/screenshots/console-substitutions.png, desktop-substitution.png.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, open, signIn, startApp, type App } from './harness';
import { keepRecoveryCode } from './flows';
import { startRegistry, type Registry } from './registry';
import { consoleAs, noSerious } from './consolekit';

let registry: Registry;
let browser: Browser;
let app: App;
let desk: Page;

const shots = new URL('../../../build/screenshots/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

/** The office's day n days from today: YYYY-MM-DD, and as Polish writes it (04.12.2026). */
function officeDay(n: number): { iso: string; pl: string } {
  const iso = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Warsaw' }).format(new Date(Date.now() + n * 86_400_000));
  const [y, m, d] = iso.split('-');
  return { iso, pl: `${d}.${m}.${y}` };
}

beforeAll(async () => {
  registry = await startRegistry();
  app = await startApp(undefined, ['--no-demo']);
  browser = await launch();
  desk = await open(browser, app);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([app?.stop(), registry?.stop()]);
});

describe('Zastępstwa', () => {
  test('the head of SO enters a period of absence; an overlapping one is refused', async () => {
    const p = await consoleAs(browser, registry.url, 'kzielinska');
    await p.getByRole('link', { name: 'Urząd i ludzie' }).click();
    await p.getByRole('heading', { name: 'Zastępstwa' }).waitFor();
    await p.getByTestId('subst-add').click();
    const form = p.getByTestId('subst-form');
    await form.waitFor();
    // Only the head's own unit's people may be chosen as absent.
    const absent = await p.getByTestId('subst-absent').locator('option').allTextContents();
    expect(absent).toContain('Jan Nowak');
    expect(absent).not.toContain('Piotr Lewandowski');
    await p.getByTestId('subst-absent').selectOption({ label: 'Jan Nowak' });
    // His standing substitute is proposed as the stand-in.
    await expect.poll(() => p.getByTestId('subst-standin').inputValue()).not.toBe('');
    expect(await form.textContent()).toContain('Stały zastępca tej osoby to: Katarzyna Zielińska.');
    await p.getByTestId('subst-from').fill(officeDay(0).iso);
    await p.getByTestId('subst-to').fill(officeDay(4).iso);
    await p.getByTestId('subst-reason').selectOption({ label: 'urlop' });
    // Only the kind of absence, never its cause.
    expect(await form.textContent()).toContain('nigdy jej przyczyna');
    await noSerious(p, 'a substitution form');
    await p.getByTestId('subst-save').click();
    await expect.poll(() => p.getByTestId('subst-status').textContent()).toContain('Zastępstwo zapisane');
    const row = p.getByTestId('subst-row').filter({ hasText: 'Jan Nowak' });
    expect(await row.textContent()).toContain(`od ${officeDay(0).pl} do ${officeDay(4).pl}`);
    expect(await row.textContent()).toContain('Katarzyna Zielińska');
    expect(await row.textContent()).toContain('trwa');

    // Another period of his that overlaps: refused, saying which.
    await p.getByTestId('subst-add').click();
    await p.getByTestId('subst-absent').selectOption({ label: 'Jan Nowak' });
    await p.getByTestId('subst-from').fill(officeDay(3).iso);
    await p.getByTestId('subst-to').fill(officeDay(8).iso);
    await p.getByTestId('subst-reason').selectOption({ label: 'delegacja' });
    await p.getByTestId('subst-save').click();
    await expect.poll(() => p.getByTestId('subst-problems').textContent()).toContain(
      `Ta osoba ma już zapisaną nieobecność od ${officeDay(0).pl} do ${officeDay(4).pl}`,
    );
    await noSerious(p, 'a refused substitution');
    await p.screenshot({ path: join(shots, 'console-substitutions.png'), fullPage: true });
    await p.getByRole('button', { name: 'Anuluj', exact: true }).click();

    // In English, the same list in English.
    await p.getByLabel('Język').selectOption('en');
    await expect.poll(() => p.getByRole('heading', { name: 'Substitutions' }).count()).toBe(1);
    expect(await row.textContent()).toContain('leave');
    await p.getByLabel('Language').selectOption('pl');
    await p.context().close();

  }, 180_000);

  test('a laptop of the office shows in Kto jest kim who stands in for the absent person today', async () => {
    await desk.getByTestId('enroll-url').fill(registry.url);
    await desk.getByTestId('enroll-code').fill(registry.enrolmentCode('Laptop SO'));
    await desk.getByTestId('enroll-submit').click();
    await keepRecoveryCode(desk);
    await expect.poll(() => desk.getByRole('radio', { name: /Katarzyna Zielińska/ }).count(), { timeout: 60_000 }).toBe(1);
    await signIn(desk, 'Katarzyna Zielińska', 'okienko');
    await expect.poll(() => desk.getByTestId('user-name').textContent(), { timeout: 150_000 }).toBe('Katarzyna Zielińska');
    await desk.keyboard.press('Alt+8');
    await desk.getByRole('heading', { name: 'Urząd i pracownicy' }).waitFor();
    const nowak = desk.getByTestId('staff-row').filter({ has: desk.locator('strong', { hasText: 'Jan Nowak' }) });
    await expect.poll(() => nowak.getByTestId('staff-absence').textContent(), { timeout: 60_000 }).toBe(
      `Nieobecny/a do ${officeDay(4).pl}\u00a0r.; zastępuje: Katarzyna Zielińska.`,
    );
    // Found by name, the row says it beside him; the stand-in herself is present.
    await desk.getByRole('searchbox').fill('nowak');
    await expect.poll(() => desk.getByTestId('staff-row').count()).toBe(1);
    expect(await nowak.textContent()).toContain('zastępuje: Katarzyna Zielińska');
    // Nobody said anything of his desk today: the period says away all day.
    await expect.poll(() => nowak.getByTestId('presence-state').textContent()).toBe('Nieobecny/a przez cały dzień (zastępstwo)');
    await desk.screenshot({ path: join(shots, 'desktop-substitution.png') });
  }, 300_000);
});
