// ReadPlanTree → SQL (PostgREST: Query/QueryBuilder.hs and Query/SqlFragment.hs). Embeds are
// LATERAL joins: to-one as row_to_json(...)::jsonb, to-many as json_agg(...)::jsonb, so embedded
// JSON text has PostgreSQL's jsonb spacing exactly as PostgREST's does. Aliases follow PostgREST's
// naming so PostgreSQL's own error messages (`column films.xx does not exist`) read the same.

import { plainField } from '../plan/field.ts';
import { isToOne } from '../plan/relationship.ts';
import type {
  CoercibleField,
  ColumnRef,
  JoinCondition,
  PlanFilter,
  PlanLogicTree,
  PlanOrderTerm,
  ReadPlan,
  ReadPlanTree,
  RelSelectField,
  SelectField,
  SpreadSelectField,
} from '../plan/types.ts';
import { isAllRows } from '../plan/types.ts';
import type { AggregateFunction, JsonOperation, Operation, Range } from '../request/types.ts';
import type { QualifiedIdentifier } from '../schema-cache/schema-cache.ts';
import { castType } from './cast.ts';
import { EMPTY, ident, join, param, type SqlNode, sql } from './sql.ts';

const COMMA = sql`, `;

export function readQuery(tree: ReadPlanTree): SqlNode {
  const p = tree.node;
  const qi = qualifierOf(p);
  const selects: SqlNode[] =
    p.select.length === 0 && tree.children.length === 0 ? [column(qi, '*')] : p.select.map((s) => selectItem(qi, s));
  const spreadExtras =
    p.relSpread?.kind === 'toMany'
      ? p.relSpread.extraSelects.map(([relation, s]) =>
          selectItem(relation === null ? qi : { schema: '', name: relation }, s),
        )
      : [];
  const joinSelects = p.relSelect.flatMap(relSelectItems);
  const conditions = [...p.where.map((t) => logicTree(qi, t)), ...p.relJoinConds.map(joinCondition)];
  return sql`SELECT ${join([...selects, ...spreadExtras, ...joinSelects], COMMA)}${from(p)}${join(joins(tree), sql` `)}${
    conditions.length === 0 ? EMPTY : sql` WHERE ${join(conditions, sql` AND `)}`
  } ${groupBy(qi, p)} ${orderBy(qi, p.order)} ${limitOffset(p.range)}`;
}

/**
 * The count of the root: its filters only (no limit/offset); inner-joined embeds become EXISTS
 * so they still restrict the count (PostgREST #2009).
 */
export function countQuery(tree: ReadPlanTree): SqlNode {
  const p = tree.node;
  const qi = qualifierOf(p);
  const byAlias = (alias: string): ReadPlanTree | undefined => tree.children.find((c) => c.node.relAggAlias === alias);
  const countLogic = (t: PlanLogicTree): SqlNode => {
    if (t.kind === 'expr') {
      return sql`${t.negated ? sql`NOT` : EMPTY} (${join(t.children.map(countLogic), t.operator === 'and' ? sql` AND ` : sql` OR `)})`;
    }
    if (t.filter.kind === 'nullEmbed') {
      const child = byAlias(t.filter.aggAlias);
      return child === undefined ? EMPTY : sql`${t.filter.negated ? EMPTY : sql`NOT `}EXISTS (${countQuery(child)})`;
    }
    return filter(qi, t.filter);
  };
  const exists = tree.children
    .filter((c) => c.node.relJoinType === 'inner')
    .map((c) => sql`EXISTS (${countQuery(c)} )`);
  const conditions = [...p.where.map(countLogic), ...p.relJoinConds.map(joinCondition), ...exists];
  return sql`SELECT 1 ${from(p)}${conditions.length === 0 ? EMPTY : sql` WHERE ${join(conditions, sql` AND `)}`}`;
}

/** The name rows of this node are referred to by: its alias, or its table. */
function qualifierOf(p: ReadPlan): QualifiedIdentifier {
  if (p.relToParent?.kind === 'computed') return { schema: '', name: p.fromAlias ?? p.relToParent.function.name };
  return p.fromAlias === null ? p.from : { schema: '', name: p.fromAlias };
}

function qualified(qi: QualifiedIdentifier): SqlNode {
  return qi.schema === '' ? ident(qi.name) : sql`${ident(qi.schema)}.${ident(qi.name)}`;
}

