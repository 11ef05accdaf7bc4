// Haskell's read :: Integer, as PostgREST applies it to limit/offset (checked against PostgREST 12.0.2).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readInteger } from '../../../../src/request/parse/integer.ts';

describe('readInteger', () => {
  const cases: ReadonlyArray<{ readonly input: string; readonly expected: bigint | null }> = [
    { input: '5', expected: 5n },
    { input: '05', expected: 5n },
    { input: ' 5 ', expected: 5n },
    { input: '\t(\n 2 )\n', expected: 2n },
    { input: '((2))', expected: 2n },
    { input: '-1', expected: -1n },
    { input: '- 1', expected: -1n },
    { input: '(-1)', expected: -1n },
    { input: '0x2', expected: 2n },
    { input: '0X1f', expected: 31n },
    { input: '0o17', expected: 15n },
    { input: '99999999999999999999', expected: 99999999999999999999n },
    { input: '', expected: null },
    { input: 'abc', expected: null },
    { input: '+2', expected: null },
    { input: '--1', expected: null },
    { input: '-(1)', expected: null },
    { input: '0b1', expected: null },
    { input: '1_0', expected: null },
    { input: '1e1', expected: null },
    { input: '1.0', expected: null },
    { input: '(2', expected: null },
    { input: '2)', expected: null },
    { input: '5x', expected: null },
    { input: '0x', expected: null },
  ];
  for (const { input, expected } of cases) {
    it(JSON.stringify(input), () => assert.equal(readInteger(input), expected));
  }
});
