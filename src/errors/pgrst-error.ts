// The one error hierarchy. Every failure a client can see is a PgrstError: its code, HTTP status
// and message texts match PostgREST's byte for byte (PostgREST: Error.hs, Error/Types.hs).

export type ErrorVerbosity = 'verbose' | 'minimal';

/** `details` is a string almost everywhere; PGRST201 lists the candidate relationships. */
export type ErrorDetails = string | ReadonlyArray<unknown> | null;

export interface ErrorFields {
  readonly details?: ErrorDetails;
  readonly hint?: string | null;
  /** Extra response headers, e.g. WWW-Authenticate on 401s. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly cause?: unknown;
}

export class PgrstError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: ErrorDetails;
  readonly hint: string | null;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: string, status: number, message: string, fields: ErrorFields = {}) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.details = fields.details ?? null;
    this.hint = fields.hint ?? null;
    this.headers = fields.headers ?? {};
  }

  /**
   * The response body. PostgREST's JSON encoder sorts keys, so the order is
   * code, details, hint, message; absent values are null. Minimal verbosity keeps code and message.
   */
  toBody(verbosity: ErrorVerbosity = 'verbose'): string {
    if (verbosity === 'minimal') return JSON.stringify({ code: this.code, message: this.message });
    return JSON.stringify({ code: this.code, details: this.details, hint: this.hint, message: this.message });
  }
}
