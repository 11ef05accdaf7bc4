// Which keys views inherit (src/schema-cache/view-keys.ts): column origins traced through view
// chains, keys kept only when fully exposed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  deriveViewKeys as deriveFromParsed,
  type ForeignKeyKeys,
  type PrimaryKeyRow,
  parseViews,
  type ViewRow,
} from '../../../src/schema-cache/view-keys.ts';

/** A rule whose columns come from [origin table oid, attnum] (0, 0: computed). */
const rule = (origins: Array<[number, number]>) =>
  `({QUERY :commandType 1 :targetList (${origins
    .map(
      ([t, c], i) =>
        `{TARGETENTRY :expr <> :resno ${i + 1} :resname x :resorigtbl ${t} :resorigcol ${c} :resjunk false}`,
    )
    .join(' ')}) :override 0})`;

const view = (
  oid: number,
  name: string,
  cols: string[] | null,
  origins: Array<[number, number]>,
  schema = 'api',
): ViewRow => ({
  oid,
  schema,
  name,
  exposed: cols !== null,
  cols,
  action: rule(origins),
});

const deriveViewKeys = (views: ViewRow[], fks: ForeignKeyKeys[], pks: PrimaryKeyRow[]) =>
  deriveFromParsed(parseViews(views), fks, pks);

// Tables: 10 films(id 1, director_id 2, title 3), 20 directors(id 1, name 2), 30 roles(film_id 1, actor_id 2)
const FILMS = 10;
const DIRECTORS = 20;
const ROLES = 30;
const filmsDirector: ForeignKeyKeys = {
  oid: 501,
  relid: FILMS,
  frelid: DIRECTORS,
  attnums: [2],
  fattnums: [1],
  cols: ['director_id'],
  fcols: ['id'],
};
const rolesFilm: ForeignKeyKeys = {
  oid: 502,
  relid: ROLES,
  frelid: FILMS,
  attnums: [1],
  fattnums: [1],
  cols: ['film_id'],
  fcols: ['id'],
};
const PKS: PrimaryKeyRow[] = [
  { relid: FILMS, attnums: [1], cols: ['id'] },
  { relid: DIRECTORS, attnums: [1], cols: ['id'] },
  { relid: ROLES, attnums: [1, 2], cols: ['film_id', 'actor_id'] },
];

test('view keys: a view exposing a PK and an FK inherits both; referenced columns give fkRef', () => {
  const keys = deriveViewKeys(
    [
      view(
        100,
        'films_view',
        ['id', 'director', 'n'],
        [
          [FILMS, 1],
          [FILMS, 2],
          [0, 0],
        ],
      ),
    ],
    [filmsDirector, rolesFilm],
    PKS,
  );
  assert.deepEqual(keys.primaryKeys, new Map([['api\0films_view', ['id']]]));
  assert.deepEqual(keys.keyDependencies, [
    {
      view: { schema: 'api', name: 'films_view' },
      constraintOid: 501,
      type: 'fk',
      columns: [['director_id', ['director']]],
    },
    { view: { schema: 'api', name: 'films_view' }, constraintOid: 502, type: 'fkRef', columns: [['id', ['id']]] },
  ]);
});

test('view keys: chains through views of exposed and extra schemas; hidden views stop the chain', () => {
  const views = [
    view(
      200,
      'directors_base',
      null,
      [
        [DIRECTORS, 1],
        [DIRECTORS, 2],
      ],
      'extra',
    ), // passes through
    view(201, 'directors_ext', ['key'], [[200, 1]]), // api view over the extra view
    view(202, 'directors_hidden_ext', ['key'], [[999, 1]]), // 999: a view we were not given
    view(
      203,
      'directors_ext2',
      ['k2', 'name2'],
      [
        [201, 1],
        [200, 2],
      ],
    ), // chain of two
  ];
  const keys = deriveViewKeys(views, [filmsDirector], PKS);
  assert.deepEqual(
    keys.primaryKeys,
    new Map([
      ['api\0directors_ext', ['key']],
      ['api\0directors_ext2', ['k2']],
    ]),
  );
  assert.deepEqual(
    keys.keyDependencies.map((d) => [d.view.name, d.type, d.columns]),
    [
      ['directors_ext', 'fkRef', [['id', ['key']]]],
      ['directors_ext2', 'fkRef', [['id', ['k2']]]],
    ],
  );
});

test('view keys: partial keys are not inherited; duplicates list every view column; PKs of a join concatenate', () => {
  const views = [
    view(300, 'roles_half', ['film_id'], [[ROLES, 1]]),
    view(
      301,
      'films_twice',
      ['a', 'b', 'd'],
      [
        [FILMS, 1],
        [FILMS, 1],
        [FILMS, 2],
      ],
    ),
    view(
      302,
      'pairs',
      ['director', 'film'],
      [
        [DIRECTORS, 1],
        [FILMS, 1],
      ],
    ),
  ];
  const keys = deriveViewKeys(views, [filmsDirector, rolesFilm], PKS);
  // roles_half: the FK roles.film_id is exposed, the PK (film_id, actor_id) only half.
  assert.equal(keys.primaryKeys.get('api\0roles_half'), undefined);
  // films_twice: the first view column of a PK column is the key; FK dependencies keep all of them.
  assert.deepEqual(keys.primaryKeys.get('api\0films_twice'), ['a']);
  assert.deepEqual(
    keys.keyDependencies.filter((d) => d.view.name === 'films_twice').map((d) => [d.type, d.columns]),
    [
      ['fk', [['director_id', ['d']]]],
      ['fkRef', [['id', ['a', 'b']]]],
    ],
  );
  // pairs: both tables' keys, in view column order.
  assert.deepEqual(keys.primaryKeys.get('api\0pairs'), ['director', 'film']);
});

test('view keys: an unreadable rule is reported, not fatal', () => {
  const broken: ViewRow = { oid: 400, schema: 'api', name: 'odd', exposed: true, cols: ['x'], action: 'garbage' };
  const keys = deriveViewKeys([broken], [], PKS);
  assert.deepEqual(keys.unreadable, [{ schema: 'api', name: 'odd' }]);
  assert.equal(keys.keyDependencies.length, 0);
});
