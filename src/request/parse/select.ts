// The `select=` grammar: fields, aliases, casts, aggregates, embeds and spreads
// (PostgREST: ApiRequest/QueryParams.hs, pFieldForest and friends).

import type { AggregateFunction, Field, JoinType, SelectItem } from '../types.ts';
import { field, fieldName, identifier, lexeme, parseOrThrow } from './field.ts';
import {
  alt,
  attempt,
  between,
  bind,
  char,
  eof,
  lazy,
  lookAhead,
  map,
  notFollowedBy,
  optionNull,
  type Parser,
  pure,
  right,
  sepBy,
  seq,
  string,
  zero,
} from './parsec.ts';

/**
 * `id,alias:data->a::text,amount.sum(),client:clients!inner(*,...orgs(name))`.
 * An empty value gives an empty list. Throws PGRST100 with Parsec's position and text.
 */
export function parseSelect(value: string): SelectItem[] {
  const quick = quickSelect(value);
  if (quick !== null) return quick;
  return parseOrThrow(fieldForest, `failed to parse select parameter (${value})`, value);
}

/** `alias:` — a colon not followed by another colon (that would be a cast). */
const aliasSeparator = seq([char(':'), notFollowedBy(char(':'))], () => null);

const optionalAlias = optionNull(attempt(seq([fieldName, aliasSeparator], (alias) => alias)));

const cast = optionNull(right(string('::'), identifier));

type EmbedParam =
  | { readonly kind: 'join'; readonly joinType: JoinType }
  | { readonly kind: 'hint'; readonly hint: string };

/** `!inner`, `!left` or `!hint`. */
const embedParam: Parser<EmbedParam> = right(
  char('!'),
  alt<EmbedParam>(
    attempt(map(string('left'), () => ({ kind: 'join', joinType: 'left' }))),
    attempt(map(string('inner'), () => ({ kind: 'join', joinType: 'inner' }))),
    attempt(map(fieldName, (hint) => ({ kind: 'hint', hint }))),
  ),
);

/** Up to two `!` parameters, in either order: `!hint!inner`, `!inner!hint`; the first of each kind wins. */
const embedParams = seq([optionNull(embedParam), optionNull(embedParam)], (...params) => {
  let hint: string | null = null;
  let joinType: JoinType | null = null;
  for (const p of params) {
    if (p?.kind === 'hint') hint ??= p.hint;
    if (p?.kind === 'join') joinType ??= p.joinType;
  }
  return { hint, joinType };
});

const openParen = attempt(lookAhead(string('(')));

/** A relation cannot be named `count` (that is the aggregate). */
const relationName = bind(fieldName, (name) => (name === 'count' ? zero : pure(name)));

/** `alias:rel!hint!inner` before its `(`. */
const relationHead = lexeme(
  seq([optionalAlias, relationName, embedParams, openParen], (alias, name, params) => ({ name, alias, ...params })),
);

/** `...rel!hint` before its `(`: spreads take no alias. */
const spreadHead = lexeme(
  seq([string('...'), fieldName, embedParams, openParen], (_, name, params) => ({ name, ...params })),
);

/** A select item ends before `)`, `,` or at the end of the value. */
const itemEnd = alt(
  attempt(map(lookAhead(string(')')), () => null)),
  attempt(map(lookAhead(string(',')), () => null)),
  attempt(eof),
);

const aggregate: Parser<AggregateFunction> = alt(
  map(string('sum'), () => 'sum' as const),
  map(string('avg'), () => 'avg' as const),
  map(string('count'), () => 'count' as const),
  attempt(map(string('max'), () => 'max' as const)),
  attempt(map(string('min'), () => 'min' as const)),
);

const STAR: Field = { name: '*', jsonPath: [] };

