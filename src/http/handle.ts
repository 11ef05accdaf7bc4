// THE request pipeline (PostgREST: App.hs, postgrestResponse): CORS preflight → schema cache →
// parse → plan → one round trip → response. Every stage throws PgrstErrors; this is the one catch.
// With server-timing-enabled each stage is timed for the Server-Timing header.

import type { Observer } from '../app/observation.ts';
import { retryAfterSeconds, type SchemaCacheStatus } from '../app/schema-cache-status.ts';
import type { AppConfig } from '../config/app-config.ts';
import { toRequestError } from '../db/db-error.ts';
import type { StatementResult } from '../db/pipeline.ts';
import type { Pool } from '../db/pool.ts';
import type { RoleSettings } from '../db/role-settings.ts';
import { ConnectionError } from '../errors/connection-error.ts';
import { InternalError } from '../errors/internal-error.ts';
import { JwtError } from '../errors/jwt-error.ts';
import { PgrstError } from '../errors/pgrst-error.ts';
import { type ActionPlan, planAction } from '../plan/action-plan.ts';
import { legacyTargetNameMatches } from '../plan/read-plan.ts';
import { explainStatement } from '../query/explain.ts';
import { explainCountStatement, mainReadStatement } from '../query/main-read.ts';
import { compile, type SqlNode } from '../query/sql.ts';
import { transaction } from '../query/tx.ts';
import { type ApiRequest, parseApiRequest } from '../request/api-request.ts';
import { preferenceApplied } from '../request/preferences.ts';
import { header, type RawRequest } from '../request/raw-request.ts';
import { errorResponse, type HttpResponse } from '../response/http-response.ts';
import { infoResponse } from '../response/info-response.ts';
import { planResponse } from '../response/plan-response.ts';
import { readResponse } from '../response/read-response.ts';
import type { SchemaCache } from '../schema-cache/schema-cache.ts';
import { fromHeaderBytes } from '../util/header-bytes.ts';
import { SERVER_NAME } from '../version.ts';
import { preflightResponse, withCors } from './cors.ts';
import { StageTimer } from './stage-timer.ts';

/** A consistent snapshot for one request: config and cache may be swapped meanwhile. */
export interface HandleContext {
  readonly config: AppConfig;
  readonly schemaCache: SchemaCache | null;
  readonly roleSettings: RoleSettings;
  readonly schemaCacheStatus: SchemaCacheStatus;
  readonly pool: Pool;
  readonly observe: Observer;
  readonly now: () => number;
}

export interface Handled {
  readonly response: HttpResponse;
  /** The database role the request ran as, for the access log. */
  readonly role: string | null;
}

/** Per-request instrumentation: stage timings, and the SQL that ran when log-query is on. */
interface Trace {
  readonly timer: StageTimer;
  readonly sql: string[] | null;
}

export async function handle(raw: RawRequest, ctx: HandleContext): Promise<Handled> {
  const preflight = preflightResponse(raw, ctx.config);
  if (preflight !== null) return { response: withTraceHeader(raw, ctx.config, preflight), role: null };
  const trace: Trace = {
    timer: new StageTimer(ctx.config.serverTimingEnabled),
    sql: ctx.config.logQuery ? [] : null,
  };
  const { response, role } = await respondOrFail(raw, ctx, trace);
  if (trace.sql !== null && trace.sql.length > 0) {
    ctx.observe({ kind: 'query', sql: trace.sql, status: response.status });
  }
  // Errors carry no Server-Timing, as in PostgREST.
  const timed = response.status >= 400 ? response : trace.timer.addHeader(response);
  return { response: withTraceHeader(raw, ctx.config, withCors(raw, ctx.config, timed)), role };
}

