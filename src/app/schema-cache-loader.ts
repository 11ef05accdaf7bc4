// The retry loop around single load attempts (PostgREST: AppState/Reload.hs). Triggers that
// arrive while a run is going collapse into one more run after it; a trigger during a backoff
// wait starts the next attempt at once (the listener reconnecting means the database is back).

import { InternalError } from '../errors/internal-error.ts';
import { PgrstError } from '../errors/pgrst-error.ts';
import type { Observer } from './observation.ts';
import { INITIAL_STATUS, type SchemaCacheStatus, transition } from './schema-cache-status.ts';

export interface LoaderConfig {
  /** One load attempt; throws a PgrstError when it fails. */
  readonly attempt: () => Promise<void>;
  readonly observe: Observer;
  /** Whether to retry after a failure (db-pool-automatic-recovery). */
  readonly retry: () => boolean;
  /** A failure without retry: the process should exit. */
  readonly onGiveUp: (error: PgrstError) => void;
  readonly now?: () => number;
}

/** Pause after each run, like PostgREST's debouncer, so a burst of NOTIFYs costs one extra load. */
const COOLDOWN_MS = 100;

export class SchemaCacheLoader {
  readonly #config: LoaderConfig;
  readonly #now: () => number;
  #status: SchemaCacheStatus = INITIAL_STATUS;
  #running = false;
  #pending = false;
  #stopped = false;
  #wake: (() => void) | null = null;
  #waiters: Array<{ readonly done: (s: SchemaCacheStatus) => boolean; readonly resolve: () => void }> = [];

  constructor(config: LoaderConfig) {
    this.#config = config;
    this.#now = config.now ?? Date.now;
  }

  get status(): SchemaCacheStatus {
    return this.#status;
  }

  /** Asks for a load; coalesced with any run in progress. */
  trigger(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#pending = true;
      this.#wake?.();
      return;
    }
    this.#running = true;
    void this.#loop();
  }

  /** Resolves once the first attempt has ended, successfully or not (or on stop). */
  firstAttemptDone(): Promise<void> {
    return this.#until((s) => s.kind === 'loaded' || s.kind === 'failed');
  }

  /** Resolves once a load has succeeded (or on stop). */
  loaded(): Promise<void> {
    return this.#until((s) => s.kind === 'loaded');
  }

  stop(): void {
    this.#stopped = true;
    this.#wake?.();
    for (const w of this.#waiters.splice(0)) w.resolve();
  }

  #until(done: (s: SchemaCacheStatus) => boolean): Promise<void> {
    if (this.#stopped || done(this.#status)) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ done, resolve }));
  }

  #set(status: SchemaCacheStatus): void {
    this.#status = status;
    this.#waiters = this.#waiters.filter((w) => {
      if (!w.done(status)) return true;
      w.resolve();
      return false;
    });
  }

  async #loop(): Promise<void> {
    try {
      do {
        this.#pending = false;
        await this.#retrying();
        if (!this.#stopped) await this.#sleep(COOLDOWN_MS, false);
      } while (this.#pending && !this.#stopped);
    } finally {
      this.#running = false;
    }
  }

  /** Attempts until one succeeds, backing off 1, 2, 4 … 32 s between them. */
  async #retrying(): Promise<void> {
    for (;;) {
      if (this.#stopped) return;
      this.#set(transition(this.#status, { kind: 'attemptStarted' }));
      try {
        await this.#config.attempt();
        this.#set(transition(this.#status, { kind: 'attemptSucceeded', at: this.#now() }));
        return;
      } catch (thrown) {
        const error = thrown instanceof PgrstError ? thrown : InternalError.from(thrown);
        const failed = transition(this.#status, { kind: 'attemptFailed', error, at: this.#now() });
        this.#set(failed);
        if (this.#stopped) return;
        if (!this.#config.retry()) {
          this.#config.onGiveUp(error);
          return;
        }
        if (failed.kind !== 'failed') return;
        const delayMs = failed.nextAttemptAt - this.#now();
        this.#config.observe({ kind: 'connectionRetry', delaySeconds: Math.round(delayMs / 1000) });
        await this.#sleep(delayMs, true);
        // A trigger that cut the wait short is served by the attempt that follows.
        this.#pending = false;
      }
    }
  }

  /** Sleeps; stop() always cuts it short, a trigger only when `interruptible`. */
  #sleep(ms: number, interruptible: boolean): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = null;
        resolve();
      }, ms);
      this.#wake = () => {
        if (!interruptible && !this.#stopped) return;
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
    });
  }
}
