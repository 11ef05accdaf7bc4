// The shape of a differential corpus entry, and a small builder so that corpus files read like a
// list of requests.

/** Server configurations a pair can run with (see read.test.ts for the settings of each). */
export type PairName = 'default' | 'features' | 'max-rows' | 'hooks';

export type Method = 'GET' | 'HEAD' | 'OPTIONS';

/** What restgres must do where PostgREST v16 (our target) differs from the 12.0.2 oracle. */
export interface V16Delta {
  /** Why v16 differs; docs/compatibility.md lists the same differences. */
  readonly why: string;
  readonly status?: number;
  /** The exact v16 body. */
  readonly body?: string;
  /**
   * An equivalent request whose PostgREST 12 answer is what v16 gives for this one (status, body and
   * headers; the fields above and `headers` then override): exact bytes without writing them by hand.
   * Its headers default to this entry's.
   */
  readonly sameAs?: { readonly path: string; readonly headers?: Readonly<Record<string, string>> };
  /**
   * Where v16's exact error text is not known to us: only the status and this `code` of the JSON body
   * are checked.
   */
  readonly code?: string;
  /** Lowercased header names; null = v16 sends no such header; a pattern where a version is inside. */
  readonly headers?: Readonly<Record<string, string | RegExp | null>>;
}

export interface ReadCase {
  readonly category: string;
  readonly method: Method;
  /** Path and query as a reader would write them; spaces and non-ASCII are percent-encoded when sent. */
  readonly path: string;
  /** Request headers in order; a name may repeat. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly server: PairName;
  /**
   * The status PostgREST 12 answers. Checked against the oracle too, so that a typo in a request
   * cannot turn a case silently into an unintended error.
   */
  readonly status: number;
  /** For errors: the `code` of PostgREST 12's body (checked against the oracle as well). */
  readonly code?: string;
  /** `status-headers`: the body is not compared (e.g. EXPLAIN output of different SQL). */
  readonly compare: 'exact' | 'status-headers';
  readonly v16?: V16Delta;
}

export interface CaseOptions {
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  readonly code?: string;
  readonly compare?: 'exact' | 'status-headers';
  readonly v16?: V16Delta;
}

/** A category's requests on one server pair. */
export class Section {
  readonly cases: ReadCase[] = [];
  readonly category: string;
  readonly server: PairName;

  constructor(category: string, server: PairName = 'default') {
    this.category = category;
    this.server = server;
  }

  get(path: string, status: number, opts: CaseOptions = {}): this {
    return this.add('GET', path, status, opts);
  }

  head(path: string, status: number, opts: CaseOptions = {}): this {
    return this.add('HEAD', path, status, opts);
  }

  options(path: string, status: number, opts: CaseOptions = {}): this {
    return this.add('OPTIONS', path, status, opts);
  }

  private add(method: Method, path: string, status: number, opts: CaseOptions): this {
    const headers: Array<readonly [string, string]> = [];
    for (const [name, value] of Object.entries(opts.headers ?? {})) {
      if (typeof value === 'string') headers.push([name, value]);
      else for (const one of value) headers.push([name, one]);
    }
    this.cases.push({
      category: this.category,
      method,
      path,
      headers,
      server: this.server,
      status,
      compare: opts.compare ?? 'exact',
      ...(opts.code === undefined ? {} : { code: opts.code }),
      ...(opts.v16 === undefined ? {} : { v16: opts.v16 }),
    });
    return this;
  }
}

/** The subtest name: method, path, headers and the server pair when not the default one. */
export function caseName(c: ReadCase): string {
  const headers = c.headers.map(([name, value]) => `${name}: ${value}`).join('; ');
  return [
    `${c.method} ${c.path}`,
    headers === '' ? '' : ` [${headers}]`,
    c.server === 'default' ? '' : ` @${c.server}`,
  ].join('');
}

/**
 * The request line's path: the corpus writes spaces and unicode literally for readability; HTTP needs
 * them percent-encoded (UTF-8). Everything else is sent exactly as written.
 */
export function encodeRequestPath(path: string): string {
  let out = '';
  for (const ch of path) {
    const code = ch.codePointAt(0) ?? 0;
    if (code > 0x20 && code < 0x7f) out += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A PostgREST error body as v16 writes it: compact, keys in alphabetical order. */
export function errorBody(code: string, message: string, details: string | null, hint: string | null): string {
  return JSON.stringify({ code, details, hint, message });
}
