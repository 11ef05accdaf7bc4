// Media types: decoding Accept / Content-Type values, Accept's q-value ordering, and the exact
// Content-Type strings PostgREST answers with (PostgREST: MediaType.hs, wai's parseHttpAccept).

export type PlanFormat = 'text' | 'json';
export type PlanOption = 'analyze' | 'verbose' | 'settings' | 'buffers' | 'wal';

/**
 * The types PostgREST distinguishes. text/plain, text/xml, form-urlencoded and octet-stream have
 * their own kinds because request bodies use them and their Content-Type charset rules differ
 * from an unknown (`other`) type's.
 */
export type MediaType =
  | { readonly kind: 'json' }
  /** `application/vnd.pgrst.array+json;nulls=stripped` (without nulls=stripped it is plain json). */
  | { readonly kind: 'arrayStripped' }
  /** `application/vnd.pgrst.object+json[;nulls=stripped]`. */
  | { readonly kind: 'singular'; readonly stripNulls: boolean }
  | { readonly kind: 'csv' }
  | { readonly kind: 'geoJson' }
  | { readonly kind: 'textPlain' }
  | { readonly kind: 'textXml' }
  | { readonly kind: 'urlEncoded' }
  | { readonly kind: 'octetStream' }
  | { readonly kind: 'openApi' }
  /** `application/vnd.pgrst.plan[+text|+json]; for="…"; options=a|b`. */
  | {
      readonly kind: 'plan';
      readonly for: MediaType;
      readonly format: PlanFormat;
      readonly options: ReadonlyArray<PlanOption>;
    }
  /** Only `*` + `/` + `*` is a wildcard: `text/*` is an `other` type that matches nothing built in. */
  | { readonly kind: 'any' }
  /** Any other type, as sent (parameters included, spaces and q removed for Accept). */
  | { readonly kind: 'other'; readonly mime: string };

const PLAN_OPTIONS: ReadonlyArray<PlanOption> = ['analyze', 'verbose', 'settings', 'buffers', 'wal'];

/**
 * `text/csv;q=0.5, application/json` → [json, csv]. No header means `*` + `/` + `*`; an empty one
 * gives []. Entries are sorted stably by q (default 1) then by specificity (`;` count minus `*`
 * count), both descending. Every space is dropped and everything after `;q=` is ignored.
 */
export function parseAccept(header: string | undefined): MediaType[] {
  if (header === undefined) return [{ kind: 'any' }];
  if (header === '') return [];
  const entries = header.split(',').map((entry) => {
    const compact = entry.replaceAll(' ', '');
    const at = compact.indexOf(';q=');
    const mime = at === -1 ? compact : compact.slice(0, at);
    const q = at === -1 ? 1 : readQuality(compact.slice(at + 3).split(';')[0] ?? '');
    const specificity = count(mime, ';') - count(mime, '*');
    return { mime, q, specificity };
  });
  entries.sort((a, b) => compareDesc(a.q, b.q) || b.specificity - a.specificity);
  return entries.map((e) => decodeMediaType(e.mime));
}

const count = (s: string, c: string): number => s.split(c).length - 1;

/** Haskell's compare on Doubles, reversed (NaN compares as greater, like Haskell's). */
function compareDesc(a: number, b: number): number {
  if (b < a) return -1;
  return b === a ? 0 : 1;
}

