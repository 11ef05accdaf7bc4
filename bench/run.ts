// `npm run bench`: restgres side by side with PostgREST 12.0.2 on a throwaway PostgreSQL, with the
// pgbench ceiling, then start-up at scale; writes report.md, chart.svg and results.json.
// See bench/README.md for how to run it and read the report.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BenchDatabase, startBenchDatabase } from './database.ts';
import { datasetShape, datasetSql } from './dataset.ts';
import { fmtInt } from './format.ts';
import { runHotPath } from './hot-path.ts';
import { ensureWrk } from './load/wrk.ts';
import { describeMachine, gitCommit } from './machine.ts';
import { type BenchOptions, isFullRun, parseOptions, USAGE } from './options.ts';
import { PGBENCH } from './pgbench.ts';
import { markdownReport } from './report-md.ts';
import { svgChart } from './report-svg.ts';
import type { BenchResults, HotPathResults, ScaleResults } from './results.ts';
import { runScale } from './scale.ts';
import { POSTGREST_BIN, REPO_ROOT } from './servers.ts';
import { summarizeScenario } from './summary.ts';

const t0 = performance.now();
const log = (line: string) =>
  process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);

async function main(argv: ReadonlyArray<string>): Promise<number> {
  let opts: BenchOptions | 'help';
  try {
    opts = parseOptions(argv);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (opts.render !== null) {
    // Re-render the reports of an earlier run from its results.json (after a change to the report code).
    const file = path.resolve(opts.render);
    const results = JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResults;
    writeOutputs(results, path.dirname(file));
    return 0;
  }
  const startedAt = new Date().toISOString();
  const loadAverageAtStart = os.loadavg();
  const gitCommitAtStart = gitCommit();

  const wrk = chooseLoadGenerator(opts);
  const loadGenerator =
    wrk === null ? 'built-in node:http closed loop (bench/load/builtin.ts)' : `${wrkVersion(wrk)} (-t1)`;
  log(`load generator: ${loadGenerator}`);

  let postgres = 'not started';
  let hotPath: HotPathResults | null = null;
  if (opts.hotPath) {
    const db = await startBenchDatabase({ transport: opts.transport });
    try {
      postgres = db.serverVersion;
      const shape = datasetShape({ items: opts.items });
      log(`dataset: ${fmtInt(shape.items)} items (transport ${db.transport})`);
      await db.query(datasetSql(shape, db.authenticatorPassword));
      await db.query('vacuum analyze');
      const totalRows = shape.authors + shape.items + shape.reviews + shape.notes;
      hotPath = await runHotPath({
        db,
        shape,
        jwtSecret: crypto.randomBytes(32).toString('base64url'),
        only: opts.scenarios,
        wrk,
        log,
        settings: {
          pool: opts.pool,
          connections: opts.connections,
          durationSeconds: opts.durationSeconds,
          warmupSeconds: opts.warmupSeconds,
          rounds: opts.rounds,
          transport: db.transport,
          dataset: `${fmtInt(totalRows)} rows: ${fmtInt(shape.authors)} authors, ${fmtInt(shape.items)} items, ${fmtInt(shape.reviews)} reviews, ${fmtInt(shape.notes)} notes (RLS)`,
          smoke: opts.smoke,
        },
      });
    } finally {
      await db.stop();
    }
  }

  let scale: ScaleResults | null = null;
  if (opts.scaleSizes.length > 0) {
    // A cluster of its own: creating 50,000 tables with their indexes, constraints and views in
    // one transaction needs far more lock slots than the default.
    const db: BenchDatabase = await startBenchDatabase({
      transport: opts.transport,
      settings: { max_locks_per_transaction: '4096', max_connections: '60' },
    });
    try {
      postgres = db.serverVersion;
      scale = await runScale({
        db,
        sizes: opts.scaleSizes,
        runs: opts.scaleRuns,
        pool: opts.pool,
        timeoutSeconds: opts.scaleTimeoutSeconds,
        log,
      });
    } finally {
      await db.stop();
    }
  }

  const machine = describeMachine({
    postgres,
    postgrest: versionOf(POSTGREST_BIN, ['--version']),
    pgbench: versionOf(PGBENCH, ['--version']),
    loadGenerator,
    startedAt,
    loadAverageAtStart,
    gitCommitAtStart,
  });
  const results: BenchResults = {
    machine,
    note: opts.note,
    finishedAt: new Date().toISOString(),
    loadAverageAtEnd: os.loadavg().map((n) => Math.round(n * 100) / 100),
    hotPath,
    scale,
  };
  const outDir = path.resolve(opts.out ?? path.join(REPO_ROOT, 'bench', isFullRun(opts) ? 'results' : 'work'));
  fs.mkdirSync(outDir, { recursive: true });
  writeOutputs(results, outDir);
  return 0;
}

function writeOutputs(results: BenchResults, outDir: string): void {
  const { machine, hotPath } = results;
  const chart = hotPath === null ? null : 'chart.svg';
  if (hotPath !== null) {
    const s = hotPath.settings;
    const subtitle = `${machine.cpuModel}, ${machine.cores} cores; pool ${s.pool}, ${s.connections} connections, ${s.rounds} × ${s.durationSeconds} s; commit ${machine.gitCommit.slice(0, 10)}`;
    fs.writeFileSync(path.join(outDir, 'chart.svg'), svgChart(hotPath.scenarios.map(summarizeScenario), subtitle));
  }
  const report = path.join(outDir, 'report.md');
  fs.writeFileSync(report, markdownReport(results, chart));
  const json = path.join(outDir, 'results.json');
  fs.writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  formatForBiome([report, json]);
  log(
    `wrote ${path.relative(process.cwd(), outDir) || '.'}/report.md${chart === null ? '' : ', chart.svg'}, results.json`,
  );
}

/**
 * `npm test` runs `biome check .`, which also formats Markdown (padded tables) and JSON (short
 * arrays on one line), so results committed under bench/results must be in Biome's layout. Biome
 * is a devDependency: let it format them. Files outside the repository are left alone.
 */
function formatForBiome(files: ReadonlyArray<string>): void {
  const biome = path.join(REPO_ROOT, 'node_modules', '.bin', 'biome');
  const inside = files.filter((f) => f.startsWith(`${REPO_ROOT}${path.sep}`));
  if (inside.length === 0 || !fs.existsSync(biome)) return;
  const result = spawnSync(biome, ['format', '--write', ...inside], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) log(`biome format failed: ${(result.stderr ?? '').trim().split('\n')[0]}`);
}

function chooseLoadGenerator(opts: BenchOptions): string | null {
  if (opts.load === 'builtin') return null;
  const wrk = ensureWrk(opts.installWrk, log);
  if (wrk === null && opts.load === 'wrk') throw new Error('--load wrk: wrk is not available');
  if (wrk === null) log('wrk is not available: falling back to the built-in load loop (higher client overhead)');
  return wrk;
}

function wrkVersion(wrk: string): string {
  // `wrk -v` prints its version and exits 1.
  const out = spawnSync(wrk, ['-v'], { encoding: 'utf8' });
  return (out.stdout ?? '').split('\n')[0]?.trim() || 'wrk';
}

function versionOf(bin: string, args: ReadonlyArray<string>): string {
  const out = spawnSync(bin, args, { encoding: 'utf8' });
  return out.status === 0 ? out.stdout.trim() : 'not found';
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
