// The peer's server for `make bench-peer`: express-pouchdb over PouchDB's
// leveldb adapter, in a process of its own (as Okienko's registry has its
// own goroutines). It also seeds a database from an export, untimed.
'use strict';
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const express = require('express');
const PouchDB = require('pouchdb');
const expressPouchDB = require('express-pouchdb');

const dir = process.argv[2];
fs.mkdirSync(dir, { recursive: true });
const ServerPouch = PouchDB.defaults({ prefix: path.join(dir, path.sep) });
const app = express();
// Fills a database from an NDJSON export in this process, untimed.
app.post('/_peer/seed', async (req, res) => {
  try {
    const db = new ServerPouch(req.query.db);
    const rl = readline.createInterface({ input: fs.createReadStream(req.query.file) });
    let batch = [];
    let n = 0;
    for await (const line of rl) {
      if (!line) continue;
      batch.push(toDoc(JSON.parse(line)));
      if (batch.length === 1000) {
        await bulk(db, batch);
        n += batch.length;
        batch = [];
      }
    }
    if (batch.length) await bulk(db, batch);
    n += batch.length;
    res.json({ docs: n });
  } catch (e) {
    res.status(500).json({ error: String(e) });
  }
});

app.use('/', expressPouchDB(ServerPouch, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: path.join(dir, 'log.txt') }));

const server = app.listen(0, '127.0.0.1', () => {
  process.send({ port: server.address().port });
});

function toDoc(row) {
  const doc = { _id: row.e + '/' + row.i, ...row.f };
  if (row.d) doc._deleted = true;
  return doc;
}

async function bulk(db, docs) {
  const out = await db.bulkDocs(docs);
  const bad = out.find((r) => r.error);
  if (bad) throw new Error(`seed: ${bad.id}: ${bad.reason || bad.error}`);
}
