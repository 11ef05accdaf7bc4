// Query string → QueryParams: classification, decoding, ranges, canonical form. The canonical
// strings are PostgREST 12.0.2's Content-Location headers for the same query strings.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseQueryParams } from '../../../src/request/query-params.ts';
import type { Filter, Range, SelectItem } from '../../../src/request/types.ts';

const read = (query: string) => parseQueryParams(query, { isRpcRead: false });
const col = (name: string): SelectItem => ({
  kind: 'field',
  field: { name, jsonPath: [] },
  alias: null,
  cast: null,
  aggregate: null,
  aggregateCast: null,
});
const eqFilter = (name: string, value: string): Filter => ({
  field: { name, jsonPath: [] },
  negated: false,
  operation: { kind: 'quant', operator: 'eq', quantifier: null, value },
});

describe('parseQueryParams: classification', () => {
  it('defaults: select is *, nothing else', () => {
    assert.deepEqual(read(''), {
      canonical: '',
      select: [col('*')],
      filters: [],
      logic: [],
      order: [],
      ranges: new Map(),
      columns: null,
      onConflict: null,
      routineArgs: [],
    });
  });

  it('sorts each key into its parser', () => {
    const q = read(
      'select=id&id=eq.1&c.name=eq.x&order=id&c.order=name&or=(id.eq.1)&c.not.and=(a.eq.1)&limit=1&c.offset=2',
    );
    assert.deepEqual(q.select, [col('id')]);
    assert.deepEqual(q.filters, [
      { path: [], filter: eqFilter('id', '1') },
      { path: ['c'], filter: eqFilter('name', 'x') },
    ]);
    assert.deepEqual(
      q.order.map((o) => o.path),
      [[], ['c']],
    );
    assert.deepEqual(
      q.logic.map((l) => [l.path, l.tree.kind === 'expr' ? l.tree.negated : null]),
      [
        [[], false],
        [['c'], true],
      ],
    );
    assert.deepEqual([...q.ranges.keys()], ['', 'c']);
  });

  it('a reserved word is a column when quoted in the key', () => {
    assert.deepEqual(read('"order"=eq.1&"limit"=eq.2').filters, [
      { path: [], filter: eqFilter('order', '1') },
      { path: [], filter: eqFilter('limit', '2') },
    ]);
  });

  it('embed.select is a filter on a column named select', () => {
    assert.deepEqual(read('c.select=eq.1').filters, [{ path: ['c'], filter: eqFilter('select', '1') }]);
  });

  it('the first select, columns and on_conflict win; a key without = hides later ones', () => {
    const q = read('select=id&select=name&columns=a&columns=b&on_conflict=x&on_conflict=y');
    assert.deepEqual([q.select, q.columns, q.onConflict], [[col('id')], ['a'], ['x']]);
    assert.deepEqual(read('select&select=name').select, [col('*')]);
  });

  it('keys without = are ignored, empty values are not', () => {
    assert.deepEqual(read('id&limit&order').filters, []);
    assert.throws(() => read('id='), { code: 'PGRST100', message: '"failed to parse filter ()" (line 1, column 1)' });
  });

  it('repeated filters are all kept', () => {
    assert.deepEqual(read('id=gt.1&id=lt.5').filters.length, 2);
  });

  it('columns: deduplicated and sorted (PostgREST keeps a Set); on_conflict as given', () => {
    const q = read('columns=b,a,"c d",a&on_conflict=y, x');
    assert.deepEqual(q.columns, ['a', 'b', 'c d']);
    assert.deepEqual(q.onConflict, ['y', 'x']);
  });

  it('GET RPC: values that are not operator expressions are arguments', () => {
    const q = parseQueryParams('a=1&b=eq.2&a=x&c.d=y&select=id', { isRpcRead: true });
    assert.deepEqual(q.routineArgs, [
      ['a', '1'],
      ['a', 'x'],
      ['d', 'y'],
    ]);
    assert.deepEqual(q.filters, [{ path: [], filter: eqFilter('b', '2') }]);
    assert.throws(() => read('a=1'), { code: 'PGRST100', message: '"failed to parse filter (1)" (line 1, column 1)' });
  });
});

