// systemd socket activation and sd_notify: the listening socket comes from the service manager as
// fd 3 (LISTEN_FDS/LISTEN_PID), so the port never refuses connections across a restart, and
// READY=1 / STOPPING=1 go to NOTIFY_SOCKET.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { httpRequest } from '../../support/http.ts';
import { lifecycleDatabase, lifecycleEnv, PROJECTS_BODY, waitUntil } from '../../support/lifecycle.ts';
import { startPollClient } from '../../support/netns.ts';
import { connectTestPostgres, type TestDatabase, type TestPostgresConnection } from '../../support/postgres.ts';
import { startRestgres, stopAllRestgres } from '../../support/restgres.ts';
import { type NotifySocket, notifySocket, type SocketUnit, socketUnit } from '../../support/systemd.ts';

let server: TestPostgresConnection;
let db: TestDatabase;
let dir: string;
let unit: SocketUnit;
let notify: NotifySocket;

before(async () => {
  server = await connectTestPostgres();
  db = await lifecycleDatabase(server, 'lifecycle_socket_activation');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'restgres-systemd-'));
  unit = await socketUnit(dir);
  notify = await notifySocket(dir);
});

// The socket is shared: an instance left over by a failed test would take the next test's requests.
afterEach(() => stopAllRestgres());

after(async () => {
  await stopAllRestgres();
  await unit?.close();
  await notify?.close();
  await db?.drop();
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the socket from LISTEN_FDS is served; READY=1 and STOPPING=1 reach NOTIFY_SOCKET', async () => {
  const r = await startRestgres({
    env: lifecycleEnv(db, { NOTIFY_SOCKET: notify.path }),
    launcher: unit.launcher,
  });
  assert.ok(r.stderr.some((l) => l.endsWith(`: API server listening on 127.0.0.1:${unit.port}`)));
  const res = await httpRequest(`http://127.0.0.1:${unit.port}/projects`);
  assert.equal(res.status, 200);
  assert.equal(res.body, PROJECTS_BODY);
  // Node listens on the inherited socket again: with our backlog (2048), not its default 511.
  assert.equal(backlog(unit.port), Math.min(2048, Number(fs.readFileSync('/proc/sys/net/core/somaxconn', 'utf8'))));
  // server-port is ignored: the socket came from the service manager.
  const own = await httpRequest(r.url('/projects')).catch((error: NodeJS.ErrnoException) => error.code);
  assert.equal(own, 'ECONNREFUSED');
  // systemd-notify follows each message with BARRIER=1 and waits for the manager to see it.
  const sent = () => notify.messages.filter((m) => m !== 'BARRIER=1');
  await waitUntil('READY=1', () => sent().includes(`MAINPID=${r.pid}\\nREADY=1`));

  assert.deepEqual(await r.stop(), { code: 0, signal: null });
  await waitUntil('STOPPING=1', () => sent().some((m) => m.endsWith('STOPPING=1')));
  assert.deepEqual(sent(), [`MAINPID=${r.pid}\\nREADY=1`, `MAINPID=${r.pid}\\nSTOPPING=1`]);
  notify.messages.length = 0;
});

/** The backlog of the listening socket on `port` (ss shows it as Send-Q). */
function backlog(port: number): number {
  const line = execFileSync('ss', ['-Hltn', `sport = :${port}`], { encoding: 'utf8' }).trim();
  return Number(line.split(/\s+/)[2]);
}

test('a restart on the same socket loses no request: connections wait in the backlog meanwhile', async () => {
  const env = lifecycleEnv(db);
  const first = await startRestgres({ env, launcher: unit.launcher });
  const client = await startPollClient(`http://127.0.0.1:${unit.port}/projects`, 20);
  try {
    await waitUntil('the first instance to serve', () => client.lines.length >= 5);
    assert.deepEqual(await first.stop(), { code: 0, signal: null });
    const gap = client.lines.length;
    // Nothing accepts now; the held socket still queues the client's connections.
    const second = await startRestgres({ env, launcher: unit.launcher });
    await waitUntil('the second instance to serve', () => client.lines.length >= gap + 10);
    const lines = await client.stop();
    assert.deepEqual(
      lines.filter((l) => l !== 'ok 200'),
      [],
    );
    const served = (stdout: string[]) => stdout.filter((l) => l.includes('"GET /projects HTTP/1.1" 200')).length;
    assert.equal(served(first.stdout) + served(second.stdout), lines.length);
    assert.ok(served(second.stdout) >= 10);
    assert.deepEqual(await second.stop(), { code: 0, signal: null });
  } finally {
    await client.stop();
  }
});

test('LISTEN_FDS meant for another process (LISTEN_PID) is ignored: server-port is bound', async () => {
  const r = await startRestgres({ env: lifecycleEnv(db, { LISTEN_FDS: '1', LISTEN_PID: '1' }) });
  const res = await httpRequest(r.url('/projects'));
  assert.equal(res.status, 200);
  assert.ok(r.stderr.some((l) => l.endsWith(`: API server listening on 127.0.0.1:${r.port}`)));
});
