// Query parameters + schema cache → the read plan tree (PostgREST: Plan.hs, readPlan). Built in
// PostgREST's stages so that visible quirks match: a node that receives a filter, order, range or
// logic tree moves to the front of its parent's embeds, which is the key order clients see.

import { ApiRequestError } from '../errors/api-request-error.ts';
import type { QueryParams, Range, SelectItem } from '../request/types.ts';
import { pathKey } from '../request/types.ts';
import {
  findTable,
  type QualifiedIdentifier,
  type Relationship,
  type SchemaCache,
} from '../schema-cache/schema-cache.ts';
import {
  columnOutputField,
  hasOutputRepresentation,
  plainField,
  resolveField,
  resolveFilterField,
  resolveOutputField,
} from './field.ts';
import { findRelationship, isToOne } from './relationship.ts';
import {
  ALL_ROWS,
  type JoinCondition,
  type PlanLogicTree,
  type PlanOrderTerm,
  type ReadPlan,
  type ReadPlanTree,
  type RelSelectField,
  type SelectField,
  type SpreadSelectField,
} from './types.ts';

export interface ReadPlanOptions {
  readonly cache: SchemaCache;
  readonly schema: string;
  readonly maxRows: number | null;
  readonly aggregatesEnabled: boolean;
  readonly useLegacyTargetNames: boolean;
  /** Writes: root filters restrict the mutation, not this plan; no ranges, no db-max-rows. */
  readonly mutation: boolean;
  /** The root's range after intersecting limit/offset with the Range header. */
  readonly rootRange: Range;
}

