// The eight hot-path scenarios. Each knows its request and how to tell that a server really did
// the work: a server that ignores a filter and answers 200 with the whole table is "not
// available", never counted.
import type { HttpResponse } from '../test/support/http.ts';
import { type DatasetShape, ITEMS_PER_AUTHOR, NOTES_PER_OWNER, noteOwner } from './dataset.ts';
import { signHs256 } from './jwt.ts';
import { type ConcreteRequest, materialize, type RequestTemplate } from './load/request-template.ts';

export interface ProbeContext {
  send(req: ConcreteRequest): Promise<HttpResponse>;
  /** As superuser in the benchmark database. */
  query<R extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
}

export interface Scenario {
  readonly name: string;
  readonly title: string;
  /** What restgres needs to implement for it (shown when not available). */
  readonly needs: string;
  readonly template: RequestTemplate;
  /**
   * The id the availability probe uses (and the SQL capture then looks for among the statement
   * parameters): an unremarkable number that no other parameter is likely to equal.
   */
  readonly probeId: number;
  /** Sends the probe request; null when the answer is right, else why not. Leaves the data as it was. */
  check(ctx: ProbeContext): Promise<string | null>;
  /** Brings the data back to the same state after a measured run (write scenarios). */
  readonly afterRun: ((query: ProbeContext['query']) => Promise<void>) | null;
}

export const BULK_ROWS = 1000;
/** Bearer tokens for the JWT scenario: a few owners, drawn at random per request. */
const JWT_USERS = 100;

const JSON_HEADERS = { 'Content-Type': 'application/json', Prefer: 'return=minimal' };

/** A probe id at a fixed fraction of the range, nudged off numbers other parameters often hold. */
function probeIdFor(max: number): number {
  let id = Math.min(max, Math.floor(max * 0.5432) + 3);
  while ([0, 1, 10, 25, 100, 1000].includes(id) && id < max) id++;
  return id;
}

