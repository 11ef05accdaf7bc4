// THE request pipeline (PostgREST: App.hs, postgrestResponse): CORS preflight → schema cache →
// parse → plan → one round trip → response. Every stage throws PgrstErrors; this is the one catch.

import type { Observer } from '../app/observation.ts';
import { retryAfterSeconds, type SchemaCacheStatus } from '../app/schema-cache-status.ts';
import type { AppConfig } from '../config/app-config.ts';
import { toRequestError } from '../db/db-error.ts';
import type { StatementResult } from '../db/pipeline.ts';
import type { Pool } from '../db/pool.ts';
import { ConnectionError } from '../errors/connection-error.ts';
import { InternalError } from '../errors/internal-error.ts';
import { JwtError } from '../errors/jwt-error.ts';
import { PgrstError } from '../errors/pgrst-error.ts';
import { type ActionPlan, planAction } from '../plan/action-plan.ts';
import { legacyTargetNameMatches } from '../plan/read-plan.ts';
import { explainStatement } from '../query/explain.ts';
import { explainCountStatement, mainReadStatement } from '../query/main-read.ts';
import { compile, type SqlNode } from '../query/sql.ts';
import { txStatements } from '../query/tx.ts';
import { type ApiRequest, parseApiRequest } from '../request/api-request.ts';
import { preferenceApplied } from '../request/preferences.ts';
import type { RawRequest } from '../request/raw-request.ts';
import { errorResponse, type HttpResponse } from '../response/http-response.ts';
import { infoResponse } from '../response/info-response.ts';
import { planResponse } from '../response/plan-response.ts';
import { readResponse } from '../response/read-response.ts';
import type { SchemaCache } from '../schema-cache/schema-cache.ts';
import { SERVER_NAME } from '../version.ts';
import { preflightResponse, withCors } from './cors.ts';

/** A consistent snapshot for one request: config and cache may be swapped meanwhile. */
export interface HandleContext {
  readonly config: AppConfig;
  readonly schemaCache: SchemaCache | null;
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

export async function handle(raw: RawRequest, ctx: HandleContext): Promise<Handled> {
  const preflight = preflightResponse(raw, ctx.config);
  if (preflight !== null) return { response: preflight, role: null };
  const { response, role } = await respondOrFail(raw, ctx);
  return { response: withCors(raw, ctx.config, response), role };
}

async function respondOrFail(raw: RawRequest, ctx: HandleContext): Promise<Handled> {
  let role: string | null = null;
  try {
    const cache = ctx.schemaCache;
    if (cache === null) {
      const error = ConnectionError.noSchemaCache();
      ctx.observe({ kind: 'schemaCacheEmpty', error });
      const retryAfter = retryAfterSeconds(ctx.schemaCacheStatus, ctx.now());
      return { response: errorResponse(error, ctx.config.clientErrorVerbosity, retryAfter), role };
    }
    role = anonymousRole(ctx.config);
    const api = parseApiRequest(raw, ctx.config);
    const plan = planAction(api, cache, ctx.config);
    return { response: await respond(api, plan, raw, role, ctx), role };
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
): Promise<HttpResponse> {
  switch (plan.kind) {
    case 'rootInfo':
      return infoResponse('OPTIONS,GET,HEAD');
    case 'relationInfo':
      return infoResponse(allowedMethods(plan.table));
    case 'read':
      return read(api, plan, raw, role, ctx);
  }
}

async function read(
  api: ApiRequest,
  plan: Extract<ActionPlan, { kind: 'read' }>,
  raw: RawRequest,
  role: string,
  ctx: HandleContext,
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
  const results = await runInTransaction(api, raw, role, statements, ctx);
  const [mainResult, explainResult] = results;
  if (mainResult === undefined) throw InternalError.from(new Error('no result for the main statement'));
  if (negotiated.plan !== null) return planResponse(mainResult, negotiated, api);
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
  return withLegacyWarning(response, legacyTargetNameMatches(tree), config);
}

/** Runs the statements after the request's set_config() call, in one round trip. */
async function runInTransaction(
  api: ApiRequest,
  raw: RawRequest,
  role: string,
  statements: ReadonlyArray<SqlNode>,
  ctx: HandleContext,
): Promise<ReadonlyArray<StatementResult>> {
  const { config } = ctx;
  const [setup, ...rest] = txStatements(
    {
      schema: api.schema,
      extraSearchPath: config.dbExtraSearchPath,
      role,
      claims: JSON.stringify({ role }),
      method: api.method,
      path: api.path,
      headers: headersJson(raw),
      cookies: cookiesJson(raw),
      readOnly: true,
      timezone: api.preferences.timezone,
      appSettings: config.appSettings,
    },
    statements.map(compile),
  );
  const connection = await ctx.pool.acquire();
  try {
    const results = await connection.run(setup === undefined ? rest : [setup, ...rest], config.dbPreparedStatements);
    return results.slice(1);
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

/** request.headers: lower-cased names, cookie left out, one value per name. */
function headersJson(raw: RawRequest): string {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw.headers)) {
    if (name === 'cookie' || value === undefined) continue;
    out[name] = Array.isArray(value) ? (value[0] ?? '') : value;
  }
  return JSON.stringify(out);
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
  return JSON.stringify(out);
}
