// Relationship inference from catalog rows (PostgREST: SchemaCache.hs querySchemaCache,
// addViewM2OAndO2ORels, addM2MRels, addInverseRels, getOverrideRelationshipsMap, removeInternal).
// Pure and set-based: every step indexes its inputs in hash maps, nothing scans all tables per table.

import { compareRelationships } from './relationship-order.ts';
import type { Cardinality, ColumnPairs, QualifiedIdentifier, Relationship } from './schema-cache.ts';
import { qiKey } from './schema-cache.ts';
import type { ForeignKeyKeys, KeyDependency } from './view-keys.ts';

export interface ForeignKeyRow extends ForeignKeyKeys {
  readonly name: string;
  readonly table: QualifiedIdentifier;
  readonly foreignTable: QualifiedIdentifier;
  /** The FK columns are exactly a PK or UNIQUE key of the referencing table. */
  readonly oneToOne: boolean;
  /** Every FK column is part of the referencing table's primary key (junction candidate). */
  readonly inPrimaryKey: boolean;
}

export interface ComputedRelationshipRow {
  readonly function: QualifiedIdentifier;
  readonly table: QualifiedIdentifier;
  readonly foreignTable: QualifiedIdentifier;
  readonly toOne: boolean;
}

export interface RelationshipInput {
  readonly schemas: ReadonlyArray<string>;
  readonly foreignKeys: ReadonlyArray<ForeignKeyRow>;
  readonly keyDependencies: ReadonlyArray<KeyDependency>;
  /** Primary keys of exposed views (`schema\0view` → columns), for view junctions. */
  readonly viewPrimaryKeys: ReadonlyMap<string, ReadonlyArray<string>>;
  readonly computed: ReadonlyArray<ComputedRelationshipRow>;
}

export interface RelationshipResult {
  /** `schema\0table` → relationships, sorted in PostgREST's order. */
  readonly relationships: Map<string, Relationship[]>;
  /** PostgREST's summary count (distinct origin table × target schema, before filtering). */
  readonly keyCount: number;
}

type FkRelationship = Extract<Relationship, { kind: 'fk' }>;

// Identifier objects are shared by every relationship of a table, so their map keys are built once.
const keys = new WeakMap<QualifiedIdentifier, string>();
function keyOf(qi: QualifiedIdentifier): string {
  let key = keys.get(qi);
  if (key === undefined) {
    key = qiKey(qi.schema, qi.name);
    keys.set(qi, key);
  }
  return key;
}

export function deriveRelationships(input: RelationshipInput): RelationshipResult {
  const sink = new Sink(input.schemas, input.computed);
  const columns = new ColumnsPool();
  // Candidate M2M legs: M2Os whose origin-side columns all lie in the origin's primary key, by origin.
  const legs = new Map<string, FkRelationship[]>();
  // Every M2O/O2O is stored with its inverse right away: no list of all relationships is ever built.
  const emit = (rel: FkRelationship, inPrimaryKey: boolean): void => {
    sink.add(rel);
    if (sink.wants(rel.foreignTable)) sink.add(inverse(rel, columns));
    if (rel.cardinality.kind === 'm2o' && inPrimaryKey) {
      const key = keyOf(rel.table);
      const list = legs.get(key);
      if (list === undefined) legs.set(key, [rel]);
      else list.push(rel);
    }
  };
  for (const fk of input.foreignKeys) {
    const card = toOneOrMany(fk.oneToOne, fk.name, columns.zip(fk.cols, fk.fcols));
    emit(fkRelationship(fk.table, fk.foreignTable, fk.relid === fk.frelid, card, false, false), fk.inPrimaryKey);
  }
  viewRelationships(input, columns, emit);
  for (const group of legs.values()) if (group.length > 1) manyToMany(group, sink);
  return sink.finish();
}

function fkRelationship(
  table: QualifiedIdentifier,
  foreignTable: QualifiedIdentifier,
  isSelf: boolean,
  cardinality: Cardinality,
  tableIsView: boolean,
  foreignTableIsView: boolean,
): FkRelationship {
  return { kind: 'fk', table, foreignTable, isSelf, cardinality, tableIsView, foreignTableIsView };
}

function toOneOrMany(oneToOne: boolean, constraint: string, columns: ColumnPairs): Cardinality {
  return oneToOne ? { kind: 'o2o', constraint, columns, parent: false } : { kind: 'm2o', constraint, columns };
}

