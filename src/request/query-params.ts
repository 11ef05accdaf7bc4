// The raw query string → QueryParams: classification, per-key parsers, ranges and the canonical form
// for Content-Location (PostgREST: ApiRequest/QueryParams.hs, `parse`).

import { columnList, PLAIN_NAME, parseOrThrow, quickTreePath, treePath } from './parse/field.ts';
import { parseFilter } from './parse/filter.ts';
import { readInteger } from './parse/integer.ts';
import { parseLogicTree } from './parse/logic-tree.ts';
import { parseOrder } from './parse/order.ts';
import { parseSelect } from './parse/select.ts';
import { pathKey, type QueryParams, type Range } from './types.ts';

/** A parameter as decoded bytes (binary strings: one char per byte) and as UTF-8 text. */
interface RawParam {
  readonly keyBytes: string;
  readonly valueBytes: string | null;
  readonly key: string;
  /** null for a key without `=` (`?a&b=1`): such keys are ignored except by `canonical`. */
  readonly value: string | null;
}

/**
 * `select=id,name&id=gt.1&actors.order=name&limit=10` → QueryParams. Throws PGRST100 for the first
 * parameter that does not parse, checking order, logic trees, columns, select, filters and
 * on_conflict in that sequence, as PostgREST does. A negative root limit is not an error here:
 * range.ts raises it once the Range header is known.
 */
export function parseQueryParams(query: string, options: { readonly isRpcRead: boolean }): QueryParams {
  const params = splitQuery(query);
  const withValue = params.flatMap((p) => (p.value === null ? [] : [{ key: p.key, value: p.value }]));
  const lookup = (name: string): string | null => params.find((p) => p.key === name)?.value ?? null;
  const endingIn = (key: string, words: ReadonlyArray<string>): boolean => words.includes(lastSegment(key));

  const order = withValue.filter((p) => endingIn(p.key, ['order'])).map((p) => parseOrder(p.key, p.value));
  const logic = withValue.filter((p) => endingIn(p.key, ['and', 'or'])).map((p) => parseLogicTree(p.key, p.value));
  const columnsValue = lookup('columns');
  const columns = columnsValue === null ? null : uniqueSorted(parseColumns('columns', columnsValue));
  const select = parseSelect(lookup('select') ?? '*');

  const filters: Array<QueryParams['filters'][number]> = [];
  const routineArgs: Array<readonly [string, string]> = [];
  for (const { key, value } of withValue) {
    if (endingIn(key, ['order', 'limit', 'offset', 'and', 'or']) || RESERVED.includes(key)) continue;
    const parsed = parseFilter(key, value, options.isRpcRead);
    if (parsed.kind === 'filter') filters.push({ path: parsed.path, filter: parsed.filter });
    else routineArgs.push([parsed.name, parsed.value]);
  }

  const onConflictValue = lookup('on_conflict');
  const onConflict = onConflictValue === null ? null : parseColumns('on_conflict', onConflictValue);

  return {
    canonical: canonicalQuery(params),
    select,
    filters,
    logic,
    order,
    ranges: parseRanges(withValue),
    columns,
    onConflict,
    routineArgs,
  };
}

const RESERVED: ReadonlyArray<string> = ['select', 'columns', 'on_conflict'];

const lastSegment = (key: string): string => key.slice(key.lastIndexOf('.') + 1);

function parseColumns(name: 'columns' | 'on_conflict', value: string): string[] {
  const names = value.split(',');
  if (names.every((n) => PLAIN_NAME.test(n))) return names;
  return parseOrThrow(columnList, `failed to parse ${name} parameter (${value})`, value);
}

/** PostgREST keeps `columns` in a Set: deduplicated, in code point order. */
function uniqueSorted(names: ReadonlyArray<string>): string[] {
  return [...new Set(names)].sort(compareCodePoints);
}

function compareCodePoints(a: string, b: string): number {
  const xs = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const ys = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const d = (xs[i] ?? 0) - (ys[i] ?? 0);
    if (d !== 0) return d;
  }
  return xs.length - ys.length;
}

/**
 * `limit`/`offset` per embed path. Like PostgREST: the last value of a key wins, an unreadable
 * number is ignored, and when both are given an unreadable limit counts as 0.
 */
