// Issue 16, part 5: WCAG 2.1 AA on every screen. The walk visits every
// screen and state of a11y-screens.ts in four variants (plain at 1366×768,
// Windows high contrast as forced-colors, 200 % zoom at 1366×768, i.e. a
// 683×384 CSS viewport, and the 150 % text of Ustawienia) and on each
// runs axe (0 serious or critical), checks that every control has an
// accessible name (Chromium's accessibility tree, as a screen reader reads
// it) and that the focus is visible on whatever Tab reaches. The flows a
// clerk does every day are then done with the keyboard alone: sign-in,
// choosing the printers, registering a case through the intake, printing
// it (part 4: on a fake CUPS printer on PATH, then on one that is off),
// issuing and calling a queue ticket; focus returns where it was after a
// dialog.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifact, launch, open, printoutPDF, startApp, type App } from './harness';
import { axeSerious, unnamedControls } from './scan';
import { closeDialogs, screens, unlockIfLocked } from './a11y-screens';

let app: App;
let browser: Browser;
let page: Page;
let printed: string;

/** lp and lpstat as CUPS's, writing each job to printed/<printer>-<n>.pdf; "Wylaczona" refuses. */
function fakeCUPS(): string {
  const bin = mkdtempSync(join(tmpdir(), 'okienko-a11y-bin-'));
  printed = mkdtempSync(join(tmpdir(), 'okienko-a11y-printed-'));
  writeFileSync(join(bin, 'lpstat'), `#!/bin/sh
case "$1" in
-e) printf 'Biuro_A4\\nBilety_80mm\\nWylaczona\\n' ;;
-d) echo "system default destination: Biuro_A4" ;;
esac
`);
  writeFileSync(join(bin, 'lp'), `#!/bin/sh
dest=""
while [ $# -gt 0 ]; do case "$1" in -d) dest="$2"; shift ;; esac; shift; done
if [ "$dest" = "Wylaczona" ]; then echo "lp: Printer Wylaczona is not accepting jobs" >&2; exit 1; fi
n=$(ls "${printed}" | wc -l)
cat > "${printed}/$dest-$n.pdf"
`);
  chmodSync(join(bin, 'lp'), 0o755);
  chmodSync(join(bin, 'lpstat'), 0o755);
  return bin;
}

