// ApiRequest + schema cache → what to read (PostgREST: Plan/ReadPlan.hs).

import { SchemaCacheError } from '../errors/schema-cache-error.ts';
import type { ApiRequest } from '../request/api-request.ts';
import { findTable, type SchemaCache, type Table } from '../schema-cache/schema-cache.ts';

export interface ReadPlan {
  readonly kind: 'read';
  readonly table: Table;
  readonly headersOnly: boolean;
}

export function planRead(api: ApiRequest, cache: SchemaCache, name: string, headersOnly: boolean): ReadPlan {
  const table = findTable(cache, api.schema, name);
  if (table === undefined) throw SchemaCacheError.tableNotFound(api.schema, name, null);
  return { kind: 'read', table, headersOnly };
}
