// Issue 13, "a lost laptop leaks nothing", as an examiner checks it: the
// app is used as a clerk uses it (enrolled to a real registry, clients
// with distinctive PESELs, names with Polish letters, streets, phones and
// e-mails registered and printed, searched, synced, a draft left mid-form,
// the app killed with SIGKILL, started again, signed out), with its own
// HOME, XDG directories and TMPDIR, so everything it (and its WebKitGTK
// window) writes lands in one place. Then every byte of every file there
// is searched for the clients' data: as typed, without diacritics, upper
// and lower case, in UTF-8, UTF-16LE/BE, hex and base64 (three
// alignments), inside zlib and gzip streams, and in a PDF's text. The
// device's recovery code is a marker too: with the key file beside the
// database it opens everything, so it must not be left on the disk.
// The registry's own directory is not scanned: it keeps plaintext by
// design (its protection is the server's, ARCHITECTURE.md).
import { afterAll, beforeAll, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, lstatSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, inflateSync, gunzipSync, constants as zc } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { demoCatalogue, launch, open, signIn, startApp, type App } from './harness';
import { startRegistry, type Registry } from './registry';
import { openCase } from './flows';

interface Client {
  firstName: string;
  lastName: string;
  pesel: string;
  birthDate: string;
  street: string;
  city: string;
  phone: string;
  email: string;
  /** An identity card's number (valid check digit). */
  idDoc: string;
}

// Valid PESELs (checksum), born in 1957 and 2003.
const clients: Client[] = [
  {
    firstName: 'Bożydar', lastName: 'Brzęczyszczykiewicz', pesel: '57031409874', birthDate: '1957-03-14',
    street: 'ul. Źdźbłowa', city: 'Gęsiówka', phone: '512987654', email: 'bozydar.brzeczyszczykiewicz@poczta-test.pl', idDoc: 'ZXQ609874',
  },
  {
    firstName: 'Świętosława', lastName: 'Łękawska', pesel: '03211706422', birthDate: '2003-01-17',
    street: 'ul. Wąwozowa Ćmielowska', city: 'Żółtnica', phone: '698123457', email: 'lekawska.s@skrzynka-test.pl', idDoc: 'ZXQ206422',
  },
];
// The draft left mid-form when the app is killed: a complaint (no PESEL).
const draft = { firstName: 'Gniewomir', lastName: 'Szczęśniakowski', street: 'ul. Jaśminowa Dolna', houseNo: '77', city: 'Wrzosówek' };

let registry: Registry;
let app: App | undefined;
let browser: Browser | undefined;
let home = '';
let recoveryCode = '';
const saved: Record<string, string | undefined> = {};
const homeVars = ['HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_STATE_HOME', 'XDG_RUNTIME_DIR', 'TMPDIR'];

beforeAll(async () => {
  registry = await startRegistry();
  // The app's own home: set before it starts (the registry keeps the real one).
  home = mkdtempSync(join(tmpdir(), 'okienko-forensic-home-'));
  const dirs: Record<string, string> = {
    HOME: home, XDG_CACHE_HOME: join(home, '.cache'), XDG_DATA_HOME: join(home, '.local/share'),
    XDG_CONFIG_HOME: join(home, '.config'), XDG_STATE_HOME: join(home, '.local/state'),
    XDG_RUNTIME_DIR: join(home, 'run'), TMPDIR: join(home, 'tmp'),
  };
  for (const k of homeVars) {
    saved[k] = process.env[k];
    mkdirSync(dirs[k], { recursive: true, mode: 0o700 });
    process.env[k] = dirs[k];
  }
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await registry?.stop();
  for (const k of homeVars) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  if (home && !process.env.OKIENKO_KEEP_FORENSIC) rmSync(home, { recursive: true, force: true });
});

