// Filter values: `[not.]op[(any|all)|(lang)].value`, `in.(…)`, `is.null`
// (PostgREST: ApiRequest/QueryParams.hs, pOpExpr, pListVal, pRequestFilter).

import type { EmbedPath, Filter, FtsOperator, IsValue, Operation, QuantOperator, SimpleOperator } from '../types.ts';
import { delimiter, identifier, lexeme, parseOrThrow, quickTreePath, quotedValue, treePath } from './field.ts';
import {
  alt,
  anyChar,
  attempt,
  between,
  char,
  chars,
  label,
  map,
  noneOf,
  notFollowedBy,
  optionNull,
  type Parser,
  pure,
  right,
  sepBy1,
  seq,
  string,
} from './parsec.ts';

/** A parsed operator expression: `not.eq.1` → negated eq. */
export interface OpExpr {
  readonly negated: boolean;
  readonly operation: Operation;
}

/** A filter key/value pair: an operator filter, or (GET RPC only) a routine argument. */
export type ParsedFilter =
  | { readonly kind: 'filter'; readonly path: EmbedPath; readonly filter: Filter }
  | { readonly kind: 'argument'; readonly name: string; readonly value: string };

/**
 * `roles.actors.age=gt.30`, `data->>a=like.*x*`, `id=not.in.(1,2)`. For GET RPC a value that is not
 * an operator expression (`name=john`) becomes a routine argument named after the key's field.
 */
export function parseFilter(key: string, value: string, isRpcRead: boolean): ParsedFilter {
  const tree = quickTreePath(key) ?? parseOrThrow(treePath, `failed to parse tree path (${key})`, key);
  const expr =
    quickOpExpr(value) ??
    parseOrThrow(
      isRpcRead ? alt<OpExpr | null>(opExpr(singleValue), pure(null)) : opExpr(singleValue),
      `failed to parse filter (${value})`,
      value,
    );
  if (expr === null) return { kind: 'argument', name: tree.field.name, value };
  return { kind: 'filter', path: tree.path, filter: { field: tree.field, ...expr } };
}

const QUICK_OP =
  /^(not\.)?(eq|gte|gt|lte|lt|like|ilike|match|imatch|neq|cs|cd|ov|sl|sr|nxr|nxl|adj|isdistinct|fts|plfts|phfts|wfts)\.([\s\S]*)$/;
const QUICK_IN = /^(not\.)?in\.\(([^,)"\s]*(?:,[^,)"\s]*)*)\)$/;
const QUICK_IS = /^(not\.)?is\.([A-Za-z_]+)$/;
const IS_VALUES: ReadonlySet<string> = new Set(['null', 'not_null', 'true', 'false', 'unknown']);
const isIsValue = (v: string): v is IsValue => IS_VALUES.has(v);

/**
 * `op.value`, `not.op.value`, `is.null`, `in.(a,b)` without quotes or blanks, read directly:
 * the grammar gives the same result for them. Anything else (quantifiers, fts languages, RPC
 * arguments, errors) returns null and goes through the grammar.
 */
export function quickOpExpr(value: string): OpExpr | null {
  const op = QUICK_OP.exec(value);
  if (op !== null) {
    const [, not, name = '', v = ''] = op;
    return { negated: not !== undefined, operation: quickOperation(name, v) };
  }
  const inList = QUICK_IN.exec(value);
  if (inList !== null) {
    return { negated: inList[1] !== undefined, operation: { kind: 'in', values: (inList[2] ?? '').split(',') } };
  }
  const is = QUICK_IS.exec(value);
  // Only the value is case-insensitive: `is.NULL` but not `IS.null`.
  const isValue = is?.[2]?.toLowerCase();
  if (is !== null && isValue !== undefined && isIsValue(isValue)) {
    return { negated: is[1] !== undefined, operation: { kind: 'is', value: isValue } };
  }
  return null;
}

/** `name` is one of QUICK_OP's operators. */
function quickOperation(name: string, value: string): Operation {
  switch (name) {
    case 'eq':
    case 'gte':
    case 'gt':
    case 'lte':
    case 'lt':
    case 'like':
    case 'ilike':
    case 'match':
    case 'imatch':
      return { kind: 'quant', operator: name, quantifier: null, value };
    case 'fts':
    case 'plfts':
    case 'phfts':
    case 'wfts':
      return { kind: 'fts', operator: name, language: null, value };
    case 'neq':
    case 'cs':
    case 'cd':
    case 'ov':
    case 'sl':
    case 'sr':
    case 'nxr':
    case 'nxl':
    case 'adj':
      return { kind: 'simple', operator: name, value };
    default:
      return { kind: 'isDistinct', value };
  }
}

