// Builds read plans from query strings against the films fixture cache.

import { planReadTree } from '../../../src/plan/read-plan.ts';
import type { ReadPlanTree } from '../../../src/plan/types.ts';
import { parseQueryParams } from '../../../src/request/query-params.ts';
import { FILMS_CACHE } from '../fixtures/schema-cache.ts';

export function planFor(
  table: string,
  query: string,
  options: { maxRows?: number; aggregates?: boolean; legacyNames?: boolean } = {},
): ReadPlanTree {
  const params = parseQueryParams(query, { isRpcRead: false });
  return planReadTree({ schema: 'api', name: table }, params, {
    cache: FILMS_CACHE,
    schema: 'api',
    maxRows: options.maxRows ?? null,
    aggregatesEnabled: options.aggregates ?? true,
    useLegacyTargetNames: options.legacyNames ?? true,
    mutation: false,
    rootRange: params.ranges.get('') ?? { offset: 0, limit: null },
  });
}
