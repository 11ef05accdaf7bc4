// SQL injection attempts through every part of a read request: names (paths, columns, quoted keys,
// embed hints), values (filters, lists, logic trees, full-text queries), JSON paths, casts and
// headers. Each must come back as plain data or a 4xx error that shows the text was handled as a
// name or a value, never a 500, never a syntax error from text that reached the SQL, and never a
// side effect: a canary table survives and injected pg_sleep calls never run.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertResponse, errorJson, jsonRows, type ReadServer, startReadServer } from './read-server.ts';

let server: ReadServer;
before(async () => {
  server = await startReadServer('restgres_read_injection');
  // Created after restgres loaded its schema cache: only a statement that escaped the request's
  // own SQL could touch it.
  await server.db.query('create table api.injection_canary (id int); insert into api.injection_canary values (1)');
  await server.get('/films?select=id&limit=1'); // warm the pool: timings below measure the request alone
});
after(async () => {
  await server?.stop();
});

const DROP = 'drop table api.injection_canary';
// `;` is a query-string separator for PostgREST (as `&` is), so payloads spell it %3B to keep it
// inside one parameter.
const SEMI = '%3B';
// An injected pg_sleep(3) that ran would take this long at least.
const SLEEP_MS = 2500;

interface InjectionCase {
  readonly name: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly status: number;
  readonly body: string;
}

const CASES: readonly InjectionCase[] = [
  // names
  {
    name: 'a quoted column name is one identifier',
    path: `/films?select=id,"title${SEMI} ${DROP}${SEMI} --"&id=eq.1`,
    status: 400,
    body: errorJson('42703', `column films.title; ${DROP}; -- does not exist`),
  },
  {
    name: 'an escaped quote stays inside the identifier',
    path: '/films?select=id,"ti\\"tle"&id=eq.1',
    status: 400,
    body: errorJson(
      '42703',
      'column films.ti"tle does not exist',
      null,
      'Perhaps you meant to reference the column "films.title".',
    ),
  },
  {
    name: 'a relation name in the path',
    path: `/films${SEMI}${DROP.replaceAll(' ', '%20')}`,
    status: 404,
    body: errorJson('PGRST205', `Could not find the table 'api.films;${DROP}' in the schema cache`),
  },
  {
    name: 'a quoted filter key',
    path: `/films?select=id&"id\\"${SEMI} ${DROP}${SEMI} --"=eq.1`,
    status: 400,
    body: errorJson('42703', `column films.id"; ${DROP}; -- does not exist`),
  },
  {
    name: 'an order column',
    path: `/films?select=id&order="id${SEMI}drop".desc`,
    status: 400,
    body: errorJson('42703', 'column films.id;drop does not exist'),
  },
  {
    name: 'an embed hint',
    path: `/films?select=id,studios!"x${SEMI}drop"(name)&id=eq.1`,
    status: 400,
    body: errorJson(
      'PGRST200',
      "Could not find a relationship between 'films' and 'studios' in the schema cache",
      "Searched for a foreign key relationship between 'films' and 'studios' using the hint 'x;drop' in the schema 'api', but no matches were found.",
    ),
  },
  // values
  {
    name: 'a quote in an eq value',
    path: `/films?select=id&title=eq.'${SEMI} ${DROP}${SEMI} --`,
    status: 200,
    body: '[]',
  },
  {
    name: 'a classic or-1=1 in a like pattern',
    path: "/films?select=id&title=like.*' or '1'='1",
    status: 200,
    body: '[]',
  },
  {
    name: 'string concatenation with pg_sleep in a value',
    path: "/films?select=id&title=eq.x'||pg_sleep(3)||'",
    status: 200,
    body: '[]',
  },
  {
    name: 'a closing parenthesis in an integer value',
    path: '/films?select=id&id=eq.1) or (1=1',
    status: 400,
    body: errorJson('22P02', 'invalid input syntax for type integer: "1) or (1=1"'),
  },
  {
    name: 'trailing statements after an in list are not part of the list',
    path: `/films?select=id&id=in.(1)${SEMI}${DROP}`,
    status: 200,
    body: jsonRows({ id: 1 }),
  },
  {
    name: 'a quoted in-list element that closes a parenthesis',
    path: `/films?select=id&title=in.("x'),('y")`,
    status: 200,
    body: '[]',
  },
  {
    name: 'a quoted logic-tree value that tries to close the tree',
    path: `/films?select=id&or=(title.eq."x')${SEMI}${DROP}${SEMI}--",id.eq.1)`,
    status: 200,
    body: jsonRows({ id: 1 }),
  },
  {
    name: 'an array literal element with a quote and a statement',
    path: `/films?select=id&keywords=ov.{x'${SEMI}drop}`,
    status: 200,
    body: '[]',
  },
  {
    name: 'a full-text query is parsed by to_tsquery, not by SQL',
    path: "/films?select=id&plot_tsv=fts(english).fox') or ('1'='1",
    status: 400,
    body: errorJson('42601', `syntax error in tsquery: "fox') or ('1'='1"`),
  },
  {
    name: 'a full-text language is a name, never SQL',
    path: `/films?select=id&plot_tsv=fts(english'${SEMI}drop).fox`,
    status: 400,
    body: JSON.stringify({
      code: 'PGRST100',
      details: `unexpected "'" expecting operator (eq, gt, ...)`,
      hint: null,
      message: `"failed to parse filter (fts(english';drop).fox)" (line 1, column 12)`,
    }),
  },
  {
    name: 'a limit that is not an integer is ignored',
    path: `/films?select=id&limit=1${SEMI}drop&id=lt.3`,
    status: 200,
    body: jsonRows({ id: 1 }, { id: 2 }),
  },
  // JSON paths
  {
    name: 'a quote in a JSON key of a filter',
    path: "/films?select=id&details->>a'b=eq.1",
    status: 200,
    body: '[]',
  },
  {
    name: 'a statement in a JSON key of a filter',
    path: `/films?select=id&details->>x'${SEMI}${DROP}${SEMI}--=eq.1`,
    status: 200,
    body: '[]',
  },
  {
    name: 'a quote in a JSON key of the select list becomes the alias',
    path: `/films?select=id,details->0'${SEMI}x&id=eq.1`,
    status: 200,
    body: jsonRows(`{"id":1,"0';x":null}`),
  },
  {
    name: 'a quote in a JSON key of the order',
    path: `/films?select=id&order=details->>x'${SEMI}drop.desc&limit=1`,
    status: 200,
    body: jsonRows({ id: 1 }),
  },
  // casts
  {
    name: 'a statement after a cast',
    path: `/films?select=id::text${SEMI}${DROP}&id=eq.1`,
    status: 400,
    body: JSON.stringify({
      code: 'PGRST100',
      details: `unexpected ';' expecting letter, digit, ".", "::", ")", "," or end of input`,
      hint: null,
      message: `"failed to parse select parameter (id::text;${DROP})" (line 1, column 9)`,
    }),
  },
  {
    name: 'a quoted cast type',
    path: '/films?select=id::"text"',
    status: 400,
    body: JSON.stringify({
      code: 'PGRST100',
      details: 'unexpected "\\"" expecting letter or digit',
      hint: null,
      message: '"failed to parse select parameter (id::"text")" (line 1, column 5)',
    }),
  },
  // headers
  {
    name: 'a profile header',
    path: '/films?select=id&id=eq.1',
    headers: { 'Accept-Profile': `api"; ${DROP}; --` },
    status: 406,
    body: errorJson(
      'PGRST106',
      `Invalid schema: api"; ${DROP}; --`,
      null,
      'Only the following schemas are exposed: api, archive',
    ),
  },
  {
    name: 'a Prefer header',
    path: '/films?select=id&id=eq.1',
    headers: { Prefer: `count=exact; ${DROP}` },
    status: 200,
    body: jsonRows({ id: 1 }),
  },
  {
    name: 'a Range header',
    path: '/films?select=id&id=lt.3',
    headers: { Range: `0-0; ${DROP}` },
    status: 200,
    body: jsonRows({ id: 1 }, { id: 2 }),
  },
  {
    name: 'an Accept header',
    path: '/films?select=id&id=eq.1',
    // v16 reads the media type as a prefix (`text/csv`) and ignores the rest; v12 answered 415.
    headers: { Accept: `text/csv'; ${DROP}` },
    status: 200,
    body: 'id\n1',
  },
];

