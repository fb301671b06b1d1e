// Issue 10, transport, end to end: the real app against the real
// registry serving HTTPS with an office's self-signed certificate. The
// first-start screen refuses http:// to another computer and says when
// the registry's certificate is not trusted; the code printed with
// `device enroll --tls-cert` pins the certificate and enrols. When the
// registry later presents another certificate, Synchronizacja shows
// "Certyfikat rejestru nie jest zaufany" (not "offline") with what to do,
// and syncs again once the pinned certificate is back.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { artifact, launch, open, signIn, startApp, type App } from './harness';
import { keepRecoveryCode } from './flows';
import { startRegistry, type Registry } from './registry';

let registry: Registry;
let app: App;
let browser: Browser;
let page: Page;
const dir = mkdtempSync(join(tmpdir(), 'okienko-certs-'));
const served = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };

/** A self-signed certificate for 127.0.0.1, as an office makes one. */
function makeCert(name: string): { cert: string; key: string } {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert,
    '-days', '2', '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { cert, key };
}

function serve(c: { cert: string; key: string }): void {
  copyFileSync(c.cert, served.cert);
  copyFileSync(c.key, served.key);
}

const office = makeCert('rejestr');
const other = makeCert('ktos-inny');

/** Submits the enrolment form and waits for the message that contains want. */
async function attempt(url: string, code: string, want: string): Promise<string> {
  await page.getByTestId('enroll-url').fill(url);
  await page.getByTestId('enroll-code').fill(code);
  await page.getByTestId('enroll-submit').click();
  const text = async () => ((await page.getByTestId('error').count()) ? (await page.getByTestId('error').textContent()) ?? '' : '');
  await expect.poll(text, { timeout: 30_000 }).toContain(want);
  return text();
}

async function syncNow(): Promise<string> {
  await page.keyboard.press('Alt+7');
  await page.getByTestId('sync-now').click();
  await expect.poll(() => page.getByTestId('sync-now').isDisabled()).toBe(false);
  return ((await page.getByTestId('sync-state').textContent()) ?? '').trim();
}

beforeAll(async () => {
  serve(office);
  registry = await startRegistry(['--tls-cert', served.cert, '--tls-key', served.key]);
  app = await startApp(undefined, ['--no-demo']);
  browser = await launch();
  page = await open(browser, app);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([app?.stop(), registry?.stop()]);
});

describe('https, certificates and pinning', () => {
  test('http:// to another computer is refused before anything is sent', async () => {
    await expect.poll(() => page.getByTestId('enroll-code').isVisible()).toBe(true);
    await attempt('http://10.0.0.1:8470', 'ABCD-EFGH-JKMN', 'musi zaczynać się od https://');
  });

  test('an untrusted certificate is said so, not "offline"', async () => {
    const text = await attempt(registry.url, registry.enrolmentCode('Laptop'), 'Certyfikat rejestru nie jest zaufany');
    expect(text).toContain('informatyka');
    await page.screenshot({ path: artifact('transport-enrol-untrusted.png') });
  });

  test('the code with the fingerprint pins the certificate and enrols', async () => {
    const code = registry.enrolmentCode('Laptop', ['--tls-cert', served.cert]);
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}@([A-Z2-7]{4}-){12}[A-Z2-7]{4}$/);
    await page.getByTestId('enroll-url').fill(registry.url);
    await page.getByTestId('enroll-code').fill(code);
    await page.getByTestId('enroll-submit').click();
    await keepRecoveryCode(page);
    await expect.poll(() => page.getByRole('radio', { name: /Jan Nowak/ }).count(), { timeout: 30_000 }).toBe(1);
    await signIn(page, 'Jan Nowak', 'okienko');
    await expect.poll(() => page.getByTestId('user-name').textContent(), { timeout: 60_000 }).toBe('Jan Nowak');
    expect(await syncNow()).toBe('połączono z rejestrem');
  });

  test('another certificate in the registry\'s place is its own state; the pinned one syncs again', async () => {
    await registry.stop();
    serve(other);
    await registry.start();
    expect(await syncNow()).toBe('Certyfikat rejestru nie jest zaufany');
    await expect.poll(() => page.getByTestId('sync-certificate').isVisible()).toBe(true);
    expect(await page.getByTestId('sync-badge').textContent()).toContain('certyfikat niezaufany');
    await page.screenshot({ path: artifact('transport-sync-untrusted.png'), fullPage: true });

    await registry.stop();
    serve(office);
    await registry.start();
    expect(await syncNow()).toBe('połączono z rejestrem');
    expect(await page.getByTestId('sync-certificate').count()).toBe(0);
  });
});
