// Turns observations into log lines (PostgREST: Logger.hs): diagnostics on stderr prefixed with the
// time, the access log on stdout in Apache format. log-level filters requests and chatty events;
// lifecycle lines are always printed.

import type { LogLevel } from '../config/app-config.ts';
import { formatLogTime } from '../util/log-time.ts';
import type { Observation } from './observation.ts';

const LEVELS: Readonly<Record<LogLevel, number>> = { crit: 0, error: 1, warn: 2, info: 3, debug: 4 };

export interface LogSink {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly now: () => Date;
}

export const processSink: LogSink = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  now: () => new Date(),
};

/** A pool-timeout burst logs at most one line per this many milliseconds (PostgREST debounces the same way). */
const POOL_TIMEOUT_DEBOUNCE_MS = 5000;

export class Logger {
  #level: LogLevel;
  readonly #sink: LogSink;
  #lastPoolTimeoutLog = Number.NEGATIVE_INFINITY;

  constructor(level: LogLevel, sink: LogSink = processSink) {
    this.#level = level;
    this.#sink = sink;
  }

  /** log-level is reloadable. */
  setLevel(level: LogLevel): void {
    this.#level = level;
  }

  readonly observe = (o: Observation): void => {
    const level = LEVELS[this.#level];
    switch (o.kind) {
      case 'response':
        if (shouldLogResponse(level, o.status)) this.#sink.stdout(apacheLine(o, this.#sink.now()));
        return;
      case 'query':
        // One line per statement, as PostgREST prints them.
        if (shouldLogResponse(level, o.status)) for (const text of o.sql) this.#line(text.replace(/\s*\n\s*/g, ' '));
        return;
      case 'poolAcquisitionTimeout': {
        const now = this.#sink.now().getTime();
        if (level >= LEVELS.error && now - this.#lastPoolTimeoutLog >= POOL_TIMEOUT_DEBOUNCE_MS) {
          this.#lastPoolTimeoutLog = now;
          this.#line(o.error.toBody());
        }
        return;
      }
      case 'serverError':
      case 'schemaCacheEmpty':
        if (level >= LEVELS.error) this.#line(o.error.toBody());
        return;
      case 'poolConnection':
        if (level >= LEVELS.debug) this.#line(`Connection ${o.id} ${o.event}`);
        return;
      case 'poolFlushed':
        if (level >= LEVELS.debug) this.#line('Database connection pool flushed');
        return;
      case 'schemaCacheQueried':
        this.#line(`Schema cache queried in ${o.ms.toFixed(1)} milliseconds`);
        if (level >= LEVELS.debug) this.#line(o.timings);
        return;
      default:
        for (const text of messages(o)) this.#line(text);
    }
  };

  #line(text: string): void {
    this.#sink.stderr(`${formatLogTime(this.#sink.now())}: ${text}\n`);
  }
}

function shouldLogResponse(level: number, status: number): boolean {
  if (level >= LEVELS.info) return true;
  if (level === LEVELS.warn) return status >= 400;
  if (level === LEVELS.error) return status >= 500;
  return false;
}

function messages(o: Observation): ReadonlyArray<string> {
  switch (o.kind) {
    case 'appStart':
      return [`Starting restgres ${o.version}...`];
    case 'adminListening':
      return [`Admin server listening on ${o.address}`];
    case 'apiListening':
      return [`API server listening on ${o.address}`];
    case 'dbConnected':
      return [`Successfully connected to ${o.pgVersion}`];
    case 'poolInit':
      return [`Connection Pool initialized with a maximum size of ${o.size} connections`];
    case 'pgVersionQueryFailed':
      return [`Failed to query the PostgreSQL version. ${o.error.toBody()}`];
    case 'unsupportedPgVersion':
      return [`Cannot run in this PostgreSQL version (${o.pgVersion}), restgres needs at least ${o.minimum}`];
    case 'noRecoveryExit':
      return ['Automatic recovery disabled, exiting.'];
    case 'fatalDbError':
      return [`${o.prefix}${o.error.toBody()}`];
    case 'configReadFailed':
      return [`Failed to query database settings for the config parameters.${o.error.toBody()}`];
    case 'roleSettingsFailed':
      return [`Failed to query the role settings. ${o.error.toBody()}`];
    case 'configInvalid':
      return [`Failed reloading config: ${o.message}`];
    case 'configReloaded':
      return ['Config reloaded'];
    case 'schemaCacheLoaded':
      return [`Schema cache loaded ${o.summary}`, `Schema cache loaded in ${o.ms.toFixed(1)} milliseconds`];
    case 'schemaCacheFailed':
      return [
        `Failed to load the schema cache using db-schemas=${o.schemas.join(',')} and db-extra-search-path=${o.extraSearchPath.join(',')}. ${o.error.toBody()}`,
      ];
    case 'connectionRetry':
      return [`Attempting to reconnect to the database in ${o.delaySeconds} seconds...`];
    case 'listenerStart':
      return [
        `Listener connected to ${o.pgVersion} on "${o.address}" and listening for database notifications on the "${o.channel}" channel`,
      ];
    case 'listenerFailed':
      return [`Failed listening for database notifications on the "${o.channel}" channel. ${o.message}`];
    case 'listenerRetry':
      return [`Retrying listening for database notifications in ${o.delaySeconds} seconds...`];
    case 'listenerGotSchemaMessage':
      return [`Received a schema cache reload message on the "${o.channel}" channel`];
    case 'listenerGotConfigMessage':
      return [`Received a config reload message on the "${o.channel}" channel`];
    case 'terminationSignal':
      return [`Received termination unix signal ${o.signal}`];
    case 'warning':
      return [`WARNING: ${o.message}`];
    case 'internalError':
      return [o.message];
    default:
      return [];
  }
}

function apacheLine(o: Extract<Observation, { kind: 'response' }>, now: Date): string {
  const length = o.contentLength === null ? '-' : String(o.contentLength);
  return `${o.remoteAddress} - ${o.role ?? '-'} [${formatLogTime(now)}] "${o.method} ${o.url} HTTP/${o.httpVersion}" ${o.status} ${length} "${o.referer}" "${o.userAgent}"\n`;
}
