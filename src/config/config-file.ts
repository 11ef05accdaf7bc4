// Parser for PostgREST's config-file format, the grammar of Haskell's `configurator` (configurator-pg):
// `key = value` bindings, `#` comments, groups, `import`, and `$(NAME)` interpolation inside strings.

import { ConfigError } from './config-error.ts';

export type ConfigValue =
  | { readonly kind: 'string'; readonly value: string }
  /** `text` is the literal as written (`660`, `1e3`), used when a string key gets a bare number. */
  | { readonly kind: 'number'; readonly value: number; readonly text: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'list'; readonly items: ReadonlyArray<ConfigValue> };

export interface ConfigBinding {
  /** Full dotted name, group prefixes included: `app.settings.foo`. */
  readonly key: string;
  readonly value: ConfigValue;
  /** The file that bound it (differs from the main file for imports). */
  readonly path: string;
  readonly line: number;
}

export interface ConfigFileOptions {
  /** Used in error messages and to resolve relative `import` paths. */
  readonly path: string;
  /** Consulted by `$(NAME)` when NAME is not a key bound earlier in the file. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Reads an imported file (path already resolved); without it an `import` directive is an error. */
  readonly readImport?: (path: string) => string;
}

/** Bindings by full key; a key bound twice keeps the last value (configurator's rule). */
export type ConfigBindings = ReadonlyMap<string, ConfigBinding>;

// Nested imports are legal; a chain this deep can only be a loop the path check did not catch (symlinks).
const MAX_IMPORT_DEPTH = 32;

/**
 * Parses and evaluates a config file: imports are read, strings are interpolated in file order.
 *
 *   db-uri = "postgres://app@$(PGHOST)/app"   # $(X): a key bound earlier, else the environment variable X
 *   jwt-secret = "pa$$word"                    # $$ is a literal $
 *   app.settings { tenant = "acme" }           # same as app.settings.tenant = "acme"
 */
export function parseConfigFile(text: string, options: ConfigFileOptions): ConfigBindings {
  const bindings = new Map<string, ConfigBinding>();
  evaluateFile(text, options.path, '', bindings, options, [options.path]);
  return bindings;
}

// ---------------------------------------------------------------------------------------------------
// Syntax

type Directive =
  | { readonly kind: 'bind'; readonly key: string; readonly value: ConfigValue; readonly line: number }
  | { readonly kind: 'group'; readonly key: string; readonly directives: ReadonlyArray<Directive> }
  | { readonly kind: 'import'; readonly path: string; readonly line: number };

interface Cursor {
  readonly text: string;
  readonly path: string;
  pos: number;
}