/** `*`, `alias:count()::int`, `alias:col->a::cast`, `col::int.sum()::text`. */
const fieldSelect: Parser<SelectItem> = lexeme(
  alt<SelectItem>(
    attempt(seq([string('*'), itemEnd], () => fieldItem(STAR, null, null, null, null))),
    attempt(
      seq([optionalAlias, string('count()'), cast, itemEnd], (alias, _, resultCast) =>
        fieldItem(STAR, alias, null, 'count', resultCast),
      ),
    ),
    seq(
      [optionalAlias, field, cast, optionNull(attempt(between(char('.'), string('()'), aggregate))), cast, itemEnd],
      (alias, fld, inputCast, agg, resultCast) =>
        // Without an aggregate, PostgREST ignores a second cast (`id::text::int` is `id::text`).
        agg === null ? fieldItem(fld, alias, inputCast, null, null) : fieldItem(fld, alias, inputCast, agg, resultCast),
    ),
  ),
);

function fieldItem(
  fld: Field,
  alias: string | null,
  castName: string | null,
  aggregateFn: AggregateFunction | null,
  aggregateCast: string | null,
): SelectItem {
  return { kind: 'field', field: fld, alias, cast: castName, aggregate: aggregateFn, aggregateCast };
}

const subSelect = lazy(() => between(char('('), char(')'), fieldForest));

const forestItem: Parser<SelectItem> = alt<SelectItem>(
  seq([attempt(spreadHead), subSelect], (head, select) => ({ kind: 'spread', ...head, select })),
  seq([attempt(relationHead), subSelect], (head, select) => ({ kind: 'embed', ...head, select })),
  fieldSelect,
);

export const fieldForest: Parser<SelectItem[]> = sepBy(forestItem, lexeme(char(',')));

const NAME = /[A-Za-z0-9_$]+/y;

/**
 * The common shapes, read directly: `*`, `alias:col::cast`, `alias:rel!hint!inner(…)`, `...rel(…)`
 * with plain names (ASCII letters, digits, `_`, `$`) and nothing else (no blanks, quotes, dashes,
 * JSON paths or aggregates). Anything outside that returns null and goes through the grammar,
 * which gives the same result on this subset (a unit test compares both on generated input).
 */
export function quickSelect(s: string): SelectItem[] | null {
  let i = 0;
  const name = (): string | null => {
    NAME.lastIndex = i;
    const m = NAME.exec(s);
    if (m === null) return null;
    i = NAME.lastIndex;
    return m[0];
  };
  const item = (): SelectItem | null => {
    if (s[i] === '*') {
      i += 1;
      return fieldItem(STAR, null, null, null, null);
    }
    const spread = s.startsWith('...', i);
    if (spread) i += 3;
    let first = name();
    if (first === null) return null;
    let alias: string | null = null;
    if (!spread && s[i] === ':' && s[i + 1] !== ':') {
      i += 1;
      alias = first;
      first = name();
      if (first === null) return null;
    }
    if (s[i] === '!' || s[i] === '(') {
      if (first === 'count' && !spread) return null;
      let hint: string | null = null;
      let joinType: JoinType | null = null;
      for (let n = 0; n < 2 && s[i] === '!'; n++) {
        i += 1;
        const param = name();
        if (param === null) return null;
        if (param === 'left' || param === 'inner') joinType ??= param;
        else if (param.startsWith('left') || param.startsWith('inner')) return null;
        else hint ??= param;
      }
      if (s[i] !== '(') return null;
      i += 1;
      const select = s[i] === ')' ? [] : list();
      if (select === null || s[i] !== ')') return null;
      i += 1;
      return spread
        ? { kind: 'spread', name: first, hint, joinType, select }
        : { kind: 'embed', name: first, alias, hint, joinType, select };
    }
    if (spread) return null;
    let castName: string | null = null;
    if (s[i] === ':' && s[i + 1] === ':') {
      i += 2;
      castName = name();
      if (castName === null) return null;
    }
    return fieldItem({ name: first, jsonPath: [] }, alias, castName, null, null);
  };
  const list = (): SelectItem[] | null => {
    const items: SelectItem[] = [];
    for (;;) {
      const next = item();
      if (next === null) return null;
      items.push(next);
      if (s[i] !== ',') return items;
      i += 1;
    }
  };
  const items = s === '' ? null : list();
  return items !== null && i === s.length ? items : null;
}
