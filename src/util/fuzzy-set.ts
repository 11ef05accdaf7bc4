// Approximate string matching with the ranking of Haskell's `Data.FuzzySet` 0.2 (itself a port of
// Python's `fuzzyset`), which PostgREST uses for its "Perhaps you meant …" hints (Error.hs).
//
// How a lookup ranks (reproduced, not copied): the query is lowercased; an exact (case-insensitive)
// entry wins alone with score 1. Otherwise, for gram sizes 3 then 2, entries sharing n-grams with
// the query get a cosine similarity of their n-gram count vectors; the best 50 are re-scored with
// the normalised Levenshtein similarity `1 - distance / max(length)`, sorted again (stably), and
// those scoring ≥ minScore are the answer. The first gram size with any answer wins.

/** One entry's gram vector magnitude and its lowercased text, per gram size. */
interface Item {
  readonly key: string;
  readonly magnitude: number;
}

export interface FuzzyMatch {
  readonly score: number;
  readonly value: string;
}

const GRAM_SIZES = [3, 2] as const;
const LEVENSHTEIN_CANDIDATES = 50;
export const DEFAULT_MIN_SCORE = 0.33;

export class FuzzySet {
  /** lowercased key → the first value added with that key. */
  readonly #exact = new Map<string, string>();
  /** gram size → items by insertion index. */
  readonly #items = new Map<number, Item[]>();
  /** gram size → gram → [item index, count in that item]. */
  readonly #grams = new Map<number, Map<string, Array<readonly [number, number]>>>();

  /**
   * Builds a set like `Data.FuzzySet.fromList`: that folds from the right, so the LAST value is
   * inserted first. Insertion order only matters for ties (see #candidates).
   */
  static fromList(values: Iterable<string>): FuzzySet {
    const set = new FuzzySet();
    const list = [...values];
    for (let i = list.length - 1; i >= 0; i--) set.add(list[i] ?? '');
    return set;
  }

  get size(): number {
    return this.#exact.size;
  }

  /** Adds `value` unless an entry with the same lowercased text exists; true when added. */
  add(value: string): boolean {
    const key = value.toLowerCase();
    if (this.#exact.has(key)) return false;
    for (const size of GRAM_SIZES) {
      const items = this.#items.get(size) ?? [];
      this.#items.set(size, items);
      const index = items.length;
      const vector = gramVector(key, size);
      let sumSquares = 0;
      const dict = this.#grams.get(size) ?? new Map<string, Array<readonly [number, number]>>();
      this.#grams.set(size, dict);
      for (const [gram, count] of vector) {
        sumSquares += count * count;
        const infos = dict.get(gram);
        if (infos === undefined) dict.set(gram, [[index, count]]);
        else infos.push([index, count]);
      }
      items.push({ key, magnitude: Math.sqrt(sumSquares) });
    }
    this.#exact.set(key, value);
    return true;
  }

  /** All matches scoring ≥ minScore, best first (`getWithMinScore`; `get` is minScore 0.33). */
  get(query: string, minScore: number = DEFAULT_MIN_SCORE): ReadonlyArray<FuzzyMatch> {
    const key = query.toLowerCase();
    const exact = this.#exact.get(key);
    if (exact !== undefined) return [{ score: 1, value: exact }];
    for (const size of GRAM_SIZES) {
      const matches = this.#matches(key, size, minScore);
      if (matches.length > 0) return matches;
    }
    return [];
  }

  /** The best match scoring ≥ minScore (`getOneWithMinScore`; `getOne` is minScore 0.33). */
  getOne(query: string, minScore: number = DEFAULT_MIN_SCORE): string | null {
    return this.get(query, minScore)[0]?.value ?? null;
  }

  #matches(key: string, size: number, minScore: number): FuzzyMatch[] {
    const items = this.#items.get(size) ?? [];
    const dict = this.#grams.get(size);
    if (dict === undefined) return [];
    const query = gramVector(key, size);
    let sumSquares = 0;
    const dots = new Map<number, number>();
    for (const [gram, count] of query) {
      sumSquares += count * count;
      for (const [index, itemCount] of dict.get(gram) ?? [])
        dots.set(index, (dots.get(index) ?? 0) + count * itemCount);
    }
    const queryMagnitude = Math.sqrt(sumSquares);
    const cosine: Array<{ score: number; key: string; index: number }> = [];
    for (const [index, dot] of dots) {
      const item = items[index];
      if (item !== undefined) cosine.push({ score: dot / (queryMagnitude * item.magnitude), key: item.key, index });
    }
    // The Haskell code lists candidates in the iteration order of a HashMap keyed by item index
    // (hash = the Int itself): ordered by the index's 5-bit groups, lowest group first. The sorts
    // after it are stable, so that order breaks score ties.
    cosine.sort((a, b) => hashOrder(a.index, b.index));
    cosine.sort((a, b) => b.score - a.score);
    const rescored = cosine
      .slice(0, LEVENSHTEIN_CANDIDATES)
      .map((c) => ({ score: levenshteinSimilarity(key, c.key), key: c.key }));
    rescored.sort((a, b) => b.score - a.score);
    const result: FuzzyMatch[] = [];
    for (const r of rescored) {
      if (r.score < minScore) continue;
      result.push({ score: r.score, value: this.#exact.get(r.key) ?? '' });
    }
    return result;
  }
}

/** Iteration order of unordered-containers' HashMap for small non-negative Int keys. */
function hashOrder(a: number, b: number): number {
  let x = a;
  let y = b;
  while (x !== y) {
    const dx = x & 31;
    const dy = y & 31;
    if (dx !== dy) return dx - dy;
    x >>>= 5;
    y >>>= 5;
  }
  return 0;
}

/**
 * n-gram counts of the normalised text: lowercase, keep only letters, digits, whitespace and
 * commas (so `_` and `-` vanish: `film_roles` ≡ `filmroles`), wrapped in `-`. Characters are code
 * points, as with Haskell's Text.
 */
export function gramVector(text: string, size: number): Map<string, number> {
  const chars = ['-', ...normalize(text), '-'];
  const vector = new Map<string, number>();
  for (let i = 0; i + size <= chars.length; i++) {
    const gram = chars.slice(i, i + size).join('');
    vector.set(gram, (vector.get(gram) ?? 0) + 1);
  }
  return vector;
}

// Haskell's isAlphaNum is the L* and N* categories; isSpace is the Latin-1 blanks plus Zs.
const WORD_CHAR = /^[\p{L}\p{N}\p{Zs}\t\n\v\f\r,]$/u;

function normalize(text: string): string[] {
  const out: string[] = [];
  for (const ch of text.toLowerCase()) if (WORD_CHAR.test(ch)) out.push(ch);
  return out;
}

/** `1 - levenshtein(a, b) / max(|a|, |b|)` over code points (text-metrics' levenshteinNorm). */
export function levenshteinSimilarity(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  const longest = Math.max(s.length, t.length);
  if (longest === 0) return 1;
  // One division, so the result is the correctly rounded value of Haskell's exact Ratio.
  return (longest - levenshtein(s, t)) / longest;
}

/** Edits (insert, delete, substitute) between two strings, counted over code points. */
export function editDistance(a: string, b: string): number {
  return levenshtein([...a], [...b]);
}

function levenshtein(s: ReadonlyArray<string>, t: ReadonlyArray<string>): number {
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  let current = new Array<number>(t.length + 1).fill(0);
  for (let i = 1; i <= s.length; i++) {
    current[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    [previous, current] = [current, previous];
  }
  return previous[t.length] ?? 0;
}
