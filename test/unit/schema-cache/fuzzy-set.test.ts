// The fuzzy string set behind "Perhaps you meant …" (src/util/fuzzy-set.ts), ranked like Haskell's
// Data.FuzzySet 0.2 as used by PostgREST. Kept next to the hints that use it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FuzzySet, gramVector, levenshteinSimilarity } from '../../../src/util/fuzzy-set.ts';

const CASES: ReadonlyArray<{ name: string; values: string[]; query: string; min?: number; expected: unknown }> = [
  {
    name: 'an exact match ignoring case wins alone, with the stored spelling',
    values: ['Films', 'film', 'directors'],
    query: 'FILMS',
    expected: [{ score: 1, value: 'Films' }],
  },
  {
    name: 'scores are Levenshtein similarities: 1 - distance / longer length',
    values: ['films', 'directors', 'actors'],
    query: 'film',
    expected: [{ score: 0.8, value: 'films' }],
  },
  {
    name: 'underscores do not count for n-grams but do for the edit distance',
    values: ['film_roles'],
    query: 'filmroles',
    expected: [{ score: 0.9, value: 'film_roles' }],
  },
  {
    name: 'a long name sharing more n-grams loses to a short one with two typos',
    values: ['abcdefgh_with_long_suffix', 'abcdxxgh'],
    query: 'abcdefgh',
    expected: [{ score: 0.75, value: 'abcdxxgh' }],
  },
  {
    name: 'with no trigram in common, bigrams are tried',
    values: ['abc'],
    query: 'acb',
    expected: [{ score: 1 / 3, value: 'abc' }],
  },
  {
    name: 'characters are code points',
    values: ['café'],
    query: 'cafe',
    expected: [{ score: 0.75, value: 'café' }],
  },
  { name: 'below the minimum score: nothing', values: ['films'], query: 'film', min: 0.85, expected: [] },
  { name: 'nothing in common: nothing', values: ['films'], query: 'xyz', expected: [] },
  { name: 'an empty set', values: [], query: 'films', expected: [] },
];

for (const c of CASES) {
  test(`fuzzy set: ${c.name}`, () => {
    assert.deepEqual(FuzzySet.fromList(c.values).get(c.query, c.min), c.expected);
  });
}

test('fuzzy set: results are ordered by score, best first', () => {
  const set = FuzzySet.fromList(['film', 'films', 'film_list', 'filmography']);
  assert.deepEqual(
    set.get('filmss').map((m) => m.value),
    ['films', 'film', 'film_list', 'filmography'],
  );
  assert.equal(set.getOne('filmss'), 'films');
  assert.equal(set.getOne('filmss', 0.9), null);
});

test('fuzzy set: equal edit-distance scores keep the n-gram (cosine) order', () => {
  // filmz → film and films are both one edit away (0.8); film shares 3 of its 4 trigrams, films 3 of 5.
  const set = FuzzySet.fromList(['films', 'film']);
  assert.deepEqual(set.get('filmz'), [
    { score: 0.8, value: 'film' },
    { score: 0.8, value: 'films' },
  ]);
});

test('fuzzy set: only the 50 best n-gram candidates are re-scored', () => {
  const names = Array.from({ length: 60 }, (_, i) => `table_${i}`);
  assert.equal(FuzzySet.fromList(names).get('table').length, 50);
});

test('fuzzy set: duplicates ignoring case keep the last listed spelling (fromList folds from the right)', () => {
  const set = FuzzySet.fromList(['Film', 'film']);
  assert.equal(set.size, 1);
  assert.equal(set.getOne('FILM'), 'film');
  assert.equal(set.add('FILM'), false);
});

test('fuzzy set: n-grams of the normalised text, wrapped in dashes', () => {
  assert.deepEqual(
    [...gramVector('Aa_a', 2)],
    [
      ['-a', 1],
      ['aa', 2],
      ['a-', 1],
    ],
  );
  assert.deepEqual(
    [...gramVector('x, y', 3)],
    [
      ['-x,', 1],
      ['x, ', 1],
      [', y', 1],
      [' y-', 1],
    ],
  );
  assert.equal(levenshteinSimilarity('', ''), 1);
  assert.equal(levenshteinSimilarity('kitten', 'sitting'), 4 / 7);
});