/** O2M for an M2O, the other side for an O2O (addInverseRels). */
function inverse(rel: FkRelationship, columns: ColumnsPool): FkRelationship {
  const c = rel.cardinality;
  let cardinality: Cardinality;
  if (c.kind === 'm2o') cardinality = { kind: 'o2m', constraint: c.constraint, columns: columns.swap(c.columns) };
  else if (c.kind === 'o2o')
    cardinality = { kind: 'o2o', constraint: c.constraint, columns: columns.swap(c.columns), parent: !c.parent };
  else throw new Error(`no inverse for ${c.kind}`);
  return fkRelationship(rel.foreignTable, rel.table, rel.isSelf, cardinality, rel.foreignTableIsView, rel.tableIsView);
}

/**
 * Column pair lists, one shared copy per distinct content: the same `(x_id, id)` pairs recur in
 * thousands of relationships on big schemas, and the model is immutable.
 */
class ColumnsPool {
  readonly #pool = new Map<string, ColumnPairs>();

  zip(a: ReadonlyArray<string>, b: ReadonlyArray<string>): ColumnPairs {
    const n = Math.min(a.length, b.length);
    // Identifiers never contain NUL and are never empty, so this key is unambiguous.
    let key = '';
    for (let i = 0; i < n; i++) key += `${a[i] ?? ''}\0${b[i] ?? ''}\0\0`;
    let found = this.#pool.get(key);
    if (found === undefined) {
      const pairs: Array<readonly [string, string]> = [];
      for (let i = 0; i < n; i++) pairs.push([a[i] ?? '', b[i] ?? '']);
      found = pairs;
      this.#pool.set(key, found);
    }
    return found;
  }

  swap(pairs: ColumnPairs): ColumnPairs {
    return this.zip(
      pairs.map(([, b]) => b),
      pairs.map(([a]) => a),
    );
  }
}

/**
 * M2O/O2O relationships of views that expose a foreign key's columns: view → table, table → view
 * and view → view (addViewM2OAndO2ORels). A key column exposed twice yields one relationship per
 * choice of view column.
 */
function viewRelationships(
  input: RelationshipInput,
  columns: ColumnsPool,
  emit: (rel: FkRelationship, inPrimaryKey: boolean) => void,
): void {
  const referencing = new Map<number, KeyDependency[]>();
  const referenced = new Map<number, KeyDependency[]>();
  for (const dep of input.keyDependencies) {
    const index = dep.type === 'fk' ? referencing : referenced;
    const list = index.get(dep.constraintOid);
    if (list === undefined) index.set(dep.constraintOid, [dep]);
    else list.push(dep);
  }
  if (referencing.size === 0 && referenced.size === 0) return;
  const pkOf = (view: QualifiedIdentifier) => new Set(input.viewPrimaryKeys.get(keyOf(view)));
  for (const fk of input.foreignKeys) {
    const viewTable = referencing.get(fk.oid) ?? [];
    const tableView = referenced.get(fk.oid) ?? [];
    if (viewTable.length === 0 && tableView.length === 0) continue;
    const card = (pairs: ColumnPairs) => toOneOrMany(fk.oneToOne, fk.name, pairs);
    const vtChoices = viewTable.map((dep) => ({ dep, pk: pkOf(dep.view), choices: expand(dep.columns) }));
    const tvChoices = tableView.map((dep) => ({ dep, choices: expand(dep.columns) }));
    for (const { dep, pk, choices } of vtChoices) {
      for (const viewCols of choices) {
        const rel = fkRelationship(
          dep.view,
          fk.foreignTable,
          false,
          card(columns.zip(viewCols, fk.fcols)),
          true,
          false,
        );
        emit(
          rel,
          viewCols.every((c) => pk.has(c)),
        );
      }
    }
    for (const { dep, choices } of tvChoices) {
      for (const viewCols of choices) {
        const rel = fkRelationship(fk.table, dep.view, false, card(columns.zip(fk.cols, viewCols)), false, true);
        emit(rel, fk.inPrimaryKey);
      }
    }
    for (const vt of vtChoices) {
      for (const viewCols1 of vt.choices) {
        for (const tv of tvChoices) {
          const isSelf = vt.dep.view.schema === tv.dep.view.schema && vt.dep.view.name === tv.dep.view.name;
          for (const viewCols2 of tv.choices) {
            const pairs = columns.zip(viewCols1, viewCols2);
            emit(
              fkRelationship(vt.dep.view, tv.dep.view, isSelf, card(pairs), true, true),
              viewCols1.every((c) => vt.pk.has(c)),
            );
          }
        }
      }
    }
  }
}

/** Every combination of one view column per key column, in key order. */
function expand(columns: ReadonlyArray<readonly [string, ReadonlyArray<string>]>): string[][] {
  let combos: string[][] = [[]];
  for (const [, viewCols] of columns) {
    const next: string[][] = [];
    for (const combo of combos) for (const c of viewCols) next.push([...combo, c]);
    combos = next;
  }
  return combos;
}