for (const c of CASES) {
  test(`injection through ${c.name} is handled as data`, async () => {
    const started = performance.now();
    const res = await server.get(c.path, c.headers);
    const elapsed = performance.now() - started;
    assertResponse(res, { status: c.status, body: c.body });
    assert.ok(elapsed < SLEEP_MS, `took ${Math.round(elapsed)} ms: did an injected pg_sleep run?`);
  });
}

// PostgREST 12 splices cast types into the SQL text (so that `double precision` works) and answers
// 42601 for `int4 from api`; restgres never puts request text into SQL, so the same request can
// only fail as an unknown type or a parse error.
test('a cast type with SQL keywords never reaches the SQL text', async () => {
  for (const cast of ['int4 from api', 'text collate C', 'int4 union select 1']) {
    const res = await server.get(`/films?select=id::${cast}&id=eq.1`);
    const code: unknown = (JSON.parse(res.body) as { code?: unknown }).code;
    assert.equal(res.status, 400, `${cast}: ${res.body}`);
    assert.ok(code === '42704' || code === 'PGRST100', `${cast}: ${res.body}`);
  }
});

test('no injected statement ran: the canary table and the fixture are intact', async () => {
  assert.deepEqual(await server.db.query('select id from api.injection_canary'), [{ id: 1 }]);
  assert.deepEqual(await server.db.query('select count(*)::int as n from api.films'), [{ n: 40 }]);
});
