// Reads against the read fixture: filter operators, logic trees, ordering, limits, offsets, Range
// headers, counts and db-max-rows. Exact statuses, Content-Range and bodies.
import { after, before, test } from 'node:test';
import {
  assertResponse,
  errorHeaders,
  errorJson,
  jsonRows,
  type ReadServer,
  readHeaders,
  startReadServer,
} from './read-server.ts';

let server: ReadServer;
before(async () => {
  server = await startReadServer('restgres_read_filter_order');
});
after(async () => {
  await server?.stop();
});

test('in.() takes quoted values with commas and escaped quotes', async () => {
  const res = await server.get(
    '/films?select=id,title&title=in.("Salt, Sand %26 Sorrow","The \\"White\\" Silence",Kintsugi)&order=id',
  );
  assertResponse(res, {
    status: 200,
    headers: readHeaders('0-2/*'),
    body: jsonRows(
      { id: 8, title: 'The "White" Silence' },
      { id: 9, title: 'Salt, Sand & Sorrow' },
      { id: 40, title: 'Kintsugi' },
    ),
  });
});

// v16 (PostgREST 12 only knew null, true, false and unknown).
test('is.not_null matches what not.is.null matches', async () => {
  const expected = jsonRows(
    { id: 3, original_title: 'La Famiglia di Ferro' },
    { id: 4, original_title: 'La Famiglia di Ferro II' },
    { id: 5, original_title: '紙の狐' },
  );
  for (const filter of ['is.not_null', 'not.is.null']) {
    const res = await server.get(`/films?select=id,original_title&original_title=${filter}&id=lt.6&order=id`);
    assertResponse(res, { status: 200, body: expected });
  }
});

test('is.unknown and isdistinct treat NULL as a value', async () => {
  assertResponse(await server.get('/films?select=id,in_color&in_color=is.unknown'), {
    status: 200,
    body: jsonRows({ id: 31, in_color: null }),
  });
  assertResponse(await server.get('/films?select=id,studio_id&studio_id=isdistinct.2&id=lt.10&order=id'), {
    status: 200,
    body: jsonRows(
      { id: 1, studio_id: 1 },
      { id: 2, studio_id: 1 },
      { id: 5, studio_id: 3 },
      { id: 6, studio_id: 4 },
      { id: 9, studio_id: null },
    ),
  });
});

test('like turns * into %; imatch is a case-insensitive regular expression', async () => {
  assertResponse(await server.get('/films?select=id,title&title=like.*Fox*&order=id'), {
    status: 200,
    body: jsonRows(
      { id: 5, title: 'Paper Foxes' },
      { id: 17, title: 'Paper Foxes Return' },
      { id: 36, title: 'Fox & Crane' },
    ),
  });
  assertResponse(await server.get('/films?select=id,title&title=imatch.^the [a-h]&order=id'), {
    status: 200,
    body: jsonRows({ id: 13, title: 'The Fjord Keeper' }),
  });
});

test('websearch full-text search with a language on a tsvector column', async () => {
  const res = await server.get('/films?select=id,title&plot_tsv=wfts(english).fox -crane&order=id');
  assertResponse(res, {
    status: 200,
    body: jsonRows({ id: 5, title: 'Paper Foxes' }, { id: 17, title: 'Paper Foxes Return' }),
  });
});

// v16: text columns are wrapped in to_tsvector(<language>, col); PostgREST 12 used the database's
// default configuration (english here), which stems "returns" away and finds nothing.
test('full-text search on a text column uses the requested language for the document too', async () => {
  const res = await server.get('/films?select=id,title&plot=fts(simple).returns&order=id');
  assertResponse(res, {
    status: 200,
    body: jsonRows({ id: 17, title: 'Paper Foxes Return' }, { id: 33, title: 'Coastline, Revisited' }),
  });
});

test('array containment, range adjacency and quantified operators', async () => {
  assertResponse(await server.get('/films?select=id,keywords&keywords=cs.{fox,sequel}'), {
    status: 200,
    body: jsonRows({ id: 17, keywords: ['animation', 'fox', 'sequel'] }),
  });
  assertResponse(await server.get('/films?select=id,age_limits&age_limits=adj.[0,6)'), {
    status: 200,
    body: jsonRows({ id: 26, age_limits: '[6,12)' }),
  });
  assertResponse(await server.get('/films?select=id&release_year=gt(all).{2020,2023}&order=id'), {
    status: 200,
    body: jsonRows({ id: 34 }, { id: 35 }, { id: 36 }, { id: 37 }),
  });
  assertResponse(await server.get('/films?select=id&title=not.like(any).{*e*,*a*}'), {
    status: 200,
    body: jsonRows({ id: 40 }),
  });
});

test('-> on jsonb compares JSON values (numbers as numbers)', async () => {
  const res = await server.get('/films?select=id&details->awards->wins=gte.4&order=id');
  assertResponse(res, { status: 200, body: jsonRows({ id: 3 }, { id: 12 }) });
});

