// Which primary and foreign keys views inherit from the tables they select from (PostgREST:
// Catalog/Query.hs allViewsKeyDependencies, Relationship.hs addViewPrimaryKeys). Each column of an
// exposed view is traced through its stored rule, view after view, down to a table column; a key
// is inherited when the view exposes every column of it (a column exposed twice gives choices).

import { parseViewTargetList, type TargetEntry } from './node-tree.ts';
import type { QualifiedIdentifier } from './schema-cache.ts';

export interface ViewRow {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  /** In an exposed schema (the others only pass columns through). */
  readonly exposed: boolean;
  /** Column names by attnum - 1 (exposed views only). */
  readonly cols: ReadonlyArray<string> | null;
  /** pg_rewrite.ev_action as text. */
  readonly action: string;
}

export interface PrimaryKeyRow {
  readonly relid: number;
  /** Key columns in key order. */
  readonly attnums: ReadonlyArray<number>;
  readonly cols: ReadonlyArray<string>;
}

/** The parts of a foreign key this module needs (see relationships.ts ForeignKeyRow). */
export interface ForeignKeyKeys {
  readonly oid: number;
  readonly relid: number;
  readonly frelid: number;
  readonly attnums: ReadonlyArray<number>;
  readonly fattnums: ReadonlyArray<number>;
  readonly cols: ReadonlyArray<string>;
  readonly fcols: ReadonlyArray<string>;
}

/** A key of `view`'s source table that the view exposes: [table column, view columns] in key order. */
export interface KeyDependency {
  readonly view: QualifiedIdentifier;
  /** pg_constraint oid of the foreign key (PostgREST matches by name, which can be ambiguous). */
  readonly constraintOid: number;
  /** 'fk': the referencing columns are in the view; 'fkRef': the referenced ones are. */
  readonly type: 'fk' | 'fkRef';
  readonly columns: ReadonlyArray<readonly [string, ReadonlyArray<string>]>;
}

export interface ViewKeys {
  readonly keyDependencies: ReadonlyArray<KeyDependency>;
  /** `schema\0view` → inherited primary key columns. */
  readonly primaryKeys: ReadonlyMap<string, ReadonlyArray<string>>;
  /** Views whose rule could not be read (their keys are not inherited). */
  readonly unreadable: ReadonlyArray<QualifiedIdentifier>;
}

/** View rules reduced to what key inheritance needs (the rule texts can be dropped after this). */
export interface ParsedViews {
  /** oid → resno → entry, for every view a chain may pass through. */
  readonly targets: ReadonlyMap<number, ReadonlyMap<number, TargetEntry>>;
  /** Views of exposed schemas, which inherit keys. */
  readonly exposed: ReadonlyArray<{
    readonly oid: number;
    readonly qi: QualifiedIdentifier;
    readonly cols: ReadonlyArray<string>;
  }>;
  readonly unreadable: ReadonlyArray<QualifiedIdentifier>;
}

export function parseViews(views: ReadonlyArray<ViewRow>): ParsedViews {
  const unreadable: QualifiedIdentifier[] = [];
  const targets = new Map<number, Map<number, TargetEntry>>();
  const exposed: Array<{ oid: number; qi: QualifiedIdentifier; cols: ReadonlyArray<string> }> = [];
  for (const view of views) {
    let entries: TargetEntry[];
    try {
      entries = parseViewTargetList(view.action);
    } catch {
      unreadable.push({ schema: view.schema, name: view.name });
      continue;
    }
    const byResno = new Map<number, TargetEntry>();
    for (const e of entries) if (!e.junk) byResno.set(e.resno, e);
    targets.set(view.oid, byResno);
    if (view.exposed && view.cols !== null)
      exposed.push({ oid: view.oid, qi: { schema: view.schema, name: view.name }, cols: view.cols });
  }
  return { targets, exposed, unreadable };
}