describe('parseQueryParams: decoding', () => {
  const cases: ReadonlyArray<{ readonly query: string; readonly value: string }> = [
    { query: 'name=eq.a+b', value: 'a b' },
    { query: 'name=eq.a%2Bb', value: 'a+b' },
    { query: 'name=eq.%C3%A9', value: 'é' },
    { query: 'name=eq.%e2%82%ac', value: '€' },
    { query: 'name=eq.%ZZ%2', value: '%ZZ%2' },
    { query: 'name=eq.a=b', value: 'a=b' },
    { query: 'name=eq.%00', value: '\u0000' },
    // Invalid UTF-8 becomes U+FFFD (PostgREST answers 500 "Something went wrong").
    { query: 'name=eq.%FF', value: '\ufffd' },
    { query: "name=eq.';drop table t;--", value: "'" },
    { query: 'name=eq.%27%3Bdrop%20table%20t%3B--', value: "';drop table t;--" },
  ];
  for (const { query, value } of cases) {
    it(query, () => {
      const [first] = read(query).filters;
      assert.equal(first?.filter.operation.kind === 'quant' ? first.filter.operation.value : null, value);
    });
  }

  it('; separates parameters, like &', () => {
    const q = read('select=id;name=eq.x');
    assert.deepEqual(q.select, [col('id')]);
    assert.deepEqual(q.filters, [{ path: [], filter: eqFilter('name', 'x') }]);
  });

  it('a second ? belongs to the first key', () => {
    assert.throws(() => read('?id=eq.1'), {
      code: 'PGRST100',
      message: '"failed to parse tree path (?id)" (line 1, column 1)',
      details: 'unexpected "?" expecting field name (* or [a..z0..9_$])',
    });
  });
});

describe('parseQueryParams: limit and offset', () => {
  const cases: ReadonlyArray<{ readonly query: string; readonly expected: ReadonlyArray<readonly [string, Range]> }> = [
    { query: 'limit=10', expected: [['', { offset: 0, limit: 10 }]] },
    { query: 'offset=5', expected: [['', { offset: 5, limit: null }]] },
    { query: 'limit=2&offset=3', expected: [['', { offset: 3, limit: 2 }]] },
    { query: 'offset=3&limit=2', expected: [['', { offset: 3, limit: 2 }]] },
    { query: 'limit=1&limit=2', expected: [['', { offset: 0, limit: 2 }]] },
    { query: 'limit=(0x2)', expected: [['', { offset: 0, limit: 2 }]] },
    { query: 'limit=-1', expected: [['', { offset: 0, limit: -1 }]] },
    { query: 'offset=-1', expected: [['', { offset: -1, limit: null }]] },
    // An unreadable number is ignored, but next to an offset an unreadable limit counts as 0.
    { query: 'limit=abc', expected: [['', { offset: 0, limit: null }]] },
    { query: 'limit=', expected: [['', { offset: 0, limit: null }]] },
    { query: 'limit=abc&offset=1', expected: [['', { offset: 1, limit: 0 }]] },
    { query: 'offset=abc&limit=2', expected: [['', { offset: 0, limit: 2 }]] },
    { query: 'limit', expected: [] },
    {
      query: 'actors.limit=2&actors.offset=1&roles.actors.offset=3',
      expected: [
        ['actors', { offset: 1, limit: 2 }],
        ['roles\u0000actors', { offset: 3, limit: null }],
      ],
    },
  ];
  for (const { query, expected } of cases) {
    it(query, () => assert.deepEqual([...read(query).ranges], expected));
  }

  it('an unparsable embed path in a limit/offset key is PGRST100, named after its limit key', () => {
    assert.throws(() => read('.offset=1'), {
      code: 'PGRST100',
      message: '"failed to parse tree path (.limit)" (line 1, column 1)',
      details: 'unexpected "." expecting field name (* or [a..z0..9_$])',
    });
  });
});

