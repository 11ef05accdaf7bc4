// Routine rows → the model (PostgREST: Catalog/Decoders.hs decodeFuncs, Routine.hs). Overloads
// are kept in PostgREST's order: fewest parameters first (its Ord instance), which decides the
// order of candidates in PGRST203 messages.

import { compareText } from './relationship-order.ts';
import type { ReturnType, Routine, RoutineParam } from './schema-cache.ts';
import { qiKey } from './schema-cache.ts';

export interface RoutineRow {
  readonly schema: string;
  readonly name: string;
  readonly description: string | null;
  /** JSON: [[name, type, castType, required, variadic], …] */
  readonly params: string;
  readonly ret_schema: string;
  readonly ret_name: string;
  readonly ret_type: string;
  readonly ret_void: boolean;
  readonly ret_record: boolean;
  readonly setof: boolean;
  readonly composite: boolean;
  readonly volatility: string;
  readonly variadic: boolean;
  readonly config: ReadonlyArray<string> | null;
}

type ParamJson = [string, string, string, boolean, boolean];

const VOLATILITY = { i: 'immutable', s: 'stable', v: 'volatile' } as const;

export function toRoutine(row: RoutineRow): Routine {
  const params = (JSON.parse(row.params) as ParamJson[]).map(
    ([name, type, castType, required, variadic]): RoutineParam => ({ name, type, castType, required, variadic }),
  );
  const settings: Array<readonly [string, string]> = [];
  let isolationLevel: string | null = null;
  for (const entry of row.config ?? []) {
    const eq = entry.indexOf('=');
    if (eq < 0) continue;
    const key = entry.slice(0, eq);
    const value = entry.slice(eq + 1);
    settings.push([key, value]);
    // PostgREST keeps the text up to the first comma: `read committed`, `serializable`, …
    if (key === 'default_transaction_isolation') isolationLevel = value.split(',')[0] ?? value;
  }
  return {
    schema: row.schema,
    name: row.name,
    description: row.description,
    params,
    returns: returnType(row),
    volatility: row.volatility === 'i' || row.volatility === 's' ? VOLATILITY[row.volatility] : 'volatile',
    hasVariadic: row.variadic,
    isolationLevel,
    settings,
  };
}

function returnType(row: RoutineRow): ReturnType {
  if (row.composite)
    return {
      kind: 'composite',
      relation: { schema: row.ret_schema, name: row.ret_name },
      setOf: row.setof,
      isRecord: row.ret_record,
    };
  if (row.ret_void && !row.setof) return { kind: 'void' };
  return { kind: 'scalar', type: row.ret_type, setOf: row.setof };
}

/** `schema\0name` → overloads, fewest parameters first. */
export function groupRoutines(rows: ReadonlyArray<RoutineRow>): Map<string, Routine[]> {
  const routines = new Map<string, Routine[]>();
  for (const row of rows) {
    const key = qiKey(row.schema, row.name);
    const list = routines.get(key);
    const routine = toRoutine(row);
    if (list === undefined) routines.set(key, [routine]);
    else list.push(routine);
  }
  for (const list of routines.values()) if (list.length > 1) list.sort(compareOverloads);
  return routines;
}

/** Routine.hs `Ord`: parameter count, then description (none first), then the parameters. */
function compareOverloads(a: Routine, b: Routine): number {
  if (a.params.length !== b.params.length) return a.params.length - b.params.length;
  if (a.description !== b.description) {
    if (a.description === null) return -1;
    if (b.description === null) return 1;
    const c = compareText(a.description, b.description);
    if (c !== 0) return c;
  }
  for (let i = 0; i < a.params.length; i++) {
    const p = a.params[i];
    const q = b.params[i];
    if (p === undefined || q === undefined) break;
    const c =
      compareText(p.name, q.name) ||
      compareText(p.type, q.type) ||
      compareText(p.castType, q.castType) ||
      Number(p.required) - Number(q.required) ||
      Number(p.variadic) - Number(q.variadic);
    if (c !== 0) return c;
  }
  return 0;
}
