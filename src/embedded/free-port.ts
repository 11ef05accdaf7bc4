// TCP port helpers for the embedded PostgreSQL and the test harness: probe whether a port is free,
// and pick a free one.
import net from 'node:net';

/** Thrown when a port we were asked to listen on is taken; callers may retry with another port. */
export class PortInUseError extends Error {
  readonly port: number;
  readonly host: string;

  constructor(port: number, host: string, message?: string) {
    super(message ?? `port ${port} on ${host} is already in use`);
    this.name = 'PortInUseError';
    this.port = port;
    this.host = host;
  }
}

/** Whether `host:port` can be bound right now (a plain listen, closed again at once). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') resolve(false);
      else reject(err);
    });
    // exclusive: with cluster workers Node would otherwise share the handle and always succeed.
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export interface FindFreePortOptions {
  readonly host?: string;
  /**
   * Inclusive range to pick from. The default sits below Linux's ephemeral range (32768–60999), so
   * the port is not also handed out as the source port of some outgoing connection (e.g. restgres
   * → PostgreSQL) between our probe and the real bind.
   */
  readonly range?: readonly [number, number];
}

// Ports this process already handed out: the probe closes its socket, so without this list two
// calls in a row could return the same port before either is really bound.
const handedOut = new Set<number>();

/**
 * A port that is free on `host` right now: random picks from `range`, probed with a plain listen;
 * after 50 misses, whatever the kernel assigns for port 0. There is always a small window between
 * the probe and the caller's bind; callers that can retry should (see PortInUseError).
 */
export async function findFreePort(options: FindFreePortOptions = {}): Promise<number> {
  const host = options.host ?? '127.0.0.1';
  const [lo, hi] = options.range ?? [20000, 32767];
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = lo + Math.floor(Math.random() * (hi - lo + 1));
    if (handedOut.has(port)) continue;
    if (await isPortFree(port, host)) {
      handedOut.add(port);
      return port;
    }
  }
  for (let attempt = 0; attempt < 10; attempt++) {
    const port = await kernelAssignedPort(host);
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`could not find a free TCP port on ${host}`);
}

function kernelAssignedPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}