async function registerFor(page: Page, c: Client): Promise<string> {
  await page.keyboard.press('Alt+3');
  const search = page.getByTestId('service-search');
  await expect
    .poll(async () => {
      if ((await search.inputValue()) !== 'zaswiadczenie o zameldowaniu') await search.fill('zaswiadczenie o zameldowaniu');
      return page.getByTestId('service-option').first().textContent();
    })
    .toContain('Zaświadczenie o zameldowaniu');
  await search.press('Enter');
  await page.getByTestId('client-firstName').fill(c.firstName);
  await page.getByTestId('client-lastName').fill(c.lastName);
  await page.getByTestId('client-pesel').fill(c.pesel);
  await page.getByTestId('client-birthDate').fill(c.birthDate);
  await page.getByTestId('client-street').fill(c.street);
  await page.getByTestId('client-houseNo').fill('5');
  await page.getByTestId('client-postalCode').fill('98-765');
  await page.getByTestId('client-city').fill(c.city);
  await page.getByTestId('client-phone').fill(c.phone);
  await page.getByTestId('client-email').fill(c.email);
  await expect.poll(() => page.locator('.form-field.has-problem').count()).toBe(0);
  await page.getByTestId('next-step').click();
  const card = demoCatalogue().cards.find((x) => x.code === 'zaswiadczenie-o-zameldowaniu')! as unknown as {
    form: { schema: { properties: Record<string, { type?: string; enum?: string[] }> }; ui: { order: string[]; fields: Record<string, { example: unknown; when?: unknown }> } };
  };
  await expect.poll(() => page.locator('[data-field="pesel"] input').inputValue()).toBe(c.pesel);
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
  const rows = page.getByTestId('doc-row');
  const n = await rows.count();
  for (let i = 0; i < n; i++) {
    const row = rows.nth(i);
    const doc = await row.getAttribute('data-doc');
    await row.locator(`input[type=radio][value=${doc === 'dokument-tozsamosci' ? 'presented' : 'original'}]`).check();
    if (doc === 'dokument-tozsamosci') {
      await row.getByLabel('Numer dokumentu').fill(c.idDoc);
      await row.getByLabel('Ważny do').fill('2031-01-01');
    }
  }
  await page.getByTestId('next-step').click();
  await expect.poll(() => page.getByTestId('register').isEnabled()).toBe(true);
  await page.getByTestId('register').click();
  await expect.poll(() => page.getByTestId('case-sign').textContent()).toMatch(/^SO\.5352\./);
  return (await page.getByTestId('case-sign').textContent())!;
}

async function syncNow(page: Page): Promise<void> {
  await page.keyboard.press('Alt+7');
  await page.getByTestId('sync-now').click();
  await expect.poll(async () => (await page.getByTestId('sync-state').textContent())?.trim(), { timeout: 30_000 }).toBe('połączono z rejestrem');
  await expect.poll(() => page.getByTestId('sync-pending').textContent(), { timeout: 30_000 }).toBe('0');
}

/** Signs in; tried again when a loaded machine's registry answered too late for the person's first key. */
async function signedIn(page: Page, name: string): Promise<void> {
  for (let i = 0; ; i++) {
    await signIn(page, name, 'okienko');
    try {
      await page.getByTestId('user-name').waitFor({ timeout: 60_000 });
      break;
    } catch (e) {
      if (i === 2) throw e;
    }
  }
  expect(await page.getByTestId('user-name').textContent()).toBe(name);
}

/** What must not be found: every client's data, the draft's, and the device's recovery code. */
function markers(): string[] {
  return [
    ...clients.flatMap((c) => [c.pesel, c.lastName, c.firstName, c.street.replace('ul. ', ''), c.city, c.phone, c.email, c.idDoc]),
    draft.lastName, draft.firstName, draft.street.replace('ul. ', ''), draft.city,
    recoveryCode, recoveryCode.replace(/-/g, ''),
  ];
}

// --- the scan ---------------------------------------------------------------

function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/g, 'l').replace(/Ł/g, 'L');
}

function variants(v: string): string[] {
  const out = new Set<string>();
  for (const s of [v, fold(v)]) for (const x of [s, s.toUpperCase(), s.toLowerCase()]) out.add(x);
  return [...out];
}

