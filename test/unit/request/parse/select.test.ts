// select= grammar. Error texts were recorded from PostgREST 12.0.2 (the oracle) for the same inputs.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSelect } from '../../../../src/request/parse/select.ts';
import type { Field, SelectItem } from '../../../../src/request/types.ts';

const fld = (name: string, jsonPath: Field['jsonPath'] = []): Field => ({ name, jsonPath });
type FieldItem = Extract<SelectItem, { kind: 'field' }>;
const col = (name: string, extra: Partial<FieldItem> = {}): FieldItem => ({
  kind: 'field',
  field: fld(name),
  alias: null,
  cast: null,
  aggregate: null,
  aggregateCast: null,
  ...extra,
});
const embed = (name: string, select: SelectItem[], extra: Partial<Extract<SelectItem, { kind: 'embed' }>> = {}) =>
  ({ kind: 'embed', name, alias: null, hint: null, joinType: null, select, ...extra }) as const;
const star = col('*');

describe('parseSelect: fields', () => {
  const cases: ReadonlyArray<{ readonly input: string; readonly expected: SelectItem[] }> = [
    { input: '', expected: [] },
    { input: '*', expected: [star] },
    { input: 'id,name', expected: [col('id'), col('name')] },
    { input: ' id , name ', expected: [col('id'), col('name')] },
    { input: 'id\t,\tname', expected: [col('id'), col('name')] },
    { input: 'full name', expected: [col('full name')] },
    { input: 'first-name', expected: [col('first-name')] },
    { input: 'a - b', expected: [col('a-b')] },
    { input: '$x_1', expected: [col('$x_1')] },
    { input: '123', expected: [col('123')] },
    { input: 'naéme,日本', expected: [col('naéme'), col('日本')] },
    { input: '"a.b(c),d:e"', expected: [col('a.b(c),d:e')] },
    { input: '"a\\"b\\\\c"', expected: [col('a"b\\c')] },
    { input: '" padded "', expected: [col(' padded ')] },
    { input: 'alias:id', expected: [col('id', { alias: 'alias' })] },
    { input: '"my alias":"my col"', expected: [col('my col', { alias: 'my alias' })] },
    { input: 'id::text', expected: [col('id', { cast: 'text' })] },
    { input: 'id::double precision', expected: [col('id', { cast: 'double precision' })] },
    { input: 'a:id::text', expected: [col('id', { alias: 'a', cast: 'text' })] },
    // A second cast without an aggregate is ignored, as PostgREST does.
    { input: 'id::text::int', expected: [col('id', { cast: 'text' })] },
    // Legacy `count` (no parentheses) is an ordinary column name.
    { input: 'count', expected: [col('count')] },
    // Parsing stops at an unexpected `)`, and PostgREST ignores the rest.
    { input: 'id,name)xyz', expected: [col('id'), col('name')] },
    { input: '*,*', expected: [star, star] },
  ];
  for (const { input, expected } of cases) {
    it(JSON.stringify(input), () => assert.deepEqual(parseSelect(input), expected));
  }
});

