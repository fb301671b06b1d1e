// The hall's board (Kolejka): the page a real `registry serve` serves,
// opened with the address `registry admin queue board-url` prints, shows a
// ticket as soon as a counter calls it through the API, large enough to
// read from 5 m, and takes a new call to the top.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { artifact, launch } from './harness';
import { startRegistry, type Registry } from './registry';

let reg: Registry;
let browser: Browser;
let token = '';

// A UUIDv7, as devices make ticket ids (the registry accepts only those).
function uuidv7(): string {
  const hex = Date.now().toString(16).padStart(12, '0');
  const rest = randomUUID().replace(/-/g, '').slice(12);
  const v = hex + '7' + rest.slice(1, 4) + ((parseInt(rest[4], 16) & 0x3) | 0x8).toString(16) + rest.slice(5, 20);
  return `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20, 32)}`;
}

async function api(path: string, body?: unknown): Promise<any> {
  const r = await fetch(reg.url + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      'Okienko-Protocol': protocolVersion,
      'Okienko-Schema': schema,
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${path}: ${r.status} ${text}`);
  return JSON.parse(text);
}

// The schema and protocol this build's devices send, from the protocol's source.
const schema = /SchemaVersion\s+=\s+(\d+)/.exec(readFileSync(new URL('../../../sync/protocol/protocol.go', import.meta.url), 'utf8'))![1];
const protocolVersion = /ProtocolVersion\s+=\s+(\d+)/.exec(readFileSync(new URL('../../../sync/protocol/protocol.go', import.meta.url), 'utf8'))![1];

beforeAll(async () => {
  reg = await startRegistry();
  const code = reg.enrolmentCode('Stanowisko 2');
  const e = await api('/v1/enroll', { code, deviceId: uuidv7(), deviceName: 'Stanowisko 2' });
  token = e.token;
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await reg?.stop();
});

test('the board shows a called ticket, large, and a new call on top', async () => {
  const line = reg.admin('queue', 'board-url', '--office', reg.officeId, '--base', reg.url);
  const url = /^board\s+(\S+)/m.exec(line)?.[1];
  expect(url).toBeTruthy();
  const [page0, key] = url!.split('#');
  expect(key).toMatch(/^key=/);
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'pl-PL' });
  page.on('pageerror', (e) => console.error('board page error:', e.message));
  await page.goto(`${page0}?lang=uk#${key}`);
  await page.getByText('Na razie nikt nie jest wywołany.').waitFor();
  await page.getByText('Будь ласка, підійдіть до віконця').waitFor();

  const path = `/v1/offices/${reg.officeId}/queue`;
  const t1 = await api(`${path}/tickets`, { id: uuidv7(), group: 'A', priority: false });
  const t2 = await api(`${path}/tickets`, { id: uuidv7(), group: 'B', priority: true });
  expect([t1.label, t2.label]).toEqual(['A001', 'B001']);
  const c1 = await api(`${path}/call`, { counter: 'Stanowisko 2', groups: ['A'] });
  expect(c1.ticket.label).toBe('A001');

  const label = page.locator('li .label', { hasText: 'A001' });
  await label.waitFor({ timeout: 30_000 });
  await page.locator('li .counter', { hasText: 'Stanowisko 2' }).waitFor();
  // Legible from 5 m: the label's type is at least 12% of the screen's width.
  // Polled: the board redraws its list as calls come, and an element
  // replaced while measured has no computed size (NaN) on a busy machine.
  await expect
    .poll(() => label.evaluate((el) => parseFloat(getComputedStyle(el).fontSize)))
    .toBeGreaterThanOrEqual(0.12 * 1920 - 0.5);

  // The chime: off until someone presses the button (browsers block autoplay).
  const sound = page.getByRole('button', { name: /Dźwięk/ });
  expect(await sound.getAttribute('aria-pressed')).toBe('false');
  await sound.click();
  expect(await sound.getAttribute('aria-pressed')).toBe('true');

  const c2 = await api(`${path}/call`, { counter: 'Stanowisko 5', groups: ['B'] });
  expect(c2.ticket.label).toBe('B001');
  await page.locator('li.new .label', { hasText: 'B001' }).waitFor({ timeout: 30_000 });
  await page.locator('li .label', { hasText: 'A001' }).waitFor();
  await page.screenshot({ path: artifact('board.png') });

  // A wrong key: the board says so instead of showing calls.
  const stranger = await browser.newPage();
  await stranger.goto(`${page0}#key=wrong`);
  await stranger.getByText(/adres tablicy jest nieważny/).waitFor();
  await stranger.close();
});