function parseRanges(params: ReadonlyArray<{ readonly key: string; readonly value: string }>): Map<string, Range> {
  // Keyed by the raw key with its last segment replaced by `limit`, as PostgREST pairs them.
  const limits = new Map<string, number | null>();
  const offsets = new Map<string, number | null>();
  const read = (value: string): number | null => {
    const n = readInteger(value);
    return n === null ? null : Number(n);
  };
  for (const { key, value } of params) {
    const last = lastSegment(key);
    if (last === 'limit') limits.set(key, read(value));
    else if (last === 'offset') offsets.set(`${key.slice(0, key.length - 'offset'.length)}limit`, read(value));
  }
  const ranges = new Map<string, Range>();
  for (const key of new Set([...limits.keys(), ...offsets.keys()])) {
    const limit = limits.get(key);
    const offset = offsets.get(key);
    const range: Range =
      offset === undefined
        ? { offset: 0, limit: limit ?? null }
        : { offset: offset ?? 0, limit: limit === undefined ? null : (limit ?? 0) };
    const { path } = quickTreePath(key) ?? parseOrThrow(treePath, `failed to parse tree path (${key})`, key);
    ranges.set(pathKey(path), range);
  }
  return ranges;
}

/** Splits on `&` and `;` (http-types does both), decodes `+` as a space and `%XX` leniently. */
function splitQuery(query: string): RawParam[] {
  // `query` comes without its `?`; a second `?` (`/t??a=1`) is part of the first key, as in PostgREST.
  if (query === '') return [];
  const pieces = query.split(/[&;]/);
  if (pieces[pieces.length - 1] === '') pieces.pop();
  return pieces.map((piece) => {
    const eq = piece.indexOf('=');
    const keyBytes = urlDecode(eq === -1 ? piece : piece.slice(0, eq));
    const valueBytes = eq === -1 ? null : urlDecode(piece.slice(eq + 1));
    return { keyBytes, valueBytes, key: utf8(keyBytes), value: valueBytes === null ? null : utf8(valueBytes) };
  });
}

const ASCII = /^[\x20-\x7e]*$/;
const decoder = new TextDecoder('utf-8', { fatal: false });
const encoder = new TextEncoder();

/** Bytes → text; invalid UTF-8 becomes U+FFFD (PostgREST answers 500 there). */
function utf8(bytes: string): string {
  if (ASCII.test(bytes)) return bytes;
  return decoder.decode(Uint8Array.from(bytes, (c) => c.charCodeAt(0)));
}

/** http-types' urlDecode: `+` → space, `%XX` → byte, a malformed `%` kept as is. */
function urlDecode(text: string): string {
  // Characters outside Latin-1 cannot come from an HTTP request line; take their UTF-8 bytes.
  const raw = /[\u0100-\uffff]/.test(text) ? String.fromCharCode(...encoder.encode(text)) : text;
  if (!raw.includes('%')) return raw.replaceAll('+', ' ');
  return raw.replace(/\+|%([0-9A-Fa-f]{2})/g, (_m, hex: string | undefined) =>
    hex === undefined ? ' ' : String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/**
 * Keys sorted bytewise (stable), repeated keys joined into one `k=v1,v2`, keys without `=` given
 * an empty value, and every byte re-encoded. PostgREST encodes each decoded byte above 0x7f as
 * the UTF-8 of that Latin-1 character (`é` → `%C3%83%C2%A9`); we reproduce that byte for byte.
 */
function canonicalQuery(params: ReadonlyArray<RawParam>): string {
  const sorted = [...params].sort((a, b) => (a.keyBytes < b.keyBytes ? -1 : a.keyBytes > b.keyBytes ? 1 : 0));
  let out = '';
  for (const [i, p] of sorted.entries()) {
    const value = urlEncode(p.valueBytes ?? '');
    if (i > 0 && sorted[i - 1]?.keyBytes === p.keyBytes) out += `,${value}`;
    else out += `${i > 0 ? '&' : ''}${urlEncode(p.keyBytes)}=${value}`;
  }
  return out;
}

const UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;

/** The HTTP package's urlEncode applied to PostgREST's bytes-as-characters. */
function urlEncode(bytes: string): string {
  if (UNRESERVED.test(bytes)) return bytes;
  return bytes.replace(/[^A-Za-z0-9\-_.~]/g, (c) => {
    const b = c.charCodeAt(0);
    return b < 0x80 ? hex(b) : hex(0xc0 | (b >> 6)) + hex(0x80 | (b & 0x3f));
  });
}

const hex = (b: number): string => `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