beforeAll(async () => {
  const bin = fakeCUPS();
  const path = process.env.PATH;
  process.env.PATH = `${bin}:${path}`; // the app takes its environment from ours
  app = await startApp();
  process.env.PATH = path;
  browser = await launch();
  page = await open(browser, app);
  await page.setViewportSize({ width: 1366, height: 768 });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? '');

/** Presses Tab until the focus is on an element matching css: proves it is reachable by keyboard. */
async function tabTo(css: string, max = 150): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => !!document.activeElement?.matches(s), css)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${css} (last: ${await focused()})`);
}

/** Types into the focused field, replacing what it held. */
async function typeHere(text: string): Promise<void> {
  if (await page.evaluate(() => (document.activeElement as HTMLInputElement).type === 'date')) {
    await page.keyboard.type(text.replace(/\D/g, '')); // dd mm yyyy, segment by segment
    return;
  }
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

/** Moves the focused select or radio group with the arrow keys until its value is v. */
async function arrowTo(v: string, max = 30): Promise<void> {
  for (let i = 0; i < max; i++) {
    const cur = await page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | HTMLSelectElement | null;
      if (!el) return '';
      if (el instanceof HTMLInputElement && el.type === 'radio') return el.checked ? el.value : '';
      return el.value;
    });
    if (cur === v) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`arrows never reached ${v}`);
}

test('sign-in with the keyboard alone', async () => {
  // A wrong password first: the refusal is announced and the screen scanned.
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('radio');
  for (let i = 0; i < 12; i++) {
    const label = await page.evaluate(() => (document.activeElement as HTMLInputElement).closest('label')?.textContent ?? '');
    if (label.includes('Katarzyna Zielińska')) break;
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  await page.keyboard.type('zle-haslo');
  await page.keyboard.press('Enter');
  await page.getByRole('alert').first().waitFor({ timeout: 20_000 });
  expect(await axeSerious(page)).toEqual([]);
  await page.screenshot({ path: artifact('a11y-signin-error.png') });
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('password');
  await typeHere('okienko');
  await page.keyboard.press('Enter');
  await page.getByTestId('user-name').waitFor({ timeout: 20_000 });
  expect(await page.getByTestId('user-name').textContent()).toContain('Katarzyna Zielińska');
});

test('printers chosen in Ustawienia with the keyboard', async () => {
  await page.keyboard.press('Alt+9');
  await page.getByTestId('printers-panel').waitFor();
  await expect.poll(() => page.getByTestId('printer-a4').locator('option').count()).toBe(4);
  await tabTo('[data-testid="printer-a4"]');
  await arrowTo('Biuro_A4');
  await tabTo('[data-testid="printer-ticket"]');
  await arrowTo('Bilety_80mm');
  await tabTo('[data-testid="printers-save"]');
  await page.keyboard.press('Enter');
  await page.getByTestId('printers-saved').waitFor();
  await page.screenshot({ path: shot('a11y-settings-printers.png') });
});

/** Where screenshots for the README go (build/screenshots). */
function shot(name: string): string {
  const dir = new URL('../../../build/screenshots/', import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

let receiptPath = '';

test('a case registered through the intake with the keyboard alone', async () => {
  await page.keyboard.press('Alt+3');
  await page.getByTestId('service-search').waitFor();
  await page.keyboard.press('Control+k');
  await page.keyboard.type('zaswiadczenie o zameldowaniu');
  // The answer to the whole query, not to a prefix typed on the way
  // ("zaswiadczenie" lists the tax certificate first).
  await expect.poll(() => page.getByTestId('service-option').first().textContent()).toContain('zameldowaniu');
  await page.keyboard.press('Enter');
  await page.getByTestId('client-pesel').waitFor();
  // The birth date's day is its month: the same whatever order the date
  // input's locale takes the digits in.
  const client: [string, string][] = [
    ['client-firstName', 'Łucja'], ['client-lastName', 'Żółkiewska'], ['client-pesel', '02270703627'],
    ['client-birthDate', '07.07.2002'], ['client-street', 'ul. Polna'], ['client-houseNo', '3'],
    ['client-postalCode', '99-300'], ['client-city', 'Przykładowo'], ['client-phone', '600100200'],
  ];
  for (const [id, v] of client) {
    await tabTo(`[data-testid="${id}"]`);
    await typeHere(v);
  }
  await expect.poll(() => page.locator('.form-field.has-problem').allTextContents()).toEqual([]);
  await page.keyboard.press('Control+Enter');

  // The form: each field as the card's example, by keyboard.
  const card = JSON.parse(readFileSync(new URL('../../../app/demo/data/catalogue.json', import.meta.url), 'utf8')).cards.find(
    (c: { code: string }) => c.code === 'zaswiadczenie-o-zameldowaniu',
  );
  await expect.poll(() => page.locator('[data-field="pesel"] input').inputValue()).toBe('02270703627');
  for (const name of card.form.ui.order as string[]) {
    const ui = card.form.ui.fields[name];
    if (ui.when) continue;
    const prop = card.form.schema.properties[name];
    const box = `[data-field="${name}"]`;
    if (prop.type === 'boolean') {
      if (ui.example === true) {
        await tabTo(`${box} input[type=checkbox]`);
        await page.keyboard.press('Space');
      }
    } else if (prop.enum && prop.enum.length <= 3) {
      await tabTo(`${box} input[type=radio]`);
      if (!(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked))) await page.keyboard.press('Space');
      await arrowTo(String(ui.example));
    } else if (prop.enum) {
      await tabTo(`${box} select`);
      await arrowTo(String(ui.example));
    } else if ((await page.locator(`${box} input, ${box} textarea`).first().inputValue()) === '') {
      await tabTo(`${box} input, ${box} textarea`);
      await page.keyboard.type(String(ui.example));
    }
  }
  await expect.poll(() => page.getByTestId('form-problems').count()).toBe(0);
  await page.keyboard.press('Control+Enter');
  await page.getByTestId('doc-row').first().waitFor();

  const docs = await page.getByTestId('doc-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-doc') ?? ''));
  for (const doc of docs) {
    const row = `[data-testid="doc-row"][data-doc="${doc}"]`;
    const want = doc === 'dokument-tozsamosci' ? 'presented' : 'original';
    await tabTo(`${row} input[type=radio]`);
    if (!(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked))) await page.keyboard.press('Space');
    await arrowTo(want);
    if (doc === 'dokument-tozsamosci') {
      await tabTo(`${row} input:not([type])`);
      await typeHere('ABS123456');
      await tabTo(`${row} input[type=date]`);
      await page.keyboard.type('01012031'); // dd mm yyyy, segment by segment
    }
  }
  await tabTo('[data-testid="next-step"]');
  await page.keyboard.press('Enter');
  await page.getByTestId('register').waitFor();
  await expect.poll(() => page.getByTestId('register').isEnabled(), { timeout: 30_000 }).toBe(true);
  await tabTo('[data-testid="register"]');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('case-sign').textContent(), { timeout: 20_000 }).toMatch(/^SO\.5352\./);
  receiptPath = (await page.getByTestId('receipt-path').locator('code').textContent())!;
});

test('Drukuj prints on the chosen printer; a printer that is off says so and offers to retry', async () => {
  expect(receiptPath).not.toBe('');
  await tabTo('[data-testid="show-receipt"]');
  await page.keyboard.press('Enter');
  await page.getByTestId('printout-viewer').waitFor();
  await expect.poll(focused).toBe('viewer-close');
  await tabTo('[data-testid="viewer-print"]');
  await page.keyboard.press('Enter');
  await page.getByTestId('viewer-printed').waitFor({ timeout: 20_000 });
  expect(await page.getByTestId('viewer-printed').textContent()).toContain('Biuro_A4');
  const jobs = readdirSync(printed);
  expect(jobs).toEqual(['Biuro_A4-0.pdf']);
  // The printer got the receipt's PDF, opened in memory: byte for byte.
  expect(readFileSync(join(printed, jobs[0])).equals(await printoutPDF(page, receiptPath))).toBe(true);
  // Printing wrote no plaintext PDF into the data directory.
  const plain = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? plain(join(d, e.name)) : e.name.endsWith('.pdf') ? [e.name] : []));
  expect(plain(app.dataDir)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect.poll(focused).toBe('show-receipt'); // focus back where it was

  // The A4 printer is off: the counter goes on, the viewer says so in Polish.
  await page.evaluate(async () => {
    const w = window as unknown as { go: { app: { PrintService: { SetPrinters: (a: string, b: string) => Promise<unknown> } } } };
    await w.go.app.PrintService.SetPrinters('Wylaczona', 'Bilety_80mm');
  });
  await page.keyboard.press('Enter'); // show-receipt has the focus
  await page.getByTestId('printout-viewer').waitFor();
  await tabTo('[data-testid="viewer-print"]');
  await page.keyboard.press('Enter');
  const err = page.getByTestId('viewer-print-error');
  await err.waitFor({ timeout: 20_000 });
  expect(await err.textContent()).toContain('Nie udało się wydrukować na drukarce „Wylaczona”');
  expect(await page.getByTestId('viewer-retry').textContent()).toBe('Spróbuj ponownie');
  expect(await axeSerious(page)).toEqual([]);
  await page.screenshot({ path: shot('a11y-print-failed.png') });
  await tabTo('[data-testid="viewer-retry"]');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500);
  await err.waitFor();
  await expect.poll(focused).toBe('viewer-retry'); // a retry that fails again keeps the focus
  expect(readdirSync(printed)).toEqual(['Biuro_A4-0.pdf']);
  await page.keyboard.press('Escape');
  await expect.poll(focused).toBe('show-receipt');
  await page.evaluate(async () => {
    const w = window as unknown as { go: { app: { PrintService: { SetPrinters: (a: string, b: string) => Promise<unknown> } } } };
    await w.go.app.PrintService.SetPrinters('Biuro_A4', 'Bilety_80mm');
  });
});

/** Chooses the printers through the bound service (the keyboard test above did it by hand). */
async function setPrinters(a4: string, ticket: string): Promise<void> {
  await page.evaluate(
    async ([x, y]) => {
      const w = window as unknown as { go: { app: { PrintService: { SetPrinters: (a: string, b: string) => Promise<unknown> } } } };
      await w.go.app.PrintService.SetPrinters(x, y);
    },
    [a4, ticket],
  );
}

test('a queue ticket issued and called with the keyboard alone; it prints at once on the receipt printer', async () => {
  await page.keyboard.press('Escape'); // the next client
  await page.keyboard.press('Alt+5');
  await page.getByTestId('queue-call-next').waitFor();
  await tabTo('[data-testid^="queue-issue-"]');
  await page.keyboard.press('Enter');
  await page.getByTestId('queue-issued').waitFor();
  const label = (await page.getByTestId('queue-issued').textContent())!.match(/[A-Z]\d{3}/)![0];
  // Printed the moment it was issued, on the receipt printer, with no viewer.
  await expect.poll(() => page.getByTestId('queue-printed-on').textContent()).toBe(`Bilet ${label} wydrukowano na drukarce „Bilety_80mm”.`);
  expect(await page.getByTestId('printout-viewer').count()).toBe(0);
  expect(readdirSync(printed).sort()).toEqual(['Bilety_80mm-1.pdf', 'Biuro_A4-0.pdf']);
  expect(readFileSync(join(printed, 'Bilety_80mm-1.pdf')).subarray(0, 5).toString()).toBe('%PDF-');

  // The receipt printer is off: the ticket is issued all the same, the
  // failure is said in Polish, and "Spróbuj ponownie" prints it once the
  // printer is back, by keyboard.
  await setPrinters('Biuro_A4', 'Wylaczona');
  await tabTo('[data-testid^="queue-issue-"]');
  await page.keyboard.press('Enter');
  const err = page.getByTestId('queue-print-error');
  await err.waitFor({ timeout: 20_000 });
  const second = (await page.getByTestId('queue-issued').textContent())!.match(/[A-Z]\d{3}/)![0];
  expect(second).not.toBe(label);
  expect(await err.textContent()).toContain(`Bilet ${second} jest wydany, ale się nie wydrukował.`);
  expect(await err.textContent()).toContain('Nie udało się wydrukować na drukarce „Wylaczona”');
  expect(await page.getByTestId('printout-viewer').count()).toBe(0);
  expect(await axeSerious(page)).toEqual([]);
  await page.screenshot({ path: shot('queue-ticket-print-failed.png') });
  await setPrinters('Biuro_A4', 'Bilety_80mm');
  await tabTo('[data-testid="queue-print-retry"]');
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('queue-printed-on').textContent()).toBe(`Bilet ${second} wydrukowano na drukarce „Bilety_80mm”.`);
  expect(readdirSync(printed).sort()).toEqual(['Bilety_80mm-1.pdf', 'Bilety_80mm-2.pdf', 'Biuro_A4-0.pdf']);
  await page.screenshot({ path: shot('queue-ticket-printed.png') });
  await page.keyboard.press('F2');
  await expect.poll(() => page.getByTestId('queue-current-label').textContent()).toBe(label);
  await tabTo('[data-testid="queue-served"]');
  await page.keyboard.press('Enter');
  await page.getByTestId('queue-no-current').waitFor();
});

test('a complaint recorded with the keyboard alone', async () => {
  // Skargi i wnioski is past Alt+9: Shift+Tab back from Dziś into the navigation.
  await page.keyboard.press('Alt+1');
  for (let i = 0; i < 60; i++) {
    if (await page.evaluate(() => document.activeElement?.textContent?.trim() === 'Skargi i wnioski')) break;
    await page.keyboard.press('Shift+Tab');
  }
  expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skargi i wnioski');
  await page.keyboard.press('Enter');
  await page.getByTestId('complaints-view').waitFor();
  await expect.poll(focused).toBe('complaint-new'); // the area's first act has the focus
  const before = await page.getByTestId('complaint-row').count();
  await page.keyboard.press('Enter');
  await page.getByTestId('complaint-form').waitFor();
  await expect.poll(focused).toBe('complaint-kind');
  await arrowTo('motion');
  const fields: [string, string][] = [
    ['complaint-name', 'Łucja Żółkiewska'],
    ['complaint-address', 'ul. Polna 3, 99-300 Przykładowo'],
    ['complaint-contact', '600100200'],
    ['complaint-subject', 'Ławka przed wejściem do urzędu'],
    ['complaint-summary', 'Proszę o ustawienie ławki przed wejściem: starsze osoby czekają na stojąco.'],
  ];
  for (const [id, v] of fields) {
    await tabTo(`[data-testid="${id}"]`);
    await typeHere(v);
  }
  await tabTo('[data-testid="complaint-save"]');
  await page.keyboard.press('Enter');
  await page.getByTestId('complaint-detail').waitFor({ timeout: 20_000 });
  // The form went away with the focus in it: the new entry's heading has it.
  await expect.poll(focused).toBe('complaint-detail-title');
  expect(await page.getByTestId('complaint-detail-title').textContent()).toContain('Ławka przed wejściem do urzędu');
  await expect.poll(() => page.getByTestId('complaint-row').count()).toBe(before + 1);
  expect(await axeSerious(page)).toEqual([]);
  await page.screenshot({ path: shot('a11y-complaint-keyboard.png') });
  // Esc closes it and gives the focus back where the flow began.
  await page.keyboard.press('Escape');
  await expect.poll(() => page.getByTestId('complaint-detail').count()).toBe(0);
  await expect.poll(focused).toBe('complaint-new');
});

interface Finding {
  screen: string;
  variant: string;
  what: string;
}

/** Controls Chromium's accessibility tree gives no name (a screen reader would say only "button"). */
const unnamed = () => unnamedControls(page);

/** Tabs through up to n stops and names those whose focus is not visible. */
async function focusInvisible(n = 12): Promise<string[]> {
  const bad: string[] = [];
  for (let i = 0; i < n; i++) {
    await page.keyboard.press('Tab');
    const r = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
      const shadow = s.boxShadow !== 'none';
      const rect = el.getBoundingClientRect();
      const onScreen = rect.width > 0 && rect.height > 0;
      return { ok: (outline || shadow) && onScreen, what: el.getAttribute('data-testid') ?? `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 30)}"` };
    });
    if (r && !r.ok) bad.push(r.what);
  }
  return [...new Set(bad)];
}

