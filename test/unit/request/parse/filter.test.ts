// Filter keys and values: `path.to.col->json=[not.]op[modifier].value`. Error texts were recorded
// from PostgREST 12.0.2, except the `is` ones, which follow v16's wording (`not_null` is new in v16).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ParsedFilter, parseFilter } from '../../../../src/request/parse/filter.ts';
import type { Operation } from '../../../../src/request/types.ts';

const on = (operation: Operation, negated = false): Extract<ParsedFilter, { kind: 'filter' }> => ({
  kind: 'filter',
  path: [],
  filter: { field: { name: 'id', jsonPath: [] }, negated, operation },
});

describe('parseFilter: operators', () => {
  const cases: ReadonlyArray<{ readonly input: string; readonly expected: ParsedFilter }> = [
    { input: 'eq.1', expected: on({ kind: 'quant', operator: 'eq', quantifier: null, value: '1' }) },
    { input: 'gt.1', expected: on({ kind: 'quant', operator: 'gt', quantifier: null, value: '1' }) },
    { input: 'gte.1', expected: on({ kind: 'quant', operator: 'gte', quantifier: null, value: '1' }) },
    { input: 'lt.1', expected: on({ kind: 'quant', operator: 'lt', quantifier: null, value: '1' }) },
    { input: 'lte.1', expected: on({ kind: 'quant', operator: 'lte', quantifier: null, value: '1' }) },
    { input: 'like.*a*', expected: on({ kind: 'quant', operator: 'like', quantifier: null, value: '*a*' }) },
    { input: 'ilike.*A*', expected: on({ kind: 'quant', operator: 'ilike', quantifier: null, value: '*A*' }) },
    { input: 'match.^a$', expected: on({ kind: 'quant', operator: 'match', quantifier: null, value: '^a$' }) },
    { input: 'imatch.x', expected: on({ kind: 'quant', operator: 'imatch', quantifier: null, value: 'x' }) },
    { input: 'neq.1', expected: on({ kind: 'simple', operator: 'neq', value: '1' }) },
    { input: 'cs.{1,2}', expected: on({ kind: 'simple', operator: 'cs', value: '{1,2}' }) },
    { input: 'cd.{1}', expected: on({ kind: 'simple', operator: 'cd', value: '{1}' }) },
    { input: 'ov.[1,2)', expected: on({ kind: 'simple', operator: 'ov', value: '[1,2)' }) },
    { input: 'sl.(1,2)', expected: on({ kind: 'simple', operator: 'sl', value: '(1,2)' }) },
    { input: 'sr.(1,2)', expected: on({ kind: 'simple', operator: 'sr', value: '(1,2)' }) },
    { input: 'nxr.(1,2)', expected: on({ kind: 'simple', operator: 'nxr', value: '(1,2)' }) },
    { input: 'nxl.(1,2)', expected: on({ kind: 'simple', operator: 'nxl', value: '(1,2)' }) },
    { input: 'adj.(1,2)', expected: on({ kind: 'simple', operator: 'adj', value: '(1,2)' }) },
    { input: 'isdistinct.x', expected: on({ kind: 'isDistinct', value: 'x' }) },
    // The value is everything after the operator's dot: dots, commas, parentheses, nothing at all.
    { input: 'eq.', expected: on({ kind: 'quant', operator: 'eq', quantifier: null, value: '' }) },
    { input: 'eq.a.b,c)(', expected: on({ kind: 'quant', operator: 'eq', quantifier: null, value: 'a.b,c)(' }) },
    { input: 'eq. padded ', expected: on({ kind: 'quant', operator: 'eq', quantifier: null, value: ' padded ' }) },
    { input: 'not.eq.1', expected: on({ kind: 'quant', operator: 'eq', quantifier: null, value: '1' }, true) },
    { input: 'not.is.not_null', expected: on({ kind: 'is', value: 'not_null' }, true) },
    { input: 'eq(any).{1,2}', expected: on({ kind: 'quant', operator: 'eq', quantifier: 'any', value: '{1,2}' }) },
    {
      input: 'like(all).{a*,*b}',
      expected: on({ kind: 'quant', operator: 'like', quantifier: 'all', value: '{a*,*b}' }),
    },
    {
      input: 'not.gte(any).{1}',
      expected: on({ kind: 'quant', operator: 'gte', quantifier: 'any', value: '{1}' }, true),
    },
  ];
  for (const { input, expected } of cases) {
    it(input, () => assert.deepEqual(parseFilter('id', input, false), expected));
  }
});