describe('parseSelect: JSON paths', () => {
  const cases: ReadonlyArray<{ readonly input: string; readonly expected: SelectItem[] }> = [
    {
      input: 'data->a->>b',
      expected: [
        {
          ...col('data'),
          field: fld('data', [
            { arrow: '->', operand: { kind: 'key', key: 'a' } },
            { arrow: '->>', operand: { kind: 'key', key: 'b' } },
          ]),
        },
      ],
    },
    {
      input: 'data->0,data->>-1',
      expected: [
        { ...col('data'), field: fld('data', [{ arrow: '->', operand: { kind: 'index', index: '0' } }]) },
        { ...col('data'), field: fld('data', [{ arrow: '->>', operand: { kind: 'index', index: '-1' } }]) },
      ],
    },
    {
      input: 'x:data->"a.b"->c d::int',
      expected: [
        {
          ...col('data', { alias: 'x', cast: 'int' }),
          field: fld('data', [
            { arrow: '->', operand: { kind: 'key', key: 'a.b' } },
            { arrow: '->', operand: { kind: 'key', key: 'c d' } },
          ]),
        },
      ],
    },
    {
      input: 'data->!@#$%^&*_a',
      expected: [
        { ...col('data'), field: fld('data', [{ arrow: '->', operand: { kind: 'key', key: '!@#$%^&*_a' } }]) },
      ],
    },
    {
      // An index must end at an arrow, a cast, a dot, a comma or the end; otherwise it is a key.
      input: 'data->1a',
      expected: [{ ...col('data'), field: fld('data', [{ arrow: '->', operand: { kind: 'key', key: '1a' } }]) }],
    },
    {
      input: 'data->a-b-c',
      expected: [{ ...col('data'), field: fld('data', [{ arrow: '->', operand: { kind: 'key', key: 'a-b-c' } }]) }],
    },
  ];
  for (const { input, expected } of cases) {
    it(input, () => assert.deepEqual(parseSelect(input), expected));
  }
});

describe('parseSelect: aggregates', () => {
  const cases: ReadonlyArray<{ readonly input: string; readonly expected: SelectItem[] }> = [
    { input: 'amount.sum()', expected: [col('amount', { aggregate: 'sum' })] },
    {
      input: 'amount.avg(),amount.max(),amount.min()',
      expected: [
        col('amount', { aggregate: 'avg' }),
        col('amount', { aggregate: 'max' }),
        col('amount', { aggregate: 'min' }),
      ],
    },
    { input: 'id.count()', expected: [col('id', { aggregate: 'count' })] },
    { input: 'count()', expected: [col('*', { aggregate: 'count' })] },
    { input: 'total:count()::int', expected: [col('*', { alias: 'total', aggregate: 'count', aggregateCast: 'int' })] },
    // cast is the cast of the aggregate's input, aggregateCast the cast of its result.
    {
      input: 's:amount::int.sum()::text',
      expected: [col('amount', { alias: 's', aggregate: 'sum', cast: 'int', aggregateCast: 'text' })],
    },
    { input: 'amount.sum()::text', expected: [col('amount', { aggregate: 'sum', aggregateCast: 'text' })] },
    {
      input: 'data->a.sum()',
      expected: [
        {
          ...col('data', { aggregate: 'sum' }),
          field: fld('data', [{ arrow: '->', operand: { kind: 'key', key: 'a' } }]),
        },
      ],
    },
  ];
  for (const { input, expected } of cases) {
    it(input, () => assert.deepEqual(parseSelect(input), expected));
  }
});

describe('parseSelect: embeds and spreads', () => {
  const cases: ReadonlyArray<{ readonly input: string; readonly expected: SelectItem[] }> = [
    { input: 'clients(*)', expected: [embed('clients', [star])] },
    { input: 'clients()', expected: [embed('clients', [])] },
    { input: 'c:clients(id)', expected: [embed('clients', [col('id')], { alias: 'c' })] },
    { input: 'clients!inner(*)', expected: [embed('clients', [star], { joinType: 'inner' })] },
    { input: 'clients!left(*)', expected: [embed('clients', [star], { joinType: 'left' })] },
    { input: 'clients!fk_c(*)', expected: [embed('clients', [star], { hint: 'fk_c' })] },
    { input: 'clients!fk_c!inner(*)', expected: [embed('clients', [star], { hint: 'fk_c', joinType: 'inner' })] },
    {
      input: 'a:clients!inner!fk_c(*)',
      expected: [embed('clients', [star], { alias: 'a', hint: 'fk_c', joinType: 'inner' })],
    },
    { input: 'clients!"fk.c"(*)', expected: [embed('clients', [star], { hint: 'fk.c' })] },
    // A second hint is ignored; the first one wins.
    { input: 'clients!a!b(*)', expected: [embed('clients', [star], { hint: 'a' })] },
    { input: ' clients ( id , name )', expected: [embed('clients', [col('id'), col('name')])] },
    {
      input: '*,clients(*,projects(id,tasks!inner(name)))',
      expected: [
        star,
        embed('clients', [star, embed('projects', [col('id'), embed('tasks', [col('name')], { joinType: 'inner' })])]),
      ],
    },
    { input: 'projects(count)', expected: [embed('projects', [col('count')])] },
    { input: 'projects(count())', expected: [embed('projects', [col('*', { aggregate: 'count' })])] },
    {
      input: '...clients(name)',
      expected: [{ kind: 'spread', name: 'clients', hint: null, joinType: null, select: [col('name')] }],
    },
    {
      input: 'id,...clients!fk!inner(*)',
      expected: [col('id'), { kind: 'spread', name: 'clients', hint: 'fk', joinType: 'inner', select: [star] }],
    },
  ];
  for (const { input, expected } of cases) {
    it(input, () => assert.deepEqual(parseSelect(input), expected));
  }
});

