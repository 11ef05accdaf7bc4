// Reads against the read fixture: media types (JSON, singular object, stripped nulls, CSV),
// content negotiation, profiles, HEAD and OPTIONS, and the shape of read errors (v16 codes,
// wording and headers).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  assertResponse,
  errorHeaders,
  errorJson,
  JSON_TYPE,
  jsonRows,
  type ReadServer,
  readHeaders,
  startReadServer,
} from './read-server.ts';

let server: ReadServer;
before(async () => {
  server = await startReadServer('restgres_read_media_errors');
});
after(async () => {
  await server?.stop();
});

test('CSV quotes text, doubles inner quotes and leaves NULL empty; arrays keep PostgreSQL text form', async () => {
  const res = await server.get('/people?select=id,name,nicknames,bio&id=in.(10,11,19,27)&order=id', {
    Accept: 'text/csv',
  });
  assertResponse(res, {
    status: 200,
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-range': '0-3/*' },
    body: [
      'id,name,nicknames,bio',
      '10,"Jamal ""Jay"" Okafor","{Jay,J.O.}","Producer; (mostly) indie."',
      `11,"Kate O'Hara",{Katie},"Irish, with a 'wry' humour."`,
      '19,"Whitaker, Sam Jr.",,"Name sorted ""last, first""."',
      '27,"Anonymous Extra",,',
    ].join('\n'),
  });
});

test('CSV renders embeds as JSON text, and an empty result as a lone newline', async () => {
  assertResponse(
    await server.get('/films?select=id,title,studios(name)&id=in.(9,36)&order=id', { Accept: 'text/csv' }),
    {
      status: 200,
      body: 'id,title,studios\n9,"Salt, Sand & Sorrow",\n36,"Fox & Crane","{""name"": ""Kitsune Studio""}"',
    },
  );
  assertResponse(await server.get('/films?select=id&id=eq.999', { Accept: 'text/csv' }), {
    status: 200,
    headers: { 'content-range': '*/*' },
    body: '\n',
  });
});

test('vnd.pgrst.object+json returns the single row as an object', async () => {
  const res = await server.get('/films?select=id,title,original_title&id=eq.40', {
    Accept: 'application/vnd.pgrst.object+json',
  });
  assertResponse(res, {
    status: 200,
    headers: { 'content-type': 'application/vnd.pgrst.object+json; charset=utf-8', 'content-range': '0-0/*' },
    body: '{"id":40,"title":"Kintsugi","original_title":"金継ぎ"}',
  });
});

// v16 wording; PostgREST 12 said "JSON object requested, multiple (or no) rows returned".
test('vnd.pgrst.object+json with several rows is 406 PGRST116', async () => {
  const res = await server.get('/films?select=id&id=lt.3', { Accept: 'application/vnd.pgrst.object+json' });
  assertResponse(res, {
    status: 406,
    headers: errorHeaders('PGRST116'),
    body: errorJson('PGRST116', 'Cannot coerce the result to a single JSON object', 'The result contains 2 rows'),
  });
});

test('nulls=stripped drops null members, nested ones too, and compacts the array', async () => {
  const res = await server.get('/films?select=id,title,original_title,details&id=in.(1,31)&order=id', {
    Accept: 'application/vnd.pgrst.array+json;nulls=stripped',
  });
  assertResponse(res, {
    status: 200,
    headers: { 'content-type': 'application/vnd.pgrst.array+json;nulls=stripped; charset=utf-8' },
    body:
      '[{"id":1,"title":"The Long Corridor","details":{"awards":{"wins":2,"nominations":["Best Picture","Best Director"]},"format":{"film":"35mm","ratio":"1.37:1"},"scores":[8.1,7.9,8.4],"tagline":"Every door leads back.","languages":["en"]}},' +
      '{"id":31,"title":"Untitled Project","details":{}}]',
  });
});

test('Accept is sorted by q: the best available type wins', async () => {
  const res = await server.get('/films?select=id&id=eq.1', {
    Accept: 'text/csv;q=0.2, application/vnd.pgrst.object+json;q=0.9, application/json;q=0.5',
  });
  assertResponse(res, {
    status: 200,
    headers: { 'content-type': 'application/vnd.pgrst.object+json; charset=utf-8' },
    body: '{"id":1}',
  });
});