function jsonBody(res: HttpResponse): unknown {
  try {
    return JSON.parse(res.body);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rowsOf(res: HttpResponse): ReadonlyArray<Record<string, unknown>> | string {
  const body = jsonBody(res);
  if (!Array.isArray(body)) return `the body is not a JSON array (${res.body.slice(0, 80)})`;
  if (!body.every(isRecord)) return 'the body is not an array of objects';
  return body;
}

function statusProblem(res: HttpResponse, expected: ReadonlyArray<number>): string | null {
  if (expected.includes(res.status)) return null;
  const detail = res.body.length > 160 ? `${res.body.slice(0, 160)}…` : res.body;
  return `answers ${res.status}${detail === '' ? '' : `: ${detail}`}`;
}

export function buildScenarios(shape: DatasetShape, jwtSecret: string): ReadonlyArray<Scenario> {
  const itemId = probeIdFor(shape.items);
  const authorId = probeIdFor(shape.authors);
  const owners = Math.min(JWT_USERS, shape.noteOwners);
  const tokens = Array.from({ length: owners }, (_, i) =>
    signHs256({ role: 'web_user', sub: noteOwner(i + 1) }, jwtSecret),
  );
  const bulkBody = JSON.stringify(
    Array.from({ length: BULK_ROWS }, (_, i) => ({ item_id: 1 + (i % shape.items), kind: 'bulk', note: `row ${i}` })),
  );
  const countEvents = async (ctx: ProbeContext) =>
    Number((await ctx.query<{ n: string }>('select count(*) as n from api.events'))[0]?.n ?? 0);
  const truncateEvents = async (query: ProbeContext['query']) => {
    await query('truncate api.events');
  };

  const getOne = (name: string, title: string, needs: string, path: string): Scenario => {
    const template: RequestTemplate = {
      method: 'GET',
      path,
      idMax: shape.items,
      headers: {},
      body: null,
      bearerTokens: [],
    };
    return {
      name,
      title,
      needs,
      template,
      probeId: itemId,
      check: async (ctx) => {
        const res = await ctx.send(materialize(template, itemId, 0));
        const rows = rowsOf(res);
        const problem = statusProblem(res, [200]) ?? (typeof rows === 'string' ? rows : null);
        if (problem !== null || typeof rows === 'string') return problem;
        if (rows.length !== 1 || rows[0]?.id !== itemId)
          return `expected the one row with id ${itemId}, got ${rows.length} rows`;
        return null;
      },
      afterRun: null,
    };
  };

  const embedTemplate: RequestTemplate = {
    method: 'GET',
    path: '/items?select=id,title,price,authors(name,country),reviews(stars,body)&author_id=eq.{id}',
    idMax: shape.authors,
    headers: {},
    body: null,
    bearerTokens: [],
  };
  const countTemplate: RequestTemplate = {
    method: 'GET',
    path: '/items?select=id,title&limit=25',
    idMax: 1,
    headers: { Prefer: 'count=exact' },
    body: null,
    bearerTokens: [],
  };
  const postTemplate: RequestTemplate = {
    method: 'POST',
    path: '/events',
    idMax: 1,
    headers: JSON_HEADERS,
    body: JSON.stringify({ item_id: 42, kind: 'view', note: 'single' }),
    bearerTokens: [],
  };
  const bulkTemplate: RequestTemplate = { ...postTemplate, body: bulkBody };
  const patchTemplate: RequestTemplate = {
    method: 'PATCH',
    path: '/items?id=eq.{id}',
    idMax: shape.items,
    headers: JSON_HEADERS,
    // The dataset's stock is 0..4, so 7 marks exactly the rows a PATCH touched.
    body: JSON.stringify({ stock: 7 }),
    bearerTokens: [],
  };
  const jwtTemplate: RequestTemplate = {
    method: 'GET',
    path: '/notes',
    idMax: 1,
    headers: {},
    body: null,
    bearerTokens: tokens,
  };

  return [
    getOne('get-one', 'GET one row by primary key', 'filters', '/items?select=*&id=eq.{id}'),
    {
      name: 'get-embed',
      title: 'GET 25 rows, to-one + to-many embed',
      needs: 'filters, embeds',
      template: embedTemplate,
      probeId: authorId,
      check: async (ctx) => {
        const res = await ctx.send(materialize(embedTemplate, authorId, 0));
        const rows = rowsOf(res);
        const problem = statusProblem(res, [200]) ?? (typeof rows === 'string' ? rows : null);
        if (problem !== null || typeof rows === 'string') return problem;
        if (rows.length !== ITEMS_PER_AUTHOR) return `expected ${ITEMS_PER_AUTHOR} rows, got ${rows.length}`;
        const ok = rows.every(
          (r) =>
            isRecord(r.authors) &&
            typeof r.authors.name === 'string' &&
            Array.isArray(r.reviews) &&
            r.reviews.length === 2 &&
            !('author_id' in r),
        );
        return ok ? null : 'the rows lack the authors object, the two reviews, or have unselected columns';
      },
      afterRun: null,
    },
    {
      name: 'count-exact',
      title: 'GET 25 rows with Prefer: count=exact',
      needs: 'limit, Prefer: count=exact',
      template: countTemplate,
      probeId: 1,
      check: async (ctx) => {
        const res = await ctx.send(materialize(countTemplate, 1, 0));
        const rows = rowsOf(res);
        const problem = statusProblem(res, [200, 206]) ?? (typeof rows === 'string' ? rows : null);
        if (problem !== null || typeof rows === 'string') return problem;
        const range = res.headers['content-range'];
        if (range !== `0-24/${shape.items}`)
          return `Content-Range is ${range ?? 'missing'}, expected 0-24/${shape.items}`;
        return rows.length === 25 ? null : `expected 25 rows, got ${rows.length}`;
      },
      afterRun: null,
    },
    {
      name: 'post-one',
      title: 'POST one row (return=minimal)',
      needs: 'POST',
      template: postTemplate,
      probeId: 1,
      check: async (ctx) => {
        const before = await countEvents(ctx);
        const res = await ctx.send(materialize(postTemplate, 1, 0));
        const added = (await countEvents(ctx)) - before;
        await truncateEvents(ctx.query);
        return statusProblem(res, [201]) ?? (added === 1 ? null : `inserted ${added} rows, expected 1`);
      },
      afterRun: truncateEvents,
    },
    {
      name: 'post-bulk',
      title: `POST ${BULK_ROWS} rows in one request`,
      needs: 'POST of a JSON array',
      template: bulkTemplate,
      probeId: 1,
      check: async (ctx) => {
        const before = await countEvents(ctx);
        const res = await ctx.send(materialize(bulkTemplate, 1, 0));
        const added = (await countEvents(ctx)) - before;
        await truncateEvents(ctx.query);
        return (
          statusProblem(res, [201]) ?? (added === BULK_ROWS ? null : `inserted ${added} rows, expected ${BULK_ROWS}`)
        );
      },
      afterRun: truncateEvents,
    },
    {
      name: 'patch-one',
      title: 'PATCH one row by primary key',
      needs: 'PATCH, filters',
      template: patchTemplate,
      probeId: itemId,
      check: async (ctx) => {
        const res = await ctx.send(materialize(patchTemplate, itemId, 0));
        const touched = await ctx.query<{ id: number }>('select id from api.items where stock = 7 order by id');
        await ctx.query('update api.items set stock = id % 5 where stock = 7');
        const problem = statusProblem(res, [200, 204]);
        if (problem !== null) return problem;
        const ids = touched.map((r) => r.id);
        return ids.length === 1 && ids[0] === itemId ? null : `updated ${ids.length} rows, expected only id ${itemId}`;
      },
      // Updates leave dead rows behind; vacuum so that every run finds the same table.
      afterRun: async (query) => {
        await query('update api.items set stock = id % 5 where stock = 7');
        await query('vacuum api.items');
      },
    },
    getOne('rpc', 'GET /rpc/get_item (stable SQL function)', 'RPC', '/rpc/get_item?item_id={id}'),
    {
      name: 'jwt-rls',
      title: 'GET with a JWT (HS256), row-level security',
      needs: 'JWT',
      template: jwtTemplate,
      probeId: 1,
      check: async (ctx) => {
        const res = await ctx.send(materialize(jwtTemplate, 1, 0));
        const rows = rowsOf(res);
        const problem = statusProblem(res, [200]) ?? (typeof rows === 'string' ? rows : null);
        if (problem !== null || typeof rows === 'string') return problem;
        const owner = noteOwner(1);
        if (rows.length !== NOTES_PER_OWNER || !rows.every((r) => r.owner === owner)) {
          return `expected the ${NOTES_PER_OWNER} notes of ${owner} only, got ${rows.length} rows`;
        }
        return null;
      },
      afterRun: null,
    },
  ];
}