function column(qi: QualifiedIdentifier, name: string): SqlNode {
  return name === '*' ? sql`${qualified(qi)}.*` : sql`${qualified(qi)}.${ident(name)}`;
}

function from(p: ReadPlan): SqlNode {
  const rel = p.relToParent;
  const source =
    rel?.kind === 'computed' && p.computedSource !== null
      ? sql`${qualified(rel.function)}(${ident(p.computedSource.name)}::${qualified(rel.table)})`
      : qualified(p.from);
  const alias = p.fromAlias === null ? EMPTY : sql` AS ${ident(p.fromAlias)}`;
  const junction =
    rel?.kind === 'fk' && rel.cardinality.kind === 'm2m' ? sql`, ${qualified(rel.cardinality.junction.table)}` : EMPTY;
  return sql` FROM ${source}${alias}${junction}`;
}

function jsonPath(path: ReadonlyArray<JsonOperation>): SqlNode {
  return join(
    path.map((op) => {
      const operand = op.operand.kind === 'key' ? param(op.operand.key) : sql`${param(op.operand.index)}::int`;
      return op.arrow === '->' ? sql`->${operand}` : sql`->>${operand}`;
    }),
    EMPTY,
  );
}

export function field(qi: QualifiedIdentifier, f: CoercibleField): SqlNode {
  let rendered: SqlNode;
  if (f.fullRow) rendered = ident(qi.name);
  else if (f.jsonPath.length === 0) rendered = column(qi, f.name);
  else if (f.toJson) rendered = sql`to_jsonb(${column(qi, f.name)})${jsonPath(f.jsonPath)}`;
  else rendered = sql`${column(qi, f.name)}${jsonPath(f.jsonPath)}`;
  if (f.toTsVector === null) return rendered;
  return f.toTsVector.language === null
    ? sql`to_tsvector(${rendered})`
    : sql`to_tsvector(${param(f.toTsVector.language)}, ${rendered})`;
}

/** A selected field, formatted by its domain representation if it has one: `fn(col)`. */
function outputField(qi: QualifiedIdentifier, f: CoercibleField): SqlNode {
  const rendered = field(qi, f);
  return f.transform === null ? rendered : sql`${qualified(f.transform)}(${rendered})`;
}

function applyCast(cast: string | null, node: SqlNode): SqlNode {
  return cast === null ? node : sql`CAST( ${node} AS ${castType(cast)} )`;
}

const AGGREGATES: Readonly<Record<AggregateFunction, SqlNode>> = {
  count: sql`COUNT`,
  sum: sql`SUM`,
  avg: sql`AVG`,
  max: sql`MAX`,
  min: sql`MIN`,
};

function applyAggregate(aggregate: AggregateFunction | null, cast: string | null, node: SqlNode): SqlNode {
  return aggregate === null ? node : applyCast(cast, sql`${AGGREGATES[aggregate]}(${node})`);
}

function as(alias: string | null): SqlNode {
  return alias === null ? EMPTY : sql` AS ${ident(alias)}`;
}

function selectItem(qi: QualifiedIdentifier, s: SelectField): SqlNode {
  return sql`${applyAggregate(s.aggregate, s.aggregateCast, applyCast(s.cast, outputField(qi, s.field)))}${as(s.alias)}`;
}

function spreadName(aggAlias: string, name: string): SqlNode {
  return name === '*' ? sql`${ident(aggAlias)}.*` : sql`${ident(aggAlias)}.${ident(name)}`;
}

function relSelectItems(r: RelSelectField): SqlNode[] {
  if (r.kind === 'spread') {
    return r.fields.map(
      (f: SpreadSelectField) =>
        sql`${applyAggregate(f.aggregate, f.aggregateCast, spreadName(r.aggAlias, f.name))}${as(f.alias)}`,
    );
  }
  if (r.empty) return [];
  const agg = ident(r.aggAlias);
  return r.mode === 'object'
    ? [sql`row_to_json(${agg}.*)::jsonb AS ${ident(r.name)}`]
    : [sql`COALESCE( ${agg}.${agg}, '[]') AS ${ident(r.name)}`];
}