// v16: 406 (PostgREST 12.0 answered 415).
test('an Accept with no available type is 406 PGRST107', async () => {
  assertResponse(await server.get('/films?select=id', { Accept: 'text/plain, text/*' }), {
    status: 406,
    headers: errorHeaders('PGRST107'),
    body: errorJson('PGRST107', 'None of these media types are available: text/plain, text/*'),
  });
});

test('Accept-Profile switches the schema and is echoed in Content-Profile', async () => {
  const res = await server.get('/films?select=id,title&order=id&limit=2', { 'Accept-Profile': 'archive' });
  assertResponse(res, {
    status: 200,
    headers: readHeaders('0-1/*', { 'content-profile': 'archive' }),
    body: jsonRows({ id: 1, title: 'Reel Zero' }, { id: 2, title: 'The Lost Negative' }),
  });
});

// v16 wording; PostgREST 12 said "The schema must be one of the following: api, archive".
test('an unknown profile is 406 PGRST106 naming the exposed schemas', async () => {
  assertResponse(await server.get('/films', { 'Accept-Profile': 'internal' }), {
    status: 406,
    headers: errorHeaders('PGRST106'),
    body: errorJson(
      'PGRST106',
      'Invalid schema: internal',
      null,
      'Only the following schemas are exposed: api, archive',
    ),
  });
});

test('HEAD answers the headers of the GET without a body or Content-Length', async () => {
  const res = await server.request('HEAD', '/films?select=id&limit=5', { Prefer: 'count=exact' });
  assertResponse(res, {
    status: 206,
    headers: readHeaders('0-4/40', { 'content-length': null, 'preference-applied': 'count=exact' }),
    body: '',
  });
});

test('GET responses carry the exact Content-Length of their body', async () => {
  const res = await server.get('/films?select=title&id=eq.30');
  const body = '[{"title":"Zoë\'s Camera 🎥"}]';
  assertResponse(res, { status: 200, headers: { 'content-length': String(Buffer.byteLength(body)) }, body });
});

test('OPTIONS lists the methods the relation allows', async () => {
  assertResponse(await server.request('OPTIONS', '/films'), {
    status: 200,
    headers: {
      allow: 'OPTIONS,GET,HEAD,POST,PUT,PATCH,DELETE',
      'access-control-allow-origin': '*',
      'content-length': '0',
      'content-type': null,
      vary: 'Accept, Prefer, Range',
    },
    body: '',
  });
  assertResponse(await server.request('OPTIONS', '/film_overview'), {
    status: 200,
    headers: { allow: 'OPTIONS,GET,HEAD' },
  });
});

// v16: PGRST205 from the schema cache (PostgREST 12 ran the query and forwarded 42P01).
test('an unknown relation is 404 PGRST205, with a hint only for a close name', async () => {
  assertResponse(await server.get('/film'), {
    status: 404,
    headers: errorHeaders('PGRST205'),
    body: errorJson(
      'PGRST205',
      "Could not find the table 'api.film' in the schema cache",
      null,
      "Perhaps you meant the table 'api.films'",
    ),
  });
  assertResponse(await server.get('/xyzzy'), {
    status: 404,
    body: errorJson('PGRST205', "Could not find the table 'api.xyzzy' in the schema cache"),
  });
});

test('a path below a relation is 404 PGRST125', async () => {
  assertResponse(await server.get('/films/1'), {
    status: 404,
    headers: errorHeaders('PGRST125'),
    body: errorJson('PGRST125', 'Invalid path specified in request URL'),
  });
});

test('reading without privilege as the anonymous role is 401 with WWW-Authenticate', async () => {
  const res = await server.get('/payroll');
  assertResponse(res, {
    status: 401,
    headers: errorHeaders('42501', { 'www-authenticate': 'Bearer' }),
    body: errorJson('42501', 'permission denied for table payroll'),
  });
  // Error bodies are compact JSON with the keys in alphabetical order.
  assert.deepEqual(Object.keys(JSON.parse(res.body) as object), ['code', 'details', 'hint', 'message']);
  assert.equal(res.headers['content-type'], JSON_TYPE);
});

test('a write to the root is 405 PGRST117', async () => {
  const res = await server.request('DELETE', '/');
  assertResponse(res, {
    status: 405,
    headers: errorHeaders('PGRST117'),
    body: errorJson('PGRST117', 'Unsupported HTTP method: DELETE'),
  });
});