describe('parseFilter: in lists', () => {
  const cases: ReadonlyArray<{ readonly input: string; readonly values: string[] }> = [
    { input: 'in.(1,2,3)', values: ['1', '2', '3'] },
    { input: 'in.()', values: [''] },
    { input: 'in.( ,3)', values: ['', '3'] },
    { input: 'in.( 1 , 2 )', values: ['1 ', ' 2 '] },
    { input: 'in.("a,b","c)d",e)', values: ['a,b', 'c)d', 'e'] },
    { input: 'in.("a\\"b","\\\\")', values: ['a"b', '\\'] },
    // Quotes not followed by `,` or `)` are literal text.
    { input: 'in.("a"b,c)', values: ['"a"b', 'c'] },
    // Text after the closing parenthesis is ignored, as PostgREST does.
    { input: 'in.(1)x', values: ['1'] },
    { input: "in.(';drop table t--,x)", values: ["';drop table t--", 'x'] },
  ];
  for (const { input, values } of cases) {
    it(input, () => assert.deepEqual(parseFilter('id', input, false), on({ kind: 'in', values })));
  }
  it('not.in.()', () =>
    assert.deepEqual(parseFilter('id', 'not.in.()', false), on({ kind: 'in', values: [''] }, true)));
});

describe('parseFilter: is', () => {
  const cases: ReadonlyArray<{ readonly input: string; readonly value: string }> = [
    { input: 'is.null', value: 'null' },
    { input: 'is.NULL', value: 'null' },
    { input: 'is.not_null', value: 'not_null' },
    { input: 'is.NoT_nUlL', value: 'not_null' },
    { input: 'is.true', value: 'true' },
    { input: 'is.FALSE', value: 'false' },
    { input: 'is.unknown', value: 'unknown' },
    // Trailing text is ignored, as PostgREST does.
    { input: 'is.true1', value: 'true' },
  ];
  for (const { input, value } of cases) {
    it(input, () => assert.deepEqual(parseFilter('id', input, false), on({ kind: 'is', value } as Operation)));
  }
});

describe('parseFilter: full-text search', () => {
  const cases: ReadonlyArray<{ readonly input: string; readonly expected: Operation }> = [
    { input: 'fts.cat', expected: { kind: 'fts', operator: 'fts', language: null, value: 'cat' } },
    {
      input: 'fts(english).cat & dog',
      expected: { kind: 'fts', operator: 'fts', language: 'english', value: 'cat & dog' },
    },
    { input: 'plfts(simple).a b', expected: { kind: 'fts', operator: 'plfts', language: 'simple', value: 'a b' } },
    { input: 'phfts.a', expected: { kind: 'fts', operator: 'phfts', language: null, value: 'a' } },
    { input: 'wfts(my lang).a', expected: { kind: 'fts', operator: 'wfts', language: 'my lang', value: 'a' } },
  ];
  for (const { input, expected } of cases) {
    it(input, () => assert.deepEqual(parseFilter('id', input, false), on(expected)));
  }
});

describe('parseFilter: keys', () => {
  const eq1: Operation = { kind: 'quant', operator: 'eq', quantifier: null, value: '1' };
  const cases: ReadonlyArray<{ readonly key: string; readonly expected: ParsedFilter }> = [
    { key: 'id', expected: on(eq1) },
    {
      key: 'roles.actors.first_name',
      expected: {
        kind: 'filter',
        path: ['roles', 'actors'],
        filter: { field: { name: 'first_name', jsonPath: [] }, negated: false, operation: eq1 },
      },
    },
    {
      key: 'data->a->>0',
      expected: {
        kind: 'filter',
        path: [],
        filter: {
          field: {
            name: 'data',
            jsonPath: [
              { arrow: '->', operand: { kind: 'key', key: 'a' } },
              { arrow: '->>', operand: { kind: 'index', index: '0' } },
            ],
          },
          negated: false,
          operation: eq1,
        },
      },
    },
    // A column named like a reserved word is filtered by quoting it in the key.
    {
      key: '"order"',
      expected: { ...on(eq1), filter: { field: { name: 'order', jsonPath: [] }, negated: false, operation: eq1 } },
    },
    {
      key: '"a.b"',
      expected: { ...on(eq1), filter: { field: { name: 'a.b', jsonPath: [] }, negated: false, operation: eq1 } },
    },
    // Text after the field is ignored (PostgREST's tree-path parser does not require the end).
    { key: 'id::int', expected: on(eq1) },
    {
      key: "x'; drop table t; --",
      expected: { ...on(eq1), filter: { field: { name: 'x', jsonPath: [] }, negated: false, operation: eq1 } },
    },
  ];
  for (const { key, expected } of cases) {
    it(key, () => assert.deepEqual(parseFilter(key, 'eq.1', false), expected));
  }
});

