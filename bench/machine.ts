// What the numbers were measured on: hardware, kernel, versions and the git commit, plus how busy
// the machine was with work that is not ours (other sessions share this box).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { REPO_ROOT } from './servers.ts';

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly kernel: string;
  readonly node: string;
  readonly postgres: string;
  readonly postgrest: string;
  readonly pgbench: string;
  readonly loadGenerator: string;
  /** HEAD when the run started (plus a remark when the working tree had uncommitted changes). */
  readonly gitCommit: string;
  /** HEAD when it ended: other sessions may commit during a long run. */
  readonly gitCommitAtEnd: string;
  readonly loadAverageAtStart: ReadonlyArray<number>;
  readonly startedAt: string;
}

export function describeMachine(parts: {
  readonly postgres: string;
  readonly postgrest: string;
  readonly pgbench: string;
  readonly loadGenerator: string;
  readonly startedAt: string;
  readonly loadAverageAtStart: ReadonlyArray<number>;
  readonly gitCommitAtStart: string;
}): MachineInfo {
  const cpuinfo = readText('/proc/cpuinfo');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const osRelease = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readText('/etc/os-release'))?.[1] ?? os.type();
  return {
    cpuModel: model.trim(),
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: osRelease,
    kernel: os.release(),
    node: process.version,
    postgres: parts.postgres,
    postgrest: parts.postgrest,
    pgbench: parts.pgbench,
    loadGenerator: parts.loadGenerator,
    gitCommit: parts.gitCommitAtStart,
    gitCommitAtEnd: gitCommit(),
    loadAverageAtStart: parts.loadAverageAtStart.map((n) => Math.round(n * 100) / 100),
    startedAt: parts.startedAt,
  };
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export function gitCommit(): string {
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (head.status !== 0) return 'unknown';
  // Untracked files count too: a new source file changes what runs.
  const status = spawnSync('git', ['status', '--porcelain'], { cwd: REPO_ROOT, encoding: 'utf8' });
  const changed = (status.stdout ?? '').trim() !== '';
  return `${head.stdout.trim()}${changed ? ' (plus uncommitted changes in the working tree)' : ''}`;
}

/**
 * CPU seconds the whole machine spent busy so far (user, nice, system, irq, softirq, steal from
 * /proc/stat, all cores). Over a run, this minus what the servers, PostgreSQL and the load
 * generator used is the work of other processes: the noise in that run.
 */
export function machineBusySeconds(): number {
  const first = readText('/proc/stat').split('\n')[0] ?? '';
  const f = first.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f;
  return (user + nice + system + irq + softirq + steal) / 100;
}