/** A string's bytes as the encodings a file may hold it in. */
function encodings(s: string): [string, Buffer][] {
  const u8 = Buffer.from(s, 'utf8');
  const le = Buffer.from(s, 'utf16le');
  const be = Buffer.from(le).swap16();
  const out: [string, Buffer][] = [['utf8', u8], ['utf16le', le], ['utf16be', be], ['hex', Buffer.from(u8.toString('hex'))], ['HEX', Buffer.from(u8.toString('hex').toUpperCase())]];
  for (let k = 0; k < 3; k++) {
    const e = Buffer.concat([Buffer.alloc(k), u8]).toString('base64');
    const part = e.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + u8.length)) / 6));
    out.push([`base64+${k}`, Buffer.from(part)], [`base64url+${k}`, Buffer.from(part.replace(/\+/g, '-').replace(/\//g, '_'))]);
  }
  return out;
}

interface Needle {
  marker: string;
  how: string;
  bytes: Buffer;
}

function needles(markers: string[]): Needle[] {
  const out: Needle[] = [];
  for (const m of markers) for (const v of variants(m)) for (const [how, bytes] of encodings(v)) out.push({ marker: m, how: `${how}${v === m ? '' : ` of "${v}"`}`, bytes });
  return out;
}

/** Streams a file may hold compressed: zlib (PDF, WebKit), gzip. */
function inflated(data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i + 2 < data.length; i++) {
    const gz = data[i] === 0x1f && data[i + 1] === 0x8b && data[i + 2] === 8;
    const zl = data[i] === 0x78 && [0x01, 0x5e, 0x9c, 0xda].includes(data[i + 1]);
    if (!gz && !zl) continue;
    try {
      const opts = { finishFlush: zc.Z_SYNC_FLUSH };
      const b = gz ? gunzipSync(data.subarray(i), opts) : inflateSync(data.subarray(i), opts);
      if (b.length > 0) out.push(b);
    } catch {
      // not a stream
    }
  }
  return out;
}

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    const st = lstatSync(p);
    if (st.isDirectory()) out.push(...files(p));
    else if (st.isFile()) out.push(p);
  }
  return out;
}

function scan(root: string, markers: string[]): string[] {
  const ns = needles(markers);
  const hits: string[] = [];
  const look = (where: string, data: Buffer) => {
    for (const n of ns) {
      const at = data.indexOf(n.bytes);
      if (at >= 0) hits.push(`${where} @${at}: "${n.marker}" as ${n.how}`);
    }
  };
  for (const f of files(root)) {
    const name = f.slice(root.length + 1);
    const data = readFileSync(f);
    look(name, data);
    for (const [i, b] of inflated(data).entries()) look(`${name} (compressed stream ${i})`, b);
    if (data.subarray(0, 5).toString() === '%PDF-') {
      try {
        look(`${name} (pdftotext)`, execFileSync('pdftotext', ['-', '-'], { input: data }));
      } catch {
        // not readable as a PDF: its bytes were searched above
      }
    }
  }
  return hits;
}

