// The Markdown report: machine and method first, then the medians with their spread, the ratios
// against PostgREST and the pgbench ceiling, CPU per request, memory, and the raw rounds.
import { fmtFixed, fmtInt, fmtMB, fmtPercent, fmtRatio, fmtSeconds } from './format.ts';
import type { BenchResults, HotPathResults, ScaleResult, ScaleResults, ScaleRun } from './results.ts';
import { median } from './stats.ts';
import { type ContenderSummary, RSS_UNDER_LOAD_TARGET, type ScenarioSummary, summarizeScenario } from './summary.ts';

/** Issue targets for start-up at scale. */
const READY_TARGET_MS: Readonly<Record<number, number>> = { 10000: 3000, 50000: 15000 };
const FIRST_EMBED_TARGET_MS = 500;
const SCALE_RSS_TARGET = 500e6;

export function markdownReport(r: BenchResults, chartFile: string | null): string {
  const m = r.machine;
  const out: string[] = [
    '# restgres vs PostgREST 12.0.2: benchmark report',
    '',
    `Run from ${m.startedAt} to ${r.finishedAt}, git commit \`${m.gitCommit}\`.` +
      (m.gitCommitAtEnd === undefined || m.gitCommitAtEnd === m.gitCommit
        ? ''
        : ` HEAD moved to \`${m.gitCommitAtEnd}\` during the run: another session committed, and servers started after that ran the newer code.`),
    '',
    ...(r.note === null ? [] : [`> ${r.note}`, '']),
    '## Machine',
    '',
    '| | |',
    '|---|---|',
    `| CPU | ${m.cpuModel}, ${m.cores} cores |`,
    `| RAM | ${m.memoryGiB} GiB |`,
    `| OS, kernel | ${m.os}, Linux ${m.kernel} |`,
    `| Node (restgres) | ${m.node} |`,
    `| PostgreSQL | ${m.postgres} |`,
    `| PostgREST | ${m.postgrest} |`,
    `| pgbench | ${m.pgbench} |`,
    `| load generator | ${m.loadGenerator} |`,
    `| load average (1/5/15 min) | ${m.loadAverageAtStart.join(' / ')} at start, ${r.loadAverageAtEnd.join(' / ')} at end |`,
    '',
    'This machine is shared: other sessions may have been running builds and tests during the run. Each',
    'run records the busy CPU of processes other than ours ("other load" below). Compare the contenders',
    'with each other within this run; do not compare these absolute numbers with other runs or machines.',
    'CPU time per request is the steadiest figure.',
    '',
  ];
  if (r.hotPath !== null) out.push(...hotPathSection(r.hotPath, chartFile));
  if (r.scale !== null) out.push(...scaleSection(r.scale));
  return `${out.join('\n')}\n`;
}

