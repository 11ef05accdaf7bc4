// The `Prefer` header (RFC 7240) and the `Preference-Applied` response header
// (PostgREST: ApiRequest/Preferences.hs, fromHeaders and prefAppliedHeader).

import { readInteger } from './parse/integer.ts';

export type PreferResolution = 'merge-duplicates' | 'ignore-duplicates';
export type PreferReturn = 'minimal' | 'headers-only' | 'representation';
export type PreferCount = 'exact' | 'planned' | 'estimated';
export type PreferTx = 'commit' | 'rollback';
export type PreferMissing = 'default' | 'null';
export type PreferHandling = 'strict' | 'lenient';

/** What the client asked for; null where it did not say (each preference has its own default). */
export interface Preferences {
  readonly resolution: PreferResolution | null;
  readonly return: PreferReturn | null;
  readonly count: PreferCount | null;
  /** Only parsed when db-tx-end allows overrides. */
  readonly tx: PreferTx | null;
  readonly missing: PreferMissing | null;
  readonly handling: PreferHandling | null;
  /** Passed to set_config('timezone') unchecked (v16): a bad zone is PostgreSQL's error. */
  readonly timezone: string | null;
  readonly maxAffected: number | null;
  /** Unrecognised tokens, in order (duplicates kept), for handling=strict's PGRST122. */
  readonly invalid: ReadonlyArray<string>;
}

export const NO_PREFERENCES: Preferences = {
  resolution: null,
  return: null,
  count: null,
  tx: null,
  missing: null,
  handling: null,
  timezone: null,
  maxAffected: null,
  invalid: [],
};

const RESOLUTION = ['merge-duplicates', 'ignore-duplicates'] as const;
const RETURN = ['representation', 'minimal', 'headers-only'] as const;
const COUNT = ['exact', 'planned', 'estimated'] as const;
const TX = ['commit', 'rollback'] as const;
const MISSING = ['default', 'null'] as const;
const HANDLING = ['strict', 'lenient'] as const;

const ACCEPTED: ReadonlySet<string> = new Set([
  ...RESOLUTION.map((v) => `resolution=${v}`),
  ...RETURN.map((v) => `return=${v}`),
  ...COUNT.map((v) => `count=${v}`),
  ...TX.map((v) => `tx=${v}`),
  ...MISSING.map((v) => `missing=${v}`),
  ...HANDLING.map((v) => `handling=${v}`),
]);

/** Data.ByteString.Char8.strip: ASCII blanks and Latin-1 NBSP. */
const stripBytes = (s: string): string => s.replace(/^[ \t\n\v\f\r\u00a0]+|[ \t\n\v\f\r\u00a0]+$/g, '');

/**
 * `["return=representation, count=exact", "tx=rollback"]` → Preferences. Every header is split on
 * `,` and trimmed; the first occurrence of each preference wins; `timezone=` and `max-affected=`
 * match by prefix (a non-integer max-affected is dropped, not reported); `tx=` counts only with
 * `allowTxOverride` but is never reported invalid.
 */
export function parsePreferences(
  headerValues: ReadonlyArray<string>,
  options: { readonly allowTxOverride: boolean },
): Preferences {
  const tokens = headerValues.flatMap((h) => (h === '' ? [] : h.split(',').map(stripBytes)));
  const first = <T extends string>(name: string, values: ReadonlyArray<T>): T | null => {
    for (const token of tokens) {
      const value = values.find((v) => token === `${name}=${v}`);
      if (value !== undefined) return value;
    }
    return null;
  };
  const byPrefix = (prefix: string): string | null => {
    const token = tokens.find((t) => t.startsWith(prefix));
    return token === undefined ? null : token.slice(prefix.length);
  };
  const maxAffected = byPrefix('max-affected=');
  const maxAffectedValue = maxAffected === null ? null : readInteger(maxAffected);
  return {
    resolution: first('resolution', RESOLUTION),
    return: first('return', RETURN),
    count: first('count', COUNT),
    tx: options.allowTxOverride ? first('tx', TX) : null,
    missing: first('missing', MISSING),
    handling: first('handling', HANDLING),
    timezone: byPrefix('timezone='),
    // Haskell's read :: Int64 wraps around like a C integer.
    maxAffected: maxAffectedValue === null ? null : Number(BigInt.asIntN(64, maxAffectedValue)),
    invalid: tokens.filter((t) => !ACCEPTED.has(t) && !t.startsWith('timezone=') && !t.startsWith('max-affected=')),
  };
}

/**
 * The `Preference-Applied` value, or null when nothing applies. Fixed order: resolution, missing,
 * return, count, tx, handling, timezone, max-affected (the last only with handling=strict).
 * Callers first null out what their action ignores (return off writes, resolution without a key,
 * missing off POST/PATCH, max-affected off PATCH/DELETE/RPC).
 */
export function preferenceApplied(prefs: Preferences): string | null {
  const applied = [
    prefs.resolution === null ? null : `resolution=${prefs.resolution}`,
    prefs.missing === null ? null : `missing=${prefs.missing}`,
    prefs.return === null ? null : `return=${prefs.return}`,
    prefs.count === null ? null : `count=${prefs.count}`,
    prefs.tx === null ? null : `tx=${prefs.tx}`,
    prefs.handling === null ? null : `handling=${prefs.handling}`,
    prefs.timezone === null ? null : `timezone=${prefs.timezone}`,
    prefs.maxAffected === null || prefs.handling !== 'strict' ? null : `max-affected=${prefs.maxAffected}`,
  ].filter((v) => v !== null);
  return applied.length === 0 ? null : applied.join(', ');
}
