// `npm start` with nothing configured: the demo API on an embedded PostgreSQL, end to end — the
// demo settings must survive the in-database config reload every schema load does.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { findFreePort } from '../../src/embedded/free-port.ts';
import { httpRequest } from '../support/http.ts';
import { startRestgres, stopAllRestgres } from '../support/restgres.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'restgres-demo-test-'));
fs.chmodSync(dir, 0o755);

after(async () => {
  await stopAllRestgres();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('with no database configured, restgres serves the demo bookshop and stops cleanly', async () => {
  const proc = await startRestgres({
    env: { RESTGRES_DATA_DIR: path.join(dir, 'pgdata'), RESTGRES_PG_PORT: String(await findFreePort()) },
    wait: 'ready',
    timeoutMs: 60_000,
  });
  const res = await httpRequest(proc.url('/books?select=title,authors(name)&order=title&limit=2'));
  assert.equal(res.status, 200);
  assert.equal(
    res.body,
    '[{"title":"A Study in Scarlet","authors":{"name": "Arthur Conan Doyle"}}, \n' +
      ' {"title":"Adventures of Huckleberry Finn","authors":{"name": "Mark Twain"}}]',
  );
  await proc.waitForLine('stderr', /Demo API: http:\/\/127\.0\.0\.1:\d+\/books/);
  const exit = await proc.stop('SIGINT', 20_000);
  assert.deepEqual(exit, { code: 0, signal: null });
  // PostgreSQL was stopped too: its pid file is gone.
  assert.equal(fs.existsSync(path.join(dir, 'pgdata', 'postmaster.pid')), false);
});
