// Planner behaviour on the films fixture: embed resolution errors with PostgREST's exact bodies,
// where filters/orders/limits land, and the embed reordering clients can see.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PgrstError } from '../../../src/errors/pgrst-error.ts';
import { legacyTargetNameMatches } from '../../../src/plan/read-plan.ts';
import { planFor } from './plan-helpers.ts';

function errorOf(fn: () => unknown): { status: number; body: string } {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof PgrstError);
    return { status: error.status, body: error.toBody() };
  }
  assert.fail('expected an error');
}

describe('read plan errors', () => {
  const cases: ReadonlyArray<{
    name: string;
    table: string;
    query: string;
    status: number;
    body: object;
    options?: Parameters<typeof planFor>[2];
  }> = [
    {
      name: 'unknown relationship',
      table: 'films',
      query: 'select=id,studios(*)',
      status: 400,
      body: {
        code: 'PGRST200',
        details:
          "Searched for a foreign key relationship between 'films' and 'studios' in the schema 'api', but no matches were found.",
        hint: null,
        message: "Could not find a relationship between 'films' and 'studios' in the schema cache",
      },
    },
    {
      name: 'unknown relationship with a hint',
      table: 'films',
      query: 'select=id,directors!nope(*)',
      status: 400,
      body: {
        code: 'PGRST200',
        details:
          "Searched for a foreign key relationship between 'films' and 'directors' using the hint 'nope' in the schema 'api', but no matches were found.",
        hint: null,
        message: "Could not find a relationship between 'films' and 'directors' in the schema cache",
      },
    },
    {
      name: 'ambiguous relationship',
      table: 'films',
      query: 'select=id,people(name)',
      status: 300,
      body: {
        code: 'PGRST201',
        details: [
          {
            cardinality: 'many-to-one',
            embedding: 'films with people',
            relationship: 'films_director_person_fkey using films(director_id) and people(id)',
          },
          {
            cardinality: 'many-to-one',
            embedding: 'films with people',
            relationship: 'films_producer_id_fkey using films(producer_id) and people(id)',
          },
        ],
        hint: "Try changing 'people' to one of the following: 'people!films_director_person_fkey', 'people!films_producer_id_fkey'. Find the desired relationship in the 'details' key.",
        message: "Could not embed because more than one relationship was found for 'films' and 'people'",
      },
    },
    {
      name: 'filter on something not embedded',
      table: 'films',
      query: 'select=id&directors.name=eq.x',
      status: 400,
      body: {
        code: 'PGRST108',
        details: null,
        hint: "Verify that 'directors' is included in the 'select' query parameter.",
        message: "'directors' is not an embedded resource in this request",
      },
    },
    {
      name: 'related order on a to-many embed',
      table: 'films',
      query: 'select=id,actors(name)&order=actors(name)',
      status: 400,
      body: {
        code: 'PGRST118',
        details: "'films' and 'actors' do not form a many-to-one or one-to-one relationship",
        hint: null,
        message: "A related order on 'actors' is not possible",
      },
    },
    {
      name: 'aggregates disabled',
      table: 'films',
      query: 'select=id.count()',
      status: 400,
      body: { code: 'PGRST123', details: null, hint: null, message: 'Use of aggregate functions is not allowed' },
      options: { aggregates: false },
    },
    {
      name: 'aggregate in a to-many spread',
      table: 'films',
      query: 'select=id,...actors(id.count())',
      status: 400,
      body: {
        code: 'PGRST127',
        details: 'Aggregates are not implemented for one-to-many or many-to-many spreads.',
        hint: null,
        message: 'Feature not implemented',
      },
    },
    {
      name: 'relation name used for an aliased embed when legacy names are off',
      table: 'films',
      query: 'select=id,d:directors(name)&directors.name=eq.x',
      status: 400,
      body: {
        code: 'PGRST108',
        details: 'Target names are not allowed in filters if they have an alias',
        hint: "Change 'directors' to 'd' in filters, orders or limits.",
        message: "'directors' is not an embedded resource in this request",
      },
      options: { legacyNames: false },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { status, body } = errorOf(() => planFor(c.table, c.query, c.options));
      assert.equal(status, c.status);
      assert.deepEqual(JSON.parse(body), c.body);
    });
  }
});

describe('read plan shape', () => {
  it('moves an embed that gets a filter or order to the front, as PostgREST does', () => {
    const tree = planFor(
      'films',
      'select=id,d:directors!inner(name),roles(character)&directors.name=eq.K&roles.order=character',
    );
    assert.deepEqual(
      tree.children.map((c) => c.node.relAlias ?? c.node.relName),
      ['roles', 'd'],
    );
  });

  it('keeps select order without modifiers', () => {
    const tree = planFor('films', 'select=id,directors(name),roles(character)');
    assert.deepEqual(
      tree.children.map((c) => c.node.relName),
      ['directors', 'roles'],
    );
  });

  it('records legacy relation-name references for the Warning header', () => {
    const tree = planFor('films', 'select=id,d:directors(name)&directors.name=eq.K');
    assert.deepEqual(legacyTargetNameMatches(tree), [['directors', 'd']]);
  });

  it('resolves a self relationship: table name → children, column name → parent', () => {
    const tree = planFor('people', 'select=id,people(name),mentor_id(name)');
    assert.deepEqual(
      tree.children.map((c) => [
        c.node.relName,
        c.node.relToParent?.kind === 'fk' ? c.node.relToParent.cardinality.kind : null,
      ]),
      [
        ['people', 'o2m'],
        ['mentor_id', 'm2o'],
      ],
    );
  });
});
