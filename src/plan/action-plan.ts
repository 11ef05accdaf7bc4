// ApiRequest + schema cache → what to do (PostgREST: Plan.hs, actionPlan). Reads become a read
// plan tree with a negotiated body format; OPTIONS needs no database at all.

import type { AppConfig } from '../config/app-config.ts';
import { ApiRequestError } from '../errors/api-request-error.ts';
import { SchemaCacheError } from '../errors/schema-cache-error.ts';
import type { CountMode } from '../query/main-read.ts';
import type { ApiRequest } from '../request/api-request.ts';
import { tableNotFoundHint } from '../schema-cache/hints.ts';
import { findTable, type SchemaCache, type Table } from '../schema-cache/schema-cache.ts';
import { type Negotiated, negotiate } from './negotiate.ts';
import { planReadTree } from './read-plan.ts';
import type { ReadPlanTree } from './types.ts';

export type ActionPlan =
  | {
      readonly kind: 'read';
      readonly table: Table;
      readonly tree: ReadPlanTree;
      readonly negotiated: Negotiated;
      readonly count: CountMode;
    }
  /** OPTIONS on a table or view: the Allow header from its privileges-independent flags. */
  | { readonly kind: 'relationInfo'; readonly table: Table }
  /** OPTIONS on the root. */
  | { readonly kind: 'rootInfo' };

export function planAction(api: ApiRequest, cache: SchemaCache, config: AppConfig): ActionPlan {
  const { resource, action } = api;
  if (resource.kind === 'root' && action.kind === 'options') return { kind: 'rootInfo' };
  // The root only reads (OpenAPI) unless db-root-spec names a function.
  if (resource.kind === 'root' && action.kind === 'write') throw ApiRequestError.unsupportedMethod(api.method);
  if (resource.kind !== 'relation' || (action.kind !== 'read' && action.kind !== 'options')) {
    throw ApiRequestError.notImplemented(notImplementedText(api));
  }
  const table = findTable(cache, api.schema, resource.name);
  if (table === undefined) {
    throw SchemaCacheError.tableNotFound(
      api.schema,
      resource.name,
      tableNotFoundHint(cache, api.schema, resource.name),
    );
  }
  if (action.kind === 'options') return { kind: 'relationInfo', table };
  const tree = planReadTree({ schema: table.schema, name: table.name }, api.queryParams, {
    cache,
    schema: api.schema,
    maxRows: config.dbMaxRows,
    aggregatesEnabled: config.dbAggregatesEnabled,
    useLegacyTargetNames: config.urlUseLegacyTargetNames,
    mutation: false,
    rootRange: api.topLevelRange,
  });
  const negotiated = negotiate(api.accepts, { planEnabled: config.dbPlanEnabled, headersOnly: action.headersOnly });
  const { preferences } = api;
  if (preferences.handling === 'strict' && preferences.invalid.length > 0) {
    throw ApiRequestError.invalidPreferences(preferences.invalid);
  }
  return { kind: 'read', table, tree, negotiated, count: preferences.count };
}

function notImplementedText(api: ApiRequest): string {
  switch (api.resource.kind) {
    case 'routine':
      return 'Functions (/rpc) are not supported by restgres yet';
    case 'root':
      return 'The OpenAPI description at / is not supported by restgres yet';
    case 'relation':
      return `${api.method} on tables and views is not supported by restgres yet`;
  }
}
