// `--dump-config`: the effective configuration in PostgREST v16's format (Config.hs toText), which is
// itself a valid config file: one `key = value` line per key, lines sorted, app.settings.* included.

import type { AppConfig } from './app-config.ts';
import { decodeJwtSecret } from './load.ts';

type Dumper = (config: AppConfig) => string;

/**
 * A config-file string. PostgREST escapes only double quotes, so its dump of a value containing a
 * backslash does not read back; we escape backslashes too (identical output for every other value).
 */
function quote(text: string): string {
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

const bool = (value: boolean): string => String(value);
const str = (value: string | null): string => quote(value ?? '');
const csv = (value: ReadonlyArray<string> | null): string => quote((value ?? []).join(','));
const optionalInt = (value: number | null): string => (value === null ? '""' : String(value));
const octal = (mode: number): string => quote(mode.toString(8));

/** One entry per dumped key (every catalog key but app.settings.* and the internal knobs). */
export const DUMPERS: Readonly<Record<string, Dumper>> = {
  'admin-server-host': (c) => str(c.adminServerHost),
  'admin-server-port': (c) => optionalInt(c.adminServerPort),
  'admin-server-unix-socket': (c) => str(c.adminServerUnixSocket),
  'admin-server-unix-socket-mode': (c) => octal(c.adminServerUnixSocketMode),
  'client-error-verbosity': (c) => str(c.clientErrorVerbosity),
  'db-aggregates-enabled': (c) => bool(c.dbAggregatesEnabled),
  'db-anon-role': (c) => str(c.dbAnonRole),
  'db-channel': (c) => str(c.dbChannel),
  'db-channel-enabled': (c) => bool(c.dbChannelEnabled),
  'db-config': (c) => bool(c.dbConfig),
  'db-extra-search-path': (c) => csv(c.dbExtraSearchPath),
  'db-hoisted-tx-settings': (c) => csv(c.dbHoistedTxSettings),
  'db-max-rows': (c) => optionalInt(c.dbMaxRows),
  'db-plan-enabled': (c) => bool(c.dbPlanEnabled),
  'db-pool': (c) => String(c.dbPool),
  'db-pool-acquisition-timeout': (c) => String(c.dbPoolAcquisitionTimeout),
  'db-pool-automatic-recovery': (c) => bool(c.dbPoolAutomaticRecovery),
  'db-pool-max-idletime': (c) => String(c.dbPoolMaxIdletime),
  'db-pool-max-lifetime': (c) => String(c.dbPoolMaxLifetime),
  'db-pre-config': (c) => str(c.dbPreConfig),
  'db-pre-request': (c) => str(c.dbPreRequest),
  'db-prepared-statements': (c) => bool(c.dbPreparedStatements),
  'db-root-spec': (c) => str(c.dbRootSpec),
  'db-schemas': (c) => csv(c.dbSchemas),
  'db-tx-end': (c) => str(c.dbTxEnd),
  'db-uri': (c) => str(c.dbUri),
  'jwt-aud': (c) => str(c.jwtAud),
  'jwt-cache-max-entries': (c) => String(c.jwtCacheMaxEntries),
  // The dump must read back as the same path, and configurator would interpolate a bare `$`.
  'jwt-role-claim-key': (c) => str(c.jwtRoleClaimKey.replaceAll('$', () => '$$')),
  'jwt-secret': (c) => str(dumpJwtSecret(c)),
  'jwt-secret-is-base64': (c) => bool(c.jwtSecretIsBase64),
  'log-level': (c) => str(c.logLevel),
  'log-query': (c) => bool(c.logQuery),
  'openapi-mode': (c) => str(c.openapiMode),
  'openapi-security-active': (c) => bool(c.openapiSecurityActive),
  'openapi-server-proxy-uri': (c) => str(c.openapiServerProxyUri),
  'server-cors-allowed-origins': (c) => csv(c.serverCorsAllowedOrigins),
  'server-host': (c) => str(c.serverHost),
  'server-port': (c) => String(c.serverPort),
  'server-reuseport': (c) => bool(c.serverReuseport),
  'server-timing-enabled': (c) => bool(c.serverTimingEnabled),
  'server-trace-header': (c) => str(c.serverTraceHeader),
  'server-unix-socket': (c) => str(c.serverUnixSocket),
  'server-unix-socket-mode': (c) => octal(c.serverUnixSocketMode),
  'url-use-legacy-target-names': (c) => bool(c.urlUseLegacyTargetNames),
};

/** A base64 secret is printed in canonical base64 (PostgREST decodes it at load and re-encodes it here). */
function dumpJwtSecret(config: AppConfig): string {
  if (config.jwtSecret === null || !config.jwtSecretIsBase64) return config.jwtSecret ?? '';
  return decodeJwtSecret(config.jwtSecret, true)?.toString('base64') ?? config.jwtSecret;
}

/** Sorts like Haskell's Text ordering: by code point, not by UTF-16 unit. */
function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < x.length && i < y.length; i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Every key as a `key = value` line, the whole lines sorted, each ending in a newline. */
export function dumpConfig(config: AppConfig): string {
  const lines = Object.entries(DUMPERS).map(([key, dump]) => `${key} = ${dump(config)}`);
  for (const [name, value] of config.appSettings) lines.push(`app.settings.${name} = ${quote(value)}`);
  return lines
    .sort(compareCodePoints)
    .map((line) => `${line}\n`)
    .join('');
}