test('logic trees nest and/or at the root and inside embeds', async () => {
  assertResponse(
    await server.get(
      '/films?select=id,rating,release_year&or=(and(rating.eq.G,release_year.lt.2000),rating.eq.NC-17)&order=id',
    ),
    {
      status: 200,
      body: jsonRows(
        { id: 2, rating: 'G', release_year: 1962 },
        { id: 5, rating: 'G', release_year: 1971 },
        { id: 27, rating: 'NC-17', release_year: 2021 },
      ),
    },
  );
  assertResponse(
    await server.get(
      '/studios?select=name,films(title)&films.or=(release_year.lt.1960,release_year.gt.2023)&id=in.(1,3)&order=id',
    ),
    {
      status: 200,
      body: jsonRows(
        '{"name":"Lumen Pictures","films":[{"title": "The Long Corridor"}, {"title": "Harbor Lights (Restored)"}]}',
        '{"name":"Kitsune Studio","films":[{"title": "Fox & Crane"}]}',
      ),
    },
  );
});

test('order takes nulls placement and related to-one columns', async () => {
  assertResponse(await server.get('/films?select=id,release_year&order=release_year.desc.nullsfirst,id&limit=3'), {
    status: 200,
    body: jsonRows({ id: 31, release_year: null }, { id: 37, release_year: 2025 }, { id: 34, release_year: 2024 }),
  });
  assertResponse(
    await server.get('/films?select=title,studios(name)&order=studios(name).desc.nullslast,title&limit=3'),
    {
      status: 200,
      body: jsonRows(
        '{"title":"Ghost Frequencies","studios":{"name": "Nordlys Film"}}',
        '{"title":"Midnight Sun Diner","studios":{"name": "Nordlys Film"}}',
        '{"title":"Northern Static","studios":{"name": "Nordlys Film"}}',
      ),
    },
  );
});

test('ordering by a to-many embed is 400 PGRST118', async () => {
  assertResponse(await server.get('/studios?select=name,films(title)&order=films(title)'), {
    status: 400,
    headers: errorHeaders('PGRST118'),
    body: errorJson(
      'PGRST118',
      "A related order on 'films' is not possible",
      "'studios' and 'films' do not form a many-to-one or one-to-one relationship",
    ),
  });
});

test('Content-Range and 206 with an exact count; offset = total is 206, beyond it 416', async () => {
  assertResponse(await server.get('/screenings?select=id&limit=3&offset=117', { Prefer: 'count=exact' }), {
    status: 206,
    headers: readHeaders('117-119/120', { 'preference-applied': 'count=exact' }),
    body: jsonRows({ id: 118 }, { id: 119 }, { id: 120 }),
  });
  assertResponse(await server.get('/screenings?select=id&offset=120', { Prefer: 'count=exact' }), {
    status: 206,
    headers: readHeaders('*/120'),
    body: '[]',
  });
  assertResponse(await server.get('/screenings?select=id&offset=121', { Prefer: 'count=exact' }), {
    status: 416,
    headers: { 'content-range': '*/120' },
    body: errorJson(
      'PGRST103',
      'Requested range not satisfiable',
      'An offset of 121 was requested, but there are only 120 rows.',
    ),
  });
});

test('a Range header pages a GET; a negative limit is 416', async () => {
  assertResponse(await server.get('/screenings?select=id', { Range: '10-12' }), {
    status: 200,
    headers: readHeaders('10-12/*'),
    body: jsonRows({ id: 11 }, { id: 12 }, { id: 13 }),
  });
  assertResponse(await server.get('/screenings?select=id&limit=-2'), {
    status: 416,
    headers: errorHeaders('PGRST103'),
    body: errorJson('PGRST103', 'Requested range not satisfiable', 'Limit should be greater than or equal to zero.'),
  });
});

test('planned counts come from the planner; handling=strict rejects unknown preferences', async () => {
  assertResponse(await server.get('/films?select=id&limit=2', { Prefer: 'count=planned' }), {
    status: 206,
    headers: readHeaders('0-1/40', { 'preference-applied': 'count=planned' }),
    body: jsonRows({ id: 1 }, { id: 2 }),
  });
  assertResponse(await server.get('/films?select=id&limit=2', { Prefer: 'handling=strict, bogus' }), {
    status: 400,
    headers: errorHeaders('PGRST122'),
    body: errorJson('PGRST122', 'Invalid preferences given with handling=strict', 'Invalid preferences: bogus'),
  });
});

test('db-max-rows caps the root and every embedded to-many', async () => {
  const capped = await server.withSettings({ PGRST_DB_MAX_ROWS: '25', PGRST_DB_SCHEMAS: 'api' });
  const root = await capped.get('/screenings?select=id&order=id.desc', { Prefer: 'count=exact' });
  const ids = Array.from({ length: 25 }, (_, i) => ({ id: 120 - i }));
  assertResponse(root, {
    status: 206,
    // A single exposed schema and no profile header: no Content-Profile.
    headers: { 'content-range': '0-24/120', 'content-profile': null },
    body: jsonRows(...ids),
  });
  const embedded = await capped.get('/rooms?select=name,screenings(id)&screenings.order=id&name=eq.Borealis');
  const borealis = Array.from({ length: 25 }, (_, i) => `{"id": ${1 + 4 * i}}`).join(', ');
  assertResponse(embedded, { status: 200, body: jsonRows(`{"name":"Borealis","screenings":[${borealis}]}`) });
});

test('a value that does not fit the column type is 400 22P02 from PostgreSQL', async () => {
  assertResponse(await server.get('/films?select=id&id=eq.abc'), {
    status: 400,
    headers: errorHeaders('22P02'),
    body: errorJson('22P02', 'invalid input syntax for type integer: "abc"'),
  });
});
