// `make bench-peer`: PouchDB 9 (leveldb) replicating to express-pouchdb
// 4.2 (leveldb, its own process: server.js) on the rows Okienko's own
// benchmarks use (exported by sync/engine's TestPeerExport), beside the
// figures of those benchmarks, with the ratios issue 17 asks for.
//
//   node bench.js --data DIR --okienko FILE [--runs 5] [--skip initial]
//
// Each PouchDB figure is the median of --runs runs, with its range:
//  - push: the 10,000 ops (5,000 new clients, 5,000 phone edits) written
//    to a local database (untimed), then replicated to a fresh remote one
//    (timed), with PouchDB's defaults and with Okienko's batch of 500;
//  - initial sync: the office of 20,000 cases (about 95,000 rows) seeded
//    into the server (untimed), replicated to a fresh local database,
//    with PouchDB's defaults (batches of 100) and with Okienko's pages of
//    1,000;
//  - bytes per change: 200 client changes replicated (untimed), then 100
//    phone edits replicated with batches of 100; the request bodies the
//    server received, as sent and gzipped, per edit.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const readline = require('readline');
const zlib = require('zlib');
const { fork } = require('child_process');
const PouchDB = require('pouchdb');

const args = parseArgs(process.argv.slice(2));
const dataDir = path.resolve(args.data || 'data');
const runs = Number(args.runs || 5);
const skip = new Set(String(args.skip || '').split(',').filter(Boolean));