/** Haskell's `reads :: Double` on the q value: a numeric prefix, else 1. */
function readQuality(text: string): number {
  const m =
    /^[\t\n\v\f\r]*(-?)[\t\n\v\f\r]*(0[xX][0-9a-fA-F]+|0[oO][0-7]+|[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)/.exec(text);
  if (m === null) return 1;
  const digits = m[2] ?? '';
  const n = /^0[oO]/.test(digits) ? Number.parseInt(digits.slice(2), 8) : Number(digits);
  return m[1] === '-' ? -n : n;
}

/**
 * `application/vnd.pgrst.object+json;nulls=stripped` → singular with stripped nulls. Type and
 * subtype are case-insensitive, parameter names too; values are not (`nulls=Stripped` is ignored).
 */
export function decodeMediaType(text: string): MediaType {
  const { type, subtype, params } = tokenize(text);
  const strippedNulls = params.get('nulls') === 'stripped';
  const plan = (format: PlanFormat): MediaType => {
    const opts = (params.get('options') ?? '').split('|');
    return {
      kind: 'plan',
      for: decodeMediaType(params.get('for') ?? 'application/json'),
      format,
      options: PLAN_OPTIONS.filter((o) => opts.includes(o)),
    };
  };
  switch (`${type.toLowerCase()}/${subtype.toLowerCase()}`) {
    case 'application/json':
      return { kind: 'json' };
    case 'application/geo+json':
      return { kind: 'geoJson' };
    case 'text/csv':
      return { kind: 'csv' };
    case 'text/plain':
      return { kind: 'textPlain' };
    case 'text/xml':
      return { kind: 'textXml' };
    case 'application/openapi+json':
      return { kind: 'openApi' };
    case 'application/x-www-form-urlencoded':
      return { kind: 'urlEncoded' };
    case 'application/octet-stream':
      return { kind: 'octetStream' };
    case 'application/vnd.pgrst.plan':
    case 'application/vnd.pgrst.plan+text':
      return plan('text');
    case 'application/vnd.pgrst.plan+json':
      return plan('json');
    case 'application/vnd.pgrst.object+json':
    case 'application/vnd.pgrst.object':
      return { kind: 'singular', stripNulls: strippedNulls };
    case 'application/vnd.pgrst.array+json':
    case 'application/vnd.pgrst.array':
      return strippedNulls ? { kind: 'arrayStripped' } : { kind: 'json' };
    case '*/*':
      return { kind: 'any' };
    default:
      return { kind: 'other', mime: text };
  }
}

const ALNUM = /^[\p{L}\p{N}]$/u;
const isSpace = (c: string | undefined): boolean => c !== undefined && /^[ \t\n\v\f\r\u00a0]$/.test(c);

/**
 * `type/subtype; key=value; key="quoted"` → parts. Like PostgREST's tokenizer it reads a prefix:
 * a malformed parameter ends the list, and text that is not `type/subtype` is all "type".
 */
function tokenize(text: string): { type: string; subtype: string; params: Map<string, string> } {
  const cs = Array.from(text);
  let i = 0;
  const run = (allowed: string): string => {
    const start = i;
    while (i < cs.length && (ALNUM.test(cs[i] ?? '') || allowed.includes(cs[i] ?? ''))) i += 1;
    return cs.slice(start, i).join('');
  };
  const spaces = (): void => {
    while (isSpace(cs[i])) i += 1;
  };
  const type = run('.*');
  if (type === '' || cs[i] !== '/') return { type: text, subtype: '', params: new Map() };
  i += 1;
  const subtype = run('.*+-');
  if (subtype === '') return { type: text, subtype: '', params: new Map() };
  const params = new Map<string, string>();
  for (;;) {
    const start = i;
    spaces();
    if (cs[i] !== ';') break;
    i += 1;
    spaces();
    const key = run('-');
    spaces();
    if (key === '' || cs[i] !== '=') {
      i = start;
      break;
    }
    i += 1;
    spaces();
    let value: string;
    if (cs[i] === '"' && cs.indexOf('"', i + 1) !== -1) {
      const end = cs.indexOf('"', i + 1);
      value = cs.slice(i + 1, end).join('');
      i = end + 1;
    } else {
      value = run('|-');
      if (value === '') {
        i = start;
        break;
      }
    }
    // Later duplicates win, as in a Data.Map built from the list.
    params.set(key.toLowerCase(), value);
  }
  return { type, subtype, params };
}

/** The media type as PostgREST writes it, e.g. in PGRST107's list: `application/json`. */
export function mediaTypeText(mt: MediaType): string {
  switch (mt.kind) {
    case 'json':
      return 'application/json';
    case 'arrayStripped':
      return 'application/vnd.pgrst.array+json;nulls=stripped';
    case 'singular':
      return mt.stripNulls ? 'application/vnd.pgrst.object+json;nulls=stripped' : 'application/vnd.pgrst.object+json';
    case 'csv':
      return 'text/csv';
    case 'geoJson':
      return 'application/geo+json';
    case 'textPlain':
      return 'text/plain';
    case 'textXml':
      return 'text/xml';
    case 'urlEncoded':
      return 'application/x-www-form-urlencoded';
    case 'octetStream':
      return 'application/octet-stream';
    case 'openApi':
      return 'application/openapi+json';
    case 'plan': {
      const options = mt.options.length === 0 ? '' : `; options=${mt.options.join('|')}`;
      return `application/vnd.pgrst.plan+${mt.format}; for="${mediaTypeText(mt.for)}"${options}`;
    }
    case 'any':
      return '*/*';
    case 'other':
      return mt.mime;
  }
}

/**
 * The response Content-Type: the media type plus `; charset=utf-8`, except for octet-stream and
 * types PostgREST does not know (a custom handler's `image/png` is sent as is).
 */
export function contentTypeOf(mt: MediaType): string {
  const text = mediaTypeText(mt);
  return mt.kind === 'octetStream' || mt.kind === 'other' ? text : `${text}; charset=utf-8`;
}
