// The schema cache: what the exposed schemas contain (PostgREST: SchemaCache.hs and
// SchemaCache/*.hs). An immutable value built by introspect.ts and swapped atomically on reload;
// each request keeps the snapshot it started with.

export interface QualifiedIdentifier {
  readonly schema: string;
  readonly name: string;
}

export interface Column {
  readonly name: string;
  readonly description: string | null;
  readonly nullable: boolean;
  /**
   * The declared type, format_type() text with an empty search_path: `character varying(20)`,
   * `integer[]`, `api.mood`, or the domain itself for a domain column (PostgREST's colNominalType).
   */
  readonly type: string;
  /** For a domain column its base type (`integer`), else equal to `type` (PostgREST's colType). */
  readonly baseType: string;
  readonly maxLength: number | null;
  readonly defaultValue: string | null;
  readonly enumValues: ReadonlyArray<string>;
}

export type RelationKind = 'table' | 'view' | 'materialized view' | 'foreign table' | 'partitioned table';

/** A relation of an exposed schema (partitions are left out: clients use the partitioned parent). */
export interface Table {
  readonly schema: string;
  readonly name: string;
  readonly kind: RelationKind;
  readonly description: string | null;
  readonly insertable: boolean;
  readonly updatable: boolean;
  readonly deletable: boolean;
  /**
   * Primary key columns; for views, the base table's key when the view exposes all of it. Tables
   * list them by column name (PostgREST sorts them so); views in key order.
   */
  readonly primaryKey: ReadonlyArray<string>;
  /** In attribute order. */
  readonly columns: ReadonlyArray<Column>;
}

/** Column pairs of a foreign key: [column of `table`, column of `foreignTable`]. */
export type ColumnPairs = ReadonlyArray<readonly [string, string]>;

export interface Junction {
  readonly table: QualifiedIdentifier;
  /** The junction's FK to the origin table. */
  readonly constraint1: string;
  /** The junction's FK to the target table. */
  readonly constraint2: string;
  /** [junction column, origin column]. */
  readonly sourceColumns: ColumnPairs;
  /** [junction column, target column]. */
  readonly targetColumns: ColumnPairs;
}

export type Cardinality =
  | { readonly kind: 'm2o'; readonly constraint: string; readonly columns: ColumnPairs }
  | { readonly kind: 'o2m'; readonly constraint: string; readonly columns: ColumnPairs }
  /** `parent`: `table` is the referenced side (the FK lives on `foreignTable`). */
  | { readonly kind: 'o2o'; readonly constraint: string; readonly columns: ColumnPairs; readonly parent: boolean }
  | { readonly kind: 'm2m'; readonly junction: Junction };

/** A relationship from `table` to `foreignTable` (views inherit their base tables' keys). */
export type Relationship =
  | {
      readonly kind: 'fk';
      readonly table: QualifiedIdentifier;
      readonly foreignTable: QualifiedIdentifier;
      readonly isSelf: boolean;
      readonly cardinality: Cardinality;
      readonly tableIsView: boolean;
      readonly foreignTableIsView: boolean;
    }
  /** `fn(table) returns [setof] foreignTable`: a computed relationship named after the function. */
  | {
      readonly kind: 'computed';
      readonly function: QualifiedIdentifier;
      readonly table: QualifiedIdentifier;
      readonly foreignTable: QualifiedIdentifier;
      readonly toOne: boolean;
      readonly isSelf: boolean;
    };

export interface RoutineParam {
  /** `''` for an unnamed parameter. */
  readonly name: string;
  /** format_type() of the parameter type (no type modifier: `character`, `integer[]`). */
  readonly type: string;
  /**
   * The type GET/form arguments are cast to: `type`, except that fixed-length `character` and
   * `bit` (and their arrays) become `character varying` / `bit varying` so any length is accepted.
   */
  readonly castType: string;
  readonly required: boolean;
  readonly variadic: boolean;
}

export type ReturnType =
  | { readonly kind: 'scalar'; readonly type: string; readonly setOf: boolean }
  | {
      readonly kind: 'composite';
      readonly relation: QualifiedIdentifier;
      readonly setOf: boolean;
      readonly isRecord: boolean;
    }
  | { readonly kind: 'void' };

export interface Routine {
  readonly schema: string;
  readonly name: string;
  readonly description: string | null;
  readonly params: ReadonlyArray<RoutineParam>;
  readonly returns: ReturnType;
  readonly volatility: 'immutable' | 'stable' | 'volatile';
  readonly hasVariadic: boolean;
  /** A `SET default_transaction_isolation` on the function. */
  readonly isolationLevel: string | null;
  /** `SET key = value` clauses on the function. */
  readonly settings: ReadonlyArray<readonly [string, string]>;
}

