// Logic trees: `or=(…)`, `and=(…)`, `not.or=(…)`, `embed.or=(…)`. Error texts were recorded from
// PostgREST 12.0.2 for the same inputs (their columns count the operator prepended to the value).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLogicTree } from '../../../../src/request/parse/logic-tree.ts';
import type { Field, LogicTree, Operation } from '../../../../src/request/types.ts';

const field = (name: string, jsonPath: Field['jsonPath'] = []): Field => ({ name, jsonPath });
const eq = (name: string, value: string, negated = false): LogicTree => ({
  kind: 'filter',
  filter: { field: field(name), negated, operation: { kind: 'quant', operator: 'eq', quantifier: null, value } },
});
const leaf = (name: string, operation: Operation): LogicTree => ({
  kind: 'filter',
  filter: { field: field(name), negated: false, operation },
});
const or = (...children: LogicTree[]): LogicTree => ({ kind: 'expr', negated: false, operator: 'or', children });
const and = (...children: LogicTree[]): LogicTree => ({ kind: 'expr', negated: false, operator: 'and', children });
const not = (t: LogicTree): LogicTree => (t.kind === 'expr' ? { ...t, negated: true } : t);

describe('parseLogicTree', () => {
  const cases: ReadonlyArray<{
    readonly key: string;
    readonly value: string;
    readonly path: string[];
    readonly tree: LogicTree;
  }> = [
    { key: 'or', value: '(a.eq.1,b.eq.2)', path: [], tree: or(eq('a', '1'), eq('b', '2')) },
    { key: 'and', value: '(a.eq.1)', path: [], tree: and(eq('a', '1')) },
    { key: 'not.or', value: '(a.eq.1,b.eq.2)', path: [], tree: not(or(eq('a', '1'), eq('b', '2'))) },
    { key: 'not.and', value: '(a.eq.1)', path: [], tree: not(and(eq('a', '1'))) },
    { key: 'clients.or', value: '(a.eq.1)', path: ['clients'], tree: or(eq('a', '1')) },
    { key: 'clients.projects.not.and', value: '(a.eq.1)', path: ['clients', 'projects'], tree: not(and(eq('a', '1'))) },
    // A `not` segment anywhere in the key negates the tree.
    { key: 'not.clients.or', value: '(a.eq.1)', path: ['clients'], tree: not(or(eq('a', '1'))) },
    {
      key: 'or',
      value: '(a.eq.1,and(b.gt.2,not.or(c.is.null,d.in.(1,2))))',
      path: [],
      tree: or(
        eq('a', '1'),
        and(
          leaf('b', { kind: 'quant', operator: 'gt', quantifier: null, value: '2' }),
          not(or(leaf('c', { kind: 'is', value: 'null' }), leaf('d', { kind: 'in', values: ['1', '2'] }))),
        ),
      ),
    },
    { key: 'or', value: '( a.eq.1 , b.eq.2 )', path: [], tree: or(eq('a', '1 '), eq('b', '2 ')) },
    { key: 'or', value: '(a.not.eq.1)', path: [], tree: or(eq('a', '1', true)) },
    { key: 'or', value: '(a.eq.)', path: [], tree: or(eq('a', '')) },
    // Values: quoted (commas, parentheses and escaped quotes inside), {…} literals, plain text.
    { key: 'or', value: '(a.eq."x,y)",b.eq."q\\"q")', path: [], tree: or(eq('a', 'x,y)'), eq('b', 'q"q')) },
    { key: 'or', value: '(a.eq."x"y)', path: [], tree: or(eq('a', '"x"y')) },
    { key: 'or', value: '(a.eq."x)', path: [], tree: or(eq('a', '"x')) },
    {
      key: 'or',
      value: '(tags.cs.{a,b},tags.ov.{"c,d"})',
      path: [],
      tree: or(
        leaf('tags', { kind: 'simple', operator: 'cs', value: '{a,b}' }),
        leaf('tags', { kind: 'simple', operator: 'ov', value: '{"c,d"}' }),
      ),
    },
    {
      key: 'or',
      value: '(a.eq(any).{1,2},b.fts(english).x y,data->>k.like.*z*)',
      path: [],
      tree: or(
        leaf('a', { kind: 'quant', operator: 'eq', quantifier: 'any', value: '{1,2}' }),
        leaf('b', { kind: 'fts', operator: 'fts', language: 'english', value: 'x y' }),
        {
          kind: 'filter',
          filter: {
            field: field('data', [{ arrow: '->>', operand: { kind: 'key', key: 'k' } }]),
            negated: false,
            operation: { kind: 'quant', operator: 'like', quantifier: null, value: '*z*' },
          },
        },
      ),
    },
    {
      key: 'or',
      value: '(rel.is.null,rel.not.is.null)',
      path: [],
      tree: or(leaf('rel', { kind: 'is', value: 'null' }), {
        kind: 'filter',
        filter: { field: field('rel'), negated: true, operation: { kind: 'is', value: 'null' } },
      }),
    },
    // Trailing text after the tree is ignored, as PostgREST does.
    { key: 'or', value: '(a.eq.1)x', path: [], tree: or(eq('a', '1')) },
    // `or=.eq.1` reads as a filter on a column named `or`.
    { key: 'or', value: '.eq.1', path: [], tree: eq('or', '1') },
    // Injection-looking values are just values.
    {
      key: 'or',
      value: "(a.eq.';drop table t--,b.eq.\u00e9\u0000)",
      path: [],
      tree: or(eq('a', "';drop table t--"), eq('b', '\u00e9\u0000')),
    },
  ];
  for (const { key, value, path, tree } of cases) {
    it(JSON.stringify(`${key}=${value}`), () => assert.deepEqual(parseLogicTree(key, value), { path, tree }));
  }
});