function syntaxError(cur: Cursor, problem: string, at: number = cur.pos): ConfigError {
  const { line, column } = lineAndColumn(cur.text, at);
  return new ConfigError(`Syntax error in config file ${cur.path} at line ${line}, column ${column}: ${problem}`);
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text[i];
    // A lone \r ends a line too (configurator separates directives on either character).
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function describe(cur: Cursor): string {
  const c = cur.text.codePointAt(cur.pos);
  if (c === undefined) return 'end of file';
  if (c === 0x0a || c === 0x0d) return 'end of line';
  return JSON.stringify(String.fromCodePoint(c));
}

const isLetter = (c: string): boolean => /^\p{L}$/u.test(c);
const isIdentChar = (c: string): boolean => /^[\p{L}\p{N}_-]$/u.test(c);
const isSpace = (c: string | undefined): boolean => c !== undefined && /^\s$/u.test(c);
const isNewline = (c: string | undefined): boolean => c === '\n' || c === '\r';

function peek(cur: Cursor): string | undefined {
  const c = cur.text.codePointAt(cur.pos);
  return c === undefined ? undefined : String.fromCodePoint(c);
}

/** Whitespace (newlines included) and `#` comments, but not a `#;` directive comment. */
function skipLinesAndComments(cur: Cursor): void {
  for (;;) {
    const c = cur.text[cur.pos];
    if (isSpace(c)) {
      cur.pos++;
    } else if (c === '#' && cur.text[cur.pos + 1] !== ';') {
      while (cur.pos < cur.text.length && !isNewline(cur.text[cur.pos])) cur.pos++;
    } else {
      return;
    }
  }
}

/** Spaces, tabs and a trailing `#` comment, up to (not including) the end of the line. */
function skipLineRest(cur: Cursor): void {
  for (;;) {
    const c = cur.text[cur.pos];
    if (c === ' ' || c === '\t') {
      cur.pos++;
    } else if (c === '#') {
      while (cur.pos < cur.text.length && !isNewline(cur.text[cur.pos])) cur.pos++;
    } else {
      return;
    }
  }
}

/** Directives separated by line breaks, until end of file (top level) or a closing `}` (group). */
function parseDirectives(cur: Cursor, inGroup: boolean): Directive[] {
  const directives: Directive[] = [];
  for (;;) {
    skipLinesAndComments(cur);
    if (cur.pos >= cur.text.length) {
      if (inGroup) throw syntaxError(cur, 'expected "}" to close the group');
      return directives;
    }
    if (inGroup && cur.text[cur.pos] === '}') return directives;
    const directive = parseDirective(cur);
    if (directive !== null) directives.push(directive);
    skipLineRest(cur);
    if (cur.pos >= cur.text.length) continue;
    if (isNewline(cur.text[cur.pos])) {
      cur.pos++;
      continue;
    }
    if (inGroup && cur.text[cur.pos] === '}') return directives;
    throw syntaxError(cur, `unexpected ${describe(cur)}, expected the end of the line`);
  }
}

/** One directive; null for a `#;` directive comment (the directive after it must still parse). */
function parseDirective(cur: Cursor): Directive | null {
  if (cur.text.startsWith('#;', cur.pos)) {
    cur.pos += 2;
    skipLineRest(cur);
    parseDirective(cur);
    return null;
  }
  const start = cur.pos;
  const line = lineAndColumn(cur.text, start).line;
  const name = parseIdentifier(cur);
  skipLinesAndComments(cur);
  if (name === 'import') {
    if (cur.text[cur.pos] !== '"') throw syntaxError(cur, 'expected a quoted file name after import');
    return { kind: 'import', path: parseString(cur), line };
  }
  const c = cur.text[cur.pos];
  if (c === '=') {
    cur.pos++;
    skipLinesAndComments(cur);
    return { kind: 'bind', key: name, value: parseValue(cur), line };
  }
  if (c === '{') {
    cur.pos++;
    const directives = parseDirectives(cur, true);
    cur.pos++; // the '}' parseDirectives stopped at
    return { kind: 'group', key: name, directives };
  }
  throw syntaxError(cur, `unexpected ${describe(cur)} after "${name}", expected "=" or "{"`);
}

/** `word(.word)*`, each word a letter then letters, digits, `_` or `-`: `db-schemas`, `app.settings.x_1`. */
function parseIdentifier(cur: Cursor): string {
  const start = cur.pos;
  for (;;) {
    const first = peek(cur);
    if (first === undefined || !isLetter(first)) {
      const what = cur.pos === start ? 'a key name' : 'a name part after "."';
      throw syntaxError(cur, `unexpected ${describe(cur)}, expected ${what}`);
    }
    cur.pos += first.length;
    for (let c = peek(cur); c !== undefined && isIdentChar(c); c = peek(cur)) cur.pos += c.length;
    if (cur.text[cur.pos] !== '.') return cur.text.slice(start, cur.pos);
    cur.pos++;
  }
}

const NUMBER = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const BARE_WORD = /[A-Za-z]+/y;

function parseValue(cur: Cursor): ConfigValue {
  const c = cur.text[cur.pos];
  if (c === '"') return { kind: 'string', value: parseString(cur) };
  if (c === '[') return parseList(cur);
  NUMBER.lastIndex = cur.pos;
  const number = NUMBER.exec(cur.text);
  if (number !== null) {
    cur.pos += number[0].length;
    return { kind: 'number', value: Number(number[0]), text: number[0] };
  }
  BARE_WORD.lastIndex = cur.pos;
  const word = BARE_WORD.exec(cur.text);
  if (word !== null) {
    // configurator knows on/off/true/false in lower case only; we also take other cases (TRUE, Off).
    const bool = BARE_BOOLEANS.get(word[0].toLowerCase());
    if (bool === undefined) {
      throw syntaxError(cur, `unexpected bare word ${JSON.stringify(word[0])}, strings must be in double quotes`);
    }
    cur.pos += word[0].length;
    return { kind: 'bool', value: bool };
  }
  throw syntaxError(
    cur,
    `unexpected ${describe(cur)}, expected a value (a "string", a number, true/false or a [list])`,
  );
}

const BARE_BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['false', false],
  ['on', true],
  ['off', false],
]);

