// The one error type of the configuration system: a bad file, variable, in-database setting or value.
// Its message is a single line naming the key (or file position) and the problem; the CLI exits with code 1.

export interface ConfigErrorOptions {
  /** The configuration key the error is about, when there is one (`server-port`, `app.settings.x`). */
  readonly key?: string;
  readonly cause?: unknown;
}

export class ConfigError extends Error {
  readonly key: string | null;

  constructor(message: string, options: ConfigErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConfigError';
    this.key = options.key ?? null;
  }

  /** The common shape: `Invalid value for <key>: <problem>`. */
  static invalidValue(key: string, problem: string, cause?: unknown): ConfigError {
    return new ConfigError(`Invalid value for ${key}: ${problem}`, { key, cause });
  }
}
