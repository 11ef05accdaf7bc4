// The config-file grammar (configurator's): values, comments, strings and escapes, groups,
// interpolation, imports, and the exact syntax errors.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../../src/config/config-error.ts';
import { type ConfigValue, parseConfigFile } from '../../../src/config/config-file.ts';

const PATH = '/etc/restgres/test.conf';

function parse(
  text: string,
  env: Record<string, string> = {},
  files: Record<string, string> = {},
): Record<string, ConfigValue> {
  const bindings = parseConfigFile(text, {
    path: PATH,
    env,
    readImport: (path) => {
      const content = files[path];
      if (content === undefined) throw new ConfigError(`no file ${path}`);
      return content;
    },
  });
  return Object.fromEntries([...bindings].map(([key, binding]) => [key, binding.value]));
}

const str = (value: string): ConfigValue => ({ kind: 'string', value });
const num = (value: number, text: string): ConfigValue => ({ kind: 'number', value, text });
const bool = (value: boolean): ConfigValue => ({ kind: 'bool', value });

function throwsConfigError(fn: () => unknown, message: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    assert.equal(error.message, message);
    return true;
  });
}

describe('config file: values', () => {
  const cases: ReadonlyArray<{ readonly text: string; readonly expected: Record<string, ConfigValue> }> = [
    { text: '', expected: {} },
    { text: '\n\n   \n', expected: {} },
    { text: 'a = "x"', expected: { a: str('x') } },
    { text: 'a="x"', expected: { a: str('x') } },
    { text: 'a\t=\t"x"\t', expected: { a: str('x') } },
    { text: 'a = ""', expected: { a: str('') } },
    { text: 'a = 3000', expected: { a: num(3000, '3000') } },
    { text: 'a = 0660', expected: { a: num(660, '0660') } },
    { text: 'a = 1.5', expected: { a: num(1.5, '1.5') } },
    { text: 'a = 1e3', expected: { a: num(1000, '1e3') } },
    { text: 'a = 2.5E-1', expected: { a: num(0.25, '2.5E-1') } },
    { text: 'a = true', expected: { a: bool(true) } },
    { text: 'a = false', expected: { a: bool(false) } },
    { text: 'a = on', expected: { a: bool(true) } },
    { text: 'a = off', expected: { a: bool(false) } },
    { text: 'a = TRUE', expected: { a: bool(true) } },
    { text: 'a = False', expected: { a: bool(false) } },
    { text: 'a = []', expected: { a: { kind: 'list', items: [] } } },
    {
      text: 'a = [1, "x", [true]]',
      expected: { a: { kind: 'list', items: [num(1, '1'), str('x'), { kind: 'list', items: [bool(true)] }] } },
    },
    {
      text: 'a = [\n  1, # one\n  2\n]',
      expected: { a: { kind: 'list', items: [num(1, '1'), num(2, '2')] } },
    },
    { text: 'a = 1\na = 2', expected: { a: num(2, '2') } },
    { text: 'a = 1\r\nb = 2\rc = 3', expected: { a: num(1, '1'), b: num(2, '2'), c: num(3, '3') } },
    { text: 'a\n=\n"x"', expected: { a: str('x') } },
    { text: '\uFEFFa = 1', expected: { a: num(1, '1') } },
  ];
  for (const { text, expected } of cases) {
    it(JSON.stringify(text), () => assert.deepEqual(parse(text), expected));
  }
});

describe('config file: keys', () => {
  const cases: ReadonlyArray<{ readonly text: string; readonly expected: Record<string, ConfigValue> }> = [
    { text: 'db-schemas = "api"', expected: { 'db-schemas': str('api') } },
    { text: 'snake_case_1 = 1', expected: { snake_case_1: num(1, '1') } },
    { text: 'app.settings.jwt_exp = "3600"', expected: { 'app.settings.jwt_exp': str('3600') } },
    { text: 'ünïcode = 1', expected: { ünïcode: num(1, '1') } },
    {
      text: 'app { settings { a = "1"\n b = "2" } }',
      expected: { 'app.settings.a': str('1'), 'app.settings.b': str('2') },
    },
    { text: 'app.settings {\n  tenant = "acme"\n}\n', expected: { 'app.settings.tenant': str('acme') } },
    { text: 'g {\n}\n', expected: {} },
  ];
  for (const { text, expected } of cases) {
    it(JSON.stringify(text), () => assert.deepEqual(parse(text), expected));
  }
});

