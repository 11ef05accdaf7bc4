// The parsed query string (PostgREST: ApiRequest/Types.hs). Produced by request/parse/*,
// consumed by plan/. Names follow PostgREST's vocabulary: field, embed, spread, hint, logic tree.

/** `->` keeps JSON, `->>` yields text. */
export type JsonArrow = '->' | '->>';

export type JsonOperand =
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'index'; readonly index: string };

export interface JsonOperation {
  readonly arrow: JsonArrow;
  readonly operand: JsonOperand;
}

/** A column, optionally followed by a JSON path: `data->a->>b`. */
export interface Field {
  readonly name: string;
  readonly jsonPath: ReadonlyArray<JsonOperation>;
}

export type AggregateFunction = 'count' | 'sum' | 'avg' | 'max' | 'min';

export type JoinType = 'inner' | 'left';

export type SelectItem =
  /** `alias:col->json::cast`, `col.sum()::cast`, `count()` (field name `*`). */
  | {
      readonly kind: 'field';
      readonly field: Field;
      readonly alias: string | null;
      /** The cast of the column itself: `col::int`, or the aggregate's input in `col::int.sum()`. */
      readonly cast: string | null;
      readonly aggregate: AggregateFunction | null;
      /** The cast of the aggregate's result: `col.sum()::int`. */
      readonly aggregateCast: string | null;
    }
  /** `alias:rel!hint!inner(select)`; an empty select list is the empty embed `rel()`. */
  | {
      readonly kind: 'embed';
      readonly name: string;
      readonly alias: string | null;
      readonly hint: string | null;
      readonly joinType: JoinType | null;
      readonly select: ReadonlyArray<SelectItem>;
    }
  /** `...rel!hint(select)`: the embedded columns are lifted into the parent. */
  | {
      readonly kind: 'spread';
      readonly name: string;
      readonly hint: string | null;
      readonly joinType: JoinType | null;
      readonly select: ReadonlyArray<SelectItem>;
    };

export type SimpleOperator = 'neq' | 'cs' | 'cd' | 'ov' | 'sl' | 'sr' | 'nxr' | 'nxl' | 'adj';
/** Operators that accept `(any)` / `(all)`. */
export type QuantOperator = 'eq' | 'gte' | 'gt' | 'lte' | 'lt' | 'like' | 'ilike' | 'match' | 'imatch';
export type FtsOperator = 'fts' | 'plfts' | 'phfts' | 'wfts';
export type IsValue = 'null' | 'not_null' | 'true' | 'false' | 'unknown';

export type Operation =
  | { readonly kind: 'simple'; readonly operator: SimpleOperator; readonly value: string }
  | {
      readonly kind: 'quant';
      readonly operator: QuantOperator;
      readonly quantifier: 'any' | 'all' | null;
      readonly value: string;
    }
  | { readonly kind: 'in'; readonly values: ReadonlyArray<string> }
  | { readonly kind: 'is'; readonly value: IsValue }
  | { readonly kind: 'isDistinct'; readonly value: string }
  | { readonly kind: 'fts'; readonly operator: FtsOperator; readonly language: string | null; readonly value: string };

/** `field=[not.]operation`. */
export interface Filter {
  readonly field: Field;
  readonly negated: boolean;
  readonly operation: Operation;
}

export type LogicTree =
  | {
      readonly kind: 'expr';
      readonly negated: boolean;
      readonly operator: 'and' | 'or';
      readonly children: ReadonlyArray<LogicTree>;
    }
  | { readonly kind: 'filter'; readonly filter: Filter };

export type OrderDirection = 'asc' | 'desc';
export type NullsOrder = 'first' | 'last';

export type OrderTerm =
  | {
      readonly kind: 'field';
      readonly field: Field;
      readonly direction: OrderDirection | null;
      readonly nulls: NullsOrder | null;
    }
  /** `rel(col).desc`: order the parent by a to-one embed's column. */
  | {
      readonly kind: 'relation';
      readonly relation: string;
      readonly field: Field;
      readonly direction: OrderDirection | null;
      readonly nulls: NullsOrder | null;
    };

/** Where a filter, order or range applies: [] is the root, ['actors', 'roles'] an embed. */
export type EmbedPath = ReadonlyArray<string>;

/** `offset` rows skipped, at most `limit` (null: no limit). */
export interface Range {
  readonly offset: number;
  readonly limit: number | null;
}

export interface QueryParams {
  /** Keys sorted, values re-encoded: for Content-Location. */
  readonly canonical: string;
  readonly select: ReadonlyArray<SelectItem>;
  readonly filters: ReadonlyArray<{ readonly path: EmbedPath; readonly filter: Filter }>;
  readonly logic: ReadonlyArray<{ readonly path: EmbedPath; readonly tree: LogicTree }>;
  readonly order: ReadonlyArray<{ readonly path: EmbedPath; readonly terms: ReadonlyArray<OrderTerm> }>;
  /** Keyed by the embed path joined with '\0'; '' is the root. From limit/offset. */
  readonly ranges: ReadonlyMap<string, Range>;
  /** `columns=` for writes and RPC. */
  readonly columns: ReadonlyArray<string> | null;
  readonly onConflict: ReadonlyArray<string> | null;
  /** For GET RPC: key=value pairs whose value is not an operator expression. */
  readonly routineArgs: ReadonlyArray<readonly [string, string]>;
}

export function pathKey(path: EmbedPath): string {
  return path.join('\0');
}
