// "Perhaps you meant …" hints (src/schema-cache/hints.ts) on hand-made caches: PostgREST's rules
// from Error.hs (tableNotFoundHint, noRelBetweenHint, noRpcHint).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noRelationshipHint, noRoutineHint, tableNotFoundHint } from '../../../src/schema-cache/hints.ts';
import type { Relationship, Routine, SchemaCache, Table } from '../../../src/schema-cache/schema-cache.ts';

const table = (schema: string, name: string): Table => ({
  schema,
  name,
  kind: 'table',
  description: null,
  insertable: true,
  updatable: true,
  deletable: true,
  primaryKey: [],
  columns: [],
});

const m2o = (from: string, to: string, toSchema = 'api'): Relationship => ({
  kind: 'fk',
  table: { schema: 'api', name: from },
  foreignTable: { schema: toSchema, name: to },
  isSelf: from === to,
  cardinality: { kind: 'm2o', constraint: `${from}_${to}_fkey`, columns: [['x', 'id']] },
  tableIsView: false,
  foreignTableIsView: false,
});

const routine = (name: string, params: string[]): Routine => ({
  schema: 'api',
  name,
  description: null,
  params: params.map((p) => ({ name: p, type: 'integer', castType: 'integer', required: true, variadic: false })),
  returns: { kind: 'void' },
  volatility: 'volatile',
  hasVariadic: false,
  isolationLevel: null,
  settings: [],
});

function cacheOf(tables: string[], rels: Relationship[], routines: Routine[] = []): SchemaCache {
  const bySchema = new Map<string, Map<string, Table>>();
  for (const t of tables) {
    const [schema = '', name = ''] = t.split('.');
    const map = bySchema.get(schema) ?? new Map<string, Table>();
    map.set(name, table(schema, name));
    bySchema.set(schema, map);
  }
  const relationships = new Map<string, Relationship[]>();
  for (const r of rels) {
    const key = `${r.table.schema}\0${r.table.name}`;
    relationships.set(key, [...(relationships.get(key) ?? []), r]);
  }
  const byName = new Map<string, Routine[]>();
  for (const r of routines) byName.set(`api\0${r.name}`, [...(byName.get(`api\0${r.name}`) ?? []), r]);
  return { tables: bySchema, relationships, routines: byName, representations: new Map(), pgVersion: 170000 };
}

const cache = cacheOf(
  ['api.films', 'api.directors', 'api.roles', 'api.actors', 'v2.films'],
  [m2o('films', 'directors'), m2o('roles', 'films'), m2o('roles', 'actors'), m2o('films', 'secrets', 'private')],
  [routine('add', ['a', 'b']), routine('add', ['x']), routine('film_count', [])],
);

const TABLE_CASES: ReadonlyArray<[string, string, string | null]> = [
  ['api', 'film', "Perhaps you meant the table 'api.films'"],
  ['api', 'Actor', "Perhaps you meant the table 'api.actors'"],
  ['api', 'rols', "Perhaps you meant the table 'api.roles'"],
  ['api', 'dir', null], // 0.33 similar: under the 0.75 bar
  ['v2', 'film', "Perhaps you meant the table 'v2.films'"],
  ['nope', 'films', null],
];
for (const [schema, name, expected] of TABLE_CASES) {
  test(`tableNotFoundHint(${schema}, ${name})`, () => assert.equal(tableNotFoundHint(cache, schema, name), expected));
}

test('tableNotFoundHint: no index, so no hint, for schemas with 500 tables or more', () => {
  const big = cacheOf(
    Array.from({ length: 500 }, (_, i) => `api.t${i}`),
    [],
  );
  assert.equal(tableNotFoundHint(big, 'api', 't1x'), null);
  const small = cacheOf(
    Array.from({ length: 499 }, (_, i) => `api.t${i}`),
    [],
  );
  assert.equal(tableNotFoundHint(small, 'api', 't12x'), "Perhaps you meant the table 'api.t12'");
});

const REL_CASES: ReadonlyArray<[string, string, string | null]> = [
  // unknown parent: suggest a table that has relationships into the schema
  ['film', 'directors', "Perhaps you meant 'films' instead of 'film'."],
  ['role', 'films', "Perhaps you meant 'roles' instead of 'role'."],
  // known parent, unknown child: suggest among its targets in this schema
  ['films', 'director', "Perhaps you meant 'directors' instead of 'director'."],
  ['roles', 'actor', "Perhaps you meant 'actors' instead of 'actor'."],
  // known parent and child: the embed hint was wrong, nothing to suggest
  ['films', 'directors', null],
  ['films', 'Directors', null],
  // targets in other schemas are not candidates
  ['films', 'secret', null],
  ['noclosematch', 'films', null],
  ['films', 'noclosematch', null],
];
for (const [parent, child, expected] of REL_CASES) {
  test(`noRelationshipHint(${parent}, ${child})`, () =>
    assert.equal(noRelationshipHint(cache, parent, child, 'api'), expected));
}

const RPC_CASES: ReadonlyArray<[string, string[], string | null]> = [
  ['ad', [], null], // 0.67 similar to add: under the 0.75 bar for names
  ['film_counts', [], 'Perhaps you meant to call the function api.film_count'],
  ['nothing_similar', [], null],
  // known function, unknown parameters: the closest parameter list (names sorted)
  ['add', ['b', 'aa'], 'Perhaps you meant to call the function api.add(a, b)'],
  ['add', ['xx'], 'Perhaps you meant to call the function api.add(x)'],
  ['add', ['completely_different'], null],
];
for (const [name, args, expected] of RPC_CASES) {
  test(`noRoutineHint(${name}, [${args.join(', ')}])`, () =>
    assert.equal(noRoutineHint(cache, 'api', name, args), expected));
}
