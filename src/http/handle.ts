// THE request pipeline (PostgREST: App.hs, postgrestResponse): schema cache → parse → plan →
// query → one round trip → response. Every stage throws PgrstErrors; this is the one catch.

import type { Observer } from '../app/observation.ts';
import { retryAfterSeconds, type SchemaCacheStatus } from '../app/schema-cache-status.ts';
import type { AppConfig } from '../config/app-config.ts';
import { toRequestError } from '../db/db-error.ts';
import type { Pool } from '../db/pool.ts';
import { ApiRequestError } from '../errors/api-request-error.ts';
import { ConnectionError } from '../errors/connection-error.ts';
import { InternalError } from '../errors/internal-error.ts';
import { JwtError } from '../errors/jwt-error.ts';
import { PgrstError } from '../errors/pgrst-error.ts';
import { SchemaCacheError } from '../errors/schema-cache-error.ts';
import { planReadTree } from '../plan/read-plan.ts';
import { mainReadStatement } from '../query/main-read.ts';
import { txStatements } from '../query/tx.ts';
import { type ApiRequest, parseApiRequest } from '../request/api-request.ts';
import type { RawRequest } from '../request/raw-request.ts';
import type { QueryParams } from '../request/types.ts';
import { errorResponse, type HttpResponse } from '../response/http-response.ts';
import { readResponse } from '../response/read-response.ts';
import { tableNotFoundHint } from '../schema-cache/hints.ts';
import type { SchemaCache } from '../schema-cache/schema-cache.ts';
import { findTable } from '../schema-cache/schema-cache.ts';

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
  let role: string | null = null;
  try {
    const cache = ctx.schemaCache;
    if (cache === null) {
      const error = ConnectionError.noSchemaCache();
      ctx.observe({ kind: 'schemaCacheEmpty', error });
      return {
        response: errorResponse(
          error,
          ctx.config.clientErrorVerbosity,
          retryAfterSeconds(ctx.schemaCacheStatus, ctx.now()),
        ),
        role,
      };
    }
    const api = parseApiRequest(raw, ctx.config);
    role = anonymousRole(ctx.config);
    return { response: await respond(api, raw, cache, role, ctx), role };
  } catch (thrown) {
    const error = thrown instanceof PgrstError ? thrown : InternalError.from(thrown);
    if (error instanceof InternalError) ctx.observe({ kind: 'internalError', message: String(error.cause) });
    else if (error.status >= 500) ctx.observe({ kind: 'serverError', error });
    return { response: errorResponse(error, ctx.config.clientErrorVerbosity, 0), role };
  }
}

async function respond(
  api: ApiRequest,
  raw: RawRequest,
  cache: SchemaCache,
  role: string,
  ctx: HandleContext,
): Promise<HttpResponse> {
  const { resource, action } = api;
  if (resource.kind !== 'relation' || action.kind !== 'read') {
    throw ApiRequestError.notImplemented(
      `${api.method} ${resource.kind === 'relation' ? 'on tables' : `on the ${resource.kind} endpoint`} is not supported by restgres yet`,
    );
  }
  if (findTable(cache, api.schema, resource.name) === undefined) {
    throw SchemaCacheError.tableNotFound(
      api.schema,
      resource.name,
      tableNotFoundHint(cache, api.schema, resource.name),
    );
  }
  const params: QueryParams = {
    canonical: '',
    select: [
      {
        kind: 'field',
        field: { name: '*', jsonPath: [] },
        alias: null,
        cast: null,
        aggregate: null,
        aggregateCast: null,
      },
    ],
    filters: [],
    logic: [],
    order: [],
    ranges: new Map(),
    columns: null,
    onConflict: null,
    routineArgs: [],
  };
  const tree = planReadTree({ schema: api.schema, name: resource.name }, params, {
    cache,
    schema: api.schema,
    maxRows: ctx.config.dbMaxRows,
    aggregatesEnabled: ctx.config.dbAggregatesEnabled,
    useLegacyTargetNames: ctx.config.urlUseLegacyTargetNames,
    mutation: false,
    rootRange: { offset: 0, limit: null },
  });
  const handler = action.headersOnly
    ? ({ kind: 'none' } as const)
    : ({ kind: 'jsonArray', stripNulls: false } as const);
  const statements = txStatements(
    {
      schema: api.schema,
      extraSearchPath: ctx.config.dbExtraSearchPath,
      role,
      claims: JSON.stringify({ role }),
      method: api.method,
      path: api.path,
      headers: headersJson(raw),
      cookies: cookiesJson(raw),
      readOnly: true,
      appSettings: ctx.config.appSettings,
    },
    mainReadStatement(tree, { handler, count: null, maxRows: ctx.config.dbMaxRows, range: { offset: 0, limit: null } }),
  );
  const connection = await ctx.pool.acquire();
  try {
    const results = await connection.run(statements, ctx.config.dbPreparedStatements);
    const main = results[results.length - 1];
    if (main === undefined) throw InternalError.from(new Error('no result for the main statement'));
    return readResponse({
      main,
      explain: null,
      handler,
      count: null,
      maxRows: ctx.config.dbMaxRows,
      offset: 0,
      contentType: 'application/json; charset=utf-8',
      contentLocation: `/${resource.name}`,
      profile: api.negotiatedProfile ? api.schema : null,
      preferenceApplied: null,
      verbosity: ctx.config.clientErrorVerbosity,
    });
  } catch (error) {
    throw toRequestError(error, role === ctx.config.dbAnonRole);
  } finally {
    ctx.pool.release(connection);
  }
}

/** Without JWT support yet every request is anonymous; no anon role means no access (PGRST302). */
function anonymousRole(config: AppConfig): string {
  if (config.dbAnonRole === null) {
    throw JwtError.anonymousDisabled();
  }
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