function joins(tree: ReadPlanTree): SqlNode[] {
  return tree.node.relSelect.flatMap((r) => {
    const child = tree.children.find((c) => c.node.relAggAlias === r.aggAlias);
    return child === undefined ? [] : [joinFor(r, child)];
  });
}

function joinFor(r: RelSelectField, child: ReadPlanTree): SqlNode {
  const c = child.node;
  const agg = ident(r.aggAlias);
  const joinType = c.relJoinType === 'inner' ? sql`INNER` : sql`LEFT`;
  const lateral = (sub: SqlNode, on: SqlNode): SqlNode => sql` ${joinType} JOIN LATERAL ( ${sub} ) AS ${agg} ON ${on}`;
  const subquery = readQuery(child);
  const condition = c.relJoinType === 'inner' ? sql`${agg} IS NOT NULL` : sql`TRUE`;
  const aggregated = (extra: SqlNode): SqlNode =>
    sql`SELECT json_agg(${agg})::jsonb AS ${agg}${extra} FROM (${subquery} ) AS ${agg}`;
  const rel = c.relToParent;
  const toMany = rel !== null && !isToOne(rel);
  if (r.kind === 'json')
    return r.mode === 'object' ? lateral(subquery, sql`TRUE`) : lateral(aggregated(EMPTY), condition);
  if (c.relSpread?.kind === 'toMany' && toMany) {
    const order = c.relSpread.order;
    const items = r.fields.map((f) => {
      const ordered = order.length === 0 ? EMPTY : sql` ${orderBy({ schema: '', name: r.aggAlias }, order)}`;
      return sql`COALESCE(json_agg(${spreadName(r.aggAlias, f.name)}${ordered}),'[]')::jsonb AS ${ident(f.alias ?? f.name)}`;
    });
    return lateral(aggregated(items.length === 0 ? EMPTY : sql`, ${join(items, COMMA)}`), condition);
  }
  return lateral(subquery, sql`TRUE`);
}

function groupBy(qi: QualifiedIdentifier, p: ReadPlan): SqlNode {
  const aggregated =
    p.select.some((s) => s.aggregate !== null) ||
    p.relSelect.some((r) => r.kind === 'spread' && r.fields.some((f) => f.aggregate !== null));
  if (!aggregated) return EMPTY;
  const terms: SqlNode[] = [
    ...p.select.flatMap((s) => (s.aggregate !== null ? [] : [s.alias === null ? field(qi, s.field) : ident(s.alias)])),
    ...p.relSelect.flatMap((r) =>
      r.kind === 'json'
        ? [ident(r.name)]
        : r.fields
            .filter((f) => f.aggregate === null)
            .map((f) => sql`${ident(r.aggAlias)}.${ident(f.alias ?? f.name)}`),
    ),
  ];
  return terms.length === 0 ? EMPTY : sql` GROUP BY ${join(terms, COMMA)}`;
}

function orderBy(qi: QualifiedIdentifier, terms: ReadonlyArray<PlanOrderTerm>): SqlNode {
  if (terms.length === 0) return EMPTY;
  return sql`ORDER BY ${join(
    terms.map((t) => orderTerm(qi, t)),
    COMMA,
  )}`;
}

function orderTerm(qi: QualifiedIdentifier, t: PlanOrderTerm): SqlNode {
  const target =
    t.kind === 'field'
      ? field(qi, t.field)
      : field({ schema: '', name: t.relation }, plainField(t.field.name, t.field.jsonPath));
  const direction = t.direction === 'asc' ? sql` ASC` : t.direction === 'desc' ? sql` DESC` : EMPTY;
  const nulls = t.nulls === 'first' ? sql` NULLS FIRST` : t.nulls === 'last' ? sql` NULLS LAST` : EMPTY;
  return sql`${target}${direction}${nulls}`;
}

function limitOffset(range: Range): SqlNode {
  if (isAllRows(range)) return EMPTY;
  const limit = range.limit === null ? sql`ALL` : param(String(range.limit));
  return sql`LIMIT ${limit} OFFSET ${param(String(range.offset))}`;
}

function joinCondition(c: JoinCondition): SqlNode {
  return sql`${columnRef(c.left)} = ${columnRef(c.right)}`;
}

function columnRef(ref: ColumnRef): SqlNode {
  return column(ref.qualifier, ref.column);
}

