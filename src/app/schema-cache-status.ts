// The schema-cache loader's state as a pure transition function (PostgREST #4856 asked for this
// split: one load attempt is a unit, the retry loop is another). /ready, /metrics, the 503's
// Retry-After and the logs all read this value.

import type { PgrstError } from '../errors/pgrst-error.ts';
import { backoffSeconds } from '../util/backoff.ts';

export type SchemaCacheStatus =
  | { readonly kind: 'initial' }
  /** `previous` tells a reload (the old cache keeps serving) from a first load or a retry. */
  | { readonly kind: 'loading'; readonly previous: 'initial' | 'loaded' | 'failed'; readonly failures: number }
  | { readonly kind: 'loaded'; readonly at: number }
  | {
      readonly kind: 'failed';
      readonly error: PgrstError;
      /** Consecutive failed attempts, this one included. */
      readonly failures: number;
      readonly nextAttemptAt: number;
    };

export type LoaderEvent =
  | { readonly kind: 'attemptStarted' }
  | { readonly kind: 'attemptSucceeded'; readonly at: number }
  | { readonly kind: 'attemptFailed'; readonly error: PgrstError; readonly at: number };

export const INITIAL_STATUS: SchemaCacheStatus = { kind: 'initial' };

export function transition(status: SchemaCacheStatus, event: LoaderEvent): SchemaCacheStatus {
  switch (event.kind) {
    case 'attemptStarted':
      return {
        kind: 'loading',
        previous: status.kind === 'loading' ? status.previous : status.kind,
        failures: failuresOf(status),
      };
    case 'attemptSucceeded':
      return { kind: 'loaded', at: event.at };
    case 'attemptFailed': {
      const failures = failuresOf(status) + 1;
      return {
        kind: 'failed',
        error: event.error,
        failures,
        nextAttemptAt: event.at + backoffSeconds(failures - 1) * 1000,
      };
    }
  }
}

function failuresOf(status: SchemaCacheStatus): number {
  return status.kind === 'failed' || status.kind === 'loading' ? status.failures : 0;
}

/**
 * Whether /ready may say 200 as far as the schema cache goes: loaded, or reloading a cache that
 * was loaded (PostgREST keeps reporting ready while a reload queries).
 */
export function isSchemaCacheReady(status: SchemaCacheStatus): boolean {
  return status.kind === 'loaded' || (status.kind === 'loading' && status.previous === 'loaded');
}

/** Whole seconds until the next load attempt, for Retry-After on PGRST002. */
export function retryAfterSeconds(status: SchemaCacheStatus, now: number): number {
  switch (status.kind) {
    case 'failed':
      return Math.max(0, Math.ceil((status.nextAttemptAt - now) / 1000));
    case 'loading':
      // An attempt is running; if it fails, the next one is this far away.
      return backoffSeconds(status.failures);
    default:
      return 0;
  }
}