function hotPathSection(h: HotPathResults, chartFile: string | null): string[] {
  const s = h.settings;
  const sums = h.scenarios.map(summarizeScenario);
  const out: string[] = [
    '## Hot path',
    '',
    '### Method',
    '',
    `- Dataset: ${s.dataset}.`,
    `- Both servers use the same PostgreSQL, pool size ${s.pool} and transport (${s.transport === 'unix' ? 'unix socket' : 'TCP loopback'}), with log level \`error\`. Both are started from PGRST_* environment variables only. restgres runs as published: compiled (\`npm run build\`, \`dist/main.js\`) with \`--max-semi-space-size=8\` as \`bin/restgres.js\` sets it.`,
    `- Load: ${h.scenarios[0]?.restgres.runs[0]?.tool ?? h.scenarios[0]?.postgrest.runs[0]?.tool ?? 'n/a'}, one thread, ${s.connections} HTTP connections (keep-alive), ${s.durationSeconds} s per run, ${s.warmupSeconds} s warm-up per server and scenario. Then ${s.rounds} round(s). Each round runs restgres and PostgREST back to back, and the order flips every round (A/B, B/A, …), followed by the pgbench ceiling. Figures are the median over rounds; the spread is min–max.`,
    `- Ceiling: pgbench (\`-M prepared -c ${s.pool} -j 1\`, same transport) runs the statements restgres sent for the scenario. They were captured from PostgreSQL's log (\`log_statement = all\`) while the availability probe ran. They run as one pipeline (\`\\startpipeline … \\endpipeline\`, a single Sync) in PostgreSQL's implicit transaction, as restgres sends them. The parameter holding the random id is drawn at random like the HTTP requests; every other parameter keeps its captured value.`,
    '- CPU: utime+stime from /proc over each run. Server = the server process. PostgreSQL = the postmaster, its children, and the children that exited during the run. Errors = non-2xx responses + socket errors (connect, read, write, timeout). Peak RSS = VmHWM, reset at the start of each scenario.',
    '- A scenario is available only if the server answers the probe request correctly: the right status, and a body and database state that show the work was done. A server that ignores a filter and answers 200 counts as not available.',
    '',
    `Start-up (this run): restgres ready in ${fmtSeconds(h.startup.restgres.readyMs)}, idle RSS ${fmtMB(h.startup.restgres.idleRssBytes)}; PostgREST ready in ${fmtSeconds(h.startup.postgrest.readyMs)}, idle RSS ${fmtMB(h.startup.postgrest.idleRssBytes)}.`,
    '',
  ];
  if (chartFile !== null) out.push(`![requests per second by scenario](${chartFile})`, '');
  out.push(
    '### Throughput and latency',
    '',
    '| scenario | restgres req/s | PostgREST req/s | restgres ÷ PostgREST | ceiling tps | restgres ÷ ceiling | p50 / p99 restgres | p50 / p99 PostgREST | errors (r / P) |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  for (const x of sums) {
    out.push(
      `| ${x.result.title} | ${rpsCell(x.restgres)} | ${rpsCell(x.postgrest)} | ${fmtRatio(x.ratio)} | ${x.ceiling.available ? spreadCell(x.ceiling.tps) : ceilingReason(x)} | ${fmtPercent(x.ofCeiling)} | ${latencyCell(x.restgres)} | ${latencyCell(x.postgrest)} | ${errorsCell(x)} |`,
    );
  }
  out.push(
    '',
    '### CPU per request and memory',
    '',
    'CPU in microseconds per request (per transaction for pgbench), median over rounds. "Other load" is the number of cores busy with processes that are not part of the run: the noise from other sessions.',
    '',
    '| scenario | restgres process | PostgREST process | PostgreSQL, restgres runs | PostgreSQL, PostgREST runs | PostgreSQL, pgbench | peak RSS restgres | peak RSS PostgREST | other load (r / P) |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  for (const x of sums) {
    out.push(
      `| ${x.result.title} | ${us(x.restgres.serverCpuUsPerRequest)} | ${us(x.postgrest.serverCpuUsPerRequest)} | ${us(x.restgres.pgCpuUsPerRequest)} | ${us(x.postgrest.pgCpuUsPerRequest)} | ${us(x.ceiling.pgCpuUsPerTx)} | ${fmtMB(x.restgres.peakRssBytes)} | ${fmtMB(x.postgrest.peakRssBytes)} | ${fmtFixed(x.restgres.otherCores, 2)} / ${fmtFixed(x.postgrest.otherCores, 2)} |`,
    );
  }
  out.push(
    '',
    '### Targets (reported, not asserted)',
    '',
    '| scenario | target | measured | met |',
    '|---|---|---|---|',
  );
  for (const x of sums) {
    const t = x.target;
    const want = [
      `≥ ${t.minRatio}× PostgREST req/s`,
      ...(t.lowerP99 ? ['lower p99'] : []),
      ...(t.minOfCeiling === null ? [] : [`≥ ${t.minOfCeiling} of the ceiling`]),
    ].join(', ');
    const got = [
      fmtRatio(x.ratio),
      ...(t.lowerP99 ? [`p99 ${fmtFixed(x.restgres.p99Ms, 2)} vs ${fmtFixed(x.postgrest.p99Ms, 2)} ms`] : []),
      ...(t.minOfCeiling === null ? [] : [`${fmtFixed(x.ofCeiling, 2)} of the ceiling`]),
    ].join(', ');
    out.push(`| ${x.result.title} | ${want} | ${x.restgres.available ? got : 'not available'} | ${metCell(t.met)} |`);
  }
  const peak = Math.max(...sums.map((x) => x.restgres.peakRssBytes).filter(Number.isFinite));
  out.push(
    `| restgres RSS under load | ≤ ${fmtMB(RSS_UNDER_LOAD_TARGET)} | ${Number.isFinite(peak) ? fmtMB(peak) : '—'} | ${Number.isFinite(peak) ? metCell(peak <= RSS_UNDER_LOAD_TARGET) : 'n/a'} |`,
  );

  const missing = sums.filter((x) => !x.result.restgres.available);
  if (missing.length > 0) {
    out.push('', '### Not available in restgres yet', '');
    for (const x of missing) {
      out.push(`- **${x.result.title}** (needs ${x.result.needs}): ${oneLine(x.result.restgres.reason ?? '')}`);
    }
  }
  const failures = sums.flatMap((x) =>
    (['restgres', 'postgrest'] as const)
      .filter((k) => x.result[k].available && x.result[k].reason !== null)
      .map((k) => `- ${x.result.title}, ${k}: ${oneLine(x.result[k].reason ?? '')}`),
  );
  const pgrstMissing = sums
    .filter((x) => !x.result.postgrest.available)
    .map((x) => `- ${x.result.title}, PostgREST: ${oneLine(x.result.postgrest.reason ?? '')}`);
  if (failures.length + pgrstMissing.length > 0) out.push('', '### Failed runs', '', ...failures, ...pgrstMissing);

  out.push('', '### Requests and ceiling scripts', '');
  for (const x of sums) {
    const c = x.result.ceiling;
    out.push(`#### ${x.result.title}`, '', `\`${x.result.method} ${x.result.path}\``, '');
    if (c.script === null) {
      out.push(`Ceiling: ${oneLine(c.reason ?? 'not available')}`, '');
      continue;
    }
    const lostId = !c.randomId && x.result.path.includes('<random');
    out.push(
      `pgbench script${lostId ? ' (the probe id was not found among the parameters, so every transaction uses the same values)' : ''}:`,
      '',
      '```',
      ...c.script.split('\n').map((l) => (l.length > 400 ? `${l.slice(0, 400)}…` : l)),
      '```',
      '',
    );
    const defs = Object.entries(c.defines);
    if (defs.length > 0) {
      out.push('with', '', ...defs.map(([k, v]) => `- \`${k}\` = \`${v.replaceAll('`', "'")}\``), '');
    }
    if (c.reason !== null) out.push(`Ceiling failed: ${oneLine(c.reason)}`, '');
  }

  out.push(
    '### All rounds',
    '',
    '| scenario | round | who | req/s | p50 ms | p99 ms | errors | server CPU s | PostgreSQL CPU s | other CPU s |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const x of h.scenarios) {
    for (const kind of ['restgres', 'postgrest'] as const) {
      x[kind].runs.forEach((run, i) => {
        out.push(
          `| ${x.name} | ${i + 1} | ${kind} | ${fmtInt(run.requestsPerSecond)} | ${fmtFixed(run.p50Ms, 2)} | ${fmtFixed(run.p99Ms, 2)} | ${run.non2xx + run.socketErrors} | ${fmtFixed(run.serverCpuSeconds, 2)} | ${fmtFixed(run.pgCpuSeconds, 2)} | ${fmtFixed(run.otherCpuSeconds, 2)} |`,
        );
      });
    }
    x.ceiling.runs.forEach((run, i) => {
      out.push(
        `| ${x.name} | ${i + 1} | pgbench | ${fmtInt(run.tps)} | | | ${run.failed} | ${fmtFixed(run.pgbenchCpuSeconds, 2)} (pgbench) | ${fmtFixed(run.pgCpuSeconds, 2)} | ${fmtFixed(run.otherCpuSeconds, 2)} |`,
      );
    });
  }
  out.push('');
  return out;
}

function scaleSection(s: ScaleResults): string[] {
  const out: string[] = ['## Start-up and schema-cache scale', ''];
  out.push(
    'Generated schemas (`bench/schema-gen.ts`, two foreign keys per table, a view every tenth table), one database each, its catalogs analyzed after creation (as autovacuum would have done in a deployed database), served over the same transport with pool 10 and log level `info`. Each server is started, timed to admin `/ready`, then sent one embed along a foreign key right away, and stopped. Runs alternate between the servers; medians are over the runs. A server that times out is not run again at that size.',
    '',
    `- **ready**: from spawn to the first 200 from admin \`/ready\` (timeout ${s.timeoutSeconds} s).`,
    '- **cache log line**: from spawn to the "Schema cache loaded" line. restgres also prints its own timings ("queried in" / "loaded in"); PostgREST 12.0.2 prints none.',
    `- **first embed**: the first request that needs relationships, sent right after \`/ready\` (timeout ${s.timeoutSeconds} s). It counts as verified when an embed of a table that does not exist is refused, so the server really resolves relationships.`,
    '- **RSS**: VmRSS after `/ready` and after the first embed.',
    '',
    '| tables | server | runs | ready | cache log line | restgres queried / loaded | RSS after load | first embed | RSS after embed | notes |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const size of s.sizes) {
    for (const kind of ['restgres', 'postgrest'] as const) out.push(scaleRow(size, kind, s.timeoutSeconds));
  }
  out.push('', '| tables | generate + load SQL | embed request |', '|---|---|---|');
  for (const size of s.sizes)
    out.push(`| ${fmtInt(size.tables)} | ${fmtFixed(size.generateSeconds, 1)} s | \`${size.embedPath}\` |`);
  out.push('', '### Start-up targets (restgres)', '', '| target | measured | met |', '|---|---|---|');
  for (const size of s.sizes) {
    const runs = size.restgres;
    const ready = medianOrNull(runs.map((r) => r.readyMs));
    const want = READY_TARGET_MS[size.tables];
    if (want !== undefined) {
      out.push(
        `| ${fmtInt(size.tables)} tables ready < ${fmtSeconds(want)} | ${fmtSeconds(ready)} | ${metCell(ready === null ? false : ready < want)} |`,
      );
    }
    const verified = runs.every((r) => r.embedVerified) && runs.length > 0;
    const embed = medianOrNull(runs.map((r) => r.firstEmbedMs));
    out.push(
      `| ${fmtInt(size.tables)} tables first embed < ${fmtSeconds(FIRST_EMBED_TARGET_MS)} | ${verified ? fmtSeconds(embed) : 'not available'} | ${verified ? metCell(embed !== null && embed < FIRST_EMBED_TARGET_MS) : 'n/a'} |`,
    );
    const rss = Math.max(...runs.map((r) => Math.max(r.rssAfterLoadBytes, r.rssAfterEmbedBytes)));
    out.push(
      `| ${fmtInt(size.tables)} tables RSS < ${fmtMB(SCALE_RSS_TARGET)} | ${fmtMB(rss)} | ${metCell(rss < SCALE_RSS_TARGET)} |`,
    );
  }
  out.push('');
  return out;
}

function scaleRow(size: ScaleResult, kind: 'restgres' | 'postgrest', timeoutSeconds: number): string {
  const runs: ReadonlyArray<ScaleRun> = size[kind];
  const timeout = `> ${timeoutSeconds} s`;
  const ready = medianOrNull(runs.map((r) => r.readyMs));
  const anyReadyTimeout = runs.some((r) => r.readyMs === null);
  const embedTimedOut = runs.some((r) => r.readyMs !== null && r.firstEmbedMs === null);
  const embed = medianOrNull(runs.map((r) => r.firstEmbedMs));
  const verified = runs.length > 0 && runs.every((r) => r.embedVerified);
  const own =
    kind === 'restgres'
      ? `${fmtSeconds(medianOrNull(runs.map((r) => r.cacheQueriedMs)))} / ${fmtSeconds(medianOrNull(runs.map((r) => r.cacheLoadedMs)))}`
      : 'not logged';
  const notes = [...new Set(runs.map((r) => r.note).filter((n): n is string => n !== null))].map(oneLine).join('; ');
  const embedCell = embedTimedOut ? timeout : verified ? fmtSeconds(embed) : `${fmtSeconds(embed)} (not verified)`;
  return `| ${fmtInt(size.tables)} | ${kind} | ${runs.length} | ${anyReadyTimeout ? timeout : fmtSeconds(ready)} | ${fmtSeconds(medianOrNull(runs.map((r) => r.cacheLineMs)))} | ${own} | ${fmtMB(median(runs.map((r) => r.rssAfterLoadBytes)))} | ${embedCell} | ${fmtMB(median(runs.map((r) => r.rssAfterEmbedBytes)))} | ${notes} |`;
}

function medianOrNull(values: ReadonlyArray<number | null>): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : median(present);
}

function rpsCell(c: ContenderSummary): string {
  if (!c.available) return c.reason === null ? 'not available' : '**not available**';
  return spreadCell(c.rps);
}

function spreadCell(s: { median: number; min: number; max: number; values: ReadonlyArray<number> }): string {
  return s.values.length > 1 ? `${fmtInt(s.median)} (${fmtInt(s.min)}–${fmtInt(s.max)})` : fmtInt(s.median);
}

function latencyCell(c: ContenderSummary): string {
  return c.available ? `${fmtFixed(c.p50Ms, 2)} / ${fmtFixed(c.p99Ms, 2)} ms` : '—';
}

function errorsCell(x: ScenarioSummary): string {
  const r = x.restgres.available ? String(x.restgres.errors) : '—';
  const p = x.postgrest.available ? String(x.postgrest.errors) : '—';
  return `${r} / ${p}`;
}

function ceilingReason(x: ScenarioSummary): string {
  return x.result.restgres.available ? 'failed' : 'n/a';
}

function us(n: number): string {
  return Number.isFinite(n) ? `${fmtFixed(n, n < 100 ? 1 : 0)} µs` : '—';
}

function metCell(met: boolean | null): string {
  if (met === null) return 'n/a';
  return met ? 'yes' : '**no**';
}

function oneLine(text: string): string {
  const flat = text.replaceAll('|', '\\|').replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}
