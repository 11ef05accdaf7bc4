// Relationship inference from catalog rows (src/schema-cache/relationships.ts): table-driven, one
// case per rule of PostgREST's SchemaCache.hs (M2O/O2M, O2O, M2M, views, computed, filtering).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type ComputedRelationshipRow,
  deriveRelationships,
  type ForeignKeyRow,
} from '../../../src/schema-cache/relationships.ts';
import type { Relationship } from '../../../src/schema-cache/schema-cache.ts';
import type { KeyDependency } from '../../../src/schema-cache/view-keys.ts';

const oids = new Map<string, number>();
const oidOf = (qualified: string): number => {
  let oid = oids.get(qualified);
  if (oid === undefined) {
    oid = 1000 + oids.size;
    oids.set(qualified, oid);
  }
  return oid;
};
const qi = (qualified: string) => {
  const [schema = '', name = ''] = qualified.split('.');
  return { schema, name };
};
let nextConstraint = 1;

/** `fk('name', 'api.roles(film_id)', 'api.films(id)')`; oneToOne / inPrimaryKey as the catalog says. */
function fk(name: string, from: string, to: string, flags: { oneToOne?: boolean; inPk?: boolean } = {}): ForeignKeyRow {
  const parse = (s: string) => {
    const m = /^(.+)\((.*)\)$/.exec(s);
    return { table: m?.[1] ?? '', cols: (m?.[2] ?? '').split(',') };
  };
  const a = parse(from);
  const b = parse(to);
  return {
    oid: nextConstraint++,
    name,
    relid: oidOf(a.table),
    frelid: oidOf(b.table),
    table: qi(a.table),
    foreignTable: qi(b.table),
    attnums: a.cols.map((_, i) => i + 1),
    fattnums: b.cols.map((_, i) => i + 1),
    cols: a.cols,
    fcols: b.cols,
    oneToOne: flags.oneToOne ?? false,
    inPrimaryKey: flags.inPk ?? false,
  };
}

/** A view exposing an FK's referencing ('fk') or referenced ('fkRef') columns. */
function dep(
  view: string,
  key: ForeignKeyRow,
  type: 'fk' | 'fkRef',
  columns: Array<[string, string[]]>,
): KeyDependency {
  return { view: qi(view), constraintOid: key.oid, type, columns };
}

function computed(fn: string, table: string, foreignTable: string, toOne = false): ComputedRelationshipRow {
  return { function: qi(fn), table: qi(table), foreignTable: qi(foreignTable), toOne };
}

/** Compact, order-preserving description: `origin: kind target constraint (cols) flags`. */
function describe(rel: Relationship): string {
  const name = (q: { schema: string; name: string }) => (q.schema === 'api' ? q.name : `${q.schema}.${q.name}`);
  if (rel.kind === 'computed')
    return `${name(rel.table)}: computed ${name(rel.function)} -> ${name(rel.foreignTable)}${rel.toOne ? ' one' : ''}`;
  const flags = `${rel.tableIsView ? 'V' : '-'}${rel.foreignTableIsView ? 'V' : '-'}${rel.isSelf ? 'S' : '-'}`;
  const cols = (pairs: ReadonlyArray<readonly [string, string]>) => pairs.map(([x, y]) => `${x}=${y}`).join(',');
  const c = rel.cardinality;
  if (c.kind === 'm2m')
    return `${name(rel.table)}: m2m ${name(rel.foreignTable)} via ${name(c.junction.table)} ${c.junction.constraint1}(${cols(c.junction.sourceColumns)}) ${c.junction.constraint2}(${cols(c.junction.targetColumns)}) ${flags}`;
  return `${name(rel.table)}: ${c.kind === 'o2o' && c.parent ? 'o2o/parent' : c.kind} ${name(rel.foreignTable)} ${c.constraint} (${cols(c.columns)}) ${flags}`;
}

