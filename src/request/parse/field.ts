// Names, quoted names, JSON paths and embed paths shared by the query-string grammars
// (PostgREST: ApiRequest/QueryParams.hs, pFieldName, pJsonPath, pField, pTreePath).

import { ApiRequestError } from '../../errors/api-request-error.ts';
import type { EmbedPath, Field, JsonOperand, JsonOperation } from '../types.ts';
import {
  alt,
  anyChar,
  attempt,
  char,
  chars,
  digit,
  eof,
  label,
  letter,
  lookAhead,
  many,
  map,
  noneOf,
  notFollowedBy,
  oneOf,
  option,
  type Parser,
  right,
  runParser,
  sepBy1,
  seq,
  string,
} from './parsec.ts';

/** Runs a grammar over `text`; a failure is PGRST100 whose message names `source` and the position. */
export function parseOrThrow<T>(p: Parser<T>, source: string, text: string): T {
  const r = runParser(p, source, text);
  if (!r.ok) throw ApiRequestError.queryParam(r.message, r.details);
  return r.value;
}

/** Haskell's isSpace: Latin-1 blanks, plus any Unicode space separator above U+0377. */
function isSpace(c: string): boolean {
  const code = c.codePointAt(0) ?? 0;
  if (code <= 0x377) return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0;
  return /^\p{Zs}$/u.test(c);
}

/** Data.Text.strip. */
export function strip(s: string): string {
  if (s === '' || (!isSpace(s[0] ?? '') && !isSpace(s[s.length - 1] ?? ''))) return s;
  const cs = Array.from(s);
  let start = 0;
  let end = cs.length;
  while (start < end && isSpace(cs[start] ?? '')) start += 1;
  while (end > start && isSpace(cs[end - 1] ?? '')) end -= 1;
  return cs.slice(start, end).join('');
}

const ws = chars((c) => c === ' ' || c === '\t', oneOf(' \t'), false);

/** Spaces and tabs around p are skipped: `lexeme(char('('))` accepts ` ( `. */
export const lexeme = <T>(p: Parser<T>): Parser<T> => seq([ws, p, ws], (_, value) => value);

export const delimiter = label(char('.'), 'delimiter (.)');

/** `"a \"b\" c"` → `a "b" c`: a backslash escapes any character. */
export const quotedValue: Parser<string> = seq(
  [char('"'), many(alt(noneOf('\\"'), right(char('\\'), anyChar))), char('"')],
  (_, chars) => chars.join(''),
);

const isIdentifierChar = (c: string): boolean =>
  (c >= 'a' && c <= 'z') ||
  (c >= 'A' && c <= 'Z') ||
  (c >= '0' && c <= '9') ||
  c === '_' ||
  c === ' ' ||
  c === '$' ||
  (c > '\x7f' && /^\p{L}$/u.test(c));

/** `double precision` (letters, digits, `_`, `$` and spaces, trimmed): casts, fts languages. */
export const identifier: Parser<string> = map(chars(isIdentifierChar, alt(letter, digit, oneOf('_ $')), true), strip);

/** A dash that does not start an arrow: `first-name` but not `data->x`. */
const dash = attempt(seq([char('-'), notFollowedBy(char('>'))], () => '-'));

const sepByDash = (p: Parser<string>): Parser<string> => map(sepBy1(p, dash), (parts) => parts.join('-'));

/** `first name`, `first-name`, `"a.b(c)"`. */
export const fieldName: Parser<string> = label(
  alt(quotedValue, sepByDash(identifier)),
  'field name (* or [a..z0..9_$])',
);

const jsonKeyName: Parser<string> = label(
  alt(
    quotedValue,
    sepByDash(
      map(
        chars((c) => !'(-:.,>)'.includes(c), noneOf('(-:.,>)'), true),
        strip,
      ),
    ),
  ),
  'any non reserved character different from: .,>()',
);

const lookAheadText = (s: string): Parser<null> => attempt(map(lookAhead(string(s)), () => null));

/** An array index must be followed by an arrow, a cast, a dot, a comma or the end: `->0.desc`. */
const indexEnd = alt(lookAheadText('->'), lookAheadText('::'), lookAheadText('.'), lookAheadText(','), attempt(eof));

/** `1`, `-1` (kept as written, without a `+`). */
const jsonIndex: Parser<JsonOperand> = seq(
  [option('', char('-')), chars((c) => c >= '0' && c <= '9', digit, true), indexEnd],
  (sign, digits) => ({
    kind: 'index',
    index: sign + digits,
  }),
);

const jsonArrow = alt(
  attempt(map(string('->>'), () => '->>' as const)),
  attempt(map(string('->'), () => '->' as const)),
);

const jsonOperand = alt(attempt(jsonIndex), attempt(map(jsonKeyName, (key): JsonOperand => ({ kind: 'key', key }))));

const jsonOperation: Parser<JsonOperation> = seq([jsonArrow, jsonOperand], (arrow, operand) => ({ arrow, operand }));

/** `->a->>b`, `->0`, `->-1`, `->"a.b"`; may be empty. */
export const jsonPath: Parser<JsonOperation[]> = many(jsonOperation);

/** A column with an optional JSON path, surrounded by optional blanks: ` data->a `. */
export const field: Parser<Field> = lexeme(
  seq([fieldName, option([], jsonPath)], (name, jsonPathOps): Field => ({ name, jsonPath: jsonPathOps })),
);

/** A filter/order key: `roles.actors.first_name`, `data->a` → embed path and field. */
export const treePath: Parser<{ readonly path: EmbedPath; readonly field: Field }> = seq(
  [sepBy1(fieldName, delimiter), option([], jsonPath)],
  (names, jsonPathOps) => ({
    path: names.slice(0, -1),
    field: { name: names[names.length - 1] ?? '', jsonPath: jsonPathOps },
  }),
);

/** Names made only of ASCII letters, digits, `_` and `$` read the same in every grammar here. */
export const PLAIN_NAME = /^[A-Za-z0-9_$]+$/;

/** {@link treePath} for keys made of plain names (`a.b.c`), without running the grammar; else null. */
export function quickTreePath(key: string): { readonly path: EmbedPath; readonly field: Field } | null {
  const names = key.split('.');
  if (!names.every((n) => PLAIN_NAME.test(n))) return null;
  return { path: names.slice(0, -1), field: { name: names[names.length - 1] ?? '', jsonPath: [] } };
}

/** `columns=` and `on_conflict=`: `a, b ,"c,d"`. */
export const columnList: Parser<string[]> = sepBy1(fieldName, lexeme(char(',')));
