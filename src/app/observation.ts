// Everything worth logging or counting is an Observation (PostgREST: Observation.hs). Stages emit
// observations; logger.ts and metrics.ts decide what to print and what to count.

import type { PgrstError } from '../errors/pgrst-error.ts';

export type Observation =
  | { readonly kind: 'appStart'; readonly version: string }
  | { readonly kind: 'adminListening'; readonly address: string }
  | { readonly kind: 'apiListening'; readonly address: string }
  | { readonly kind: 'dbConnected'; readonly pgVersion: string }
  | { readonly kind: 'poolInit'; readonly size: number }
  | { readonly kind: 'pgVersionQueryFailed'; readonly error: PgrstError }
  | { readonly kind: 'unsupportedPgVersion'; readonly pgVersion: string; readonly minimum: string }
  | { readonly kind: 'noRecoveryExit' }
  | { readonly kind: 'fatalDbError'; readonly prefix: string; readonly error: PgrstError }
  | { readonly kind: 'configReadFailed'; readonly error: PgrstError }
  | { readonly kind: 'roleSettingsFailed'; readonly error: PgrstError }
  | { readonly kind: 'configInvalid'; readonly message: string }
  | { readonly kind: 'configReloaded' }
  | { readonly kind: 'schemaCacheQueried'; readonly ms: number; readonly timings: string }
  | { readonly kind: 'schemaCacheLoaded'; readonly ms: number; readonly summary: string }
  | {
      readonly kind: 'schemaCacheFailed';
      readonly schemas: ReadonlyArray<string>;
      readonly extraSearchPath: ReadonlyArray<string>;
      readonly error: PgrstError;
    }
  | { readonly kind: 'schemaCacheEmpty'; readonly error: PgrstError }
  | { readonly kind: 'connectionRetry'; readonly delaySeconds: number }
  | { readonly kind: 'listenerStart'; readonly pgVersion: string; readonly address: string; readonly channel: string }
  | { readonly kind: 'listenerFailed'; readonly channel: string; readonly message: string }
  | { readonly kind: 'listenerRetry'; readonly delaySeconds: number }
  | { readonly kind: 'listenerGotSchemaMessage'; readonly channel: string }
  | { readonly kind: 'listenerGotConfigMessage'; readonly channel: string }
  | { readonly kind: 'poolAcquisitionTimeout'; readonly error: PgrstError }
  | { readonly kind: 'poolFlushed' }
  | { readonly kind: 'poolConnection'; readonly id: number; readonly event: PoolConnectionEvent }
  | { readonly kind: 'serverError'; readonly error: PgrstError }
  | { readonly kind: 'terminationSignal'; readonly signal: string }
  | { readonly kind: 'warning'; readonly message: string }
  | { readonly kind: 'internalError'; readonly message: string }
  /** log-query: the statements of one request, logged when its status passes the log-level filter. */
  | { readonly kind: 'query'; readonly sql: ReadonlyArray<string>; readonly status: number }
  | {
      readonly kind: 'response';
      readonly remoteAddress: string;
      readonly role: string | null;
      readonly method: string;
      readonly url: string;
      readonly httpVersion: string;
      readonly status: number;
      readonly contentLength: number | null;
      readonly referer: string;
      readonly userAgent: string;
    };

export type PoolConnectionEvent =
  | 'is being established'
  | 'is available due to connection establishment'
  | 'is used'
  | 'is terminated due to max lifetime'
  | 'is terminated due to max idletime'
  | 'is terminated due to release'
  | 'is terminated due to network error'
  | 'is terminated due to init failure';

export type Observer = (observation: Observation) => void;
