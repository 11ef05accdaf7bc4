// The hot-path benchmark: every scenario against restgres and PostgREST 12.0.2 with the same pool,
// database, transport and load generator, interleaved round by round with the pgbench ceiling
// running restgres' own SQL. Scenarios restgres cannot serve correctly yet are "not available".
import { httpRequest } from '../test/support/http.ts';
import type { BenchDatabase } from './database.ts';
import type { DatasetShape } from './dataset.ts';
import { runBuiltin } from './load/builtin.ts';
import type { LoadOptions, LoadResult } from './load/load-result.ts';
import type { ConcreteRequest, RequestTemplate } from './load/request-template.ts';
import { runWrk } from './load/wrk.ts';
import { machineBusySeconds } from './machine.ts';
import { type PgbenchScript, pgbenchAvailable, pgbenchScript, runPgbench } from './pgbench.ts';
import { clusterCpuSeconds, peakRssBytes, processCpuSeconds, resetPeakRss, rssBytes } from './proc.ts';
import type {
  CeilingResult,
  CeilingRun,
  ContenderResult,
  HotPathResults,
  HotPathSettings,
  ScenarioResult,
  ServerRun,
} from './results.ts';
import { buildScenarios, type ProbeContext, type Scenario } from './scenarios.ts';
import { type RunningServer, type ServerKind, type ServerSettings, startServer } from './servers.ts';
import { LogCollector } from './sql-capture.ts';

export interface HotPathOptions {
  readonly db: BenchDatabase;
  readonly shape: DatasetShape;
  readonly jwtSecret: string;
  readonly settings: HotPathSettings;
  /** Scenario names to run; empty for all. */
  readonly only: ReadonlyArray<string>;
  /** wrk's path, or null for the built-in loop. */
  readonly wrk: string | null;
  readonly log: (line: string) => void;
}

const READY_TIMEOUT_MS = 60_000;

interface Contender {
  readonly kind: ServerKind;
  readonly server: RunningServer;
  /** Scenario name → why this server cannot serve it. */
  readonly unavailable: ReadonlyMap<string, string>;
}

