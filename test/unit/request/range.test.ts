// The top-level range: limit/offset intersected with the Range header. Expectations are PostgREST
// 12.0.2's answers (rows returned, or 416) for the same query strings and headers.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAllRange, topLevelRange } from '../../../src/request/range.ts';
import type { Range } from '../../../src/request/types.ts';

const LOWER_GT_UPPER = 'The lower boundary must be lower than or equal to the upper boundary in the Range header.';
const NEGATIVE_LIMIT = 'Limit should be greater than or equal to zero.';

describe('topLevelRange', () => {
  const cases: ReadonlyArray<{
    readonly query: Range | undefined;
    readonly header: string | undefined;
    readonly expected: Range | { readonly error: string };
  }> = [
    { query: undefined, header: undefined, expected: { offset: 0, limit: null } },
    { query: undefined, header: '0-1', expected: { offset: 0, limit: 2 } },
    { query: undefined, header: '00-01', expected: { offset: 0, limit: 2 } },
    { query: undefined, header: '1-', expected: { offset: 1, limit: null } },
    { query: undefined, header: '5-5', expected: { offset: 5, limit: 1 } },
    // Anything but `digits-[digits]` is ignored.
    { query: undefined, header: 'items=0-1', expected: { offset: 0, limit: null } },
    { query: undefined, header: '0-1,2-3', expected: { offset: 0, limit: null } },
    { query: undefined, header: '-1', expected: { offset: 0, limit: null } },
    { query: undefined, header: '', expected: { offset: 0, limit: null } },
    { query: undefined, header: '2-1', expected: { error: LOWER_GT_UPPER } },
    { query: { offset: 0, limit: 10 }, header: undefined, expected: { offset: 0, limit: 10 } },
    { query: { offset: 5, limit: null }, header: undefined, expected: { offset: 5, limit: null } },
    // Intersections.
    { query: { offset: 1, limit: 5 }, header: '0-2', expected: { offset: 1, limit: 2 } },
    { query: { offset: 1, limit: null }, header: '0-1', expected: { offset: 1, limit: 1 } },
    { query: { offset: 0, limit: null }, header: '1-1', expected: { offset: 1, limit: 1 } },
    { query: { offset: 5, limit: null }, header: '0-1', expected: { error: NEGATIVE_LIMIT } },
    { query: { offset: 0, limit: 1 }, header: '1-5', expected: { error: NEGATIVE_LIMIT } },
    // limit=0 bypasses everything, even an inverted header.
    { query: { offset: 0, limit: 0 }, header: undefined, expected: { offset: 0, limit: 0 } },
    { query: { offset: 0, limit: 0 }, header: '2-1', expected: { offset: 0, limit: 0 } },
    // limit=1&offset=-1 ends at row -1, which PostgREST takes for limit=0.
    { query: { offset: -1, limit: 1 }, header: undefined, expected: { offset: 0, limit: 0 } },
    // A negative offset is clipped to 0.
    { query: { offset: -1, limit: null }, header: undefined, expected: { offset: 0, limit: null } },
    { query: { offset: -1, limit: 2 }, header: undefined, expected: { offset: 0, limit: 1 } },
    { query: { offset: -2, limit: 3 }, header: undefined, expected: { offset: 0, limit: 1 } },
    { query: { offset: 0, limit: -1 }, header: undefined, expected: { error: NEGATIVE_LIMIT } },
    { query: { offset: 0, limit: -1 }, header: '2-1', expected: { error: LOWER_GT_UPPER } },
    // limit=0&offset=1 and limit=abc&offset=1 are empty but not "limit zero".
    { query: { offset: 1, limit: 0 }, header: undefined, expected: { error: NEGATIVE_LIMIT } },
  ];
  for (const { query, header, expected } of cases) {
    it(`${JSON.stringify(query)} Range: ${JSON.stringify(header)}`, () => {
      if ('error' in expected) {
        assert.throws(() => topLevelRange(query, header), {
          name: 'ApiRequestError',
          code: 'PGRST103',
          status: 416,
          message: 'Requested range not satisfiable',
          details: expected.error,
        });
      } else {
        assert.deepEqual(topLevelRange(query, header), expected);
      }
    });
  }
});

describe('isAllRange', () => {
  it('only offset 0 without a limit', () => {
    assert.equal(isAllRange({ offset: 0, limit: null }), true);
    assert.equal(isAllRange({ offset: 0, limit: 5 }), false);
    assert.equal(isAllRange({ offset: 1, limit: null }), false);
    assert.equal(isAllRange(topLevelRange({ offset: -3, limit: null }, undefined)), true);
  });
});
