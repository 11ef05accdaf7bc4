// order= grammar. Error texts were recorded from PostgREST 12.0.2 for the same inputs.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseOrder } from '../../../../src/request/parse/order.ts';
import type { Field, OrderTerm } from '../../../../src/request/types.ts';

const f = (name: string, jsonPath: Field['jsonPath'] = []): Field => ({ name, jsonPath });
const term = (
  name: string,
  direction: 'asc' | 'desc' | null = null,
  nulls: 'first' | 'last' | null = null,
): OrderTerm => ({
  kind: 'field',
  field: f(name),
  direction,
  nulls,
});

describe('parseOrder', () => {
  const cases: ReadonlyArray<{
    readonly key: string;
    readonly value: string;
    readonly path: string[];
    readonly terms: OrderTerm[];
  }> = [
    { key: 'order', value: 'id', path: [], terms: [term('id')] },
    { key: 'order', value: 'id.asc', path: [], terms: [term('id', 'asc')] },
    { key: 'order', value: 'id.desc', path: [], terms: [term('id', 'desc')] },
    { key: 'order', value: 'id.nullsfirst', path: [], terms: [term('id', null, 'first')] },
    { key: 'order', value: 'id.desc.nullslast', path: [], terms: [term('id', 'desc', 'last')] },
    {
      key: 'order',
      value: 'a,b.desc,c.asc.nullsfirst,d.nullslast',
      path: [],
      terms: [term('a'), term('b', 'desc'), term('c', 'asc', 'first'), term('d', null, 'last')],
    },
    { key: 'order', value: ' a .desc, b ', path: [], terms: [term('a', 'desc'), term('b')] },
    { key: 'order', value: 'full name.desc', path: [], terms: [term('full name', 'desc')] },
    { key: 'order', value: '"a.b".desc', path: [], terms: [term('a.b', 'desc')] },
    {
      key: 'order',
      value: 'data->>k.desc,data->0',
      path: [],
      terms: [
        {
          kind: 'field',
          field: f('data', [{ arrow: '->>', operand: { kind: 'key', key: 'k' } }]),
          direction: 'desc',
          nulls: null,
        },
        {
          kind: 'field',
          field: f('data', [{ arrow: '->', operand: { kind: 'index', index: '0' } }]),
          direction: null,
          nulls: null,
        },
      ],
    },
    {
      key: 'order',
      value: 'name,clients(name).desc.nullsfirst,id',
      path: [],
      terms: [
        term('name'),
        { kind: 'relation', relation: 'clients', field: f('name'), direction: 'desc', nulls: 'first' },
        term('id'),
      ],
    },
    {
      key: 'order',
      value: 'clients(data->k)',
      path: [],
      terms: [
        {
          kind: 'relation',
          relation: 'clients',
          field: f('data', [{ arrow: '->', operand: { kind: 'key', key: 'k' } }]),
          direction: null,
          nulls: null,
        },
      ],
    },
    { key: 'actors.order', value: 'name', path: ['actors'], terms: [term('name')] },
    { key: 'roles.actors.order', value: 'name.asc', path: ['roles', 'actors'], terms: [term('name', 'asc')] },
    { key: 'order', value: '"x; drop table t--".desc', path: [], terms: [term('x; drop table t--', 'desc')] },
  ];
  for (const { key, value, path, terms } of cases) {
    it(`${key}=${value}`, () => assert.deepEqual(parseOrder(key, value), { path, terms }));
  }
});

