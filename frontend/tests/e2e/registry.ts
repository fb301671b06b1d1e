// Starts the real registry process (sync/cmd/registry) on a data
// directory, and runs its admin commands, for the sync end-to-end tests.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './harness';

export interface Registry {
  url: string;
  officeId: string;
  /** A one-time enrolment code for a new device (extra: more flags, e.g. --tls-cert F). */
  enrolmentCode: (name: string, extra?: string[]) => string;
  /** Stops the process (the network is gone for every device). */
  stop: () => Promise<void>;
  /** Starts it again on the same address and data (with other serve flags, when given). */
  start: (serveArgs?: string[]) => Promise<void>;
  log: () => string;
  /** Runs `registry admin --data DIR ARGS...` (or `--db DSN`) on this registry's data and returns what it printed. */
  admin: (...args: string[]) => string;
  /** Stops the process for good and, on PostgreSQL, drops its schema. */
  dispose: () => Promise<void>;
}

/** Where a registry keeps its data: a SQLite directory (the default) or PostgreSQL. */
export type RegistryStore = 'sqlite' | 'postgres';

/** The store the specs' registries use: OKIENKO_E2E_STORE, SQLite unless it says postgres. */
export function e2eStore(): RegistryStore {
  return process.env.OKIENKO_E2E_STORE === 'postgres' ? 'postgres' : 'sqlite';
}

/** The PostgreSQL server of the Go tests (OKIENKO_TEST_PG, as .ci/run sets it). */
export function postgresDSN(): string | undefined {
  return process.env.OKIENKO_TEST_PG || undefined;
}

/** A DSN with search_path set to schema, as the Go tests' synctest.FreshSchema gives. */
function withSchema(dsn: string, schema: string): string {
  if (!dsn.includes('://')) return `${dsn} search_path=${schema}`;
  return `${dsn}${dsn.includes('?') ? '&' : '?'}search_path=${schema}`;
}

function bin(): string {
  const b = process.env.OKIENKO_REGISTRY_BIN;
  if (!b) throw new Error('run through build/scripts/e2e.sh (OKIENKO_REGISTRY_BIN)');
  return b;
}

/** Whether the registry answers its health check; over TLS any certificate will do (the test only waits for it). */
function healthy(url: string): Promise<boolean> {
  if (!url.startsWith('https:')) return fetch(`${url}/healthz`).then((r) => r.ok);
  return new Promise((resolve, reject) => {
    httpsGet(`${url}/healthz`, { rejectUnauthorized: false }, (r) => {
      r.resume();
      resolve(r.statusCode === 200);
    }).on('error', reject);
  });
}

/** Starts a registry on a fresh data directory with the demo office; extra serve flags (e.g. --lease 2, or --tls-cert F --tls-key F for HTTPS). */
export async function startRegistry(serveArgs: string[] = [], store: RegistryStore = e2eStore()): Promise<Registry> {
  const dir = mkdtempSync(join(tmpdir(), 'okienko-registry-'));
  // On PostgreSQL the registry gets a schema of its own on the Go tests'
  // server, dropped by dispose; its snapshots go to the data directory.
  let storeArgs = ['--data', dir];
  let dropSchema = () => {};
  if (store === 'postgres') {
    const dsn = postgresDSN();
    if (!dsn) throw new Error('OKIENKO_TEST_PG is not set: no PostgreSQL for the registry');
    const schema = `oke2e_${randomBytes(6).toString('hex')}`;
    const psql = (sql: string) =>
      execFileSync('psql', [dsn, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' } });
    psql(`CREATE SCHEMA ${schema}`);
    storeArgs = ['--db', withSchema(dsn, schema)];
    dropSchema = () => psql(`DROP SCHEMA ${schema} CASCADE`);
  }
  const admin = (...args: string[]) => execFileSync(bin(), ['admin', ...storeArgs, ...args]).toString();
  const officeId = /^office\s+(\S+)/m.exec(admin('office', 'create', '--demo'))?.[1];
  if (!officeId) throw new Error('registry admin did not print the office id');
  const port = await freePort();
  const url = `${serveArgs.includes('--tls-cert') ? 'https' : 'http'}://127.0.0.1:${port}`;
  let proc: ChildProcess | undefined;
  let out = '';
  const start = async (args: string[] = serveArgs) => {
    const snapshots = store === 'postgres' ? ['--snapshots', join(dir, 'snapshots')] : [];
    proc = spawn(bin(), ['serve', ...storeArgs, ...snapshots, '--addr', `127.0.0.1:${port}`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout?.on('data', (d) => (out += d));
    proc.stderr?.on('data', (d) => (out += d));
    const end = Date.now() + 15_000;
    while (Date.now() < end) {
      if (proc.exitCode !== null) throw new Error(`registry exited with ${proc.exitCode}\n${out}`);
      try {
        if (await healthy(url)) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`registry did not answer at ${url}\n${out}`);
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      const p = proc;
      if (!p || p.exitCode !== null) return resolve();
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    });
  await start();
  return {
    url,
    officeId,
    start,
    stop,
    log: () => out,
    admin,
    dispose: async () => {
      await stop();
      dropSchema();
    },
    enrolmentCode: (name, extra = []) => {
      // Every demo login may sign in on the test devices.
      const people = 'twisniewski,akowalska,lwozniak,jnowak,kzielinska,mwojcik,plewandowski,edabrowska,mkaminski,aszymanska';
      const code = /enrolment code\s+(\S+)/.exec(admin('device', 'enroll', '--office', officeId, '--name', name, '--people', people, ...extra))?.[1];
      if (!code) throw new Error('registry admin did not print a code');
      return code;
    },
  };
}
