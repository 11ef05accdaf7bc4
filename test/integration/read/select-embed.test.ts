// Reads against the read fixture: the select grammar (aliases, casts, JSON paths, computed columns)
// and embedding (every relationship kind, hints, !inner, empty embeds, spreads). Exact bodies: top
// rows are compact, embedded values are jsonb text (a space after `:` and `,`, shorter keys first).
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
  server = await startReadServer('restgres_read_select_embed');
});
after(async () => {
  await server?.stop();
});

test('aliases and casts rename and convert columns; Content-Location is the canonical query', async () => {
  const res = await server.get('/films?select=id,name:title,year:release_year::text&id=in.(1,8)&order=id');
  assertResponse(res, {
    status: 200,
    headers: readHeaders('0-1/*', {
      'content-location': '/films?id=in.%281%2C8%29&order=id&select=id%2Cname%3Atitle%2Cyear%3Arelease_year%3A%3Atext',
    }),
    body: jsonRows(
      { id: 1, name: 'The Long Corridor', year: '1958' },
      { id: 8, name: 'The "White" Silence', year: '1999' },
    ),
  });
});

test('JSON paths are aliased to their last key; ->> gives text, -> keeps JSON, negative indexes count from the end', async () => {
  const res = await server.get(
    '/films?select=id,tagline:details->>tagline,details->awards->wins,details->scores->-1&id=in.(1,5,31)&order=id',
  );
  assertResponse(res, {
    status: 200,
    headers: readHeaders('0-2/*'),
    body: jsonRows(
      { id: 1, tagline: 'Every door leads back.', wins: 2, scores: 8.4 },
      { id: 5, tagline: '紙は生きている', wins: 1, scores: 8.6 },
      { id: 31, tagline: null, wins: null, scores: null },
    ),
  });
});

test('json (not jsonb) columns come back byte for byte, whitespace and key order included', async () => {
  const res = await server.get('/films?select=id,trivia,trivia->>z_last&id=in.(1,3)&order=id');
  assertResponse(res, {
    status: 200,
    body: jsonRows(
      '{"id":1,"trivia":{"z_last": 1, "a_first": {"nested": [1, 2, {"deep": true}]}},"z_last":"1"}',
      '{"id":3,"trivia":{ "spaces" :  "kept",  "n": 3 },"z_last":null}',
    ),
  });
});

test('arrows on composite and array columns go through to_jsonb', async () => {
  const res = await server.get('/films?select=id,box_office->>currency,keywords->0&id=eq.5');
  assertResponse(res, { status: 200, body: jsonRows({ id: 5, currency: 'JPY', keywords: 'animation' }) });
});

test('computed columns can be selected and filtered like columns', async () => {
  const res = await server.get('/films?select=id,full_title,decade&full_title=like.*(2024)&order=id');
  assertResponse(res, {
    status: 200,
    body: jsonRows(
      { id: 34, full_title: 'Harbor Lights (Restored) (2024)', decade: 2020 },
      { id: 35, full_title: 'The Quiet Heir (2024)', decade: 2020 },
      { id: 36, full_title: 'Fox & Crane (2024)', decade: 2020 },
    ),
  });
});

test('many-to-one embeds are objects (null without a parent row), nested as jsonb', async () => {
  const res = await server.get('/films?select=title,studios(name,countries(name))&id=in.(9,13)&order=id');
  assertResponse(res, {
    status: 200,
    body: jsonRows(
      '{"title":"Salt, Sand & Sorrow","studios":null}',
      '{"title":"The Fjord Keeper","studios":{"name": "Nordlys Film", "countries": {"name": "Norge"}}}',
    ),
  });
});

test('one-to-many embeds are arrays ([] when empty) and take their own order', async () => {
  const res = await server.get('/studios?select=name,films(title)&films.order=release_year&id=in.(5,8)&order=id');
  assertResponse(res, {
    status: 200,
    body: jsonRows(
      '{"name":"Nordlys Film","films":[{"title": "Northern Static"}, {"title": "Ghost Frequencies"}, {"title": "The Fjord Keeper"}, {"title": "Midnight Sun Diner"}]}',
      '{"name":"Indie Collective","films":[]}',
    ),
  });
});

test('many-to-many embeds go through a junction whose foreign keys form its primary key', async () => {
  const res = await server.get('/films?select=title,genres(name)&genres.order=name&id=eq.1');
  assertResponse(res, {
    status: 200,
    body: jsonRows('{"title":"The Long Corridor","genres":[{"name": "Film-Noir"}, {"name": "Thriller"}]}'),
  });
});

test('one-to-one embeds are objects in both directions; jsonb puts shorter keys first', async () => {
  const res = await server.get('/films?select=title,film_posters(width,height)&id=in.(1,2)&order=id');
  assertResponse(res, {
    status: 200,
    body: jsonRows(
      '{"title":"The Long Corridor","film_posters":{"width": 1000, "height": 1500}}',
      '{"title":"Harbor Lights","film_posters":null}',
    ),
  });
});

test('self-references: the column as target gives the parent, the column as hint gives the children', async () => {
  const res = await server.get(
    '/people?select=name,mentor:mentor_id(name),mentees:people!mentor_id(name)&id=in.(3,27)&order=id',
  );
  assertResponse(res, {
    status: 200,
    body: jsonRows(
      '{"name":"丸山千代","mentor":{"name": "Ada Brennan"},"mentees":[{"name": "박혜진"}, {"name": "Mei-Ling Chou"}, {"name": "Yuki Tanaka"}]}',
      '{"name":"Anonymous Extra","mentor":null,"mentees":[]}',
    ),
  });
});

