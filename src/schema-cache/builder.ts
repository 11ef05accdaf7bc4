// Catalog rows → the immutable SchemaCache (PostgREST: the pure half of SchemaCache.hs
// querySchemaCache). Fed one query result at a time, so big row texts can be dropped early.

import type { TargetEntry } from './node-tree.ts';
import { type ComputedRelationshipRow, deriveRelationships, type ForeignKeyRow } from './relationships.ts';
import { groupRoutines, type RoutineRow } from './routines.ts';
import {
  type QualifiedIdentifier,
  type Representation,
  representationKey,
  type SchemaCache,
  type Table,
} from './schema-cache.ts';
import { type TableRow, toTable } from './tables.ts';
import { deriveViewKeys, type ParsedViews, type PrimaryKeyRow, parseViews, type ViewRow } from './view-keys.ts';

export interface ForeignKeySqlRow {
  readonly oid: number;
  readonly name: string;
  readonly relid: number;
  readonly schema: string;
  readonly table: string;
  readonly frelid: number;
  readonly fschema: string;
  readonly ftable: string;
  readonly attnums: number[];
  readonly fattnums: number[];
  /** null when the tables query returned the relation: named from its columns then. */
  readonly cols: string[] | null;
  readonly fcols: string[] | null;
  readonly one_to_one: boolean;
  readonly in_pk: boolean;
}

export interface ComputedSqlRow {
  readonly fn_schema: string;
  readonly fn_name: string;
  readonly schema: string;
  readonly table: string;
  readonly fschema: string;
  readonly ftable: string;
  readonly to_one: boolean;
}

export interface RepresentationSqlRow {
  readonly source: string;
  readonly target: string;
  readonly fn_schema: string;
  readonly fn_name: string;
}

const NO_KEYS: ReadonlyMap<string, ReadonlyArray<string>> = new Map();

