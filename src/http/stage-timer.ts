// Server-Timing (server-timing-enabled): how long each stage of a request took, in PostgREST's
// header format. A disabled timer does nothing, so the pipeline needs no branches for it.

import type { HttpResponse } from '../response/http-response.ts';

export type Stage = 'jwt' | 'parse' | 'plan' | 'transaction' | 'response';

export class StageTimer {
  readonly #enabled: boolean;
  readonly #durations: Array<readonly [Stage, number]> = [];
  #last = 0;

  constructor(enabled: boolean) {
    this.#enabled = enabled;
  }

  /** Starts a stage; the time since the last one ended is not counted. */
  start(): void {
    if (this.#enabled) this.#last = performance.now();
  }

  /** Ends `stage` now; the next stage starts at the same moment. */
  end(stage: Stage): void {
    if (!this.#enabled) return;
    const now = performance.now();
    this.#durations.push([stage, now - this.#last]);
    this.#last = now;
  }

  /** Ends `stage` and passes `value` through, for `return timer.ended('response', build())`. */
  ended<T>(stage: Stage, value: T): T {
    this.end(stage);
    return value;
  }

  /** The response with `Server-Timing: jwt;dur=0.1, parse;dur=0.2, …` (milliseconds). */
  addHeader(response: HttpResponse): HttpResponse {
    if (!this.#enabled || this.#durations.length === 0) return response;
    const value = this.#durations.map(([stage, ms]) => `${stage};dur=${ms.toFixed(1)}`).join(', ');
    return { ...response, headers: [...response.headers, ['Server-Timing', value]] };
  }
}
