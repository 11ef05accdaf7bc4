// The shape of a benchmark run's results: what run.ts measures and the reports render.
import type { LoadResult } from './load/load-result.ts';
import type { MachineInfo } from './machine.ts';
import type { PgbenchResult } from './pgbench.ts';

export interface Measured {
  /** CPU seconds of PostgreSQL (postmaster and all its children) over the run. */
  readonly pgCpuSeconds: number;
  /** Busy CPU seconds of the whole machine not accounted for by the processes we measured. */
  readonly otherCpuSeconds: number;
}

export interface ServerRun extends LoadResult, Measured {
  readonly serverCpuSeconds: number;
}

export interface CeilingRun extends PgbenchResult, Measured {}

export interface ContenderResult {
  readonly available: boolean;
  /** Why not available, or why a run failed. */
  readonly reason: string | null;
  readonly runs: ReadonlyArray<ServerRun>;
  /** VmHWM over this scenario's warm-up and rounds. */
  readonly peakRssBytes: number;
}

export interface CeilingResult {
  readonly available: boolean;
  readonly reason: string | null;
  readonly script: string | null;
  /** The -D values of the script (long ones shortened). */
  readonly defines: Readonly<Record<string, string>>;
  readonly randomId: boolean;
  readonly runs: ReadonlyArray<CeilingRun>;
}

export interface ScenarioResult {
  readonly name: string;
  readonly title: string;
  readonly needs: string;
  readonly method: string;
  readonly path: string;
  readonly restgres: ContenderResult;
  readonly postgrest: ContenderResult;
  readonly ceiling: CeilingResult;
}

export interface HotPathSettings {
  readonly pool: number;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly rounds: number;
  readonly transport: string;
  readonly dataset: string;
  readonly smoke: boolean;
}

export interface ServerStartup {
  readonly readyMs: number | null;
  readonly idleRssBytes: number;
}

export interface HotPathResults {
  readonly settings: HotPathSettings;
  readonly startup: { readonly restgres: ServerStartup; readonly postgrest: ServerStartup };
  readonly scenarios: ReadonlyArray<ScenarioResult>;
}

export interface ScaleRun {
  readonly readyMs: number | null;
  /** From spawn to the log line announcing the loaded schema cache. */
  readonly cacheLineMs: number | null;
  /** restgres' own figures from its log lines; PostgREST 12.0.2 prints none. */
  readonly cacheQueriedMs: number | null;
  readonly cacheLoadedMs: number | null;
  readonly rssAfterLoadBytes: number;
  /** The first embed request right after /ready: null when it timed out. */
  readonly firstEmbedMs: number | null;
  readonly firstEmbedStatus: number | null;
  /** The embed answered 2xx and an embed of a non-existent table did not: relationships are resolved. */
  readonly embedVerified: boolean;
  readonly rssAfterEmbedBytes: number;
  readonly note: string | null;
}

export interface ScaleResult {
  readonly tables: number;
  readonly generateSeconds: number;
  readonly embedPath: string;
  readonly restgres: ReadonlyArray<ScaleRun>;
  readonly postgrest: ReadonlyArray<ScaleRun>;
}

export interface ScaleResults {
  readonly timeoutSeconds: number;
  readonly sizes: ReadonlyArray<ScaleResult>;
}

export interface BenchResults {
  readonly machine: MachineInfo;
  readonly note: string | null;
  readonly finishedAt: string;
  readonly loadAverageAtEnd: ReadonlyArray<number>;
  readonly hotPath: HotPathResults | null;
  readonly scale: ScaleResults | null;
}