/** Everything up to the end of the value, dots and commas included. */
export const singleValue: Parser<string> = chars(() => true, anyChar, false);

const keyword = <T extends string>(word: T): Parser<T> => attempt(map(string(word), () => word));

const simpleOperator: Parser<SimpleOperator> = label(
  alt<SimpleOperator>(
    keyword('neq'),
    keyword('cs'),
    keyword('cd'),
    keyword('ov'),
    keyword('sl'),
    keyword('sr'),
    keyword('nxr'),
    keyword('nxl'),
    keyword('adj'),
  ),
  'unknown single value operator',
);

// Order matters: `gte` before `gt`, `lte` before `lt`.
const quantOperator: Parser<QuantOperator> = label(
  alt<QuantOperator>(
    keyword('eq'),
    keyword('gte'),
    keyword('gt'),
    keyword('lte'),
    keyword('lt'),
    keyword('like'),
    keyword('ilike'),
    keyword('match'),
    keyword('imatch'),
  ),
  'unknown single value operator',
);

const ftsOperator: Parser<FtsOperator> = alt<FtsOperator>(
  keyword('fts'),
  keyword('plfts'),
  keyword('phfts'),
  keyword('wfts'),
);

/** Matches `word` ignoring ASCII case: `NULL`, `Not_Null`. */
function caseInsensitive<T extends string>(word: T): Parser<T> {
  const chars = Array.from(word, (c) => alt(char(c), char(c.toUpperCase())));
  return attempt(seq(chars, () => word));
}

const isValue: Parser<IsValue> = label(
  alt<IsValue>(
    caseInsensitive('null'),
    caseInsensitive('not_null'),
    caseInsensitive('true'),
    caseInsensitive('false'),
    caseInsensitive('unknown'),
  ),
  'isVal: (null, not_null, true, false, unknown)',
);

/** `"a,b"` in a list or tree must be followed by `,` or `)`; otherwise the quotes are literal text. */
export const quotedElement: Parser<string> = attempt(seq([quotedValue, notFollowedBy(noneOf(',)'))], (v) => v));

/** Plain text up to `,` or `)`. */
export const plainElement: Parser<string> = chars((c) => c !== ',' && c !== ')', noneOf(',)'), false);

const listElement: Parser<string> = alt(quotedElement, plainElement);

/** `not.` before an operator. */
export const negation: Parser<boolean> = alt(attempt(map(right(string('not'), delimiter), () => true)), pure(false));

/** `(1,2,"a,b")`; `()` is one empty element. */
export const listValue: Parser<string[]> = seq(
  [lexeme(char('(')), sepBy1(listElement, char(',')), lexeme(char(')'))],
  (_, values) => values,
);

const operatorThenDot = (word: string): Parser<unknown> => attempt(right(string(word), delimiter));

/** `eq.1`, `not.in.(1,2)`, `fts(english).cat`, `like(any).{a*,b*}`: values are parsed by `value`. */
export function opExpr(value: Parser<string>): Parser<OpExpr> {
  const inOp = map(right(operatorThenDot('in'), listValue), (values): Operation => ({ kind: 'in', values }));
  const isOp = map(right(operatorThenDot('is'), isValue), (v): Operation => ({ kind: 'is', value: v }));
  const isDistinct = map(
    right(operatorThenDot('isdistinct'), value),
    (v): Operation => ({ kind: 'isDistinct', value: v }),
  );
  const fts = seq(
    [ftsOperator, optionNull(attempt(between(char('('), char(')'), identifier))), delimiter, value],
    (operator, language, _, v): Operation => ({ kind: 'fts', operator, language, value: v }),
  );
  const simple = seq(
    [simpleOperator, delimiter, value],
    (operator, _, v): Operation => ({ kind: 'simple', operator, value: v }),
  );
  const quantifier = alt(
    keyword('any'),
    map(string('all'), () => 'all' as const),
  );
  const quant = seq(
    [quantOperator, optionNull(attempt(between(char('('), char(')'), quantifier))), delimiter, value],
    (operator, q, _, v): Operation => ({ kind: 'quant', operator, quantifier: q, value: v }),
  );
  const operation = label(
    alt(inOp, isOp, isDistinct, attempt(fts), attempt(simple), attempt(quant)),
    'operator (eq, gt, ...)',
  );
  return seq([negation, operation], (negated, op): OpExpr => ({ negated, operation: op }));
}
