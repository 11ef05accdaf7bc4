// Per-scenario figures derived from the raw rounds: medians, spreads, ratios and targets. Both
// reports (Markdown and SVG) read these, so they always agree.
import type { ContenderResult, ScenarioResult } from './results.ts';
import { median, type Summary, summarize } from './stats.ts';

export interface ContenderSummary {
  readonly available: boolean;
  readonly reason: string | null;
  readonly rps: Summary;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly serverCpuUsPerRequest: number;
  readonly pgCpuUsPerRequest: number;
  readonly errors: number;
  readonly peakRssBytes: number;
  /** Cores' worth of other processes' work during the runs (median). */
  readonly otherCores: number;
}

export interface ScenarioSummary {
  readonly result: ScenarioResult;
  readonly restgres: ContenderSummary;
  readonly postgrest: ContenderSummary;
  readonly ceiling: { readonly available: boolean; readonly tps: Summary; readonly pgCpuUsPerTx: number };
  /** restgres ÷ PostgREST req/s (medians); NaN when either is missing. */
  readonly ratio: number;
  /** restgres req/s ÷ pgbench tps (medians). */
  readonly ofCeiling: number;
  readonly target: ScenarioTarget;
}

export interface ScenarioTarget {
  readonly minRatio: number;
  readonly minOfCeiling: number | null;
  readonly lowerP99: boolean;
  /** null when restgres has no figures for this scenario. */
  readonly met: boolean | null;
}

/** restgres RSS under load, bytes (issue: ≤ 150 MB). */
export const RSS_UNDER_LOAD_TARGET = 150e6;

function contender(c: ContenderResult): ContenderSummary {
  const runs = c.runs;
  const perRequest = (pick: (r: (typeof runs)[number]) => number) =>
    median(runs.filter((r) => r.requests > 0).map((r) => (pick(r) / r.requests) * 1e6));
  return {
    available: c.available && runs.length > 0,
    reason: c.reason,
    rps: summarize(runs.map((r) => r.requestsPerSecond)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    serverCpuUsPerRequest: perRequest((r) => r.serverCpuSeconds),
    pgCpuUsPerRequest: perRequest((r) => r.pgCpuSeconds),
    errors: runs.reduce((n, r) => n + r.non2xx + r.socketErrors, 0),
    peakRssBytes: c.peakRssBytes,
    // Clock-tick rounding can leave a hair below zero on an idle machine.
    otherCores: Math.max(0, median(runs.map((r) => r.otherCpuSeconds / r.seconds))),
  };
}

function targetFor(name: string): Omit<ScenarioTarget, 'met'> {
  if (name === 'get-one') return { minRatio: 4, minOfCeiling: 0.5, lowerP99: true };
  if (name === 'post-bulk') return { minRatio: 2, minOfCeiling: null, lowerP99: false };
  return { minRatio: 3, minOfCeiling: null, lowerP99: false };
}

export function summarizeScenario(result: ScenarioResult): ScenarioSummary {
  const restgres = contender(result.restgres);
  const postgrest = contender(result.postgrest);
  const ceilingRuns = result.ceiling.runs;
  const ceiling = {
    available: ceilingRuns.length > 0,
    tps: summarize(ceilingRuns.map((r) => r.tps)),
    pgCpuUsPerTx: median(
      ceilingRuns.filter((r) => r.transactions > 0).map((r) => (r.pgCpuSeconds / r.transactions) * 1e6),
    ),
  };
  const ratio = restgres.rps.median / postgrest.rps.median;
  const ofCeiling = restgres.rps.median / ceiling.tps.median;
  const t = targetFor(result.name);
  let met: boolean | null = null;
  if (restgres.available && postgrest.available) {
    met =
      ratio >= t.minRatio &&
      (!t.lowerP99 || restgres.p99Ms < postgrest.p99Ms) &&
      (t.minOfCeiling === null || ofCeiling >= t.minOfCeiling);
  }
  return { result, restgres, postgrest, ceiling, ratio, ofCeiling, target: { ...t, met } };
}
