// Binding the API and admin sockets: PostgREST's special host values, unix sockets with a mode,
// SO_REUSEPORT, and a listening socket handed over by systemd (LISTEN_FDS).

import { chmodSync, existsSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type BindTarget =
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number; readonly reusePort: boolean }
  | { readonly kind: 'unix'; readonly path: string; readonly mode: number }
  | { readonly kind: 'fd'; readonly fd: number };

/** PostgREST's kernel backlog for the main socket: max(2048, SOMAXCONN). */
const BACKLOG = 2048;

const SPECIAL_HOSTS: ReadonlySet<string> = new Set(['*', '*4', '!4', '*6', '!6']);

/** A Warp wildcard rather than a host one can connect to. */
export function isSpecialHost(host: string): boolean {
  return SPECIAL_HOSTS.has(host);
}

/**
 * PostgREST (Warp) host values: `*` any address (dual stack), `*4` any, IPv4 preferred,
 * `!4` IPv4 only, `*6` any, IPv6 preferred, `!6` IPv6 only; anything else is a host name or address.
 */
export function resolveHost(host: string): { readonly host: string; readonly ipv6Only: boolean } {
  switch (host) {
    case '*':
    case '*6':
      return { host: '::', ipv6Only: false };
    case '*4':
    case '!4':
      return { host: '0.0.0.0', ipv6Only: false };
    case '!6':
      return { host: '::', ipv6Only: true };
    default:
      return { host, ipv6Only: false };
  }
}

/** Binds `server`; resolves with the address for the "listening on" log line. */
export async function bind(server: Server, target: BindTarget): Promise<string> {
  switch (target.kind) {
    case 'unix': {
      // A stale file from a crashed run would make listen() fail with EADDRINUSE.
      if (existsSync(target.path)) rmSync(target.path);
      await listen(server, { path: target.path });
      chmodSync(target.path, target.mode);
      return target.path;
    }
    case 'fd':
      // Node calls listen() on the inherited socket again, with 511 unless told otherwise: keep the
      // same backlog as our own sockets rather than silently shrinking the unit's Backlog=. (For a
      // handle Node reads the backlog from the second argument only, not from the options.)
      await listen(server, { fd: target.fd }, BACKLOG);
      return describe(server);
    case 'tcp': {
      const { host, ipv6Only } = resolveHost(target.host);
      await listen(server, { host, port: target.port, ipv6Only, reusePort: target.reusePort, backlog: BACKLOG });
      return describe(server);
    }
  }
}

function listen(server: Server, options: Parameters<Server['listen']>[0], backlog?: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    const done = (): void => {
      server.off('error', onError);
      resolve();
    };
    if (backlog === undefined) server.listen(options, done);
    else server.listen(options, backlog, done);
  });
}

export function describe(server: Server): string {
  const address = server.address();
  if (address === null) return '';
  if (typeof address === 'string') return address;
  return formatAddress(address);
}

function formatAddress(a: AddressInfo): string {
  return a.family === 'IPv6' ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}

/** The TCP port the server is bound to, if any. */
export function boundPort(server: Server): number | null {
  const address = server.address();
  return address !== null && typeof address === 'object' ? address.port : null;
}

/**
 * systemd socket activation (sd_listen_fds): the first passed descriptor is fd 3, and only
 * when LISTEN_PID names this process (a child must not take its parent's sockets).
 */
export function systemdListenFd(env: NodeJS.ProcessEnv, pid: number): number | null {
  if (env.LISTEN_PID === undefined || Number(env.LISTEN_PID) !== pid) return null;
  const count = Number(env.LISTEN_FDS ?? '0');
  return Number.isInteger(count) && count >= 1 ? 3 : null;
}