describe('parseSelect: injection-looking input stays names', () => {
  const cases: ReadonlyArray<{ readonly input: string; readonly expected: SelectItem[] }> = [
    { input: '"id; drop table t; --"', expected: [col('id; drop table t; --')] },
    { input: `"a'b"`, expected: [col("a'b")] },
    { input: '"x\\" or 1=1 --"', expected: [col('x" or 1=1 --')] },
    { input: '"\u0000\u2028"', expected: [col('\u0000\u2028')] },
    {
      input: "data->'; drop",
      expected: [{ ...col('data'), field: fld('data', [{ arrow: '->', operand: { kind: 'key', key: "'; drop" } }]) }],
    },
  ];
  for (const { input, expected } of cases) {
    it(JSON.stringify(input), () => assert.deepEqual(parseSelect(input), expected));
  }
});

describe('parseSelect: errors (PGRST100)', () => {
  const cases: ReadonlyArray<{ readonly input: string; readonly message: string; readonly details: string }> = [
    {
      input: 'id.x',
      message: '"failed to parse select parameter (id.x)" (line 1, column 4)',
      details: 'unexpected "x" expecting "sum", "avg", "count", "max" or "min"',
    },
    {
      input: 'id,clients(name[])',
      message: '"failed to parse select parameter (id,clients(name[]))" (line 1, column 16)',
      details: 'unexpected \'[\' expecting letter, digit, "-", "->>", "->", "::", ".", ")", "," or end of input',
    },
    {
      input: 'data->>-78xy',
      message: '"failed to parse select parameter (data->>-78xy)" (line 1, column 11)',
      details: 'unexpected \'x\' expecting digit, "->", "::", ".", "," or end of input',
    },
    {
      input: 'data->>--34',
      message: '"failed to parse select parameter (data->>--34)" (line 1, column 9)',
      details: 'unexpected "-" expecting digit',
    },
    {
      input: 'name!hint',
      message: '"failed to parse select parameter (name!hint)" (line 1, column 5)',
      details: 'unexpected \'!\' expecting letter, digit, "-", "->>", "->", "::", ".", ")", "," or end of input',
    },
    {
      input: 'name::',
      message: '"failed to parse select parameter (name::)" (line 1, column 7)',
      details: 'unexpected end of input expecting letter or digit',
    },
    {
      input: 'rel->jsonpath(*)',
      message: '"failed to parse select parameter (rel->jsonpath(*))" (line 1, column 14)',
      details: 'unexpected \'(\' expecting "-", "->>", "->", "::", ".", ")", "," or end of input',
    },
    {
      input: 'id,',
      message: '"failed to parse select parameter (id,)" (line 1, column 4)',
      details: 'unexpected end of input expecting "...", field name (* or [a..z0..9_$]), "*" or "count()"',
    },
    {
      input: 'a:b:c',
      message: '"failed to parse select parameter (a:b:c)" (line 1, column 4)',
      details: 'unexpected "c" expecting "::"',
    },
    {
      input: 'id.max(',
      message: '"failed to parse select parameter (id.max()" (line 1, column 7)',
      details: 'unexpected end of input expecting "()"',
    },
    {
      input: 'id.mix()',
      message: '"failed to parse select parameter (id.mix())" (line 1, column 4)',
      details: 'unexpected "m" expecting "sum", "avg", "count", "max" or "min"',
    },
    {
      input: '*,c(*',
      message: '"failed to parse select parameter (*,c(*)" (line 1, column 6)',
      details: 'unexpected end of input expecting ")", "," or end of input',
    },
    {
      input: '*,c(id,',
      message: '"failed to parse select parameter (*,c(id,)" (line 1, column 8)',
      details: 'unexpected end of input expecting "...", field name (* or [a..z0..9_$]), "*" or "count()"',
    },
    {
      input: '*,al:...c(*)',
      message: '"failed to parse select parameter (*,al:...c(*))" (line 1, column 6)',
      details: 'unexpected "." expecting ":" or field name (* or [a..z0..9_$])',
    },
    {
      input: '"id',
      message: '"failed to parse select parameter ("id)" (line 1, column 4)',
      details: 'unexpected end of input expecting "\\\\" or "\\""',
    },
    {
      input: 'id->',
      message: '"failed to parse select parameter (id->)" (line 1, column 5)',
      details: 'unexpected end of input expecting "-", digit or any non reserved character different from: .,>()',
    },
    {
      input: 'data::int[]',
      message: '"failed to parse select parameter (data::int[])" (line 1, column 10)',
      details: 'unexpected \'[\' expecting letter, digit, ".", "::", ")", "," or end of input',
    },
    {
      input: 'id:',
      message: '"failed to parse select parameter (id:)" (line 1, column 4)',
      details: 'unexpected end of input expecting ":" or field name (* or [a..z0..9_$])',
    },
    {
      input: '*,c!(*)',
      message: '"failed to parse select parameter (*,c!(*))" (line 1, column 4)',
      details: 'unexpected \'!\' expecting letter, digit, "-", "->>", "->", "::", ".", ")", "," or end of input',
    },
    {
      input: 'count()x',
      message: '"failed to parse select parameter (count()x)" (line 1, column 6)',
      details: 'unexpected \'(\' expecting letter, digit, "-", "->>", "->", "::", ".", ")", "," or end of input',
    },
    {
      input: 'id\tx',
      message: '"failed to parse select parameter (id\tx)" (line 1, column 9)',
      details: 'unexpected \'x\' expecting "::", ".", ")", "," or end of input',
    },
    {
      input: '\t\tid.x',
      message: '"failed to parse select parameter (\t\tid.x)" (line 1, column 20)',
      details: 'unexpected "x" expecting "sum", "avg", "count", "max" or "min"',
    },
    {
      input: '"a\n\tb".x',
      message: '"failed to parse select parameter ("a\n\tb".x)" (line 2, column 12)',
      details: 'unexpected "x" expecting "sum", "avg", "count", "max" or "min"',
    },
    {
      input: 'naéme.x',
      message: '"failed to parse select parameter (naéme.x)" (line 1, column 7)',
      details: 'unexpected "x" expecting "sum", "avg", "count", "max" or "min"',
    },
    {
      input: 'id.\u0001',
      message: '"failed to parse select parameter (id.\u0001)" (line 1, column 4)',
      details: 'unexpected "\\SOH" expecting "sum", "avg", "count", "max" or "min"',
    },
    {
      input: 'id.',
      message: '"failed to parse select parameter (id.)" (line 1, column 4)',
      details: 'unexpected "\\DEL" expecting "sum", "avg", "count", "max" or "min"',
    },
    {
      input: 'id. ',
      message: '"failed to parse select parameter (id. )" (line 1, column 4)',
      details: 'unexpected "\\160" expecting "sum", "avg", "count", "max" or "min"',
    },
    {
      input: 'id.é',
      message: '"failed to parse select parameter (id.é)" (line 1, column 4)',
      details: 'unexpected "\\233" expecting "sum", "avg", "count", "max" or "min"',
    },
    {
      input: 'id.\u000e',
      message: '"failed to parse select parameter (id.\u000e)" (line 1, column 4)',
      details: 'unexpected "\\SO" expecting "sum", "avg", "count", "max" or "min"',
    },
    {
      input: 'id.\\',
      message: '"failed to parse select parameter (id.\\)" (line 1, column 4)',
      details: 'unexpected "\\\\" expecting "sum", "avg", "count", "max" or "min"',
    },
    {
      input: 'id."',
      message: '"failed to parse select parameter (id.")" (line 1, column 4)',
      details: 'unexpected "\\"" expecting "sum", "avg", "count", "max" or "min"',
    },
    {
      input: "id.'",
      message: '"failed to parse select parameter (id.\')" (line 1, column 4)',
      details: 'unexpected "\'" expecting "sum", "avg", "count", "max" or "min"',
    },
    {
      input: 'id\nx',
      message: '"failed to parse select parameter (id\nx)" (line 1, column 3)',
      details: 'unexpected \'\\n\' expecting letter, digit, "-", "->>", "->", "::", ".", ")", "," or end of input',
    },
    {
      input: 'id.😀',
      message: '"failed to parse select parameter (id.😀)" (line 1, column 4)',
      details: 'unexpected "\\128512" expecting "sum", "avg", "count", "max" or "min"',
    },
    {
      input: 'id;drop table t',
      message: '"failed to parse select parameter (id;drop table t)" (line 1, column 3)',
      details: 'unexpected \';\' expecting letter, digit, "-", "->>", "->", "::", ".", ")", "," or end of input',
    },
    {
      input: "id'--",
      message: '"failed to parse select parameter (id\'--)" (line 1, column 3)',
      details: 'unexpected \'\\\'\' expecting letter, digit, "-", "->>", "->", "::", ".", ")", "," or end of input',
    },
    {
      input: 'x::text; drop',
      message: '"failed to parse select parameter (x::text; drop)" (line 1, column 8)',
      details: 'unexpected \';\' expecting letter, digit, ".", "::", ")", "," or end of input',
    },
    {
      input: 'clients!leftover(*)',
      message: '"failed to parse select parameter (clients!leftover(*))" (line 1, column 8)',
      details: 'unexpected \'!\' expecting letter, digit, "-", "->>", "->", "::", ".", ")", "," or end of input',
    },
    // Parsec's sepBy drops the last dash part's expectations; a name without a dash keeps them.
    {
      input: 'a-b!',
      message: '"failed to parse select parameter (a-b!)" (line 1, column 4)',
      details: 'unexpected \'!\' expecting "-", "->>", "->", "::", ".", ")", "," or end of input',
    },
    {
      input: 'ab!',
      message: '"failed to parse select parameter (ab!)" (line 1, column 3)',
      details: 'unexpected \'!\' expecting letter, digit, "-", "->>", "->", "::", ".", ")", "," or end of input',
    },
    // Blanks after an embed's `)` are not skipped.
    {
      input: ' c ( id , label ) ',
      message: '"failed to parse select parameter ( c ( id , label ) )" (line 1, column 19)',
      details: 'unexpected end of input expecting ","',
    },
  ];
  for (const { input, message, details } of cases) {
    it(JSON.stringify(input), () => {
      assert.throws(() => parseSelect(input), { name: 'ApiRequestError', code: 'PGRST100', message, details });
    });
  }
});