describe('parseFilter: GET RPC arguments', () => {
  const cases: ReadonlyArray<{ readonly key: string; readonly value: string; readonly expected: ParsedFilter }> = [
    { key: 'name', value: 'john', expected: { kind: 'argument', name: 'name', value: 'john' } },
    { key: 'name', value: 'eq', expected: { kind: 'argument', name: 'name', value: 'eq' } },
    { key: 'name', value: '', expected: { kind: 'argument', name: 'name', value: '' } },
    { key: 'a.b', value: 'x', expected: { kind: 'argument', name: 'b', value: 'x' } },
    { key: 'id', value: 'gt.2', expected: on({ kind: 'quant', operator: 'gt', quantifier: null, value: '2' }) },
  ];
  for (const { key, value, expected } of cases) {
    it(`${key}=${value}`, () => assert.deepEqual(parseFilter(key, value, true), expected));
  }
  it('a value that commits to an operator still fails', () => {
    assert.throws(() => parseFilter('a', 'not.x', true), {
      code: 'PGRST100',
      message: '"failed to parse filter (not.x)" (line 1, column 5)',
      details: 'unexpected "x" expecting operator (eq, gt, ...)',
    });
  });
});

describe('parseFilter: errors (PGRST100)', () => {
  const cases: ReadonlyArray<{
    readonly key: string;
    readonly value: string;
    readonly message: string;
    readonly details: string;
  }> = [
    {
      key: 'id',
      value: 'eq',
      message: '"failed to parse filter (eq)" (line 1, column 3)',
      details: 'unexpected end of input expecting operator (eq, gt, ...)',
    },
    {
      key: 'id',
      value: 'noop.1',
      message: '"failed to parse filter (noop.1)" (line 1, column 1)',
      details: 'unexpected "o" expecting "not" or operator (eq, gt, ...)',
    },
    {
      key: 'id',
      value: 'val',
      message: '"failed to parse filter (val)" (line 1, column 1)',
      details: 'unexpected "v" expecting "not" or operator (eq, gt, ...)',
    },
    {
      key: 'id',
      value: 'not.val',
      message: '"failed to parse filter (not.val)" (line 1, column 5)',
      details: 'unexpected "v" expecting operator (eq, gt, ...)',
    },
    {
      key: 'id',
      value: 'not',
      message: '"failed to parse filter (not)" (line 1, column 4)',
      details: 'unexpected end of input expecting delimiter (.)',
    },
    {
      key: 'id',
      value: 'eq(any.{1,2}',
      message: '"failed to parse filter (eq(any.{1,2})" (line 1, column 7)',
      details: 'unexpected "." expecting operator (eq, gt, ...)',
    },
    {
      key: 'id',
      value: 'eq(some).1',
      message: '"failed to parse filter (eq(some).1)" (line 1, column 4)',
      details: 'unexpected "s" expecting operator (eq, gt, ...)',
    },
    {
      key: 'id',
      value: 'eq().1',
      message: '"failed to parse filter (eq().1)" (line 1, column 4)',
      details: 'unexpected ")" expecting operator (eq, gt, ...)',
    },
    {
      key: 'id',
      value: 'in.(',
      message: '"failed to parse filter (in.()" (line 1, column 5)',
      details: 'unexpected end of input expecting "\\"", "," or ")"',
    },
    {
      key: 'id',
      value: 'in.1,2',
      message: '"failed to parse filter (in.1,2)" (line 1, column 4)',
      details: 'unexpected "1" expecting "("',
    },
    {
      key: 'id',
      value: 'in.(1,2',
      message: '"failed to parse filter (in.(1,2)" (line 1, column 8)',
      details: 'unexpected end of input expecting "," or ")"',
    },
    {
      key: 'id',
      value: 'is(any).null',
      message: '"failed to parse filter (is(any).null)" (line 1, column 3)',
      details: 'unexpected "(" expecting operator (eq, gt, ...)',
    },
    {
      key: 'id',
      value: 'isdistinct',
      message: '"failed to parse filter (isdistinct)" (line 1, column 11)',
      details: 'unexpected end of input expecting operator (eq, gt, ...)',
    },
    {
      key: 'id',
      value: 'fts(english.a',
      message: '"failed to parse filter (fts(english.a)" (line 1, column 12)',
      details: 'unexpected "." expecting operator (eq, gt, ...)',
    },
    {
      key: 'id',
      value: 'fts().a',
      message: '"failed to parse filter (fts().a)" (line 1, column 5)',
      details: 'unexpected ")" expecting operator (eq, gt, ...)',
    },
    {
      key: 'id',
      value: 'EQ.1',
      message: '"failed to parse filter (EQ.1)" (line 1, column 1)',
      details: 'unexpected "E" expecting "not" or operator (eq, gt, ...)',
    },
    {
      key: 'id',
      value: 'likee.1',
      message: '"failed to parse filter (likee.1)" (line 1, column 5)',
      details: 'unexpected "e" expecting operator (eq, gt, ...)',
    },
    {
      key: 'id',
      value: 'gtt.1',
      message: '"failed to parse filter (gtt.1)" (line 1, column 3)',
      details: 'unexpected "t" expecting operator (eq, gt, ...)',
    },
    {
      key: 'id',
      value: 'cs(any).{1}',
      message: '"failed to parse filter (cs(any).{1})" (line 1, column 3)',
      details: 'unexpected "(" expecting operator (eq, gt, ...)',
    },
    {
      key: 'id',
      value: 'in(any).(1)',
      message: '"failed to parse filter (in(any).(1))" (line 1, column 3)',
      details: 'unexpected "(" expecting operator (eq, gt, ...)',
    },
    {
      key: 'id',
      value: 'eq(any)1',
      message: '"failed to parse filter (eq(any)1)" (line 1, column 8)',
      details: 'unexpected "1" expecting operator (eq, gt, ...)',
    },
    {
      key: 'id',
      value: 'not.not.eq.1',
      message: '"failed to parse filter (not.not.eq.1)" (line 1, column 5)',
      details: 'unexpected "n" expecting operator (eq, gt, ...)',
    },
    {
      key: 'id',
      value: ' eq.1',
      message: '"failed to parse filter ( eq.1)" (line 1, column 1)',
      details: 'unexpected " " expecting "not" or operator (eq, gt, ...)',
    },
    {
      key: 'id',
      value: 'eq\n.1',
      message: '"failed to parse filter (eq\n.1)" (line 1, column 3)',
      details: 'unexpected "\\n" expecting operator (eq, gt, ...)',
    },
    {
      key: '.x',
      value: 'eq.1',
      message: '"failed to parse tree path (.x)" (line 1, column 1)',
      details: 'unexpected "." expecting field name (* or [a..z0..9_$])',
    },
    {
      key: 'x..y',
      value: 'eq.1',
      message: '"failed to parse tree path (x..y)" (line 1, column 3)',
      details: 'unexpected "." expecting field name (* or [a..z0..9_$])',
    },
    {
      key: 'data->',
      value: 'eq.1',
      message: '"failed to parse tree path (data->)" (line 1, column 7)',
      details: 'unexpected end of input expecting "-", digit or any non reserved character different from: .,>()',
    },
    {
      key: '"x',
      value: 'eq.1',
      message: '"failed to parse tree path ("x)" (line 1, column 3)',
      details: 'unexpected end of input expecting "\\\\" or "\\""',
    },
    {
      key: 'id',
      value: 'not.in.(',
      message: '"failed to parse filter (not.in.()" (line 1, column 9)',
      details: 'unexpected end of input expecting "\\"", "," or ")"',
    },
    {
      key: 'id',
      value: 'like',
      message: '"failed to parse filter (like)" (line 1, column 5)',
      details: 'unexpected end of input expecting operator (eq, gt, ...)',
    },
    {
      key: 'id',
      value: 'match',
      message: '"failed to parse filter (match)" (line 1, column 6)',
      details: 'unexpected end of input expecting operator (eq, gt, ...)',
    },
    {
      key: 'id',
      value: 'adj',
      message: '"failed to parse filter (adj)" (line 1, column 4)',
      details: 'unexpected end of input expecting operator (eq, gt, ...)',
    },
    {
      key: 'id',
      value: 'phfts(english',
      message: '"failed to parse filter (phfts(english)" (line 1, column 14)',
      details: 'unexpected end of input expecting operator (eq, gt, ...)',
    },
    {
      key: 'id',
      value: 'éq.1',
      message: '"failed to parse filter (éq.1)" (line 1, column 1)',
      details: 'unexpected "\\233" expecting "not" or operator (eq, gt, ...)',
    },
    {
      key: 'id',
      value: 'ne.1',
      message: '"failed to parse filter (ne.1)" (line 1, column 1)',
      details: 'unexpected "e" expecting "not" or operator (eq, gt, ...)',
    },
    {
      key: 'id',
      value: 'n',
      message: '"failed to parse filter (n)" (line 1, column 1)',
      details: 'unexpected end of input expecting "not" or operator (eq, gt, ...)',
    },
    // v16 wording (v12 said "null or trilean value (unknown, true, false)" and lacked not_null).
    {
      key: 'id',
      value: 'is.nil',
      message: '"failed to parse filter (is.nil)" (line 1, column 5)',
      details: 'unexpected "i" expecting isVal: (null, not_null, true, false, unknown)',
    },
    {
      key: 'id',
      value: 'is.',
      message: '"failed to parse filter (is.)" (line 1, column 4)',
      details: 'unexpected end of input expecting isVal: (null, not_null, true, false, unknown)',
    },
  ];
  for (const { key, value, message, details } of cases) {
    it(`${JSON.stringify(key)}=${JSON.stringify(value)}`, () => {
      assert.throws(() => parseFilter(key, value, false), {
        name: 'ApiRequestError',
        code: 'PGRST100',
        message,
        details,
      });
    });
  }
});