/** `[value, value, ...]`; line breaks and comments are allowed between elements. */
function parseList(cur: Cursor): ConfigValue {
  cur.pos++;
  skipLinesAndComments(cur);
  const items: ConfigValue[] = [];
  if (cur.text[cur.pos] === ']') {
    cur.pos++;
    return { kind: 'list', items };
  }
  for (;;) {
    items.push(parseValue(cur));
    skipLinesAndComments(cur);
    const c = cur.text[cur.pos];
    if (c === ']') {
      cur.pos++;
      return { kind: 'list', items };
    }
    if (c !== ',') throw syntaxError(cur, `unexpected ${describe(cur)} in a list, expected "," or "]"`);
    cur.pos++;
    skipLinesAndComments(cur);
  }
}

const SIMPLE_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['n', '\n'],
  ['t', '\t'],
  ['r', '\r'],
  ['"', '"'],
  ['\\', '\\'],
]);

/** A double-quoted string; may span lines. Escapes: \n \t \r \" \\ and \uXXXX (UTF-16, pairs for astral). */
function parseString(cur: Cursor): string {
  const open = cur.pos;
  cur.pos++;
  let out = '';
  for (;;) {
    const c = cur.text[cur.pos];
    if (c === undefined) throw syntaxError(cur, 'unterminated string', open);
    if (c === '"') {
      cur.pos++;
      return out;
    }
    if (c !== '\\') {
      out += c;
      cur.pos++;
      continue;
    }
    const escaped = cur.text[cur.pos + 1];
    const simple = escaped === undefined ? undefined : SIMPLE_ESCAPES.get(escaped);
    if (simple !== undefined) {
      out += simple;
      cur.pos += 2;
    } else if (escaped === 'u') {
      out += parseUnicodeEscape(cur);
    } else {
      throw syntaxError(cur, `invalid escape sequence "\\${escaped ?? ''}" (use \\n, \\t, \\r, \\", \\\\ or \\uXXXX)`);
    }
  }
}

function parseUnicodeEscape(cur: Cursor): string {
  const start = cur.pos;
  const quad = (at: number): number => {
    const hex = cur.text.slice(at, at + 4);
    if (!/^[0-9A-Fa-f]{4}$/.test(hex)) throw syntaxError(cur, 'expected four hexadecimal digits after \\u', at);
    return Number.parseInt(hex, 16);
  };
  const high = quad(start + 2);
  cur.pos = start + 6;
  if (high < 0xd800 || high > 0xdfff) return String.fromCharCode(high);
  // A surrogate must be a high one followed by an escaped low one, which together name one code point.
  if (high <= 0xdbff && cur.text.startsWith('\\u', cur.pos)) {
    const low = quad(cur.pos + 2);
    if (low >= 0xdc00 && low <= 0xdfff) {
      cur.pos += 6;
      return String.fromCharCode(high, low);
    }
  }
  throw syntaxError(cur, 'invalid UTF-16 surrogate pair in \\u escape', start);
}

// ---------------------------------------------------------------------------------------------------
// Evaluation: imports, group prefixes, interpolation

