// Field → CoercibleField (PostgREST: Plan.hs, resolveTypeOrUnknown and the data representation
// resolvers): whether a JSON path needs to_jsonb(), a full-text filter to_tsvector(), and which
// domain representation function formats a selected value or parses a filter value.

import type { Field, JsonOperation, Operation } from '../request/types.ts';
import {
  type Column,
  findRepresentation,
  type QualifiedIdentifier,
  type SchemaCache,
  type Table,
} from '../schema-cache/schema-cache.ts';
import type { CoercibleField } from './types.ts';

/** The type response values are rendered as; representations into it format selected columns. */
const OUTPUT_TYPE = 'json';
/** The type of query-string values; representations from it parse filter values. */
const QUERY_VALUE_TYPE = 'text';

const columnIndex = new WeakMap<Table, ReadonlyMap<string, Column>>();

export function findColumn(table: Table, name: string): Column | undefined {
  let index = columnIndex.get(table);
  if (index === undefined) {
    index = new Map(table.columns.map((c) => [c.name, c]));
    columnIndex.set(table, index);
  }
  return index.get(name);
}

/** A name used as it is: no to_jsonb(), no to_tsvector(), no representation. */
export function plainField(name: string, jsonPath: ReadonlyArray<JsonOperation> = []): CoercibleField {
  return { name, jsonPath, toJson: false, toTsVector: null, fullRow: false, transform: null };
}

function lookupColumn(cache: SchemaCache, from: QualifiedIdentifier, name: string): Column | undefined {
  const table = cache.tables.get(from.schema)?.get(from.name);
  return table === undefined ? undefined : findColumn(table, name);
}

/**
 * Arrows apply directly to json/jsonb columns (their expression indexes stay usable) and through
 * to_jsonb() on anything else, unknown names included (PostgreSQL reports those). No representation:
 * what order terms use.
 */
export function resolveField(
  cache: SchemaCache,
  from: QualifiedIdentifier,
  field: Field,
  operation: Operation | null,
): CoercibleField {
  return coerce(lookupColumn(cache, from, field.name), field, operation);
}

/** A selected field: a column whose domain has a `domain → json` representation is formatted by it. */
export function resolveOutputField(cache: SchemaCache, from: QualifiedIdentifier, field: Field): CoercibleField {
  const column = lookupColumn(cache, from, field.name);
  return withOutputFormat(cache, column, coerce(column, field, null));
}

/** A filtered field: a `text → domain` representation of the column's domain parses the values. */
export function resolveFilterField(
  cache: SchemaCache,
  from: QualifiedIdentifier,
  field: Field,
  operation: Operation,
): CoercibleField {
  const column = lookupColumn(cache, from, field.name);
  const parser = column === undefined ? undefined : findRepresentation(cache, QUERY_VALUE_TYPE, column.type);
  return { ...coerce(column, field, operation), transform: parser?.function ?? null };
}

/** A column `*` expands to, formatted by its representation as a selected field is. */
export function columnOutputField(cache: SchemaCache, column: Column): CoercibleField {
  return withOutputFormat(cache, column, plainField(column.name));
}

/** PostgREST expands `*` for such tables, so that the represented columns get formatted. */
export function hasOutputRepresentation(cache: SchemaCache, table: Table): boolean {
  // Most databases have no representations: skip the column scan on every select=*.
  if (cache.representations.size === 0) return false;
  return table.columns.some((c) => findRepresentation(cache, c.type, OUTPUT_TYPE) !== undefined);
}

function withOutputFormat(cache: SchemaCache, column: Column | undefined, field: CoercibleField): CoercibleField {
  const formatter = column === undefined ? undefined : findRepresentation(cache, column.type, OUTPUT_TYPE);
  return formatter === undefined ? field : { ...field, transform: formatter.function };
}

function coerce(column: Column | undefined, field: Field, operation: Operation | null): CoercibleField {
  // As PostgREST: the declared type decides the arrows (a domain over jsonb still goes through
  // to_jsonb), the base type decides full-text search.
  const isJson = column?.type === 'json' || column?.type === 'jsonb';
  const isTsVector = column?.baseType === 'tsvector';
  const fts = operation?.kind === 'fts' && !isTsVector ? { language: operation.language } : null;
  return { ...plainField(field.name, field.jsonPath), toJson: !isJson, toTsVector: fts };
}