const variants: { name: string; set: () => Promise<void>; reset: () => Promise<void> }[] = [
  { name: 'plain', set: async () => {}, reset: async () => {} },
  {
    name: 'forced-colors',
    set: () => page.emulateMedia({ forcedColors: 'active' }),
    reset: () => page.emulateMedia({ forcedColors: 'none' }),
  },
  {
    // 200 % zoom of a 1366×768 screen: the same CSS pixels as a 683×384 window.
    name: 'zoom200',
    set: () => page.setViewportSize({ width: 683, height: 384 }),
    reset: () => page.setViewportSize({ width: 1366, height: 768 }),
  },
  {
    name: 'text150',
    set: async () => {
      await unlockIfLocked(page);
      await closeDialogs(page);
      await page.keyboard.press('Alt+9');
      await page.getByTestId('text-size').selectOption('150');
    },
    reset: async () => {
      await unlockIfLocked(page);
      await closeDialogs(page);
      await page.keyboard.press('Alt+9');
      await page.getByTestId('text-size').selectOption('100');
    },
  },
];

const readme = new Set(['settings', 'intake-client-errors', 'queue', 'case', 'printout-viewer']);

test.each(variants.map((v) => v.name))('every screen, %s: axe clean, every control named, focus visible', async (vn) => {
  const v = variants.find((x) => x.name === vn)!;
  const found: Finding[] = [];
  await v.set();
  try {
    for (const s of screens) {
      try {
        await unlockIfLocked(page);
        await s.visit(page);
      } catch (e) {
        await page.screenshot({ path: artifact(`a11y-${vn}-${s.name}-failed.png`) });
        throw new Error(`${s.name} (${vn}): could not reach it: ${(e as Error).message}`);
      }
      await page.waitForTimeout(150);
      await page.screenshot({ path: artifact(`a11y-${vn}-${s.name}.png`) });
      if (vn !== 'plain' && readme.has(s.name)) await page.screenshot({ path: shot(`a11y-${vn}-${s.name}.png`) });
      for (const a of await axeSerious(page)) found.push({ screen: s.name, variant: vn, what: `axe ${a}` });
      for (const u of await unnamed()) found.push({ screen: s.name, variant: vn, what: `no accessible name: ${u}` });
      for (const f of await focusInvisible()) found.push({ screen: s.name, variant: vn, what: `focus not visible on ${f}` });
    }
  } finally {
    await closeDialogs(page);
    await v.reset();
  }
  const report = found.map((f) => `${f.screen} [${f.variant}]: ${f.what}`).join('\n');
  writeFileSync(artifact(`a11y-${vn}.txt`), report + '\n');
  expect(report).toBe('');
}, 400_000); // some twenty screens, each scanned three ways, on a shared machine

test('lock screen: scanned, and the keyboard unlocks it', async () => {
  await closeDialogs(page);
  await page.keyboard.press('Control+l');
  await page.getByTestId('lock-screen').waitFor();
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('password');
  await page.keyboard.type('zle');
  await page.keyboard.press('Enter');
  await page.getByRole('alert').first().waitFor({ timeout: 20_000 });
  expect(await axeSerious(page)).toEqual([]);
  expect(await unnamed()).toEqual([]);
  await page.emulateMedia({ forcedColors: 'active' });
  expect(await axeSerious(page)).toEqual([]);
  await page.screenshot({ path: shot('a11y-forced-colors-lock.png') });
  await page.emulateMedia({ forcedColors: 'none' });
  await typeHere('okienko');
  await page.keyboard.press('Enter');
  await page.getByTestId('user-name').waitFor({ timeout: 20_000 });
});
