// Runs restgres as a real child process (`node src/main.ts [CONFIG_FILE]`) for integration tests:
// a clean environment, free ports, output captured line by line, readiness waits and cleanup.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../../src/embedded/free-port.ts';
import { type HttpResponse, httpRequest } from './http.ts';

export type StreamName = 'stdout' | 'stderr';
export type WaitFor = 'ready' | 'live' | 'listening' | 'none';
export interface ExitStatus {
  readonly code: number | null;
  readonly signal: string | null;
}

export interface StartRestgresOptions {
  /** PGRST_* and other variables; the child inherits nothing but PATH, HOME and TMPDIR besides these. */
  readonly env: Readonly<Record<string, string>>;
  /** Config file contents: written to a temp file whose path is the last argument. */
  readonly configFile?: string;
  /** Arguments before the config file, e.g. ['--dump-config']. */
  readonly args?: readonly string[];
  /** What "started" means (default 'ready'): admin /ready or /live answers 200, or the listening log line. */
  readonly wait?: WaitFor;
  readonly timeoutMs?: number;
  /** Written to the child's stdin, which is then closed (default: no stdin). */
  readonly stdin?: string;
  /**
   * A command that execs `node src/main.ts …` in place, e.g. `['nsenter', '--net=…']` or the
   * socket-activation helper: it must keep the pid, so signals and exit codes are restgres' own.
   */
  readonly launcher?: readonly string[];
}

export interface RestgresProcess {
  readonly pid: number;
  readonly port: number;
  readonly adminPort: number;
  url(urlPath: string): string;
  adminUrl(urlPath: string): string;
  /** GET on the admin server, over PGRST_ADMIN_SERVER_UNIX_SOCKET when that is set. */
  admin(urlPath: string): Promise<HttpResponse>;
  /** The config file written for `configFile`, for tests that edit it and reload; else null. */
  readonly configPath: string | null;
  /** Complete lines so far (a trailing partial line is added when the stream ends). */
  readonly stdout: string[];
  readonly stderr: string[];
  /** The first line, already seen or still to come, matching `re`; rejects on timeout or exit. */
  waitForLine(stream: StreamName, re: RegExp, timeoutMs?: number): Promise<string>;
  signal(sig: NodeJS.Signals): void;
  /** Sends `sig` and waits for the exit; after `timeoutMs` kills with SIGKILL and rejects. */
  stop(sig?: NodeJS.Signals, timeoutMs?: number): Promise<ExitStatus>;
  readonly exited: Promise<ExitStatus>;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAIN = path.join(REPO_ROOT, 'src', 'main.ts');
const POLL_MS = 50;

interface Tracked {
  readonly child: ChildProcess;
  readonly tempDir: string | null;
}
const live = new Set<Tracked>();

export async function startRestgres(opts: StartRestgresOptions): Promise<RestgresProcess> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const port = opts.env.PGRST_SERVER_PORT ?? String(await findFreePort());
  const adminPort = opts.env.PGRST_ADMIN_SERVER_PORT ?? String(await findFreePort());
  const env: Record<string, string> = {};
  // A clean slate: a developer's PG*/PGRST_* variables must not leak into what a test configures.
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'NODE_V8_COVERAGE']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, {
    PGRST_SERVER_HOST: '127.0.0.1',
    PGRST_ADMIN_SERVER_HOST: '127.0.0.1',
    ...opts.env,
    PGRST_SERVER_PORT: port,
    PGRST_ADMIN_SERVER_PORT: adminPort,
  });

  let tempDir: string | null = null;
  let configPath: string | null = null;
  const argv = [MAIN, ...(opts.args ?? [])];
  if (opts.configFile !== undefined) {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'restgres-conf-'));
    configPath = path.join(tempDir, 'restgres.conf');
    fs.writeFileSync(configPath, opts.configFile);
    argv.push(configPath);
  }

  const [command, ...commandArgs] = [...(opts.launcher ?? []), process.execPath, ...argv] as [string, ...string[]];
  const child = spawn(command, commandArgs, {
    cwd: REPO_ROOT,
    env,
    stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  const tracked: Tracked = { child, tempDir };
  live.add(tracked);
  if (opts.stdin !== undefined) child.stdin?.end(opts.stdin);

  const lines: Record<StreamName, string[]> = { stdout: [], stderr: [] };
  const waiters = new Set<{ stream: StreamName; re: RegExp; resolve: (line: string) => void }>();
  const onLine = (stream: StreamName, line: string) => {
    lines[stream].push(line);
    for (const waiter of waiters) {
      if (waiter.stream === stream && waiter.re.test(line)) {
        waiters.delete(waiter);
        waiter.resolve(line);
      }
    }
  };
  const closed: Record<StreamName, Promise<void>> = {
    stdout: captureLines(child.stdout, (line) => onLine('stdout', line)),
    stderr: captureLines(child.stderr, (line) => onLine('stderr', line)),
  };

  const exited = new Promise<ExitStatus>((resolve, reject) => {
    child.once('error', reject); // spawn failure: execPath missing, cwd gone
    child.once('exit', (code, signal) => {
      live.delete(tracked);
      if (tempDir !== null) fs.rmSync(tempDir, { recursive: true, force: true });
      // 'close' waits for the pipes; bounded, in case a grandchild inherited them.
      const drained = Promise.all([closed.stdout, closed.stderr]);
      void withDeadline(drained, 500).then(() => resolve({ code, signal }));
    });
  });
  // Tests that never look at `exited` must not see an unhandled rejection from a spawn error.
  exited.catch(() => {});

  const describe = (what: string) =>
    new Error(
      `restgres (pid ${child.pid}): ${what}\n--- stderr ---\n${lines.stderr.slice(-30).join('\n')}` +
        `\n--- stdout ---\n${lines.stdout.slice(-10).join('\n')}`,
    );

  const waitForLine = (stream: StreamName, re: RegExp, waitMs = timeoutMs): Promise<string> => {
    const seen = lines[stream].find((line) => re.test(line));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise<string>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter = {
        stream,
        re,
        resolve: (line: string) => {
          clearTimeout(timer);
          resolve(line);
        },
      };
      waiters.add(waiter);
      timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(describe(`no ${stream} line matching ${re} within ${waitMs} ms`));
      }, waitMs);
      void exited.then(
        (status) => {
          if (!waiters.delete(waiter)) return;
          clearTimeout(timer);
          reject(describe(`exited (${formatStatus(status)}) before a ${stream} line matched ${re}`));
        },
        () => {},
      );
    });
  };

  const stop = async (sig: NodeJS.Signals = 'SIGTERM', waitMs = 10_000): Promise<ExitStatus> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    const status = await withDeadline(exited, waitMs);
    if (status !== null) return status;
    child.kill('SIGKILL');
    await exited;
    throw describe(`did not exit within ${waitMs} ms of ${sig}; killed`);
  };

  const host = '127.0.0.1';
  const adminSocket = opts.env.PGRST_ADMIN_SERVER_UNIX_SOCKET;
  const admin = (urlPath: string): Promise<HttpResponse> =>
    adminSocket === undefined
      ? httpRequest(`http://${host}:${adminPort}${urlPath}`, { timeoutMs: 2000 })
      : httpRequest(`http://localhost${urlPath}`, { socketPath: adminSocket, timeoutMs: 2000 });
  const proc: RestgresProcess = {
    pid: child.pid ?? 0,
    port: Number(port),
    adminPort: Number(adminPort),
    url: (urlPath) => `http://${host}:${port}${urlPath}`,
    adminUrl: (urlPath) => `http://${host}:${adminPort}${urlPath}`,
    admin,
    configPath,
    stdout: lines.stdout,
    stderr: lines.stderr,
    waitForLine,
    signal: (sig) => {
      child.kill(sig);
    },
    stop,
    exited,
  };

  try {
    const wait = opts.wait ?? 'ready';
    if (wait === 'listening') await waitForLine('stderr', /API server listening on/);
    else if (wait === 'ready' || wait === 'live') {
      await pollUntilOk(`/${wait}`, admin, exited, timeoutMs, describe);
    }
  } catch (err) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited.catch(() => {});
    throw err;
  }
  return proc;
}

