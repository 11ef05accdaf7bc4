// One load-generator run against one server, whichever tool produced it.

export type LoadTool = 'wrk' | 'builtin';

export interface LoadResult {
  readonly tool: LoadTool;
  readonly requests: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Responses outside 2xx (wrk: outside 2xx/3xx; neither server redirects). */
  readonly non2xx: number;
  /** connect, read, write and timeout errors. */
  readonly socketErrors: number;
  /** CPU seconds the load generator itself used (wrk: from /proc; built-in: this process). */
  readonly generatorCpuSeconds: number;
}

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly durationSeconds: number;
}
