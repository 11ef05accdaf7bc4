// The Parsec-compatible core: Haskell's `show`, source positions and error rendering.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  alt,
  attempt,
  char,
  digit,
  eof,
  label,
  many1,
  runParser,
  seq,
  showChar,
  showString,
  string,
} from '../../../../src/request/parse/parsec.ts';

describe('showString / showChar (Haskell show)', () => {
  const strings: ReadonlyArray<{ readonly input: string; readonly expected: string }> = [
    { input: 'x', expected: '"x"' },
    { input: '"', expected: '"\\""' },
    { input: '\\', expected: '"\\\\"' },
    { input: "'", expected: `"'"` },
    { input: '\n', expected: '"\\n"' },
    { input: '\t', expected: '"\\t"' },
    { input: '\u0000', expected: '"\\NUL"' },
    { input: '\u0001', expected: '"\\SOH"' },
    { input: '\u001b', expected: '"\\ESC"' },
    { input: '\u007f', expected: '"\\DEL"' },
    { input: '\u00a0', expected: '"\\160"' },
    { input: 'é', expected: '"\\233"' },
    { input: '€', expected: '"\\8364"' },
    { input: '😀', expected: '"\\128512"' },
    { input: 'é1', expected: '"\\233\\&1"' },
    { input: '\u000eH', expected: '"\\SO\\&H"' },
    { input: '->>', expected: '"->>"' },
  ];
  for (const { input, expected } of strings) {
    it(`string ${JSON.stringify(input)}`, () => assert.equal(showString(input), expected));
  }
  const chars: ReadonlyArray<{ readonly input: string; readonly expected: string }> = [
    { input: 'x', expected: "'x'" },
    { input: "'", expected: "'\\''" },
    { input: '"', expected: `'"'` },
    { input: '\n', expected: "'\\n'" },
    { input: 'é', expected: "'\\233'" },
  ];
  for (const { input, expected } of chars) {
    it(`char ${JSON.stringify(input)}`, () => assert.equal(showChar(input), expected));
  }
});

describe('runParser: positions and messages', () => {
  const number = label(many1(digit), 'number');
  const pair = seq([number, char(','), number, eof], () => null);
  const cases: ReadonlyArray<{ readonly input: string; readonly message: string; readonly details: string }> = [
    { input: '1,x', message: '"src" (line 1, column 3)', details: 'unexpected "x" expecting number' },
    { input: '1;2', message: '"src" (line 1, column 2)', details: 'unexpected ";" expecting digit or ","' },
    { input: '1,2x', message: '"src" (line 1, column 4)', details: "unexpected 'x' expecting digit or end of input" },
    { input: '', message: '"src" (line 1, column 1)', details: 'unexpected end of input expecting number' },
    // Tabs advance to the next multiple of eight plus one; newlines start a new line; code points count once.
    { input: '1\t', message: '"src" (line 1, column 2)', details: 'unexpected "\\t" expecting digit or ","' },
  ];
  for (const { input, message, details } of cases) {
    it(JSON.stringify(input), () => assert.deepEqual(runParser(pair, 'src', input), { ok: false, message, details }));
  }

  it('counts tabs, newlines and astral characters like Parsec', () => {
    const p = seq([many1(alt(char('\t'), char('\n'), char('😀'))), char('!')], (_chars, _bang) => null);
    assert.deepEqual(runParser(p, 's', '\t😀x'), {
      ok: false,
      message: '"s" (line 1, column 10)',
      details: 'unexpected "x" expecting "\\t", "\\n", "\\128512" or "!"',
    });
    assert.deepEqual(runParser(p, 's', '\n\tx').ok ? null : runParser(p, 's', '\n\tx'), {
      ok: false,
      message: '"s" (line 2, column 9)',
      details: 'unexpected "x" expecting "\\t", "\\n", "\\128512" or "!"',
    });
  });

  it('string reports at its start, and commits after the first character', () => {
    const p = alt(string('asc'), string('desc'));
    assert.deepEqual(runParser(p, 's', 'ax'), {
      ok: false,
      message: '"s" (line 1, column 1)',
      details: 'unexpected "x" expecting "asc"',
    });
    assert.deepEqual(runParser(alt(attempt(string('asc')), string('desc')), 's', 'ax'), {
      ok: false,
      message: '"s" (line 1, column 1)',
      details: 'unexpected "x" expecting "asc" or "desc"',
    });
  });
});
