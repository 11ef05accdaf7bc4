// Start-up and schema-cache scale: for generated schemas of thousands of tables with foreign keys
// and views, how long each server takes from spawn to admin /ready, when it logs the loaded schema
// cache, its RSS then, and how long the first request that needs relationships (an embed) takes.
import { httpRequest } from '../test/support/http.ts';
import type { BenchDatabase } from './database.ts';
import { rssBytes } from './proc.ts';
import type { ScaleResult, ScaleResults, ScaleRun } from './results.ts';
import { generateSchemaSql } from './schema-gen.ts';
import { type ServerKind, startServer } from './servers.ts';

/** The generator's knobs for every size: two foreign keys per table, a view over every tenth table. */
export const SCHEMA_SHAPE = { fksPerTable: 2, viewsEvery: 10 } as const;

export interface ScaleOptions {
  readonly db: BenchDatabase;
  readonly sizes: ReadonlyArray<number>;
  readonly runs: number;
  readonly pool: number;
  readonly timeoutSeconds: number;
  readonly log: (line: string) => void;
}

export async function runScale(opts: ScaleOptions): Promise<ScaleResults> {
  const sizes: ScaleResult[] = [];
  for (const tables of opts.sizes) sizes.push(await runSize(tables, opts));
  return { timeoutSeconds: opts.timeoutSeconds, sizes };
}

async function runSize(tables: number, opts: ScaleOptions): Promise<ScaleResult> {
  const { db, log } = opts;
  const dbName = `scale_${tables}`;
  log(`scale: generating ${tables} tables`);
  const before = new Set(
    (await db.query<{ nspname: string }>('select nspname from pg_namespace')).map((r) => r.nspname),
  );
  const t0 = performance.now();
  await db.createDatabase(dbName, generateSchemaSql({ tables, ...SCHEMA_SHAPE }));
  const generateSeconds = (performance.now() - t0) / 1000;
  // Fresh catalogs have no statistics until autovacuum gets to them, and the first server started
  // then ran its catalog queries with bad plans: restgres took 26 s to /ready on 10,000 tables in
  // its first run, 2.4 s in the next two. A deployed database has long been analyzed, so analyze
  // the catalogs here, for every server alike.
  const catalogs = await db.queryIn<{ name: string }>(
    dbName,
    `select format('%I.%I', n.nspname, c.relname) as name from pg_class c
     join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'pg_catalog' and c.relkind = 'r'`,
  );
  await db.queryIn(dbName, `analyze ${catalogs.map((c) => c.name).join(', ')}`);
  const target = await findEmbedTarget(db, dbName, before);
  log(`scale: ${tables} tables in schema ${target.schema} (${generateSeconds.toFixed(1)} s); embed ${target.path}`);

  const runs: Record<ServerKind, ScaleRun[]> = { restgres: [], postgrest: [] };
  const gaveUp = new Set<ServerKind>();
  for (let round = 1; round <= opts.runs; round++) {
    const order: ServerKind[] = round % 2 === 1 ? ['restgres', 'postgrest'] : ['postgrest', 'restgres'];
    for (const kind of order) {
      if (gaveUp.has(kind)) continue;
      const run = await measureStartup(kind, db.superuserUri(dbName), target, opts);
      runs[kind].push(run);
      log(
        `scale: ${tables} tables, ${kind} run ${round}: ready ${fmtMs(run.readyMs)}, ` +
          `first embed ${fmtMs(run.firstEmbedMs)} (${run.firstEmbedStatus ?? 'no answer'}), ` +
          `RSS ${Math.round(run.rssAfterEmbedBytes / 2 ** 20)} MiB${run.note === null ? '' : `; ${run.note}`}`,
      );
      // A timeout says enough: repeating it would only cost another minute per run.
      if (run.readyMs === null || run.firstEmbedMs === null) gaveUp.add(kind);
    }
  }
  await db.dropDatabase(dbName);
  return { tables, generateSeconds, embedPath: target.path, restgres: runs.restgres, postgrest: runs.postgrest };
}

interface EmbedTarget {
  readonly schema: string;
  readonly path: string;
  /** The same embed with a target that does not exist: a server that resolves embeds must refuse it. */
  readonly controlPath: string;
}