function evaluateFile(
  text: string,
  path: string,
  prefix: string,
  bindings: Map<string, ConfigBinding>,
  options: ConfigFileOptions,
  importStack: ReadonlyArray<string>,
): void {
  // A UTF-8 byte-order mark is not part of configurator's grammar; editors on Windows add one.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const directives = parseDirectives({ text: body, path, pos: 0 }, false);
  evaluateDirectives(directives, path, prefix, bindings, options, importStack);
}

function evaluateDirectives(
  directives: ReadonlyArray<Directive>,
  path: string,
  prefix: string,
  bindings: Map<string, ConfigBinding>,
  options: ConfigFileOptions,
  importStack: ReadonlyArray<string>,
): void {
  for (const d of directives) {
    switch (d.kind) {
      case 'bind': {
        const key = prefix + d.key;
        const value =
          d.value.kind === 'string'
            ? {
                kind: 'string' as const,
                value: interpolate(d.value.value, key, prefix, bindings, options.env, path, d.line),
              }
            : d.value;
        bindings.set(key, { key, value, path, line: d.line });
        break;
      }
      case 'group':
        evaluateDirectives(d.directives, path, `${prefix}${d.key}.`, bindings, options, importStack);
        break;
      case 'import': {
        const target = resolveImport(path, d.path);
        const where = `config file ${path} at line ${d.line}`;
        if (options.readImport === undefined) throw new ConfigError(`Cannot import "${d.path}" in ${where}`);
        if (importStack.includes(target) || importStack.length >= MAX_IMPORT_DEPTH) {
          throw new ConfigError(`Import loop: "${d.path}" in ${where} imports itself again`);
        }
        const imported = options.readImport(target);
        evaluateFile(imported, target, prefix, bindings, options, [...importStack, target]);
        break;
      }
      default:
        d satisfies never;
    }
  }
}

/** configurator resolves an import next to the importing file unless the path is absolute. */
function resolveImport(importer: string, target: string): string {
  if (target.startsWith('/')) return target;
  return importer.slice(0, importer.lastIndexOf('/') + 1) + target;
}

/**
 * Expands `$(NAME)` and `$$` in a string value. NAME is looked up among the keys bound so far, innermost
 * group first (`a.b.NAME`, `a.NAME`, `NAME`), then in the environment. Any other `$` is an error.
 */
function interpolate(
  raw: string,
  key: string,
  prefix: string,
  bindings: ReadonlyMap<string, ConfigBinding>,
  env: Readonly<Record<string, string | undefined>>,
  path: string,
  line: number,
): string {
  if (!raw.includes('$')) return raw;
  const fail = (problem: string): ConfigError =>
    new ConfigError(`Invalid value for ${key} in config file ${path} at line ${line}: ${problem}`, { key });
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const dollar = raw.indexOf('$', i);
    if (dollar === -1) {
      out += raw.slice(i);
      break;
    }
    out += raw.slice(i, dollar);
    const next = raw[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '(') {
      const close = raw.indexOf(')', dollar + 2);
      if (close === -1 || close === dollar + 2) throw fail('"$(" must be followed by a name and ")"');
      const name = raw.slice(dollar + 2, close);
      out += lookupVariable(name, prefix, bindings, env, fail);
      i = close + 1;
    } else {
      throw fail('"$" must start "$(NAME)" or be doubled ("$$") to mean a literal "$"');
    }
  }
  return out;
}

function lookupVariable(
  name: string,
  prefix: string,
  bindings: ReadonlyMap<string, ConfigBinding>,
  env: Readonly<Record<string, string | undefined>>,
  fail: (problem: string) => ConfigError,
): string {
  const groups = prefix.split('.').filter((part) => part !== '');
  for (let n = groups.length; n >= 0; n--) {
    const candidate = [...groups.slice(0, n), name].join('.');
    const bound = bindings.get(candidate);
    if (bound === undefined) continue;
    if (bound.value.kind === 'string') return bound.value.value;
    if (bound.value.kind === 'number') return String(bound.value.value);
    throw fail(`$(${name}) refers to a key that is not a string or a number`);
  }
  const fromEnv = env[name];
  if (fromEnv !== undefined) return fromEnv;
  throw fail(`$(${name}) is neither a key set earlier in the file nor an environment variable`);
}
