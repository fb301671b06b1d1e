// Every screen and state the accessibility walk (a11y.e2e.ts) visits, in
// one list. Each entry brings the app, signed in, from wherever the
// previous one left it to its state and waits for it; the walk then runs
// axe, the accessible-name and focus checks on it, in every variant (plain,
// forced colours, 200 % zoom, 150 % text). A new screen adds its entry
// here (areas past Alt+9 by navTo, as the registers' entries do).
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
  await page.getByTestId('user-name').waitFor({ timeout: 60_000 }); // Argon2id on a loaded machine
}

/** Closes whatever dialog is open and goes to an area by its shortcut. */
export async function area(page: Page, key: string, ready?: string): Promise<void> {
  await closeDialogs(page);
  await page.keyboard.press(key);
  if (ready) await page.getByTestId(ready).first().waitFor();
  await page.waitForTimeout(200); // the backend's answers land
}

export async function closeDialogs(page: Page): Promise<void> {
  // The survey turned to the client swallows Esc: only "back to the clerk"
  // leaves it, and it locks the app (the clerk's password unlocks it).
  if (await page.getByTestId('client-survey').count()) {
    await page.getByTestId('cs-back').click();
    await page.getByTestId('lock-screen').waitFor();
    await unlockIfLocked(page);
  }
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

/** Goes to an area past Alt+9 (Wizyty domowe and after) by its button in the navigation. */
export async function navTo(page: Page, label: string, ready: string): Promise<void> {
  await closeDialogs(page);
  await page.locator('nav.sidebar').getByRole('button', { name: label, exact: true }).click();
  await page.getByTestId(ready).first().waitFor();
  await page.waitForTimeout(200); // the backend's answers land
}

/** The office's day (Europe/Warsaw) as YYYY-MM-DD: never the machine's. */
function officeDay(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/**
 * The screens of issue 14's registers: Wizyty domowe (request form with its
 * problems, list, the head's assign form, the official's report form, the
 * register of authorizations), Skargi i wnioski (form with problems, list,
 * entry), Korespondencja (form, list, answer form), Ankieta (results, paper
 * form, the screen turned to the client) and Raport z monitoringu. Each
 * entry makes what it shows the first time (a visit, a complaint, a letter)
 * and finds it again in the later variants.
 */
const registers: Screen[] = [
  {
    name: 'visit-form-errors',
    visit: async (p) => {
      await putAway(p); // the registers hide their lists while a client's case is open
      await navTo(p, 'Wizyty domowe', 'visits-view');
      await p.getByTestId('visits-tab-open').click();
      if (!(await p.getByTestId('visit-form').count())) await p.getByTestId('visit-new').click();
      await p.getByTestId('visit-form').waitFor();
      await p.getByTestId('visit-save').click();
      await p.getByRole('alert').first().waitFor();
    },
  },
  {
    name: 'visits',
    visit: async (p) => {
      if (!(await p.getByTestId('visit-row').count())) {
        await p.getByTestId('visit-channel').selectOption('phone');
        await p.getByTestId('visit-requester').fill('Maria Łęcka (córka)');
        await p.getByTestId('visit-client').fill('Józef Łęcki');
        await p.getByTestId('visit-address').fill('ul. Długa 5/2, 99-300 Przykładowo');
        await p.getByTestId('visit-phone').fill('600 100 200');
        await p.getByTestId('visit-unit').selectOption({ label: 'Referat Spraw Obywatelskich' });
        await p.getByTestId('visit-card').selectOption({ index: 1 });
        await p.getByTestId('visit-matter').fill('Wymiana dowodu osobistego');
        await p.getByTestId('visit-reason').fill('Leżący po operacji biodra');
        await p.getByTestId('visit-save').click();
      } else if (await p.getByTestId('visit-form').count()) {
        await p.keyboard.press('Escape');
      }
      await p.getByTestId('visit-row').first().waitFor();
      await expect.poll(() => p.getByTestId('visit-form').count()).toBe(0);
    },
  },
  {
    name: 'visit-assign',
    visit: async (p) => {
      await p.getByTestId('visit-open').first().click();
      await p.getByTestId('visit-detail').waitFor();
      await p.getByTestId('visit-assign-form').waitFor();
    },
  },
  {
    name: 'visit-report-form',
    visit: async (p) => {
      if (!(await p.getByTestId('visit-report-form').count())) {
        await p.getByTestId('visit-assignee').selectOption({ label: 'Jan Nowak' });
        await p.getByTestId('visit-assign').click();
        await p.getByTestId('visit-report-form').waitFor();
      }
      if (!(await p.getByTestId('visit-auth').count())) {
        const day = await p.getByTestId('visit-day').inputValue();
        await p.getByTestId('visit-valid-from').fill(officeDay());
        await p.getByTestId('visit-valid-until').fill(day);
        await p.getByTestId('visit-issue').click();
        await p.getByTestId('visit-auth').first().waitFor();
      }
      await p.getByTestId('visit-report-form').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'visits-register',
    visit: async (p) => {
      await navTo(p, 'Wizyty domowe', 'visits-view');
      await p.getByTestId('visits-tab-register').click();
      await p.getByTestId('visit-auth-row').first().waitFor();
    },
  },
  {
    name: 'complaint-form-errors',
    visit: async (p) => {
      await navTo(p, 'Skargi i wnioski', 'complaints-view');
      if (!(await p.getByTestId('complaint-form').count())) await p.getByTestId('complaint-new').click();
      await p.getByTestId('complaint-form').waitFor();
      await p.getByTestId('complaint-save').click();
      await p.getByRole('alert').first().waitFor();
    },
  },
  {
    name: 'complaints',
    visit: async (p) => {
      if (!(await p.getByTestId('complaint-row').count())) {
        await p.getByTestId('complaint-name').fill('Zofia Wiśniewska');
        await p.getByTestId('complaint-address').fill('ul. Kwiatowa 7, 99-300 Przykładowo');
        await p.getByTestId('complaint-subject').fill('Długie oczekiwanie na zaświadczenie');
        await p.getByTestId('complaint-summary').fill('Na zaświadczenie o zameldowaniu czekałam trzy tygodnie.');
        await p.getByTestId('complaint-save').click();
        await p.getByTestId('complaint-row').first().waitFor();
      }
      await closeDialogs(p);
      for (let i = 0; i < 2 && ((await p.getByTestId('complaint-form').count()) || (await p.getByTestId('complaint-detail').count())); i++) {
        await p.keyboard.press('Escape');
      }
      await expect.poll(() => p.getByTestId('complaint-detail').count()).toBe(0);
    },
  },
  {
    name: 'complaint-detail',
    visit: async (p) => {
      await p.getByTestId('complaint-open').first().click();
      await p.getByTestId('complaint-detail').waitFor();
    },
  },
  {
    name: 'letter-form',
    visit: async (p) => {
      await putAway(p);
      await navTo(p, 'Korespondencja', 'letters-view');
      if (!(await p.getByTestId('letter-form').count())) await p.getByTestId('letter-new').click();
      await p.getByTestId('letter-form').waitFor();
    },
  },
  {
    name: 'letters',
    visit: async (p) => {
      if (!(await p.getByTestId('letter-row').count())) {
        await p.getByTestId('letter-channel').selectOption('post');
        await p.getByTestId('letter-sender').fill('Jan Kowalski');
        await p.getByTestId('letter-address').fill('ul. Lipowa 1, 99-300 Przykładowo');
        await p.getByTestId('letter-subject').fill('Pytanie o godziny otwarcia urzędu');
        await p.getByTestId('letter-assignee').selectOption({ label: 'Jan Nowak' });
        await p.getByTestId('letter-save').click();
        await p.getByTestId('letter-row').first().waitFor();
      }
      if (await p.getByTestId('letter-form').count()) await p.keyboard.press('Escape');
      await expect.poll(() => p.getByTestId('letter-form').count()).toBe(0);
    },
  },
  {
    name: 'letter-answer-form',
    visit: async (p) => {
      if (!(await p.getByTestId('letter-answer-form').count())) await p.getByTestId('letter-answer').first().click();
      await p.getByTestId('letter-answer-form').waitFor();
    },
  },
  { name: 'survey', visit: (p) => navTo(p, 'Ankieta', 'survey-view') },
  {
    name: 'survey-paper',
    visit: async (p) => {
      if (!(await p.getByTestId('survey-paper-form').count())) await p.getByTestId('survey-paper').click();
      await p.getByTestId('survey-paper-form').waitFor();
      await p.getByTestId('paper-overall-4').click();
    },
  },
  {
    name: 'survey-client',
    visit: async (p) => {
      await p.getByTestId('survey-client-mode').click();
      await p.getByTestId('client-survey').waitFor();
      await p.getByTestId('cs-overall-5').check();
    },
  },
  {
    name: 'report',
    visit: async (p) => {
      await navTo(p, 'Raport z monitoringu', 'report-show');
      await p.getByTestId('report-show').click();
      await p.getByTestId('report-heading').waitFor({ timeout: 30_000 });
      await p.waitForTimeout(300); // the charts drawn
    },
  },
];

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
  ...registers,
];