describe('parseLogicTree: errors (PGRST100)', () => {
  const cases: ReadonlyArray<{
    readonly key: string;
    readonly value: string;
    readonly message: string;
    readonly details: string;
  }> = [
    {
      key: 'or',
      value: '()',
      message: '"failed to parse logic tree (())" (line 1, column 4)',
      details:
        'unexpected ")" expecting field name (* or [a..z0..9_$]), negation operator (not) or logic operator (and, or)',
    },
    {
      key: 'or',
      value: '(id.in.1,2,id.eq.3)',
      message: '"failed to parse logic tree ((id.in.1,2,id.eq.3))" (line 1, column 10)',
      details: 'unexpected "1" expecting "("',
    },
    {
      key: 'or',
      value: ')(',
      message: '"failed to parse logic tree ()()" (line 1, column 3)',
      details: 'unexpected ")" expecting "("',
    },
    {
      key: 'and',
      value: '(ord(id.eq.1,id.eq.1),id.eq.2)',
      message: '"failed to parse logic tree ((ord(id.eq.1,id.eq.1),id.eq.2))" (line 1, column 7)',
      details: 'unexpected "d" expecting "("',
    },
    {
      key: 'or',
      value: '(id.eq.1,not.xor(id.eq.2,id.eq.3))',
      message: '"failed to parse logic tree ((id.eq.1,not.xor(id.eq.2,id.eq.3)))" (line 1, column 16)',
      details: 'unexpected "x" expecting logic operator (and, or)',
    },
    {
      key: 'or',
      value: '(id.eq.1',
      message: '"failed to parse logic tree ((id.eq.1)" (line 1, column 11)',
      details: 'unexpected end of input expecting "," or ")"',
    },
    {
      key: 'or',
      value: '(id.eq.1,)',
      message: '"failed to parse logic tree ((id.eq.1,))" (line 1, column 12)',
      details:
        'unexpected ")" expecting field name (* or [a..z0..9_$]), negation operator (not) or logic operator (and, or)',
    },
    {
      key: 'or',
      value: '(id.eq)',
      message: '"failed to parse logic tree ((id.eq))" (line 1, column 9)',
      details: 'unexpected ")" expecting operator (eq, gt, ...)',
    },
    {
      key: 'or',
      value: '(id.noop.1)',
      message: '"failed to parse logic tree ((id.noop.1))" (line 1, column 7)',
      details: 'unexpected "o" expecting "not" or operator (eq, gt, ...)',
    },
    {
      key: 'or',
      value: '(arr.cs.{1,2)',
      message: '"failed to parse logic tree ((arr.cs.{1,2))" (line 1, column 15)',
      details: 'unexpected ")" expecting letter, digit, "-", "->>", "->" or delimiter (.)',
    },
    {
      key: 'not.or',
      value: '(id.eq.1',
      message: '"failed to parse logic tree ((id.eq.1)" (line 1, column 15)',
      details: 'unexpected end of input expecting "," or ")"',
    },
    {
      key: 'c.not.and',
      value: '(x)',
      message: '"failed to parse logic tree ((x))" (line 1, column 10)',
      details: 'unexpected ")" expecting letter, digit, "-", "->>", "->" or delimiter (.)',
    },
    {
      key: '.or',
      value: '(id.eq.1)',
      message: '"failed to parse logic path (.or)" (line 1, column 1)',
      details: 'unexpected "." expecting field name (* or [a..z0..9_$])',
    },
    {
      key: 'or',
      value: '(nota.and(id.eq.1))',
      message: '"failed to parse logic tree ((nota.and(id.eq.1)))" (line 1, column 9)',
      details: 'unexpected "a" expecting "not" or operator (eq, gt, ...)',
    },
    {
      key: 'or',
      value: '(a.eq.1,b.eq.2',
      message: '"failed to parse logic tree ((a.eq.1,b.eq.2)" (line 1, column 17)',
      details: 'unexpected end of input expecting "," or ")"',
    },
    {
      key: 'or',
      value: '(a.in.(1,2)',
      message: '"failed to parse logic tree ((a.in.(1,2))" (line 1, column 14)',
      details: 'unexpected end of input expecting "," or ")"',
    },
    {
      key: 'or',
      value: '(and(a.eq.1)',
      message: '"failed to parse logic tree ((and(a.eq.1))" (line 1, column 15)',
      details: 'unexpected end of input expecting "," or ")"',
    },
  ];
  for (const { key, value, message, details } of cases) {
    it(`${key}=${value}`, () => {
      assert.throws(() => parseLogicTree(key, value), { name: 'ApiRequestError', code: 'PGRST100', message, details });
    });
  }
});
