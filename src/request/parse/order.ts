// The `order=` grammar: `a,b.desc,c.asc.nullsfirst,data->>k.desc,rel(col).desc.nullslast`
// (PostgREST: ApiRequest/QueryParams.hs, pOrder, pRequestOrder).

import type { EmbedPath, NullsOrder, OrderDirection, OrderTerm } from '../types.ts';
import { delimiter, field, fieldName, lexeme, parseOrThrow, quickTreePath, treePath } from './field.ts';
import {
  alt,
  attempt,
  between,
  char,
  eof,
  lookAhead,
  map,
  optionNull,
  type Parser,
  right,
  sepBy1,
  seq,
  string,
} from './parsec.ts';

/** `actors.order` + `last_name.desc,first_name` → embed path [actors] and its terms. */
export function parseOrder(key: string, value: string): { readonly path: EmbedPath; readonly terms: OrderTerm[] } {
  const tree = quickTreePath(key) ?? parseOrThrow(treePath, `failed to parse tree path (${key})`, key);
  const terms = quickOrder(value) ?? parseOrThrow(orderTerms, `failed to parse order (${value})`, value);
  return { path: tree.path, terms };
}

const QUICK_TERM = /^([A-Za-z0-9_$]+)(?:\.(asc|desc))?(?:\.nulls(first|last))?$/;

/** `a,b.desc,c.asc.nullslast` with plain names, read directly (same result as the grammar); else null. */
export function quickOrder(value: string): OrderTerm[] | null {
  const terms: OrderTerm[] = [];
  for (const text of value.split(',')) {
    const m = QUICK_TERM.exec(text);
    if (m === null) return null;
    const direction = m[2] === 'asc' || m[2] === 'desc' ? m[2] : null;
    const nulls = m[3] === 'first' || m[3] === 'last' ? m[3] : null;
    terms.push({ kind: 'field', field: { name: m[1] ?? '', jsonPath: [] }, direction, nulls });
  }
  return terms;
}

const dotted = <T extends string>(word: string, value: T): Parser<T> =>
  attempt(map(right(delimiter, string(word)), () => value));

const direction: Parser<OrderDirection> = alt(dotted('asc', 'asc'), dotted('desc', 'desc'));

const nullsOrder: Parser<NullsOrder> = alt(dotted('nullsfirst', 'first'), dotted('nullslast', 'last'));

/** A term ends before `,` or at the end of the value. */
const termEnd = alt(attempt(map(lookAhead(char(',')), () => null)), attempt(eof));

/** `.desc.nullslast` after a term; both parts optional, nothing else allowed. */
const modifiers = seq(
  [
    optionNull(direction),
    alt(
      seq([optionNull(nullsOrder), termEnd], (n) => n),
      map(termEnd, () => null),
    ),
  ],
  (direction, nulls) => ({ direction, nulls }),
);

/** `clients(name).desc`: order by a to-one embed's column. */
const relationTerm = seq(
  [fieldName, between(char('('), char(')'), field), modifiers],
  (relation, fld, mods): OrderTerm => ({ kind: 'relation', relation, field: fld, ...mods }),
);

const fieldTerm = seq([field, modifiers], (fld, mods): OrderTerm => ({ kind: 'field', field: fld, ...mods }));

export const orderTerms: Parser<OrderTerm[]> = sepBy1(lexeme(alt(attempt(relationTerm), fieldTerm)), char(','));