/**
 * For an `after` hook: SIGTERM every restgres still running, SIGKILL what has not exited within
 * 5 s, and remove their temp files.
 */
export async function stopAllRestgres(): Promise<void> {
  await Promise.all(
    [...live].map(async ({ child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    }),
  );
}

// Last resort when the test process exits with children left (a crash, a forgotten stop): SIGTERM so
// that restgres can still stop an embedded PostgreSQL (a SIGKILL would orphan it, gotcha 12), wait a
// little synchronously (no event loop here), then SIGKILL.
process.on('exit', () => {
  const pending = [...live].filter(({ child }) => child.exitCode === null && child.signalCode === null);
  for (const { child } of pending) child.kill('SIGTERM');
  const deadline = Date.now() + 2000;
  while (Date.now() < deadline && pending.some(({ child }) => child.pid !== undefined && isRunning(child.pid))) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
  for (const { child, tempDir } of pending) {
    if (child.pid !== undefined && isRunning(child.pid)) child.kill('SIGKILL');
    if (tempDir !== null) fs.rmSync(tempDir, { recursive: true, force: true });
  }
});

/** Alive and not a zombie (an exited child stays a zombie until the event loop reaps it). */
function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    try {
      process.kill(pid, 0); // no /proc (macOS): best effort
      return true;
    } catch {
      return false;
    }
  }
}

function captureLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): Promise<void> {
  if (stream === null) return Promise.resolve();
  return new Promise((resolve) => {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    });
    stream.on('end', () => {
      if (partial !== '') onLine(partial);
      resolve();
    });
    stream.on('error', () => resolve());
  });
}

async function pollUntilOk(
  url: string,
  get: (url: string) => Promise<HttpResponse>,
  exited: Promise<ExitStatus>,
  timeoutMs: number,
  describe: (what: string) => Error,
): Promise<void> {
  let exitStatus: ExitStatus | null = null;
  void exited.then(
    (status) => {
      exitStatus = status;
    },
    () => {},
  );
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  for (;;) {
    if (exitStatus !== null) throw describe(`exited (${formatStatus(exitStatus)}) while waiting for ${url}`);
    try {
      const res = await get(url);
      if (res.status === 200) return;
      last = `status ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline) throw describe(`${url} did not answer 200 within ${timeoutMs} ms (last: ${last})`);
    await delay(POLL_MS);
  }
}

function formatStatus(status: ExitStatus): string {
  return status.signal === null ? `code ${status.code}` : `signal ${status.signal}`;
}

/** `promise`'s value, or null after `ms` (the timer is cleared either way: no stray wait at exit). */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