describe('parseOrder: errors (PGRST100)', () => {
  const cases: ReadonlyArray<{
    readonly key: string;
    readonly value: string;
    readonly message: string;
    readonly details: string;
  }> = [
    {
      key: 'order',
      value: 'id.ac',
      message: '"failed to parse order (id.ac)" (line 1, column 4)',
      details: 'unexpected "c" expecting "asc", "desc", "nullsfirst" or "nullslast"',
    },
    {
      key: 'order',
      value: 'id.descc',
      message: '"failed to parse order (id.descc)" (line 1, column 8)',
      details: 'unexpected \'c\' expecting delimiter (.), "," or end of input',
    },
    {
      key: 'order',
      value: 'id.nulsfist',
      message: '"failed to parse order (id.nulsfist)" (line 1, column 4)',
      details: 'unexpected "n" expecting "asc", "desc", "nullsfirst" or "nullslast"',
    },
    {
      key: 'order',
      value: 'id.nullslasttt',
      message: '"failed to parse order (id.nullslasttt)" (line 1, column 13)',
      details: 'unexpected \'t\' expecting "," or end of input',
    },
    {
      key: 'order',
      value: 'id.asc.nlsfst',
      message: '"failed to parse order (id.asc.nlsfst)" (line 1, column 8)',
      details: 'unexpected "l" expecting "nullsfirst" or "nullslast"',
    },
    {
      key: 'order',
      value: 'id.asc.nullslasttt',
      message: '"failed to parse order (id.asc.nullslasttt)" (line 1, column 17)',
      details: 'unexpected \'t\' expecting "," or end of input',
    },
    {
      key: 'order',
      value: 'c(name,id)',
      message: '"failed to parse order (c(name,id))" (line 1, column 2)',
      details: 'unexpected \'(\' expecting letter, digit, "-", "->>", "->", delimiter (.), "," or end of input',
    },
    {
      key: 'order',
      value: 'c(id',
      message: '"failed to parse order (c(id)" (line 1, column 2)',
      details: 'unexpected \'(\' expecting letter, digit, "-", "->>", "->", delimiter (.), "," or end of input',
    },
    {
      key: 'order',
      value: 'c()',
      message: '"failed to parse order (c())" (line 1, column 2)',
      details: 'unexpected \'(\' expecting letter, digit, "-", "->>", "->", delimiter (.), "," or end of input',
    },
    {
      key: 'order',
      value: '',
      message: '"failed to parse order ()" (line 1, column 1)',
      details: 'unexpected end of input expecting field name (* or [a..z0..9_$])',
    },
    {
      key: 'order',
      value: 'id,',
      message: '"failed to parse order (id,)" (line 1, column 4)',
      details: 'unexpected end of input expecting field name (* or [a..z0..9_$])',
    },
    {
      key: 'order',
      value: 'id.desc.asc',
      message: '"failed to parse order (id.desc.asc)" (line 1, column 9)',
      details: 'unexpected "a" expecting "nullsfirst" or "nullslast"',
    },
    {
      key: 'order',
      value: 'id.nullsfirst.desc',
      message: '"failed to parse order (id.nullsfirst.desc)" (line 1, column 14)',
      details: 'unexpected \'.\' expecting "," or end of input',
    },
    {
      key: 'order',
      value: 'id::int',
      message: '"failed to parse order (id::int)" (line 1, column 3)',
      details: 'unexpected \':\' expecting letter, digit, "-", "->>", "->", delimiter (.), "," or end of input',
    },
    {
      key: '.order',
      value: 'id',
      message: '"failed to parse tree path (.order)" (line 1, column 1)',
      details: 'unexpected "." expecting field name (* or [a..z0..9_$])',
    },
    {
      key: 'order',
      value: 'id;name',
      message: '"failed to parse order (id;name)" (line 1, column 3)',
      details: 'unexpected \';\' expecting letter, digit, "-", "->>", "->", delimiter (.), "," or end of input',
    },
    {
      key: 'order',
      value: 'a.desc nullsfirst',
      message: '"failed to parse order (a.desc nullsfirst)" (line 1, column 7)',
      details: 'unexpected \' \' expecting delimiter (.), "," or end of input',
    },
    {
      key: 'order',
      value: 'data->.desc',
      message: '"failed to parse order (data->.desc)" (line 1, column 7)',
      details: 'unexpected "." expecting "-", digit or any non reserved character different from: .,>()',
    },
    {
      key: 'order',
      value: 'c(id).x',
      message: '"failed to parse order (c(id).x)" (line 1, column 2)',
      details: 'unexpected \'(\' expecting letter, digit, "-", "->>", "->", delimiter (.), "," or end of input',
    },
  ];
  for (const { key, value, message, details } of cases) {
    it(`${key}=${value}`, () => {
      assert.throws(() => parseOrder(key, value), { name: 'ApiRequestError', code: 'PGRST100', message, details });
    });
  }
});