describe('config file: comments', () => {
  const cases: ReadonlyArray<{ readonly text: string; readonly expected: Record<string, ConfigValue> }> = [
    { text: '# only a comment', expected: {} },
    { text: '# a = 1\nb = 2', expected: { b: num(2, '2') } },
    { text: 'a = 1 # trailing', expected: { a: num(1, '1') } },
    { text: 'a = "x # not a comment"', expected: { a: str('x # not a comment') } },
    { text: '   # indented\n\ta = 1', expected: { a: num(1, '1') } },
    // `#;` comments out exactly one directive, which must still be well-formed.
    { text: '#; a = 1\nb = 2', expected: { b: num(2, '2') } },
    { text: '#; g { a = 1 }\nb = 2', expected: { b: num(2, '2') } },
    { text: 'a = 1 #; also a trailing comment', expected: { a: num(1, '1') } },
  ];
  for (const { text, expected } of cases) {
    it(JSON.stringify(text), () => assert.deepEqual(parse(text), expected));
  }
});

describe('config file: strings and escapes', () => {
  const cases: ReadonlyArray<{ readonly text: string; readonly expected: string }> = [
    { text: String.raw`a = "tab\there"`, expected: 'tab\there' },
    { text: String.raw`a = "line\nbreak\r"`, expected: 'line\nbreak\r' },
    { text: String.raw`a = "quote \" inside"`, expected: 'quote " inside' },
    { text: String.raw`a = "back\\slash"`, expected: 'back\\slash' },
    { text: String.raw`a = "\u00e9\u2603"`, expected: 'é☃' },
    { text: String.raw`a = "\ud83d\ude00"`, expected: '😀' },
    { text: 'a = "two\nlines"', expected: 'two\nlines' },
    { text: `a = "it's"`, expected: "it's" },
  ];
  for (const { text, expected } of cases) {
    it(text, () => assert.deepEqual(parse(text), { a: str(expected) }));
  }
});

describe('config file: interpolation', () => {
  const env = { HOME: '/home/app', PGPASSWORD: 'p@ss', EMPTY: '' };
  const cases: ReadonlyArray<{ readonly text: string; readonly key: string; readonly expected: string }> = [
    { text: 'a = "$(HOME)/x"', key: 'a', expected: '/home/app/x' },
    { text: 'a = "pa$$word"', key: 'a', expected: 'pa$word' },
    { text: 'a = "$$$$"', key: 'a', expected: '$$' },
    { text: 'a = "$$(HOME)"', key: 'a', expected: '$(HOME)' },
    { text: 'a = "[$(EMPTY)]"', key: 'a', expected: '[]' },
    { text: 'a = "$(HOME)$(PGPASSWORD)"', key: 'a', expected: '/home/app' + 'p@ss' },
    // Keys bound earlier win over the environment; numbers are written out.
    { text: 'HOME = "/srv"\na = "$(HOME)"', key: 'a', expected: '/srv' },
    { text: 'port = 5432\na = "h:$(port)"', key: 'a', expected: 'h:5432' },
    { text: 'ratio = 1.5\na = "$(ratio)"', key: 'a', expected: '1.5' },
    // Inside a group, the group's own keys are found first, then outer ones.
    { text: 'x = "outer"\ng { x = "inner"\n a = "$(x)" }', key: 'g.a', expected: 'inner' },
    { text: 'x = "outer"\ng { a = "$(x)" }', key: 'g.a', expected: 'outer' },
    // A key bound later is not visible yet.
    { text: 'a = "$(HOME)"\nHOME = "/late"', key: 'a', expected: '/home/app' },
    // Only strings are interpolated.
    { text: 'a = ["$(HOME)"]', key: 'a', expected: '$(HOME)' },
  ];
  for (const { text, key, expected } of cases) {
    it(JSON.stringify(text), () => {
      const value = parse(text, env)[key];
      if (value?.kind === 'list') assert.deepEqual(value.items, [str(expected)]);
      else assert.deepEqual(value, str(expected));
    });
  }
});

describe('config file: import', () => {
  it('reads the imported file next to the importing one', () => {
    assert.deepEqual(parse('a = 1\nimport "more.conf"\nc = 3', {}, { '/etc/restgres/more.conf': 'b = 2' }), {
      a: num(1, '1'),
      b: num(2, '2'),
      c: num(3, '3'),
    });
  });
  it('applies the group prefix to imported keys', () => {
    assert.deepEqual(parse('app.settings { import "/abs/app.conf" }', {}, { '/abs/app.conf': 'tenant = "x"' }), {
      'app.settings.tenant': str('x'),
    });
  });
  it('refuses an import loop', () => {
    throwsConfigError(
      () => parse('import "a.conf"', {}, { '/etc/restgres/a.conf': 'import "test.conf"', [PATH]: 'import "a.conf"' }),
      'Import loop: "test.conf" in config file /etc/restgres/a.conf at line 1 imports itself again',
    );
  });
  it('is an error without a reader', () => {
    throwsConfigError(
      () => parseConfigFile('import "x.conf"', { path: PATH, env: {} }),
      `Cannot import "x.conf" in config file ${PATH} at line 1`,
    );
  });
});

