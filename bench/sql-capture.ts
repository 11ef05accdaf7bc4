// Captures the SQL restgres sends for a request from PostgreSQL's own log (log_statement = all
// for the authenticator role only), so the pgbench ceiling runs exactly those statements with
// exactly those parameters, whatever restgres' query builder does this week.

export interface CapturedStatement {
  readonly text: string;
  /** $1, $2, … in order; null for SQL NULL. */
  readonly params: ReadonlyArray<string | null>;
}

interface LogEntry {
  readonly pid: string;
  text: string;
}

// database.ts sets log_line_prefix to '@@%p@@ '; PostgreSQL indents a message's further lines by a tab.
const ENTRY_START = /^@@(\d+)@@ ([\s\S]*)$/;
const EXECUTE = /^LOG: {2}(?:execute \S+|statement): ([\s\S]*)$/;
const DETAIL_PARAMS = /^DETAIL: {2}[Pp]arameters: ([\s\S]*)$/;

/** Collects log entries while active; a fresh collector per captured request. */
export class LogCollector {
  readonly #entries: LogEntry[] = [];
  #lastLineAt = performance.now();

  readonly onLine = (line: string): void => {
    this.#lastLineAt = performance.now();
    const start = ENTRY_START.exec(line);
    if (start !== null) {
      this.#entries.push({ pid: start[1] ?? '', text: start[2] ?? '' });
      return;
    }
    const last = this.#entries.at(-1);
    if (last === undefined) return;
    // PostgreSQL starts a message's further lines with a tab. Anything else is the rest of a line
    // that the log pipe delivered in two chunks (the embedded server's log callback splits chunks,
    // not lines): a 1,000-row body logged as a parameter always is.
    if (line.startsWith('\t')) last.text += `\n${line.slice(1)}`;
    else last.text += line;
  };

  /** Waits until the log has been quiet for `quietMs` (the log pipe lags behind the HTTP answer). */
  async settle(quietMs = 150, maxMs = 3000): Promise<void> {
    const deadline = performance.now() + maxMs;
    while (performance.now() < deadline && performance.now() - this.#lastLineAt < quietMs) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** The statements executed, in order, with the parameters of the DETAIL line that follows each. */
  statements(): ReadonlyArray<CapturedStatement> {
    const out: CapturedStatement[] = [];
    let current: { text: string; params: Array<string | null>; pid: string } | null = null;
    for (const entry of this.#entries) {
      const exec = EXECUTE.exec(entry.text);
      if (exec !== null) {
        if (current !== null) out.push(current);
        current = { text: (exec[1] ?? '').trim(), params: [], pid: entry.pid };
        continue;
      }
      const detail = DETAIL_PARAMS.exec(entry.text);
      if (detail !== null && current !== null && current.params.length === 0 && entry.pid === current.pid) {
        current.params = parseParams(detail[1] ?? '');
      }
    }
    if (current !== null) out.push(current);
    return out.map(({ text, params }) => ({ text, params }));
  }
}

/** `$1 = 'a''b', $2 = NULL` → ["a'b", null]. */
export function parseParams(text: string): Array<string | null> {
  const params: Array<string | null> = [];
  const re = /\$(\d+) = (?:NULL|'((?:[^']|'')*)')(?:, |$)/gy;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const index = Number(m[1]) - 1;
    params[index] = m[2] === undefined ? null : m[2].replaceAll("''", "'");
  }
  return params;
}