export function deriveViewKeys(
  views: ParsedViews,
  foreignKeys: ReadonlyArray<ForeignKeyKeys>,
  primaryKeys: ReadonlyArray<PrimaryKeyRow>,
): ViewKeys {
  const { targets } = views;
  const pkByRel = new Map<number, PrimaryKeyRow>();
  for (const pk of primaryKeys) pkByRel.set(pk.relid, pk);
  const fkByRel = groupBy(foreignKeys, (fk) => fk.relid);
  const fkByRef = groupBy(foreignKeys, (fk) => fk.frelid);

  const keyDependencies: KeyDependency[] = [];
  const viewPrimaryKeys = new Map<string, ReadonlyArray<string>>();
  for (const view of views.exposed) {
    const byResno = targets.get(view.oid);
    if (byResno === undefined) continue;
    const { qi } = view;
    // origin table oid → attnum → view columns exposing it (in view column order)
    const origins = new Map<number, Map<number, string[]>>();
    for (let attnum = 1; attnum <= view.cols.length; attnum++) {
      const column = view.cols[attnum - 1];
      const origin = traceOrigin(targets, byResno.get(attnum));
      if (column === undefined || origin === null) continue;
      const byAttnum = origins.get(origin.table) ?? new Map<number, string[]>();
      origins.set(origin.table, byAttnum);
      const list = byAttnum.get(origin.column);
      if (list === undefined) byAttnum.set(origin.column, [column]);
      else list.push(column);
    }
    const pkParts: Array<{ first: number; cols: string[] }> = [];
    for (const [table, byAttnum] of origins) {
      const pk = pkByRel.get(table);
      const pkCols = pk === undefined ? null : exposedKey(byAttnum, pk.attnums, pk.cols);
      if (pkCols !== null) {
        // PostgREST keeps the first view column of each key column (takeFirstPK).
        const cols = pkCols.map(([, viewCols]) => viewCols[0] ?? '');
        pkParts.push({ first: Math.min(...cols.map((c) => view.cols.indexOf(c))), cols });
      }
      for (const fk of fkByRel.get(table) ?? []) {
        const columns = exposedKey(byAttnum, fk.attnums, fk.cols);
        if (columns !== null) keyDependencies.push({ view: qi, constraintOid: fk.oid, type: 'fk', columns });
      }
      for (const fk of fkByRef.get(table) ?? []) {
        const columns = exposedKey(byAttnum, fk.fattnums, fk.fcols);
        if (columns !== null) keyDependencies.push({ view: qi, constraintOid: fk.oid, type: 'fkRef', columns });
      }
    }
    if (pkParts.length > 0) {
      // Several tables' keys (a join exposing both): PostgREST concatenates them in an order of
      // its hash map; restgres uses view column order.
      pkParts.sort((a, b) => a.first - b.first);
      viewPrimaryKeys.set(
        `${qi.schema}\0${qi.name}`,
        pkParts.flatMap((p) => p.cols),
      );
    }
  }
  return { keyDependencies, primaryKeys: viewPrimaryKeys, unreadable: views.unreadable };
}

/** Follows a view column through views until a table column (or a computed value: null). */
function traceOrigin(
  targets: ReadonlyMap<number, ReadonlyMap<number, TargetEntry>>,
  entry: TargetEntry | undefined,
): { table: number; column: number } | null {
  let current = entry;
  // A rule cannot reference itself, but a bound keeps a corrupt catalog from looping forever.
  for (let hops = 0; current !== undefined && hops < 1000; hops++) {
    if (current.origTable === 0) return null;
    const next = targets.get(current.origTable);
    if (next === undefined) return { table: current.origTable, column: current.origColumn };
    current = next.get(current.origColumn);
  }
  return null;
}

/** The key's [column, view columns] pairs if the view exposes every key column, else null. */
function exposedKey(
  byAttnum: ReadonlyMap<number, ReadonlyArray<string>>,
  attnums: ReadonlyArray<number>,
  names: ReadonlyArray<string>,
): Array<readonly [string, ReadonlyArray<string>]> | null {
  const out: Array<readonly [string, ReadonlyArray<string>]> = [];
  for (let i = 0; i < attnums.length; i++) {
    const viewCols = byAttnum.get(attnums[i] ?? 0);
    if (viewCols === undefined) return null;
    out.push([names[i] ?? '', viewCols]);
  }
  return out;
}

function groupBy<T>(items: ReadonlyArray<T>, key: (item: T) => number): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list === undefined) map.set(k, [item]);
    else list.push(item);
  }
  return map;
}
