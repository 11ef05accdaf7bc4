// Domain representations on reads (PostgREST v11+): api.color is stored as an integer; an implicit
// api.color → json cast renders it as "#rrggbb", an implicit text → api.color cast parses filter
// values in that form (read-schema.sql). Exact bodies: top rows compact, embedded values jsonb text.
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
  server = await startReadServer('restgres_read_domain_representations');
});
after(async () => {
  await server?.stop();
});

test('a selected column is rendered by its domain → json cast, under the column name', async () => {
  const res = await server.get('/swatches?select=id,color,shade:accent&id=lt.3&order=id');
  assertResponse(res, {
    status: 200,
    headers: readHeaders('0-1/*'),
    body: jsonRows({ id: 1, color: '#2e4a3f', shade: '#d4af37' }, { id: 2, color: '#ffbf00', shade: null }),
  });
});

test('select=* (and no select) lists the columns so that the casts apply', async () => {
  const expected = jsonRows({ id: 4, film_id: 5, name: 'Paper white', color: '#f8f8ff', accent: '#ff0000' });
  assertResponse(await server.get('/swatches?id=eq.4'), { status: 200, body: expected });
  assertResponse(await server.get('/swatches?select=*&id=eq.4'), { status: 200, body: expected });
});

test('embedded rows get the same rendering, for named columns and for *', async () => {
  const named = await server.get('/films?select=title,swatches(name,color)&id=in.(1,2)&order=id&swatches.order=id');
  assertResponse(named, {
    status: 200,
    body: jsonRows(
      '{"title":"The Long Corridor","swatches":[{"name": "Corridor green", "color": "#2e4a3f"}, {"name": "Lamp amber", "color": "#ffbf00"}]}',
      '{"title":"Harbor Lights","swatches":[{"name": "Harbor night", "color": "#191970"}]}',
    ),
  });
  const star = await server.get('/films?select=title,swatches(*)&id=eq.5&swatches.order=id');
  assertResponse(star, {
    status: 200,
    body: jsonRows(
      '{"title":"Paper Foxes","swatches":[{"id": 4, "name": "Paper white", "color": "#f8f8ff", "accent": "#ff0000", "film_id": 5}, {"id": 5, "name": "Fox red", "color": "#ff0000", "accent": null, "film_id": 5}]}',
    ),
  });
  const toOne = await server.get('/swatches?select=name,films(title)&id=eq.3');
  assertResponse(toOne, { status: 200, body: jsonRows('{"name":"Harbor night","films":{"title": "Harbor Lights"}}') });
});

test('eq and neq values go through the text → domain cast (with or without #, any case)', async () => {
  const red = jsonRows({ id: 5, name: 'Fox red' });
  assertResponse(await server.get('/swatches?select=id,name&color=eq.ff0000'), { status: 200, body: red });
  assertResponse(await server.get('/swatches?select=id,name&color=eq.%23FF0000'), { status: 200, body: red });
  assertResponse(await server.get('/swatches?select=id&accent=neq.ff0000'), {
    status: 200,
    body: jsonRows({ id: 1 }),
  });
});

test('each element of an in list goes through the cast; counts see the same filter', async () => {
  const res = await server.get('/swatches?select=id&color=in.(ff0000,%232e4a3f,191970)&order=id', {
    Prefer: 'count=exact',
  });
  assertResponse(res, {
    status: 200,
    headers: readHeaders('0-2/3'),
    body: jsonRows({ id: 1 }, { id: 3 }, { id: 5 }),
  });
});

test('a value the cast rejects is the cast function’s error', async () => {
  const res = await server.get('/swatches?color=eq.nothex');
  assertResponse(res, {
    status: 400,
    headers: errorHeaders('22P02'),
    body: errorJson('22P02', '"n" is not a valid hexadecimal digit'),
  });
});

test('the schema cache summary counts the representations', async () => {
  const logged = await server.withSettings({ PGRST_LOG_LEVEL: 'info' });
  await logged.process.waitForLine('stderr', /Schema cache loaded \d+ Relations, .*, 2 Domain Representations, /);
});