describe('parseQueryParams: canonical (Content-Location)', () => {
  const cases: ReadonlyArray<{ readonly query: string; readonly canonical: string }> = [
    { query: '', canonical: '' },
    { query: 'select=id,name&name=eq.one&id=gt.0', canonical: 'id=gt.0&name=eq.one&select=id%2Cname' },
    { query: 'id=gt.0&id=lt.5&select=id', canonical: 'id=gt.0,lt.5&select=id' },
    { query: 'select=id&name=eq.one&%6Eame=eq.one', canonical: 'name=eq.one,eq.one&select=id' },
    { query: 'select=id&d', canonical: 'd=&select=id' },
    { query: 'select=id&&x', canonical: '=&select=id&x=' },
    { query: 'select=id;name=eq.one', canonical: 'name=eq.one&select=id' },
    { query: 'select=id&name=eq.a+b', canonical: 'name=eq.a%20b&select=id' },
    { query: "select=id&name=eq.~-_.!*'()", canonical: 'name=eq.~-_.%21%2A%27%28%29&select=id' },
    { query: 'select=id&name=eq.%7e%2d', canonical: 'name=eq.~-&select=id' },
    { query: 'select=id&name=eq.%ZZ', canonical: 'name=eq.%25ZZ&select=id' },
    { query: 'select=id&name=eq.a=b=c', canonical: 'name=eq.a%3Db%3Dc&select=id' },
    { query: 'select=id&name=eq.%00', canonical: 'name=eq.%00&select=id' },
    // PostgREST re-encodes each byte above 0x7f as the UTF-8 of that Latin-1 character.
    { query: 'select=id&name=like.*n%C3%A9*', canonical: 'name=like.%2An%C3%83%C2%A9%2A&select=id' },
    { query: 'select=id&name=eq.%F0%9F%98%80', canonical: 'name=eq.%C3%B0%C2%9F%C2%98%C2%80&select=id' },
    {
      query: 'select=id&name=in.(one,%22t%20w%22)&order=id.desc',
      canonical: 'name=in.%28one%2C%22t%20w%22%29&order=id.desc&select=id',
    },
    { query: 'select=id&limit=1&limit=2', canonical: 'limit=1,2&select=id' },
    { query: 'b=eq.1&B=eq.1&a=eq.1&_=eq.1', canonical: 'B=eq.1&_=eq.1&a=eq.1&b=eq.1' },
  ];
  for (const { query, canonical } of cases) {
    it(query === '' ? '(empty)' : query, () => assert.equal(read(query).canonical, canonical));
  }
});

describe('parseQueryParams: which error comes first', () => {
  // PostgREST checks order, logic trees, columns, select, filters, on_conflict, in that sequence.
  const cases: ReadonlyArray<{ readonly query: string; readonly message: string }> = [
    { query: 'select=id.x&order=id.x', message: '"failed to parse order (id.x)" (line 1, column 4)' },
    { query: 'order=id.x&or=(x)', message: '"failed to parse order (id.x)" (line 1, column 4)' },
    { query: 'select=id.x&or=(x)', message: '"failed to parse logic tree ((x))" (line 1, column 5)' },
    { query: 'select=id.x&columns=,', message: '"failed to parse columns parameter (,)" (line 1, column 1)' },
    { query: 'id=x&select=id.x', message: '"failed to parse select parameter (id.x)" (line 1, column 4)' },
    { query: 'on_conflict=,&id=x', message: '"failed to parse filter (x)" (line 1, column 1)' },
    { query: 'on_conflict=,&.limit=1', message: '"failed to parse on_conflict parameter (,)" (line 1, column 1)' },
  ];
  for (const { query, message } of cases) {
    it(query, () => assert.throws(() => read(query), { code: 'PGRST100', message }));
  }
});
