// "Perhaps you meant …" hints (PostgREST: Error.hs). Placeholder until the fuzzy search lands.

import type { SchemaCache } from './schema-cache.ts';

export function tableNotFoundHint(_cache: SchemaCache, _schema: string, _name: string): string | null {
  return null;
}

export function noRelationshipHint(
  _cache: SchemaCache,
  _parent: string,
  _child: string,
  _schema: string,
): string | null {
  return null;
}
