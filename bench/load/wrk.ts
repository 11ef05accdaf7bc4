// wrk (Debian's 4.1.0): the load generator of choice — C, epoll, one thread costs about half a
// core at 20k req/s, less than any Node-based tool. Requests come from a generated Lua script;
// its done() hook prints the exact counts as JSON, so nothing depends on wrk's text layout.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reapedChildrenCpuSeconds, runCaptured } from '../proc.ts';
import type { LoadOptions, LoadResult } from './load-result.ts';
import type { RequestTemplate } from './request-template.ts';
import { wrkLuaScript } from './wrk-lua.ts';

/** The wrk binary on PATH, or null. */
export function findWrk(): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const file = path.join(dir, 'wrk');
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * wrk from PATH, installing Debian's package first when it is missing and we are root with apt-get.
 * Returns null (and says why through `log`) when it cannot be had.
 */
export function ensureWrk(install: boolean, log: (line: string) => void): string | null {
  const found = findWrk();
  if (found !== null || !install) return found;
  if (process.getuid?.() !== 0 || spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) {
    log('wrk is not installed and cannot be installed here (needs root and apt-get)');
    return null;
  }
  log('installing wrk: apt-get install -y wrk');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let result = spawnSync('apt-get', ['install', '-y', '-q', 'wrk'], { env, encoding: 'utf8' });
  if (result.status !== 0) {
    // A fresh machine may have no package lists yet.
    spawnSync('apt-get', ['update', '-q'], { env, stdio: 'ignore' });
    result = spawnSync('apt-get', ['install', '-y', '-q', 'wrk'], { env, encoding: 'utf8' });
  }
  if (result.status !== 0) log(`apt-get install wrk failed: ${(result.stderr ?? '').trim().split('\n').pop()}`);
  return findWrk();
}

interface WrkSummary {
  readonly requests: number;
  readonly duration_us: number;
  readonly p50_us: number;
  readonly p99_us: number;
  readonly status: number;
  readonly connect: number;
  readonly read: number;
  readonly write: number;
  readonly timeout: number;
}

export async function runWrk(wrk: string, template: RequestTemplate, opts: LoadOptions): Promise<LoadResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'restgres-wrk-'));
  try {
    const script = path.join(dir, 'request.lua');
    fs.writeFileSync(script, wrkLuaScript(template));
    const args = [
      '-t1',
      `-c${opts.connections}`,
      `-d${Math.max(1, Math.round(opts.durationSeconds))}s`,
      '--timeout',
      '10s',
      '-s',
      script,
      opts.url,
    ];
    const cpuBefore = reapedChildrenCpuSeconds();
    const { code, stdout, stderr } = await runCaptured(wrk, args);
    const cpu = reapedChildrenCpuSeconds() - cpuBefore;
    const line = stdout.split('\n').find((l) => l.startsWith('WRKJSON '));
    if (code !== 0 || line === undefined) {
      throw new Error(`wrk failed (exit ${code}): ${stderr.trim() || stdout.trim()}`);
    }
    const s = JSON.parse(line.slice('WRKJSON '.length)) as WrkSummary;
    const seconds = s.duration_us / 1e6;
    return {
      tool: 'wrk',
      requests: s.requests,
      seconds,
      requestsPerSecond: s.requests / seconds,
      p50Ms: s.p50_us / 1000,
      p99Ms: s.p99_us / 1000,
      non2xx: s.status,
      socketErrors: s.connect + s.read + s.write + s.timeout,
      generatorCpuSeconds: cpu,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
