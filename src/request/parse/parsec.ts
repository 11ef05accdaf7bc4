// Parser combinators with Parsec's error semantics. PostgREST parses the query string with Parsec
// (Text.Parsec 3.1), and its PGRST100 messages are Parsec's error texts, so we reproduce its model.

/**
 * How Parsec builds an error: every failing primitive reports messages at a position; `<|>` and
 * sequencing merge errors (the furthest position wins, equal positions concatenate), `label`
 * replaces the "expecting" items, and a parser that consumed input before failing commits.
 * Messages are kept as a lazy tree and rendered only when a parse fails for good.
 */
export interface ParseError {
  /** Offset into the code points of the input. */
  readonly pos: number;
  readonly msgs: Messages;
}

/** Parsec's Message kinds, in its display (and sort) order. */
const SYS_UNEXPECT = 0;
const UNEXPECT = 1;
const EXPECT = 2;

/** An unexpected character is stored raw (`''` is the end of input) and shown when rendered. */
interface Message {
  readonly kind: typeof SYS_UNEXPECT | typeof UNEXPECT | typeof EXPECT;
  readonly text: string;
}

type Messages =
  | null
  | Message
  | { readonly concat: readonly [Messages, Messages] }
  /** Parsec's setExpectErrors: `Expect label` first, then the non-Expect messages of `inner`. */
  | { readonly relabel: string; readonly inner: Messages };

export type Reply<T> =
  | {
      readonly ok: true;
      readonly consumed: boolean;
      readonly value: T;
      readonly pos: number;
      readonly error: ParseError;
    }
  | { readonly ok: false; readonly consumed: boolean; readonly error: ParseError };

/** The input as code points: Parsec counts characters, not UTF-16 units. */
export type Input = ReadonlyArray<string>;
export type Parser<T> = (input: Input, pos: number) => Reply<T>;

const unknown = (pos: number): ParseError => ({ pos, msgs: null });

function merge(e1: ParseError, e2: ParseError): ParseError {
  if (e2.msgs === null && e1.msgs !== null) return e1;
  if (e1.msgs === null && e2.msgs !== null) return e2;
  if (e1.pos === e2.pos) return { pos: e1.pos, msgs: { concat: [e1.msgs, e2.msgs] } };
  return e1.pos > e2.pos ? e1 : e2;
}

type Values<Ps> = { -readonly [K in keyof Ps]: Ps[K] extends Parser<infer A> ? A : never };

/**
 * Parsec's do-notation: runs `parsers` one after another, then `combine`s their values. A step
 * that consumes nothing merges its error into the previous one's; the first failure stops.
 * Example: `seq([char('('), field, char(')')], (_, f) => f)`.
 */
export function seq<const Ps extends ReadonlyArray<Parser<unknown>>, T>(
  parsers: Ps,
  combine: (...values: Values<Ps>) => T,
): Parser<T> {
  return (input, pos) => {
    let at = pos;
    let consumed = false;
    let error = unknown(pos);
    const values: unknown[] = [];
    for (const p of parsers) {
      const r = p(input, at);
      error = r.consumed || error.msgs === null ? r.error : merge(error, r.error);
      consumed ||= r.consumed;
      if (!r.ok) return { ok: false, consumed, error };
      at = r.pos;
      values.push(r.value);
    }
    return { ok: true, consumed, value: combine(...(values as Values<Ps>)), pos: at, error };
  };
}

/** `p >>= f`, for the few steps that depend on a previous value. */
export function bind<A, B>(p: Parser<A>, f: (a: A) => Parser<B>): Parser<B> {
  return (input, pos) => {
    const r = p(input, pos);
    if (!r.ok) return r;
    const next = f(r.value)(input, r.pos);
    const consumed = r.consumed || next.consumed;
    const error = next.consumed || r.error.msgs === null ? next.error : merge(r.error, next.error);
    return { ...next, consumed, error };
  };
}

export function pure<T>(value: T): Parser<T> {
  return (_input, pos) => ({ ok: true, consumed: false, value, pos, error: unknown(pos) });
}

/** `mzero`: fails without a message (Parsec's `guard False`). */
export const zero: Parser<never> = (_input, pos) => ({ ok: false, consumed: false, error: unknown(pos) });

