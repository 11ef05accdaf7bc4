// The read plan tree (PostgREST: Plan/ReadPlan.hs, Plan/Types.hs): the request's select, filters,
// orders and ranges placed on the node they apply to, with each embed resolved to a relationship.

import type {
  AggregateFunction,
  Field,
  IsValue,
  JoinType,
  JsonOperation,
  NullsOrder,
  Operation,
  OrderDirection,
  Range,
} from '../request/types.ts';
import type { QualifiedIdentifier, Relationship } from '../schema-cache/schema-cache.ts';

/** A field as it will be rendered: JSON paths on non-JSON columns go through to_jsonb(). */
export interface CoercibleField {
  readonly name: string;
  readonly jsonPath: ReadonlyArray<JsonOperation>;
  readonly toJson: boolean;
  /** Full-text filters on a column that is not a tsvector wrap it in to_tsvector([lang,] col). */
  readonly toTsVector: { readonly language: string | null } | null;
  /** `count()` in a spread: the whole row. */
  readonly fullRow: boolean;
  /**
   * A domain representation's cast function (PostgREST's cfTransform): a selected field is
   * formatted by it, `fn(col)`; a filtered field's values are parsed by it, `col = fn($1)`.
   */
  readonly transform: QualifiedIdentifier | null;
}

export interface SelectField {
  readonly field: CoercibleField;
  readonly aggregate: AggregateFunction | null;
  readonly aggregateCast: string | null;
  readonly cast: string | null;
  readonly alias: string | null;
}

export type PlanFilter =
  | {
      readonly kind: 'filter';
      readonly field: CoercibleField;
      readonly negated: boolean;
      readonly operation: Operation;
    }
  /** `rel=is.null` / `rel=not.is.null` on an embed: tests the embed's aggregate. */
  | { readonly kind: 'nullEmbed'; readonly negated: boolean; readonly aggAlias: string };

export type PlanLogicTree =
  | {
      readonly kind: 'expr';
      readonly negated: boolean;
      readonly operator: 'and' | 'or';
      readonly children: ReadonlyArray<PlanLogicTree>;
    }
  | { readonly kind: 'stmt'; readonly filter: PlanFilter };

export type PlanOrderTerm =
  | {
      readonly kind: 'field';
      readonly field: CoercibleField;
      readonly direction: OrderDirection | null;
      readonly nulls: NullsOrder | null;
    }
  /** Ordered by a to-one embed's column; `relation` is the embed's aggregate alias once resolved. */
  | {
      readonly kind: 'relation';
      readonly relation: string;
      readonly field: Field;
      readonly direction: OrderDirection | null;
      readonly nulls: NullsOrder | null;
    };

/** A column reference: `qualifier.column`, where the qualifier is a table or an alias (schema ''). */
export interface ColumnRef {
  readonly qualifier: QualifiedIdentifier;
  readonly column: string;
}

export interface JoinCondition {
  readonly left: ColumnRef;
  readonly right: ColumnRef;
}

export interface SpreadSelectField {
  readonly name: string;
  readonly aggregate: AggregateFunction | null;
  readonly aggregateCast: string | null;
  readonly alias: string | null;
}

/** How the parent selects an embedded node. */
export type RelSelectField =
  | {
      readonly kind: 'json';
      readonly mode: 'object' | 'array';
      readonly name: string;
      readonly aggAlias: string;
      /** `rel()`: joined for filtering but not output. */
      readonly empty: boolean;
    }
  | { readonly kind: 'spread'; readonly aggAlias: string; readonly fields: ReadonlyArray<SpreadSelectField> };

export type SpreadKind =
  | { readonly kind: 'toOne' }
  | {
      readonly kind: 'toMany';
      /** Columns the order needs, selected under generated aliases: [embed alias or null, field]. */
      readonly extraSelects: ReadonlyArray<readonly [string | null, SelectField]>;
      readonly order: ReadonlyArray<PlanOrderTerm>;
    };

export interface ReadPlan {
  readonly select: ReadonlyArray<SelectField>;
  readonly from: QualifiedIdentifier;
  readonly fromAlias: string | null;
  readonly where: ReadonlyArray<PlanLogicTree>;
  readonly order: ReadonlyArray<PlanOrderTerm>;
  readonly range: Range;
  /** The name used in the request (table, FK column, constraint or function name). */
  readonly relName: string;
  readonly relToParent: Relationship | null;
  /** Computed relationships call `fn(<computedSource>::table)`: the parent's alias or table. */
  readonly computedSource: QualifiedIdentifier | null;
  readonly relJoinConds: ReadonlyArray<JoinCondition>;
  readonly relAlias: string | null;
  /** The embed's subquery alias in the parent, `<parent>_<name>_<depth>`. */
  readonly relAggAlias: string;
  readonly relHint: string | null;
  readonly relJoinType: JoinType | null;
  readonly relSpread: SpreadKind | null;
  readonly relSelect: ReadonlyArray<RelSelectField>;
  readonly depth: number;
  /** Referenced by relation name although it has an alias (url-use-legacy-target-names). */
  readonly relIsLegacyTargetNameMatch: boolean;
}

export interface ReadPlanTree {
  readonly node: ReadPlan;
  readonly children: ReadonlyArray<ReadPlanTree>;
}

export const ALL_ROWS: Range = { offset: 0, limit: null };

export function isAllRows(range: Range): boolean {
  return range.offset === 0 && range.limit === null;
}

export type { IsValue };
