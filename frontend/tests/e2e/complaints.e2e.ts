// Issue 14 part 2, the register of complaints and motions (dział VIII KPA;
// Kielce IV.1, Płock VII, Gostynin 20–21): a complaint about another body
// is forwarded with the printed notice to the complainant (art. 231 KPA);
// a complaint about a clerk goes to his superior only, who signs in to
// answer it (art. 227, 229);
// an answer missing an element of art. 238 (the art. 239 note of an
// unjustified complaint) is refused, naming it, with nothing typed lost,
// then printed; the 7-day clock shows in "Dziś"; the year's register prints.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, open, printoutPDF, printoutText, signIn, startApp, type App } from './harness';

let app: App;
let browser: Browser;
let page: Page;

const shots = join(__dirname, '../../../build/screenshots');
const shot = (name: string) => join(shots, `complaints-${name}.png`);
const flat = (s: string) => s.split(/\s+/).filter(Boolean).join(' ');

/** The office's day (Europe/Warsaw) as YYYY-MM-DD, shifted by days. */
function officeDay(days = 0): string {
  const f = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' });
  return f.format(new Date(Date.now() + days * 86_400_000));
}

/** Renders a printout's first page for a person to look at. */
async function render(path: string, name: string): Promise<void> {
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', '-', join(shots, `complaints-${name}`)], {
    input: await printoutPDF(page, path),
  });
}

/** The path of the printout made after prev (the e2e build opens no viewer). */
async function printed(prev: string): Promise<string> {
  const path = () => page.getByTestId('complaint-notice').getAttribute('data-path');
  try {
    await expect.poll(async () => ((await page.getByTestId('complaint-notice').count()) ? await path() : ''), { timeout: 30_000 }).not.toBe(prev);
  } catch (e) {
    await page.screenshot({ path: join(shots, 'complaints-debug.png'), fullPage: true });
    throw e;
  }
  return (await path()) ?? '';
}

let prev = '';