/**
 * M2M through junction J (addM2MRels): two M2Os of J with different constraint names whose J-side
 * columns all lie in J's primary key (the legs). O2O FKs do not count. Each ordered pair gives one.
 */
function manyToMany(legs: ReadonlyArray<FkRelationship>, sink: Sink): void {
  for (const r1 of legs) {
    for (const r2 of legs) {
      const c1 = r1.cardinality;
      const c2 = r2.cardinality;
      if (c1.kind !== 'm2o' || c2.kind !== 'm2o' || c1.constraint === c2.constraint) continue;
      const t = r1.foreignTable;
      const ft = r2.foreignTable;
      if (!sink.wants(t)) continue;
      const junction = {
        table: r1.table,
        constraint1: c1.constraint,
        constraint2: c2.constraint,
        sourceColumns: c1.columns,
        targetColumns: c2.columns,
      };
      const isSelf = t.schema === ft.schema && t.name === ft.name;
      sink.add(fkRelationship(t, ft, isSelf, { kind: 'm2m', junction }, r1.foreignTableIsView, r2.foreignTableIsView));
    }
  }
}

/**
 * Collects relationships the way PostgREST keeps them (getOverrideRelationshipsMap,
 * removeInternal): computed relationships replace FK ones from the same table whose target has
 * the function's qualified name; only exposed origins count; only exposed targets (and M2Ms with
 * exposed junctions) are kept, but the dropped ones still count in the summary.
 */
class Sink {
  readonly #exposed: ReadonlySet<string>;
  /** origin table → `schema\0name` of functions of its computed relationships */
  readonly #overriding = new Map<string, Set<string>>();
  readonly #computed: Relationship[] = [];
  readonly #relationships = new Map<string, Relationship[]>();
  /** origin table → target schemas seen (PostgREST's map keys) */
  readonly #groups = new Map<string, string[]>();

  constructor(schemas: ReadonlyArray<string>, computed: ReadonlyArray<ComputedRelationshipRow>) {
    this.#exposed = new Set(schemas);
    const byPair = new Map<string, number>();
    for (const c of computed) {
      if (!this.wants(c.table)) continue;
      const table = keyOf(c.table);
      const fn = keyOf(c.function);
      const fns = this.#overriding.get(table) ?? new Set<string>();
      this.#overriding.set(table, fns);
      fns.add(fn);
      const isSelf = c.table.schema === c.foreignTable.schema && c.table.name === c.foreignTable.name;
      const rel: Relationship = {
        kind: 'computed',
        function: c.function,
        table: c.table,
        foreignTable: c.foreignTable,
        toOne: c.toOne,
        isSelf,
      };
      // One per (table, function): a later row replaces an earlier one, as with PostgREST's HM.fromList.
      const pair = `${table}\0${fn}`;
      const at = byPair.get(pair);
      if (at === undefined) {
        byPair.set(pair, this.#computed.length);
        this.#computed.push(rel);
      } else this.#computed[at] = rel;
    }
  }

  /** Whether relationships from `table` are kept at all. */
  wants(table: QualifiedIdentifier): boolean {
    return this.#exposed.has(table.schema);
  }

  add(rel: Relationship): void {
    if (!this.wants(rel.table)) return;
    const key = keyOf(rel.table);
    if (rel.kind === 'fk' && this.#overriding.get(key)?.has(keyOf(rel.foreignTable)) === true) return;
    this.#store(key, rel);
  }

  #store(key: string, rel: Relationship): void {
    const schemas = this.#groups.get(key);
    if (schemas === undefined) this.#groups.set(key, [rel.foreignTable.schema]);
    else if (!schemas.includes(rel.foreignTable.schema)) schemas.push(rel.foreignTable.schema);
    if (!this.#exposed.has(rel.foreignTable.schema)) return;
    if (
      rel.kind === 'fk' &&
      rel.cardinality.kind === 'm2m' &&
      !this.#exposed.has(rel.cardinality.junction.table.schema)
    )
      return;
    const list = this.#relationships.get(key);
    if (list === undefined) this.#relationships.set(key, [rel]);
    else list.push(rel);
  }

  finish(): RelationshipResult {
    for (const rel of this.#computed) this.#store(keyOf(rel.table), rel);
    let keyCount = 0;
    for (const schemas of this.#groups.values()) keyCount += schemas.length;
    // Sorted, and copied to exact length (grown arrays keep spare capacity).
    for (const [key, list] of this.#relationships)
      this.#relationships.set(key, list.sort(compareRelationships).slice());
    return { relationships: this.#relationships, keyCount };
  }
}
