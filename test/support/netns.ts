// A private network namespace for tests that need kernel network settings the host does not have,
// without touching the host: as root, `unshare --net` creates one (with its own loopback and its
// own net.ipv4.* sysctls) held open by a sleeping process; `launcher` runs a command inside it.
// Unix sockets are file-system objects, so PostgreSQL and admin servers stay reachable across it.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface NetNamespace {
  /** Prefix for a command to run inside the namespace (nsenter execs it: the pid stays the same). */
  readonly launcher: readonly string[];
  /** Ends the holder; the namespace disappears with its last process. */
  close(): Promise<void>;
}

/**
 * A new network namespace with loopback up and `sysctls` applied (e.g. net.ipv4.tcp_migrate_req=1);
 * null when that is not possible (not root, no unshare/nsenter, a kernel without the sysctl).
 */
export async function privateNetNamespace(
  sysctls: Readonly<Record<string, string>> = {},
): Promise<NetNamespace | null> {
  if (process.getuid?.() !== 0) return null;
  const setup = [
    'ip link set lo up',
    ...Object.entries(sysctls).map(([name, value]) => `sysctl -qw ${name}=${value}`),
    'echo ready',
    'exec sleep infinity',
  ].join(' && ');
  let holder: ChildProcess;
  try {
    holder = spawn('unshare', ['--net', 'sh', '-c', setup], { stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
  const ready = await new Promise<boolean>((resolve) => {
    holder.once('error', () => resolve(false));
    holder.once('exit', () => resolve(false));
    holder.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(true);
    });
  });
  if (!ready || holder.pid === undefined) {
    holder.kill('SIGKILL');
    return null;
  }
  const pid = holder.pid;
  const exited = new Promise<void>((resolve) => holder.once('exit', () => resolve()));
  const kill = () => holder.kill('SIGKILL');
  process.once('exit', kill);
  return {
    launcher: ['nsenter', `--net=/proc/${pid}/ns/net`, '--'],
    close: async () => {
      process.removeListener('exit', kill);
      kill();
      await exited;
    },
  };
}

const POLL_CLIENT = fileURLToPath(new URL('./poll-client.ts', import.meta.url));

export interface PollClient {
  /** One line per request so far: `ok <status>` or `error <code>`. */
  readonly lines: string[];
  /** Stops after the request in flight; resolves with every line. */
  stop(): Promise<string[]>;
}

/** Starts poll-client.ts (a new connection every `intervalMs`), inside a namespace if `launcher` is given. */
export async function startPollClient(
  url: string,
  intervalMs: number,
  launcher: readonly string[] = [],
): Promise<PollClient> {
  const argv = [...launcher, process.execPath, POLL_CLIENT, url, String(intervalMs)];
  const child = spawn(argv[0] ?? process.execPath, argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let partial = '';
  const started = Promise.withResolvers<void>();
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      if (line === 'started') started.resolve();
      else lines.push(line);
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => started.reject(new Error('the poll client exited before starting')));
  await started.promise;
  return {
    lines,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      process.removeListener('exit', kill);
      return lines;
    },
  };
}