async function newEntry(fill: () => Promise<void>): Promise<void> {
  await page.getByTestId('complaint-new').click();
  await page.getByTestId('complaint-form').waitFor();
  await fill();
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  app = await startApp();
  browser = await launch();
  page = await open(browser, app);
  await signIn(page, 'Anna Kowalska', 'okienko');
  await page.getByTestId('user-name').waitFor();
  await page.locator('.nav-item', { hasText: 'Skargi i wnioski' }).click();
  await page.getByTestId('complaints-view').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test('a complaint about another body is forwarded with its printed notice', async () => {
  await newEntry(async () => {
    await page.getByTestId('complaint-channel').selectOption('post');
    await page.getByTestId('complaint-received').fill(officeDay(-2));
    await page.getByTestId('complaint-name').fill('Piotr Lis');
    await page.getByTestId('complaint-address').fill('ul. Krótka 2, 09-500 Gostynin');
    await page.getByTestId('complaint-subject').fill('Stan drogi powiatowej nr 2910W');
    await page.getByTestId('complaint-summary').fill('Dziury w jezdni na odcinku przy szkole.');
    await page.getByTestId('complaint-competent').uncheck();
    await page.getByTestId('complaint-forward-to').fill('Zarząd Powiatu Gostynińskiego');
  });
  await page.screenshot({ path: shot('form'), fullPage: true });
  await page.getByTestId('complaint-save').click();
  const detail = page.getByTestId('complaint-detail');
  await detail.waitFor();
  expect(await page.getByTestId('complaint-clock').textContent()).toContain('przekazać do');
  await page.screenshot({ path: shot('detail'), fullPage: true });
  await page.getByTestId('complaint-forward').click();
  const path = (prev = await printed(prev));
  await expect.poll(() => page.getByTestId('complaint-status').textContent(), { timeout: 30_000 }).toBe('Przekazana według właściwości');
  const text = flat(await printoutText(page, path));
  for (const want of ['Zawiadomienie o przekazaniu skargi według właściwości', 'Piotr Lis', 'ul. Krótka 2, 09-500 Gostynin',
    'Stan drogi powiatowej nr 2910W', 'organowi właściwemu: Zarząd Powiatu Gostynińskiego', 'art. 231']) {
    expect(text).toContain(want);
  }
  await render(path, 'notice-pdf');
  await page.screenshot({ path: shot('forwarded'), fullPage: true });
});

test('the 7-day forwarding clock shows in Dziś', async () => {
  await newEntry(async () => {
    await page.getByTestId('complaint-received').fill(officeDay(-6));
    await page.getByTestId('complaint-name').fill('Maria Kruk');
    await page.getByTestId('complaint-address').fill('ul. Długa 9, 99-300 Przykładowo');
    await page.getByTestId('complaint-subject').fill('Odbiór odpadów przez związek międzygminny');
    await page.getByTestId('complaint-competent').uncheck();
    await page.getByTestId('complaint-forward-to').fill('Związek Międzygminny „Czyste Środowisko”');
  });
  await page.getByTestId('complaint-save').click();
  await page.getByTestId('complaint-detail').waitFor();
  await page.keyboard.press('Alt+1');
  const line = page.locator('[data-testid="today-line"][data-kind="complaint"]');
  await line.first().waitFor();
  expect(await line.first().textContent()).toContain('Odbiór odpadów');
  await page.screenshot({ path: shot('today'), fullPage: true });
  await line.first().click();
  await page.getByTestId('complaints-view').waitFor();
});

test('a complaint about a clerk: not given to the clerk; its answer put off with an art. 36 notice; an answer without art. 238 elements refused, then printed', async () => {
  await newEntry(async () => {
    await page.getByTestId('complaint-received').fill(officeDay(0));
    await page.getByTestId('complaint-name').fill('Zofia Wróblewska');
    await page.getByTestId('complaint-address').fill('ul. Lipowa 7, 99-300 Przykładowo');
    await page.getByTestId('complaint-subject').fill('Niegrzeczna obsługa przy wydaniu dowodu osobistego');
    await page.getByTestId('complaint-concerns').selectOption({ label: 'Jan Nowak' });
  });
  await page.getByTestId('complaint-save').click();
  await page.getByTestId('complaint-detail').waitFor();
  // Its superior considers it (art. 229): the head of his unit, or the
  // office's administrator, is all the list offers; not the clerk it is
  // about, nor a colleague, nor another unit's head, nor the registering
  // clerk of the counter.
  expect(await page.getByTestId('complaint-suggested').textContent()).toContain('Katarzyna Zielińska');
  const offered = await page.getByTestId('complaint-handto').locator('option').allTextContents();
  expect(offered.sort()).toEqual(['Katarzyna Zielińska', 'Tomasz Wiśniewski']);
  // The counter's clerk neither forwards nor answers it: the forms are not
  // hers, and the detail says whose they are.
  expect(await page.getByTestId('complaint-not-yours').textContent()).toContain('Skargę rozpatruje Katarzyna Zielińska');
  expect(await page.getByTestId('complaint-answer-form').count()).toBe(0);
  await page.screenshot({ path: shot('assign-superiors'), fullPage: true });

  // The counter's clerk hands it on; the head of the unit signs in to
  // consider it.
  await page.getByTestId('lock-button').click();
  await page.getByRole('button', { name: 'Zmień użytkownika' }).click();
  await signIn(page, 'Katarzyna Zielińska', 'okienko');
  await page.getByTestId('user-name').waitFor();
  await page.locator('.nav-item', { hasText: 'Skargi i wnioski' }).click();
  await page.getByTestId('complaints-view').waitFor();
  await page.getByTestId('complaint-row').filter({ hasText: 'Niegrzeczna obsługa' }).getByTestId('complaint-open').click();
  await page.getByTestId('complaint-detail').waitFor();

  // The answer cannot be given within the month (art. 237 § 1): a new date
  // with its reason goes in the register, and the art. 36 notice prints.
  await page.getByTestId('complaint-ext-due').fill(officeDay(45));
  await page.getByTestId('complaint-ext-reason').fill('Potrzebne są wyjaśnienia świadków, którzy wrócą z urlopu.');
  await page.getByTestId('complaint-extend').click();
  await page.getByTestId('complaint-print-extension').click();
  const notice = (prev = await printed(prev));
  const ntext = flat(await printoutText(page, notice));
  for (const want of ['Zawiadomienie o niezałatwieniu sprawy w terminie', 'Zofia Wróblewska', 'Przyczyna zwłoki: Potrzebne są wyjaśnienia świadków',
    'art. 36 § 1 w związku z art. 237 § 4', 'ponaglenia']) {
    expect(ntext).toContain(want);
  }

  await page.getByTestId('complaint-outcome').selectOption('unjustified');
  await page.getByTestId('complaint-a-body').fill('Wójt Gminy Przykładowo');
  await page.getByTestId('complaint-a-text').fill('Skargę rozpatrzono po wysłuchaniu pracownika i świadków.');
  await page.getByTestId('complaint-a-fact').fill('Z wyjaśnień pracownika i relacji dwóch osób z poczekalni wynika, że obsługa przebiegła uprzejmie.');
  await page.getByTestId('complaint-a-law').fill('Art. 227 i art. 229 pkt 3 Kodeksu postępowania administracyjnego.');
  await page.getByTestId('complaint-a-repeat').fill('');
  await page.getByTestId('complaint-answer').click();
  await expect.poll(() => page.getByTestId('error').textContent(), { timeout: 30_000 }).toContain('pouczenia o ponowieniu skargi (art. 239 KPA)');
  // Nothing typed is lost, nothing is recorded.
  expect(await page.getByTestId('complaint-a-fact').inputValue()).toContain('obsługa przebiegła uprzejmie');
  expect(await page.getByTestId('complaint-status').textContent()).toBe('W rozpatrzeniu');
  await page.screenshot({ path: shot('answer-refused'), fullPage: true });

  await page.getByTestId('complaint-a-repeat').fill(
    'W przypadku ponowienia skargi bez wskazania nowych okoliczności organ może podtrzymać swoje stanowisko z adnotacją w aktach sprawy, bez zawiadamiania skarżącego (art. 239 § 1 KPA).',
  );
  await page.getByTestId('complaint-answer').click();
  const path = (prev = await printed(prev));
  await expect.poll(() => page.getByTestId('complaint-status').textContent(), { timeout: 30_000 }).toBe('Niezasadna');
  const text = flat(await printoutText(page, path));
  for (const want of ['Zawiadomienie o sposobie załatwienia skargi', 'Wójt Gminy Przykładowo', 'Skargę uznano za niezasadną',
    'Uzasadnienie faktyczne', 'Uzasadnienie prawne', 'Pouczenie', 'art. 239 § 1 KPA', 'Katarzyna Zielińska', 'Zofia Wróblewska']) {
    expect(text).toContain(want);
  }
  await render(path, 'answer-pdf');
  await page.screenshot({ path: shot('answered'), fullPage: true });
});

test('the year register lists every entry and prints', async () => {
  await newEntry(async () => {
    await page.getByTestId('complaint-kind').selectOption('remark');
    await page.getByTestId('complaint-anonymous').check();
    await page.getByTestId('complaint-subject').fill('Za mało krzeseł w poczekalni');
  });
  await page.getByTestId('complaint-save').click();
  await page.getByTestId('complaint-detail').waitFor();
  await page.getByTestId('complaints-show-year').click();
  await expect.poll(() => page.getByTestId('complaint-row').count(), { timeout: 30_000 }).toBe(4);
  await page.screenshot({ path: shot('register'), fullPage: true });
  await page.getByTestId('complaint-print-register').click();
  const path = (prev = await printed(prev));
  const text = flat(await printoutText(page, path));
  for (const want of ['Rejestr skarg i wniosków', 'Piotr Lis', 'Zarząd Powiatu Gostynińskiego', 'Niezasadna', 'bez danych osobowych', 'Za mało krzeseł']) {
    expect(text).toContain(want);
  }
  await render(path, 'register-pdf');
});

test('a complaint in Ukrainian: the language chosen at registration, its notice printed in it', async () => {
  await newEntry(async () => {
    await page.getByTestId('complaint-channel').selectOption('post');
    await page.getByTestId('complaint-received').fill(officeDay(-1));
    await page.getByTestId('complaint-name').fill('Olena Kovalenko');
    await page.getByTestId('complaint-address').fill('ul. Lipowa 7, 09-500 Gostynin');
    await page.getByTestId('complaint-subject').fill('Oświetlenie ulicy Lipowej');
    expect(await page.getByTestId('complaint-lang').inputValue()).toBe('pl'); // as the case intake starts a client
    await page.getByTestId('complaint-lang').selectOption('uk');
    await page.getByTestId('complaint-competent').uncheck();
    await page.getByTestId('complaint-forward-to').fill('Zarząd Dróg Powiatowych w Gostyninie');
  });
  await page.screenshot({ path: shot('form-uk'), fullPage: true });
  await page.getByTestId('complaint-save').click();
  await page.getByTestId('complaint-detail').waitFor();
  expect(await page.getByTestId('complaint-lang-shown').textContent()).toContain('українська');
  await page.getByTestId('complaint-forward').click();
  const path = (prev = await printed(prev));
  const text = flat(await printoutText(page, path));
  for (const want of ['Повідомлення про передачу за компетенцією', 'Olena Kovalenko', 'Oświetlenie ulicy Lipowej',
    'компетентному органу: Zarząd Dróg Powiatowych w Gostyninie', 'ст. 231']) {
    expect(text).toContain(want);
  }
  expect(text).not.toContain('Uprzejmie zawiadamiam');
  await render(path, 'notice-uk-pdf');
});
