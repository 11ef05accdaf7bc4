// Field → CoercibleField (PostgREST: Plan.hs, resolveTypeOrUnknown): whether a JSON path needs
// to_jsonb() and a full-text filter to_tsvector(), from the column's type in the schema cache.

import type { Field, Operation } from '../request/types.ts';
import type { Column, QualifiedIdentifier, SchemaCache, Table } from '../schema-cache/schema-cache.ts';
import type { CoercibleField } from './types.ts';

const columnIndex = new WeakMap<Table, ReadonlyMap<string, Column>>();

export function findColumn(table: Table, name: string): Column | undefined {
  let index = columnIndex.get(table);
  if (index === undefined) {
    index = new Map(table.columns.map((c) => [c.name, c]));
    columnIndex.set(table, index);
  }
  return index.get(name);
}

/**
 * Arrows apply directly to json/jsonb columns (their expression indexes stay usable) and through
 * to_jsonb() on anything else, unknown names included (PostgreSQL reports those).
 */
export function resolveField(
  cache: SchemaCache,
  from: QualifiedIdentifier,
  field: Field,
  operation: Operation | null,
): CoercibleField {
  const table = cache.tables.get(from.schema)?.get(from.name);
  const column = table === undefined ? undefined : findColumn(table, field.name);
  // As PostgREST: the declared type decides the arrows (a domain over jsonb still goes through
  // to_jsonb), the base type decides full-text search.
  const isJson = column?.type === 'json' || column?.type === 'jsonb';
  const isTsVector = column?.baseType === 'tsvector';
  const fts = operation?.kind === 'fts' && !isTsVector ? { language: operation.language } : null;
  return { name: field.name, jsonPath: field.jsonPath, toJson: !isJson, toTsVector: fts, fullRow: false };
}