export class SchemaCacheBuilder {
  readonly #schemas: ReadonlyArray<string>;
  readonly #tables = new Map<string, Map<string, Table>>();
  /** Parsed view rules, accumulated over batches. */
  readonly #views: {
    readonly targets: Map<number, ReadonlyMap<number, TargetEntry>>;
    readonly exposed: Array<ParsedViews['exposed'][number]>;
    readonly unreadable: QualifiedIdentifier[];
  } = { targets: new Map(), exposed: [], unreadable: [] };
  readonly #viewSourceKeys: PrimaryKeyRow[] = [];
  /** relation oid → column names by attnum, to name foreign key columns; dropped after build. */
  #columnNames = new Map<number, ReadonlyArray<string>>();
  readonly #foreignKeys: ForeignKeyRow[] = [];
  readonly #routineRows: RoutineRow[] = [];
  readonly #computed: ComputedRelationshipRow[] = [];
  readonly #representations = new Map<string, Representation>();
  /** Repeated texts (type names, defaults) kept once. */
  readonly #strings = new Map<string, string>();
  /** One identifier object per relation, shared by all its relationships. */
  readonly #identifiers = new Map<string, QualifiedIdentifier>();
  /** Time spent turning rows into the model, for the timings line. */
  elapsedMs = 0;

  constructor(exposedSchemas: ReadonlyArray<string>) {
    this.#schemas = exposedSchemas;
    for (const schema of exposedSchemas) this.#tables.set(schema, new Map());
  }

  // Each add* may be called several times: results can arrive in batches (see introspect.ts).

  /** Views get their primary keys in build(), once the view keys are known. */
  addTables(rows: ReadonlyArray<TableRow>): void {
    this.#timed(() => {
      for (const row of rows)
        this.#tables.get(row.schema)?.set(row.name, toTable(row, NO_KEYS, this.#strings, this.#columnNames));
    });
  }

  addViews(rows: ReadonlyArray<ViewRow>): void {
    this.#timed(() => {
      const parsed = parseViews(rows);
      for (const [oid, targets] of parsed.targets) this.#views.targets.set(oid, targets);
      for (const view of parsed.exposed) this.#views.exposed.push(view);
      for (const view of parsed.unreadable) this.#views.unreadable.push(view);
    });
  }

  addViewSourceKeys(rows: ReadonlyArray<PrimaryKeyRow>): void {
    for (const row of rows) this.#viewSourceKeys.push(row);
  }

  addForeignKeys(rows: ReadonlyArray<ForeignKeySqlRow>): void {
    this.#timed(() => {
      const keys = this.#foreignKeys;
      for (const r of rows) {
        const cols = r.cols ?? this.#names(r.relid, r.attnums);
        const fcols = r.fcols ?? this.#names(r.frelid, r.fattnums);
        // Both relations were in the same snapshot as the tables query, so this cannot miss.
        if (cols === null || fcols === null) continue;
        keys.push({
          oid: r.oid,
          name: r.name,
          relid: r.relid,
          frelid: r.frelid,
          table: this.#qi(r.schema, r.table),
          foreignTable: this.#qi(r.fschema, r.ftable),
          attnums: r.attnums,
          fattnums: r.fattnums,
          cols,
          fcols,
          oneToOne: r.one_to_one,
          inPrimaryKey: r.in_pk,
        });
      }
    });
  }

  #names(relid: number, attnums: ReadonlyArray<number>): string[] | null {
    const byAttnum = this.#columnNames.get(relid);
    const names: string[] = [];
    for (const attnum of attnums) {
      const name = byAttnum?.[attnum];
      if (name === undefined) return null;
      names.push(name);
    }
    return names;
  }

  addRoutines(rows: ReadonlyArray<RoutineRow>): void {
    for (const row of rows) this.#routineRows.push(row);
  }

  addComputedRelationships(rows: ReadonlyArray<ComputedSqlRow>): void {
    this.#timed(() => {
      for (const r of rows)
        this.#computed.push({
          function: this.#qi(r.fn_schema, r.fn_name),
          table: this.#qi(r.schema, r.table),
          foreignTable: this.#qi(r.fschema, r.ftable),
          toOne: r.to_one,
        });
    });
  }

  addRepresentations(rows: ReadonlyArray<RepresentationSqlRow>): void {
    for (const r of rows)
      this.#representations.set(representationKey(r.source, r.target), {
        sourceType: r.source,
        targetType: r.target,
        function: this.#qi(r.fn_schema, r.fn_name),
      });
  }

  /** The cache, and the views whose stored rule could not be read (they inherit no keys). */
  build(pgVersion: number): {
    readonly cache: SchemaCache;
    readonly unreadableViews: ReadonlyArray<QualifiedIdentifier>;
  } {
    return this.#timed(() => {
      const viewKeys = deriveViewKeys(this.#views, this.#foreignKeys, this.#viewSourceKeys);
      for (const [key, primaryKey] of viewKeys.primaryKeys) {
        const [schema = '', name = ''] = key.split('\0');
        const table = this.#tables.get(schema)?.get(name);
        if (table !== undefined) this.#tables.get(schema)?.set(name, { ...table, primaryKey });
      }
      const { relationships, keyCount } = deriveRelationships({
        schemas: this.#schemas,
        foreignKeys: this.#foreignKeys,
        keyDependencies: viewKeys.keyDependencies,
        viewPrimaryKeys: viewKeys.primaryKeys,
        computed: this.#computed,
      });
      const cache: SchemaCache = {
        tables: this.#tables,
        relationships,
        routines: groupRoutines(this.#routineRows),
        representations: this.#representations,
        pgVersion,
        relationshipKeys: keyCount,
      };
      this.#columnNames = new Map();
      return { cache, unreadableViews: viewKeys.unreadable };
    });
  }

  #qi(schema: string, name: string): QualifiedIdentifier {
    const key = `${schema}\0${name}`;
    let found = this.#identifiers.get(key);
    if (found === undefined) {
      found = { schema, name };
      this.#identifiers.set(key, found);
    }
    return found;
  }

  #timed<T>(work: () => T): T {
    const started = performance.now();
    try {
      return work();
    } finally {
      this.elapsedMs += performance.now() - started;
    }
  }
}
