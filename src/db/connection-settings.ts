// db-uri → node-postgres client settings. libpq keywords the driver does not know are handled
// here: several hosts (tried in order), target_session_attrs, sslmode and connect_timeout.

import { readFileSync } from 'node:fs';
import type { ClientConfig } from 'pg';
import { parseDbUri } from '../config/db-uri.ts';
import type { ConnectTarget } from './db-error.ts';

export type TargetSessionAttrs = 'any' | 'read-write' | 'read-only' | 'primary' | 'standby' | 'prefer-standby';

export interface ConnectionSettings {
  /** Everything but host and port. */
  readonly base: ClientConfig;
  /** Empty: let the driver use PGHOST/PGPORT or its defaults. */
  readonly targets: ReadonlyArray<ConnectTarget>;
  readonly targetSessionAttrs: TargetSessionAttrs;
}

const TARGET_ATTRS: ReadonlyArray<TargetSessionAttrs> = [
  'any',
  'read-write',
  'read-only',
  'primary',
  'standby',
  'prefer-standby',
];

/**
 * @param applicationName sent as fallback_application_name, like PostgREST does with its version,
 *   so pg_stat_activity shows who is connected unless the URI names the application itself.
 */
export function connectionSettings(dbUri: string, applicationName: string): ConnectionSettings {
  const p = parseDbUri(dbUri);
  const env = process.env;
  const base: ClientConfig = {
    application_name: p.application_name ?? env.PGAPPNAME ?? p.fallback_application_name ?? applicationName,
    keepAlive: true,
    ...(p.user === undefined ? {} : { user: p.user }),
    ...(p.password === undefined ? {} : { password: p.password }),
    ...(p.dbname === undefined ? {} : { database: p.dbname }),
    ...(p.options === undefined ? {} : { options: p.options }),
    ...(p.connect_timeout === undefined ? {} : { connectionTimeoutMillis: Number(p.connect_timeout) * 1000 }),
    ...sslConfig(p.sslmode ?? env.PGSSLMODE, p),
  };
  const hosts = (p.host ?? p.hostaddr ?? env.PGHOST ?? '').split(',').filter((h) => h !== '');
  // libpq allows one port for all hosts, or one per host with empty items meaning the default.
  const ports = (p.port ?? env.PGPORT ?? '').split(',').map((n) => (n === '' ? 5432 : Number(n)));
  const targets = hosts.map((host, i) => ({ host, port: ports[i] ?? ports[0] ?? 5432 }));
  const attrs = p.target_session_attrs ?? env.PGTARGETSESSIONATTRS ?? 'any';
  const targetSessionAttrs = TARGET_ATTRS.find((a) => a === attrs) ?? 'any';
  return { base, targets, targetSessionAttrs };
}

/** The same settings, but insisting on a primary: the listener must hear the primary's NOTIFYs. */
export function withReadWrite(settings: ConnectionSettings): ConnectionSettings {
  return { ...settings, targetSessionAttrs: 'read-write' };
}

function sslConfig(mode: string | undefined, p: Readonly<Record<string, string>>): Pick<ClientConfig, 'ssl'> {
  const file = (name: string | undefined): string | undefined =>
    name === undefined ? undefined : readFileSync(name, 'utf8');
  const files = {
    ...(p.sslrootcert === undefined ? {} : { ca: file(p.sslrootcert) }),
    ...(p.sslcert === undefined ? {} : { cert: file(p.sslcert) }),
    ...(p.sslkey === undefined ? {} : { key: file(p.sslkey) }),
  };
  switch (mode) {
    case 'require':
      return { ssl: { rejectUnauthorized: false, ...files } };
    case 'verify-ca':
      return { ssl: { rejectUnauthorized: true, checkServerIdentity: () => undefined, ...files } };
    case 'verify-full':
      return { ssl: { rejectUnauthorized: true, ...files } };
    default:
      // disable, allow, prefer: the driver cannot fall back from TLS to plain text, so stay plain.
      return { ssl: false };
  }
}
