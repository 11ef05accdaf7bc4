// PostgREST's retry schedule: 1, 2, 4, 8, 16, 32, 32, … seconds.

export const MAX_BACKOFF_SECONDS = 32;

/** @param failures how many attempts have failed before this wait (0 for the first wait). */
export function backoffSeconds(failures: number): number {
  return Math.min(MAX_BACKOFF_SECONDS, 2 ** Math.min(failures, 5));
}
