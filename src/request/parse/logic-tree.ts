// Logic trees: `or=(a.eq.1,and(b.gt.2,not.or(c.is.null,d.in.(1,2))))`, `embed.not.and=(…)`
// (PostgREST: ApiRequest/QueryParams.hs, pLogicTree, pLogicPath, pRequestLogicTree).

import type { EmbedPath, LogicTree } from '../types.ts';
import { delimiter, field, fieldName, lexeme, parseOrThrow } from './field.ts';
import { negation, opExpr, plainElement, quotedElement } from './filter.ts';
import { alt, attempt, char, chars, label, lazy, map, noneOf, type Parser, sepBy1, seq, string } from './parsec.ts';

/**
 * `clients.not.or` + `(id.eq.1,name.eq.x)`. The key gives the embed path and the operator (a `not`
 * segment anywhere negates it); the tree is parsed from the operator followed by the value, so
 * error columns count the operator too, as PostgREST's do.
 */
export function parseLogicTree(key: string, value: string): { readonly path: EmbedPath; readonly tree: LogicTree } {
  const head = parseOrThrow(logicPath, `failed to parse logic path (${key})`, key);
  const tree = parseOrThrow(logicTree, `failed to parse logic tree (${value})`, head.operator + value);
  return { path: head.path, tree };
}

/** `a.b.not.or` → path [a, b], operator `not.or`. */
const logicPath = map(sepBy1(fieldName, delimiter), (names) => {
  const operator = names[names.length - 1] ?? '';
  const path = names.slice(0, -1).filter((n) => n !== 'not');
  return { path, operator: names.includes('not') ? `not.${operator}` : operator };
});

/** A `{…}` array literal: commas inside are part of the value. */
const pgArray = seq(
  [string('{'), chars((c) => c !== '{' && c !== '}', noneOf('{}'), false), string('}')],
  (_, inner) => `{${inner}}`,
);

/** Inside a tree a value is `"quoted"`, a `{…}` literal, or plain text up to `,` or `)`. */
const treeValue: Parser<string> = alt(quotedElement, attempt(pgArray), plainElement);

const treeFilter = seq(
  [field, delimiter, opExpr(treeValue)],
  (fld, _, { negated, operation }): LogicTree => ({ kind: 'filter', filter: { field: fld, negated, operation } }),
);

const treeNegation = label(negation, 'negation operator (not)');

const logicOperator = label(
  alt(
    attempt(map(string('and'), () => 'and' as const)),
    map(string('or'), () => 'or' as const),
  ),
  'logic operator (and, or)',
);

/** `or(a.eq.1,not.and(b.eq.2,c.eq.3))`, or a single filter `a.eq.1`. */
const logicTree: Parser<LogicTree> = lazy(() =>
  alt(
    attempt(treeFilter),
    seq(
      [treeNegation, logicOperator, lexeme(char('(')), sepBy1(logicTree, lexeme(char(','))), lexeme(char(')'))],
      (negated, operator, _, children): LogicTree => ({ kind: 'expr', negated, operator, children }),
    ),
  ),
);