test('the scan finds a marker in every encoding it claims', () => {
  const dir = mkdtempSync(join(tmpdir(), 'okienko-forensic-self-'));
  try {
    writeFileSync(join(dir, 'a'), Buffer.concat([Buffer.from('x'), Buffer.from('ŁĘKAWSKA', 'utf16le')]));
    writeFileSync(join(dir, 'b'), Buffer.concat([Buffer.from('junk'), deflateSync(Buffer.from('tel. 698123457'))]));
    writeFileSync(join(dir, 'c'), Buffer.from(`xy${Buffer.from('zz ul. Źdźbłowa').toString('base64')}`));
    const hits = scan(dir, ['Łękawska', '698123457', 'Źdźbłowa']);
    expect(hits.some((h) => h.startsWith('a ') && h.includes('utf16le'))).toBe(true);
    expect(hits.some((h) => h.startsWith('b (compressed'))).toBe(true);
    expect(hits.some((h) => h.startsWith('c ') && h.includes('base64'))).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a used laptop (data directory, HOME, caches, temp) holds no client data', async () => {
  const dataDir = join(home, 'okienko-data');
  app = await startApp(dataDir, ['--no-demo']);
  browser = await launch();
  let page = await open(browser, app);

  // Enrolment; the recovery code is shown once and its sheet printed.
  await expect.poll(() => page.getByTestId('enroll-code').isVisible(), { timeout: 30_000 }).toBe(true);
  await page.getByTestId('enroll-url').fill(registry.url);
  await page.getByTestId('enroll-code').fill(registry.enrolmentCode('Laptop wyjazdowy'));
  await page.getByTestId('enroll-submit').click();
  await page.getByTestId('recovery-print').click({ timeout: 60_000 });
  recoveryCode = ((await page.getByTestId('recovery-code').textContent()) ?? '').trim();
  expect(recoveryCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
  await page.getByTestId('recovery-done').click();
  await expect.poll(() => page.getByRole('radio', { name: /Jan Nowak/ }).count(), { timeout: 30_000 }).toBe(1);

  // A clerk's morning: two clients registered (receipts printed), searched, synced.
  await signedIn(page, 'Jan Nowak');
  const signs: string[] = [];
  for (const c of clients) {
    signs.push(await registerFor(page, c));
    await page.keyboard.press('Escape'); // the result screen: the next client
  }
  await openCase(page, 'brzeczyszczykiewicz', signs[0]);
  // Printed again from the case: the filled form and the receipt.
  await page.getByRole('button', { name: 'Drukuj wniosek', exact: true }).click();
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Drukuj potwierdzenie', exact: true }).click();
  await page.waitForTimeout(1500);
  await page.keyboard.press('Escape');
  await openCase(page, clients[1].pesel, signs[1]);
  await page.keyboard.press('Escape');
  await syncNow(page);

  // A complaint begun and left mid-form; the app is killed (a power cut).
  await page.keyboard.press('Alt+3');
  await page.getByTestId('service-search').fill('skarga');
  await expect.poll(() => page.getByTestId('service-option').first().textContent()).toContain('Skarga lub wniosek');
  await page.getByTestId('service-option').first().click();
  await page.getByTestId('client-firstName').fill(draft.firstName);
  await page.getByTestId('client-lastName').fill(draft.lastName);
  await page.getByTestId('client-street').fill(draft.street);
  await page.getByTestId('client-houseNo').fill(draft.houseNo);
  await page.getByTestId('client-city').fill(draft.city);
  await expect.poll(() => page.getByTestId('autosave').textContent(), { timeout: 30_000 }).toMatch(/Zapisano \d\d:\d\d:\d\d/);
  await page.waitForTimeout(2500);
  await app.kill();
  await browser.close();
  // A laptop that lost power: its WAL, journal and temp files as they were left.
  const killedFiles = files(home).map((f) => f.slice(home.length + 1));
  const afterKill = scan(home, markers());
  // Its standard output and error, which a desktop session keeps (journald, ~/.xsession-errors).
  const stdio = [app.log()];

  // Started again: the draft is there; the clerk signs out, the app is closed.
  app = await startApp(dataDir, ['--no-demo']);
  browser = await launch();
  page = await open(browser, app);
  await signedIn(page, 'Jan Nowak');
  await page.keyboard.press('Alt+3');
  await expect.poll(() => page.getByTestId('drafts').textContent()).toContain('Wznów przerwaną sprawę');
  await page.keyboard.press('Control+l');
  await page.getByRole('button', { name: 'Zmień użytkownika' }).click();
  await expect.poll(() => page.getByLabel('Hasło').isVisible()).toBe(true);
  await browser.close();
  browser = undefined;
  await app.stop();
  stdio.push(app.log());
  const out = mkdtempSync(join(tmpdir(), 'okienko-forensic-stdio-'));
  stdio.forEach((text, i) => writeFileSync(join(out, `run${i + 1}.log`), text));
  const stdioHits = scan(out, markers());
  rmSync(out, { recursive: true, force: true });
  expect(stdioHits).toEqual([]);

  const all = files(home).map((f) => f.slice(home.length + 1));
  // The examination covered the places a laptop keeps data in.
  expect(all.some((f) => f.startsWith('okienko-data/okienko.db'))).toBe(true);
  expect(afterKill, `after the kill, files under the app's HOME:\n${killedFiles.join('\n')}`).toEqual([]);
  expect(scan(home, markers()), `files under the app's HOME:\n${all.join('\n')}`).toEqual([]);
}, 480_000); // two app runs, a registry, and every byte scanned many ways: 150-250 s at load 37
