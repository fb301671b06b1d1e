// Starts the real Okienko backend (dev build, which serves the built
// frontend and the Wails bridge over HTTP) and drives it with headless
// Chromium through playwright-core.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export interface App {
  url: string;
  dataDir: string;
  log: () => string;
  stop: () => Promise<void>;
  /** SIGKILL: the app gets no chance to save anything more. */
  kill: () => Promise<void>;
}

/**
 * The apps and pages of the spec file now running, for failures.ts to
 * describe when a test fails.
 */
export const running = { apps: new Set<App>(), pages: new Set<Page>() };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

async function waitHTTP(url: string, proc: ChildProcess, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (proc.exitCode !== null) throw new Error(`app exited with ${proc.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`app did not answer at ${url} within ${timeoutMs} ms`);
}

/**
 * Starts the app on dataDir (a fresh temporary one by default). An app that
 * could not open its window on the test display ("failed to init GTK": the
 * X server refused the connection, an environment failure before any code
 * of the app ran) is started once more after a second.
 */
export async function startApp(dataDir = mkdtempSync(join(tmpdir(), 'okienko-e2e-')), args: string[] = []): Promise<App> {
  try {
    return await startAppOnce(dataDir, args);
  } catch (e) {
    if (!(e as Error).message.includes('failed to init GTK')) throw e;
    console.error('the app could not open its window on the display; starting it once more');
    await new Promise((r) => setTimeout(r, 1000));
    return startAppOnce(dataDir, args);
  }
}

async function startAppOnce(dataDir: string, args: string[]): Promise<App> {
  const bin = process.env.OKIENKO_BIN;
  const assets = process.env.OKIENKO_ASSETS;
  if (!bin || !assets) throw new Error('run through build/scripts/e2e.sh (OKIENKO_BIN, OKIENKO_ASSETS)');
  const port = await freePort();
  let out = '';
  const proc = spawn(bin, ['--data', dataDir, '--no-open', ...args], {
    env: { ...process.env, devserver: `127.0.0.1:${port}`, assetdir: assets, loglevel: 'Warning' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout?.on('data', (d) => (out += d));
  proc.stderr?.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitHTTP(url, proc, 60_000);
  } catch (e) {
    proc.kill('SIGKILL');
    throw new Error(`${(e as Error).message}\n${out}`);
  }
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const app: App = {
    url,
    dataDir,
    log: () => out,
    kill: async () => {
      if (proc.exitCode === null) proc.kill('SIGKILL');
      await exited;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
        proc.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        proc.kill('SIGTERM');
      }),
  };
  running.apps.add(app);
  void exited.then(() => running.apps.delete(app));
  return app;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** Opens the app in a new page and waits for the Wails bridge. */
export async function open(browser: Browser, app: App): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'pl-PL' });
  page.on('pageerror', (e) => {
    // Known harmless dev-overlay noise from /wails/ipc.js (see STACK.md).
    if (!String(e.message).includes("reading 'nodes'")) console.error('page error:', e.message);
  });
  running.pages.add(page);
  page.on('close', () => running.pages.delete(page));
  await page.goto(app.url);
  await page.waitForFunction(() => (window as unknown as { go?: unknown }).go !== undefined);
  return page;
}

export async function signIn(page: Page, name: string, password: string): Promise<void> {
  await page.getByRole('radio', { name: new RegExp(name) }).check();
  await page.getByLabel('Hasło').fill(password);
  await page.getByRole('button', { name: 'Zaloguj się' }).click();
}

/** The demo catalogue as shipped, to compare with what the UI shows. */
export function demoCatalogue(): { cards: DemoCard[] } {
  return JSON.parse(readFileSync(new URL('../../../app/demo/data/catalogue.json', import.meta.url), 'utf8'));
}

export interface DemoCard {
  code: string;
  title: string;
  documents: { name: string }[];
  fees: { name: string; amountGrosze: number }[];
  deadline: { kind: string; n?: number; basis: string };
}

/** Formats grosze as the UI does: 17,00 zł (with non-breaking spaces). */
export function money(grosze: number): string {
  const zl = Math.floor(grosze / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${zl},${String(grosze % 100).padStart(2, '0')}\u00a0zł`;
}

export function artifact(name: string): string {
  return join(process.env.OKIENKO_ARTIFACTS ?? tmpdir(), name);
}

/**
 * The text of a printout as pdftotext -layout reads it. Printouts are
 * encrypted on the disk (.pdf.okef): the running app decrypts one in
 * memory (PrintoutService.Open, as its viewer does), and the PDF is fed
 * to pdftotext on its standard input, never written to a file.
 */
export async function printoutText(page: Page, path: string): Promise<string> {
  const { execFileSync } = await import('node:child_process');
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: await printoutPDF(page, path) }).toString();
}

/** A printout's PDF, decrypted by the running app in memory. */
export async function printoutPDF(page: Page, path: string): Promise<Buffer> {
  const b64 = await page.evaluate(async (p) => {
    const w = window as unknown as { go: { app: { PrintoutService: { Open: (p: string) => Promise<{ data: string }> } } } };
    return (await w.go.app.PrintoutService.Open(p)).data;
  }, path);
  return Buffer.from(b64, 'base64');
}
