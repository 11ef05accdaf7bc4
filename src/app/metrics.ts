// Prometheus metrics for the admin /metrics endpoint, under PostgREST's names (PostgREST:
// Metrics/*.hs), plus restgres_* gauges exposing the schema-cache load state.

import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Observation } from './observation.ts';
import type { SchemaCacheStatus } from './schema-cache-status.ts';

export interface PoolStats {
  readonly max: number;
  readonly open: number;
  readonly inUse: number;
  readonly waiting: number;
}

export interface MetricSources {
  readonly poolStats: () => PoolStats;
  readonly schemaCacheStatus: () => SchemaCacheStatus;
  readonly now: () => number;
}

const STATES: ReadonlyArray<SchemaCacheStatus['kind']> = ['initial', 'loading', 'loaded', 'failed'];

export class Metrics {
  readonly registry = new Registry();
  readonly #loads: Counter<'status'>;
  readonly #queryTime: Gauge;
  readonly #poolTimeouts: Counter;

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    this.#loads = new Counter({
      name: 'pgrst_schema_cache_loads_total',
      help: 'The total number of times the schema cache was loaded',
      labelNames: ['status'],
      registers,
    });
    this.#queryTime = new Gauge({
      name: 'pgrst_schema_cache_query_time_seconds',
      help: 'The query time in seconds of the last schema cache load',
      registers,
    });
    this.#poolTimeouts = new Counter({
      name: 'pgrst_db_pool_timeouts_total',
      help: 'The total number of pool connection timeouts',
      registers,
    });
    new Gauge({
      name: 'pgrst_db_pool_available',
      help: 'Available connections in the pool',
      registers,
      collect() {
        const s = sources.poolStats();
        this.set(s.open - s.inUse);
      },
    });
    new Gauge({
      name: 'pgrst_db_pool_waiting',
      help: 'Requests waiting to acquire a pool connection',
      registers,
      collect() {
        this.set(sources.poolStats().waiting);
      },
    });
    new Gauge({
      name: 'pgrst_db_pool_max',
      help: 'Max pool connections',
      registers,
      collect() {
        this.set(sources.poolStats().max);
      },
    });
    new Gauge({
      name: 'restgres_schema_cache_state',
      help: 'The state of the schema cache loader: 1 for the current state, 0 for the others',
      labelNames: ['state'],
      registers,
      collect() {
        const current = sources.schemaCacheStatus().kind;
        for (const state of STATES) this.set({ state }, state === current ? 1 : 0);
      },
    });
    new Gauge({
      name: 'restgres_schema_cache_next_retry_seconds',
      help: 'Seconds until the next schema cache load attempt after a failure, 0 otherwise',
      registers,
      collect() {
        const status = sources.schemaCacheStatus();
        this.set(status.kind === 'failed' ? Math.max(0, (status.nextAttemptAt - sources.now()) / 1000) : 0);
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  readonly observe = (o: Observation): void => {
    switch (o.kind) {
      case 'schemaCacheQueried':
        this.#queryTime.set(o.ms / 1000);
        return;
      case 'schemaCacheLoaded':
        this.#loads.inc({ status: 'SUCCESS' });
        return;
      case 'schemaCacheFailed':
        this.#loads.inc({ status: 'FAIL' });
        return;
      case 'poolAcquisitionTimeout':
        this.#poolTimeouts.inc();
        return;
    }
  };
}
