// Every screen and state the accessibility walk (a11y.e2e.ts) visits, in
// one list. Each entry brings the app, signed in, from wherever the
// previous one left it to its state and waits for it; the walk then runs
// axe, the accessible-name and focus checks on it, in every variant (plain,
// forced colours, 200 % zoom, 150 % text). A new screen adds its entry
// here (e.g. { name: 'visits', visit: (p) => area(p, 'Alt+N', 'visits-view') }).
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

export interface Screen {
  name: string;
  visit: (page: Page) => Promise<void>;
}

/** Unlocks the screen if it locked itself meanwhile (auto-lock after minutes of a long walk). */
export async function unlockIfLocked(page: Page): Promise<void> {
  if (!(await page.getByTestId('lock-screen').count())) return;
  await page.getByTestId('lock-screen').locator('input[type=password]').fill('okienko');
  await page.getByTestId('lock-screen').locator('input[type=password]').press('Enter');
  await page.getByTestId('user-name').waitFor({ timeout: 20_000 });
}

/** Closes whatever dialog is open and goes to an area by its shortcut. */
export async function area(page: Page, key: string, ready?: string): Promise<void> {
  await closeDialogs(page);
  await page.keyboard.press(key);
  if (ready) await page.getByTestId(ready).first().waitFor();
  await page.waitForTimeout(200); // the backend's answers land
}

export async function closeDialogs(page: Page): Promise<void> {
  for (let i = 0; i < 3 && (await page.locator('[role=dialog], [role=alertdialog]').count()) > 0; i++) {
    await page.keyboard.press('Escape');
    await page.waitForTimeout(100);
  }
}

/** Puts the open case and intake away, so no client guard stands in the way. */
export async function putAway(page: Page): Promise<void> {
  await closeDialogs(page);
  await page.keyboard.press('Alt+2');
  await page.waitForTimeout(150);
  if (await page.getByTestId('case-view').count()) await page.keyboard.press('Escape');
  await page.keyboard.press('Alt+3');
  await page.waitForTimeout(150);
  if (await page.getByTestId('discard').count()) {
    await page.getByTestId('discard').click();
    await page.getByTestId('discard-confirm').click();
  }
}

/** Starts an intake of "Zaświadczenie o zameldowaniu" (a fresh one). */
async function intake(page: Page): Promise<void> {
  await putAway(page);
  const search = page.getByTestId('service-search');
  await search.waitFor();
  await expect
    .poll(async () => {
      if ((await search.inputValue()) !== 'zaswiadczenie o zameldowaniu') await search.fill('zaswiadczenie o zameldowaniu');
      return page.getByTestId('service-option').count();
    })
    .toBeGreaterThan(0);
  await search.press('Enter');
  await page.getByTestId('client-pesel').waitFor();
}