/** Defers building a parser, for recursive grammars. */
export function lazy<T>(build: () => Parser<T>): Parser<T> {
  let p: Parser<T> | null = null;
  return (input, pos) => {
    p ??= build();
    return p(input, pos);
  };
}

export function map<A, B>(p: Parser<A>, f: (a: A) => B): Parser<B> {
  return (input, pos) => {
    const r = p(input, pos);
    return r.ok ? { ...r, value: f(r.value) } : r;
  };
}

/** `p *> q` */
export const right = <B>(p: Parser<unknown>, q: Parser<B>): Parser<B> => seq([p, q], (_, b) => b);

/** `p1 <|> p2 <|> …`: the next alternative runs only if the previous one failed without consuming. */
export function alt<T>(...ps: ReadonlyArray<Parser<T>>): Parser<T> {
  return (input, pos) => {
    let error: ParseError | null = null;
    let last: Reply<T> = { ok: false, consumed: false, error: unknown(pos) };
    for (const p of ps) {
      const r = p(input, pos);
      if (r.consumed) return r;
      last = error === null ? r : { ...r, error: merge(error, r.error) };
      if (r.ok) return last;
      error = last.error;
    }
    return last;
  };
}

/** `try p`: a failure after consuming input becomes a failure without consuming (same error). */
export function attempt<T>(p: Parser<T>): Parser<T> {
  return (input, pos) => {
    const r = p(input, pos);
    return !r.ok && r.consumed ? { ok: false, consumed: false, error: r.error } : r;
  };
}

export function lookAhead<T>(p: Parser<T>): Parser<T> {
  return (input, pos) => {
    const r = p(input, pos);
    return r.ok ? { ok: true, consumed: false, value: r.value, pos, error: unknown(pos) } : r;
  };
}

/** `p <?> name`: when p did not consume, its "expecting" items become `name`. */
export function label<T>(p: Parser<T>, name: string): Parser<T> {
  return (input, pos) => {
    const r = p(input, pos);
    if (r.consumed || (r.ok && r.error.msgs === null)) return r;
    return { ...r, error: { pos: r.error.pos, msgs: { relabel: name, inner: r.error.msgs } } };
  };
}

/**
 * Control.Applicative's `many`, which PostgREST's grammar uses (`many pJsonOperation`): the error
 * of the last item read is merged with the error that ended the repetition.
 */
export function many<T>(p: Parser<T>): Parser<T[]> {
  return repeat(p, true);
}

/**
 * Parsec's own `many` (manyAccum), used inside Parsec's many1, sepBy and sepBy1: the last item's
 * error is dropped. So `a-b!` expects only "-" after `b`, while `ab!` also expects letter or digit.
 */
function manyAccum<T>(p: Parser<T>): Parser<T[]> {
  return repeat(p, false);
}

function repeat<T>(p: Parser<T>, keepLastError: boolean): Parser<T[]> {
  return (input, pos) => {
    const values: T[] = [];
    let at = pos;
    let previous: ParseError | null = null;
    for (;;) {
      const r = p(input, at);
      if (!r.ok) {
        if (r.consumed) return r;
        const error = previous === null || !keepLastError ? r.error : merge(previous, r.error);
        return { ok: true, consumed: previous !== null, value: values, pos: at, error };
      }
      if (!r.consumed) throw new Error('many: the parser accepted an empty string');
      values.push(r.value);
      at = r.pos;
      previous = r.error;
    }
  };
}

/**
 * `many p` (or `many1 p` with `atLeastOne`) for a one-character parser `p` that accepts exactly the
 * characters `accepts` does, returning them as one string: the same replies as the generic
 * combinators, without a reply object per character. `p` only runs where the scan stops, for its error.
 */
export function chars(accepts: (c: string) => boolean, p: Parser<string>, atLeastOne: boolean): Parser<string> {
  return (input, pos) => {
    let end = pos;
    while (end < input.length && accepts(input[end] ?? '')) end += 1;
    const stop = p(input, end);
    if (stop.ok) throw new Error('chars: the predicate and the parser disagree');
    if (end === pos) {
      return atLeastOne ? stop : { ok: true, consumed: false, value: '', pos, error: stop.error };
    }
    return { ok: true, consumed: true, value: input.slice(pos, end).join(''), pos: end, error: stop.error };
  };
}