main().catch((e) => {
  console.error('bench-peer:', e);
  process.exit(1);
});

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'okienko-peer-'));
  const child = fork(path.join(__dirname, 'server.js'), [path.join(work, 'server')], { stdio: 'inherit' });
  const port = await new Promise((ok, fail) => {
    child.once('message', (m) => ok(m.port));
    child.once('exit', (c) => fail(new Error(`server exited ${c}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  fs.mkdirSync(path.join(work, 'local'));
  const Local = PouchDB.defaults({ prefix: path.join(work, 'local') + path.sep });
  const peer = {};
  try {
    if (!skip.has('push')) {
      const ops = await readNDJSON(path.join(dataDir, 'push10k.ndjson'));
      peer.push = await measure('push 10,000 ops, PouchDB defaults', () => pushRun(Local, url, ops, {}));
      peer.push500 = await measure('push 10,000 ops, batches of 500', () => pushRun(Local, url, ops, { batch_size: 500 }));
    }
    if (!skip.has('initial')) {
      const file = path.join(dataDir, 'initial20k.ndjson');
      const seeded = await post(`${url}/_peer/seed?db=initial&file=${encodeURIComponent(file)}`);
      console.error(`bench-peer: the server holds ${seeded.docs} rows of the office`);
      peer.initial = await measure('initial sync, PouchDB defaults', () => pullRun(Local, url, {}));
      peer.initial1000 = await measure('initial sync, batches of 1,000', () => pullRun(Local, url, { batch_size: 1000 }));
      peer.rows = seeded.docs;
    }
    if (!skip.has('bytes')) {
      const setup = await readNDJSON(path.join(dataDir, 'phone-setup.ndjson'));
      const edits = await readNDJSON(path.join(dataDir, 'phone-edits.ndjson'));
      peer.bytes = await bytesRun(Local, url, setup, edits);
    }
  } finally {
    child.kill();
    fs.rmSync(work, { recursive: true, force: true });
  }
  const ok = args.okienko ? readGoBench(args.okienko) : {};
  printTable(ok, peer);
}

let seq = 0;

// pushRun writes the ops into a new local database, then times its
// replication to a new remote one.
async function pushRun(Local, url, ops, opts) {
  const name = `push-${++seq}`;
  const local = new Local(name);
  await writeOps(local, ops);
  const t = process.hrtime.bigint();
  const res = await PouchDB.replicate(local, `${url}/${name}`, opts);
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  if (res.docs_written !== countDocs(ops)) throw new Error(`push wrote ${res.docs_written} docs`);
  await local.destroy();
  await new PouchDB(`${url}/${name}`).destroy();
  return s;
}

// pullRun times the replication of the seeded office to a new local database.
async function pullRun(Local, url, opts) {
  const local = new Local(`pull-${++seq}`);
  const t = process.hrtime.bigint();
  const res = await PouchDB.replicate(`${url}/initial`, local, opts);
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  if (res.docs_written === 0) throw new Error('pull wrote nothing');
  await local.destroy();
  return s;
}

// bytesRun: what 100 phone edits cost on the wire.
async function bytesRun(Local, url, setup, edits) {
  const name = `bytes-${++seq}`;
  const local = new Local(name);
  await writeOps(local, setup);
  await PouchDB.replicate(local, `${url}/${name}`, { batch_size: 100 });
  await writeOps(local, edits);
  // Request bodies counted as PouchDB hands them to fetch (it sends them
  // uncompressed), and gzipped, as Okienko's client counts what it sends.
  const st = { bytes: 0, gzipped: 0, requests: 0 };
  const remote = new PouchDB(`${url}/${name}`, {
    fetch: (u, o) => {
      st.requests++;
      if (o && o.body) {
        const body = Buffer.from(typeof o.body === 'string' ? o.body : String(o.body));
        st.bytes += body.length;
        st.gzipped += zlib.gzipSync(body).length;
      }
      return PouchDB.fetch(u, o);
    },
  });
  const res = await PouchDB.replicate(local, remote, { batch_size: 100 });
  if (res.docs_written !== edits.length) throw new Error(`bytes: wrote ${res.docs_written} docs`);
  await local.destroy();
  return { raw: st.bytes / edits.length, gzipped: st.gzipped / edits.length, requests: st.requests };
}

// writeOps applies ops in order to a local database, as the app would
// have: a new row is a new document, an edit a new revision of it with
// the op's fields changed. Consecutive ops are grouped into bulk writes,
// a document at most once per write.
async function writeOps(db, ops) {
  const revs = new Map();
  const docs = new Map();
  let batch = [];
  const flush = async () => {
    if (!batch.length) return;
    const out = await db.bulkDocs(batch);
    out.forEach((r, i) => {
      if (r.error) throw new Error(`write ${r.id}: ${r.reason}`);
      revs.set(batch[i]._id, r.rev);
    });
    batch = [];
  };
  let inBatch = new Set();
  for (const op of ops) {
    const id = `${op.e}/${op.i}`;
    if (inBatch.has(id) || batch.length === 500) {
      await flush();
      inBatch = new Set();
    }
    const doc = { ...(docs.get(id) || {}), ...op.f, _id: id };
    if (revs.has(id)) doc._rev = revs.get(id);
    else delete doc._rev;
    if (!docs.has(id) && op.k === 'edit') {
      // An edit of a row made before the export (the phone edits): its
      // document was written by the setup ops.
      const cur = await db.get(id);
      Object.assign(doc, { ...cur, ...op.f });
    }
    docs.set(id, doc);
    batch.push(doc);
    inBatch.add(id);
  }
  await flush();
}

function countDocs(ops) {
  return new Set(ops.map((o) => `${o.e}/${o.i}`)).size;
}

async function measure(label, run) {
  const xs = [];
  for (let i = 0; i < runs; i++) {
    xs.push(await run());
    console.error(`bench-peer: ${label}: ${xs[i].toFixed(2)} s`);
  }
  return stats(xs);
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median: m, min: s[0], max: s[s.length - 1], n: s.length };
}

// readGoBench takes the medians of Okienko's benchmarks from `go test
// -bench -count N` output.
function readGoBench(file) {
  const v = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('Benchmark')) continue;
    const f = line.trim().split(/\s+/);
    const name = f[0].replace(/-\d+$/, '');
    for (let i = 2; i + 1 < f.length; i += 2) {
      const key = `${name} ${f[i + 1]}`;
      (v[key] = v[key] || []).push(Number(f[i]));
    }
  }
  const out = {};
  for (const [k, xs] of Object.entries(v)) out[k] = stats(xs);
  return out;
}

function printTable(ok, peer) {
  const sec = (x) => (x ? `${x.median.toFixed(2)} s [${x.min.toFixed(2)}–${x.max.toFixed(2)}, n=${x.n}]` : 'not run');
  const ratio = (a, b) => (a && b ? `${(b.median / a.median).toFixed(1)}×` : '–');
  const rows = [];
  const push = (label, o) =>
    rows.push([label, sec(o), `${sec(peer.push)} (${sec(peer.push500)} in batches of 500)`, `${ratio(o, peer.push)} (${ratio(o, peer.push500)})`]);
  push('push of 10,000 ops (5,000 new clients + 5,000 phone edits), SQLite registry', ok['BenchmarkPush10k/sqlite push10k-s']);
  push('the same, PostgreSQL registry', ok['BenchmarkPush10k/postgres push10k-s']);
  const pages = ok['BenchmarkInitialSync20k/pages initial20k-s'];
  const rowsN = ok['BenchmarkInitialSync20k/pages rows'];
  rows.push([
    `initial sync of 20,000 cases (${rowsN ? Math.round(rowsN.median).toLocaleString('en') : '?'} rows; PouchDB ${peer.rows ? peer.rows.toLocaleString('en') : '?'} docs), page by page`,
    sec(pages),
    `${sec(peer.initial)} (${sec(peer.initial1000)} in batches of 1,000)`,
    `${ratio(pages, peer.initial)} (${ratio(pages, peer.initial1000)})`,
  ]);
  const snap = ok['BenchmarkInitialSync20k/snapshot initial20k-s'];
  rows.push(['the same from the registry\'s snapshot', sec(snap), sec(peer.initial), ratio(snap, peer.initial)]);
  const b = ok['BenchmarkBytesPerChange/phone-100 bytes/change'];
  rows.push([
    'bytes sent per change, batches of 100 (phone edits)',
    b ? `${b.median.toFixed(1)} B (zstd)` : 'not run',
    peer.bytes ? `${peer.bytes.raw.toFixed(0)} B (${peer.bytes.gzipped.toFixed(0)} B if gzipped)` : 'not run',
    b && peer.bytes ? `${(peer.bytes.raw / b.median).toFixed(1)}× (${(peer.bytes.gzipped / b.median).toFixed(1)}×)` : '–',
  ]);
  console.log('\n| path | Okienko | PouchDB 9 → express-pouchdb 4.2 | ratio |');
  console.log('|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(`\nmedians [min–max, runs]; ratio = PouchDB / Okienko (higher: Okienko faster or smaller); load when done: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
}

async function readNDJSON(file) {
  const out = [];
  const rl = readline.createInterface({ input: fs.createReadStream(file) });
  for await (const line of rl) if (line) out.push(JSON.parse(line));
  return out;
}

async function post(u) {
  const r = await fetch(u, { method: 'POST' });
  const body = await r.json();
  if (!r.ok) throw new Error(`${u}: ${JSON.stringify(body)}`);
  return body;
}

function parseArgs(a) {
  const out = {};
  for (let i = 0; i < a.length; i++) if (a[i].startsWith('--')) out[a[i].slice(2)] = a[++i];
  return out;
}
