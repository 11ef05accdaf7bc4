// The admin server (PostgREST: Admin.hs): /live, /ready, /metrics, /schema_cache, 404 otherwise.
// It starts first and never shares its socket, so every instance answers for itself.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface AdminProbe {
  /** The main socket is bound and serving. */
  readonly live: () => boolean;
  /** Schema cache loaded (or a loaded cache is being reloaded). */
  readonly schemaCacheReady: () => boolean;
  /** The database answers: the listener is connected, or a pool round trip succeeds. */
  readonly databaseReachable: () => Promise<boolean>;
  readonly metrics: () => Promise<string>;
  /** The schema cache as JSON text, or null before the first load. */
  readonly schemaCacheJson: () => string | null;
}

export function createAdminServer(probe: AdminProbe): Server {
  const server = createServer((req, res) => {
    handle(probe, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 5000;
  return server;
}

async function handle(probe: AdminProbe, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  switch (path) {
    case '/live':
      empty(res, probe.live() ? 200 : 500);
      return;
    case '/ready':
      empty(res, await readiness(probe));
      return;
    case '/metrics': {
      const text = await probe.metrics();
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    case '/schema_cache': {
      const json = probe.schemaCacheJson() ?? '';
      res.writeHead(200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(json),
      });
      res.end(json);
      return;
    }
    default:
      empty(res, 404);
  }
}

/** PostgREST's order: pending → 503, main app down → 500, database unreachable → 503, else 200. */
async function readiness(probe: AdminProbe): Promise<number> {
  if (!probe.schemaCacheReady()) return 503;
  if (!probe.live()) return 500;
  return (await probe.databaseReachable()) ? 200 : 503;
}

function empty(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'Content-Length': 0 });
  res.end();
}