describe('config file: errors', () => {
  const at = (line: number, column: number, problem: string): string =>
    `Syntax error in config file ${PATH} at line ${line}, column ${column}: ${problem}`;
  const cases: ReadonlyArray<{ readonly text: string; readonly message: string }> = [
    {
      text: 'a = ',
      message: at(1, 5, 'unexpected end of file, expected a value (a "string", a number, true/false or a [list])'),
    },
    {
      text: 'a = -4',
      message: at(1, 5, 'unexpected "-", expected a value (a "string", a number, true/false or a [list])'),
    },
    { text: 'a = yes', message: at(1, 5, 'unexpected bare word "yes", strings must be in double quotes') },
    { text: 'a = public', message: at(1, 5, 'unexpected bare word "public", strings must be in double quotes') },
    {
      text: "a = 'x'",
      message: at(1, 5, `unexpected "'", expected a value (a "string", a number, true/false or a [list])`),
    },
    { text: 'a = "x', message: at(1, 5, 'unterminated string') },
    {
      text: String.raw`a = "\x"`,
      message: at(1, 6, 'invalid escape sequence "\\x" (use \\n, \\t, \\r, \\", \\\\ or \\uXXXX)'),
    },
    { text: String.raw`a = "\u12"`, message: at(1, 8, 'expected four hexadecimal digits after \\u') },
    { text: String.raw`a = "\udc00"`, message: at(1, 6, 'invalid UTF-16 surrogate pair in \\u escape') },
    { text: String.raw`a = "\ud83dx"`, message: at(1, 6, 'invalid UTF-16 surrogate pair in \\u escape') },
    { text: 'a = "x" b = "y"', message: at(1, 9, 'unexpected "b", expected the end of the line') },
    { text: 'a = 1.', message: at(1, 6, 'unexpected ".", expected the end of the line') },
    { text: 'a = onion', message: at(1, 5, 'unexpected bare word "onion", strings must be in double quotes') },
    { text: '\n\nkey "x"', message: at(3, 5, 'unexpected "\\"" after "key", expected "=" or "{"') },
    { text: '1a = 2', message: at(1, 1, 'unexpected "1", expected a key name') },
    { text: 'a. = 2', message: at(1, 3, 'unexpected " ", expected a name part after "."') },
    { text: '= 2', message: at(1, 1, 'unexpected "=", expected a key name') },
    { text: 'g { a = 1', message: at(1, 10, 'expected "}" to close the group') },
    { text: '}', message: at(1, 1, 'unexpected "}", expected a key name') },
    { text: 'a = [1 2]', message: at(1, 8, 'unexpected "2" in a list, expected "," or "]"') },
    {
      text: 'a = [1,]',
      message: at(1, 8, 'unexpected "]", expected a value (a "string", a number, true/false or a [list])'),
    },
    { text: 'import x', message: at(1, 8, 'expected a quoted file name after import') },
  ];
  for (const { text, message } of cases) {
    it(JSON.stringify(text), () => throwsConfigError(() => parse(text), message));
  }
});

describe('config file: interpolation errors', () => {
  const bad = (problem: string): string => `Invalid value for a in config file ${PATH} at line 1: ${problem}`;
  const cases: ReadonlyArray<{ readonly text: string; readonly message: string }> = [
    { text: 'a = "pa$word"', message: bad('"$" must start "$(NAME)" or be doubled ("$$") to mean a literal "$"') },
    { text: 'a = "cost: 5$"', message: bad('"$" must start "$(NAME)" or be doubled ("$$") to mean a literal "$"') },
    {
      text: 'a = "$(NOPE)"',
      message: bad('$(NOPE) is neither a key set earlier in the file nor an environment variable'),
    },
    { text: 'a = "$(HOME"', message: bad('"$(" must be followed by a name and ")"') },
    { text: 'a = "$()"', message: bad('"$(" must be followed by a name and ")"') },
  ];
  for (const { text, message } of cases) {
    it(JSON.stringify(text), () => throwsConfigError(() => parse(text, { HOME: '/h' }), message));
  }
  it('names a non-string key', () => {
    throwsConfigError(
      () => parse('flag = true\na = "$(flag)"'),
      `Invalid value for a in config file ${PATH} at line 2: $(flag) refers to a key that is not a string or a number`,
    );
  });
  it('sets the error key', () => {
    assert.throws(
      () => parse('db-uri = "$(NOPE)"'),
      (error: unknown) => error instanceof ConfigError && error.key === 'db-uri',
    );
  });
});

describe('config file: bindings', () => {
  it('records the file and line of each key', () => {
    const bindings = parseConfigFile('# header\n\na = 1\n\nb = "x"\n', { path: PATH, env: {} });
    assert.deepEqual(
      [...bindings.values()],
      [
        { key: 'a', value: num(1, '1'), path: PATH, line: 3 },
        { key: 'b', value: str('x'), path: PATH, line: 5 },
      ],
    );
  });
});
