// Embed resolution (PostgREST: Plan.hs, findRel): which relationship `origin?select=target!hint(…)`
// means. None → 400 PGRST200 with a "did you mean" hint; several → 300 PGRST201 listing them.

import { SchemaCacheError } from '../errors/schema-cache-error.ts';
import { noRelationshipHint } from '../schema-cache/hints.ts';
import {
  type Cardinality,
  type Relationship,
  relationshipsInSchema,
  type SchemaCache,
} from '../schema-cache/schema-cache.ts';

export function isToOne(rel: Relationship): boolean {
  if (rel.kind === 'computed') return rel.toOne;
  return rel.cardinality.kind === 'm2o' || rel.cardinality.kind === 'o2o';
}

export function findRelationship(
  cache: SchemaCache,
  schema: string,
  origin: string,
  target: string,
  hint: string | null,
): Relationship {
  const candidates = relationshipsInSchema(cache, { schema, name: origin }, schema).filter((rel) =>
    matches(rel, target, hint),
  );
  const [first, second] = candidates;
  if (first === undefined) {
    throw SchemaCacheError.noRelationship(
      origin,
      target,
      hint ?? undefined,
      schema,
      noRelationshipHint(cache, origin, target, schema),
    );
  }
  if (second === undefined) return first;
  throw SchemaCacheError.ambiguousRelationship(origin, target, candidates.map(describe), candidates.map(hintFor));
}

function matches(rel: Relationship, target: string, hint: string | null): boolean {
  if (rel.kind === 'computed') return target === rel.function.name;
  const card = rel.cardinality;
  if (rel.isSelf) {
    if (hint === null) {
      // The O2M by table name, the M2O by FK column: /family?select=children:family(*),parent(*)
      return (
        (target === rel.foreignTable.name && card.kind === 'o2m') ||
        (singleColumn(card, 0) === target && card.kind === 'm2o')
      );
    }
    // /organizations?select=auditees:organizations!auditor(*)
    return target === rel.foreignTable.name && card.kind === 'o2m' && singleColumn(card, 1) === hint;
  }
  if (hint === null) {
    return (
      target === rel.foreignTable.name ||
      (constraintOf(card) === target && !rel.foreignTableIsView) ||
      (singleColumn(card, 0) === target && !rel.foreignTableIsView)
    );
  }
  return (
    target === rel.foreignTable.name &&
    (constraintOf(card) === hint ||
      singleColumn(card, 0) === hint ||
      singleColumn(card, 1) === hint ||
      (card.kind === 'm2m' && card.junction.table.name === hint))
  );
}

function constraintOf(card: Cardinality): string | null {
  return card.kind === 'm2m' ? null : card.constraint;
}

/** The FK's only column on one side (0: origin side, 1: target side), if it has one column. */
function singleColumn(card: Cardinality, side: 0 | 1): string | null {
  if (card.kind === 'm2m' || card.columns.length !== 1) return null;
  return card.columns[0]?.[side] ?? null;
}

const CARDINALITY_NAMES = { m2o: 'many-to-one', o2m: 'one-to-many', o2o: 'one-to-one', m2m: 'many-to-many' } as const;

/** One entry of PGRST201's details; keys in PostgREST's (sorted) order. */
function describe(rel: Relationship): Record<string, string> {
  if (rel.kind === 'computed') return {};
  const card = rel.cardinality;
  const cols = (names: ReadonlyArray<string>): string => `(${names.join(', ')})`;
  const relationship =
    card.kind === 'm2m'
      ? `${card.junction.table.name} using ${card.junction.constraint1}${cols(card.junction.sourceColumns.map(([j]) => j))} and ${card.junction.constraint2}${cols(card.junction.targetColumns.map(([j]) => j))}`
      : `${card.constraint} using ${rel.table.name}${cols(card.columns.map(([c]) => c))} and ${rel.foreignTable.name}${cols(card.columns.map(([, f]) => f))}`;
  return {
    cardinality: CARDINALITY_NAMES[card.kind],
    embedding: `${rel.table.name} with ${rel.foreignTable.name}`,
    relationship,
  };
}

/** The `target!hint` form PGRST201 suggests for a candidate. */
function hintFor(rel: Relationship): string {
  if (rel.kind === 'computed') return '';
  const card = rel.cardinality;
  return `${rel.foreignTable.name}!${card.kind === 'm2m' ? card.junction.table.name : card.constraint}`;
}