interface Case {
  readonly name: string;
  readonly fks: ReadonlyArray<ForeignKeyRow>;
  readonly deps?: ReadonlyArray<KeyDependency>;
  readonly viewPks?: Record<string, string[]>;
  readonly computed?: ReadonlyArray<ComputedRelationshipRow>;
  readonly schemas?: ReadonlyArray<string>;
  /** All relationships, one list per origin table, lists in order. */
  readonly expected: Readonly<Record<string, ReadonlyArray<string>>>;
  readonly keyCount?: number;
}

const filmsDirector = fk('films_director_id_fkey', 'api.films(director_id)', 'api.directors(id)');
const rolesFilm = fk('roles_film_id_fkey', 'api.roles(film_id)', 'api.films(id)', { inPk: true });
const rolesActor = fk('roles_actor_id_fkey', 'api.roles(actor_id)', 'api.actors(id)', { inPk: true });

const CASES: ReadonlyArray<Case> = [
  {
    name: 'a foreign key gives a many-to-one and the inverse one-to-many',
    fks: [filmsDirector],
    expected: {
      'api.films': ['films: m2o directors films_director_id_fkey (director_id=id) ---'],
      'api.directors': ['directors: o2m films films_director_id_fkey (id=director_id) ---'],
    },
  },
  {
    name: 'self reference: both directions on the same table, flagged self, O2M first',
    fks: [fk('films_sequel_of_fkey', 'api.films(sequel_of)', 'api.films(id)')],
    expected: {
      'api.films': [
        'films: o2m films films_sequel_of_fkey (id=sequel_of) --S',
        'films: m2o films films_sequel_of_fkey (sequel_of=id) --S',
      ],
    },
  },
  {
    name: 'FK columns equal to a PK or UNIQUE key: one-to-one both ways, the referenced side is the parent',
    fks: [fk('posters_film_id_fkey', 'api.posters(film_id)', 'api.films(id)', { oneToOne: true })],
    expected: {
      'api.posters': ['posters: o2o films posters_film_id_fkey (film_id=id) ---'],
      'api.films': ['films: o2o/parent posters posters_film_id_fkey (id=film_id) ---'],
    },
  },
  {
    name: 'composite keys keep the key order of the columns',
    fks: [fk('releases_edition_fkey', 'api.releases(film_id,edition_no)', 'api.editions(film_id,no)')],
    expected: {
      'api.releases': ['releases: m2o editions releases_edition_fkey (film_id=film_id,edition_no=no) ---'],
      'api.editions': ['editions: o2m releases releases_edition_fkey (film_id=film_id,no=edition_no) ---'],
    },
  },
  {
    name: 'two FKs to the same table: ordered by constraint name',
    fks: [
      fk('screenings_main_fkey', 'api.screenings(main_id)', 'api.films(id)'),
      fk('screenings_backup_fkey', 'api.screenings(backup_id)', 'api.films(id)'),
    ],
    expected: {
      'api.screenings': [
        'screenings: m2o films screenings_backup_fkey (backup_id=id) ---',
        'screenings: m2o films screenings_main_fkey (main_id=id) ---',
      ],
      'api.films': [
        'films: o2m screenings screenings_backup_fkey (id=backup_id) ---',
        'films: o2m screenings screenings_main_fkey (id=main_id) ---',
      ],
    },
  },
  {
    name: 'junction whose FK columns are inside its primary key: many-to-many both ways',
    fks: [rolesFilm, rolesActor],
    expected: {
      'api.roles': [
        'roles: m2o actors roles_actor_id_fkey (actor_id=id) ---',
        'roles: m2o films roles_film_id_fkey (film_id=id) ---',
      ],
      'api.films': [
        'films: m2m actors via roles roles_film_id_fkey(film_id=id) roles_actor_id_fkey(actor_id=id) ---',
        'films: o2m roles roles_film_id_fkey (id=film_id) ---',
      ],
      'api.actors': [
        'actors: m2m films via roles roles_actor_id_fkey(actor_id=id) roles_film_id_fkey(film_id=id) ---',
        'actors: o2m roles roles_actor_id_fkey (id=actor_id) ---',
      ],
    },
  },
  {
    name: 'no M2M when a junction FK lies outside the primary key, or is one-to-one',
    fks: [
      fk('a_x_fkey', 'api.a(x_id)', 'api.x(id)', { inPk: true }),
      fk('a_y_fkey', 'api.a(y_id)', 'api.y(id)'),
      fk('b_x_fkey', 'api.b(x_id)', 'api.x(id)', { inPk: true, oneToOne: true }),
      fk('b_y_fkey', 'api.b(y_id)', 'api.y(id)', { inPk: true }),
    ],
    expected: {
      'api.a': ['a: m2o x a_x_fkey (x_id=id) ---', 'a: m2o y a_y_fkey (y_id=id) ---'],
      'api.b': ['b: o2o x b_x_fkey (x_id=id) ---', 'b: m2o y b_y_fkey (y_id=id) ---'],
      'api.x': ['x: o2m a a_x_fkey (id=x_id) ---', 'x: o2o/parent b b_x_fkey (id=x_id) ---'],
      'api.y': ['y: o2m a a_y_fkey (id=y_id) ---', 'y: o2m b b_y_fkey (id=y_id) ---'],
    },
  },
  {
    name: 'self many-to-many through a link table gives one M2M per constraint order',
    fks: [
      fk('links_from_fkey', 'api.links(from_id)', 'api.films(id)', { inPk: true }),
      fk('links_to_fkey', 'api.links(to_id)', 'api.films(id)', { inPk: true }),
    ],
    expected: {
      'api.links': [
        'links: m2o films links_from_fkey (from_id=id) ---',
        'links: m2o films links_to_fkey (to_id=id) ---',
      ],
      'api.films': [
        // the target name sorts first: films < links
        'films: m2m films via links links_from_fkey(from_id=id) links_to_fkey(to_id=id) --S',
        'films: m2m films via links links_to_fkey(to_id=id) links_from_fkey(from_id=id) --S',
        'films: o2m links links_from_fkey (id=from_id) ---',
        'films: o2m links links_to_fkey (id=to_id) ---',
      ],
    },
  },
  {
    name: 'targets and junctions outside the exposed schemas are dropped, but still counted like PostgREST',
    fks: [
      fk('secrets_film_id_fkey', 'private.secrets(film_id)', 'api.films(id)'),
      fk('fg_film_fkey', 'private.film_genres(film_id)', 'api.films(id)', { inPk: true }),
      fk('fg_genre_fkey', 'private.film_genres(genre_id)', 'api.genres(id)', { inPk: true }),
    ],
    expected: {},
    // (films, private) from the O2Ms; (films, api) and (genres, api) from the dropped M2Ms;
    // (genres, private) from the O2M.
    keyCount: 4,
  },
  {
    name: 'views: view → table, table → view and view → view; a key column exposed twice gives two',
    fks: [filmsDirector],
    deps: [
      dep('api.films_view', filmsDirector, 'fk', [['director_id', ['director_id', 'dir']]]),
      dep('api.directors_view', filmsDirector, 'fkRef', [['id', ['id']]]),
    ],
    expected: {
      'api.films': [
        'films: m2o directors films_director_id_fkey (director_id=id) ---',
        'films: m2o directors_view films_director_id_fkey (director_id=id) -V-',
      ],
      'api.films_view': [
        'films_view: m2o directors films_director_id_fkey (dir=id) V--',
        'films_view: m2o directors films_director_id_fkey (director_id=id) V--',
        'films_view: m2o directors_view films_director_id_fkey (dir=id) VV-',
        'films_view: m2o directors_view films_director_id_fkey (director_id=id) VV-',
      ],
      'api.directors': [
        'directors: o2m films films_director_id_fkey (id=director_id) ---',
        'directors: o2m films_view films_director_id_fkey (id=dir) -V-',
        'directors: o2m films_view films_director_id_fkey (id=director_id) -V-',
      ],
      'api.directors_view': [
        'directors_view: o2m films films_director_id_fkey (id=director_id) V--',
        'directors_view: o2m films_view films_director_id_fkey (id=dir) VV-',
        'directors_view: o2m films_view films_director_id_fkey (id=director_id) VV-',
      ],
    },
  },
  {
    name: 'a view can be the junction of a many-to-many when it inherits the key',
    fks: [rolesFilm, rolesActor],
    deps: [
      dep('api.roles_view', rolesFilm, 'fk', [['film_id', ['film_id']]]),
      dep('api.roles_view', rolesActor, 'fk', [['actor_id', ['actor_id']]]),
    ],
    viewPks: { 'api\0roles_view': ['film_id', 'actor_id'] },
    expected: {
      'api.roles': [
        'roles: m2o actors roles_actor_id_fkey (actor_id=id) ---',
        'roles: m2o films roles_film_id_fkey (film_id=id) ---',
      ],
      'api.roles_view': [
        'roles_view: m2o actors roles_actor_id_fkey (actor_id=id) V--',
        'roles_view: m2o films roles_film_id_fkey (film_id=id) V--',
      ],
      'api.films': [
        'films: m2m actors via roles roles_film_id_fkey(film_id=id) roles_actor_id_fkey(actor_id=id) ---',
        'films: m2m actors via roles_view roles_film_id_fkey(film_id=id) roles_actor_id_fkey(actor_id=id) ---',
        'films: o2m roles roles_film_id_fkey (id=film_id) ---',
        'films: o2m roles_view roles_film_id_fkey (id=film_id) -V-',
      ],
      'api.actors': [
        'actors: m2m films via roles roles_actor_id_fkey(actor_id=id) roles_film_id_fkey(film_id=id) ---',
        'actors: m2m films via roles_view roles_actor_id_fkey(actor_id=id) roles_film_id_fkey(film_id=id) ---',
        'actors: o2m roles roles_actor_id_fkey (id=actor_id) ---',
        'actors: o2m roles_view roles_actor_id_fkey (id=actor_id) -V-',
      ],
    },
  },
  {
    name: 'a computed relationship replaces FK relationships to the table named like the function',
    fks: [filmsDirector, fk('films_writer_fkey', 'api.films(writer_id)', 'api.directors(id)')],
    computed: [
      computed('api.directors', 'api.films', 'api.directors', true),
      computed('api.filmography', 'api.directors', 'api.films'),
      computed('api.rival', 'api.directors', 'api.directors', true),
    ],
    expected: {
      'api.films': ['films: computed directors -> directors one'],
      'api.directors': [
        'directors: o2m films films_director_id_fkey (id=director_id) ---',
        'directors: o2m films films_writer_fkey (id=writer_id) ---',
        'directors: computed filmography -> films',
        'directors: computed rival -> directors one',
      ],
    },
  },
  {
    name: 'cross-schema relationships between exposed schemas stay, after the same-schema ones',
    schemas: ['api', 'v2'],
    fks: [fk('a_b_fkey', 'v2.a(b_id)', 'api.b(id)'), fk('a_c_fkey', 'v2.a(c_id)', 'v2.c(id)')],
    expected: {
      'v2.a': ['v2.a: m2o b a_b_fkey (b_id=id) ---', 'v2.a: m2o v2.c a_c_fkey (c_id=id) ---'],
      'api.b': ['b: o2m v2.a a_b_fkey (id=b_id) ---'],
      'v2.c': ['v2.c: o2m v2.a a_c_fkey (id=c_id) ---'],
    },
  },
];

for (const c of CASES) {
  test(`relationships: ${c.name}`, () => {
    const { relationships, keyCount } = deriveRelationships({
      schemas: c.schemas ?? ['api'],
      foreignKeys: c.fks,
      keyDependencies: c.deps ?? [],
      viewPrimaryKeys: new Map(Object.entries(c.viewPks ?? {})),
      computed: c.computed ?? [],
    });
    const actual: Record<string, string[]> = {};
    for (const [key, rels] of relationships) actual[key.replace('\0', '.')] = rels.map(describe);
    assert.deepEqual(actual, c.expected);
    if (c.keyCount !== undefined) assert.equal(keyCount, c.keyCount);
  });
}