test('composite foreign keys embed through every column pair', async () => {
  const res = await server.get('/edition_reviews?select=stars,editions(format,films(title))&id=in.(3,6)&order=id');
  assertResponse(res, {
    status: 200,
    body: jsonRows(
      '{"stars":2,"editions":{"films": {"title": "The Long Corridor"}, "format": "DVD"}}',
      '{"stars":5,"editions":{"films": {"title": "Paper Foxes"}, "format": "Blu-ray"}}',
    ),
  });
});

test('a view over a view inherits its base table foreign keys', async () => {
  const res = await server.get(
    '/classic_films?select=title,director:people!films_director_fk(name)&release_year=gt.1975&order=id',
  );
  assertResponse(res, {
    status: 200,
    body: jsonRows(
      '{"title":"The Iron Family, Part II","director":{"name": "Bruno Castellan"}}',
      '{"title":"Winter Ledger","director":{"name": "Dmitri Volkov"}}',
    ),
  });
});

test('computed relationships embed like foreign keys; ROWS 1 makes them to-one', async () => {
  const res = await server.get(
    '/films?select=title,lead_actor(name),people!film_cast(name)&people.order=name&id=eq.12',
  );
  assertResponse(res, {
    status: 200,
    body: jsonRows(
      '{"title":"Night Garden","people":[{"name": "Chris Park"}, {"name": "Priya Raman"}],"lead_actor":{"name": "Chris Park"}}',
    ),
  });
});

test('two foreign keys and a junction to the same table are ambiguous: 300 PGRST201 lists them', async () => {
  const res = await server.get('/films?select=title,people(name)&id=eq.1');
  assertResponse(res, {
    status: 300,
    headers: errorHeaders('PGRST201'),
    body: JSON.stringify({
      code: 'PGRST201',
      details: [
        {
          cardinality: 'many-to-one',
          embedding: 'films with people',
          relationship: 'films_director_fk using films(director_id) and people(id)',
        },
        {
          cardinality: 'many-to-one',
          embedding: 'films with people',
          relationship: 'films_producer_fk using films(producer_id) and people(id)',
        },
        {
          cardinality: 'many-to-many',
          embedding: 'films with people',
          relationship: 'film_cast using film_cast_film_id_fkey(film_id) and film_cast_person_id_fkey(person_id)',
        },
      ],
      hint: "Try changing 'people' to one of the following: 'people!films_director_fk', 'people!films_producer_fk', 'people!film_cast'. Find the desired relationship in the 'details' key.",
      message: "Could not embed because more than one relationship was found for 'films' and 'people'",
    }),
  });
});

test('an unknown embed is 400 PGRST200 with a fuzzy suggestion', async () => {
  const res = await server.get('/films?select=title,nope(*)');
  assertResponse(res, {
    status: 400,
    headers: errorHeaders('PGRST200'),
    body: errorJson(
      'PGRST200',
      "Could not find a relationship between 'films' and 'nope' in the schema cache",
      "Searched for a foreign key relationship between 'films' and 'nope' in the schema 'api', but no matches were found.",
      "Perhaps you meant 'people' instead of 'nope'.",
    ),
  });
});

test('!inner drops parents without a matching embedded row', async () => {
  const res = await server.get('/films?select=title,studios!inner(name)&studios.country_code=eq.NO&order=id');
  assertResponse(res, {
    status: 200,
    body: jsonRows(
      '{"title":"Northern Static","studios":{"name": "Nordlys Film"}}',
      '{"title":"Ghost Frequencies","studios":{"name": "Nordlys Film"}}',
      '{"title":"The Fjord Keeper","studios":{"name": "Nordlys Film"}}',
      '{"title":"Midnight Sun Diner","studios":{"name": "Nordlys Film"}}',
    ),
  });
});

test('an empty embed filtered with is.null is an anti-join and adds no key', async () => {
  const res = await server.get('/films?select=title,film_posters()&film_posters=is.null&id=lt.5&order=id');
  assertResponse(res, {
    status: 200,
    body: jsonRows({ title: 'Harbor Lights' }, { title: 'The Iron Family, Part II' }),
  });
});

test('to-one spreads lift the embedded columns into the parent, nested spreads too', async () => {
  const res = await server.get(
    '/films?select=title,...studios(studio:name,...countries(country:name))&id=in.(5,9)&order=id',
  );
  assertResponse(res, {
    status: 200,
    body: jsonRows(
      { title: 'Paper Foxes', studio: 'Kitsune Studio', country: 'Japan' },
      { title: 'Salt, Sand & Sorrow', studio: null, country: null },
    ),
  });
});

// v16 (PostgREST 12 refused this with PGRST119).
test('to-many spreads turn each column into an array ordered by the embed order', async () => {
  const res = await server.get('/studios?select=name,...films(title)&films.order=title&id=eq.5');
  assertResponse(res, {
    status: 200,
    body: jsonRows(
      '{"name":"Nordlys Film","title":["Ghost Frequencies", "Midnight Sun Diner", "Northern Static", "The Fjord Keeper"]}',
    ),
  });
});