export const many1 = <T>(p: Parser<T>): Parser<T[]> => seq([p, manyAccum(p)], (x, xs) => [x, ...xs]);

export const sepBy1 = <T>(p: Parser<T>, sep: Parser<unknown>): Parser<T[]> =>
  seq([p, manyAccum(right(sep, p))], (x, xs) => [x, ...xs]);

export const sepBy = <T>(p: Parser<T>, sep: Parser<unknown>): Parser<T[]> => alt(sepBy1(p, sep), pure<T[]>([]));

export const option = <T>(fallback: T, p: Parser<T>): Parser<T> => alt(p, pure(fallback));

export const optionNull = <T>(p: Parser<T>): Parser<T | null> => alt<T | null>(p, pure(null));

export const between = <T>(open: Parser<unknown>, close: Parser<unknown>, p: Parser<T>): Parser<T> =>
  seq([open, p, close], (_, x) => x);

const sysUnexpected = (pos: number, c: string): ParseError => ({ pos, msgs: { kind: SYS_UNEXPECT, text: c } });

export function satisfy(pred: (c: string) => boolean): Parser<string> {
  return (input, pos) => {
    const c = input[pos];
    if (c === undefined) return { ok: false, consumed: false, error: sysUnexpected(pos, '') };
    if (!pred(c)) return { ok: false, consumed: false, error: sysUnexpected(pos, c) };
    return { ok: true, consumed: true, value: c, pos: pos + 1, error: unknown(pos + 1) };
  };
}

export const anyChar = satisfy(() => true);
export const char = (c: string): Parser<string> =>
  label(
    satisfy((x) => x === c),
    showString(c),
  );
export const oneOf = (cs: string): Parser<string> => satisfy((x) => cs.includes(x));
export const noneOf = (cs: string): Parser<string> => satisfy((x) => !cs.includes(x));
/** Haskell's isAlpha: any Unicode letter. */
export const letter = label(
  satisfy((c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c > '\x7f' && /^\p{L}$/u.test(c))),
  'letter',
);
/** Haskell's isDigit: ASCII digits only. */
export const digit = label(
  satisfy((c) => c >= '0' && c <= '9'),
  'digit',
);

/** Parsec's `string`: reports at its start position, and commits once the first character matched. */
export function string(s: string): Parser<string> {
  const expected: Message = { kind: EXPECT, text: showString(s) };
  const chars = Array.from(s);
  return (input, pos) => {
    for (let i = 0; i < chars.length; i++) {
      const x = input[pos + i];
      if (x !== chars[i]) {
        const msgs: Messages = { concat: [expected, { kind: SYS_UNEXPECT, text: x ?? '' }] };
        return { ok: false, consumed: i > 0, error: { pos, msgs } };
      }
    }
    const end = pos + chars.length;
    return { ok: true, consumed: chars.length > 0, value: s, pos: end, error: unknown(end) };
  };
}

/** Succeeds without consuming when p fails; otherwise reports the character p read. */
export function notFollowedBy(p: Parser<string>): Parser<null> {
  // Parsec: try (do { c <- try p; unexpected (show c) } <|> return ()).
  return (input, pos) => {
    const r = p(input, pos);
    if (!r.ok) return { ok: true, consumed: false, value: null, pos, error: r.error };
    return { ok: false, consumed: false, error: { pos: r.pos, msgs: { kind: UNEXPECT, text: r.value } } };
  };
}

const END_OF_INPUT: Message = { kind: EXPECT, text: 'end of input' };

/** `eof = notFollowedBy anyToken <?> "end of input"`; anyToken does not move the position. */
export const eof: Parser<null> = (input, pos) => {
  const c = input[pos];
  if (c === undefined) {
    const msgs: Messages = { concat: [END_OF_INPUT, { kind: SYS_UNEXPECT, text: '' }] };
    return { ok: true, consumed: false, value: null, pos, error: { pos, msgs } };
  }
  return { ok: false, consumed: false, error: { pos, msgs: { concat: [END_OF_INPUT, { kind: UNEXPECT, text: c }] } } };
};

