// The effective configuration: PostgREST v16's keys, camel-cased, with their types and defaults
// already applied. Loaded by config/load.ts from the file, PGRST_* variables and the database.

export type LogLevel = 'crit' | 'error' | 'warn' | 'info' | 'debug';
export type OpenApiMode = 'follow-privileges' | 'ignore-privileges' | 'disabled';
export type TxEnd = 'commit' | 'commit-allow-override' | 'rollback' | 'rollback-allow-override';
export type Verbosity = 'verbose' | 'minimal';

export interface AppConfig {
  readonly adminServerHost: string;
  /** null: no admin server over TCP. */
  readonly adminServerPort: number | null;
  readonly adminServerUnixSocket: string | null;
  /** File mode bits, e.g. 0o660. */
  readonly adminServerUnixSocketMode: number;
  /** `app.settings.*`, without the prefix, in file order. */
  readonly appSettings: ReadonlyArray<readonly [string, string]>;
  readonly clientErrorVerbosity: Verbosity;
  readonly dbAggregatesEnabled: boolean;
  readonly dbAnonRole: string | null;
  readonly dbChannel: string;
  readonly dbChannelEnabled: boolean;
  readonly dbConfig: boolean;
  readonly dbExtraSearchPath: ReadonlyArray<string>;
  readonly dbHoistedTxSettings: ReadonlyArray<string>;
  readonly dbMaxRows: number | null;
  readonly dbPlanEnabled: boolean;
  readonly dbPool: number;
  /** Seconds. */
  readonly dbPoolAcquisitionTimeout: number;
  readonly dbPoolAutomaticRecovery: boolean;
  /** Seconds. */
  readonly dbPoolMaxIdletime: number;
  /** Seconds. */
  readonly dbPoolMaxLifetime: number;
  /** `schema.function`, run at the start of every schema-cache load to set `pgrst.*` settings. */
  readonly dbPreConfig: string | null;
  readonly dbPreRequest: string | null;
  readonly dbPreparedStatements: boolean;
  readonly dbRootSpec: string | null;
  /** Never empty; the first one is the default schema. */
  readonly dbSchemas: ReadonlyArray<string>;
  readonly dbTxEnd: TxEnd;
  /** As written: a URI, `key=value` pairs, or PostgREST's default `postgresql://` (libpq environment). */
  readonly dbUri: string;
  readonly jwtAud: string | null;
  readonly jwtCacheMaxEntries: number;
  readonly jwtRoleClaimKey: string;
  readonly jwtSecret: string | null;
  readonly jwtSecretIsBase64: boolean;
  readonly logLevel: LogLevel;
  readonly logQuery: boolean;
  readonly openapiMode: OpenApiMode;
  readonly openapiSecurityActive: boolean;
  readonly openapiServerProxyUri: string | null;
  /** null: any origin. */
  readonly serverCorsAllowedOrigins: ReadonlyArray<string> | null;
  readonly serverHost: string;
  readonly serverPort: number;
  readonly serverReuseport: boolean;
  readonly serverTimingEnabled: boolean;
  readonly serverTraceHeader: string | null;
  readonly serverUnixSocket: string | null;
  readonly serverUnixSocketMode: number;
  readonly urlUseLegacyTargetNames: boolean;
  /** Test knobs (PGRST_INTERNAL_SCHEMA_CACHE_QUERY_SLEEP…): milliseconds of pg_sleep in each load. */
  readonly internalSchemaCacheQuerySleep: number | null;
  readonly internalSchemaCacheQuerySleepBeforeQueries: number | null;
}