export function logicTree(qi: QualifiedIdentifier, t: PlanLogicTree): SqlNode {
  if (t.kind === 'stmt') return filter(qi, t.filter);
  return sql`${t.negated ? sql`NOT` : EMPTY} (${join(
    t.children.map((c) => logicTree(qi, c)),
    t.operator === 'and' ? sql` AND ` : sql` OR `,
  )})`;
}

const QUANT_OPERATORS = {
  eq: sql`=`,
  gte: sql`>=`,
  gt: sql`>`,
  lte: sql`<=`,
  lt: sql`<`,
  like: sql`like`,
  ilike: sql`ilike`,
  match: sql`~`,
  imatch: sql`~*`,
} as const;

const SIMPLE_OPERATORS = {
  neq: sql`<>`,
  cs: sql`@>`,
  cd: sql`<@`,
  ov: sql`&&`,
  sl: sql`<<`,
  sr: sql`>>`,
  nxr: sql`&<`,
  nxl: sql`&>`,
  adj: sql`-|-`,
} as const;

const FTS_FUNCTIONS = {
  fts: sql`@@ to_tsquery`,
  plfts: sql`@@ plainto_tsquery`,
  phfts: sql`@@ phraseto_tsquery`,
  wfts: sql`@@ websearch_to_tsquery`,
} as const;

export function filter(qi: QualifiedIdentifier, f: PlanFilter): SqlNode {
  if (f.kind === 'nullEmbed') return sql`${ident(f.aggAlias)} IS ${f.negated ? EMPTY : sql`NOT `}DISTINCT FROM NULL`;
  return sql`${f.negated ? sql`NOT` : EMPTY} ${field(qi, f.field)}${operation(f.operation, f.field.transform)}`;
}

/**
 * @param parser a domain representation's `text → domain` function: values are parsed by it,
 *   except patterns (like/ilike), IS DISTINCT FROM and full-text queries, which PostgREST leaves raw.
 */
function operation(op: Operation, parser: QualifiedIdentifier | null): SqlNode {
  const parsed = (value: SqlNode): SqlNode => (parser === null ? value : sql`${qualified(parser)}(${value})`);
  switch (op.kind) {
    case 'simple':
      return sql` ${SIMPLE_OPERATORS[op.operator]} ${parsed(param(op.value))}`;
    case 'quant': {
      const isLike = op.operator === 'like' || op.operator === 'ilike';
      const value = isLike ? param(op.value.replaceAll('*', '%')) : parsed(param(op.value));
      const quantified =
        op.quantifier === 'any' ? sql`ANY(${value})` : op.quantifier === 'all' ? sql`ALL(${value})` : value;
      return sql` ${QUANT_OPERATORS[op.operator]} ${quantified}`;
    }
    case 'is':
      return (
        {
          null: sql` IS NULL`,
          not_null: sql` IS NOT NULL`,
          true: sql` IS TRUE`,
          false: sql` IS FALSE`,
          unknown: sql` IS UNKNOWN`,
        } as const
      )[op.value];
    case 'isDistinct':
      return sql` IS DISTINCT FROM ${param(op.value)}`;
    case 'in':
      // = ANY(array) rather than IN (…): an empty list is valid and the statement text stays the
      // same for any number of values, so it stays prepared.
      if (op.values.length === 0 || (op.values.length === 1 && op.values[0] === '')) return sql` = ANY('{}') `;
      return sql` = ANY (${parsedArray(param(arrayLiteral(op.values)), parser)}) `;
    case 'fts':
      return sql` ${FTS_FUNCTIONS[op.operator]}(${op.language === null ? EMPTY : sql`${param(op.language)}, `}${param(op.value)}) `;
  }
}

/**
 * The `in` list, each element parsed by the representation's function if there is one: one
 * parameter either way, so the statement text does not depend on the number of values.
 */
function parsedArray(values: SqlNode, parser: QualifiedIdentifier | null): SqlNode {
  return parser === null ? values : sql`(SELECT ${qualified(parser)}(unnest(${values}::text[])))`;
}

/** A PostgreSQL array literal with every element quoted, sent as one untyped parameter. */
export function arrayLiteral(values: ReadonlyArray<string>): string {
  const quote = (v: string): string => `"${v.replaceAll('\0', '').replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  return `{${values.map(quote).join(',')}}`;
}