export const screens: Screen[] = [
  { name: 'today', visit: (p) => area(p, 'Alt+1') },
  {
    name: 'cases',
    visit: async (p) => {
      await putAway(p);
      await area(p, 'Alt+2');
      await p.getByTestId('case-status-filter').selectOption('');
      await expect.poll(() => p.getByTestId('case-row').count()).toBeGreaterThan(0);
    },
  },
  {
    name: 'case',
    visit: async (p) => {
      await p.getByTestId('case-search').press('Enter');
      await p.getByTestId('case-view').waitFor();
    },
  },
  {
    name: 'new-services',
    visit: async (p) => {
      await putAway(p);
      await p.getByTestId('service-search').fill('');
      await expect.poll(() => p.getByTestId('service-option').count()).toBeGreaterThan(10);
    },
  },
  {
    name: 'intake-client-errors',
    visit: async (p) => {
      await intake(p);
      await p.getByTestId('client-pesel').fill('02270803625');
      await p.getByTestId('client-birthDate').fill('31.02.2001');
      await p.getByTestId('client-postalCode').fill('99300');
      await p.getByTestId('client-phone').fill('12');
      await expect.poll(() => p.locator('.form-field.has-problem').count()).toBeGreaterThan(1);
    },
  },
  {
    name: 'intake-form-errors',
    visit: async (p) => {
      await p.getByTestId('step-form').click();
      await p.locator('[data-field]').first().waitFor();
      // A field touched and left wrong shows its problem.
      const first = p.locator('[data-field] input[type=text], [data-field] textarea').first();
      if (await first.count()) {
        await first.fill('\u0007');
        await first.blur();
      }
      await p.waitForTimeout(400);
    },
  },
  {
    name: 'intake-documents',
    visit: async (p) => {
      await p.getByTestId('step-documents').click();
      await p.getByTestId('doc-row').first().waitFor();
      const id = p.locator('[data-doc="dokument-tozsamosci"]');
      if (await id.count()) {
        await id.locator('input[type=radio][value=presented]').check();
        await id.getByLabel('Ważny do').fill('2001-01-01'); // expired: a problem shown
        await id.getByLabel('Ważny do').blur();
      }
      await p.waitForTimeout(400);
    },
  },
  {
    name: 'intake-register',
    visit: async (p) => {
      await p.getByTestId('step-register').click();
      await p.getByTestId('register').waitFor();
    },
  },
  {
    name: 'intake-discard-dialog',
    visit: async (p) => {
      await p.getByTestId('discard').click();
      await p.getByTestId('discard-confirm').waitFor();
    },
  },
  {
    name: 'catalog',
    visit: async (p) => {
      await closeDialogs(p);
      await area(p, 'Alt+4');
      if (await p.getByTestId('card-view').count()) await p.keyboard.press('Escape');
      await p.getByTestId('catalog-search').fill('');
      await expect.poll(() => p.getByTestId('card-result').count()).toBeGreaterThan(10);
    },
  },
  {
    name: 'catalog-card',
    visit: async (p) => {
      await p.getByTestId('catalog-search').fill('zameldowaniu');
      await expect.poll(() => p.getByTestId('card-result').count()).toBeGreaterThan(0);
      await p.getByTestId('catalog-search').press('Enter');
      await p.getByTestId('card-title').waitFor();
    },
  },
  { name: 'queue', visit: (p) => area(p, 'Alt+5', 'queue-call-next') },
  { name: 'callbacks', visit: (p) => area(p, 'Alt+6', 'callbacks-view') },
  {
    name: 'callback-form-errors',
    visit: async (p) => {
      if (!(await p.getByTestId('callback-form').count())) await p.getByTestId('callback-new').click();
      await p.getByTestId('callback-form').waitFor();
      await p.getByTestId('callback-save').click();
      await p.waitForTimeout(400);
    },
  },
  { name: 'sync', visit: (p) => area(p, 'Alt+7') },
  { name: 'office', visit: (p) => area(p, 'Alt+8') },
  {
    name: 'office-audit',
    visit: async (p) => {
      await area(p, 'Alt+8');
      const tab = p.getByTestId('office-tab-audit');
      if (await tab.count()) await tab.click();
      await p.waitForTimeout(300);
    },
  },
  { name: 'settings', visit: (p) => area(p, 'Alt+9', 'printers-panel') },
  {
    name: 'help-dialog',
    visit: async (p) => {
      await closeDialogs(p);
      await p.keyboard.press('F1');
      await p.getByRole('dialog').waitFor();
    },
  },
  {
    name: 'printout-viewer',
    visit: async (p) => {
      await putAway(p);
      await area(p, 'Alt+2');
      await p.getByTestId('case-status-filter').selectOption('');
      await expect.poll(() => p.getByTestId('case-row').count()).toBeGreaterThan(0);
      await p.getByTestId('case-search').press('Enter');
      await p.getByTestId('case-view').waitFor();
      await p.getByRole('button', { name: 'Drukuj potwierdzenie' }).click();
      await p.getByTestId('show-printout').click();
      await p.getByTestId('printout-viewer').waitFor();
      await expect.poll(() => p.getByTestId('viewer-pages').locator('img').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    },
  },
];
