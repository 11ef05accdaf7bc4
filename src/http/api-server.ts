// node:http adapter for the API: collects the body, runs the pipeline, writes the response and
// the access log. During shutdown every response says `Connection: close` so keep-alive clients
// move on to the next instance.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Observer } from '../app/observation.ts';
import { header, type RawRequest } from '../request/raw-request.ts';
import { toHeaderBytes } from '../util/header-bytes.ts';
import { SERVER_NAME } from '../version.ts';
import type { Handled } from './handle.ts';

export interface ApiServerHooks {
  readonly handle: (raw: RawRequest) => Promise<Handled>;
  readonly observe: Observer;
  readonly shuttingDown: () => boolean;
}

export function createApiServer(hooks: ApiServerHooks): Server {
  const server = createServer((req, res) => {
    serve(hooks, req, res).catch(() => {
      // Writing failed (client gone): nothing left to tell anyone.
      res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;
  return server;
}

async function serve(hooks: ApiServerHooks, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const raw: RawRequest = {
    method: req.method ?? 'GET',
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? '' : url.slice(q + 1),
    headers: req.headers,
    body,
  };
  const { response, role } = await hooks.handle(raw);
  const headers: Record<string, string | string[]> = {};
  // Text beyond ASCII (a table named 映画 in Content-Location, a reason phrase from RAISE) must go
  // out as UTF-8. Node takes header text as Latin-1 and refuses wider chars, so it gets the UTF-8
  // bytes; and as it writes headers and a string body together in the body's encoding, the body
  // then goes as bytes too. (The usual all-ASCII response keeps the cheaper string path.)
  let bytesOnly = false;
  for (const [name, text] of response.headers) {
    const value = toHeaderBytes(text);
    if (value !== text) bytesOnly = true;
    const existing = headers[name];
    headers[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  headers.Server = SERVER_NAME;
  const isHead = raw.method === 'HEAD';
  const contentLength = response.body === null ? null : Buffer.byteLength(response.body);
  if (contentLength !== null && !isHead) headers['Content-Length'] = String(contentLength);
  if (hooks.shuttingDown()) headers.Connection = 'close';
  if (response.statusText === undefined) res.writeHead(response.status, headers);
  else {
    const reason = toHeaderBytes(response.statusText);
    if (reason !== response.statusText) bytesOnly = true;
    res.writeHead(response.status, reason, headers);
  }
  if (isHead || response.body === null) res.end();
  else res.end(bytesOnly ? Buffer.from(response.body, 'utf8') : response.body);
  hooks.observe({
    kind: 'response',
    remoteAddress: req.socket.remoteAddress ?? '-',
    role,
    method: raw.method,
    url,
    httpVersion: req.httpVersion,
    status: response.status,
    contentLength,
    referer: header(raw, 'referer') ?? '',
    userAgent: header(raw, 'user-agent') ?? '',
  });
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
    req.resume();
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
