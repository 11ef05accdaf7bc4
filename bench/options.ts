// `npm run bench -- [options]`: the command line, with the defaults of a full run and of --smoke.
import { parseArgs } from 'node:util';
import type { Transport } from './database.ts';

export type LoadChoice = 'auto' | 'wrk' | 'builtin';

export interface BenchOptions {
  readonly smoke: boolean;
  readonly scenarios: ReadonlyArray<string>;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly rounds: number;
  readonly connections: number;
  readonly pool: number;
  readonly items: number;
  readonly transport: Transport;
  readonly load: LoadChoice;
  readonly installWrk: boolean;
  readonly hotPath: boolean;
  readonly scaleSizes: ReadonlyArray<number>;
  readonly scaleRuns: number;
  readonly scaleTimeoutSeconds: number;
  /** null: bench/results for a complete default run, else bench/work (see README). */
  readonly out: string | null;
  /** Printed at the top of the report: why a run deviates from the defaults, say. */
  readonly note: string | null;
  /** A results.json whose reports to write again instead of running anything. */
  readonly render: string | null;
}

export const USAGE = `npm run bench -- [options]

  --scenario NAME        run only this scenario (repeat or comma-separate); skips the scale part
                         unless --scale is given. Names: get-one, get-embed, count-exact, post-one,
                         post-bulk, patch-one, rpc, jwt-rls
  --duration S           seconds per measured run (default 10)
  --warmup S             warm-up seconds per server and scenario (default 3)
  --rounds N             interleaved rounds (default 3)
  --connections N        HTTP connections (default 32)
  --pool N               db-pool of both servers and pgbench clients (default 10)
  --items N              rows in api.items; other tables scale with it (default 100000)
  --transport unix|tcp   how both servers and pgbench reach PostgreSQL (default unix)
  --load auto|wrk|builtin  load generator (default auto: wrk, installed with apt-get if missing
                         and root; else the built-in loop)
  --no-install           never run apt-get
  --no-hot-path          only the start-up and scale part
  --scale LIST|none      table counts for start-up and scale (default 1000,10000,50000)
  --scale-runs N         runs per server and size (default 3)
  --scale-timeout S      timeout for /ready and for the first embed (default 60)
  --smoke                a few seconds: small dataset, one short round, built-in load loop, no scale
  --out DIR              where to write report.md, chart.svg and results.json
  --note TEXT            a remark printed at the top of the report
  --render FILE          only rewrite report.md and chart.svg from an earlier run's results.json
`;

function num(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name}: expected a number, got "${value}"`);
  return n;
}

export function parseOptions(argv: ReadonlyArray<string>): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      help: { type: 'boolean', short: 'h' },
      smoke: { type: 'boolean' },
      scenario: { type: 'string', multiple: true },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string' },
      pool: { type: 'string' },
      items: { type: 'string' },
      transport: { type: 'string' },
      load: { type: 'string' },
      'no-install': { type: 'boolean' },
      'no-hot-path': { type: 'boolean' },
      scale: { type: 'string' },
      'scale-runs': { type: 'string' },
      'scale-timeout': { type: 'string' },
      out: { type: 'string' },
      note: { type: 'string' },
      render: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help === true) return 'help';
  const smoke = values.smoke === true;
  const scenarios = (values.scenario ?? []).flatMap((s) => s.split(',')).filter((s) => s !== '');
  const transport = values.transport ?? 'unix';
  if (transport !== 'unix' && transport !== 'tcp') throw new Error('--transport: unix or tcp');
  const load = values.load ?? (smoke ? 'builtin' : 'auto');
  if (load !== 'auto' && load !== 'wrk' && load !== 'builtin') throw new Error('--load: auto, wrk or builtin');
  const scaleDefault = smoke || scenarios.length > 0 ? 'none' : '1000,10000,50000';
  const scaleText = values.scale ?? scaleDefault;
  const scaleSizes =
    scaleText === 'none'
      ? []
      : scaleText.split(',').map((s) => {
          const n = Number(s);
          if (!Number.isInteger(n) || n < 1) throw new Error(`--scale: "${s}" is not a table count`);
          return n;
        });
  return {
    smoke,
    scenarios,
    durationSeconds: num(values.duration, smoke ? 0.3 : 10, 'duration'),
    warmupSeconds: num(values.warmup, smoke ? 0 : 3, 'warmup'),
    rounds: Math.max(1, Math.round(num(values.rounds, smoke ? 1 : 3, 'rounds'))),
    connections: Math.max(1, Math.round(num(values.connections, smoke ? 8 : 32, 'connections'))),
    pool: Math.max(1, Math.round(num(values.pool, 10, 'pool'))),
    items: Math.max(25, Math.round(num(values.items, smoke ? 2500 : 100_000, 'items'))),
    transport,
    load,
    installWrk: values['no-install'] !== true,
    hotPath: values['no-hot-path'] !== true,
    scaleSizes,
    scaleRuns: Math.max(1, Math.round(num(values['scale-runs'], 3, 'scale-runs'))),
    scaleTimeoutSeconds: num(values['scale-timeout'], 60, 'scale-timeout'),
    out: values.out ?? null,
    note: values.note ?? null,
    render: values.render ?? null,
  };
}

/** Whether this run is the complete default one whose results belong in bench/results. */
export function isFullRun(o: BenchOptions): boolean {
  return (
    !o.smoke &&
    o.hotPath &&
    o.scenarios.length === 0 &&
    o.durationSeconds >= 10 &&
    o.rounds >= 3 &&
    o.items >= 100_000 &&
    o.scaleSizes.length > 0
  );
}