/**
 * An implicit cast through a function between a domain and json or text (PostgREST's
 * DataRepresentation): `domain → json` formats the domain's values in responses, `text → domain`
 * parses filter values and `json → domain` request bodies. Types are named like Column.type.
 */
export interface Representation {
  readonly sourceType: string;
  readonly targetType: string;
  readonly function: QualifiedIdentifier;
}

export interface SchemaCache {
  /** schema → name → table. */
  readonly tables: ReadonlyMap<string, ReadonlyMap<string, Table>>;
  /**
   * `schema\0table` → relationships from that table (to targets in exposed schemas), in
   * PostgREST's order (which PGRST201 shows). PostgREST only searches the ones whose target is in
   * the request's schema: see relationshipsInSchema.
   */
  readonly relationships: ReadonlyMap<string, ReadonlyArray<Relationship>>;
  /** `schema\0name` → overloads. */
  readonly routines: ReadonlyMap<string, ReadonlyArray<Routine>>;
  /** `representationKey(source, target)` → the cast, for domains of every schema. */
  readonly representations: ReadonlyMap<string, Representation>;
  /** `server_version_num`, e.g. 180004. */
  readonly pgVersion: number;
  /**
   * PostgREST's "N Relationships" count: distinct (table, target schema) pairs of exposed tables,
   * counted before targets in other schemas were dropped. Absent in hand-made caches.
   */
  readonly relationshipKeys?: number;
}

export function qiKey(schema: string, name: string): string {
  return `${schema}\0${name}`;
}

export function representationKey(sourceType: string, targetType: string): string {
  return `${sourceType}\0${targetType}`;
}

/** The function that casts `sourceType` to `targetType` as a domain representation, if any. */
export function findRepresentation(
  cache: SchemaCache,
  sourceType: string,
  targetType: string,
): Representation | undefined {
  // Most databases have none: skip building the key for every field of every request.
  if (cache.representations.size === 0) return undefined;
  return cache.representations.get(representationKey(sourceType, targetType));
}

export function findTable(cache: SchemaCache, schema: string, name: string): Table | undefined {
  return cache.tables.get(schema)?.get(name);
}

export function relationshipsFrom(cache: SchemaCache, table: QualifiedIdentifier): ReadonlyArray<Relationship> {
  return cache.relationships.get(qiKey(table.schema, table.name)) ?? [];
}

/** The relationships PostgREST considers when embedding from `table` in a request for `schema`. */
export function relationshipsInSchema(
  cache: SchemaCache,
  table: QualifiedIdentifier,
  schema: string,
): ReadonlyArray<Relationship> {
  return relationshipsFrom(cache, table).filter((rel) => rel.foreignTable.schema === schema);
}

export function findRoutines(cache: SchemaCache, schema: string, name: string): ReadonlyArray<Routine> {
  return cache.routines.get(qiKey(schema, name)) ?? [];
}

export function countTables(cache: SchemaCache): number {
  let n = 0;
  for (const tables of cache.tables.values()) n += tables.size;
  return n;
}

/**
 * The "Schema cache loaded …" summary, counted like PostgREST: Relationships are (table, target
 * schema) groups, RPCs are function names (overloads count once), Domain Representations are all
 * the casts loaded (whatever the domain's schema), and the media type handlers are PostgREST's four
 * built-in ones (restgres has no custom handlers yet).
 */
export function summarize(cache: SchemaCache): string {
  let relationships = cache.relationshipKeys;
  if (relationships === undefined) {
    const groups = new Set<string>();
    for (const [key, rels] of cache.relationships)
      for (const rel of rels) groups.add(`${key}\0${rel.foreignTable.schema}`);
    relationships = groups.size;
  }
  return `${countTables(cache)} Relations, ${relationships} Relationships, ${cache.routines.size} RPCs, ${cache.representations.size} Domain Representations, 4 Media Type Handlers`;
}

/** The admin /schema_cache and --dump-schema JSON (restgres' own shape, not PostgREST's). */
export function schemaCacheToJson(cache: SchemaCache): unknown {
  const tables: Table[] = [];
  for (const bySchema of cache.tables.values()) tables.push(...bySchema.values());
  const relationships: Relationship[] = [];
  for (const rels of cache.relationships.values()) relationships.push(...rels);
  const routines: Routine[] = [];
  for (const overloads of cache.routines.values()) routines.push(...overloads);
  const representations = [...cache.representations.values()];
  return { pgVersion: cache.pgVersion, tables, relationships, routines, representations };
}