/** A plan node while it is being built; frozen into ReadPlan/ReadPlanTree at the end. */
interface Node {
  plan: Mutable<ReadPlan>;
  children: Node[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function planReadTree(root: QualifiedIdentifier, params: QueryParams, options: ReadPlanOptions): ReadPlanTree {
  const tree = initialTree(root, params.select, options);
  for (const { path, filter } of [...params.filters].reverse()) {
    if (options.mutation && path.length === 0) continue;
    updateNode(tree, path, options, (n) => {
      n.plan.where = [
        {
          kind: 'stmt',
          filter: {
            kind: 'filter',
            field: resolveFilterField(options.cache, n.plan.from, filter.field, filter.operation),
            negated: filter.negated,
            operation: filter.operation,
          },
        },
        ...n.plan.where,
      ];
    });
  }
  for (const { path, terms } of [...params.order].reverse()) {
    updateNode(tree, path, options, (n) => {
      n.plan.order = terms.map(
        (t): PlanOrderTerm =>
          t.kind === 'field'
            ? {
                kind: 'field',
                field: resolveField(options.cache, n.plan.from, t.field, null),
                direction: t.direction,
                nulls: t.nulls,
              }
            : t,
      );
    });
  }
  if (!options.mutation) {
    const ranges = new Map(params.ranges);
    ranges.set('', options.rootRange);
    for (const [key, range] of [...ranges].reverse()) {
      updateNode(tree, key === '' ? [] : key.split('\0'), options, (n) => {
        n.plan.range = range;
      });
    }
  }
  for (const { path, tree: logic } of [...params.logic].reverse()) {
    if (options.mutation && path.length === 0) continue;
    updateNode(tree, path, options, (n) => {
      n.plan.where = [resolveLogic(options.cache, n.plan.from, logic), ...n.plan.where];
    });
  }
  addRelationships(tree, null, options);
  expandStars(tree, false, options.cache);
  addAliases(tree);
  addRelatedOrders(tree);
  addNullEmbedFilters(tree);
  addRelSelects(tree);
  validateAggregates(tree, options.aggregatesEnabled);
  hoistSpreadAggregates(tree);
  addToManyOrderSelects(tree);
  if (!options.mutation) restrictRanges(tree, options.maxRows);
  return freeze(tree);
}

function emptyPlan(from: QualifiedIdentifier, relName: string, depth: number): Mutable<ReadPlan> {
  return {
    select: [],
    from,
    fromAlias: null,
    where: [],
    order: [],
    range: ALL_ROWS,
    relName,
    relToParent: null,
    computedSource: null,
    relJoinConds: [],
    relAlias: null,
    relAggAlias: '',
    relHint: null,
    relJoinType: null,
    relSpread: null,
    relSelect: [],
    depth,
    relIsLegacyTargetNameMatch: false,
  };
}

function initialTree(root: QualifiedIdentifier, select: ReadonlyArray<SelectItem>, options: ReadPlanOptions): Node {
  const node: Node = { plan: emptyPlan(root, root.name, 0), children: [] };
  addSelectItems(node, select, options);
  return node;
}

function addSelectItems(node: Node, items: ReadonlyArray<SelectItem>, options: ReadPlanOptions): void {
  const depth = node.plan.depth + 1;
  for (const item of items) {
    switch (item.kind) {
      case 'field':
        node.plan.select = [
          ...node.plan.select,
          {
            field: resolveOutputField(options.cache, node.plan.from, item.field),
            aggregate: item.aggregate,
            aggregateCast: item.aggregateCast,
            cast: item.cast,
            alias: item.alias,
          },
        ];
        break;
      case 'embed':
      case 'spread': {
        const plan = emptyPlan({ schema: options.schema, name: item.name }, item.name, depth);
        plan.relAlias = item.kind === 'embed' ? item.alias : null;
        plan.relHint = item.hint;
        plan.relJoinType = item.joinType;
        if (item.kind === 'spread') plan.relSpread = { kind: 'toOne' };
        const child: Node = { plan, children: [] };
        addSelectItems(child, item.select, options);
        node.children.push(child);
        break;
      }
    }
  }
}

/**
 * Finds the embed a path names and applies `f`. Each node on the way moves to the front of its
 * parent's embeds (PostgREST rebuilds the forest that way).
 */
function updateNode(root: Node, path: ReadonlyArray<string>, options: ReadPlanOptions, f: (n: Node) => void): void {
  let node = root;
  for (const name of path) {
    const legacy = options.useLegacyTargetNames;
    const i = node.children.findIndex((c) =>
      legacy ? c.plan.relName === name || c.plan.relAlias === name : (c.plan.relAlias ?? c.plan.relName) === name,
    );
    const target = node.children[i];
    if (target === undefined) {
      const byName = legacy
        ? undefined
        : node.children.find((c) => c.plan.relName === name && c.plan.relAlias !== null);
      throw ApiRequestError.notEmbedded(
        name,
        byName === undefined || byName.plan.relAlias === null ? undefined : { name, alias: byName.plan.relAlias },
      );
    }
    if (target.plan.relName === name && target.plan.relAlias !== null && target.plan.relAlias !== name) {
      target.plan.relIsLegacyTargetNameMatch = true;
    }
    node.children.splice(i, 1);
    node.children.unshift(target);
    node = target;
  }
  f(node);
}

function resolveLogic(
  cache: SchemaCache,
  from: QualifiedIdentifier,
  tree: QueryParams['logic'][number]['tree'],
): PlanLogicTree {
  if (tree.kind === 'filter') {
    const { field, negated, operation } = tree.filter;
    return {
      kind: 'stmt',
      filter: { kind: 'filter', field: resolveFilterField(cache, from, field, operation), negated, operation },
    };
  }
  return {
    kind: 'expr',
    negated: tree.negated,
    operator: tree.operator,
    children: tree.children.map((c) => resolveLogic(cache, from, c)),
  };
}

/** Resolves every embed to a relationship and names the subquery aliases after PostgREST's. */
function addRelationships(node: Node, parent: Node | null, options: ReadPlanOptions): void {
  if (parent !== null) {
    const p = node.plan;
    const origin = p.depth === 1 ? (parent.plan.fromAlias ?? parent.plan.from.name) : parent.plan.from.name;
    const rel = findRelationship(options.cache, options.schema, origin, p.relName, p.relHint);
    const alias = `${rel.foreignTable.name}_${p.depth}`;
    p.relAggAlias = `${rel.table.name}_${p.relAlias ?? p.relName}_${p.depth}`;
    if (p.relSpread !== null && !isToOne(rel)) p.relSpread = { kind: 'toMany', extraSelects: [], order: [] };
    p.from = rel.foreignTable;
    p.relToParent = rel;
    const parentAlias = parent.plan.fromAlias;
    if (rel.kind === 'fk' && rel.cardinality.kind === 'm2m') {
      // The junction is joined implicitly in FROM; the target keeps its own name.
      p.relJoinConds = joinConditions(rel, null, parentAlias);
    } else if (rel.kind === 'computed') {
      p.fromAlias = alias;
      p.computedSource = parentAlias === null ? rel.table : { schema: '', name: parentAlias };
    } else {
      p.fromAlias = alias;
      p.relJoinConds = joinConditions(rel, alias, parentAlias);
    }
  }
  for (const child of node.children) addRelationships(child, node, options);
}

function joinConditions(rel: Relationship, alias: string | null, parentAlias: string | null): JoinCondition[] {
  if (rel.kind === 'computed') return [];
  const target: QualifiedIdentifier = alias === null ? rel.foreignTable : { schema: '', name: alias };
  const origin: QualifiedIdentifier = parentAlias === null ? rel.table : { schema: '', name: parentAlias };
  const card = rel.cardinality;
  if (card.kind === 'm2m') {
    const j = card.junction;
    return [
      ...j.targetColumns.map(([jcol, col]) => ({
        left: { qualifier: j.table, column: jcol },
        right: { qualifier: target, column: col },
      })),
      ...j.sourceColumns.map(([jcol, col]) => ({
        left: { qualifier: j.table, column: jcol },
        right: { qualifier: origin, column: col },
      })),
    ];
  }
  return card.columns.map(([col, fcol]) => ({
    left: { qualifier: target, column: fcol },
    right: { qualifier: origin, column: col },
  }));
}

/**
 * `*` becomes the table's columns where aggregates (here or above) or a to-many spread need names,
 * and where a column has a domain representation, which only an explicit column can apply.
 */
function expandStars(node: Node, parentHasAggregate: boolean, cache: SchemaCache): void {
  const p = node.plan;
  const hasAggregate =
    parentHasAggregate || p.select.some((s) => s.aggregate !== null) || p.relSpread?.kind === 'toMany';
  const isSpread = p.relSpread !== null;
  const star = p.select.some(
    (s) => s.field.name === '*' && (s.aggregate === null || (isSpread && s.aggregate === 'count')),
  );
  const table = star ? findTable(cache, p.from.schema, p.from.name) : undefined;
  if (star && (hasAggregate || (table !== undefined && hasOutputRepresentation(cache, table)))) {
    p.select = p.select.flatMap((s): SelectField[] => {
      if (s.field.name === '*' && s.field.jsonPath.length === 0 && s.aggregate === null) {
        return (table?.columns ?? []).map((c) => ({ ...s, field: columnOutputField(cache, c) }));
      }
      if (isSpread && s.field.name === '*' && s.field.jsonPath.length === 0 && s.aggregate === 'count') {
        return [{ ...s, field: { ...s.field, fullRow: true } }];
      }
      return [s];
    });
  }
  for (const child of node.children) expandStars(child, hasAggregate, cache);
}

/**
 * JSON paths are named after their last key; aggregates inside spreads after the function; columns
 * formatted by a representation after the column (not after the function that formats them).
 */
function addAliases(node: Node): void {
  const isSpread = node.plan.relSpread !== null;
  node.plan.select = node.plan.select.map((s) => {
    if (s.alias !== null) return s;
    if (s.aggregate !== null) return isSpread ? { ...s, alias: s.aggregate } : s;
    const path = s.field.jsonPath;
    const last = path[path.length - 1];
    if (last === undefined) return s.field.transform === null ? s : { ...s, alias: s.field.name };
    if (last.operand.kind === 'key') return { ...s, alias: last.operand.key };
    const lastKey = [...path].reverse().find((op) => op.operand.kind === 'key');
    return { ...s, alias: lastKey?.operand.kind === 'key' ? lastKey.operand.key : s.field.name };
  });
  for (const child of node.children) addAliases(child);
}

/** `order=rel(col)` needs `rel` embedded and to-one; it then orders by the embed's subquery. */
function addRelatedOrders(node: Node): void {
  node.plan.order = node.plan.order.map((term) => {
    if (term.kind === 'field') return term;
    const child = node.children.find((c) => (c.plan.relAlias ?? c.plan.relName) === term.relation);
    if (child === undefined) throw ApiRequestError.notEmbedded(term.relation);
    const rel = child.plan.relToParent;
    if (rel === null || !isToOne(rel)) {
      throw ApiRequestError.relatedOrderNotToOne(node.plan.from.name, child.plan.relAlias ?? child.plan.relName);
    }
    return { ...term, relation: child.plan.relAggAlias };
  });
  for (const child of node.children) addRelatedOrders(child);
}

/** `rel=is.null` / `rel=not.is.null` on an embedded `rel` test its presence (anti-join / inner join). */
function addNullEmbedFilters(node: Node): void {
  const rewrite = (tree: PlanLogicTree): PlanLogicTree => {
    if (tree.kind === 'expr') return { ...tree, children: tree.children.map(rewrite) };
    const f = tree.filter;
    if (
      f.kind !== 'filter' ||
      f.field.jsonPath.length > 0 ||
      f.operation.kind !== 'is' ||
      f.operation.value !== 'null'
    ) {
      return tree;
    }
    const child = node.children.find((c) => (c.plan.relAlias ?? c.plan.relName) === f.field.name);
    if (child === undefined) return tree;
    return { kind: 'stmt', filter: { kind: 'nullEmbed', negated: f.negated, aggAlias: child.plan.relAggAlias } };
  };
  node.plan.where = node.plan.where.map(rewrite);
  for (const child of node.children) addNullEmbedFilters(child);
}

/** How each parent selects its embeds: a JSON object/array, or spread columns. */
function addRelSelects(node: Node): void {
  for (const child of node.children) addRelSelects(child);
  node.plan.relSelect = node.children.flatMap((child): RelSelectField[] => {
    const c = child.plan;
    const rel = c.relToParent;
    if (rel === null) return [];
    if (c.relSpread !== null) return [{ kind: 'spread', aggAlias: c.relAggAlias, fields: spreadFields(c) }];
    return [
      {
        kind: 'json',
        mode: isToOne(rel) ? 'object' : 'array',
        name: c.relAlias ?? c.relName,
        aggAlias: c.relAggAlias,
        empty: isEmptyEmbed(child),
      },
    ];
  });
}

function isEmptyEmbed(node: Node): boolean {
  return node.plan.select.length === 0 && node.children.every(isEmptyEmbed);
}

function spreadFields(p: ReadPlan): SpreadSelectField[] {
  return [
    ...p.select.map((s) => ({ name: s.alias ?? s.field.name, aggregate: null, aggregateCast: null, alias: null })),
    ...p.relSelect.flatMap((r): SpreadSelectField[] =>
      r.kind === 'json' ? [{ name: r.name, aggregate: null, aggregateCast: null, alias: null }] : [...r.fields],
    ),
  ];
}

function validateAggregates(node: Node, allowed: boolean): void {
  if (!allowed && node.plan.select.some((s) => s.aggregate !== null)) throw ApiRequestError.aggregatesNotAllowed();
  for (const child of node.children) validateAggregates(child, allowed);
}

type HoistedAggregate = {
  readonly aggAlias: string;
  readonly name: string;
  readonly aggregate: NonNullable<SelectField['aggregate']>;
  readonly cast: string | null;
  readonly alias: string | null;
};

/**
 * Aggregates inside to-one spreads run in the parent, grouped by the parent's other columns:
 * `projects?select=client_id,...invoices(total.sum())` sums per client.
 */
function hoistSpreadAggregates(node: Node): HoistedAggregate[] {
  const childAggregates = node.children.flatMap(hoistSpreadAggregates);
  const p = node.plan;
  const isToOneSpread = p.relSpread?.kind === 'toOne';
  let hoisted: HoistedAggregate[] = [];
  if (p.depth > 0 && (p.relToParent === null || isToOneSpread)) {
    p.select = p.select.map((s) => {
      if (s.aggregate === null) return s;
      hoisted.push({
        aggAlias: p.relAggAlias,
        name: s.alias ?? s.field.name,
        aggregate: s.aggregate,
        cast: s.aggregateCast,
        alias: s.alias,
      });
      return { ...s, aggregate: null, aggregateCast: null };
    });
  }
  if (isToOneSpread) {
    hoisted = [...hoisted, ...childAggregates.map((a) => ({ ...a, aggAlias: p.relAggAlias }))];
  } else if (node.children.length > 0) {
    p.relSelect = p.relSelect.map((r) => {
      if (r.kind !== 'spread') return r;
      return {
        ...r,
        fields: r.fields.map((f) => {
          const a = childAggregates.find((h) => h.aggAlias === r.aggAlias && h.name === f.name);
          return a === undefined ? f : { ...f, aggregate: a.aggregate, aggregateCast: a.cast, alias: a.alias };
        }),
      };
    });
  }
  return hoisted;
}

/** To-many spreads aggregate each column into an array, so their order moves into the aggregate. */
function addToManyOrderSelects(node: Node): void {
  const p = node.plan;
  if (p.relSpread?.kind === 'toMany') {
    const aggregated =
      p.select.some((s) => s.aggregate !== null) ||
      p.relSelect.some((r) => r.kind === 'spread' && r.fields.some((f) => f.aggregate !== null));
    if (aggregated) {
      throw ApiRequestError.notImplemented('Aggregates are not implemented for one-to-many or many-to-many spreads.');
    }
    const extraSelects: Array<readonly [string | null, SelectField]> = [];
    const order: PlanOrderTerm[] = [];
    p.order.forEach((term, i) => {
      const name = term.field.name;
      const alias = `${p.relAggAlias}_${name}_${i + 1}`;
      const field = term.kind === 'field' ? term.field : plainField(name, term.field.jsonPath);
      extraSelects.push([
        term.kind === 'relation' ? term.relation : null,
        { field, aggregate: null, aggregateCast: null, cast: null, alias },
      ]);
      order.push({
        kind: 'field',
        field: plainField(alias),
        direction: term.direction,
        nulls: term.nulls,
      });
    });
    p.relSpread = { kind: 'toMany', extraSelects, order };
    p.order = [];
  }
  for (const child of node.children) addToManyOrderSelects(child);
}

/** db-max-rows caps every level; `limit=0` stays zero. */
function restrictRanges(node: Node, maxRows: number | null): void {
  const r = node.plan.range;
  if (maxRows !== null && r.limit !== 0) {
    node.plan.range = { offset: r.offset, limit: r.limit === null ? maxRows : Math.min(r.limit, maxRows) };
  }
  for (const child of node.children) restrictRanges(child, maxRows);
}

function freeze(node: Node): ReadPlanTree {
  return { node: node.plan, children: node.children.map(freeze) };
}

/** Warnings for embeds referenced by relation name although they have an alias. */
export function legacyTargetNameMatches(tree: ReadPlanTree): Array<readonly [string, string]> {
  const own: Array<readonly [string, string]> =
    tree.node.relIsLegacyTargetNameMatch && tree.node.relAlias !== null
      ? [[tree.node.relName, tree.node.relAlias]]
      : [];
  return [...own, ...tree.children.flatMap(legacyTargetNameMatches)];
}

export { pathKey };
