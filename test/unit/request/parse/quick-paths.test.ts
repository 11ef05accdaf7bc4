// The direct readers for common shapes (quickSelect, quickOpExpr, quickOrder, quickTreePath) must
// agree with the full grammars wherever they answer. Inputs are generated from grammar tokens
// with a fixed seed, so failures reproduce.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quickTreePath, treePath } from '../../../../src/request/parse/field.ts';
import { opExpr, quickOpExpr, singleValue } from '../../../../src/request/parse/filter.ts';
import { orderTerms, quickOrder } from '../../../../src/request/parse/order.ts';
import { type Parser, runParser } from '../../../../src/request/parse/parsec.ts';
import { fieldForest, quickSelect } from '../../../../src/request/parse/select.ts';

/** mulberry32: a small deterministic PRNG. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function* generate(tokens: ReadonlyArray<string>, count: number, seed: number): Generator<string> {
  const next = random(seed);
  for (let n = 0; n < count; n++) {
    const length = 1 + Math.floor(next() * 9);
    let s = '';
    for (let i = 0; i < length; i++) s += tokens[Math.floor(next() * tokens.length)] ?? '';
    yield s;
  }
}

function agree<T>(
  name: string,
  tokens: ReadonlyArray<string>,
  quick: (s: string) => T | null,
  full: Parser<T>,
  minimumAnswered: number,
): void {
  it(name, () => {
    let answered = 0;
    for (const input of generate(tokens, 20000, 42)) {
      const q = quick(input);
      if (q === null) continue;
      answered += 1;
      const r = runParser(full, 'test', input);
      assert.ok(r.ok, `the grammar rejects ${JSON.stringify(input)}`);
      assert.deepEqual(q, r.value, JSON.stringify(input));
    }
    assert.ok(answered >= minimumAnswered, `only ${answered} inputs took the quick path`);
  });
}

describe('quick paths agree with the grammars', () => {
  agree(
    'select',
    [
      'id',
      'a',
      'x1',
      '$',
      'count',
      'left',
      'inner',
      'leftx',
      '*',
      '...',
      ',',
      ',',
      '(',
      ')',
      '()',
      '!',
      ':',
      '::',
      ' ',
      '.',
      '-',
      '"',
    ],
    quickSelect,
    fieldForest,
    1000,
  );
  agree(
    'filter values',
    [
      'not.',
      'eq.',
      'eq',
      'gte.',
      'gt',
      'in.(',
      'is.',
      'isdistinct.',
      'fts.',
      'fts(',
      'cs.',
      '.',
      '(',
      ')',
      ',',
      'null',
      'NULL',
      'not_null',
      'x',
      '1',
      ' ',
      '"',
      '{a,b}',
      '*',
    ],
    quickOpExpr,
    opExpr(singleValue),
    1000,
  );
  agree(
    'order',
    ['id', 'a', '.', '.', 'asc', 'desc', 'nullsfirst', 'nullslast', ',', '(', ')', ' ', '->', 'x'],
    quickOrder,
    orderTerms,
    1000,
  );
  agree('tree paths', ['a', 'b1', '$', '_', '.', '.', '->', ' ', '"', '-'], quickTreePath, treePath, 1000);
});
