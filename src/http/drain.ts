// Graceful shutdown of an HTTP server without cutting anyone off. Node's server.close() also
// destroys every connection without a request in flight — including one accepted a moment ago
// whose request bytes have not arrived, which a client sees as a reset. Instead: stop accepting,
// close connections that are idle between requests, and give fresh connections a grace period
// to send their request (answered with `Connection: close`).

import type { Server } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

interface SocketState {
  served: number;
  busy: boolean;
}

export interface Drainer {
  /** Resolves when the last connection has closed. */
  drain(graceMs: number): Promise<void>;
}

export function trackConnections(server: Server): Drainer {
  const sockets = new Map<Socket, SocketState>();
  let draining = false;
  server.on('connection', (socket: Socket) => {
    sockets.set(socket, { served: 0, busy: false });
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', (req, res) => {
    const state = sockets.get(req.socket);
    if (state === undefined) return;
    state.busy = true;
    res.once('finish', () => {
      state.busy = false;
      state.served++;
      if (draining) req.socket.end();
    });
  });
  return {
    drain(graceMs) {
      draining = true;
      const closed = new Promise<void>((resolve) => {
        if (!server.listening) resolve();
        // net.Server.close: stop accepting without http.Server's closeIdleConnections().
        else NetServer.prototype.close.call(server, () => resolve());
      });
      for (const [socket, state] of sockets) {
        if (!state.busy && state.served > 0) socket.end();
      }
      const timer = setTimeout(() => {
        for (const [socket, state] of sockets) if (!state.busy) socket.destroy();
      }, graceMs);
      return closed.then(() => clearTimeout(timer));
    },
  };
}
