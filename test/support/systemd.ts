// Stand-ins for systemd in tests (the work is done by systemd.py, since Node can neither pass a
// listening socket it does not accept on nor bind a unix datagram socket): a .socket unit that holds
// a listening TCP socket across service restarts, and the notify socket that receives sd_notify.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitUntil } from './lifecycle.ts';

const SCRIPT = fileURLToPath(new URL('./systemd.py', import.meta.url));

interface Helper {
  readonly lines: string[];
  close(): Promise<void>;
}

/** Runs systemd.py `args`, collecting stdout lines; killed on close() or when the test process exits. */
function runHelper(args: readonly string[]): Helper {
  const child: ChildProcess = spawn('python3', [SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let partial = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  return {
    lines,
    close: async () => {
      process.removeListener('exit', kill);
      kill();
      await exited;
    },
  };
}

export interface SocketUnit {
  /** The TCP port of the held socket (on 127.0.0.1). */
  readonly port: number;
  /** startRestgres `launcher`: the service gets the socket as fd 3 with LISTEN_FDS/LISTEN_PID. */
  readonly launcher: readonly string[];
  close(): Promise<void>;
}

/** Holds a listening socket like a systemd .socket unit; `dir` holds its control socket. */
export async function socketUnit(dir: string): Promise<SocketUnit> {
  const control = path.join(dir, 'socket-unit.ctl');
  const helper = runHelper(['hold', control]);
  const port = Number(await waitUntil('the socket unit to listen', () => helper.lines[0]));
  return { port, launcher: ['python3', SCRIPT, 'exec', control], close: helper.close };
}

export interface NotifySocket {
  /** NOTIFY_SOCKET for the service. */
  readonly path: string;
  /** Messages so far, newlines inside a message escaped as `\n`. */
  readonly messages: string[];
  close(): Promise<void>;
}

export async function notifySocket(dir: string): Promise<NotifySocket> {
  const socketPath = path.join(dir, 'notify.sock');
  const helper = runHelper(['notify', socketPath]);
  await waitUntil('the notify socket to be bound', () => helper.lines[0] === 'bound');
  return {
    path: socketPath,
    get messages() {
      return helper.lines.slice(1);
    },
    close: helper.close,
  };
}