export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string; readonly details: string };

/**
 * Parsec's `parse` (no end-of-input check) plus PostgREST's error rendering:
 * message `"<source>" (line 1, column 4)`, details Parsec's text with newlines turned into spaces.
 */
export function runParser<T>(p: Parser<T>, source: string, text: string): ParseResult<T> {
  const input = Array.from(text);
  const r = p(input, 0);
  if (r.ok) return { ok: true, value: r.value };
  const { line, column } = sourcePos(input, r.error.pos);
  return {
    ok: false,
    message: `"${source}" (line ${line}, column ${column})`,
    details: showErrorMessages(flatten(r.error.msgs)).replaceAll('\n', ' ').trim(),
  };
}

/** Parsec's SourcePos update: a tab advances to the next multiple of 8, plus 1. */
function sourcePos(input: Input, pos: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (const c of input.slice(0, pos)) {
    if (c === '\n') {
      line += 1;
      column = 1;
    } else if (c === '\t') {
      column += 8 - ((column - 1) % 8);
    } else {
      column += 1;
    }
  }
  return { line, column };
}

function flatten(msgs: Messages): Message[] {
  if (msgs === null) return [];
  if ('kind' in msgs) return [msgs];
  if ('concat' in msgs) return [...flatten(msgs.concat[0]), ...flatten(msgs.concat[1])];
  return [{ kind: EXPECT, text: msgs.relabel }, ...flatten(msgs.inner).filter((m) => m.kind !== EXPECT)];
}

/** Parsec's showErrorMessages with PostgREST's words ("or", "expecting", "unexpected"). */
function showErrorMessages(msgs: ReadonlyArray<Message>): string {
  if (msgs.length === 0) return 'unknown parse error';
  const of = (kind: Message['kind']): string[] => msgs.filter((m) => m.kind === kind).map((m) => m.text);
  const sys = of(SYS_UNEXPECT);
  const unexp = of(UNEXPECT).map(showChar);
  const showSys =
    unexp.length > 0 || sys[0] === undefined ? '' : `unexpected ${sys[0] === '' ? 'end of input' : showString(sys[0])}`;
  const parts = [showSys, showMany('unexpected', unexp), showMany('expecting', of(EXPECT))];
  return clean(parts)
    .map((s) => `\n${s}`)
    .join('');
}

function showMany(prefix: string, texts: ReadonlyArray<string>): string {
  const items = clean(texts);
  if (items.length === 0) return '';
  const last = items[items.length - 1];
  const listed = items.length === 1 ? last : `${items.slice(0, -1).join(', ')} or ${last}`;
  return `${prefix} ${listed}`;
}

const clean = (xs: ReadonlyArray<string>): string[] => [...new Set(xs.filter((x) => x !== ''))];

const ASCII_NAMES =
  'NUL SOH STX ETX EOT ENQ ACK a b t n v f r SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US'.split(
    ' ',
  );

/** Haskell's showLitChar, without the `\&` disambiguation (the caller adds it). */
function litChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (code > 0x7f) return `\\${code}`;
  if (code === 0x7f) return '\\DEL';
  if (c === '\\') return '\\\\';
  if (code >= 0x20) return c;
  return `\\${ASCII_NAMES[code] ?? ''}`;
}

/** Haskell `show` of a String: `"x"`, `"\233"`, `"\""`. */
export function showString(s: string): string {
  let out = '';
  let prev = '';
  for (const c of s) {
    const lit = c === '"' ? '\\"' : litChar(c);
    // A numeric escape followed by a digit, or \SO followed by H, needs the empty escape \&.
    if ((/^\\\d+$/.test(prev) && c >= '0' && c <= '9') || (prev === '\\SO' && c === 'H')) out += '\\&';
    out += lit;
    prev = lit;
  }
  return `"${out}"`;
}

/** Haskell `show` of a Char: `'x'`, `'\''`. */
export function showChar(c: string): string {
  return `'${c === "'" ? "\\'" : litChar(c)}'`;
}
