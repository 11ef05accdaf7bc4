// A minimal HTTP client for tests: node:http with a fresh connection per request (no keep-alive
// pool between tests), the whole body as text, and a hard timeout.
import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';

export interface HttpRequestOptions {
  readonly method?: string;
  readonly headers?: OutgoingHttpHeaders;
  readonly body?: string | Buffer;
  /** Whole exchange, connect to last body byte (default 10 s). */
  readonly timeoutMs?: number;
  /** Send over this unix socket; the URL then only supplies path and Host. */
  readonly socketPath?: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Names and values as received, in order (duplicates kept). */
  readonly rawHeaders: readonly string[];
  readonly body: string;
}

export function httpRequest(url: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
  const target = new URL(url);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const headers: OutgoingHttpHeaders = { ...options.headers };
  const names = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
  // An explicit length, unless the test sets the framing itself (e.g. to exercise chunked bodies).
  if (options.body !== undefined && !names.has('content-length') && !names.has('transfer-encoding')) {
    headers['content-length'] = Buffer.byteLength(options.body);
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        method: options.method ?? 'GET',
        host: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port === '' ? 80 : Number(target.port),
        path: `${target.pathname}${target.search}`,
        headers,
        agent: false,
        ...(options.socketPath === undefined ? {} : { socketPath: options.socketPath }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', fail);
        res.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            rawHeaders: res.rawHeaders,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error(`${options.method ?? 'GET'} ${url}: no complete response within ${timeoutMs} ms`));
    }, timeoutMs);
    function fail(err: Error): void {
      clearTimeout(timer);
      reject(err);
    }
    req.on('error', fail);
    req.end(options.body);
  });
}
