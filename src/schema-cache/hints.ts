// "Perhaps you meant …" hints for PGRST205 (table), PGRST200 (relationship) and PGRST202 (function)
// (PostgREST: Error.hs tableNotFoundHint, noRelBetweenHint, noRpcHint; SchemaCache.hs
// dbTablesFuzzyIndex). Fuzzy indexes are built on first use and kept per cache value.

import { FuzzySet } from '../util/fuzzy-set.ts';
import { compareText } from './relationship-order.ts';
import { qiKey, relationshipsInSchema, type SchemaCache } from './schema-cache.ts';

/** PostgREST builds no table index for bigger schemas: the index was its memory hog (#4462). */
const MAX_TABLES_FOR_FUZZY_SEARCH = 500;
/** Table and function names must be this close; parameter lists use the library default 0.33. */
const NAME_MIN_SCORE = 0.75;

interface Indexes {
  /** schema → table-name index, or null for schemas too big to index. */
  readonly tables: Map<string, FuzzySet | null>;
  /** schema → index of tables having relationships into that schema (small ones only). */
  readonly parents: Map<string, FuzzySet>;
}

const indexes = new WeakMap<SchemaCache, Indexes>();

function indexesOf(cache: SchemaCache): Indexes {
  let found = indexes.get(cache);
  if (found === undefined) {
    found = { tables: new Map(), parents: new Map() };
    indexes.set(cache, found);
  }
  return found;
}

/** PGRST205's hint: `Perhaps you meant the table 'api.films'`, or null. */
export function tableNotFoundHint(cache: SchemaCache, schema: string, name: string): string | null {
  const byschema = indexesOf(cache).tables;
  let index = byschema.get(schema);
  if (index === undefined) {
    const tables = cache.tables.get(schema);
    index = tables !== undefined && tables.size < MAX_TABLES_FOR_FUZZY_SEARCH ? FuzzySet.fromList(tables.keys()) : null;
    byschema.set(schema, index);
  }
  const match = index?.getOne(name, NAME_MIN_SCORE) ?? null;
  return match === null ? null : `Perhaps you meant the table '${schema}.${match}'`;
}

/**
 * PGRST200's hint. If `parent` has no relationships into `schema`, suggest another parent (any
 * table with relationships into `schema`); otherwise suggest a child among its related tables, unless
 * `child` is one of them (then the embed hint was the problem, and there is nothing to suggest).
 */
export function noRelationshipHint(cache: SchemaCache, parent: string, child: string, schema: string): string | null {
  const related = relationshipsInSchema(cache, { schema, name: parent }, schema);
  if (related.length > 0) {
    const children = FuzzySet.fromList(related.map((r) => r.foreignTable.name));
    const suggestion = children.get(child).find((m) => m.score < 1);
    return suggestion === undefined ? null : `Perhaps you meant '${suggestion.value}' instead of '${child}'.`;
  }
  const suggestion = parentsIndex(cache, schema).getOne(parent);
  return suggestion === null ? null : `Perhaps you meant '${suggestion}' instead of '${parent}'.`;
}

function parentsIndex(cache: SchemaCache, schema: string): FuzzySet {
  const cached = indexesOf(cache).parents.get(schema);
  if (cached !== undefined) return cached;
  const names: string[] = [];
  for (const rels of cache.relationships.values()) {
    const first = rels.find((r) => r.foreignTable.schema === schema);
    if (first !== undefined) names.push(first.table.name);
  }
  const index = FuzzySet.fromList(names);
  // Like PostgREST, a big schema's index is built per call instead of being kept in memory.
  if (names.length < MAX_TABLES_FOR_FUZZY_SEARCH) indexesOf(cache).parents.set(schema, index);
  return index;
}

/**
 * PGRST202's hint. Unknown name: the closest function name in `schema`. Known name but no
 * overload takes these arguments: the closest parameter list, e.g. `api.test(name, param, val)`.
 */
export function noRoutineHint(
  cache: SchemaCache,
  schema: string,
  name: string,
  argumentKeys: ReadonlyArray<string>,
): string | null {
  const prefix = `Perhaps you meant to call the function ${schema}.`;
  const overloads = cache.routines.get(qiKey(schema, name)) ?? [];
  if (overloads.length === 0) {
    const names: string[] = [];
    for (const routines of cache.routines.values()) {
      const first = routines[0];
      if (first !== undefined && first.schema === schema) names.push(first.name);
    }
    const match = FuzzySet.fromList(names).getOne(name, NAME_MIN_SCORE);
    return match === null ? null : `${prefix}${match}`;
  }
  const lists = FuzzySet.fromList(overloads.map((r) => paramList(r.params.map((p) => p.name))));
  const match = lists.getOne(paramList(argumentKeys));
  return match === null ? null : `${prefix}${name}${match}`;
}

/** `["val", "name"]` → `(name, val)`: names sorted so that order does not count. */
function paramList(names: ReadonlyArray<string>): string {
  return `(${[...names].sort(compareText).join(', ')})`;
}
