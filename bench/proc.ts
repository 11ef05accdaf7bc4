// Per-process CPU time and memory from /proc (Linux): what each server and PostgreSQL spent on a
// run. CPU-seconds per request is the figure that stays stable on a noisy shared machine.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';

/** Clock ticks per second for the utime/stime fields (USER_HZ, 100 on every Linux we know). */
const TICKS_PER_SECOND = readClockTicks();

function readClockTicks(): number {
  try {
    const out = execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim();
    const n = Number.parseInt(out, 10);
    return Number.isInteger(n) && n > 0 ? n : 100;
  } catch {
    return 100;
  }
}

interface StatFields {
  readonly ppid: number;
  /** utime + stime of the process itself, seconds. */
  readonly self: number;
  /** cutime + cstime: children that exited and were waited for, seconds. */
  readonly reaped: number;
}

function readStat(pid: number | 'self'): StatFields | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
  // After it, field 0 is state, 1 ppid, 11 utime, 12 stime, 13 cutime, 14 cstime.
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const n = (i: number) => Number.parseInt(f[i] ?? '0', 10);
  return { ppid: n(1), self: (n(11) + n(12)) / TICKS_PER_SECOND, reaped: (n(13) + n(14)) / TICKS_PER_SECOND };
}

/** CPU seconds (user + system, all threads) the process has used so far; NaN when it is gone. */
export function processCpuSeconds(pid: number): number {
  return readStat(pid)?.self ?? Number.NaN;
}

/**
 * CPU seconds of a PostgreSQL cluster: the postmaster, its live children (backends, background
 * workers), and the children that already exited (the kernel adds those to the postmaster's
 * cutime/cstime when it reaps them). The difference of two readings is therefore exact even when
 * connections come and go during the run, as pgbench's do. A child reaped while we scan would be
 * counted twice or not at all, so the scan is repeated until the postmaster's cutime did not move.
 */
export function clusterCpuSeconds(postmasterPid: number): number {
  for (let attempt = 0; ; attempt++) {
    const before = readStat(postmasterPid);
    if (before === null) return Number.NaN;
    let live = 0;
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = readStat(Number(entry));
      if (stat !== null && stat.ppid === postmasterPid) live += stat.self;
    }
    const after = readStat(postmasterPid);
    if (after === null) return Number.NaN;
    if (after.reaped === before.reaped || attempt >= 20) return after.self + after.reaped + live;
  }
}

/**
 * CPU seconds of this process's exited and reaped children: the delta around a wrk or pgbench run
 * is that tool's own cost (the servers and PostgreSQL are still running, so they are not in it).
 */
export function reapedChildrenCpuSeconds(): number {
  return readStat('self')?.reaped ?? Number.NaN;
}

function statusField(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    return match?.[1] === undefined ? Number.NaN : Number(match[1]) * 1024;
  } catch {
    return Number.NaN;
  }
}

/** Peak resident set size in bytes since start or since the last resetPeakRss(). */
export function peakRssBytes(pid: number): number {
  return statusField(pid, 'VmHWM');
}

export function rssBytes(pid: number): number {
  return statusField(pid, 'VmRSS');
}

/**
 * Resets VmHWM to the current RSS (writing 5 to clear_refs, Linux ≥ 4.0), so that each scenario
 * reports its own peak. Returns false when not permitted (not our process and not root).
 */
export function resetPeakRss(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Runs a command to the end, capturing its output; `env` is added to this process' environment. */
export function runCaptured(
  cmd: string,
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string>> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
