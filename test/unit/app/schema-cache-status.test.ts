// The schema-cache loader's pure state machine: transitions, readiness and Retry-After.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  INITIAL_STATUS,
  isSchemaCacheReady,
  type LoaderEvent,
  retryAfterSeconds,
  type SchemaCacheStatus,
  transition,
} from '../../../src/app/schema-cache-status.ts';
import { ConnectionError } from '../../../src/errors/connection-error.ts';

const error = ConnectionError.connection('connection refused\n');
const started: LoaderEvent = { kind: 'attemptStarted' };
const succeeded = (at: number): LoaderEvent => ({ kind: 'attemptSucceeded', at });
const failed = (at: number): LoaderEvent => ({ kind: 'attemptFailed', error, at });

/** Applies the events in order, from the initial status. */
function run(...events: LoaderEvent[]): SchemaCacheStatus {
  return events.reduce(transition, INITIAL_STATUS);
}

describe('transition', () => {
  const cases: ReadonlyArray<{ name: string; events: LoaderEvent[]; expected: SchemaCacheStatus }> = [
    { name: 'nothing happened yet', events: [], expected: { kind: 'initial' } },
    {
      name: 'first attempt running',
      events: [started],
      expected: { kind: 'loading', previous: 'initial', failures: 0 },
    },
    { name: 'first attempt succeeded', events: [started, succeeded(500)], expected: { kind: 'loaded', at: 500 } },
    {
      name: 'first attempt failed: next one 1 s later',
      events: [started, failed(1000)],
      expected: { kind: 'failed', error, failures: 1, nextAttemptAt: 2000 },
    },
    {
      name: 'a retry remembers the failures so far',
      events: [started, failed(1000), started],
      expected: { kind: 'loading', previous: 'failed', failures: 1 },
    },
    {
      name: 'second failure: 2 s',
      events: [started, failed(1000), started, failed(2000)],
      expected: { kind: 'failed', error, failures: 2, nextAttemptAt: 4000 },
    },
    {
      name: 'a reload of a loaded cache',
      events: [started, succeeded(1), started],
      expected: { kind: 'loading', previous: 'loaded', failures: 0 },
    },
    {
      name: 'a failed reload starts the backoff from 1 s',
      events: [started, succeeded(1), started, failed(100)],
      expected: { kind: 'failed', error, failures: 1, nextAttemptAt: 1100 },
    },
    {
      name: 'success resets the failures',
      events: [started, failed(0), started, failed(1000), started, succeeded(3000), started, failed(4000)],
      expected: { kind: 'failed', error, failures: 1, nextAttemptAt: 5000 },
    },
    {
      name: 'attemptStarted twice keeps what was before the first',
      events: [started, succeeded(1), started, started],
      expected: { kind: 'loading', previous: 'loaded', failures: 0 },
    },
  ];
  for (const { name, events, expected } of cases) {
    it(name, () => assert.deepEqual(run(...events), expected));
  }

  it('backs off 1, 2, 4, 8, 16, 32, 32 … seconds', () => {
    let status: SchemaCacheStatus = INITIAL_STATUS;
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      status = transition(transition(status, started), failed(10_000));
      assert.equal(status.kind, 'failed');
      if (status.kind === 'failed') waits.push((status.nextAttemptAt - 10_000) / 1000);
    }
    assert.deepEqual(waits, [1, 2, 4, 8, 16, 32, 32, 32]);
  });
});

describe('isSchemaCacheReady', () => {
  const cases: ReadonlyArray<{ status: SchemaCacheStatus; ready: boolean }> = [
    { status: run(), ready: false },
    { status: run(started), ready: false },
    { status: run(started, succeeded(1)), ready: true },
    // PostgREST keeps /ready at 200 while a loaded cache is being reloaded...
    { status: run(started, succeeded(1), started), ready: true },
    // ...and says 503 once that reload failed, even though the old cache keeps serving.
    { status: run(started, succeeded(1), started, failed(2)), ready: false },
    { status: run(started, succeeded(1), started, failed(2), started), ready: false },
    { status: run(started, failed(1)), ready: false },
    { status: run(started, failed(1), started), ready: false },
  ];
  for (const { status, ready } of cases) {
    it(`${JSON.stringify({ ...status, error: undefined })} → ${ready}`, () =>
      assert.equal(isSchemaCacheReady(status), ready));
  }
});

describe('retryAfterSeconds', () => {
  const failedAt1000 = run(started, failed(1000)); // next attempt at 2000
  const failedTwice = run(started, failed(0), started, failed(1000)); // next attempt at 3000
  const cases: ReadonlyArray<{ name: string; status: SchemaCacheStatus; now: number; expected: number }> = [
    { name: 'right after the first failure', status: failedAt1000, now: 1000, expected: 1 },
    { name: 'rounds up a part of a second', status: failedAt1000, now: 1999, expected: 1 },
    { name: 'the attempt is due', status: failedAt1000, now: 2000, expected: 0 },
    { name: 'never negative', status: failedAt1000, now: 5000, expected: 0 },
    { name: 'right after the second failure', status: failedTwice, now: 1000, expected: 2 },
    { name: 'counts down', status: failedTwice, now: 2000.5, expected: 1 },
    { name: 'first attempt running', status: run(started), now: 0, expected: 1 },
    {
      name: 'third attempt running: 4 s if it fails',
      status: run(started, failed(0), started, failed(1), started),
      now: 9,
      expected: 4,
    },
    { name: 'initial', status: run(), now: 0, expected: 0 },
    { name: 'loaded', status: run(started, succeeded(0)), now: 0, expected: 0 },
  ];
  for (const { name, status, now, expected } of cases) {
    it(name, () => assert.equal(retryAfterSeconds(status, now), expected));
  }
});
