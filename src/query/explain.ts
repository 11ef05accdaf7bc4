// Accept: application/vnd.pgrst.plan → EXPLAIN of the main statement (PostgREST: explainF).

import type { MediaType } from '../request/media-type.ts';
import { join, type SqlNode, sql } from './sql.ts';

const OPTIONS = {
  analyze: sql`ANALYZE`,
  verbose: sql`VERBOSE`,
  settings: sql`SETTINGS`,
  buffers: sql`BUFFERS`,
  wal: sql`WAL`,
} as const;

export function explainStatement(plan: Extract<MediaType, { kind: 'plan' }>, statement: SqlNode): SqlNode {
  const format = plan.format === 'json' ? sql`FORMAT JSON` : sql`FORMAT TEXT`;
  return sql`EXPLAIN (${join([format, ...plan.options.map((o) => OPTIONS[o])], sql`, `)}) ${statement}`;
}
