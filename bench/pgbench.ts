// The ceiling: PostgreSQL executing exactly restgres' statements for a scenario, driven by pgbench
// (C, libpq) with prepared statements at the pool's concurrency over the same transport. restgres
// sends its statements as one pipeline ending in a single Sync, inside PostgreSQL's implicit
// transaction; \startpipeline … \endpipeline does the same (one Sync at \endpipeline).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reapedChildrenCpuSeconds, runCaptured } from './proc.ts';
import type { CapturedStatement } from './sql-capture.ts';

export const PGBENCH = '/usr/bin/pgbench';

export interface PgbenchScript {
  readonly text: string;
  /** Values for the -D options: the captured parameters that do not vary per request. */
  readonly defines: Readonly<Record<string, string>>;
  /** Whether the probe's id was found among the parameters and is drawn at random like the HTTP runs. */
  readonly randomId: boolean;
}

export interface PgbenchResult {
  readonly transactions: number;
  readonly seconds: number;
  readonly tps: number;
  readonly latencyAvgMs: number;
  readonly failed: number;
  readonly pgbenchCpuSeconds: number;
}

export function pgbenchAvailable(): boolean {
  return fs.existsSync(PGBENCH);
}

/**
 * The pgbench script for the captured statements: `$n` become pgbench variables; the parameter equal
 * to the probe id becomes `:id` drawn from 1..idMax; NULLs are written inline (-D cannot set NULL).
 */
export function pgbenchScript(
  statements: ReadonlyArray<CapturedStatement>,
  probeId: number,
  idMax: number,
): PgbenchScript {
  const defines: Record<string, string> = {};
  let randomId = false;
  const bodies = statements.map((s, i) =>
    s.text.replace(/\$(\d+)\b/g, (whole, n: string) => {
      const index = Number(n) - 1;
      if (index < 0 || index >= s.params.length) return whole;
      const value = s.params[index];
      if (value === null || value === undefined) return 'NULL';
      if (value === String(probeId)) {
        randomId = true;
        return ':id';
      }
      const name = `s${i + 1}p${n}`;
      defines[name] = value;
      return `:${name}`;
    }),
  );
  const lines = [
    `-- ${statements.length} statement(s) captured from restgres, sent as one pipeline with a single Sync`,
    ...(randomId ? [`\\set id random(1, ${idMax})`] : []),
    '\\startpipeline',
    ...bodies.map((b) => `${b.replace(/;\s*$/, '')};`),
    '\\endpipeline',
    '',
  ];
  return { text: lines.join('\n'), defines, randomId };
}

export interface PgbenchRunOptions {
  readonly clients: number;
  /** Seconds (-T); or, when `transactionsPerClient` is set, that many transactions per client (-t). */
  readonly durationSeconds: number;
  readonly transactionsPerClient?: number;
  readonly connection: { readonly args: ReadonlyArray<string>; readonly env: Readonly<Record<string, string>> };
}

export async function runPgbench(script: PgbenchScript, opts: PgbenchRunOptions): Promise<PgbenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'restgres-pgbench-'));
  try {
    const file = path.join(dir, 'script.sql');
    fs.writeFileSync(file, script.text);
    const args = [
      '-n',
      '-M',
      'prepared',
      '-c',
      String(opts.clients),
      // One thread, as the HTTP load generator has.
      '-j',
      '1',
      ...(opts.transactionsPerClient === undefined
        ? ['-T', String(Math.max(1, Math.round(opts.durationSeconds)))]
        : ['-t', String(opts.transactionsPerClient)]),
      '-f',
      file,
      ...Object.entries(script.defines).flatMap(([k, v]) => ['-D', `${k}=${v}`]),
      ...opts.connection.args,
    ];
    const cpuBefore = reapedChildrenCpuSeconds();
    const { code, stdout, stderr } = await runCaptured(PGBENCH, args, opts.connection.env);
    const cpu = reapedChildrenCpuSeconds() - cpuBefore;
    const num = (re: RegExp) => {
      const m = re.exec(stdout);
      return m?.[1] === undefined ? Number.NaN : Number(m[1]);
    };
    const tps = num(/^tps = ([\d.]+)/m);
    const transactions = num(/^number of transactions actually processed: (\d+)/m);
    const failed = num(/^number of failed transactions: (\d+)/m);
    if (code !== 0 || !Number.isFinite(tps)) {
      // The first error is the cause (e.g. a failed PREPARE); the last lines say where it stopped.
      const lines = stderr.trim().split('\n');
      const first = lines.find((l) => /error/i.test(l));
      const why = [...new Set([...(first === undefined ? [] : [first]), ...lines.slice(-2)])].join(' | ');
      throw new Error(`pgbench failed (exit ${code}): ${why}`);
    }
    return {
      transactions,
      seconds: transactions / tps,
      tps,
      latencyAvgMs: num(/^latency average = ([\d.]+) ms/m),
      failed: Number.isFinite(failed) ? failed : 0,
      pgbenchCpuSeconds: cpu,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
