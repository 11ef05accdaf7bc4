// Prefer header parsing and Preference-Applied, following PostgREST v16's Preferences.hs behaviour.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  NO_PREFERENCES,
  type Preferences,
  parsePreferences,
  preferenceApplied,
} from '../../../src/request/preferences.ts';

const parse = (values: string[], allowTxOverride = true) => parsePreferences(values, { allowTxOverride });

describe('parsePreferences', () => {
  const cases: ReadonlyArray<{
    readonly input: string[];
    readonly expected: Partial<Preferences>;
    readonly allowTx?: boolean;
  }> = [
    { input: [], expected: {} },
    { input: [''], expected: {} },
    {
      input: ['resolution=ignore-duplicates, count=exact, timezone=America/Los_Angeles, max-affected=100'],
      expected: { resolution: 'ignore-duplicates', count: 'exact', timezone: 'America/Los_Angeles', maxAffected: 100 },
    },
    {
      input: ['return=representation', 'count=planned', 'missing=default', 'handling=strict', 'tx=rollback'],
      expected: { return: 'representation', count: 'planned', missing: 'default', handling: 'strict', tx: 'rollback' },
    },
    { input: ['return=minimal,return=headers-only'], expected: { return: 'minimal' } },
    { input: ['return=headers-only', 'return=minimal'], expected: { return: 'headers-only' } },
    {
      input: ['count=estimated', 'resolution=merge-duplicates', 'missing=null', 'handling=lenient'],
      expected: {
        count: 'estimated',
        resolution: 'merge-duplicates',
        missing: 'null',
        handling: 'lenient',
      },
    },
    // Arbitrary blanks around tokens; an unknown token is kept, in order, duplicates included.
    {
      input: ['count=exact,    tx=commit   ,return=representation , anything, anything'],
      expected: { count: 'exact', tx: 'commit', return: 'representation', invalid: ['anything', 'anything'] },
    },
    // Values are case-sensitive and must match exactly.
    { input: ['Return=Minimal, count = exact'], expected: { invalid: ['Return=Minimal', 'count = exact'] } },
    { input: ['a,,b,'], expected: { invalid: ['a', '', 'b', ''] } },
    { input: ['params=single-object'], expected: { invalid: ['params=single-object'] } },
    // tx is read only when db-tx-end allows overrides, and never reported invalid.
    { input: ['tx=rollback'], expected: {}, allowTx: false },
    { input: ['tx=maybe'], expected: { invalid: ['tx=maybe'] }, allowTx: false },
    // timezone= and max-affected= match by prefix; the first occurrence wins.
    { input: ['timezone=', 'timezone=UTC'], expected: { timezone: '' } },
    { input: ['timezone=Bad/Zone'], expected: { timezone: 'Bad/Zone' } },
    { input: ['timezone=-04:30'], expected: { timezone: '-04:30' } },
    { input: ['max-affected=abc'], expected: {} },
    { input: ['max-affected=abc, max-affected=5'], expected: {} },
    { input: ['max-affected= 7 '], expected: { maxAffected: 7 } },
    { input: ['max-affected=-1'], expected: { maxAffected: -1 } },
    { input: ['max-affected=18446744073709551617'], expected: { maxAffected: 1 } },
    { input: ['max-affected'], expected: { invalid: ['max-affected'] } },
    { input: ["count=exact'; drop table t; --"], expected: { invalid: ["count=exact'; drop table t; --"] } },
  ];
  for (const { input, expected, allowTx = true } of cases) {
    it(JSON.stringify(input), () => assert.deepEqual(parse(input, allowTx), { ...NO_PREFERENCES, ...expected }));
  }
});

describe('preferenceApplied', () => {
  it('is null when nothing applies', () => assert.equal(preferenceApplied(NO_PREFERENCES), null));

  it('uses a fixed order', () => {
    const prefs = parse([
      'max-affected=5, timezone=UTC, handling=strict, tx=commit, count=exact, return=representation, missing=default, resolution=merge-duplicates, junk',
    ]);
    assert.equal(
      preferenceApplied(prefs),
      'resolution=merge-duplicates, missing=default, return=representation, count=exact, tx=commit, handling=strict, timezone=UTC, max-affected=5',
    );
  });

  it('reports max-affected only with handling=strict', () => {
    assert.equal(preferenceApplied(parse(['max-affected=5'])), null);
    assert.equal(preferenceApplied(parse(['max-affected=5, handling=lenient'])), 'handling=lenient');
    assert.equal(preferenceApplied(parse(['max-affected=5, handling=strict'])), 'handling=strict, max-affected=5');
  });

  it('reports what the caller leaves in', () => {
    const prefs = parse(['return=representation, count=exact']);
    assert.equal(preferenceApplied({ ...prefs, return: null }), 'count=exact');
  });
});