async function respondOrFail(raw: RawRequest, ctx: HandleContext, trace: Trace): Promise<Handled> {
  let role: string | null = null;
  try {
    const cache = ctx.schemaCache;
    if (cache === null) {
      const error = ConnectionError.noSchemaCache();
      ctx.observe({ kind: 'schemaCacheEmpty', error });
      const retryAfter = retryAfterSeconds(ctx.schemaCacheStatus, ctx.now());
      return { response: errorResponse(error, ctx.config.clientErrorVerbosity, retryAfter), role };
    }
    trace.timer.start();
    role = anonymousRole(ctx.config);
    trace.timer.end('jwt');
    const api = parseApiRequest(raw, ctx.config);
    trace.timer.end('parse');
    const plan = planAction(api, cache, ctx.config);
    // OPTIONS has neither plan nor transaction: PostgREST's Server-Timing leaves both out.
    if (plan.kind === 'read') trace.timer.end('plan');
    else trace.timer.start();
    return { response: await respond(api, plan, raw, role, ctx, trace), role };
  } catch (thrown) {
    const error = thrown instanceof PgrstError ? thrown : InternalError.from(thrown);
    if (error instanceof InternalError) ctx.observe({ kind: 'internalError', message: String(error.cause) });
    else if (error.status >= 500) ctx.observe({ kind: 'serverError', error });
    return { response: errorResponse(error, ctx.config.clientErrorVerbosity, 0), role };
  }
}

async function respond(
  api: ApiRequest,
  plan: ActionPlan,
  raw: RawRequest,
  role: string,
  ctx: HandleContext,
  trace: Trace,
): Promise<HttpResponse> {
  switch (plan.kind) {
    case 'rootInfo':
      return trace.timer.ended('response', infoResponse('OPTIONS,GET,HEAD'));
    case 'relationInfo':
      return trace.timer.ended('response', infoResponse(allowedMethods(plan.table)));
    case 'read':
      return read(api, plan, raw, role, ctx, trace);
  }
}

async function read(
  api: ApiRequest,
  plan: Extract<ActionPlan, { kind: 'read' }>,
  raw: RawRequest,
  role: string,
  ctx: HandleContext,
  trace: Trace,
): Promise<HttpResponse> {
  const { config } = ctx;
  const { negotiated, count, tree } = plan;
  const main = mainReadStatement(tree, {
    handler: negotiated.handler,
    count,
    maxRows: config.dbMaxRows,
    range: api.topLevelRange,
  });
  const statements: SqlNode[] = [negotiated.plan === null ? main : explainStatement(negotiated.plan, main)];
  const explainCount = negotiated.plan === null && (count === 'planned' || count === 'estimated');
  if (explainCount) statements.push(explainCountStatement(tree));
  const results = await runInTransaction(api, raw, role, statements, ctx, trace);
  trace.timer.end('transaction');
  const [mainResult, explainResult] = results;
  if (mainResult === undefined) throw InternalError.from(new Error('no result for the main statement'));
  if (negotiated.plan !== null) return trace.timer.ended('response', planResponse(mainResult, negotiated, api));
  const response = readResponse({
    main: mainResult,
    explain: explainCount ? (explainResult ?? null) : null,
    handler: negotiated.handler,
    singular: negotiated.mediaType.kind === 'singular',
    count,
    maxRows: config.dbMaxRows,
    offset: api.topLevelRange.offset,
    contentType: negotiated.contentType,
    contentLocation:
      api.queryParams.canonical === '' ? `/${plan.table.name}` : `/${plan.table.name}?${api.queryParams.canonical}`,
    profile: api.negotiatedProfile ? api.schema : null,
    preferenceApplied: preferenceApplied({
      ...api.preferences,
      return: null,
      resolution: null,
      missing: null,
      maxAffected: null,
    }),
    verbosity: config.clientErrorVerbosity,
  });
  return trace.timer.ended('response', withLegacyWarning(response, legacyTargetNameMatches(tree), config));
}