/** The generated schema (new, else the one with the most tables) and a child → parent pair with one FK. */
async function findEmbedTarget(db: BenchDatabase, dbName: string, before: ReadonlySet<string>): Promise<EmbedTarget> {
  const rows = await db.queryIn<{ schema: string; child: string; parent: string }>(
    dbName,
    `with candidates as (
       select n.nspname as schema, c.relname as child, p.relname as parent
       from pg_constraint k
       join pg_class c on c.oid = k.conrelid
       join pg_class p on p.oid = k.confrelid
       join pg_namespace n on n.oid = c.relnamespace
       where k.contype = 'f' and c.oid <> p.oid and p.relnamespace = c.relnamespace
         and n.nspname not in ('pg_catalog', 'information_schema')
       group by 1, 2, 3
       having count(*) = 1
     ), sizes as (
       select n.nspname as schema, count(*) as tables
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind = 'r' group by 1
     )
     select c.schema, c.child, c.parent
     from candidates c join sizes s using (schema)
     order by (c.schema = any($1)) asc, s.tables desc, c.child desc, c.parent
     limit 1`,
    [[...before]],
  );
  const row = rows[0];
  if (row === undefined) throw new Error(`the generated schema in ${dbName} has no foreign key to embed along`);
  const q = (name: string) => encodeURIComponent(name);
  return {
    schema: row.schema,
    path: `/${q(row.child)}?select=*,${q(row.parent)}(*)`,
    controlPath: `/${q(row.child)}?select=*,${q(`${row.parent}_no_such_table`)}(*)`,
  };
}

async function measureStartup(
  kind: ServerKind,
  dbUri: string,
  target: EmbedTarget,
  opts: ScaleOptions,
): Promise<ScaleRun> {
  const timeoutMs = opts.timeoutSeconds * 1000;
  const server = await startServer(kind, {
    dbUri,
    schemas: target.schema,
    anonRole: 'postgres',
    pool: opts.pool,
    jwtSecret: 'x'.repeat(32),
    // info: PostgREST 12 prints its "Schema cache loaded" line at that level.
    logLevel: 'info',
  });
  try {
    const readyAt = await server.waitReady(timeoutMs);
    const cacheLineAt = server.lineSeenAt(/Schema cache loaded( in|$)/);
    const number = (re: RegExp) => {
      const line = server.output.find((l) => re.test(l));
      const m = line === undefined ? null : re.exec(line);
      return m?.[1] === undefined ? null : Number(m[1]);
    };
    const base = {
      readyMs: readyAt === null ? null : readyAt - server.spawnedAt,
      cacheLineMs: cacheLineAt === null ? null : cacheLineAt - server.spawnedAt,
      cacheQueriedMs: number(/Schema cache queried in ([\d.]+) milliseconds/),
      cacheLoadedMs: number(/Schema cache loaded in ([\d.]+) milliseconds/),
      rssAfterLoadBytes: rssBytes(server.pid),
    };
    if (readyAt === null) {
      return {
        ...base,
        firstEmbedMs: null,
        firstEmbedStatus: null,
        embedVerified: false,
        rssAfterEmbedBytes: rssBytes(server.pid),
        note: `not ready within ${opts.timeoutSeconds} s`,
      };
    }
    const t0 = performance.now();
    let status: number | null = null;
    let firstEmbedMs: number | null = null;
    let note: string | null = null;
    let embedVerified = false;
    try {
      const res = await httpRequest(server.url(target.path), { timeoutMs });
      firstEmbedMs = performance.now() - t0;
      status = res.status;
      if (res.status < 200 || res.status > 299) note = `embed answered ${res.status}: ${res.body.slice(0, 120)}`;
      else {
        const control = await httpRequest(server.url(target.controlPath), { timeoutMs });
        if (control.status >= 200 && control.status <= 299) {
          note = 'answers 2xx to an embed of a table that does not exist: embeds are not resolved yet';
        } else embedVerified = true;
      }
    } catch {
      note = `no answer to the first embed within ${opts.timeoutSeconds} s`;
    }
    return {
      ...base,
      firstEmbedMs,
      firstEmbedStatus: status,
      embedVerified,
      rssAfterEmbedBytes: rssBytes(server.pid),
      note,
    };
  } finally {
    await server.stop();
  }
}

function fmtMs(ms: number | null): string {
  return ms === null ? 'timeout' : `${(ms / 1000).toFixed(2)} s`;
}