export async function runHotPath(opts: HotPathOptions): Promise<HotPathResults> {
  const { db, settings, log } = opts;
  const all = buildScenarios(opts.shape, opts.jwtSecret);
  const unknown = opts.only.filter((name) => !all.some((s) => s.name === name));
  if (unknown.length > 0)
    throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${all.map((s) => s.name).join(', ')}`);
  const scenarios = opts.only.length === 0 ? all : all.filter((s) => opts.only.includes(s.name));
  const serverSettings: ServerSettings = {
    dbUri: db.authenticatorUri,
    schemas: 'api',
    anonRole: 'web_anon',
    pool: settings.pool,
    jwtSecret: opts.jwtSecret,
    logLevel: 'error',
  };
  const probeContext = (server: RunningServer): ProbeContext => ({
    send: (req: ConcreteRequest) =>
      httpRequest(server.url(req.path), {
        method: req.method,
        headers: req.headers,
        ...(req.body === null ? {} : { body: req.body }),
        timeoutMs: 60_000,
      }),
    query: (sql, params) => db.query(sql, params),
  });

  // 1. Availability and SQL capture, on a restgres of its own whose sessions log every statement.
  log('checking which scenarios restgres serves, and capturing its SQL');
  const captured = new Map<string, ReturnType<LogCollector['statements']>>();
  const restgresUnavailable = new Map<string, string>();
  await db.query(`alter role authenticator set log_statement = 'all'`);
  try {
    const capture = await startServer('restgres', { ...serverSettings, pool: 1 });
    try {
      if ((await capture.waitReady(READY_TIMEOUT_MS)) === null) {
        const tail = capture.output.slice(-5).join(' | ');
        for (const s of scenarios) restgresUnavailable.set(s.name, `restgres did not become ready: ${tail}`);
      } else {
        // Opens the pool's one session, so that no connection set-up lands in a capture.
        await probeContext(capture)
          .send({ method: 'GET', path: '/authors', headers: {}, body: null })
          .catch(() => {});
        for (const s of scenarios) {
          const collector = new LogCollector();
          const untap = db.tapLog(collector.onLine);
          let reason: string | null;
          try {
            reason = await s.check(probeContext(capture));
          } catch (err) {
            reason = `probe failed: ${err instanceof Error ? err.message : String(err)}`;
          }
          await collector.settle();
          untap();
          if (reason !== null) restgresUnavailable.set(s.name, reason);
          else captured.set(s.name, collector.statements());
          log(`  ${s.name}: ${reason === null ? 'available' : `not available (${reason})`}`);
        }
      }
    } finally {
      await capture.stop();
    }
  } finally {
    await db.query('alter role authenticator reset log_statement');
  }

  // 2. The two contenders, started the same way.
  const restgres = await startServer('restgres', serverSettings);
  const postgrest = await startServer('postgrest', serverSettings);
  try {
    const [rReady, pReady] = [await restgres.waitReady(READY_TIMEOUT_MS), await postgrest.waitReady(READY_TIMEOUT_MS)];
    if (rReady === null) throw new Error(`restgres did not become ready:\n${restgres.output.slice(-10).join('\n')}`);
    if (pReady === null) throw new Error(`PostgREST did not become ready:\n${postgrest.output.slice(-10).join('\n')}`);
    const startup = {
      restgres: { readyMs: rReady - restgres.spawnedAt, idleRssBytes: rssBytes(restgres.pid) },
      postgrest: { readyMs: pReady - postgrest.spawnedAt, idleRssBytes: rssBytes(postgrest.pid) },
    };
    const postgrestUnavailable = new Map<string, string>();
    for (const s of scenarios) {
      const reason = await s.check(probeContext(postgrest)).catch((err: unknown) => String(err));
      if (reason !== null) {
        postgrestUnavailable.set(s.name, reason);
        log(`  PostgREST fails ${s.name} (a harness problem): ${reason}`);
      }
    }
    const contenders: Contender[] = [
      { kind: 'restgres', server: restgres, unavailable: restgresUnavailable },
      { kind: 'postgrest', server: postgrest, unavailable: postgrestUnavailable },
    ];

    const results: ScenarioResult[] = [];
    for (const s of scenarios) results.push(await runScenario(s, contenders, captured.get(s.name) ?? null, opts));
    return { settings, startup, scenarios: results };
  } finally {
    await restgres.stop();
    await postgrest.stop();
  }
}

async function runScenario(
  s: Scenario,
  contenders: ReadonlyArray<Contender>,
  statements: ReturnType<LogCollector['statements']> | null,
  opts: HotPathOptions,
): Promise<ScenarioResult> {
  const { db, settings, log } = opts;
  const afterRun = async () => {
    if (s.afterRun !== null) await s.afterRun((sql, params) => db.query(sql, params));
  };

  // The ceiling's script, tried once so a broken script is reported rather than measured.
  let ceiling: { script: PgbenchScript | null; reason: string | null } = { script: null, reason: null };
  if (statements === null) ceiling.reason = 'restgres does not serve this scenario yet';
  else if (statements.length === 0) ceiling.reason = 'no statements captured from restgres';
  else if (!pgbenchAvailable()) ceiling.reason = 'pgbench not found';
  else {
    const script = pgbenchScript(statements, s.probeId, s.template.idMax);
    try {
      await runPgbench(script, {
        clients: 1,
        durationSeconds: 1,
        transactionsPerClient: 1,
        connection: db.pgbenchConnection,
      });
      ceiling = { script, reason: null };
    } catch (err) {
      ceiling = { script: null, reason: err instanceof Error ? err.message : String(err) };
    }
    await afterRun();
  }

  const active = contenders.filter((c) => !c.unavailable.has(s.name));
  for (const c of contenders) resetPeakRss(c.server.pid);
  const runs = new Map<ServerKind, ServerRun[]>(contenders.map((c) => [c.kind, []]));
  const failures = new Map<ServerKind, string>();
  const ceilingRuns: CeilingRun[] = [];

  const loadRun = (c: Contender, seconds: number): Promise<LoadResult> => {
    const loadOpts: LoadOptions = {
      url: c.server.url('/'),
      connections: settings.connections,
      durationSeconds: seconds,
    };
    return opts.wrk === null ? runBuiltin(s.template, loadOpts) : runWrk(opts.wrk, s.template, loadOpts);
  };
  const measure = async (c: Contender, round: number) => {
    if (failures.has(c.kind)) return;
    const cpu0 = processCpuSeconds(c.server.pid);
    const pg0 = clusterCpuSeconds(db.postmasterPid);
    const busy0 = machineBusySeconds();
    try {
      const load = await loadRun(c, settings.durationSeconds);
      const serverCpuSeconds = processCpuSeconds(c.server.pid) - cpu0;
      const pgCpuSeconds = clusterCpuSeconds(db.postmasterPid) - pg0;
      const otherCpuSeconds = machineBusySeconds() - busy0 - serverCpuSeconds - pgCpuSeconds - load.generatorCpuSeconds;
      runs.get(c.kind)?.push({ ...load, serverCpuSeconds, pgCpuSeconds, otherCpuSeconds });
      log(
        `  ${s.name} round ${round} ${c.kind}: ${Math.round(load.requestsPerSecond)} req/s, ` +
          `p50 ${load.p50Ms.toFixed(2)} ms, p99 ${load.p99Ms.toFixed(2)} ms, ` +
          `errors ${load.non2xx + load.socketErrors}`,
      );
    } catch (err) {
      failures.set(c.kind, err instanceof Error ? err.message : String(err));
      log(`  ${s.name} ${c.kind} failed: ${failures.get(c.kind)}`);
    }
    await afterRun();
  };
  const measureCeiling = async (round: number) => {
    if (ceiling.script === null) return;
    const pg0 = clusterCpuSeconds(db.postmasterPid);
    const busy0 = machineBusySeconds();
    try {
      const r = await runPgbench(ceiling.script, {
        clients: settings.pool,
        durationSeconds: settings.durationSeconds,
        ...(settings.smoke ? { transactionsPerClient: 10 } : {}),
        connection: db.pgbenchConnection,
      });
      // pgbench's backends exit with it: let the postmaster reap them so their CPU is in the reading.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const pgCpuSeconds = clusterCpuSeconds(db.postmasterPid) - pg0;
      ceilingRuns.push({
        ...r,
        pgCpuSeconds,
        otherCpuSeconds: machineBusySeconds() - busy0 - pgCpuSeconds - r.pgbenchCpuSeconds,
      });
      log(`  ${s.name} round ${round} pgbench ceiling: ${Math.round(r.tps)} tps, failed ${r.failed}`);
    } catch (err) {
      ceiling = { script: null, reason: err instanceof Error ? err.message : String(err) };
    }
    await afterRun();
  };

  log(`${s.name}: ${s.title} (${active.map((c) => c.kind).join(' vs ') || 'nothing to run'})`);
  if (settings.warmupSeconds > 0) {
    for (const c of active) {
      await loadRun(c, settings.warmupSeconds).catch(() => undefined);
      await afterRun();
    }
  }
  for (let round = 1; round <= settings.rounds; round++) {
    // A/B, then B/A: a drift in machine load over the run then hurts both sides alike.
    const order = round % 2 === 1 ? active : [...active].reverse();
    for (const c of order) await measure(c, round);
    await measureCeiling(round);
  }

  const contender = (kind: ServerKind): ContenderResult => {
    const c = contenders.find((x) => x.kind === kind);
    const unavailable = c?.unavailable.get(s.name);
    if (c === undefined || unavailable !== undefined) {
      return { available: false, reason: unavailable ?? 'not run', runs: [], peakRssBytes: Number.NaN };
    }
    return {
      available: true,
      reason: failures.get(kind) ?? null,
      runs: runs.get(kind) ?? [],
      peakRssBytes: peakRssBytes(c.server.pid),
    };
  };
  const shown =
    statements === null || statements.length === 0 ? null : pgbenchScript(statements, s.probeId, s.template.idMax);
  const ceilingResult: CeilingResult = {
    available: ceilingRuns.length > 0,
    reason: ceiling.reason,
    script: shown?.text ?? null,
    defines: Object.fromEntries(Object.entries(shown?.defines ?? {}).map(([k, v]) => [k, shorten(v, 300)])),
    randomId: shown?.randomId ?? false,
    runs: ceilingRuns,
  };
  return {
    name: s.name,
    title: s.title,
    needs: s.needs,
    method: s.template.method,
    path: describePath(s.template),
    restgres: contender('restgres'),
    postgrest: contender('postgrest'),
    ceiling: ceilingResult,
  };
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

function describePath(t: RequestTemplate): string {
  return t.path.replaceAll('{id}', `<random 1..${t.idMax}>`);
}