/** Runs the statements in the request's transaction (tx.ts), in one round trip. */
async function runInTransaction(
  api: ApiRequest,
  raw: RawRequest,
  role: string,
  statements: ReadonlyArray<SqlNode>,
  ctx: HandleContext,
  trace: Trace,
): Promise<ReadonlyArray<StatementResult>> {
  const { config } = ctx;
  const tx = transaction(
    {
      schema: api.schema,
      extraSearchPath: config.dbExtraSearchPath,
      role,
      roleSettings: ctx.roleSettings.settings.get(role) ?? [],
      isolation: ctx.roleSettings.isolation.get(role) ?? 'read committed',
      claims: JSON.stringify({ role }),
      method: api.method,
      path: api.path,
      headers: headersJson(raw),
      cookies: cookiesJson(raw),
      readOnly: true,
      timezone: api.preferences.timezone,
      appSettings: config.appSettings,
      preRequest: config.dbPreRequest,
    },
    statements.map(compile),
  );
  if (trace.sql !== null) for (const s of tx.statements) trace.sql.push(s.text);
  const connection = await ctx.pool.acquire();
  try {
    const results = await connection.run(tx.statements, {
      prepare: config.dbPreparedStatements,
      rollbackOnError: tx.explicit,
    });
    return results.slice(tx.first, tx.first + statements.length);
  } catch (error) {
    throw toRequestError(error, role === config.dbAnonRole);
  } finally {
    ctx.pool.release(connection);
  }
}

/** PostgREST's Allow header for OPTIONS on a relation. */
function allowedMethods(table: {
  insertable: boolean;
  updatable: boolean;
  deletable: boolean;
  primaryKey: ReadonlyArray<string>;
}): string {
  return [
    'OPTIONS,GET,HEAD',
    ...(table.insertable ? ['POST'] : []),
    ...(table.insertable && table.updatable && table.primaryKey.length > 0 ? ['PUT'] : []),
    ...(table.updatable ? ['PATCH'] : []),
    ...(table.deletable ? ['DELETE'] : []),
  ].join(',');
}

/** The deprecation warning for embeds referenced by relation name although they have an alias. */
function withLegacyWarning(
  response: HttpResponse,
  matches: ReadonlyArray<readonly [string, string]>,
  config: AppConfig,
): HttpResponse {
  if (!config.urlUseLegacyTargetNames || matches.length === 0) return response;
  const hint = matches.map(([name, alias]) => `\`${name}\` to \`${alias}\``).join(', ');
  const message = `Embedded resource was referenced by relation name even though it has an alias. This is deprecated and will stop working in a future release. Update ${hint} in query string filters, orders or limits.`;
  return { ...response, headers: [...response.headers, ['Warning', `299 ${SERVER_NAME} "${message}"`]] };
}

/** Without JWT support yet every request is anonymous; no anon role means no access (PGRST302). */
function anonymousRole(config: AppConfig): string {
  if (config.dbAnonRole === null) throw JwtError.anonymousDisabled();
  return config.dbAnonRole;
}

/** server-trace-header: the request's value on every response, empty when the request had none. */
function withTraceHeader(raw: RawRequest, config: AppConfig, response: HttpResponse): HttpResponse {
  const name = config.serverTraceHeader;
  if (name === null) return response;
  const value = header(raw, name.toLowerCase());
  return { ...response, headers: [...response.headers, [name, value === undefined ? '' : fromHeaderBytes(value)]] };
}

/**
 * request.headers: lower-cased names, cookie left out, one value per name. Values are the client's
 * UTF-8 (node hands them over as Latin-1; JSON leaves non-ASCII as is, so the text converts whole).
 */
function headersJson(raw: RawRequest): string {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw.headers)) {
    if (name === 'cookie' || value === undefined) continue;
    out[name] = Array.isArray(value) ? (value[0] ?? '') : value;
  }
  return fromHeaderBytes(JSON.stringify(out));
}

function cookiesJson(raw: RawRequest): string {
  const out: Record<string, string> = {};
  const cookie = raw.headers.cookie;
  if (cookie !== undefined) {
    for (const pair of cookie.split(';')) {
      const i = pair.indexOf('=');
      if (i <= 0) continue;
      out[pair.slice(0, i).trim()] = pair.slice(i + 1).trim();
    }
  }
  return fromHeaderBytes(JSON.stringify(out));
}
