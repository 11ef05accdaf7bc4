// The order PostgREST keeps relationships in: each (table, target schema) list is `sort`ed with
// the derived Ord of Relationship.hs, so candidates in PGRST201 details appear in this order.
// Derived Ord compares constructors in declaration order, then fields in declaration order.

import type { Cardinality, ColumnPairs, Junction, QualifiedIdentifier, Relationship } from './schema-cache.ts';

/** Relationship < ComputedRelationship; then fields in PostgREST's declaration order. */
export function compareRelationships(a: Relationship, b: Relationship): number {
  if (a.kind !== b.kind) return a.kind === 'fk' ? -1 : 1;
  if (a.kind === 'fk' && b.kind === 'fk') {
    return (
      compareQi(a.table, b.table) ||
      compareQi(a.foreignTable, b.foreignTable) ||
      compareBool(a.isSelf, b.isSelf) ||
      compareCardinality(a.cardinality, b.cardinality) ||
      compareBool(a.tableIsView, b.tableIsView) ||
      compareBool(a.foreignTableIsView, b.foreignTableIsView)
    );
  }
  if (a.kind === 'computed' && b.kind === 'computed') {
    return (
      compareQi(a.function, b.function) ||
      compareQi(a.table, b.table) ||
      compareQi(a.foreignTable, b.foreignTable) ||
      compareBool(a.toOne, b.toOne) ||
      compareBool(a.isSelf, b.isSelf)
    );
  }
  return 0;
}

// Constructor order of Cardinality: O2M | M2O | O2O | M2M.
const CARDINALITY_RANK = { o2m: 0, m2o: 1, o2o: 2, m2m: 3 } as const;

function compareCardinality(a: Cardinality, b: Cardinality): number {
  if (a.kind !== b.kind) return CARDINALITY_RANK[a.kind] - CARDINALITY_RANK[b.kind];
  if (a.kind === 'm2m' && b.kind === 'm2m') return compareJunction(a.junction, b.junction);
  if (a.kind === 'm2m' || b.kind === 'm2m') return 0;
  return (
    compareText(a.constraint, b.constraint) ||
    comparePairs(a.columns, b.columns, false) ||
    (a.kind === 'o2o' && b.kind === 'o2o' ? compareBool(a.parent, b.parent) : 0)
  );
}

function compareJunction(a: Junction, b: Junction): number {
  // PostgREST stores junction columns as (origin or target column, junction column): compare so.
  return (
    compareQi(a.table, b.table) ||
    compareText(a.constraint1, b.constraint1) ||
    compareText(a.constraint2, b.constraint2) ||
    comparePairs(a.sourceColumns, b.sourceColumns, true) ||
    comparePairs(a.targetColumns, b.targetColumns, true)
  );
}

/** Haskell list order: element by element, a proper prefix first. */
function comparePairs(a: ColumnPairs, b: ColumnPairs, swapped: boolean): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const [a0, a1] = a[i] ?? ['', ''];
    const [b0, b1] = b[i] ?? ['', ''];
    const c = swapped ? compareText(a1, b1) || compareText(a0, b0) : compareText(a0, b0) || compareText(a1, b1);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function compareQi(a: QualifiedIdentifier, b: QualifiedIdentifier): number {
  return compareText(a.schema, b.schema) || compareText(a.name, b.name);
}

function compareBool(a: boolean, b: boolean): number {
  return a === b ? 0 : a ? 1 : -1;
}

/** Haskell Text order: by code point (JS `<` compares UTF-16 units, which differs past U+FFFF). */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (astral code point) sorts after every BMP character, including U+E000–U+FFFF.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
